//! An independent, more precise new-moon computation used as an arbiter in tests:
//! Jean Meeus, *Astronomical Algorithms* (2nd ed., 1998), chapter 49 (all periodic terms and
//! the 14 planetary arguments, accurate to well under a minute), with ΔT from the
//! Espenak–Meeus (2006) polynomials. Not used by the library.

#![allow(dead_code)]

use std::f64::consts::PI;

fn delta_t_seconds(year: f64) -> f64 {
    let y = year;
    if y < 1920.0 {
        let t = y - 1900.0;
        -2.79 + 1.494119 * t - 0.0598939 * t * t + 0.0061966 * t.powi(3) - 0.000197 * t.powi(4)
    } else if y < 1941.0 {
        let t = y - 1920.0;
        21.20 + 0.84493 * t - 0.076100 * t * t + 0.0020936 * t.powi(3)
    } else if y < 1961.0 {
        let t = y - 1950.0;
        29.07 + 0.407 * t - t * t / 233.0 + t.powi(3) / 2547.0
    } else if y < 1986.0 {
        let t = y - 1975.0;
        45.45 + 1.067 * t - t * t / 260.0 - t.powi(3) / 718.0
    } else if y < 2005.0 {
        let t = y - 2000.0;
        63.86 + 0.3345 * t - 0.060374 * t * t
            + 0.0017275 * t.powi(3)
            + 0.000651814 * t.powi(4)
            + 0.00002373599 * t.powi(5)
    } else if y < 2050.0 {
        let t = y - 2000.0;
        62.92 + 0.32217 * t + 0.005589 * t * t
    } else if y < 2150.0 {
        let u = (y - 1820.0) / 100.0;
        -20.0 + 32.0 * u * u - 0.5628 * (2150.0 - y)
    } else {
        let u = (y - 1820.0) / 100.0;
        -20.0 + 32.0 * u * u
    }
}

/// Julian day (UT) of the new moon with Meeus's index k (k = 0 near 2000-01-06).
pub fn new_moon_ut(k: i64) -> f64 {
    let k = k as f64;
    let t = k / 1236.85;
    let (t2, t3, t4) = (t * t, t * t * t, t * t * t * t);
    let dr = PI / 180.0;
    let jde =
        2451550.09766 + 29.530588861 * k + 0.00015437 * t2 - 0.000000150 * t3 + 0.00000000073 * t4;
    let e = 1.0 - 0.002516 * t - 0.0000074 * t2;
    let m = (2.5534 + 29.10535670 * k - 0.0000014 * t2 - 0.00000011 * t3) * dr;
    let mp =
        (201.5643 + 385.81693528 * k + 0.0107582 * t2 + 0.00001238 * t3 - 0.000000058 * t4) * dr;
    let f =
        (160.7108 + 390.67050284 * k - 0.0016118 * t2 - 0.00000227 * t3 + 0.000000011 * t4) * dr;
    let om = (124.7746 - 1.56375588 * k + 0.0020672 * t2 + 0.00000215 * t3) * dr;
    let s = f64::sin;
    let mut c = -0.40720 * s(mp)
        + 0.17241 * e * s(m)
        + 0.01608 * s(2.0 * mp)
        + 0.01039 * s(2.0 * f)
        + 0.00739 * e * s(mp - m)
        - 0.00514 * e * s(mp + m)
        + 0.00208 * e * e * s(2.0 * m)
        - 0.00111 * s(mp - 2.0 * f)
        - 0.00057 * s(mp + 2.0 * f)
        + 0.00056 * e * s(2.0 * mp + m)
        - 0.00042 * s(3.0 * mp)
        + 0.00042 * e * s(m + 2.0 * f)
        + 0.00038 * e * s(m - 2.0 * f)
        - 0.00024 * e * s(2.0 * mp - m)
        - 0.00017 * s(om)
        - 0.00007 * s(mp + 2.0 * m)
        + 0.00004 * s(2.0 * mp - 2.0 * f)
        + 0.00004 * s(3.0 * m)
        + 0.00003 * s(mp + m - 2.0 * f)
        + 0.00003 * s(2.0 * mp + 2.0 * f)
        - 0.00003 * s(mp + m + 2.0 * f)
        + 0.00003 * s(mp - m + 2.0 * f)
        - 0.00002 * s(mp - m - 2.0 * f)
        - 0.00002 * s(3.0 * mp + m)
        + 0.00002 * s(4.0 * mp);
    let a = [
        (299.77 + 0.107408 * k - 0.009173 * t2, 0.000325),
        (251.88 + 0.016321 * k, 0.000165),
        (251.83 + 26.651886 * k, 0.000164),
        (349.42 + 36.412478 * k, 0.000126),
        (84.66 + 18.206239 * k, 0.000110),
        (141.74 + 53.303771 * k, 0.000062),
        (207.14 + 2.453732 * k, 0.000060),
        (154.84 + 7.306860 * k, 0.000056),
        (34.52 + 27.261239 * k, 0.000047),
        (207.19 + 0.121824 * k, 0.000042),
        (291.34 + 1.844379 * k, 0.000040),
        (161.72 + 24.198154 * k, 0.000037),
        (239.56 + 25.513099 * k, 0.000035),
        (331.55 + 3.592518 * k, 0.000023),
    ];
    for (arg, coef) in a {
        c += coef * s(arg * dr);
    }
    let jde = jde + c;
    let year = 2000.0 + (jde - 2451545.0) / 365.25;
    jde - delta_t_seconds(year) / 86400.0
}

/// The new moon (UT Julian day) nearest to Julian day `jd`.
pub fn nearest_new_moon_ut(jd: f64) -> f64 {
    let k = ((jd - 2451550.09766) / 29.530588861).round() as i64;
    let mut best = new_moon_ut(k);
    for kk in [k - 1, k + 1] {
        let nm = new_moon_ut(kk);
        if (nm - jd).abs() < (best - jd).abs() {
            best = nm;
        }
    }
    best
}

/// Local day number (Julian day number) of an instant in a zone `tz` hours east of UT.
pub fn local_day(jd_ut: f64, tz: f64) -> i64 {
    (jd_ut + 0.5 + tz / 24.0).floor() as i64
}

/// Minutes between an instant and the nearest local midnight (to judge close calls).
pub fn minutes_from_midnight(jd_ut: f64, tz: f64) -> f64 {
    let x = jd_ut + 0.5 + tz / 24.0;
    let frac = x - x.floor();
    frac.min(1.0 - frac) * 1440.0
}

/// The local day (Julian day number) on which the lunar month containing local day `day`
/// starts, by the precise new moons, with that new moon's UT instant.
pub fn month_start_local(day: i64, tz: f64) -> (i64, f64) {
    let k0 = ((day as f64 - 2451550.09766) / 29.530588861).floor() as i64;
    let mut best: Option<(i64, f64)> = None;
    for k in k0 - 2..=k0 + 2 {
        let nm = new_moon_ut(k);
        let start = local_day(nm, tz);
        if start <= day && best.is_none_or(|(b, _)| start > b) {
            best = Some((start, nm));
        }
    }
    best.unwrap_or((day, f64::NAN))
}

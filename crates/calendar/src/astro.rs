//! Astronomy behind the lunar calendar: Julian day numbers, new moons and the sun's longitude.
//!
//! This is Hồ Ngọc Đức's published algorithm ("Âm lịch Việt Nam", after Jean Meeus,
//! *Astronomical Algorithms*, 1998), term by term, with the time zone as a parameter
//! (7.0 for Vietnam, 8.0 for China). Its new moons are accurate to a few minutes, which is
//! what the Vietnamese calendars published with it use.

use chrono::{Datelike, NaiveDate};
use std::f64::consts::PI;

/// Mean length of a synodic month (days), as used by the algorithm.
const SYNODIC_MONTH: f64 = 29.530588853;
/// Julian day of the new moon of 1900-01-01 13:52 UT, the algorithm's epoch (k = 0).
const EPOCH_NEW_MOON: f64 = 2415021.076998695;
/// `num_days_from_ce()` of a date plus this is its Julian day number.
const JD_OF_CE_DAY_ZERO: i64 = 1_721_425;

/// Julian day number of a Gregorian date.
pub(crate) fn jd_from_date(date: NaiveDate) -> i64 {
    i64::from(date.num_days_from_ce()) + JD_OF_CE_DAY_ZERO
}

/// Gregorian date of a Julian day number (`None` far outside chrono's range).
pub(crate) fn date_from_jd(jd: i64) -> Option<NaiveDate> {
    let days = i32::try_from(jd - JD_OF_CE_DAY_ZERO).ok()?;
    NaiveDate::from_num_days_from_ce_opt(days)
}

/// Julian day (fractional, UT) of the k-th new moon after the one of 1900-01-01.
fn new_moon(k: i64) -> f64 {
    let k = k as f64;
    let t = k / 1236.85;
    let t2 = t * t;
    let t3 = t2 * t;
    let dr = PI / 180.0;
    let mut jd1 = 2415020.75933 + 29.53058868 * k + 0.0001178 * t2 - 0.000000155 * t3;
    jd1 += 0.00033 * ((166.56 + 132.87 * t - 0.009173 * t2) * dr).sin();
    let m = 359.2242 + 29.10535608 * k - 0.0000333 * t2 - 0.00000347 * t3; // sun's mean anomaly
    let mpr = 306.0253 + 385.81691806 * k + 0.0107306 * t2 + 0.00001236 * t3; // moon's mean anomaly
    let f = 21.2964 + 390.67050646 * k - 0.0016528 * t2 - 0.00000239 * t3; // moon's latitude argument
    let mut c1 = (0.1734 - 0.000393 * t) * (m * dr).sin() + 0.0021 * (2.0 * dr * m).sin();
    c1 = c1 - 0.4068 * (mpr * dr).sin() + 0.0161 * (dr * 2.0 * mpr).sin();
    c1 -= 0.0004 * (dr * 3.0 * mpr).sin();
    c1 = c1 + 0.0104 * (dr * 2.0 * f).sin() - 0.0051 * (dr * (m + mpr)).sin();
    c1 = c1 - 0.0074 * (dr * (m - mpr)).sin() + 0.0004 * (dr * (2.0 * f + m)).sin();
    c1 = c1 - 0.0004 * (dr * (2.0 * f - m)).sin() - 0.0006 * (dr * (2.0 * f + mpr)).sin();
    c1 = c1 + 0.0010 * (dr * (2.0 * f - mpr)).sin() + 0.0005 * (dr * (2.0 * mpr + m)).sin();
    let delta_t = if t < -11.0 {
        0.001 + 0.000839 * t + 0.0002261 * t2 - 0.00000845 * t3 - 0.000000081 * t * t3
    } else {
        -0.000278 + 0.000265 * t + 0.000262 * t2
    };
    jd1 + c1 - delta_t
}

/// Sun's apparent longitude in radians, in `[0, 2π)`, at Julian day `jdn` (UT).
fn sun_longitude(jdn: f64) -> f64 {
    let t = (jdn - 2451545.0) / 36525.0;
    let t2 = t * t;
    let dr = PI / 180.0;
    let m = 357.52910 + 35999.05030 * t - 0.0001559 * t2 - 0.00000048 * t * t2;
    let l0 = 280.46645 + 36000.76983 * t + 0.0003032 * t2;
    let mut dl = (1.914600 - 0.004817 * t - 0.000014 * t2) * (dr * m).sin();
    dl += (0.019993 - 0.000101 * t) * (dr * 2.0 * m).sin() + 0.000290 * (dr * 3.0 * m).sin();
    let l = (l0 + dl) * dr;
    l - 2.0 * PI * (l / (2.0 * PI)).floor()
}

/// Local day (Julian day number) of the k-th new moon in time zone `tz` (hours east of UT).
pub(crate) fn new_moon_day(k: i64, tz: f64) -> i64 {
    (new_moon(k) + 0.5 + tz / 24.0).floor() as i64
}

/// Which 30° sector (0..=11, 0 = from the March equinox) the sun is in at local midnight
/// starting day `day_number`. Sector 9 starts at the winter solstice (Đông chí).
fn sun_sector(day_number: i64, tz: f64) -> i64 {
    (sun_longitude(day_number as f64 - 0.5 - tz / 24.0) / PI * 6.0).floor() as i64
}

/// Index k of the new moon that starts the month containing local day `day_number`
/// (approximately: the caller checks the neighbour).
pub(crate) fn new_moon_index_before(day_number: i64) -> i64 {
    ((day_number as f64 - EPOCH_NEW_MOON) / SYNODIC_MONTH).floor() as i64
}

/// Index k of the new moon nearest to local day `day_number`.
pub(crate) fn new_moon_index_near(day_number: i64) -> i64 {
    ((day_number as f64 - EPOCH_NEW_MOON) / SYNODIC_MONTH + 0.5).floor() as i64
}

/// First day of lunar month 11 (the month containing the winter solstice) that begins in or
/// before December of Gregorian `year`.
pub(crate) fn lunar_month_11(year: i32, tz: f64) -> Option<i64> {
    let dec31 = NaiveDate::from_ymd_opt(year, 12, 31)?;
    let off = jd_from_date(dec31) - 2415021;
    let k = (off as f64 / SYNODIC_MONTH).floor() as i64;
    let nm = new_moon_day(k, tz);
    if sun_sector(nm, tz) >= 9 {
        Some(new_moon_day(k - 1, tz))
    } else {
        Some(nm)
    }
}

/// In a 13-month lunar year starting at month 11 (day `a11`), the offset (in months after
/// `a11`) of the leap month: the first month that contains no major solar term (trung khí).
pub(crate) fn leap_month_offset(a11: i64, tz: f64) -> i64 {
    let k = new_moon_index_near(a11);
    let mut i = 1;
    let mut arc = sun_sector(new_moon_day(k + i, tz), tz);
    loop {
        let last = arc;
        i += 1;
        arc = sun_sector(new_moon_day(k + i, tz), tz);
        if arc == last || i >= 14 {
            break;
        }
    }
    i - 1
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn julian_day_numbers() {
        // Meeus: 2000-01-01 (noon) is JD 2451545.
        let d = NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
        assert_eq!(jd_from_date(d), 2451545);
        assert_eq!(date_from_jd(2451545), Some(d));
        // HND's epoch constant: JD 2415021 is 1900-01-01.
        assert_eq!(date_from_jd(2415021), NaiveDate::from_ymd_opt(1900, 1, 1));
    }

    #[test]
    fn new_moon_of_2026_02_17() {
        // Astronomical new moon 2026-02-17 12:01 UT = 19:01 in Vietnam: Tết Bính Ngọ.
        let day = NaiveDate::from_ymd_opt(2026, 2, 17).unwrap();
        let k = new_moon_index_near(jd_from_date(day));
        assert_eq!(date_from_jd(new_moon_day(k, 7.0)), Some(day));
        let frac = new_moon(k) - (jd_from_date(day) as f64 - 0.5);
        let minutes_ut = frac * 24.0 * 60.0;
        assert!(
            (minutes_ut - (12.0 * 60.0 + 1.0)).abs() < 10.0,
            "{minutes_ut}"
        );
    }
}

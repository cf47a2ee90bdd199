mod common;
use chrono::{Datelike, NaiveDate};
use motcua_calendar::lunar::*;
use common::meeus::*;
fn jd(d: NaiveDate) -> i64 { d.num_days_from_ce() as i64 + 1721425 }
#[test]
fn explore() {
    let mut d = NaiveDate::from_ymd_opt(1900,1,1).unwrap();
    let end = NaiveDate::from_ymd_opt(2199,12,31).unwrap();
    let (mut mine_ok, mut am_ok, mut neither, mut starts) = (0,0,0,0);
    let mut hnd_vs_precise = 0;
    while d <= end {
        let mine = solar_to_lunar(d).unwrap();
        if mine.day == 1 {
            starts += 1;
            let nm = nearest_new_moon_ut(jd(d) as f64);
            if local_day(nm, 7.0) != jd(d) { hnd_vs_precise += 1; println!("HND month start {d} vs precise {} ({:.1} min from midnight)", local_day(nm,7.0)-jd(d), minutes_from_midnight(nm,7.0)); }
        }
        let a = amlich_core::lunar::convert_solar_to_lunar(d.day() as i32, d.month() as i32, d.year(), 7.0);
        if a.day == 1 && mine.day != 1 || mine.day == 1 && a.day != 1 {
            let nm = nearest_new_moon_ut(jd(d) as f64);
            let pd = local_day(nm, 7.0);
            let precise_says_start = pd == jd(d);
            if precise_says_start == (mine.day == 1) { mine_ok += 1 } else { am_ok += 1; println!("amlich right {d} mine {mine:?} am {a:?} {:.1}", minutes_from_midnight(nm,7.0)) }
        }
        d = d.succ_opt().unwrap();
    }
    println!("month starts {starts}; HND≠precise {hnd_vs_precise}; disagreement days: mine matches precise {mine_ok}, amlich {am_ok}, neither {neither}");
}
#[test]
fn labels() {
    // days with same day number but different month/leap/year
    let mut d = NaiveDate::from_ymd_opt(1900,1,1).unwrap();
    let end = NaiveDate::from_ymd_opt(2199,12,31).unwrap();
    let mut n=0;
    while d <= end {
        let mine = solar_to_lunar(d).unwrap();
        let a = amlich_core::lunar::convert_solar_to_lunar(d.day() as i32, d.month() as i32, d.year(), 7.0);
        if mine.day as i32 == a.day && (mine.month as i32, mine.year, mine.leap) != (a.month, a.year, a.is_leap) { n+=1; if mine.day==1 {println!("label {d}: mine {mine:?} am {a:?}");} }
        d = d.succ_opt().unwrap();
    }
    println!("label-only days {n}");
}

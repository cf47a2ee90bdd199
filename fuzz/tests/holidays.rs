//! Fuzz target: the `motcua-holidays/1` file (crates/calendar `YearSchedule::from_json`), as the
//! desk imports it from a file or a pull and stores it (src/reference/holidays.rs keeps the serde form),
//! and the duration rules (`working-days:5`) a clerk or the CLI types.
//!
//! Properties: never panics; a refused file is `InvalidHolidayFile`; an accepted one passes
//! `validate`, is sorted, round-trips through `to_json` and through the stored serde form, and a
//! calendar using it answers every day of the year and computes due dates; a generated valid
//! schedule round-trips exactly and the calendar says the days off it lists.

use chrono::{Datelike, NaiveDate, TimeZone, Utc};
use motcua::calendar::{
    CalendarError, DayKind, DurationSpec, HolidayCalendar, HolidayEntry, WorkingHours,
    YearSchedule, compute_due,
};
use motcua::reference::desk;
use motcua_fuzz::{Mutation, class, generated, mutate, no_fixup, text};
use proptest::prelude::*;

const TARGET: &str = "holidays";

mod common;
use common::{HOLIDAY_TOKENS, is_weekend, schedule};

fn check_schedule(s: &YearSchedule) {
    s.validate().expect("accepted schedule does not validate");
    assert!(
        s.entries.windows(2).all(|w| w[0].date < w[1].date),
        "not sorted/unique"
    );
    let back = YearSchedule::from_json(&s.to_json()).expect("exported schedule refused");
    assert_eq!(&back, s, "to_json/from_json round trip");
    // What src/reference/holidays.rs stores and loads.
    let stored = serde_json::to_string(s).expect("serialises");
    let loaded: YearSchedule = serde_json::from_str(&stored).expect("stored form reloads");
    assert_eq!(&loaded, s);
    let cal = HolidayCalendar::builtin().with_schedule(s.clone());
    let first = NaiveDate::from_ymd_opt(s.year, 1, 1).expect("year in range");
    for d in first.iter_days().take_while(|d| d.year() == s.year) {
        let off = cal.is_day_off(d);
        if let Some(e) = s.entry(d) {
            assert_eq!(off, e.kind.is_day_off(), "{d}");
        }
        let _ = cal.reason(d);
    }
    let _ = cal.year_days_off(s.year);
    let received = Utc
        .with_ymd_and_hms(s.year, 1, 2, 2, 0, 0)
        .single()
        .expect("valid instant");
    for rule in [
        "working-days:5",
        "days:30",
        "hours:8",
        "same-day:cutoff=15:00",
    ] {
        let spec: DurationSpec = rule.parse().expect("valid rule");
        let _ = compute_due(received, &spec, &WorkingHours::default(), &cal);
    }
}

/// Working hours as the admin types them (src/reference/desk.rs `parse_sessions`), then used for due dates.
fn check_hours(weekdays: &str, saturday: Option<&str>) -> &'static str {
    let parsed = desk::parse_sessions(weekdays).and_then(|s| {
        let sat = desk::parse_sessions(saturday.unwrap_or_default())?;
        Ok((s, sat))
    });
    let Ok((sessions, saturday_sessions)) = parsed else {
        return "no-hours";
    };
    let hours = WorkingHours {
        sessions,
        saturday_sessions,
    };
    if hours.validate().is_err() {
        return "bad-hours";
    }
    static CAL: std::sync::OnceLock<HolidayCalendar> = std::sync::OnceLock::new();
    let cal = CAL.get_or_init(HolidayCalendar::builtin);
    let received = Utc
        .with_ymd_and_hms(2026, 2, 13, 3, 0, 0)
        .single()
        .expect("valid instant");
    for rule in [
        "working-days:5",
        "hours:8",
        "hours:8000",
        "days:30",
        "same-day:cutoff=15:00",
    ] {
        let spec: DurationSpec = rule.parse().expect("valid rule");
        if let Ok(due) = compute_due(received, &spec, &hours, cal) {
            let at = due.due_at.expect("a counted rule has a due time");
            assert!(at >= received, "{rule}: due {at} before reception");
        }
    }
    "hours"
}

fn check(input: &str) -> String {
    let rule = match input
        .lines()
        .next()
        .unwrap_or_default()
        .parse::<DurationSpec>()
    {
        Ok(spec) => {
            spec.validate().expect("parsed rule does not validate");
            assert_eq!(spec.rule().parse::<DurationSpec>().ok(), Some(spec.clone()));
            "rule"
        }
        Err(CalendarError::InvalidDuration(_)) => "no-rule",
        Err(other) => panic!("rule error of the wrong kind: {other:?}"),
    };
    let hours = check_hours(
        input.lines().nth(1).unwrap_or_default(),
        input.lines().nth(2),
    );
    let file = match YearSchedule::from_json(input) {
        Ok(s) => {
            check_schedule(&s);
            "ok".to_string()
        }
        Err(CalendarError::InvalidHolidayFile(m)) => class("err", &m),
        Err(other) => panic!("file error of the wrong kind: {other:?}"),
    };
    format!("{rule}/{hours}/{file}")
}

#[test]
fn mutate_holiday_files() {
    mutate(
        TARGET,
        Mutation {
            tokens: HOLIDAY_TOKENS,
            json: true,
            max_len: 64 * 1024,
        },
        no_fixup,
        |b| check(&text(b)),
    );
}

#[test]
fn generated_schedules() {
    generated(
        TARGET,
        (schedule(), 0usize..3),
        |(s, _)| s.to_json().into_bytes(),
        |(s, breakage)| {
            let back = YearSchedule::from_json(&s.to_json())
                .map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&back, &s);
            check_schedule(&back);
            let mut bad = s.clone();
            let first = NaiveDate::from_ymd_opt(s.year, 1, 5).unwrap_or_default();
            match (breakage, s.entries.first()) {
                (0, Some(e)) => bad.entries.push(e.clone()),
                (1, _) => bad.entries.push(HolidayEntry::new(
                    first.with_year(s.year - 1).unwrap_or(first),
                    DayKind::PublicHoliday,
                    "Năm khác",
                    "x",
                    s.status,
                )),
                _ => {
                    let weekday = first.iter_days().find(|d| !is_weekend(*d)).unwrap_or(first);
                    bad.entries.retain(|e| e.date != weekday);
                    bad.entries.push(HolidayEntry::new(
                        weekday,
                        DayKind::WorkingDay,
                        "Làm bù",
                        "x",
                        s.status,
                    ));
                }
            }
            if bad != s {
                prop_assert!(
                    YearSchedule::from_json(&bad.to_json()).is_err(),
                    "breakage {} accepted",
                    breakage
                );
            }
            Ok(())
        },
    );
}

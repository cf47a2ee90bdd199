//! Properties of the appointment computation over random receipts 2000-2100.

use chrono::{DateTime, Datelike, Duration, NaiveTime, Utc, Weekday};
use motcua_calendar::vntime::to_vietnam;
use motcua_calendar::{
    DurationSpec, DurationUnit, HolidayCalendar, WorkingHours, compute_due, resume_after_pause,
};
use proptest::prelude::*;
use std::sync::OnceLock;

fn cal() -> &'static HolidayCalendar {
    static CAL: OnceLock<HolidayCalendar> = OnceLock::new();
    CAL.get_or_init(HolidayCalendar::builtin)
}

const START_2000: i64 = 946_684_800; // 2000-01-01T00:00:00Z
const END_2100: i64 = 4_133_980_799; // 2100-12-31T23:59:59Z

fn instant() -> impl Strategy<Value = DateTime<Utc>> {
    (START_2000..END_2100).prop_map(|s| DateTime::from_timestamp(s, 0).unwrap())
}

fn spec() -> impl Strategy<Value = DurationSpec> {
    prop_oneof![
        (1u32..=60).prop_map(DurationSpec::working_days),
        (1u32..=120).prop_map(DurationSpec::days),
        (1u32..=240).prop_map(DurationSpec::hours),
        proptest::option::of((9u32..=17, 0u32..60)).prop_map(|c| DurationSpec::same_day(
            c.and_then(|(h, m)| NaiveTime::from_hms_opt(h, m, 0))
        )),
    ]
}

fn in_sessions(sessions: &[(NaiveTime, NaiveTime)], t: NaiveTime) -> bool {
    sessions.iter().any(|(a, b)| *a <= t && t <= *b)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, ..ProptestConfig::default() })]

    /// The due time is never on a day off, always after the receipt and inside working hours.
    #[test]
    fn due_is_on_a_working_day_inside_working_hours(received in instant(), spec in spec()) {
        let hours = WorkingHours::default();
        let due = compute_due(received, &spec, &hours, cal()).unwrap();
        let at = due.due_at.unwrap();
        let local = to_vietnam(at);
        prop_assert!(!cal().is_day_off(local.date()), "{} on a day off: {}", local, due.explanation_vi);
        prop_assert!(at > received);
        prop_assert!(in_sessions(&hours.sessions, local.time()), "{local}");
        // Skipped days are days off, before the due date.
        for (d, reason) in &due.skipped {
            prop_assert!(cal().is_day_off(*d) && *d < local.date() && !reason.is_empty());
        }
    }

    /// With Saturday reception sessions, only "same-day" can fall due on an (open) Saturday.
    #[test]
    fn saturday_sessions_only_serve_same_day(received in instant(), spec in spec()) {
        let hours = WorkingHours::with_saturday_morning();
        let due = compute_due(received, &spec, &hours, cal()).unwrap();
        let local = due.due_local().unwrap();
        if cal().is_day_off(local.date()) {
            prop_assert_eq!(spec.unit, DurationUnit::SameDay);
            prop_assert_eq!(local.date().weekday(), Weekday::Sat);
            prop_assert!(cal().entry(local.date()).is_none());
            prop_assert!(in_sessions(&hours.saturday_sessions, local.time()));
        } else {
            prop_assert!(in_sessions(&hours.sessions, local.time()));
        }
    }

    /// A later receipt never gets an earlier appointment. Not for calendar days: "same clock
    /// time, moved to the next working day" lets a Saturday 10:00 and a Sunday 09:00 candidate
    /// both land on Monday, at 10:00 and 09:00 (their due dates are still in order).
    #[test]
    fn later_receipt_never_due_earlier(received in instant(), later_by in 0i64..(10 * 86_400), spec in spec()) {
        let hours = WorkingHours::default();
        if spec.unit == DurationUnit::Days {
            let a = compute_due(received, &spec, &hours, cal()).unwrap().due_local().unwrap();
            let b = compute_due(received + Duration::seconds(later_by), &spec, &hours, cal()).unwrap().due_local().unwrap();
            prop_assert!(a.date() <= b.date());
            return Ok(());
        }
        let a = compute_due(received, &spec, &hours, cal()).unwrap();
        let b = compute_due(received + Duration::seconds(later_by), &spec, &hours, cal()).unwrap();
        prop_assert!(a.due_at <= b.due_at, "{} vs {}", a.explanation_vi, b.explanation_vi);
    }

    /// A pause of zero length keeps the due time (working days and hours); a real pause never
    /// brings it forward.
    #[test]
    fn pauses(received in instant(), spec in spec(), at in 0.0f64..1.2, length in 0i64..(30 * 86_400)) {
        let hours = WorkingHours::default();
        let old = compute_due(received, &spec, &hours, cal()).unwrap();
        let due = old.due_at.unwrap();
        let span = (due - received).num_seconds() as f64;
        let paused = received + Duration::seconds((span * at) as i64);
        let same = resume_after_pause(&old, paused, paused, &hours, cal()).unwrap();
        if matches!(spec.unit, DurationUnit::WorkingDays | DurationUnit::Hours) && paused < due {
            prop_assert_eq!(same.due_at, old.due_at, "{}", same.explanation_vi);
        }
        let resumed = paused + Duration::seconds(length);
        let new = resume_after_pause(&old, paused, resumed, &hours, cal()).unwrap();
        if paused < due {
            prop_assert!(new.due_at >= old.due_at, "{}", new.explanation_vi);
        }
        let local = new.due_local().unwrap();
        prop_assert!(!cal().is_day_off(local.date()));
        prop_assert!(new.due_at.unwrap() >= resumed);
    }
}

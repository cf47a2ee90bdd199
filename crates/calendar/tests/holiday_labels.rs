//! Holiday labels an inspector reads (issue 13, item 12): a weekend day is a weekly rest day,
//! never "Tết Dương lịch (Thứ Bảy)"; a computed Tết day after mùng 4 is a compensatory day.

use chrono::NaiveDate;
use motcua_calendar::holidays::split_tet_days;
use motcua_calendar::{DayKind, HolidayCalendar, computed_schedule};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn weekend_days_in_a_break_are_weekly_rest_days() {
    let cal = HolidayCalendar::builtin();
    for (day, expected) in [
        (
            d(2026, 1, 3),
            "Thứ Bảy (nghỉ hằng tuần, trong đợt nghỉ Tết Dương lịch)",
        ),
        (
            d(2026, 1, 4),
            "Chủ nhật (nghỉ hằng tuần, trong đợt nghỉ Tết Dương lịch)",
        ),
    ] {
        assert_eq!(cal.reason(day).as_deref(), Some(expected));
    }
    // The year's list never names a weekend day after a holiday.
    for (date, name, kind) in cal.year_days_off(2026) {
        if kind.is_none() {
            assert!(
                name.starts_with("Thứ Bảy") || name.starts_with("Chủ nhật"),
                "{date}: {name}"
            );
            assert!(!name.ends_with("(Thứ Bảy)") && !name.ends_with("(Chủ nhật)"));
        }
    }
}

#[test]
fn tet_2027_days_after_mung_4_are_compensatory() {
    // Mùng 1 Đinh Mùi is Saturday 06/02/2027: the five Tết days are 05/02-09/02 (the last day of
    // Bính Ngọ and mùng 1-4); Saturday and Sunday are owed as 10/02 and 11/02.
    let (tet, owed) = split_tet_days(2027);
    assert_eq!(tet, vec![d(2027, 2, 5), d(2027, 2, 8), d(2027, 2, 9)]);
    assert_eq!(owed, vec![d(2027, 2, 10), d(2027, 2, 11)]);
    let s = computed_schedule(2027);
    for day in [d(2027, 2, 10), d(2027, 2, 11)] {
        let e = s.entry(day).expect("a day off");
        assert_eq!(e.kind, DayKind::Compensatory, "{day}");
        assert_eq!(e.name, "Nghỉ bù Tết Nguyên đán Đinh Mùi");
    }
    for day in [d(2027, 2, 5), d(2027, 2, 8), d(2027, 2, 9)] {
        let e = s.entry(day).expect("a Tết day");
        assert_eq!(e.kind, DayKind::PublicHoliday);
        assert_eq!(e.name, "Tết Nguyên đán Đinh Mùi");
    }
    let cal = HolidayCalendar::builtin();
    assert_eq!(
        cal.reason(d(2027, 2, 10)).as_deref(),
        Some("Nghỉ bù Tết Nguyên đán Đinh Mùi")
    );
    // The days off are unchanged: 05/02-11/02.
    for day in d(2027, 2, 5).iter_days().take(7) {
        assert!(cal.is_day_off(day), "{day}");
    }
    assert!(!cal.is_day_off(d(2027, 2, 12)));
}

//! Holiday tables: the verified 2026 table, the computed rules against past decisions, the
//! `motcua-holidays/1` file format and the calendar's answers.

use chrono::{Datelike, NaiveDate, Weekday};
use motcua_calendar::holidays::{national_day_adjacent, tet_days};
use motcua_calendar::{
    CalendarError, DayKind, HolidayCalendar, HolidayStatus, YearSchedule, computed_schedule,
    official_2026,
};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn days(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    from.iter_days().take_while(|x| *x <= to).collect()
}

// ---- the verified 2026 table (domain.md) ----

#[test]
fn official_2026_days_off_match_domain_md() {
    let cal = HolidayCalendar::builtin();
    // domain.md: 1/1-4/1 off; Tết 14/2-22/2; Giỗ Tổ Sun 26/4 → Mon 27/4 off; 30/4 Thu and 1/5 Fri.
    let mut off = days(d(2026, 1, 1), d(2026, 1, 4));
    off.extend(days(d(2026, 2, 14), d(2026, 2, 22)));
    off.extend([
        d(2026, 4, 26),
        d(2026, 4, 27),
        d(2026, 4, 30),
        d(2026, 5, 1),
    ]);
    for day in &off {
        assert!(cal.is_day_off(*day), "{day} must be a day off");
    }
    // The working days around them.
    for day in [
        d(2026, 1, 5),
        d(2026, 2, 13),
        d(2026, 2, 23),
        d(2026, 4, 24),
        d(2026, 4, 28),
    ] {
        assert!(!cal.is_day_off(day), "{day} must be a working day");
    }
    // Sat 10/01/2026 is the working day swapped with Fri 02/01.
    assert!(!cal.is_day_off(d(2026, 1, 10)));
    assert_eq!(cal.kind(d(2026, 1, 10)), Some(DayKind::WorkingDay));
    assert_eq!(cal.kind(d(2026, 1, 2)), Some(DayKind::SwappedDayOff));
    assert_eq!(cal.kind(d(2026, 4, 27)), Some(DayKind::Compensatory));
    // The five Tết days proper are Mon 16/02 (29 tháng Chạp) .. Fri 20/02 (mùng 4).
    for day in days(d(2026, 2, 16), d(2026, 2, 20)) {
        assert_eq!(cal.kind(day), Some(DayKind::PublicHoliday), "{day}");
    }
    // 24/11 (Ngày Văn hóa Việt Nam) was not confirmed: not a day off (a Tuesday).
    assert!(!cal.is_day_off(d(2026, 11, 24)));
}

#[test]
fn official_2026_statuses_and_sources() {
    let s = official_2026();
    assert_eq!(s.year, 2026);
    assert_eq!(s.status, HolidayStatus::Official);
    s.validate().unwrap();
    for e in &s.entries {
        assert!(!e.source.is_empty(), "{e:?}");
        assert_eq!(e.scope, "civil-service");
        // Only the day next to 2/9 is computed (domain.md does not give it for 2026).
        let computed = e.date == d(2026, 9, 3);
        assert_eq!(e.status == HolidayStatus::Computed, computed, "{e:?}");
    }
    assert!(
        s.entry(d(2026, 9, 3))
            .unwrap()
            .source
            .contains("Chưa xác minh")
    );
}

#[test]
fn reasons_in_vietnamese() {
    let cal = HolidayCalendar::builtin();
    assert_eq!(
        cal.reason(d(2026, 2, 17)).as_deref(),
        Some("Tết Nguyên đán Bính Ngọ")
    );
    assert_eq!(
        cal.reason(d(2026, 2, 14)).as_deref(),
        Some("Thứ Bảy (nghỉ hằng tuần, trong đợt nghỉ Tết Nguyên đán Bính Ngọ)")
    );
    assert_eq!(
        cal.reason(d(2026, 1, 3)).as_deref(),
        Some("Thứ Bảy (nghỉ hằng tuần, trong đợt nghỉ Tết Dương lịch)")
    );
    assert_eq!(cal.reason(d(2026, 3, 7)).as_deref(), Some("Thứ Bảy"));
    assert_eq!(cal.reason(d(2026, 3, 8)).as_deref(), Some("Chủ nhật"));
    assert_eq!(cal.reason(d(2026, 3, 9)), None);
    assert_eq!(
        cal.reason(d(2026, 4, 27)).as_deref(),
        Some("Nghỉ bù Giỗ Tổ Hùng Vương")
    );
    assert!(cal.reason(d(2026, 1, 10)).unwrap().starts_with("Làm bù"));
}

#[test]
fn year_days_off_lists_entries_breaks_and_working_saturdays() {
    let cal = HolidayCalendar::builtin();
    let list = cal.year_days_off(2026);
    let dates: Vec<NaiveDate> = list.iter().map(|x| x.0).collect();
    // Sorted, no duplicates.
    assert!(dates.windows(2).all(|w| w[0] < w[1]));
    // The whole Tết break 14/02-22/02 is listed, weekend days with kind None.
    for day in days(d(2026, 2, 14), d(2026, 2, 22)) {
        let row = list.iter().find(|x| x.0 == day).unwrap();
        assert!(row.1.contains("Tết Nguyên đán Bính Ngọ"), "{}", row.1);
        let weekend = matches!(day.weekday(), Weekday::Sat | Weekday::Sun);
        assert_eq!(row.2.is_none(), weekend, "{day}");
    }
    // The working Saturday is listed; a plain weekend is not.
    assert!(list.contains(&(
        d(2026, 1, 10),
        "Làm bù cho thứ Sáu 02/01/2026".into(),
        Some(DayKind::WorkingDay)
    )));
    assert!(!dates.contains(&d(2026, 3, 7)));
    // 1/1-4/1, 14/2-22/2, 25/4-27/4 (Saturday joins Giỗ Tổ), 30/4-3/5, 2/9-3/9, 10/1.
    assert_eq!(list.len(), 4 + 9 + 3 + 4 + 2 + 1);
}

// ---- computed defaults ----

/// The computed Tết rule (five weekdays from 29 tháng Chạp) against the civil-service Tết
/// breaks announced in past years (government decisions as reported each year).
#[test]
fn computed_tet_matches_past_decisions() {
    let weekdays = |from, to| -> Vec<NaiveDate> {
        days(from, to)
            .into_iter()
            .filter(|x| !matches!(x.weekday(), Weekday::Sat | Weekday::Sun))
            .collect()
    };
    let decisions = [
        (2017, d(2017, 1, 26), d(2017, 2, 1)),
        (2018, d(2018, 2, 14), d(2018, 2, 20)),
        (2019, d(2019, 2, 4), d(2019, 2, 8)), // break 02/02-10/02 with weekends
        (2020, d(2020, 1, 23), d(2020, 1, 29)),
        (2021, d(2021, 2, 10), d(2021, 2, 16)),
        (2022, d(2022, 1, 31), d(2022, 2, 4)), // break 29/01-06/02 with weekends
        (2023, d(2023, 1, 20), d(2023, 1, 26)),
        (2024, d(2024, 2, 8), d(2024, 2, 14)),
        (2026, d(2026, 2, 16), d(2026, 2, 20)), // domain.md
    ];
    for (year, from, to) in decisions {
        assert_eq!(tet_days(year), weekdays(from, to), "Tết {year}");
    }
    // And the computed 2026 table agrees with the official one on Tết.
    let computed = computed_schedule(2026);
    let official = official_2026();
    let tet = |s: &YearSchedule| -> Vec<NaiveDate> {
        s.entries
            .iter()
            .filter(|e| e.name.starts_with("Tết Nguyên đán"))
            .map(|e| e.date)
            .collect()
    };
    assert_eq!(tet(&computed), tet(&official));
    assert_eq!(
        computed
            .entries
            .iter()
            .find(|e| e.date == d(2026, 2, 16))
            .unwrap()
            .name,
        "Tết Nguyên đán Bính Ngọ"
    );
}

/// The day next to 2/9 against 2021-2025 (2/9 on Thu, Fri, Sat, Mon, Tue).
#[test]
fn national_day_adjacent_matches_past_decisions() {
    assert_eq!(national_day_adjacent(2021), Some(d(2021, 9, 3))); // Thu → Fri 3/9
    assert_eq!(national_day_adjacent(2022), Some(d(2022, 9, 1))); // Fri → Thu 1/9
    assert_eq!(national_day_adjacent(2023), Some(d(2023, 9, 1))); // Sat → Fri 1/9, Mon 4/9 bù
    assert_eq!(national_day_adjacent(2024), Some(d(2024, 9, 3))); // Mon → Tue 3/9
    assert_eq!(national_day_adjacent(2025), Some(d(2025, 9, 1))); // Tue → Mon 1/9
    assert_eq!(national_day_adjacent(2026), Some(d(2026, 9, 3))); // Wed → Thu 3/9 (our choice)
    let s2023 = computed_schedule(2023);
    assert_eq!(
        s2023.entry(d(2023, 9, 4)).unwrap().kind,
        DayKind::Compensatory
    );
}

/// Compensatory days: next working day(s), in order, skipping other holidays.
#[test]
fn computed_compensatory_days() {
    // 2023: Giỗ Tổ Sat 29/4, 30/4 Sun, 1/5 Mon → bù Tue 2/5 and Wed 3/5 (as decided in 2023).
    let s = computed_schedule(2023);
    assert_eq!(s.entry(d(2023, 5, 2)).unwrap().kind, DayKind::Compensatory);
    assert_eq!(s.entry(d(2023, 5, 3)).unwrap().kind, DayKind::Compensatory);
    assert!(s.entry(d(2023, 5, 4)).is_none());
    // 2023: 1/1 Sunday → Mon 2/1 (as decided).
    assert_eq!(
        s.entry(d(2023, 1, 2)).unwrap().name,
        "Nghỉ bù Tết Dương lịch"
    );
    // 2022: 30/4 Sat, 1/5 Sun → Mon 2/5, Tue 3/5 (as decided in 2022).
    let s = computed_schedule(2022);
    assert_eq!(s.entry(d(2022, 5, 2)).unwrap().kind, DayKind::Compensatory);
    assert_eq!(s.entry(d(2022, 5, 3)).unwrap().kind, DayKind::Compensatory);
    // 2029: 2/9 Sunday, adjacent Mon 3/9, bù Tue 4/9.
    let s = computed_schedule(2029);
    assert_eq!(s.entry(d(2029, 9, 3)).unwrap().kind, DayKind::PublicHoliday);
    assert_eq!(s.entry(d(2029, 9, 4)).unwrap().kind, DayKind::Compensatory);
    // Every computed table of the supported range is valid and has 11 holiday days
    // (1 + 5 + 1 + 1 + 1 + 2) plus its compensatory days.
    for year in (1900..=2199).step_by(7) {
        let s = computed_schedule(year);
        s.validate().unwrap();
        // A computed Tết day after mùng 4 is a compensatory day for a Tết day on a weekend.
        let holidays = s
            .entries
            .iter()
            .filter(|e| {
                e.kind == DayKind::PublicHoliday
                    || (e.kind == DayKind::Compensatory
                        && e.name.starts_with("Nghỉ bù Tết Nguyên đán"))
            })
            .count();
        let same_date_clash = s.entries.len()
            != s.entries
                .iter()
                .map(|e| e.date)
                .collect::<std::collections::BTreeSet<_>>()
                .len();
        assert!(!same_date_clash);
        assert!((10..=11).contains(&holidays), "{year}: {holidays}");
        assert!(
            s.entries
                .iter()
                .all(|e| e.status == HolidayStatus::Computed)
        );
    }
}

/// Giỗ Tổ on the same day as 30/4 (only 1947 in 1900..=2199): the second holiday of the
/// date gets a compensatory day.
#[test]
fn holiday_clash_gives_a_compensatory_day() {
    let clash = (1900..=2199).find(|y| {
        motcua_calendar::lunar_to_solar(motcua_calendar::LunarDate::new(10, 3, *y))
            .is_ok_and(|g| g == d(*y, 4, 30) || g == d(*y, 5, 1))
    });
    let year = clash.expect("some year has Giỗ Tổ on 30/4 or 1/5");
    let s = computed_schedule(year);
    let comp = s
        .entries
        .iter()
        .filter(|e| e.kind == DayKind::Compensatory)
        .count();
    assert!(comp >= 1, "{year}: {:?}", s.entries);
}

#[test]
fn out_of_range_years_have_weekends_only() {
    let cal = HolidayCalendar::builtin();
    assert!(cal.schedule(2300).is_none());
    assert!(!cal.is_day_off(d(2300, 1, 1))); // a Monday
    assert!(cal.is_day_off(d(2300, 1, 6))); // a Saturday
}

#[test]
fn every_year_is_available_lazily() {
    let cal = HolidayCalendar::builtin();
    for year in [1900, 1985, 2007, 2100, 2199] {
        assert_eq!(cal.year_status(year), Some(HolidayStatus::Computed));
        assert!(cal.is_day_off(d(year, 1, 1)));
    }
    assert_eq!(cal.year_status(2026), Some(HolidayStatus::Official));
    // Vietnamese Tết 1985 (21/01), not the Chinese date (20/02).
    assert_eq!(
        cal.reason(d(1985, 1, 21)).as_deref(),
        Some("Tết Nguyên đán Ất Sửu")
    );
    assert!(!cal.is_day_off(d(1985, 2, 20)));
}

// ---- import / export ----

const FILE_2027: &str = r#"{
  "format": "motcua-holidays/1",
  "year": 2027,
  "status": "official",
  "source": "Quyết định giả định (test)",
  "effective_from": "2026-11-20",
  "entries": [
    { "date": "2027-01-01", "kind": "public-holiday", "name": "Tết Dương lịch" },
    { "date": "2027-02-04", "kind": "swapped-day-off", "name": "Nghỉ hoán đổi", "source": "VB số 1" },
    { "date": "2027-02-20", "kind": "working-day", "name": "Làm bù cho 04/02/2027", "scope": "civil-service", "status": "official" }
  ]
}"#;

#[test]
fn import_applies_defaults_and_overrides_the_computed_year() {
    let s = YearSchedule::from_json(FILE_2027).unwrap();
    assert_eq!(s.entries.len(), 3);
    assert_eq!(s.entries[0].source, "Quyết định giả định (test)");
    assert_eq!(s.entries[1].source, "VB số 1");
    assert_eq!(s.entries[1].scope, "civil-service");
    assert_eq!(s.effective_from, Some(d(2026, 11, 20)));
    let cal = HolidayCalendar::builtin().with_schedule(s.clone());
    assert_eq!(cal.year_status(2027), Some(HolidayStatus::Official));
    assert!(cal.is_day_off(d(2027, 2, 4)));
    assert!(!cal.is_day_off(d(2027, 2, 20))); // a Saturday made a working day
    assert!(!cal.is_day_off(d(2027, 2, 8))); // computed Tết no longer applies: the file rules
    // Round trip through the exporter.
    let again = YearSchedule::from_json(&s.to_json()).unwrap();
    assert_eq!(again, s);
    // Exporting the builtin tables works too.
    let official = YearSchedule::from_json(&official_2026().to_json()).unwrap();
    assert_eq!(official, official_2026());
    assert!(
        official_2026()
            .to_json()
            .contains("\"format\": \"motcua-holidays/1\"")
    );
}

fn import_error(json: &str) -> String {
    match YearSchedule::from_json(json) {
        Err(CalendarError::InvalidHolidayFile(msg)) => msg,
        other => panic!("expected an invalid-file error, got {other:?}"),
    }
}

#[test]
fn import_rejects_bad_files_with_clear_messages() {
    let wrong_year = FILE_2027.replace("2027-02-04", "2026-02-04");
    assert!(import_error(&wrong_year).contains("not in year 2027"));
    let duplicate = FILE_2027
        .replace("2027-02-20", "2027-01-01")
        .replace("working-day", "public-holiday");
    let msg = import_error(&duplicate);
    assert!(
        msg.contains("2027-01-01 is listed twice (entries #1 and #3)"),
        "{msg}"
    );
    let unknown_kind = FILE_2027.replace("\"public-holiday\"", "\"holiday\"");
    let msg = import_error(&unknown_kind);
    assert!(msg.contains("unknown variant `holiday`"), "{msg}");
    assert!(msg.contains("public-holiday"), "{msg}");
    let wrong_format = FILE_2027.replace("motcua-holidays/1", "motcua-holidays/2");
    assert!(import_error(&wrong_format).contains("unsupported format"));
    let weekday_working = FILE_2027.replace("2027-02-20", "2027-02-22");
    assert!(import_error(&weekday_working).contains("must be a Saturday or Sunday"));
    let weekend_swap = FILE_2027.replace("2027-02-04", "2027-02-06");
    assert!(import_error(&weekend_swap).contains("must be a weekday"));
    let empty_name = FILE_2027.replace("\"Tết Dương lịch\"", "\"  \"");
    assert!(import_error(&empty_name).contains("name is empty"));
    let typo = FILE_2027.replace("\"effective_from\"", "\"effective\"");
    assert!(import_error(&typo).contains("unknown field"));
    assert!(import_error("not json").contains("expected"));
    let far = FILE_2027
        .replace("\"year\": 2027", "\"year\": 2400")
        .replace("2027-", "2400-");
    assert!(import_error(&far).contains("outside the supported range"));
}

#[test]
fn try_with_schedule_validates() {
    let mut s = official_2026();
    s.entries.push(s.entries[0].clone());
    assert!(HolidayCalendar::builtin().try_with_schedule(s).is_err());
    assert!(
        HolidayCalendar::builtin()
            .try_with_schedule(official_2026())
            .is_ok()
    );
}

#[test]
fn calendar_is_shareable_between_threads() {
    fn assert_send_sync<T: Send + Sync + Clone>() {}
    assert_send_sync::<HolidayCalendar>();
    let cal = HolidayCalendar::builtin();
    let handles: Vec<_> = (0..4)
        .map(|i| {
            let cal = cal.clone();
            std::thread::spawn(move || cal.is_day_off(d(2030 + i, 1, 1)))
        })
        .collect();
    for h in handles {
        assert!(h.join().unwrap());
    }
}

#[test]
fn day_kind_serde_is_kebab_case() {
    assert_eq!(
        serde_json::to_string(&DayKind::SwappedDayOff).unwrap(),
        "\"swapped-day-off\""
    );
    assert_eq!(
        "working-day".parse::<DayKind>().unwrap(),
        DayKind::WorkingDay
    );
    assert!("holiday".parse::<DayKind>().is_err());
    assert_eq!(
        serde_json::to_string(&HolidayStatus::Computed).unwrap(),
        "\"computed\""
    );
}

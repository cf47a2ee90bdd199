//! Default holiday tables computed from the Labour Code (Bộ luật Lao động 2019), for years
//! whose official table has not been imported.
//!
//! Rules (Art. 112 cl. 1 and Art. 111 cl. 3):
//! - 1/1 Tết Dương lịch; 30/4 Ngày Chiến thắng; 1/5 Ngày Quốc tế Lao động; 10/3 âm lịch Giỗ Tổ
//!   Hùng Vương (the ordinary month 3, never a leap month 3).
//! - Tết Âm lịch, 5 days: **five working days (Monday to Friday) starting with 29 tháng Chạp**
//!   (the next weekday if 29 Chạp is a weekend). The law leaves the placement to the Prime
//!   Minister each year (Art. 112 cl. 3); this is the pattern of the public-sector decisions,
//!   which place the five Tết days on weekdays so that the weekends inside the break do not need
//!   compensatory days: 2017 26/01-01/02, 2018 14/02-20/02, 2019 04/02-08/02 (29 Chạp was a
//!   Sunday), 2020 23/01-29/01, 2021 10/02-16/02, 2022 31/01-04/02, 2023 20/01-26/01,
//!   2024 08/02-14/02 and the verified 2026 table 16/02-20/02 (29 Chạp = last day of Ất Tỵ ..
//!   mùng 4) all follow it. The literal reading "last day of the year + mùng 1-4, weekend days
//!   compensated afterwards" misses 2023 and 2024 by a day, so it was not chosen. 2025 (break
//!   25/01-02/02 with a day swap) is the known exception: exactly why official tables are data.
//! - Quốc khánh: 2/9 plus one adjacent day, chosen to join a weekend as recent decisions did:
//!   2/9 on Mon → 3/9 (2024), Tue → 1/9 (2025), Wed → 3/9 (no precedent under the 2019 code;
//!   the day after, as for Mon/Thu), Thu → 3/9 (2021), Fri → 1/9 (2022), Sat → 1/9 (2023),
//!   Sun → 3/9 (then 4/9 is the compensatory day; same days off as 1/9 + two compensatory days).
//! - Nghỉ bù: every holiday on a Saturday or Sunday gives a compensatory day on the next
//!   working day that is not itself a holiday or already a compensatory day, in date order
//!   (30/4 Sat + 1/5 Sun → Mon 2/5 and Tue 3/5, as in 2022). Two holidays on the same date
//!   (Giỗ Tổ can fall on 30/4 or 1/5) are treated the same way.
//! - The public sector's day swaps (hoán đổi, làm bù) are decided yearly and are never computed.
//!
//! The current rules are applied to every year, including past ones (before 2021 the law gave
//! 2/9 one day only, before 2013 Tết had 4 days, before 2007 Giỗ Tổ was not a day off): import
//! real tables for past years if they matter. Outside 1900..=2199 the lunar holidays are left out.

use super::types::{DayKind, HolidayEntry, HolidayStatus, YearSchedule};
use crate::canchi::year_name;
use crate::lunar::{LunarDate, lunar_to_solar};
use crate::vntime::is_weekend;
use chrono::{Datelike, NaiveDate, Weekday};
use std::collections::BTreeMap;

const SRC_LAW: &str = "Bộ luật Lao động 2019, Điều 112 khoản 1";
const SRC_TET: &str = "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm b; tính theo thông lệ: \
                       5 ngày làm việc kể từ 29 tháng Chạp (chưa có quyết định chính thức)";
const SRC_NATIONAL_DAY: &str = "Bộ luật Lao động 2019, Điều 112 khoản 1 điểm đ; ngày liền kề \
                                tính theo thông lệ (chưa có quyết định chính thức)";
const SRC_COMPENSATORY: &str = "Bộ luật Lao động 2019, Điều 111 khoản 3: nghỉ bù vào ngày làm \
                                việc kế tiếp";

/// The computed default schedule of `year`, status [`HolidayStatus::Computed`].
pub fn computed_schedule(year: i32) -> YearSchedule {
    let mut holidays: Vec<HolidayEntry> = Vec::new();
    let mut add = |date: Option<NaiveDate>, name: String, source: &str| {
        if let Some(date) = date {
            holidays.push(HolidayEntry::new(
                date,
                DayKind::PublicHoliday,
                name,
                source,
                HolidayStatus::Computed,
            ));
        }
    };
    let ymd = |m, d| NaiveDate::from_ymd_opt(year, m, d);

    add(ymd(1, 1), "Tết Dương lịch".into(), SRC_LAW);
    let tet_name = format!("Tết Nguyên đán {}", year_name(year));
    let (tet, owed_for_tet) = split_tet_days(year);
    for day in tet {
        add(Some(day), tet_name.clone(), SRC_TET);
    }
    if let Ok(gio_to) = lunar_to_solar(LunarDate::new(10, 3, year)) {
        add(Some(gio_to), "Giỗ Tổ Hùng Vương".into(), SRC_LAW);
    }
    add(ymd(4, 30), "Ngày Chiến thắng 30/4".into(), SRC_LAW);
    add(ymd(5, 1), "Ngày Quốc tế Lao động 1/5".into(), SRC_LAW);
    add(ymd(9, 2), "Quốc khánh 2/9".into(), SRC_LAW);
    let adjacent = national_day_adjacent(year);
    add(
        adjacent,
        "Quốc khánh 2/9 (ngày liền kề)".into(),
        SRC_NATIONAL_DAY,
    );

    // A computed Tết day after mùng 4 is not a Tết day: it is owed for a Tết day that fell on a
    // weekend (Điều 112 khoản 1 điểm b: 5 days = the last day of the year and mùng 1-4; Điều 111
    // khoản 3: nghỉ bù). So 2027 (mùng 1 on Saturday 06/02) has 10-11/02 as nghỉ bù.
    let compensatory: Vec<HolidayEntry> = owed_for_tet
        .into_iter()
        .map(|day| {
            HolidayEntry::new(
                day,
                DayKind::Compensatory,
                format!("Nghỉ bù {tet_name}"),
                SRC_COMPENSATORY,
                HolidayStatus::Computed,
            )
        })
        .collect();
    let mut entries = with_compensatory_days(holidays);
    for c in compensatory {
        if !entries.iter().any(|e| e.date == c.date) {
            entries.push(c);
        }
    }
    entries.sort_by_key(|e| e.date);
    YearSchedule {
        year,
        status: HolidayStatus::Computed,
        source: "Tính theo Bộ luật Lao động 2019 (Điều 111, 112); chưa có quyết định chính thức"
            .into(),
        effective_from: None,
        entries,
    }
}

/// The five Tết days of the computed rule: five weekdays from 29 tháng Chạp of the lunar year
/// before `year` (empty outside the lunar calendar's range).
pub fn tet_days(year: i32) -> Vec<NaiveDate> {
    let Ok(mut day) = lunar_to_solar(LunarDate::new(29, 12, year - 1)) else {
        return Vec::new();
    };
    let mut days = Vec::with_capacity(5);
    while days.len() < 5 {
        if !is_weekend(day) {
            days.push(day);
        }
        match day.succ_opt() {
            Some(next) => day = next,
            None => break,
        }
    }
    days
}

/// [`tet_days`] split into the Tết days proper (up to mùng 4 tháng Giêng) and the days after
/// mùng 4 that the five-weekday rule adds, which are compensatory days for Tết days on a weekend.
pub fn split_tet_days(year: i32) -> (Vec<NaiveDate>, Vec<NaiveDate>) {
    let last_tet_day = lunar_to_solar(LunarDate::new(4, 1, year)).ok();
    tet_days(year)
        .into_iter()
        .partition(|d| last_tet_day.is_none_or(|last| *d <= last))
}

/// The day next to 2/9 that this crate picks (see the module docs).
pub fn national_day_adjacent(year: i32) -> Option<NaiveDate> {
    let sep2 = NaiveDate::from_ymd_opt(year, 9, 2)?;
    match sep2.weekday() {
        Weekday::Tue | Weekday::Fri | Weekday::Sat => sep2.pred_opt(),
        Weekday::Mon | Weekday::Wed | Weekday::Thu | Weekday::Sun => sep2.succ_opt(),
    }
}

/// Adds a compensatory day for every holiday on a weekend or on a date already taken by another
/// holiday, and returns all entries sorted by date, one per date.
pub(crate) fn with_compensatory_days(holidays: Vec<HolidayEntry>) -> Vec<HolidayEntry> {
    let mut by_date: BTreeMap<NaiveDate, HolidayEntry> = BTreeMap::new();
    let mut owed: Vec<HolidayEntry> = Vec::new();
    let mut sorted = holidays;
    sorted.sort_by_key(|e| e.date);
    for e in sorted {
        if is_weekend(e.date) || by_date.contains_key(&e.date) {
            owed.push(e.clone());
        }
        by_date.entry(e.date).or_insert(e);
    }
    for h in owed {
        let mut day = h.date;
        // Stay inside the year (never reached with Vietnamese holidays).
        while let Some(next) = day.succ_opt().filter(|n| n.year() == h.date.year()) {
            day = next;
            if !is_weekend(day) && !by_date.contains_key(&day) {
                let base = h.name.trim_end_matches(" (ngày liền kề)");
                let entry = HolidayEntry::new(
                    day,
                    DayKind::Compensatory,
                    format!("Nghỉ bù {base}"),
                    SRC_COMPENSATORY,
                    h.status,
                );
                by_date.insert(day, entry);
                break;
            }
        }
    }
    by_date.into_values().collect()
}

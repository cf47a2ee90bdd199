//! Vietnamese lunar calendar (âm lịch) conversions.
//!
//! Hồ Ngọc Đức's algorithm computed for the meridian of Vietnam (UTC+7). The Chinese calendar
//! uses UTC+8, and the two disagree when a new moon falls between 23:00 and 24:00 Vietnam time
//! or a solar term sits on a month boundary: Tết 1985 was 21/01 in Vietnam and 20/02 in China,
//! Tết 2007 was 17/02 in Vietnam and 18/02 in China. The `_in_zone` variants take the zone as a
//! parameter so that such differences can be shown and tested.
//!
//! Historical note: North Vietnam adopted the UTC+7 calendar in 1968 (before that, and in the
//! South until 1975, calendars followed UTC+8), so for dates before 1968 this module gives the
//! *astronomical* Vietnamese-meridian calendar, which may differ from calendars printed then.
//! The desk only needs present and future dates.
//!
//! Supported range: solar dates 1900-01-01..=2199-12-31 (lunar years 1899..=2199 as far as they
//! fall inside it), tested day by day against the independent `amlich-core` crate.

use crate::astro::{
    date_from_jd, jd_from_date, leap_month_offset, lunar_month_11, new_moon_day,
    new_moon_index_before, new_moon_index_near,
};
use crate::canchi;
use crate::error::CalendarError;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Vietnam's time zone for the calendar, in hours east of UT.
pub const VIETNAM_TZ_HOURS: f64 = 7.0;
/// First supported Gregorian year.
pub const FIRST_YEAR: i32 = 1900;
/// Last supported Gregorian year.
pub const LAST_YEAR: i32 = 2199;

/// A date of the lunar calendar. `month` is 1..=12 (1 = tháng Giêng, 12 = tháng Chạp);
/// `leap` marks the leap month (tháng nhuận) that follows the ordinary month of the same number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct LunarDate {
    pub day: u32,
    pub month: u32,
    pub year: i32,
    pub leap: bool,
}

impl LunarDate {
    /// An ordinary (non-leap) lunar date.
    pub fn new(day: u32, month: u32, year: i32) -> Self {
        LunarDate {
            day,
            month,
            year,
            leap: false,
        }
    }

    /// The Can Chi name of the lunar year, e.g. "Bính Ngọ" for 2026.
    pub fn year_name(&self) -> String {
        canchi::year_name(self.year)
    }
}

impl fmt::Display for LunarDate {
    /// `dd/mm/yyyy`, with " (nhuận)" after the month for a leap month: "01/01/2026",
    /// "15/06 (nhuận)/2025".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let leap = if self.leap { " (nhuận)" } else { "" };
        write!(f, "{:02}/{:02}{leap}/{}", self.day, self.month, self.year)
    }
}

/// First and last supported solar dates.
pub fn supported_range() -> (NaiveDate, NaiveDate) {
    (
        NaiveDate::from_ymd_opt(FIRST_YEAR, 1, 1).unwrap_or(NaiveDate::MIN),
        NaiveDate::from_ymd_opt(LAST_YEAR, 12, 31).unwrap_or(NaiveDate::MAX),
    )
}

pub(crate) fn check_date(date: NaiveDate) -> Result<(), CalendarError> {
    let (min, max) = supported_range();
    if date < min || date > max {
        return Err(CalendarError::DateOutOfRange { date, min, max });
    }
    Ok(())
}

/// Solar (Gregorian) date → Vietnamese lunar date.
pub fn solar_to_lunar(date: NaiveDate) -> Result<LunarDate, CalendarError> {
    solar_to_lunar_in_zone(date, VIETNAM_TZ_HOURS)
}

/// Vietnamese lunar date → solar date. Errors when the date does not exist: a leap month the
/// year does not have, day 30 of a 29-day month, month outside 1..=12.
pub fn lunar_to_solar(l: LunarDate) -> Result<NaiveDate, CalendarError> {
    lunar_to_solar_in_zone(l, VIETNAM_TZ_HOURS)
}

/// Mùng 1 Tết (1/1 of lunar year `year`), which always falls in January or February of the
/// Gregorian year of the same number.
pub fn lunar_new_year(year: i32) -> Result<NaiveDate, CalendarError> {
    lunar_to_solar(LunarDate::new(1, 1, year))
}

/// Solar → lunar in any time zone (hours east of UT; 8.0 gives the Chinese calendar).
pub fn solar_to_lunar_in_zone(date: NaiveDate, tz: f64) -> Result<LunarDate, CalendarError> {
    check_date(date)?;
    let out_of_range = || CalendarError::DateOutOfRange {
        date,
        min: supported_range().0,
        max: supported_range().1,
    };
    let year = chrono::Datelike::year(&date);
    let day_number = jd_from_date(date);
    // The month starts at the last new moon on or before the day. Hồ Ngọc Đức's code tries
    // k + 1 then k; the true new moon can be far enough from the mean one that k is still too
    // late (his code then returns day 0, e.g. on 2054-05-28), so keep stepping back.
    let k = new_moon_index_before(day_number);
    let mut k_start = k + 1;
    let mut month_start = new_moon_day(k_start, tz);
    while month_start > day_number && k_start > k - 2 {
        k_start -= 1;
        month_start = new_moon_day(k_start, tz);
    }
    let mut a11 = lunar_month_11(year, tz).ok_or_else(out_of_range)?;
    let mut b11 = a11;
    let mut lunar_year;
    if a11 >= month_start {
        lunar_year = year;
        a11 = lunar_month_11(year - 1, tz).ok_or_else(out_of_range)?;
    } else {
        lunar_year = year + 1;
        b11 = lunar_month_11(year + 1, tz).ok_or_else(out_of_range)?;
    }
    let day = day_number - month_start + 1;
    let diff = (month_start - a11).div_euclid(29);
    let mut leap = false;
    let mut month = diff + 11;
    if b11 - a11 > 365 {
        let leap_diff = leap_month_offset(a11, tz);
        if diff >= leap_diff {
            month = diff + 10;
            leap = diff == leap_diff;
        }
    }
    if month > 12 {
        month -= 12;
    }
    if month >= 11 && diff < 4 {
        lunar_year -= 1;
    }
    Ok(LunarDate {
        day: u32::try_from(day).map_err(|_| out_of_range())?,
        month: u32::try_from(month).map_err(|_| out_of_range())?,
        year: lunar_year,
        leap,
    })
}

/// Lunar → solar in any time zone (hours east of UT).
pub fn lunar_to_solar_in_zone(l: LunarDate, tz: f64) -> Result<NaiveDate, CalendarError> {
    let (first, len) = month_start_and_len(l.year, l.month, l.leap, tz)
        .map_err(|why| no_such(l, why.to_string()))?;
    if l.day == 0 || l.day > len {
        return Err(no_such(l, format!("this month has {len} days")));
    }
    let jd = first + i64::from(l.day) - 1;
    let date = date_from_jd(jd).ok_or_else(|| no_such(l, "out of range".into()))?;
    check_date(date)?;
    Ok(date)
}

/// Number of days (29 or 30) of a lunar month.
pub fn lunar_month_length(year: i32, month: u32, leap: bool) -> Result<u32, CalendarError> {
    month_start_and_len(year, month, leap, VIETNAM_TZ_HOURS)
        .map(|(_, len)| len)
        .map_err(|why| {
            no_such(
                LunarDate {
                    day: 1,
                    month,
                    year,
                    leap,
                },
                why.to_string(),
            )
        })
}

/// The leap month (tháng nhuận) of a lunar year, if it has one: `Some(6)` means a "tháng 6
/// nhuận" follows tháng 6.
pub fn leap_month(year: i32) -> Result<Option<u32>, CalendarError> {
    check_year(year)?;
    for month in 1..=12 {
        if month_start_and_len(year, month, true, VIETNAM_TZ_HOURS).is_ok() {
            return Ok(Some(month));
        }
    }
    Ok(None)
}

fn check_year(year: i32) -> Result<(), CalendarError> {
    if !(FIRST_YEAR - 1..=LAST_YEAR).contains(&year) {
        return Err(CalendarError::YearOutOfRange {
            year,
            min: FIRST_YEAR - 1,
            max: LAST_YEAR,
        });
    }
    Ok(())
}

fn no_such(l: LunarDate, why: String) -> CalendarError {
    CalendarError::NoSuchLunarDate {
        day: l.day,
        month: l.month,
        year: l.year,
        leap: l.leap,
        why,
    }
}

/// Julian day of the first day of a lunar month and its length.
fn month_start_and_len(
    year: i32,
    month: u32,
    leap: bool,
    tz: f64,
) -> Result<(i64, u32), &'static str> {
    if !(1..=12).contains(&month) {
        return Err("the month must be 1..=12");
    }
    if !(FIRST_YEAR - 1..=LAST_YEAR).contains(&year) {
        return Err("the lunar year is outside 1899..=2199");
    }
    let month = i64::from(month);
    let (a11, b11) = if month < 11 {
        (lunar_month_11(year - 1, tz), lunar_month_11(year, tz))
    } else {
        (lunar_month_11(year, tz), lunar_month_11(year + 1, tz))
    };
    let (Some(a11), Some(b11)) = (a11, b11) else {
        return Err("the lunar year is outside the supported range");
    };
    let k = new_moon_index_near(a11);
    let mut off = (month - 11).rem_euclid(12);
    if b11 - a11 > 365 {
        let leap_off = leap_month_offset(a11, tz);
        let leap_month = (leap_off - 2).rem_euclid(12);
        if leap && month != leap_month {
            return Err("this year has no such leap month");
        }
        if leap || off >= leap_off {
            off += 1;
        }
    } else if leap {
        return Err("this year has no leap month");
    }
    let start = new_moon_day(k + off, tz);
    let next = new_moon_day(k + off + 1, tz);
    let len = u32::try_from(next - start).map_err(|_| "bad month length")?;
    Ok((start, len))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn tet_2026_is_17_february() {
        assert_eq!(lunar_new_year(2026).unwrap(), d(2026, 2, 17));
        assert_eq!(
            solar_to_lunar(d(2026, 2, 17)).unwrap(),
            LunarDate::new(1, 1, 2026)
        );
        // 16/02/2026 is 29 tháng Chạp Ất Tỵ, the last day of that year (a 29-day month).
        assert_eq!(
            solar_to_lunar(d(2026, 2, 16)).unwrap(),
            LunarDate::new(29, 12, 2025)
        );
        assert_eq!(lunar_month_length(2025, 12, false).unwrap(), 29);
    }

    #[test]
    fn nonexistent_dates_are_errors() {
        assert!(lunar_to_solar(LunarDate::new(30, 12, 2025)).is_err());
        assert!(lunar_to_solar(LunarDate::new(1, 13, 2025)).is_err());
        assert!(lunar_to_solar(LunarDate::new(0, 1, 2025)).is_err());
        // 2025 (Ất Tỵ) has a leap 6th month; it has no leap 5th month.
        assert_eq!(leap_month(2025).unwrap(), Some(6));
        assert!(
            lunar_to_solar(LunarDate {
                day: 1,
                month: 5,
                year: 2025,
                leap: true
            })
            .is_err()
        );
        assert!(
            lunar_to_solar(LunarDate {
                day: 1,
                month: 6,
                year: 2025,
                leap: true
            })
            .is_ok()
        );
        assert_eq!(leap_month(2026).unwrap(), None);
    }

    #[test]
    fn display() {
        let l = LunarDate {
            day: 1,
            month: 6,
            year: 2025,
            leap: true,
        };
        assert_eq!(l.to_string(), "01/06 (nhuận)/2025");
        assert_eq!(l.year_name(), "Ất Tỵ");
    }
}

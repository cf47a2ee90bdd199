//! The one error type of the crate.

use chrono::NaiveDate;

/// Everything that can go wrong in this crate. Messages are English, for logs and the CLI;
/// the desk UI maps variants to its own Vietnamese wording.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CalendarError {
    /// A solar date outside the range the lunar algorithm and the holiday tables support.
    #[error("date {date} is outside the supported range {min}..={max}")]
    DateOutOfRange {
        date: NaiveDate,
        min: NaiveDate,
        max: NaiveDate,
    },
    /// A year outside the supported range.
    #[error("year {year} is outside the supported range {min}..={max}")]
    YearOutOfRange { year: i32, min: i32, max: i32 },
    /// The lunar date does not exist (day 30 of a 29-day month, a leap month that the year
    /// does not have, month 0 or 13, ...).
    #[error("lunar date {day}/{month}{leap} of lunar year {year} does not exist: {why}", leap = if *leap { " (nhuận)" } else { "" })]
    NoSuchLunarDate {
        day: u32,
        month: u32,
        year: i32,
        leap: bool,
        why: String,
    },
    /// A holiday file (format `motcua-holidays/1`) that cannot be read or is inconsistent.
    #[error("invalid holiday file: {0}")]
    InvalidHolidayFile(String),
    /// A duration (thời hạn giải quyết) that cannot be applied, e.g. `working-days:0`.
    #[error("invalid duration: {0}")]
    InvalidDuration(String),
    /// Working hours that are empty, overlapping or reversed.
    #[error("invalid working hours: {0}")]
    InvalidWorkingHours(String),
    /// A supplement pause that cannot be applied (resumed before paused, no due time ...).
    #[error("invalid pause: {0}")]
    InvalidPause(String),
    /// No working time was found within a year after the given date: the holiday table marks
    /// every day as a day off.
    #[error("no working time within {days} days after {from}: check the holiday table")]
    NoWorkingTime { from: NaiveDate, days: u32 },
}

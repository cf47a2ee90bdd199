//! Lịch làm việc: Vietnamese lunar calendar, holiday tables and due-time (ngày hẹn trả)
//! computation for Một Cửa Desk. Pure library: no I/O besides (de)serialising strings.
//!
//! - [`lunar`]: solar ↔ Vietnamese lunar dates (Hồ Ngọc Đức's algorithm, meridian UTC+7),
//!   1900..=2199.
//! - [`holidays`]: holiday tables per year ([`YearSchedule`]), computed defaults from the Labour
//!   Code 2019 ([`computed_schedule`]), the verified 2026 civil-service table
//!   ([`official_2026`]) and the [`HolidayCalendar`] that combines them.
//! - [`hours`]: a unit's working hours ([`WorkingHours`]).
//! - [`due`]: [`compute_due`] and [`resume_after_pause`].
//!
//! All instants in and out are UTC; every rule applies in Vietnam local time, a fixed UTC+7.
//!
//! # Holiday file format `motcua-holidays/1`
//!
//! One JSON document per year, for importing an official table offline
//! ([`YearSchedule::from_json`]) and exporting one ([`YearSchedule::to_json`]):
//!
//! ```json
//! {
//!   "format": "motcua-holidays/1",
//!   "year": 2026,
//!   "status": "official",
//!   "source": "Lịch nghỉ 2026 đã xác minh",
//!   "effective_from": "2025-12-25",
//!   "entries": [
//!     { "date": "2026-01-01", "kind": "public-holiday", "name": "Tết Dương lịch" },
//!     { "date": "2026-01-02", "kind": "swapped-day-off", "name": "Nghỉ Tết Dương lịch (hoán đổi)",
//!       "source": "VB 12729/VPCP-KGVX", "scope": "civil-service", "status": "official" },
//!     { "date": "2026-01-10", "kind": "working-day", "name": "Làm bù cho thứ Sáu 02/01/2026" }
//!   ]
//! }
//! ```
//!
//! | field | meaning |
//! |---|---|
//! | `format` | must be `"motcua-holidays/1"` |
//! | `year` | the Gregorian year, 1900..=2199; every entry's date must be in it |
//! | `status` | `"official"` (announced) or `"computed"` (dự kiến, not yet announced) |
//! | `source` | basis of the table (decision number, letter, ...) |
//! | `effective_from` | optional date (`YYYY-MM-DD`) the table took effect, or `null` |
//! | `entries[].date` | `YYYY-MM-DD`, at most one entry per date |
//! | `entries[].kind` | `public-holiday`, `compensatory` (nghỉ bù), `swapped-day-off` (nghỉ hoán đổi, a weekday), `working-day` (làm bù, a Saturday or Sunday) |
//! | `entries[].name` | Vietnamese name shown to the clerk, not empty |
//! | `entries[].source` | optional, defaults to the file's `source` |
//! | `entries[].scope` | optional, defaults to `"civil-service"` |
//! | `entries[].status` | optional, defaults to the file's `status` |
//!
//! Weekends are implicit: Saturday and Sunday are days off unless a `working-day` entry says
//! otherwise, so they are not listed (weekend days inside a holiday break are still reported as
//! part of it by [`HolidayCalendar::reason`] and [`HolidayCalendar::year_days_off`]). Unknown
//! fields, an unknown kind, a date outside the year, a duplicate date, an empty name, a
//! `working-day` on a weekday and a compensatory or swapped day on a weekend are rejected with
//! a message naming the entry. Imported tables are used with [`HolidayCalendar::with_schedule`];
//! a year without one uses the computed defaults.

pub mod canchi;
pub mod due;
pub mod error;
pub mod holidays;
pub mod hours;
pub mod lunar;
pub mod vntime;

mod astro;

pub use due::{Due, DurationSpec, DurationUnit, compute_due, resume_after_pause};
pub use error::CalendarError;
pub use holidays::{
    DayKind, HOLIDAY_FILE_FORMAT, HolidayCalendar, HolidayEntry, HolidayStatus, YearSchedule,
    computed_schedule, official_2026,
};
pub use hours::WorkingHours;
pub use lunar::{LunarDate, lunar_new_year, lunar_to_solar, solar_to_lunar};

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
//! ```
//! use motcua_calendar::vntime::from_vietnam;
//! use motcua_calendar::{compute_due, DurationSpec, HolidayCalendar, WorkingHours};
//!
//! let cal = HolidayCalendar::builtin(); // official 2026 + computed defaults, cached per year
//! let hours = WorkingHours::default(); // 07:00-11:30, 13:30-17:00, Monday to Friday
//! // domain.md: Fri 27/10/2023 09:32 + 5 working days → Fri 03/11/2023 09:32.
//! let received = from_vietnam("2023-10-27T09:32:00".parse().unwrap());
//! let spec: DurationSpec = "working-days:5".parse()?;
//! let due = compute_due(received, &spec, &hours, &cal)?;
//! assert_eq!(due.due_local().unwrap().to_string(), "2023-11-03 09:32:00");
//! assert_eq!(due.explanation_vi, "5 ngày làm việc; bỏ qua 2 ngày cuối tuần");
//! assert_eq!(due.rule, "working-days:5");
//! # Ok::<(), motcua_calendar::CalendarError>(())
//! ```
//!
//! # Domain decisions (where domain.md is silent)
//!
//! - **Tết** (computed years): five weekdays from 29 tháng Chạp, the pattern of every public
//!   sector decision 2017-2024 and of the verified 2026 table; see [`holidays::computed_schedule`].
//! - **2/9 + adjacent day**: the weekday that joins a weekend, as decided 2021-2025; for a
//!   Wednesday (2026, unverified) the day after, 3/9, flagged `computed` in [`official_2026`].
//! - **Compensatory days** (nghỉ bù): the next working days after the holiday run, in order
//!   (Labour Code Art. 111 cl. 3). Day swaps (làm bù) are never computed: import them.
//! - **Working days**: same clock time N working days later; outside working hours counting
//!   starts at the next opening, so the due is that opening time. A working Saturday (làm bù)
//!   is a full working day with the weekday sessions.
//! - **Calendar days**: the last day that is a day off moves to the next working day (Civil
//!   Code Art. 147-148); the clock time is then moved into that day's working hours without
//!   leaving the day (before opening → opening, lunch → 13:30, after closing → closing).
//! - **Hours**: working time only; work ending exactly at a session end is due then (17:00).
//! - **Same day**: before the cut-off → closing time that day, else the next open day's.
//! - **Saturday sessions** ([`WorkingHours::saturday_sessions`]) are reception hours: a
//!   Saturday stays a day off for counting; only same-day results fall due on one.
//! - **Pauses**: remaining *working* time (calendar time for calendar days) re-applied from the
//!   resumption; same-day is re-applied as if received at the resumption.
//! - **Lunar calendar**: Hồ Ngọc Đức's algorithm at UTC+7, with one robustness fix (a month
//!   start is searched back until it is not after the day; his code returns day 0 on a few days
//!   such as 2054-05-28). Checked day by day 1900-2199 against `amlich-core` and Meeus's
//!   precise new moons: `amlich-core` 0.1.4 has three sign errors in its new-moon series and
//!   is wrong on about 2 % of days (e.g. it puts 2023's leap month at 1 instead of 2).
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

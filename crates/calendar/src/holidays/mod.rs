//! Holiday tables (lịch nghỉ lễ, Tết): data types, the `motcua-holidays/1` file format,
//! computed defaults, the verified 2026 table and the [`HolidayCalendar`] that answers
//! "is this a day off, and why?".

mod calendar;
mod computed;
mod file;
mod official;
mod types;

pub use calendar::HolidayCalendar;
pub use computed::{computed_schedule, national_day_adjacent, split_tet_days, tet_days};
pub use file::HOLIDAY_FILE_FORMAT;
pub use official::official_2026;
pub use types::{DayKind, HolidayEntry, HolidayStatus, SCOPE_CIVIL_SERVICE, YearSchedule};

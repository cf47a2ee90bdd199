//! The holiday table's data types: one [`YearSchedule`] per year, made of [`HolidayEntry`]s.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// The scope used by the built-in tables: cán bộ, công chức, viên chức (the public sector,
/// which swaps days and so has working Saturdays); enterprises follow different swaps.
pub const SCOPE_CIVIL_SERVICE: &str = "civil-service";

/// What kind of special day an entry is. Serialised in kebab-case:
/// `public-holiday`, `compensatory`, `swapped-day-off`, `working-day`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DayKind {
    /// Ngày nghỉ lễ, Tết (Bộ luật Lao động 2019 Art. 112).
    PublicHoliday,
    /// Ngày nghỉ bù: a holiday fell on a weekly rest day (Art. 111 cl. 3).
    Compensatory,
    /// Ngày nghỉ hoán đổi: a working day turned into a day off, worked back on a
    /// [`DayKind::WorkingDay`].
    SwappedDayOff,
    /// Ngày làm bù: a weekend day (usually a Saturday) that is a working day.
    WorkingDay,
}

impl DayKind {
    /// All kinds, in declaration order.
    pub const ALL: [DayKind; 4] = [
        DayKind::PublicHoliday,
        DayKind::Compensatory,
        DayKind::SwappedDayOff,
        DayKind::WorkingDay,
    ];

    /// True for the three kinds that make a day a day off.
    pub fn is_day_off(self) -> bool {
        !matches!(self, DayKind::WorkingDay)
    }

    /// The serialised name, e.g. `"swapped-day-off"`.
    pub fn as_str(self) -> &'static str {
        match self {
            DayKind::PublicHoliday => "public-holiday",
            DayKind::Compensatory => "compensatory",
            DayKind::SwappedDayOff => "swapped-day-off",
            DayKind::WorkingDay => "working-day",
        }
    }

    /// Vietnamese label for lists: "Nghỉ lễ, Tết", "Nghỉ bù", "Nghỉ hoán đổi", "Làm bù".
    pub fn label_vi(self) -> &'static str {
        match self {
            DayKind::PublicHoliday => "Nghỉ lễ, Tết",
            DayKind::Compensatory => "Nghỉ bù",
            DayKind::SwappedDayOff => "Nghỉ hoán đổi",
            DayKind::WorkingDay => "Làm bù",
        }
    }
}

impl fmt::Display for DayKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DayKind {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DayKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or_else(|| {
                format!(
                    "unknown day kind {s:?}: expected public-holiday, compensatory, \
                     swapped-day-off or working-day"
                )
            })
    }
}

/// Whether a day (or a whole table) was announced by the authorities or computed by this crate
/// from the Labour Code's defaults ("dự kiến, chưa công bố"). Serialised `official` / `computed`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum HolidayStatus {
    Official,
    Computed,
}

/// One special day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HolidayEntry {
    pub date: NaiveDate,
    pub kind: DayKind,
    /// Vietnamese name shown to the clerk, e.g. "Tết Nguyên đán Bính Ngọ", "Nghỉ bù Giỗ Tổ Hùng Vương".
    pub name: String,
    /// Legal or documentary basis, e.g. "BLLĐ 2019 Điều 112; VB 12729/VPCP-KGVX ngày 25/12/2025".
    pub source: String,
    /// Who the day applies to, e.g. [`SCOPE_CIVIL_SERVICE`].
    pub scope: String,
    pub status: HolidayStatus,
}

impl HolidayEntry {
    /// An entry with scope [`SCOPE_CIVIL_SERVICE`].
    pub fn new(
        date: NaiveDate,
        kind: DayKind,
        name: impl Into<String>,
        source: impl Into<String>,
        status: HolidayStatus,
    ) -> Self {
        HolidayEntry {
            date,
            kind,
            name: name.into(),
            source: source.into(),
            scope: SCOPE_CIVIL_SERVICE.to_string(),
            status,
        }
    }
}

/// The special days of one Gregorian year. Weekends are implicit (Saturday and Sunday are days
/// off unless a [`DayKind::WorkingDay`] entry says otherwise) and are not listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct YearSchedule {
    pub year: i32,
    pub status: HolidayStatus,
    pub source: String,
    /// When this version of the table took effect (its announcement), if known.
    pub effective_from: Option<NaiveDate>,
    /// Sorted by date, at most one entry per date.
    pub entries: Vec<HolidayEntry>,
}

impl YearSchedule {
    /// The entry for a date, if any.
    pub fn entry(&self, date: NaiveDate) -> Option<&HolidayEntry> {
        if date.year() != self.year {
            return None;
        }
        self.entries.iter().find(|e| e.date == date)
    }
}

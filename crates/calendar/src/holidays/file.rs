//! The holiday file format `motcua-holidays/1` (one JSON document per year): import
//! (parse + validate) and export. The format is described in the crate documentation.

use super::types::{DayKind, HolidayEntry, HolidayStatus, SCOPE_CIVIL_SERVICE, YearSchedule};
use crate::error::CalendarError;
use crate::lunar::{FIRST_YEAR, LAST_YEAR};
use crate::vntime::is_weekend;
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

/// The value of the `format` field.
pub const HOLIDAY_FILE_FORMAT: &str = "motcua-holidays/1";

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FileIn {
    format: String,
    year: i32,
    status: HolidayStatus,
    source: String,
    #[serde(default)]
    effective_from: Option<NaiveDate>,
    entries: Vec<EntryIn>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct EntryIn {
    date: NaiveDate,
    kind: DayKind,
    name: String,
    #[serde(default)]
    source: Option<String>,
    #[serde(default)]
    scope: Option<String>,
    #[serde(default)]
    status: Option<HolidayStatus>,
}

#[derive(Serialize)]
struct FileOut<'a> {
    format: &'static str,
    year: i32,
    status: HolidayStatus,
    source: &'a str,
    effective_from: Option<NaiveDate>,
    entries: &'a [HolidayEntry],
}

impl YearSchedule {
    /// Reads and validates a `motcua-holidays/1` document. Entries may omit `source`, `scope`
    /// and `status` (they default to the file's source, `civil-service` and the file's status);
    /// the result is sorted by date.
    pub fn from_json(text: &str) -> Result<YearSchedule, CalendarError> {
        let raw: FileIn = serde_json::from_str(text)
            .map_err(|e| CalendarError::InvalidHolidayFile(e.to_string()))?;
        if raw.format != HOLIDAY_FILE_FORMAT {
            return Err(CalendarError::InvalidHolidayFile(format!(
                "unsupported format {:?}, expected {HOLIDAY_FILE_FORMAT:?}",
                raw.format
            )));
        }
        let entries = raw
            .entries
            .into_iter()
            .map(|e| HolidayEntry {
                date: e.date,
                kind: e.kind,
                name: e.name,
                source: e.source.unwrap_or_else(|| raw.source.clone()),
                scope: e.scope.unwrap_or_else(|| SCOPE_CIVIL_SERVICE.to_string()),
                status: e.status.unwrap_or(raw.status),
            })
            .collect();
        let mut schedule = YearSchedule {
            year: raw.year,
            status: raw.status,
            source: raw.source,
            effective_from: raw.effective_from,
            entries,
        };
        schedule.validate()?;
        schedule.entries.sort_by_key(|e| e.date);
        Ok(schedule)
    }

    /// Writes the schedule as a pretty-printed `motcua-holidays/1` document.
    pub fn to_json(&self) -> String {
        let out = FileOut {
            format: HOLIDAY_FILE_FORMAT,
            year: self.year,
            status: self.status,
            source: &self.source,
            effective_from: self.effective_from,
            entries: &self.entries,
        };
        // Serialising plain strings, numbers and dates cannot fail.
        serde_json::to_string_pretty(&out).unwrap_or_default()
    }

    /// Checks the rules every table must follow: the year is supported, every date is in that
    /// year, no date is listed twice, names are not empty, a working day (làm bù) is a Saturday
    /// or Sunday and a compensatory or swapped day off is a weekday.
    pub fn validate(&self) -> Result<(), CalendarError> {
        let bad = |msg: String| Err(CalendarError::InvalidHolidayFile(msg));
        if !(FIRST_YEAR..=LAST_YEAR).contains(&self.year) {
            return bad(format!(
                "year {} is outside the supported range {FIRST_YEAR}..={LAST_YEAR}",
                self.year
            ));
        }
        let mut seen: HashMap<NaiveDate, usize> = HashMap::new();
        for (i, e) in self.entries.iter().enumerate() {
            let n = i + 1;
            let what = format!("entry #{n} ({}, {:?})", e.date, e.name);
            if e.date.year() != self.year {
                return bad(format!("{what}: the date is not in year {}", self.year));
            }
            if let Some(first) = seen.insert(e.date, n) {
                return bad(format!(
                    "{} is listed twice (entries #{first} and #{n})",
                    e.date
                ));
            }
            if e.name.trim().is_empty() {
                return bad(format!("{what}: the name is empty"));
            }
            match e.kind {
                DayKind::WorkingDay if !is_weekend(e.date) => {
                    return bad(format!(
                        "{what}: a working-day (làm bù) entry must be a Saturday or Sunday"
                    ));
                }
                DayKind::Compensatory | DayKind::SwappedDayOff if is_weekend(e.date) => {
                    return bad(format!(
                        "{what}: a {} entry must be a weekday (Monday to Friday)",
                        e.kind
                    ));
                }
                _ => {}
            }
        }
        Ok(())
    }
}

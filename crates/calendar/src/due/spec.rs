//! Processing durations (thời hạn giải quyết) and the appointment they produce.

use crate::error::CalendarError;
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, Timelike, Utc};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

/// Largest accepted amounts, to keep computations bounded (far beyond any real procedure).
pub const MAX_WORKING_DAYS: u32 = 1000;
pub const MAX_DAYS: u32 = 3660;
pub const MAX_HOURS: u32 = 8000;

/// The unit of a processing duration. Serialised (and parsed) as `working-days`, `days`,
/// `hours`, `same-day`, `none`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DurationUnit {
    /// Ngày làm việc.
    WorkingDays,
    /// Ngày (calendar days, weekends and holidays included).
    Days,
    /// Giờ làm việc (working hours; 8 = one working day with the default hours).
    Hours,
    /// Trong ngày (same day, usually with a cut-off such as 15:00).
    SameDay,
    /// Không hẹn ngày trả (no fixed appointment).
    #[serde(rename = "none")]
    NoAppointment,
}

impl DurationUnit {
    pub const ALL: [DurationUnit; 5] = [
        DurationUnit::WorkingDays,
        DurationUnit::Days,
        DurationUnit::Hours,
        DurationUnit::SameDay,
        DurationUnit::NoAppointment,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DurationUnit::WorkingDays => "working-days",
            DurationUnit::Days => "days",
            DurationUnit::Hours => "hours",
            DurationUnit::SameDay => "same-day",
            DurationUnit::NoAppointment => "none",
        }
    }
}

impl fmt::Display for DurationUnit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for DurationUnit {
    type Err = CalendarError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        DurationUnit::ALL
            .into_iter()
            .find(|u| u.as_str() == s.trim())
            .ok_or_else(|| {
                CalendarError::InvalidDuration(format!(
                    "unknown unit {s:?}: expected working-days, days, hours, same-day or none"
                ))
            })
    }
}

/// A processing duration: `amount` of `unit`; `cutoff` only matters for `same-day`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct DurationSpec {
    pub amount: u32,
    pub unit: DurationUnit,
    #[serde(default)]
    pub cutoff: Option<NaiveTime>,
}

impl DurationSpec {
    pub fn working_days(n: u32) -> Self {
        Self::of(n, DurationUnit::WorkingDays)
    }
    pub fn days(n: u32) -> Self {
        Self::of(n, DurationUnit::Days)
    }
    pub fn hours(n: u32) -> Self {
        Self::of(n, DurationUnit::Hours)
    }
    pub fn same_day(cutoff: Option<NaiveTime>) -> Self {
        DurationSpec {
            amount: 0,
            unit: DurationUnit::SameDay,
            cutoff,
        }
    }
    pub fn none() -> Self {
        Self::of(0, DurationUnit::NoAppointment)
    }
    fn of(amount: u32, unit: DurationUnit) -> Self {
        DurationSpec {
            amount,
            unit,
            cutoff: None,
        }
    }

    /// Amounts must be 1..=max for counted units (0 working days is "same-day").
    pub fn validate(&self) -> Result<(), CalendarError> {
        let max = match self.unit {
            DurationUnit::WorkingDays => MAX_WORKING_DAYS,
            DurationUnit::Days => MAX_DAYS,
            DurationUnit::Hours => MAX_HOURS,
            DurationUnit::SameDay | DurationUnit::NoAppointment => return Ok(()),
        };
        if self.amount == 0 || self.amount > max {
            return Err(CalendarError::InvalidDuration(format!(
                "{} needs an amount in 1..={max}, got {} (use same-day for 'trong ngày')",
                self.unit, self.amount
            )));
        }
        Ok(())
    }

    /// The machine-readable rule: `working-days:5`, `days:30`, `hours:8`, `same-day`,
    /// `same-day:cutoff=15:00`, `none`. [`DurationSpec::from_str`] reads it back.
    pub fn rule(&self) -> String {
        match self.unit {
            DurationUnit::SameDay => match self.cutoff {
                Some(c) => format!("same-day:cutoff={}", time_text(c)),
                None => "same-day".into(),
            },
            DurationUnit::NoAppointment => "none".into(),
            unit => format!("{unit}:{}", self.amount),
        }
    }
}

fn time_text(t: NaiveTime) -> String {
    if t.second() == 0 {
        t.format("%H:%M").to_string()
    } else {
        t.format("%H:%M:%S").to_string()
    }
}

impl fmt::Display for DurationSpec {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rule())
    }
}

impl FromStr for DurationSpec {
    type Err = CalendarError;

    /// Parses a rule string (see [`DurationSpec::rule`]).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let s = s.trim();
        let bad = |why: &str| CalendarError::InvalidDuration(format!("rule {s:?}: {why}"));
        let (unit_text, arg) = match s.split_once(':') {
            Some((u, a)) => (u, Some(a)),
            None => (s, None),
        };
        let unit: DurationUnit = unit_text.parse()?;
        let spec = match (unit, arg) {
            (DurationUnit::NoAppointment, None) => DurationSpec::none(),
            (DurationUnit::SameDay, None) => DurationSpec::same_day(None),
            (DurationUnit::SameDay, Some(a)) => {
                let t = a
                    .strip_prefix("cutoff=")
                    .ok_or_else(|| bad("expected same-day:cutoff=HH:MM"))?;
                let cutoff = NaiveTime::parse_from_str(t, "%H:%M")
                    .or_else(|_| NaiveTime::parse_from_str(t, "%H:%M:%S"))
                    .map_err(|_| bad("the cut-off is not a time HH:MM"))?;
                DurationSpec::same_day(Some(cutoff))
            }
            (DurationUnit::NoAppointment, Some(_)) => return Err(bad("none takes no amount")),
            (unit, Some(a)) => {
                let n: u32 = a.parse().map_err(|_| bad("the amount is not a number"))?;
                DurationSpec::of(n, unit)
            }
            (_, None) => return Err(bad("missing amount, e.g. working-days:5")),
        };
        spec.validate()?;
        Ok(spec)
    }
}

/// A computed appointment (ngày hẹn trả).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Due {
    /// The appointment instant; `None` for "none" (không hẹn ngày trả).
    pub due_at: Option<DateTime<Utc>>,
    /// Short Vietnamese explanation for the clerk.
    pub explanation_vi: String,
    /// The same in English.
    pub explanation_en: String,
    /// The rule that produced it (see [`DurationSpec::rule`]); kept across pauses.
    pub rule: String,
    /// The days off passed over (date, Vietnamese reason), in date order.
    pub skipped: Vec<(NaiveDate, String)>,
}

impl Due {
    /// The appointment in Vietnam local time.
    pub fn due_local(&self) -> Option<NaiveDateTime> {
        self.due_at.map(crate::vntime::to_vietnam)
    }
}

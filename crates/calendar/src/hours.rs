//! A unit's working hours (giờ làm việc), a per-unit setting.

use crate::error::CalendarError;
use chrono::{NaiveTime, TimeDelta};
use serde::{Deserialize, Serialize};

/// Working sessions of a unit, Vietnam local time, each `[start, end)`.
///
/// - `sessions`: every working day, Monday to Friday and working Saturdays (làm bù: a làm bù
///   Saturday replaces a weekday, so it has the full weekday sessions).
/// - `saturday_sessions`: ordinary Saturdays on which the unit's desk receives dossiers (some
///   centres open Saturday morning). These are **reception hours only**: a Saturday stays a day
///   off for processing, so working days and working hours are not counted on it and a dossier
///   received then is counted from the next working opening. Only the "same-day" unit (trong
///   ngày) can fall due on such a Saturday (a certified copy is handed back the same morning).
///
/// JSON: `{"sessions": [["07:00:00","11:30:00"], ["13:30:00","17:00:00"]], "saturday_sessions": []}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkingHours {
    pub sessions: Vec<(NaiveTime, NaiveTime)>,
    #[serde(default)]
    pub saturday_sessions: Vec<(NaiveTime, NaiveTime)>,
}

fn hm(h: u32, m: u32) -> NaiveTime {
    NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN)
}

impl Default for WorkingHours {
    /// 07:00-11:30 and 13:30-17:00, Monday to Friday; no Saturday session (8 hours a day).
    fn default() -> Self {
        WorkingHours {
            sessions: vec![(hm(7, 0), hm(11, 30)), (hm(13, 30), hm(17, 0))],
            saturday_sessions: Vec::new(),
        }
    }
}

impl WorkingHours {
    /// Default hours plus a Saturday-morning reception session 07:00-11:30.
    pub fn with_saturday_morning() -> Self {
        WorkingHours {
            saturday_sessions: vec![(hm(7, 0), hm(11, 30))],
            ..Self::default()
        }
    }

    /// At least one weekday session; every session starts before it ends; sessions are in
    /// order and do not overlap (the same for Saturday sessions, which may be empty).
    pub fn validate(&self) -> Result<(), CalendarError> {
        if self.sessions.is_empty() {
            return Err(CalendarError::InvalidWorkingHours(
                "at least one weekday session is needed".into(),
            ));
        }
        check_sessions("sessions", &self.sessions)?;
        check_sessions("saturday_sessions", &self.saturday_sessions)
    }

    /// Opening time of a working day (start of the first session).
    pub fn opening(&self) -> Option<NaiveTime> {
        self.sessions.first().map(|s| s.0)
    }

    /// Closing time of a working day (end of the last session).
    pub fn closing(&self) -> Option<NaiveTime> {
        self.sessions.last().map(|s| s.1)
    }

    /// Working time in one working day (8 hours with the defaults).
    pub fn day_length(&self) -> TimeDelta {
        self.sessions.iter().map(|(a, b)| *b - *a).sum()
    }
}

fn check_sessions(what: &str, sessions: &[(NaiveTime, NaiveTime)]) -> Result<(), CalendarError> {
    let mut previous_end: Option<NaiveTime> = None;
    for (start, end) in sessions {
        if start >= end {
            return Err(CalendarError::InvalidWorkingHours(format!(
                "{what}: session {start}-{end} does not start before it ends"
            )));
        }
        if previous_end.is_some_and(|p| *start < p) {
            return Err(CalendarError::InvalidWorkingHours(format!(
                "{what}: session {start}-{end} overlaps or precedes the previous one"
            )));
        }
        previous_end = Some(*end);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_is_eight_hours() {
        let h = WorkingHours::default();
        h.validate().unwrap();
        assert_eq!(h.day_length(), TimeDelta::hours(8));
        assert_eq!(h.opening(), Some(hm(7, 0)));
        assert_eq!(h.closing(), Some(hm(17, 0)));
    }

    #[test]
    fn invalid_hours() {
        let mut h = WorkingHours::default();
        h.sessions.reverse();
        assert!(h.validate().is_err());
        let empty = WorkingHours {
            sessions: vec![],
            saturday_sessions: vec![],
        };
        assert!(empty.validate().is_err());
        let reversed = WorkingHours {
            sessions: vec![(hm(11, 0), hm(7, 0))],
            saturday_sessions: vec![],
        };
        assert!(reversed.validate().is_err());
    }

    #[test]
    fn serde_round_trip() {
        let h = WorkingHours::with_saturday_morning();
        let json = serde_json::to_string(&h).unwrap();
        assert!(json.contains("\"07:00:00\""), "{json}");
        let back: WorkingHours = serde_json::from_str(&json).unwrap();
        assert_eq!(back, h);
        let no_sat: WorkingHours = serde_json::from_str(
            r#"{"sessions":[["07:30:00","11:30:00"],["13:00:00","17:00:00"]]}"#,
        )
        .unwrap();
        assert!(no_sat.saturday_sessions.is_empty());
    }
}

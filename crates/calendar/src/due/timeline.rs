//! Working time arithmetic in Vietnam local time: where an instant falls, the next opening,
//! stepping working days, adding and measuring working time.

use crate::error::CalendarError;
use crate::holidays::HolidayCalendar;
use crate::hours::WorkingHours;
use chrono::{Datelike, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta, Weekday};

/// How far to look for a working day before giving up (a table marking a whole year off).
const SEARCH_DAYS: u32 = 370;

/// Processing counts working days only; reception also opens on ordinary Saturdays that have
/// Saturday sessions (see [`WorkingHours`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Mode {
    Processing,
    Reception,
}

/// Where an instant falls relative to the unit's hours.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Place {
    InSession,
    BeforeOpening,
    /// Between two sessions (giờ nghỉ trưa).
    Break,
    AfterClosing,
    /// A day without sessions (weekend, holiday).
    DayOff,
    /// An ordinary Saturday with reception sessions: the desk is open, processing is not.
    ReceptionOnly,
}

/// What to return when added working time ends exactly at the end of a session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Boundary {
    /// The end of that session (17:00): hours, same-day.
    SessionEnd,
    /// The start of the next session (07:00 next working day): working days, which always
    /// count from a session start.
    NextStart,
}

pub(crate) struct Timeline<'a> {
    pub hours: &'a WorkingHours,
    pub cal: &'a HolidayCalendar,
}

impl<'a> Timeline<'a> {
    pub fn new(hours: &'a WorkingHours, cal: &'a HolidayCalendar) -> Self {
        Timeline { hours, cal }
    }

    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        self.cal.is_working_day(d)
    }

    /// Sessions of a day in a mode (empty on a day off).
    pub fn sessions(&self, d: NaiveDate, mode: Mode) -> &'a [(NaiveTime, NaiveTime)] {
        if self.cal.is_working_day(d) {
            &self.hours.sessions
        } else if mode == Mode::Reception && self.is_reception_saturday(d) {
            &self.hours.saturday_sessions
        } else {
            &[]
        }
    }

    /// An ordinary Saturday on which the unit receives dossiers: not a holiday entry and not
    /// inside a holiday break (the Saturday of 14/02-22/02/2026 is closed).
    fn is_reception_saturday(&self, d: NaiveDate) -> bool {
        d.weekday() == Weekday::Sat
            && !self.hours.saturday_sessions.is_empty()
            && self.cal.entry(d).is_none()
            && self.cal.break_holiday(d).is_none()
    }

    pub fn place(&self, t: NaiveDateTime) -> Place {
        let sessions = self.sessions(t.date(), Mode::Processing);
        if sessions.is_empty() {
            let reception = self.sessions(t.date(), Mode::Reception);
            return if reception
                .iter()
                .any(|(a, b)| *a <= t.time() && t.time() < *b)
            {
                Place::ReceptionOnly
            } else {
                Place::DayOff
            };
        }
        let time = t.time();
        if sessions.iter().any(|(a, b)| *a <= time && time < *b) {
            Place::InSession
        } else if sessions.first().is_some_and(|s| time < s.0) {
            Place::BeforeOpening
        } else if sessions.last().is_some_and(|s| time >= s.1) {
            Place::AfterClosing
        } else {
            Place::Break
        }
    }

    /// `t` itself when inside a session, else the next session start.
    pub fn start_at_or_after(
        &self,
        t: NaiveDateTime,
        mode: Mode,
    ) -> Result<NaiveDateTime, CalendarError> {
        let time = t.time();
        for (a, b) in self.sessions(t.date(), mode) {
            if *a <= time && time < *b {
                return Ok(t);
            }
            if time < *a {
                return Ok(t.date().and_time(*a));
            }
        }
        let mut d = t.date();
        for _ in 0..SEARCH_DAYS {
            d = next_day(d, t.date())?;
            if let Some((a, _)) = self.sessions(d, mode).first() {
                return Ok(d.and_time(*a));
            }
        }
        Err(no_working_time(t.date()))
    }

    /// The first day strictly after `d` with sessions in `mode`.
    pub fn next_open_day(&self, d: NaiveDate, mode: Mode) -> Result<NaiveDate, CalendarError> {
        let mut day = d;
        for _ in 0..SEARCH_DAYS {
            day = next_day(day, d)?;
            if !self.sessions(day, mode).is_empty() {
                return Ok(day);
            }
        }
        Err(no_working_time(d))
    }

    /// `d` if it is a working day, else the next working day.
    pub fn working_day_on_or_after(&self, d: NaiveDate) -> Result<NaiveDate, CalendarError> {
        if self.is_working_day(d) {
            Ok(d)
        } else {
            self.next_open_day(d, Mode::Processing)
        }
    }

    /// The working day `n` working days after `d`.
    pub fn add_working_days(&self, d: NaiveDate, n: u32) -> Result<NaiveDate, CalendarError> {
        let mut day = d;
        for _ in 0..n {
            day = self.next_open_day(day, Mode::Processing)?;
        }
        Ok(day)
    }

    /// Closing time (end of the last session) of a day in a mode.
    pub fn closing(&self, d: NaiveDate, mode: Mode) -> Option<NaiveDateTime> {
        self.sessions(d, mode).last().map(|(_, b)| d.and_time(*b))
    }

    /// `start` plus `amount` of working time (processing sessions only). `start` may be anywhere.
    pub fn add_working_time(
        &self,
        start: NaiveDateTime,
        amount: TimeDelta,
        boundary: Boundary,
    ) -> Result<NaiveDateTime, CalendarError> {
        let mut left = amount.max(TimeDelta::zero());
        let mut t = self.start_at_or_after(start, Mode::Processing)?;
        if left.is_zero() {
            return Ok(t);
        }
        loop {
            let day = t.date();
            let sessions = self.sessions(day, Mode::Processing);
            for (a, b) in sessions {
                let (from, to) = (day.and_time(*a).max(t), day.and_time(*b));
                if from >= to {
                    continue;
                }
                let available = to - from;
                if left < available {
                    return Ok(from + left);
                }
                if left == available && boundary == Boundary::SessionEnd {
                    return Ok(to);
                }
                left -= available;
                t = to;
                if left.is_zero() {
                    // Exactly used up at a session end and the caller wants the next start.
                    return self.start_at_or_after(to, Mode::Processing);
                }
            }
            let next = self.next_open_day(day, Mode::Processing)?;
            t = next.and_time(NaiveTime::MIN);
        }
    }

    /// Working time (processing sessions) between `a` and `b`; zero when `b <= a`.
    pub fn working_time_between(&self, a: NaiveDateTime, b: NaiveDateTime) -> TimeDelta {
        let mut total = TimeDelta::zero();
        if b <= a {
            return total;
        }
        let mut day = a.date();
        while day <= b.date() {
            for (s, e) in self.sessions(day, Mode::Processing) {
                let from = day.and_time(*s).max(a);
                let to = day.and_time(*e).min(b);
                if to > from {
                    total += to - from;
                }
            }
            match day.succ_opt() {
                Some(next) => day = next,
                None => break,
            }
        }
        total
    }

    /// Days off (processing) `d` with `from <= d < to`, with their reasons.
    pub fn days_off_between(&self, from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, String)> {
        let mut out = Vec::new();
        let mut day = from;
        while day < to {
            if !self.is_working_day(day) {
                let reason = self.cal.reason(day).unwrap_or_default();
                out.push((day, reason));
            }
            match day.succ_opt() {
                Some(next) => day = next,
                None => break,
            }
        }
        out
    }

    /// A clock time moved into the working hours of working day `d` without leaving `d`:
    /// inside a session it stays; before opening → opening; in a break → the next session's
    /// start; after closing → closing.
    pub fn clamp_into_day(&self, d: NaiveDate, time: NaiveTime) -> NaiveDateTime {
        let sessions = self.sessions(d, Mode::Processing);
        for (a, b) in sessions {
            if time < *a {
                return d.and_time(*a);
            }
            if time < *b {
                return d.and_time(time);
            }
        }
        match sessions.last() {
            Some((_, b)) => d.and_time(*b),
            None => d.and_time(time),
        }
    }
}

fn next_day(d: NaiveDate, from: NaiveDate) -> Result<NaiveDate, CalendarError> {
    d.succ_opt().ok_or_else(|| no_working_time(from))
}

fn no_working_time(from: NaiveDate) -> CalendarError {
    CalendarError::NoWorkingTime {
        from,
        days: SEARCH_DAYS,
    }
}

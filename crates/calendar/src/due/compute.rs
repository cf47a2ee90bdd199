//! [`compute_due`]: the appointment (ngày hẹn trả) for a dossier received at a given instant.

use super::explain::{
    Text, computed_note, rule_text, short_date, skipped_note, start_note, working_weekend_note,
};
use super::spec::{Due, DurationSpec, DurationUnit};
use super::timeline::{Boundary, Mode, Timeline};
use crate::error::CalendarError;
use crate::holidays::HolidayCalendar;
use crate::hours::WorkingHours;
use crate::lunar::check_date;
use crate::vntime::{dm, from_vietnam, hm, to_vietnam};
use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, TimeDelta, Utc};

/// The appointment for a dossier received at `received_at` with processing duration `spec`,
/// for a unit with `hours`, under the days off of `cal`. All rules apply in Vietnam local time
/// (UTC+7); the result is a UTC instant.
///
/// - **working-days N** (ngày làm việc): the same clock time N working days later, skipping
///   weekends and days off and counting working Saturdays (làm bù). A dossier received outside
///   working hours (before opening, during the midday break, after closing, on a day off, or at
///   a Saturday reception session) is counted from the next opening, so its due time is that
///   opening time (07:00 or 13:30). Fri 27/10/2023 09:32 + 5 → Fri 03/11/2023 09:32.
/// - **days N** (ngày, calendar days): the received date + N days at the received clock time;
///   a last day that is a day off moves to the next working day (Civil Code 2015 Art. 147-148).
///   The clock time is then moved into that day's working hours without leaving the day:
///   before opening → opening, midday break → afternoon opening, after closing → closing
///   (Art. 148: a period in days ends with its last day, so the due never passes into the next
///   day). A receipt outside working hours is not shifted first: calendar days count anyway.
/// - **hours N** (giờ làm việc): N hours of working time from the receipt (or the next opening),
///   skipping breaks, nights and days off; work ending exactly at a session end is due at that
///   end (07:00 + 8 h → 17:00 the same day).
/// - **same-day** (trong ngày), optional cut-off (e.g. 15:00): received before the cut-off (or
///   without one) → due at closing time that day; at/after the cut-off → closing time of the
///   next open day. Outside hours, the receipt counts from the next opening, which is before any
///   sensible cut-off. This is the only unit that uses Saturday reception sessions: received on a
///   Saturday morning session, a certified copy is due at the end of that session.
/// - **none**: no appointment, `due_at` is `None`.
///
/// Errors: an invalid duration or invalid hours, a date outside 1900..=2199, a holiday table that
/// leaves no working day within a year.
pub fn compute_due(
    received_at: DateTime<Utc>,
    spec: &DurationSpec,
    hours: &WorkingHours,
    cal: &HolidayCalendar,
) -> Result<Due, CalendarError> {
    spec.validate()?;
    hours.validate()?;
    let received = to_vietnam(received_at);
    check_date(received.date())?;
    if spec.unit == DurationUnit::NoAppointment {
        return Ok(no_appointment(None));
    }
    let tl = Timeline::new(hours, cal);
    let mut text = Text::default();
    let (rule_vi, rule_en) = rule_text(spec);
    text.push(rule_vi, rule_en);
    let (due, note_from) = match spec.unit {
        DurationUnit::WorkingDays => counted(&tl, received, spec, &mut text)?,
        DurationUnit::Hours => counted(&tl, received, spec, &mut text)?,
        DurationUnit::Days => (calendar_days(&tl, received, spec.amount, &mut text)?, None),
        DurationUnit::SameDay => (same_day(&tl, received, spec, &mut text)?, None),
        DurationUnit::NoAppointment => return Ok(no_appointment(None)),
    };
    check_date(due.date())?;
    let skipped = tl.days_off_between(received.date(), due.date());
    finish(&tl, text, spec.rule(), due, skipped, note_from)
}

/// The `Due` for "none"; `extra` is appended to the explanation (a pause note).
pub(crate) fn no_appointment(extra: Option<(String, String)>) -> Due {
    let mut text = Text::default();
    text.push("Không hẹn ngày trả", "No fixed appointment");
    text.push_opt(extra);
    let (explanation_vi, explanation_en) = text.finish();
    Due {
        due_at: None,
        explanation_vi,
        explanation_en,
        rule: DurationSpec::none().rule(),
        skipped: Vec::new(),
    }
}

/// Adds the skipped-days, working-Saturday and computed-holiday notes and builds the `Due`.
/// `note_from`: the first day of counting (days before it are explained by the start note);
/// `None` for units that do not count working time.
pub(crate) fn finish(
    tl: &Timeline<'_>,
    mut text: Text,
    rule: String,
    due: NaiveDateTime,
    skipped: Vec<(NaiveDate, String)>,
    note_from: Option<NaiveDate>,
) -> Result<Due, CalendarError> {
    if let Some(from) = note_from {
        let counted: Vec<(NaiveDate, String)> = skipped
            .iter()
            .filter(|(d, _)| *d >= from)
            .cloned()
            .collect();
        text.push_opt(skipped_note(tl.cal, &counted, from));
        if let Some(next) = from.succ_opt() {
            text.push_opt(working_weekend_note(tl.cal, next, due.date()));
        }
    }
    text.push_opt(computed_note(tl.cal, &skipped));
    let (explanation_vi, explanation_en) = text.finish();
    Ok(Due {
        due_at: Some(from_vietnam(due)),
        explanation_vi,
        explanation_en,
        rule,
        skipped,
    })
}

/// Working days or working hours, counted from the receipt or the next opening. Returns the due
/// time and the first day of counting.
fn counted(
    tl: &Timeline<'_>,
    received: NaiveDateTime,
    spec: &DurationSpec,
    text: &mut Text,
) -> Result<(NaiveDateTime, Option<NaiveDate>), CalendarError> {
    let start = tl.start_at_or_after(received, Mode::Processing)?;
    text.push_opt(start_note(tl.place(received), received, start));
    let due = if spec.unit == DurationUnit::WorkingDays {
        tl.add_working_days(start.date(), spec.amount)?
            .and_time(start.time())
    } else {
        let amount = TimeDelta::hours(i64::from(spec.amount));
        tl.add_working_time(start, amount, Boundary::SessionEnd)?
    };
    Ok((due, Some(start.date())))
}

/// Calendar days (see [`compute_due`]).
pub(crate) fn calendar_days(
    tl: &Timeline<'_>,
    received: NaiveDateTime,
    n: u32,
    text: &mut Text,
) -> Result<NaiveDateTime, CalendarError> {
    let candidate = received
        .date()
        .checked_add_days(Days::new(u64::from(n)))
        .ok_or_else(|| {
            CalendarError::InvalidDuration(format!("days:{n} overflows the calendar"))
        })?;
    check_date(candidate)?;
    land_on_working_day(tl, candidate.and_time(received.time()), n, text)
}

/// Moves an instant on day `candidate` to a working day (Art. 148) and into working hours.
pub(crate) fn land_on_working_day(
    tl: &Timeline<'_>,
    candidate: NaiveDateTime,
    n: u32,
    text: &mut Text,
) -> Result<NaiveDateTime, CalendarError> {
    let day = candidate.date();
    let due_date = tl.working_day_on_or_after(day)?;
    if due_date != day {
        let why = tl.cal.reason(day).unwrap_or_default();
        text.push(
            format!(
                "ngày thứ {n} ({}) rơi vào ngày nghỉ: {why}, chuyển sang ngày làm việc tiếp theo \
                 {} (BLDS 2015 Điều 148)",
                dm(day),
                short_date(due_date, day)
            ),
            format!(
                "day {n} ({}) falls on a day off: {why}, moved to the next working day {} \
                 (Civil Code 2015 Art. 148)",
                dm(day),
                short_date(due_date, day)
            ),
        );
    }
    let due = tl.clamp_into_day(due_date, candidate.time());
    if due.time() != candidate.time() {
        text.push(
            format!(
                "{} ngoài giờ làm việc, hẹn lúc {}",
                hm(candidate.time()),
                hm(due.time())
            ),
            format!(
                "{} is outside working hours, due at {}",
                hm(candidate.time()),
                hm(due.time())
            ),
        );
    }
    Ok(due)
}

/// Same day, with an optional cut-off (see [`compute_due`]).
pub(crate) fn same_day(
    tl: &Timeline<'_>,
    received: NaiveDateTime,
    spec: &DurationSpec,
    text: &mut Text,
) -> Result<NaiveDateTime, CalendarError> {
    let start = tl.start_at_or_after(received, Mode::Reception)?;
    text.push_opt(start_note(tl.place(received), received, start));
    let cutoff = spec.cutoff.filter(|c| start.time() >= *c);
    let day = match cutoff {
        Some(_) => tl.next_open_day(start.date(), Mode::Reception)?,
        None => start.date(),
    };
    let due = tl
        .closing(day, Mode::Reception)
        .ok_or(CalendarError::NoWorkingTime { from: day, days: 0 })?;
    if cutoff.is_some() {
        // The rule text already says what a late arrival means: only the time is added.
        text.push(
            format!("nhận lúc {}", hm(start.time())),
            format!("received at {}", hm(start.time())),
        );
    }
    text.push(
        format!(
            "hẹn trả {} ngày {}",
            hm(due.time()),
            short_date(due.date(), received.date())
        ),
        format!(
            "due at {} on {}",
            hm(due.time()),
            short_date(due.date(), received.date())
        ),
    );
    Ok(due)
}

//! [`resume_after_pause`]: the new appointment after waiting for a supplement (chờ bổ sung).

use super::compute::{finish, land_on_working_day, no_appointment, same_day};
use super::explain::{Text, instant_text, rule_text, working_time_text};
use super::spec::{Due, DurationSpec, DurationUnit};
use super::timeline::{Boundary, Mode, Timeline};
use crate::error::CalendarError;
use crate::holidays::HolidayCalendar;
use crate::hours::WorkingHours;
use crate::lunar::check_date;
use crate::vntime::{hm_dmy, to_vietnam};
use chrono::{DateTime, TimeDelta, Utc};

/// The appointment after a supplement pause: the time that was left at `paused_at` is applied
/// again from `resumed_at` (the time waiting for the citizen does not count, domain.md).
///
/// - working-days and hours: the *working time* between the pause and the old due time is
///   added from the resumption (or the next opening if resumed outside working hours). For
///   working days, a result exactly at a session end is shown as the next session's start
///   (17:00 ≡ 07:00 next working day), as [`super::compute_due`] does.
/// - days: the *calendar time* left is added to the resumption, then the due is moved to a
///   working day and into working hours as for calendar days (never before the resumption's
///   next opening).
/// - same-day: the rule is applied again as if the dossier were received at the resumption.
/// - none: stays without an appointment.
///
/// A pause that starts after the old due time leaves nothing: the new due is the resumption
/// (next opening). The rule string is kept, so a second pause works the same way; the
/// explanation names the pause and the old appointment.
pub fn resume_after_pause(
    old: &Due,
    paused_at: DateTime<Utc>,
    resumed_at: DateTime<Utc>,
    hours: &WorkingHours,
    cal: &HolidayCalendar,
) -> Result<Due, CalendarError> {
    hours.validate()?;
    if resumed_at < paused_at {
        return Err(CalendarError::InvalidPause(format!(
            "resumed at {resumed_at} before it was paused at {paused_at}"
        )));
    }
    let spec: DurationSpec = old.rule.parse().map_err(|e| {
        CalendarError::InvalidPause(format!("cannot read the rule {:?}: {e}", old.rule))
    })?;
    let (p, r) = (to_vietnam(paused_at), to_vietnam(resumed_at));
    check_date(p.date())?;
    check_date(r.date())?;
    let pause = (
        format!("tạm dừng chờ bổ sung từ {} đến {}", hm_dmy(p), hm_dmy(r)),
        format!(
            "paused for a supplement from {} to {}",
            hm_dmy(p),
            hm_dmy(r)
        ),
    );
    if spec.unit == DurationUnit::NoAppointment {
        return Ok(no_appointment(Some(pause)));
    }
    let old_due = old
        .due_at
        .map(to_vietnam)
        .ok_or_else(|| CalendarError::InvalidPause("the old appointment has no due time".into()))?;

    let tl = Timeline::new(hours, cal);
    let mut text = Text::default();
    let (rule_vi, rule_en) = rule_text(&spec);
    text.push(rule_vi, rule_en);
    text.push(pause.0, pause.1);
    if p >= old_due {
        text.push(
            "đã hết thời hạn trước khi tạm dừng",
            "the time limit had already run out when paused",
        );
    }
    let (due, note_from) = match spec.unit {
        DurationUnit::WorkingDays | DurationUnit::Hours => {
            let left = tl.working_time_between(p, old_due);
            let start = tl.start_at_or_after(r, Mode::Processing)?;
            let boundary = if spec.unit == DurationUnit::WorkingDays {
                Boundary::NextStart
            } else {
                Boundary::SessionEnd
            };
            let due = tl.add_working_time(start, left, boundary)?;
            let in_days = spec.unit == DurationUnit::WorkingDays;
            let (left_vi, left_en) = working_time_text(left, hours.day_length(), in_days);
            let (from_vi, from_en) = instant_text(start);
            text.push(
                format!("còn lại {left_vi}, tính lại từ {from_vi}"),
                format!("{left_en} left, counted again from {from_en}"),
            );
            (due, Some(start.date()))
        }
        DurationUnit::Days => {
            let left = (old_due - p).max(TimeDelta::zero());
            let candidate = r
                .checked_add_signed(left)
                .ok_or_else(|| CalendarError::InvalidPause("the new due overflows".into()))?;
            check_date(candidate.date())?;
            let (left_vi, left_en) = calendar_time_text(left);
            text.push(
                format!("còn lại {left_vi} theo lịch, tính lại từ {}", hm_dmy(r)),
                format!(
                    "{left_en} of calendar time left, counted again from {}",
                    hm_dmy(r)
                ),
            );
            let landed = land_on_working_day(&tl, candidate, spec.amount, &mut text)?;
            // Clamping back to closing time must not go before the resumption itself.
            (landed.max(tl.start_at_or_after(r, Mode::Processing)?), None)
        }
        DurationUnit::SameDay => (same_day(&tl, r, &spec, &mut text)?, None),
        DurationUnit::NoAppointment => return Ok(no_appointment(None)),
    };
    check_date(due.date())?;
    let (old_vi, old_en) = instant_text(old_due);
    text.push(
        format!("hẹn cũ {old_vi}"),
        format!("previous appointment {old_en}"),
    );
    let skipped = tl.days_off_between(r.date(), due.date());
    finish(&tl, text, spec.rule(), due, skipped, note_from)
}

/// "3 ngày 4 giờ" / "3 days 4 h" for a calendar duration.
fn calendar_time_text(d: TimeDelta) -> (String, String) {
    let minutes = d.num_minutes().max(0);
    let (days, h, m) = (minutes / 1440, minutes % 1440 / 60, minutes % 60);
    let mut vi = Vec::new();
    let mut en = Vec::new();
    if days > 0 {
        vi.push(format!("{days} ngày"));
        en.push(format!("{days} days"));
    }
    if h > 0 {
        vi.push(format!("{h} giờ"));
        en.push(format!("{h} h"));
    }
    if m > 0 || vi.is_empty() {
        vi.push(format!("{m} phút"));
        en.push(format!("{m} min"));
    }
    (vi.join(" "), en.join(" "))
}

//! Short explanations of an appointment for the clerk, in Vietnamese and English.

use super::spec::{DurationSpec, DurationUnit};
use super::timeline::Place;
use crate::holidays::{DayKind, HolidayCalendar, HolidayStatus};
use crate::vntime::{dm, dmy, hm, weekday_en, weekday_vi, weekday_vi_lower};
use chrono::{Datelike, NaiveDate, NaiveDateTime, TimeDelta};

/// Explanation parts in both languages, joined with "; ".
#[derive(Default)]
pub(crate) struct Text {
    vi: Vec<String>,
    en: Vec<String>,
}

impl Text {
    pub fn push(&mut self, vi: impl Into<String>, en: impl Into<String>) {
        self.vi.push(vi.into());
        self.en.push(en.into());
    }

    pub fn push_opt(&mut self, part: Option<(String, String)>) {
        if let Some((vi, en)) = part {
            self.push(vi, en);
        }
    }

    pub fn finish(self) -> (String, String) {
        (self.vi.join("; "), self.en.join("; "))
    }
}

/// "5 ngày làm việc" / "5 working days", "Trong ngày; nhận sau 15:00 thì trả vào ngày làm việc
/// tiếp theo" ...
pub(crate) fn rule_text(spec: &DurationSpec) -> (String, String) {
    let n = spec.amount;
    match spec.unit {
        DurationUnit::WorkingDays => (format!("{n} ngày làm việc"), format!("{n} working days")),
        DurationUnit::Days => (
            format!("{n} ngày (tính cả ngày nghỉ)"),
            format!("{n} calendar days"),
        ),
        DurationUnit::Hours => (format!("{n} giờ làm việc"), format!("{n} working hours")),
        DurationUnit::SameDay => match spec.cutoff {
            // The wording of the rule itself (NĐ 23/2015/NĐ-CP Điều 7 khoản 1, chứng thực: "trường
            // hợp nhận yêu cầu sau 15 giờ thì thực hiện xong trong ngày làm việc tiếp theo").
            Some(c) => (
                format!(
                    "Trong ngày; nhận sau {} thì trả vào ngày làm việc tiếp theo",
                    hm(c)
                ),
                format!("Same day; received after {}: the next working day", hm(c)),
            ),
            None => ("Trong ngày".into(), "Same day".into()),
        },
        DurationUnit::NoAppointment => ("Không hẹn ngày trả".into(), "No fixed appointment".into()),
    }
}

/// A date as dd/mm, with the year when it differs from `reference`'s.
pub(crate) fn short_date(d: NaiveDate, reference: NaiveDate) -> String {
    if d.year() == reference.year() {
        dm(d)
    } else {
        dmy(d)
    }
}

/// Why counting starts later than the receipt: "nhận sau giờ làm việc, tính từ 07:00 ngày 02/03".
pub(crate) fn start_note(
    place: Place,
    received: NaiveDateTime,
    start: NaiveDateTime,
) -> Option<(String, String)> {
    if start == received {
        return None;
    }
    let r = received.date();
    let (vi, en) = match place {
        Place::InSession => return None,
        Place::BeforeOpening => (
            "nhận trước giờ làm việc".to_string(),
            "received before opening time".to_string(),
        ),
        Place::Break => (
            "nhận trong giờ nghỉ trưa".into(),
            "received during the midday break".into(),
        ),
        Place::AfterClosing => (
            "nhận sau giờ làm việc".into(),
            "received after working hours".into(),
        ),
        Place::DayOff => (
            format!("nhận vào ngày nghỉ ({} {})", weekday_vi(r), dm(r)),
            format!("received on a day off ({} {})", weekday_en(r), dm(r)),
        ),
        Place::ReceptionOnly => (
            format!(
                "nhận {} {} (buổi tiếp nhận, không phải ngày làm việc)",
                weekday_vi(r),
                dm(r)
            ),
            format!(
                "received at a {} reception session (not a working day)",
                weekday_en(r)
            ),
        ),
    };
    let when = format!("{} ngày {}", hm(start.time()), short_date(start.date(), r));
    let when_en = format!("{} on {}", hm(start.time()), short_date(start.date(), r));
    Some((
        format!("{vi}, tính từ {when}"),
        format!("{en}, counted from {when_en}"),
    ))
}

/// "bỏ qua 14/02-22/02 nghỉ Tết Nguyên đán Bính Ngọ và 2 ngày cuối tuần".
pub(crate) fn skipped_note(
    cal: &HolidayCalendar,
    skipped: &[(NaiveDate, String)],
    reference: NaiveDate,
) -> Option<(String, String)> {
    let mut groups: Vec<(NaiveDate, NaiveDate)> = Vec::new();
    for (d, _) in skipped {
        match groups.last_mut() {
            Some((_, end)) if end.succ_opt() == Some(*d) => *end = *d,
            _ => groups.push((*d, *d)),
        }
    }
    let mut holidays_vi = Vec::new();
    let mut holidays_en = Vec::new();
    let mut weekend_days = 0i64;
    for (start, end) in groups {
        let names = holiday_names(cal, start, end);
        if names.is_empty() {
            weekend_days += (end - start).num_days() + 1;
            continue;
        }
        let range = if start == end {
            short_date(start, reference)
        } else if start.year() != end.year() {
            format!("{}-{}", dmy(start), dmy(end))
        } else {
            format!(
                "{}-{}",
                short_date(start, reference),
                short_date(end, reference)
            )
        };
        holidays_vi.push(format!("{range} nghỉ {}", names.join(", ")));
        holidays_en.push(format!("{range} ({})", names.join(", ")));
    }
    let weekend_vi = format!("{weekend_days} ngày cuối tuần");
    let weekend_en = format!("{weekend_days} weekend days");
    let (vi, en) = match (holidays_vi.is_empty(), weekend_days > 0) {
        (true, false) => return None,
        (true, true) => (weekend_vi, weekend_en),
        (false, false) => (holidays_vi.join(", "), holidays_en.join(", ")),
        (false, true) => (
            format!("{} và {weekend_vi}", holidays_vi.join(", ")),
            format!("{} and {weekend_en}", holidays_en.join(", ")),
        ),
    };
    Some((format!("bỏ qua {vi}"), format!("skipping {en}")))
}

/// Distinct holiday names in a run of days off: public holidays first, else the other kinds.
fn holiday_names(cal: &HolidayCalendar, start: NaiveDate, end: NaiveDate) -> Vec<String> {
    let mut primary = Vec::new();
    let mut other = Vec::new();
    let mut day = Some(start);
    while let Some(d) = day.filter(|d| *d <= end) {
        if let Some(e) = cal.entry(d).filter(|e| e.kind.is_day_off()) {
            let base = e
                .name
                .trim_start_matches("Nghỉ bù ")
                .trim_end_matches(" (ngày liền kề)")
                .to_string();
            let list = if e.kind == DayKind::PublicHoliday {
                &mut primary
            } else {
                &mut other
            };
            if !list.contains(&base) {
                list.push(base);
            }
        }
        day = d.succ_opt();
    }
    if primary.is_empty() { other } else { primary }
}

/// Working Saturdays (làm bù) counted in `[from, to]`: "tính cả thứ Bảy 10/01 làm bù".
pub(crate) fn working_weekend_note(
    cal: &HolidayCalendar,
    from: NaiveDate,
    to: NaiveDate,
) -> Option<(String, String)> {
    let mut days = Vec::new();
    let mut day = Some(from);
    while let Some(d) = day.filter(|d| *d <= to) {
        if cal.kind(d) == Some(DayKind::WorkingDay) {
            days.push(d);
        }
        day = d.succ_opt();
    }
    if days.is_empty() {
        return None;
    }
    let list_vi: Vec<String> = days
        .iter()
        .map(|d| format!("{} {}", weekday_vi_lower(*d), short_date(*d, from)))
        .collect();
    let list_en: Vec<String> = days
        .iter()
        .map(|d| format!("{} {}", weekday_en(*d), short_date(*d, from)))
        .collect();
    Some((
        format!("tính cả ngày làm bù {}", list_vi.join(", ")),
        format!("counting the make-up working day {}", list_en.join(", ")),
    ))
}

/// A warning when a skipped holiday comes from a computed (not yet announced) table.
pub(crate) fn computed_note(
    cal: &HolidayCalendar,
    skipped: &[(NaiveDate, String)],
) -> Option<(String, String)> {
    let computed = skipped.iter().any(|(d, _)| {
        cal.entry(*d)
            .is_some_and(|e| e.kind.is_day_off() && e.status == HolidayStatus::Computed)
    });
    computed.then(|| {
        (
            "ngày nghỉ lễ dự kiến, chưa có quyết định chính thức".to_string(),
            "holiday dates computed, not yet announced".to_string(),
        )
    })
}

/// "2 ngày 3 giờ 30 phút làm việc" for a working-time amount, days of `day_length`.
pub(crate) fn working_time_text(
    amount: TimeDelta,
    day_length: TimeDelta,
    in_days: bool,
) -> (String, String) {
    let total_min = amount.num_minutes().max(0);
    let day_min = day_length.num_minutes().max(1);
    let (days, rest) = if in_days {
        (total_min / day_min, total_min % day_min)
    } else {
        (0, total_min)
    };
    let (h, m) = (rest / 60, rest % 60);
    let mut vi = Vec::new();
    let mut en = Vec::new();
    if days > 0 {
        vi.push(format!("{days} ngày"));
        en.push(format!("{days} working days"));
    }
    if h > 0 {
        vi.push(format!("{h} giờ"));
        en.push(format!("{h} h"));
    }
    if m > 0 || (days == 0 && h == 0) {
        vi.push(format!("{m} phút"));
        en.push(format!("{m} min"));
    }
    let en = if days > 0 {
        en.join(" ")
    } else {
        format!("{} of working time", en.join(" "))
    };
    (format!("{} làm việc", vi.join(" ")), en)
}

/// "09:32 thứ Sáu 03/11/2023" / "09:32 Fri 03/11/2023".
pub(crate) fn instant_text(t: NaiveDateTime) -> (String, String) {
    let d = t.date();
    (
        format!("{} {} {}", hm(t.time()), weekday_vi_lower(d), dmy(d)),
        format!("{} {} {}", hm(t.time()), weekday_en(d), dmy(d)),
    )
}

//! Vietnam local time (fixed UTC+7, no daylight saving) and the short date/time formats
//! used in explanations.

use chrono::{
    DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeDelta, Utc,
    Weekday,
};

const OFFSET_SECONDS: i32 = 7 * 3600;

/// Vietnam's fixed offset, UTC+7.
pub fn vietnam_offset() -> FixedOffset {
    FixedOffset::east_opt(OFFSET_SECONDS).unwrap_or_else(|| Utc.fix())
}

/// A UTC instant as Vietnam wall-clock time.
pub fn to_vietnam(t: DateTime<Utc>) -> NaiveDateTime {
    t.with_timezone(&vietnam_offset()).naive_local()
}

/// Vietnam wall-clock time as a UTC instant (always unique: the offset is fixed).
pub fn from_vietnam(t: NaiveDateTime) -> DateTime<Utc> {
    let utc = t
        .checked_sub_signed(TimeDelta::seconds(i64::from(OFFSET_SECONDS)))
        .unwrap_or(t);
    DateTime::from_naive_utc_and_offset(utc, Utc)
}

/// "Thứ Hai" … "Thứ Bảy", "Chủ nhật".
pub fn weekday_vi(d: NaiveDate) -> &'static str {
    match d.weekday() {
        Weekday::Mon => "Thứ Hai",
        Weekday::Tue => "Thứ Ba",
        Weekday::Wed => "Thứ Tư",
        Weekday::Thu => "Thứ Năm",
        Weekday::Fri => "Thứ Sáu",
        Weekday::Sat => "Thứ Bảy",
        Weekday::Sun => "Chủ nhật",
    }
}

/// Lower-case form for use inside a sentence: "thứ Hai", "chủ nhật".
pub(crate) fn weekday_vi_lower(d: NaiveDate) -> String {
    let w = weekday_vi(d);
    match w.strip_prefix("Thứ") {
        Some(rest) => format!("thứ{rest}"),
        None => "chủ nhật".to_string(),
    }
}

pub(crate) fn weekday_en(d: NaiveDate) -> &'static str {
    match d.weekday() {
        Weekday::Mon => "Mon",
        Weekday::Tue => "Tue",
        Weekday::Wed => "Wed",
        Weekday::Thu => "Thu",
        Weekday::Fri => "Fri",
        Weekday::Sat => "Sat",
        Weekday::Sun => "Sun",
    }
}

pub(crate) fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// "02/03".
pub(crate) fn dm(d: NaiveDate) -> String {
    format!("{:02}/{:02}", d.day(), d.month())
}

/// "02/03/2026".
pub(crate) fn dmy(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}

/// "07:00" (seconds are not shown).
pub(crate) fn hm(t: NaiveTime) -> String {
    t.format("%H:%M").to_string()
}

/// "07:00 02/03/2026".
pub(crate) fn hm_dmy(t: NaiveDateTime) -> String {
    format!("{} {}", hm(t.time()), dmy(t.date()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_offset() {
        let utc = DateTime::parse_from_rfc3339("2023-10-27T02:32:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let local = to_vietnam(utc);
        assert_eq!(local.to_string(), "2023-10-27 09:32:00");
        assert_eq!(from_vietnam(local), utc);
        assert_eq!(vietnam_offset().local_minus_utc(), 7 * 3600);
    }

    #[test]
    fn names() {
        let d = NaiveDate::from_ymd_opt(2026, 1, 10).unwrap();
        assert_eq!(weekday_vi(d), "Thứ Bảy");
        assert_eq!(weekday_vi_lower(d), "thứ Bảy");
        assert_eq!(weekday_vi_lower(d.succ_opt().unwrap()), "chủ nhật");
        assert_eq!(dm(d), "10/01");
        assert_eq!(dmy(d), "10/01/2026");
    }
}

//! Mã hồ sơ một desk may issue: the portal checks the whole code of every `create` it is sent,
//! not only its unit prefix (issue 14, point 2: a desk could take a number of another desk's share
//! and the real dossier was then refused as "code taken").
//!
//! A code is `<unit code>-YYMMDD-NNNN` (domain.md "Dossier code"; the desk makes it in
//! `src/dossier/mod.rs`, `format_code`):
//! - the unit code is the pushing desk's unit's;
//! - `YYMMDD` is a real calendar day (20YY), the Vietnam day of the dossier's `received_at` (the
//!   desk derives the code's day from it), and not after the portal's today + 1 (Vietnam time: a
//!   desk clock a little ahead, a dossier received just after midnight);
//! - `NNNN` is at least four digits, at most six (a day's ordinal), written as the desk writes it
//!   (`{:04}`: no extra leading zeros), at least 1;
//! - the number lies in the desk's share of the unit's daily sequence (slot `s` of `n`:
//!   `s+1, s+1+n, …`, see [`crate::desks`]), unless the dossier was received before the desk
//!   enrolled with the portal: a desk set up alone (or enrolled before under another slot) issued
//!   its earlier numbers from another share, and those still reach the portal after enrollment.
//!
//! The window has no lower bound beyond that: an offline desk may push days or weeks later, and a
//! clerk may record a paper dossier received earlier (the desk allows a past `received_at`), so
//! neither the push time nor the desk's creation bounds the day from below. What a desk can take
//! outside its share is therefore limited to dossiers dated before its own enrollment, and only
//! codes no other dossier holds yet (the dossier table's unique code).

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, Utc};

/// Most digits of the day's number.
pub const MAX_NUMBER_DIGITS: usize = 6;

/// What the portal knows of the pushing desk to check its codes.
#[derive(Debug, Clone)]
pub struct DeskShare {
    pub unit_code: String,
    /// `seq_offset`: the desk's slot.
    pub slot: i64,
    /// `seq_stride`: the unit's number of slots.
    pub stride: i64,
    /// When the desk enrolled (took its share), if it did.
    pub enrolled_at: Option<DateTime<Utc>>,
}

impl DeskShare {
    /// Whether `number` is one of this desk's share.
    pub fn owns(&self, number: i64) -> bool {
        let stride = self.stride.max(1);
        number >= 1 && (number - 1).rem_euclid(stride) == self.slot
    }
}

fn vietnam() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}

/// The Vietnam calendar day of an instant.
pub fn vietnam_day(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&vietnam()).date_naive()
}

/// A code split into its day and number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Parts {
    pub day: NaiveDate,
    pub number: i64,
}

/// Splits `code` (already upper-cased) of `unit_code`; `Err` says in Vietnamese what is wrong.
pub fn parse(code: &str, unit_code: &str) -> Result<Parts, String> {
    let unit = unit_code.to_uppercase();
    let shown = shorten(code);
    let format_hint = format!("{unit}-YYMMDD-NNNN");
    let Some(rest) = code.strip_prefix(&unit).and_then(|r| r.strip_prefix('-')) else {
        return Err(format!(
            "Mã hồ sơ «{shown}» không thuộc đơn vị «{unit}» (phải có dạng {format_hint}): quầy chỉ được cấp mã của đơn vị mình."
        ));
    };
    let bad_format = || {
        format!(
            "Mã hồ sơ «{shown}» không đúng dạng {format_hint} (ngày 6 chữ số, số thứ tự 4–{MAX_NUMBER_DIGITS} chữ số)."
        )
    };
    let Some((yymmdd, number)) = rest.split_once('-') else {
        return Err(bad_format());
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if yymmdd.len() != 6
        || !digits(yymmdd)
        || number.len() < 4
        || number.len() > MAX_NUMBER_DIGITS
        || !digits(number)
    {
        return Err(bad_format());
    }
    let n: i64 = number.parse().map_err(|_| bad_format())?;
    if n < 1 || format!("{n:04}") != number {
        return Err(format!(
            "Số thứ tự trong mã hồ sơ «{shown}» không hợp lệ (từ 0001, không thêm số 0 ở đầu)."
        ));
    }
    let field = |i: usize| yymmdd[i..i + 2].parse::<u32>().unwrap_or(0);
    let Some(day) = NaiveDate::from_ymd_opt(2000 + field(0) as i32, field(2), field(4)) else {
        return Err(format!(
            "Ngày trong mã hồ sơ «{shown}» ({yymmdd}) không phải một ngày có thật."
        ));
    };
    Ok(Parts { day, number: n })
}

/// Checks the code of a `create` of `desk`, received at `received_at`, pushed at `now`.
pub fn check(
    desk: &DeskShare,
    code: &str,
    received_at: DateTime<Utc>,
    now: DateTime<Utc>,
) -> Result<(), String> {
    let parts = parse(code, &desk.unit_code)?;
    let shown = shorten(code);
    let latest = vietnam_day(now) + Duration::days(1);
    if parts.day > latest {
        return Err(format!(
            "Ngày trong mã hồ sơ «{shown}» ({}) ở tương lai so với cổng (hôm nay {}): kiểm tra đồng hồ của quầy.",
            parts.day.format("%d/%m/%Y"),
            vietnam_day(now).format("%d/%m/%Y")
        ));
    }
    let received_day = vietnam_day(received_at);
    if parts.day != received_day {
        return Err(format!(
            "Ngày trong mã hồ sơ «{shown}» ({}) khác ngày tiếp nhận hồ sơ ({}).",
            parts.day.format("%d/%m/%Y"),
            received_day.format("%d/%m/%Y")
        ));
    }
    let before_share = desk.enrolled_at.is_none_or(|e| received_at < e);
    if !before_share && !desk.owns(parts.number) {
        return Err(format!(
            "Số {:04} trong mã hồ sơ «{shown}» không thuộc phần số thứ tự của quầy này (quầy được cấp các số {}, {}, {}, … mỗi ngày): quầy chỉ được cấp số của mình.",
            parts.number,
            desk.slot + 1,
            desk.slot + 1 + desk.stride,
            desk.slot + 1 + 2 * desk.stride
        ));
    }
    Ok(())
}

/// At most 40 characters of a code, for a message (a code may be anything a desk sent).
fn shorten(code: &str) -> String {
    let mut out: String = code.chars().take(40).collect();
    if code.chars().nth(40).is_some() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .expect("time")
            .with_timezone(&Utc)
    }

    fn desk(slot: i64) -> DeskShare {
        DeskShare {
            unit_code: "000.00.31.H29".into(),
            slot,
            stride: 3,
            enrolled_at: Some(at("2026-12-01T00:00:00Z")),
        }
    }

    const NOW: &str = "2026-12-07T20:00:00Z"; // 08/12/2026 in Vietnam

    #[test]
    fn a_code_of_its_own_share_passes() {
        let r = at("2026-12-07T20:00:00Z");
        assert!(check(&desk(0), "000.00.31.H29-261208-0001", r, at(NOW)).is_ok());
        assert!(check(&desk(0), "000.00.31.H29-261208-0004", r, at(NOW)).is_ok());
        assert!(check(&desk(1), "000.00.31.H29-261208-0002", r, at(NOW)).is_ok());
        assert!(check(&desk(2), "000.00.31.H29-261208-12345", r, at(NOW)).is_ok());
        assert!(check(&desk(0), "000.00.31.H29-261208-12345", r, at(NOW)).is_err());
        assert!(check(&desk(1), "000.00.31.H29-261208-12347", r, at(NOW)).is_ok());
    }

    #[test]
    fn another_desks_number_is_refused() {
        let r = at("2026-12-07T20:00:00Z");
        let e = check(&desk(0), "000.00.31.H29-261208-0002", r, at(NOW)).unwrap_err();
        assert!(e.contains("không thuộc phần số thứ tự"), "{e}");
    }

    #[test]
    fn numbers_issued_before_enrollment_keep_their_old_share() {
        let before = at("2026-11-30T03:00:00Z");
        assert!(check(&desk(0), "000.00.31.H29-261130-0002", before, at(NOW)).is_ok());
    }

    #[test]
    fn malformed_codes_are_refused() {
        let r = at("2026-12-07T20:00:00Z");
        let long = format!("000.00.31.H29-261208-{}", "1".repeat(5000));
        for code in [
            "000.00.31.H29-<SCRIPT>ALERT(1)</SCRIPT>",
            "000.00.31.H29-",
            "000.00.31.H29-991399-0001",
            "000.00.31.H29-261208-001",
            "000.00.31.H29-261208-00001",
            "000.00.31.H29-261208-0000",
            "000.00.31.H29-261208-+001",
            "000.00.31.H29-261208-0001-X",
            "000.00.31.H2-261208-0001",
            "000.00.31.H29261208-0001",
            long.as_str(),
        ] {
            assert!(check(&desk(0), code, r, at(NOW)).is_err(), "{code}");
        }
    }

    #[test]
    fn the_day_is_real_and_not_after_tomorrow() {
        let far = at("2026-12-09T20:00:00Z");
        let e = check(&desk(0), "000.00.31.H29-261210-0001", far, at(NOW)).unwrap_err();
        assert!(e.contains("tương lai"), "{e}");
        let tomorrow = at("2026-12-08T20:00:00Z");
        assert!(check(&desk(0), "000.00.31.H29-261209-0001", tomorrow, at(NOW)).is_ok());
        // The code's day must be the day the dossier was received (Vietnam time).
        let e = check(
            &desk(0),
            "000.00.31.H29-261207-0001",
            at("2026-12-07T20:00:00Z"),
            at(NOW),
        )
        .unwrap_err();
        assert!(e.contains("khác ngày tiếp nhận"), "{e}");
    }
}

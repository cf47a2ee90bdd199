//! Giấy tờ tùy thân và liên lạc: checks of ID numbers, phones and e-mail addresses.
//!
//! Số định danh cá nhân (12 digits) is `PPP G YY RRRRRR`: PPP the (pre-2025) province of birth
//! registration, G century and sex, YY the birth year. There is no check digit, so a number can
//! only be checked for shape, province and a plausible birth year.

use chrono::Datelike;
use rust_i18n::t;

use crate::{Error, Result};

/// Mã tỉnh (old, pre-2025 numbering) used in personal ID numbers. Not remapped after the 2025
/// mergers: IDs issued before keep their code.
const PROVINCE_CODES: [u16; 63] = [
    1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36, 37,
    38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75, 77,
    79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96,
];

/// What kind of identity document a number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdKind {
    /// Số định danh cá nhân / căn cước (12 digits).
    PersonalId,
    /// Chứng minh nhân dân cũ (9 digits).
    LegacyId,
    /// Hộ chiếu.
    Passport,
}

/// Checks an ID number and returns its kind; the error message is for the clerk.
pub fn check_id_number(raw: &str) -> Result<IdKind> {
    let s: String = raw.trim().chars().filter(|c| !c.is_whitespace()).collect();
    let bad = |msg: String| Error::invalid("invalid_id_number", Some("id_number"), msg);
    if s.is_empty() {
        return Err(bad(t!("identity.id_required").to_string()));
    }
    if s.chars().all(|c| c.is_ascii_digit()) {
        return match s.len() {
            12 => check_personal_id(&s).map(|_| IdKind::PersonalId),
            9 => Ok(IdKind::LegacyId),
            n => Err(bad(t!("identity.id_length", len = n).to_string())),
        };
    }
    // Hộ chiếu: Vietnamese passports are one letter + 7 digits; foreign ones vary (6-9 letters/digits).
    let upper = s.to_uppercase();
    if (6..=9).contains(&upper.len())
        && upper.chars().all(|c| c.is_ascii_alphanumeric())
        && upper.chars().any(|c| c.is_ascii_alphabetic())
        && upper.chars().any(|c| c.is_ascii_digit())
    {
        return Ok(IdKind::Passport);
    }
    Err(bad(t!("identity.id_shape").to_string()))
}

fn check_personal_id(s: &str) -> Result<()> {
    let bad = |msg: String| Error::invalid("invalid_id_number", Some("id_number"), msg);
    let digit = |i: usize| {
        s.as_bytes()
            .get(i)
            .map(|b| u32::from(b - b'0'))
            .unwrap_or(0)
    };
    let province = (digit(0) * 100 + digit(1) * 10 + digit(2)) as u16;
    if !PROVINCE_CODES.contains(&province) {
        return Err(bad(t!(
            "identity.id_province",
            code = format!("{province:03}")
        )
        .to_string()));
    }
    let century = match digit(3) {
        0 | 1 => 1900,
        2 | 3 => 2000,
        g => return Err(bad(t!("identity.id_century", digit = g).to_string())),
    };
    let year = century + (digit(4) * 10 + digit(5)) as i32;
    if year > chrono::Utc::now().year() {
        return Err(bad(t!("identity.id_future", year = year).to_string()));
    }
    Ok(())
}

/// Normalises a Vietnamese phone number to `0xxxxxxxxx`: mobiles are 10 digits starting
/// 03/05/07/08/09, landlines 11 digits starting 02; `+84`/`84` prefixes are accepted.
pub fn normalize_phone(raw: &str) -> Result<String> {
    let digits: String = raw
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '.' | '-' | '(' | ')'))
        .collect();
    let bad = || {
        Error::invalid(
            "invalid_phone",
            Some("phone"),
            t!("identity.phone", value = raw.trim()).to_string(),
        )
    };
    let local = if let Some(rest) = digits.strip_prefix("+84") {
        format!("0{rest}")
    } else if digits.starts_with("84") && digits.len() >= 11 {
        format!("0{}", &digits[2..])
    } else {
        digits
    };
    if !local.chars().all(|c| c.is_ascii_digit()) {
        return Err(bad());
    }
    let ok = match local.len() {
        10 => matches!(&local[..2], "03" | "05" | "07" | "08" | "09"),
        11 => local.starts_with("02"),
        _ => false,
    };
    if ok { Ok(local) } else { Err(bad()) }
}

/// A plain shape check of an e-mail address (something@domain.tld, no spaces).
pub fn check_email(raw: &str) -> Result<String> {
    let s = raw.trim();
    let bad = || {
        Error::invalid(
            "invalid_email",
            Some("email"),
            t!("identity.email", value = s).to_string(),
        )
    };
    let (local, domain) = s.split_once('@').ok_or_else(bad)?;
    if local.is_empty()
        || domain.len() < 3
        || !domain.contains('.')
        || domain.starts_with('.')
        || domain.ends_with('.')
        || s.chars().any(char::is_whitespace)
        || domain.contains('@')
    {
        return Err(bad());
    }
    Ok(s.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn personal_ids() {
        assert_eq!(
            check_id_number("001090012345").ok(),
            Some(IdKind::PersonalId)
        );
        assert_eq!(
            check_id_number("079301012345").ok(),
            Some(IdKind::PersonalId)
        );
        // 003 is not a province code
        assert_eq!(
            check_id_number("003090012345").map_err(|e| e.code()),
            Err("invalid_id_number")
        );
        // century digit 7 is not a living person's
        assert!(check_id_number("001790012345").is_err());
        // born in 2099: in the future
        assert!(check_id_number("001299012345").is_err());
        assert!(check_id_number("00109001234").is_err());
        assert_eq!(check_id_number("123456789").ok(), Some(IdKind::LegacyId));
        assert_eq!(check_id_number("C1234567").ok(), Some(IdKind::Passport));
        assert!(check_id_number("abc").is_err());
        assert!(check_id_number("").is_err());
    }

    #[test]
    fn phones() {
        assert_eq!(
            normalize_phone("0912 345 678").ok().as_deref(),
            Some("0912345678")
        );
        assert_eq!(
            normalize_phone("+84912345678").ok().as_deref(),
            Some("0912345678")
        );
        assert_eq!(
            normalize_phone("84-912-345-678").ok().as_deref(),
            Some("0912345678")
        );
        assert_eq!(
            normalize_phone("02438123456").ok().as_deref(),
            Some("02438123456")
        );
        assert!(normalize_phone("0112345678").is_err());
        assert!(normalize_phone("09123").is_err());
        assert!(normalize_phone("09123456ab").is_err());
    }

    #[test]
    fn emails() {
        assert!(check_email("a@b.vn").is_ok());
        assert!(check_email("a b@c.vn").is_err());
        assert!(check_email("abc").is_err());
        assert!(check_email("a@vn").is_err());
    }
}

//! Giấy tờ tùy thân và liên lạc: checks of ID numbers, phones and e-mail addresses.
//!
//! Số định danh cá nhân (12 digits) is `PPP G YY RRRRRR`: PPP the (pre-2025) province of birth
//! registration, G century and sex, YY the birth year. There is no check digit, so a number can
//! only be checked for shape, province and a plausible birth year, and against the birth date
//! and sex the person declares ([`check_personal_id_with`]).
//!
//! Errors are for what is certainly wrong; [`Warning`]s for what a clerk should look at but the
//! desk cannot decide (a legacy CMND, a passport of an unusual shape, a landline phone).

pub mod idcard;
pub mod tax_code;

use chrono::{Datelike, NaiveDate};
use rust_i18n::t;
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// Mã tỉnh (old, pre-2025 numbering) used in personal ID numbers. Not remapped after the 2025
/// mergers: IDs issued before keep their code.
const PROVINCE_CODES: [u16; 63] = [
    1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34, 35, 36, 37,
    38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67, 68, 70, 72, 74, 75, 77,
    79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96,
];

/// Whether `code` is one of the (pre-2025) province codes used in personal ID numbers.
pub fn is_province_code(code: u16) -> bool {
    PROVINCE_CODES.contains(&code)
}

/// What kind of identity document a number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum IdKind {
    /// Số định danh cá nhân / căn cước (12 digits).
    PersonalId,
    /// Chứng minh nhân dân cũ (9 digits).
    LegacyId,
    /// Hộ chiếu.
    Passport,
}

/// Giới tính as printed on the ID card ("Nam" / "Nữ"); serialised `male` / `female`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
#[ts(export_to = "../ui/src/lib/bindings/")]
pub enum Sex {
    Male,
    Female,
}

impl Sex {
    /// "Nam" / "Nữ" in any case, with or without diacritics (a scanner on a foreign keyboard
    /// layout may lose them); also `male`/`female`/`m`/`f`.
    pub fn parse(s: &str) -> Option<Sex> {
        match crate::search_text::fold(s).as_str() {
            "nam" | "male" | "m" => Some(Sex::Male),
            "nu" | "female" | "f" => Some(Sex::Female),
            _ => None,
        }
    }

    /// The word printed on the card: "Nam" / "Nữ".
    pub fn card_label(self) -> &'static str {
        match self {
            Sex::Male => "Nam",
            Sex::Female => "Nữ",
        }
    }

    /// The label in the current language.
    pub fn label(self) -> String {
        match self {
            Sex::Male => t!("identity.sex_male").to_string(),
            Sex::Female => t!("identity.sex_female").to_string(),
        }
    }
}

/// Something a clerk should look at that the desk cannot decide; never blocks saving.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// Stable machine-readable code, e.g. `legacy_id`.
    pub code: &'static str,
    /// Translated message for the clerk.
    pub message: String,
}

/// What the first six digits of a personal ID number say (`PPP G YY`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PersonalIdInfo {
    /// PPP: (pre-2025) province of birth registration, not checked against the list here.
    pub province: u16,
    /// G, the century/sex digit.
    pub century_digit: u8,
    /// First year of the century G stands for (0/1 → 1900, 2/3 → 2000, 4/5 → 2100, 6/7 → 2200,
    /// 8/9 → 2300; Thông tư 07/2016/TT-BCA, Điều 7).
    pub century: i32,
    /// Even G: male, odd G: female.
    pub sex: Sex,
    /// YY, the last two digits of the birth year.
    pub year_digits: u8,
    /// `century + YY`.
    pub birth_year: i32,
}

/// Decodes `PPP G YY` of a 12-digit personal ID number; `None` unless `s` is exactly 12 ASCII
/// digits. Checks nothing else: see [`check_id_number`].
pub fn decode_personal_id(s: &str) -> Option<PersonalIdInfo> {
    let b = s.as_bytes();
    if b.len() != 12 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let d = |i: usize| b.get(i).map_or(0, |c| c - b'0');
    let century_digit = d(3);
    let century = 1900 + 100 * i32::from(century_digit / 2);
    let year_digits = d(4) * 10 + d(5);
    Some(PersonalIdInfo {
        province: u16::from(d(0)) * 100 + u16::from(d(1)) * 10 + u16::from(d(2)),
        century_digit,
        century,
        sex: if century_digit % 2 == 0 {
            Sex::Male
        } else {
            Sex::Female
        },
        year_digits,
        birth_year: century + i32::from(year_digits),
    })
}

/// The number without white space (passports upper-cased), as it is stored.
fn compact_id(raw: &str) -> String {
    raw.chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_uppercase)
        .collect()
}

/// Checks an ID number and returns its kind; the error message is for the clerk.
pub fn check_id_number(raw: &str) -> Result<IdKind> {
    let s = compact_id(raw);
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
    if (6..=9).contains(&s.len())
        && s.chars().all(|c| c.is_ascii_alphanumeric())
        && s.chars().any(|c| c.is_ascii_alphabetic())
        && s.chars().any(|c| c.is_ascii_digit())
    {
        return Ok(IdKind::Passport);
    }
    Err(bad(t!("identity.id_shape").to_string()))
}

/// Checks an ID number and returns it as stored: white space removed, passports upper-cased.
pub fn normalize_id_number(raw: &str) -> Result<String> {
    check_id_number(raw).map(|_| compact_id(raw))
}

fn check_personal_id(s: &str) -> Result<()> {
    match personal_id_problems(s).into_iter().next() {
        Some(msg) => Err(Error::invalid("invalid_id_number", Some("id_number"), msg)),
        None => Ok(()),
    }
}

/// Every problem of a 12-digit personal ID number (province, century digit, future birth year),
/// as translated messages; empty when it passes.
pub(crate) fn personal_id_problems(s: &str) -> Vec<String> {
    let Some(info) = decode_personal_id(s) else {
        return vec![t!("identity.id_shape").to_string()];
    };
    let mut problems = Vec::new();
    if !is_province_code(info.province) {
        problems.push(
            t!(
                "identity.id_province",
                code = format!("{:03}", info.province)
            )
            .to_string(),
        );
    }
    // Only 0-3 (born 1900-2099) can belong to a living person today.
    if info.century_digit > 3 {
        problems.push(t!("identity.id_century", digit = info.century_digit).to_string());
    } else if info.birth_year > chrono::Utc::now().year() {
        problems.push(t!("identity.id_future", year = info.birth_year).to_string());
    }
    problems
}

/// `dd/mm/yyyy`, as dates are written on Vietnamese forms.
pub fn vn_date(d: NaiveDate) -> String {
    d.format("%d/%m/%Y").to_string()
}

/// Checks an ID number against the birth date and sex the person declares.
///
/// Errors: everything [`check_id_number`] rejects, and a 12-digit personal ID whose birth year
/// (century digit + YY) or sex (even/odd century digit) disagrees with `birth_date` / `sex`
/// (code `id_mismatch`; all disagreements in one message).
/// Warnings, where the rule is uncertain: a 9-digit CMND (no longer valid as a document since
/// 1/1/2025 and carries no birth year or sex), a passport not shaped like a Vietnamese one.
pub fn check_personal_id_with(
    id: &str,
    birth_date: Option<NaiveDate>,
    sex: Option<Sex>,
) -> Result<Vec<Warning>> {
    let kind = check_id_number(id)?;
    let s = compact_id(id);
    let mut warnings = Vec::new();
    match kind {
        IdKind::PersonalId => {
            let Some(info) = decode_personal_id(&s) else {
                return Err(Error::invalid(
                    "invalid_id_number",
                    Some("id_number"),
                    t!("identity.id_shape").to_string(),
                ));
            };
            let mut mismatches = Vec::new();
            if let Some(b) = birth_date
                && b.year() != info.birth_year
            {
                mismatches.push(
                    t!(
                        "identity.id_birth_mismatch",
                        year = info.birth_year,
                        date = vn_date(b)
                    )
                    .to_string(),
                );
            }
            if let Some(x) = sex
                && x != info.sex
            {
                mismatches.push(
                    t!(
                        "identity.id_sex_mismatch",
                        digit = info.century_digit,
                        id_sex = info.sex.label(),
                        sex = x.label()
                    )
                    .to_string(),
                );
            }
            if !mismatches.is_empty() {
                return Err(Error::invalid(
                    "id_mismatch",
                    Some("id_number"),
                    mismatches.join(" "),
                ));
            }
        }
        IdKind::LegacyId => warnings.push(Warning {
            code: "legacy_id",
            message: t!("identity.warn_legacy_id").to_string(),
        }),
        IdKind::Passport => {
            let b = s.as_bytes();
            let vietnamese_shape = b.len() == 8
                && b.first().is_some_and(u8::is_ascii_alphabetic)
                && b.iter().skip(1).all(u8::is_ascii_digit);
            if !vietnamese_shape {
                warnings.push(Warning {
                    code: "passport_shape",
                    message: t!("identity.warn_passport_shape", value = s.as_str()).to_string(),
                });
            }
        }
    }
    Ok(warnings)
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

/// What kind of line a normalised phone number is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PhoneKind {
    /// 10 digits, 03/05/07/08/09.
    Mobile,
    /// 11 digits starting 02.
    Landline,
}

/// [`normalize_phone`] plus the kind of line and warnings: a landline cannot receive the SMS
/// that tells the citizen the result is ready.
pub fn check_phone(raw: &str) -> Result<(String, PhoneKind, Vec<Warning>)> {
    let phone = normalize_phone(raw)?;
    if phone.len() == 11 {
        let warning = Warning {
            code: "landline",
            message: t!("identity.warn_landline", value = phone.as_str()).to_string(),
        };
        Ok((phone, PhoneKind::Landline, vec![warning]))
    } else {
        Ok((phone, PhoneKind::Mobile, Vec::new()))
    }
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
    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    #[test]
    fn decodes_century_sex_and_year() {
        let i = decode_personal_id("079301012345").expect("12 digits");
        assert_eq!(
            (i.province, i.century_digit, i.sex, i.birth_year),
            (79, 3, Sex::Female, 2001)
        );
        let i = decode_personal_id("001090012345").expect("12 digits");
        assert_eq!((i.century, i.sex, i.birth_year), (1900, Sex::Male, 1990));
        assert_eq!(
            decode_personal_id("001490012345").map(|i| i.birth_year),
            Some(2190)
        );
        assert_eq!(decode_personal_id("00109001234"), None);
        assert_eq!(decode_personal_id("00109001234x"), None);
        assert_eq!(decode_personal_id("００1090012345"), None);
    }

    #[test]
    fn every_personal_id_problem_is_listed() {
        assert!(personal_id_problems("001090012345").is_empty());
        // bad province AND bad century digit
        assert_eq!(personal_id_problems("003790012345").len(), 2);
        // bad province AND future year
        assert_eq!(personal_id_problems("003299012345").len(), 2);
    }

    #[test]
    fn id_agrees_with_birth_date_and_sex() {
        let ok = check_personal_id_with("001090012345", Some(date(1990, 5, 17)), Some(Sex::Male));
        assert_eq!(ok.ok(), Some(vec![]));
        assert!(
            check_personal_id_with("079301012345", Some(date(2001, 1, 1)), Some(Sex::Female))
                .is_ok()
        );
        // nothing declared: nothing to compare
        assert!(check_personal_id_with("079301012345", None, None).is_ok());
        // wrong year, wrong century, wrong sex
        for (birth, sex) in [
            (Some(date(1991, 5, 17)), None),
            (Some(date(2090, 5, 17)), None),
            (None, Some(Sex::Female)),
        ] {
            let e = check_personal_id_with("001090012345", birth, sex).map_err(|e| e.code());
            assert_eq!(e, Err("id_mismatch"), "{birth:?} {sex:?}");
        }
        // both wrong: one error naming both
        let e = check_personal_id_with("001090012345", Some(date(1991, 1, 1)), Some(Sex::Female))
            .err()
            .map(|e| (e.field(), e.to_string()));
        let (field, msg) = e.expect("mismatch");
        assert_eq!(field, Some("id_number"));
        assert!(msg.contains("1990") && msg.contains("01/01/1991"), "{msg}");
        // shape errors still come first
        assert_eq!(
            check_personal_id_with("003090012345", None, None).map_err(|e| e.code()),
            Err("invalid_id_number")
        );
    }

    #[test]
    fn uncertain_documents_give_warnings() {
        let w = check_personal_id_with("123456789", Some(date(1970, 1, 1)), Some(Sex::Male))
            .expect("legacy ids are accepted");
        assert_eq!(w.iter().map(|w| w.code).collect::<Vec<_>>(), ["legacy_id"]);
        assert!(!w[0].message.starts_with("identity."), "missing key");
        let w = check_personal_id_with("C1234567", None, None).expect("passport");
        assert!(w.is_empty());
        let w = check_personal_id_with("x12ab345", None, None).expect("foreign passport");
        assert_eq!(
            w.iter().map(|w| w.code).collect::<Vec<_>>(),
            ["passport_shape"]
        );
        assert!(w[0].message.contains("X12AB345"));
    }

    #[test]
    fn normalised_id_numbers() {
        assert_eq!(
            normalize_id_number(" 001 090 012345 ").ok().as_deref(),
            Some("001090012345")
        );
        assert_eq!(
            normalize_id_number("c1234567").ok().as_deref(),
            Some("C1234567")
        );
        assert!(normalize_id_number("12345").is_err());
    }

    #[test]
    fn sex_words() {
        assert_eq!(Sex::parse("Nam"), Some(Sex::Male));
        assert_eq!(Sex::parse("Nữ"), Some(Sex::Female));
        assert_eq!(Sex::parse("NỮ"), Some(Sex::Female));
        assert_eq!(Sex::parse("Nu\u{31b}\u{303}"), Some(Sex::Female));
        assert_eq!(Sex::parse(" nu "), Some(Sex::Female));
        assert_eq!(Sex::parse("Na"), None);
        assert_eq!(Sex::parse(""), None);
        assert_eq!(Sex::Female.card_label(), "Nữ");
    }

    #[test]
    fn landlines_are_warned_about() {
        let (p, k, w) = check_phone("024 3812 3456").expect("landline");
        assert_eq!((p.as_str(), k), ("02438123456", PhoneKind::Landline));
        assert_eq!(w.iter().map(|w| w.code).collect::<Vec<_>>(), ["landline"]);
        let (p, k, w) = check_phone("+84 912 345 678").expect("mobile");
        assert_eq!(
            (p.as_str(), k, w.len()),
            ("0912345678", PhoneKind::Mobile, 0)
        );
        assert!(check_phone("0212345").is_err());
    }
}

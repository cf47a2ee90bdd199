//! Mã số thuế (tax code).
//!
//! - 10 digits `N1..N10`, N10 a check digit: N10 = 10 − ((31·N1 + 29·N2 + 23·N3 + 19·N4 + 17·N5 +
//!   13·N6 + 7·N7 + 5·N8 + 3·N9) mod 11). When the sum is divisible by 11 the result would be 10,
//!   which is not a digit: no code has that prefix.
//! - A branch or dependent unit: the parent's 10 digits, a dash and 3 digits 001-999
//!   (`0100109106-001`).
//! - From 1/7/2025 an individual's tax code is their 12-digit personal ID (Thông tư
//!   86/2024/TT-BTC); it is checked as a personal ID.

use chrono::{NaiveDate, Utc};
use rust_i18n::t;
use serde::Serialize;

use crate::identity::{self, IdKind};
use crate::{Error, Result, clock};

/// Weights of N1..N9 in the check digit.
pub const WEIGHTS: [u32; 9] = [31, 29, 23, 19, 17, 13, 7, 5, 3];

/// What kind of tax code a valid one is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TaxCodeKind {
    /// 10 digits: an enterprise or organisation (or an individual's code issued before 7/2025).
    Main,
    /// `XXXXXXXXXX-YYY`: a branch or dependent unit of the 10-digit parent.
    Branch,
    /// A 12-digit personal ID used as an individual's tax code (from 1/7/2025).
    PersonalId,
}

/// The day from which a 12-digit personal ID is also a valid tax code.
pub fn personal_id_accepted_from() -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 7, 1).unwrap_or_default()
}

/// The check digit N10 for the first nine digits; `None` when `first_nine` is not 9 ASCII
/// digits or when the formula gives 10 (no valid code starts with those nine digits).
pub fn check_digit(first_nine: &str) -> Option<u8> {
    let b = first_nine.as_bytes();
    if b.len() != 9 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sum: u32 = b
        .iter()
        .zip(WEIGHTS)
        .map(|(c, w)| u32::from(c - b'0') * w)
        .sum();
    match sum % 11 {
        0 => None,
        r => u8::try_from(10 - r).ok(),
    }
}

/// Checks a tax code as of today (Vietnam time) and returns its kind.
pub fn check_tax_code(s: &str) -> Result<TaxCodeKind> {
    normalize_tax_code(s).map(|(_, kind)| kind)
}

/// [`check_tax_code`] as of the day `on`.
pub fn check_tax_code_at(s: &str, on: NaiveDate) -> Result<TaxCodeKind> {
    normalize_tax_code_at(s, on).map(|(_, kind)| kind)
}

/// Checks a tax code as of today and returns it as stored: no spaces, a branch as
/// `XXXXXXXXXX-YYY` (also when typed as 13 digits without the dash).
pub fn normalize_tax_code(s: &str) -> Result<(String, TaxCodeKind)> {
    normalize_tax_code_at(s, clock::local(Utc::now()).date())
}

fn bad(message: String) -> Error {
    Error::invalid("invalid_tax_code", Some("tax_code"), message)
}

/// A 10-digit code with a correct check digit, or the error to show.
fn check_main(code: &str) -> Result<()> {
    let b = code.as_bytes();
    if b.len() != 10 || !b.iter().all(u8::is_ascii_digit) {
        return Err(bad(t!("identity.tax_shape", value = code).to_string()));
    }
    let expected = code.get(..9).and_then(check_digit);
    let last = b.get(9).map(|c| c - b'0');
    if expected.is_some() && expected == last {
        Ok(())
    } else {
        Err(bad(t!("identity.tax_check_digit", value = code).to_string()))
    }
}

fn check_branch(branch: &str) -> Result<()> {
    let ok = branch.len() == 3 && branch.bytes().all(|b| b.is_ascii_digit()) && branch != "000";
    if ok {
        Ok(())
    } else {
        Err(bad(t!("identity.tax_branch", value = branch).to_string()))
    }
}

/// [`normalize_tax_code`] as of the day `on`.
pub fn normalize_tax_code_at(s: &str, on: NaiveDate) -> Result<(String, TaxCodeKind)> {
    let code: String = s
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '–' | '—' | '‐' | '‑' | '−' => '-',
            c => c,
        })
        .collect();
    if code.is_empty() {
        return Err(bad(t!("identity.tax_required").to_string()));
    }
    if let Some((main, branch)) = code.split_once('-') {
        check_main(main)?;
        check_branch(branch)?;
        return Ok((format!("{main}-{branch}"), TaxCodeKind::Branch));
    }
    if !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(bad(
            t!("identity.tax_shape", value = code.as_str()).to_string()
        ));
    }
    match code.len() {
        10 => check_main(&code).map(|_| (code, TaxCodeKind::Main)),
        13 => {
            let (main, branch) = code.split_at(10);
            check_main(main)?;
            check_branch(branch)?;
            Ok((format!("{main}-{branch}"), TaxCodeKind::Branch))
        }
        12 => {
            if on < personal_id_accepted_from() {
                return Err(bad(t!("identity.tax_personal_before").to_string()));
            }
            match identity::check_id_number(&code) {
                Ok(IdKind::PersonalId) => Ok((code, TaxCodeKind::PersonalId)),
                Ok(_) => Err(bad(
                    t!("identity.tax_shape", value = code.as_str()).to_string()
                )),
                Err(e) => Err(bad(e.to_string())),
            }
        }
        _ => Err(bad(
            t!("identity.tax_shape", value = code.as_str()).to_string()
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
    }

    fn after() -> NaiveDate {
        day(2025, 7, 1)
    }

    fn code_of(s: &str) -> std::result::Result<(String, TaxCodeKind), &'static str> {
        normalize_tax_code_at(s, after()).map_err(|e| {
            assert_eq!(e.field(), Some("tax_code"));
            assert!(!e.to_string().starts_with("identity."), "untranslated");
            e.code()
        })
    }

    #[test]
    fn check_digit_formula() {
        // Real codes: Viettel, Vinamilk, FPT.
        assert_eq!(check_digit("010010910"), Some(6));
        assert_eq!(check_digit("030058856"), Some(9));
        assert_eq!(check_digit("010124814"), Some(1));
        // sum 11·k → 10 − 0 = 10: not a digit, no valid code
        assert_eq!(check_digit("000000000"), None);
        assert_eq!(check_digit("001000007"), None); // 23·1 + 3·7 = 44 = 4·11
        // sum ≡ 10 (mod 11) → check digit 0
        assert_eq!(check_digit("001000003"), Some(0)); // 23 + 9 = 32 ≡ 10
        assert_eq!(check_digit("01001091"), None);
        assert_eq!(check_digit("01001091x"), None);
    }

    #[test]
    fn exactly_one_completion_unless_the_sum_is_divisible() {
        for n in (0..1_000_000_000u32).step_by(99_991) {
            let prefix = format!("{n:09}");
            let sum: u32 = prefix
                .bytes()
                .zip(WEIGHTS)
                .map(|(c, w)| u32::from(c - b'0') * w)
                .sum();
            let valid: Vec<u32> = (0..10)
                .filter(|d| check_tax_code_at(&format!("{prefix}{d}"), after()).is_ok())
                .collect();
            if sum.is_multiple_of(11) {
                assert!(valid.is_empty(), "{prefix}: {valid:?}");
            } else {
                assert_eq!(valid, [10 - sum % 11], "{prefix}");
            }
        }
    }

    #[test]
    fn ten_digit_codes() {
        for ok in [
            "0100109106",
            "0300588569",
            "0101248141",
            " 0100 109 106 ",
            "0010000030",
        ] {
            assert_eq!(code_of(ok).map(|(_, k)| k), Ok(TaxCodeKind::Main), "{ok}");
        }
        assert_eq!(
            code_of(" 0100 109 106 ").map(|(c, _)| c).as_deref(),
            Ok("0100109106")
        );
        for bad in [
            "0100109107",
            "0300588560",
            "0000000000",
            "0010000070",
            "0010000079",
        ] {
            assert_eq!(code_of(bad), Err("invalid_tax_code"), "{bad}");
        }
    }

    #[test]
    fn branches() {
        assert_eq!(
            code_of("0100109106-001"),
            Ok(("0100109106-001".to_string(), TaxCodeKind::Branch))
        );
        assert_eq!(
            code_of("0100109106 – 999").map(|(c, _)| c).as_deref(),
            Ok("0100109106-999")
        );
        assert_eq!(
            code_of("0100109106001").map(|(c, _)| c).as_deref(),
            Ok("0100109106-001")
        );
        for bad in [
            "0100109106-000",
            "0100109106-01",
            "0100109106-0001",
            "0100109106-00a",
            "0100109107-001",
            "0100109106-",
            "-001",
            "0100109106-001-002",
            "0100109106000",
        ] {
            assert_eq!(code_of(bad), Err("invalid_tax_code"), "{bad}");
        }
    }

    #[test]
    fn personal_ids_from_july_2025() {
        assert_eq!(
            code_of("001090012345"),
            Ok(("001090012345".to_string(), TaxCodeKind::PersonalId))
        );
        assert!(check_tax_code_at("001090012345", day(2025, 6, 30)).is_err());
        // not a personal ID: province 003, century digit 7
        assert_eq!(code_of("003090012345"), Err("invalid_tax_code"));
        assert_eq!(code_of("001790012345"), Err("invalid_tax_code"));
    }

    #[test]
    fn shapes() {
        for bad in [
            "",
            "   ",
            "abc",
            "12345",
            "01001091061",
            "010010910",
            "0100109106x",
        ] {
            assert_eq!(code_of(bad), Err("invalid_tax_code"), "{bad:?}");
        }
    }
}

//! Fuzz target: mã số thuế typed by a clerk (src/identity/tax_code.rs).
//!
//! Properties: never panics; errors are `invalid_tax_code` on the field `tax_code`; what is
//! accepted normalises to `NNNNNNNNNN`, `NNNNNNNNNN-BBB` or a 12-digit personal ID, with a correct
//! check digit, and normalises to itself again; a generated valid code is accepted in every way
//! it is typed, and every other last digit is refused.

use chrono::NaiveDate;
use motcua::Error;
use motcua::identity::tax_code::{
    TaxCodeKind, check_digit, check_tax_code_at, normalize_tax_code_at, personal_id_accepted_from,
};
use motcua_fuzz::{Mutation, class, generated, mutate, no_fixup, text};
use proptest::prelude::*;

const TARGET: &str = "tax_code";

fn days() -> [NaiveDate; 2] {
    [
        NaiveDate::from_ymd_opt(2025, 6, 30).unwrap_or_default(),
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default(),
    ]
}

fn main_ok(code: &str) -> bool {
    code.len() == 10
        && code.bytes().all(|b| b.is_ascii_digit())
        && check_digit(&code[..9]).map(|d| d + b'0') == code.bytes().nth(9)
}

fn check(raw: &str) -> String {
    let mut out = String::new();
    for on in days() {
        match normalize_tax_code_at(raw, on) {
            Ok((code, kind)) => {
                match kind {
                    TaxCodeKind::Main => assert!(main_ok(&code), "{code:?}"),
                    TaxCodeKind::Branch => {
                        let (main, branch) = code.split_once('-').expect("branch has a dash");
                        assert!(main_ok(main), "{code:?}");
                        assert!(
                            branch.len() == 3
                                && branch.bytes().all(|b| b.is_ascii_digit())
                                && branch != "000",
                            "{code:?}"
                        );
                    }
                    TaxCodeKind::PersonalId => {
                        assert!(
                            on >= personal_id_accepted_from(),
                            "a personal ID accepted before 1/7/2025"
                        );
                        assert!(code.len() == 12 && code.bytes().all(|b| b.is_ascii_digit()));
                    }
                }
                let again = normalize_tax_code_at(&code, on).expect("normalised code refused");
                assert_eq!(again, (code.clone(), kind), "not idempotent");
                assert_eq!(check_tax_code_at(raw, on).ok(), Some(kind));
                out.push_str(&format!("{kind:?} "));
            }
            Err(e) => {
                match &e {
                    Error::Invalid { code, field, .. } => {
                        assert_eq!((*code, *field), ("invalid_tax_code", Some("tax_code")));
                    }
                    other => panic!("untyped error {other:?}"),
                }
                out.push_str(&class("err", &e.to_string()));
                out.push(' ');
            }
        }
    }
    out
}

#[test]
fn mutate_tax_codes() {
    motcua::i18n::set_locale("vi");
    mutate(
        TARGET,
        Mutation {
            tokens: &[
                "-",
                "–",
                "—",
                "−",
                "‑",
                " ",
                "000",
                "001",
                "999",
                "0100109106",
                "١٢٣",
            ],
            json: false,
            max_len: 256,
        },
        no_fixup,
        |b| check(&text(b)),
    );
}

#[test]
fn generated_valid_codes() {
    motcua::i18n::set_locale("vi");
    let strategy = ("[0-9]{9}", 1u32..=999, 0usize..4).prop_filter_map(
        "the nine digits have a check digit",
        |(nine, branch, style)| check_digit(&nine).map(|d| (format!("{nine}{d}"), branch, style)),
    );
    generated(
        TARGET,
        strategy,
        |(main, branch, _)| format!("{main}-{branch:03}").into_bytes(),
        |(main, branch, style)| {
            let on = days()[1];
            prop_assert_eq!(
                normalize_tax_code_at(&format!(" {main} "), on).ok(),
                Some((main.clone(), TaxCodeKind::Main))
            );
            let b = format!("{branch:03}");
            let typed = match style {
                0 => format!("{main}-{b}"),
                1 => format!("{main} – {b}"),
                2 => format!("{main}{b}"),
                _ => format!("{} {} {}-{b}", &main[..4], &main[4..7], &main[7..]),
            };
            prop_assert_eq!(
                normalize_tax_code_at(&typed, on).ok(),
                Some((format!("{main}-{b}"), TaxCodeKind::Branch))
            );
            let last = main.as_bytes()[9];
            for d in b'0'..=b'9' {
                if d != last {
                    let wrong = format!("{}{}", &main[..9], d as char);
                    prop_assert!(
                        normalize_tax_code_at(&wrong, on).is_err(),
                        "{} accepted",
                        wrong
                    );
                }
            }
            Ok(())
        },
    );
}

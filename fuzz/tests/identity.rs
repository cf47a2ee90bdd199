//! Fuzz target: ID numbers (CCCD / CMND / passport), phone numbers and e-mail addresses typed by
//! a clerk or read from a card (src/identity/mod.rs).
//!
//! Input: line 1 the ID number, line 2 a birth date (YYYY-MM-DD), line 3 a sex word; the phone
//! and e-mail checks see every line and the whole text.
//! Properties: never panics; errors are `Error::Invalid` with the validator's own code and field;
//! what is accepted is normalised idempotently and accepted again with the same kind.

use chrono::{Datelike, NaiveDate};
use motcua::Error;
use motcua::identity::{
    IdKind, PhoneKind, Sex, check_email, check_id_number, check_personal_id_with, check_phone,
    is_province_code, normalize_id_number, normalize_phone,
};
use motcua_fuzz::{Mutation, generated, mutate, no_fixup, text};
use proptest::prelude::*;

const TARGET: &str = "identity";

fn code_of(e: &Error) -> (&'static str, Option<&'static str>) {
    match e {
        Error::Invalid { code, field, .. } => (code, *field),
        other => panic!("untyped error: {other:?}"),
    }
}

fn check_id(raw: &str, birth: Option<NaiveDate>, sex: Option<Sex>) -> String {
    let kind = match check_id_number(raw) {
        Ok(kind) => {
            let n = normalize_id_number(raw).expect("accepted but not normalised");
            assert_eq!(
                check_id_number(&n).ok(),
                Some(kind),
                "normalised {n:?} changes kind"
            );
            assert_eq!(
                normalize_id_number(&n).ok().as_deref(),
                Some(n.as_str()),
                "not idempotent"
            );
            let ok_shape = match kind {
                IdKind::PersonalId => n.len() == 12 && n.bytes().all(|b| b.is_ascii_digit()),
                IdKind::LegacyId => n.len() == 9 && n.bytes().all(|b| b.is_ascii_digit()),
                IdKind::Passport => {
                    (6..=9).contains(&n.len())
                        && n.bytes()
                            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
                }
            };
            assert!(ok_shape, "{kind:?} accepted with shape {n:?}");
            format!("{kind:?}")
        }
        Err(e) => {
            assert_eq!(code_of(&e), ("invalid_id_number", Some("id_number")));
            assert!(normalize_id_number(raw).is_err());
            "bad-id".to_string()
        }
    };
    let with = match check_personal_id_with(raw, birth, sex) {
        Ok(_) => {
            assert!(
                check_id_number(raw).is_ok(),
                "accepted with birth/sex, refused alone"
            );
            "ok".to_string()
        }
        Err(e) => {
            let (code, field) = code_of(&e);
            assert!(
                matches!(code, "invalid_id_number" | "id_mismatch") && field == Some("id_number"),
                "{code} {field:?}"
            );
            code.to_string()
        }
    };
    format!("{kind}/{with}")
}

fn check_contact(raw: &str) -> String {
    let phone = match normalize_phone(raw) {
        Ok(p) => {
            let ok = p.bytes().all(|b| b.is_ascii_digit())
                && ((p.len() == 10 && ["03", "05", "07", "08", "09"].contains(&&p[..2]))
                    || (p.len() == 11 && p.starts_with("02")));
            assert!(ok, "accepted phone normalised to {p:?}");
            assert_eq!(normalize_phone(&p).ok().as_deref(), Some(p.as_str()));
            let (q, kind, warnings) = check_phone(raw).expect("normalised but check_phone fails");
            assert_eq!(q, p);
            assert_eq!(kind == PhoneKind::Landline, p.len() == 11);
            assert_eq!(warnings.is_empty(), kind == PhoneKind::Mobile);
            "phone"
        }
        Err(e) => {
            assert_eq!(code_of(&e), ("invalid_phone", Some("phone")));
            assert!(check_phone(raw).is_err());
            "no-phone"
        }
    };
    let email = match check_email(raw) {
        Ok(m) => {
            assert_eq!(m, raw.trim());
            assert!(m.contains('@') && !m.chars().any(char::is_whitespace));
            assert_eq!(check_email(&m).ok().as_deref(), Some(m.as_str()));
            "email"
        }
        Err(e) => {
            assert_eq!(code_of(&e), ("invalid_email", Some("email")));
            "no-email"
        }
    };
    format!("{phone}/{email}")
}

fn check(input: &str) -> String {
    let mut lines = input.split('\n');
    let id = lines.next().unwrap_or_default();
    let birth = lines
        .next()
        .and_then(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok());
    let sex = lines.next().and_then(Sex::parse);
    let mut outcome = check_id(id, birth, sex);
    for line in input.split('\n').take(4) {
        outcome.push(' ');
        outcome.push_str(&check_contact(line));
    }
    check_contact(input);
    outcome
}

#[test]
fn mutate_ids_and_contacts() {
    motcua::i18n::set_locale("vi");
    mutate(
        TARGET,
        Mutation {
            tokens: &[
                "+84",
                "84",
                "(",
                ")",
                ".",
                "-",
                " ",
                "@",
                "@@",
                ".vn",
                "0",
                "02",
                "09",
                "001",
                "079",
                "003",
                "B",
                "ß",
                "ǆ",
                "ﬃ",
                "İ",
                "Nam",
                "Nữ",
                "male",
                "f",
                "1990-05-17",
                "2099-01-01",
                "\n",
            ],
            json: false,
            max_len: 512,
        },
        no_fixup,
        |b| check(&text(b)),
    );
}

/// A valid personal ID with the birth date and sex it encodes, typed with random spaces.
fn personal() -> impl Strategy<Value = (String, NaiveDate, Sex, String)> {
    (
        (1u16..=96).prop_filter("a province code", |p| is_province_code(*p)),
        0i64..46_000,
        any::<bool>(),
        0u32..1_000_000,
        proptest::collection::vec(0usize..12, 0..4),
    )
        .prop_map(|(province, days, female, serial, spaces)| {
            let base = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default();
            let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default();
            let birth = (base + chrono::Duration::days(days)).min(today);
            let g = (birth.year() / 100 - 19) * 2 + i32::from(female);
            let id = format!("{province:03}{g}{:02}{serial:06}", birth.year() % 100);
            let mut typed: Vec<char> = id.chars().collect();
            for at in spaces {
                typed.insert(at.min(typed.len()), ' ');
            }
            let sex = if female { Sex::Female } else { Sex::Male };
            (id, birth, sex, typed.into_iter().collect())
        })
}

/// A mobile or landline number and the ways people write it.
fn phone() -> impl Strategy<Value = (String, String)> {
    (
        prop_oneof![
            ("[35789]", "[0-9]{8}").prop_map(|(p, r)| format!("0{p}{r}")),
            "[0-9]{9}".prop_map(|r| format!("02{r}")),
        ],
        0usize..5,
    )
        .prop_map(|(local, style)| {
            let rest = &local[1..];
            let typed = match style {
                0 => local.clone(),
                1 => format!("+84 {rest}"),
                2 => format!("84{rest}"),
                3 => format!("{}.{}.{}", &local[..4], &local[4..7], &local[7..]),
                _ => format!("(+84) {}-{}", &rest[..3], &rest[3..]),
            };
            (local, typed)
        })
}

#[test]
fn generated_valid_ids_and_phones() {
    motcua::i18n::set_locale("vi");
    generated(
        TARGET,
        (personal(), phone()),
        |((_, _, _, typed), (_, p))| format!("{typed}\n\n\n{p}").into_bytes(),
        |((id, birth, sex, typed), (local, typed_phone))| {
            prop_assert_eq!(check_id_number(&typed).ok(), Some(IdKind::PersonalId));
            prop_assert_eq!(normalize_id_number(&typed).ok(), Some(id.clone()));
            prop_assert_eq!(
                check_personal_id_with(&typed, Some(birth), Some(sex)).map_err(|e| e.to_string()),
                Ok(vec![])
            );
            let other = if sex == Sex::Male {
                Sex::Female
            } else {
                Sex::Male
            };
            let e = check_personal_id_with(&typed, Some(birth), Some(other));
            let mismatch = matches!(
                e,
                Err(Error::Invalid {
                    code: "id_mismatch",
                    ..
                })
            );
            prop_assert!(mismatch, "the other sex is not a mismatch: {:?}", e);
            prop_assert_eq!(normalize_phone(&typed_phone).ok(), Some(local.clone()));
            let (_, kind, _) =
                check_phone(&typed_phone).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(kind == PhoneKind::Landline, local.len() == 11);
            Ok(())
        },
    );
}

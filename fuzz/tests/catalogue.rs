//! Fuzz target: the `motcua-catalogue/1` file an admin imports on the desk (src/reference/catalogue.rs).
//!
//! Properties: never panics; a refusal is `invalid_catalogue`; an accepted catalogue keeps the
//! format's rules (unique codes, a delivery, sets > 0, dates in order, known document forms),
//! survives export and re-import unchanged, and every procedure in it can be used at intake: its
//! duration gives a due date and its fee computes without overflow or a negative amount.

use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use motcua::Error;
use motcua::calendar::{HolidayCalendar, WorkingHours, compute_due};
use motcua::reference::catalogue::{self, CatalogueFile, FORMAT};
use motcua::reference::fees::{self, FeeInput};
use motcua_fuzz::{Mutation, class, generated, mutate, no_fixup, text};
use proptest::prelude::*;
use serde_json::json;

const TARGET: &str = "catalogue";

mod common;
use common::{CATALOGUE_TOKENS, catalogue_doc};

fn calendar() -> &'static HolidayCalendar {
    static CAL: OnceLock<HolidayCalendar> = OnceLock::new();
    CAL.get_or_init(HolidayCalendar::builtin)
}

fn received() -> DateTime<Utc> {
    "2026-11-24T01:32:00Z".parse().unwrap_or_default()
}

/// Everything the desk does with an accepted catalogue must work.
fn check_accepted(file: &CatalogueFile) {
    assert_eq!(file.format, FORMAT);
    assert!(!file.procedures.is_empty());
    let mut codes = std::collections::HashSet::new();
    for p in &file.procedures {
        assert!(
            codes.insert(p.code.clone()),
            "duplicate code {} accepted",
            p.code
        );
        assert!(!p.code.trim().is_empty() && !p.name.trim().is_empty());
        assert!(!p.delivery.is_empty() && p.sets > 0);
        if let (Some(from), Some(to)) = (p.effective_from, p.effective_to) {
            assert!(from <= to);
        }
        let spec = p.duration.to_spec().expect("accepted duration has no spec");
        let due = compute_due(received(), &spec, &WorkingHours::default(), calendar());
        assert!(
            due.is_ok(),
            "procedure {} accepted with a duration the desk cannot use ({:?}): {:?}",
            p.code,
            p.duration,
            due.err()
        );
        for (copies, pages) in [(1, 1), (999, 1), (1, 100_000), (999, 100_000)] {
            let input = FeeInput {
                copies,
                pages,
                ..FeeInput::default()
            };
            if let Ok(fee) = fees::compute(&p.fee, &p.name, &input) {
                assert!(
                    fee.amount >= 0,
                    "procedure {} accepted with a fee giving {} đồng",
                    p.code,
                    fee.amount
                );
            }
        }
        let _ = (
            catalogue::view(p),
            catalogue::summary(p),
            catalogue::fixed_fee(p),
        );
    }
    let text = serde_json::to_string(file).expect("serialises");
    let again = catalogue::parse(&text).expect("an accepted catalogue, exported, is refused");
    assert_eq!(
        serde_json::to_string(&again).ok().as_deref(),
        Some(text.as_str())
    );
}

fn check(input: &str) -> String {
    match catalogue::parse(input) {
        Ok(file) => {
            check_accepted(&file);
            "ok".into()
        }
        Err(Error::Invalid { code, message, .. }) => {
            assert_eq!(code, "invalid_catalogue");
            class("err", &message)
        }
        Err(other) => panic!("untyped error {other:?}"),
    }
}

#[test]
fn mutate_catalogue_files() {
    motcua::i18n::set_locale("en");
    mutate(
        TARGET,
        Mutation {
            tokens: CATALOGUE_TOKENS,
            json: true,
            max_len: 128 * 1024,
        },
        no_fixup,
        |b| check(&text(b)),
    );
}

#[test]
fn generated_catalogues() {
    motcua::i18n::set_locale("en");
    generated(
        TARGET,
        (catalogue_doc(), 0usize..8),
        |(doc, _)| doc.to_string().into_bytes(),
        |(doc, breakage)| {
            let text = doc.to_string();
            let file = catalogue::parse(&text).map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(
                file.procedures.len(),
                doc["procedures"].as_array().map_or(0, Vec::len)
            );
            check_accepted(&file);
            // One rule broken: refused, never accepted.
            let mut bad = doc.clone();
            let p = &mut bad["procedures"][0];
            match breakage {
                0 => bad["format"] = json!("motcua-catalogue/2"),
                1 => p["delivery"] = json!([]),
                2 => p["sets"] = json!(0),
                3 => p["duration"]["cutoff"] = json!("25:00"),
                4 => {
                    p["effective_from"] = json!("2026-02-01");
                    p["effective_to"] = json!("2026-01-31");
                }
                5 => {
                    p["documents"] = json!([{"name": "x", "required": true, "original": 1,
                    "certified": 0, "photocopy": 0, "accepted_forms": ["scan"]}])
                }
                6 => p["name"] = json!("  "),
                _ => {
                    let first = bad["procedures"][0].clone();
                    if let Some(a) = bad["procedures"].as_array_mut() {
                        a.push(first);
                    }
                }
            }
            prop_assert!(
                matches!(
                    catalogue::parse(&bad.to_string()),
                    Err(Error::Invalid {
                        code: "invalid_catalogue",
                        ..
                    })
                ),
                "breakage {} accepted",
                breakage
            );
            Ok(())
        },
    );
}

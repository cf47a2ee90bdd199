//! Writes the answers of the real core that the UI's test double (`ui/src/lib/fake-api.ts`) gives
//! back: the procedures of a small test catalogue, procedure searches, due-date and fee previews,
//! ID-card QR parses and tax-code checks, in Vietnamese and English, for the inputs listed in
//! `ui/src/lib/fixtures/inputs.json`. The fake looks answers up by input and refuses any input it
//! has no answer for, so no rule is written twice (once here in Rust, once in TypeScript).
//!
//! `cargo test -p motcua --test ui_fixtures` rewrites `ui/src/lib/fixtures/core.json`; CI
//! (`scripts/ci/ui-fixtures.sh`) fails when the committed file is not what the core answers now.

mod common;

use std::path::PathBuf;

use chrono::NaiveDate;
use motcua::dto::{IdCardParse, Locale};
use motcua::reference::fees::FeeInput;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

fn fixtures_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/fixtures")
}

/// What the UI tests send (the scenarios they need answers for).
#[derive(Deserialize)]
struct Inputs {
    /// Search box contents, as typed (every prefix the picker sends).
    searches: Vec<String>,
    /// `[procedure code, received at (RFC 3339)]`.
    due: Vec<(String, String)>,
    /// `[procedure code, fee input]`.
    fees: Vec<(String, FeeInput)>,
    /// `[QR string, today (YYYY-MM-DD, Vietnam date)]`.
    idcards: Vec<(String, String)>,
    /// Owners' tax codes (mã số thuế) as typed.
    tax_codes: Vec<String>,
}

/// An answer: the value, or the error as it crosses IPC.
#[derive(Serialize)]
#[serde(rename_all = "snake_case")]
enum Answer {
    Ok(Value),
    Err(motcua::error::WireError),
}

fn answer<T: Serialize>(r: motcua::Result<T>) -> Answer {
    match r {
        Ok(v) => Answer::Ok(serde_json::to_value(v).expect("answer as JSON")),
        Err(e) => Answer::Err(e.to_wire()),
    }
}

/// The answer in each language, for one input.
fn per_locale(mut f: impl FnMut() -> Answer) -> Value {
    let mut out = serde_json::Map::new();
    for l in Locale::ALL {
        motcua::i18n::set_locale(l.as_str());
        out.insert(l.as_str().into(), serde_json::to_value(f()).expect("JSON"));
    }
    motcua::i18n::set_locale("vi");
    Value::Object(out)
}

#[tokio::test]
async fn writes_the_answers_the_ui_fake_gives() {
    let dir = fixtures_dir();
    let inputs: Inputs = serde_json::from_str(
        &std::fs::read_to_string(dir.join("inputs.json")).expect("inputs.json"),
    )
    .expect("inputs.json is valid");
    let catalogue = std::fs::read_to_string(dir.join("catalogue.json")).expect("catalogue.json");

    let tmp = tempfile::tempdir().expect("tempdir");
    let db = motcua::store::open(&tmp.path().join("desk.sqlite"))
        .await
        .expect("open db");
    let mut setup = motcua::reference::desk::demo_setup(common::PASSWORD);
    setup.load_demo_catalogue = false;
    motcua::reference::desk::setup(&db, &setup)
        .await
        .expect("setup");
    let admin = motcua::accounts::sign_in(&db, "admin", common::PASSWORD, chrono::Utc::now())
        .await
        .expect("admin signs in");
    motcua::reference::catalogue::import(&db, &admin, &catalogue, chrono::Utc::now())
        .await
        .expect("the UI catalogue imports");

    let file = motcua::reference::catalogue::parse(&catalogue).expect("catalogue parses");
    let mut procedures = Vec::new();
    for p in &file.procedures {
        let (_, stored) = motcua::reference::catalogue::get(&db, &p.code)
            .await
            .expect("stored");
        procedures.push(json!({
            "summary": motcua::reference::catalogue::summary(&stored),
            "view": motcua::reference::catalogue::view(&stored),
        }));
    }

    let mut searches = Vec::new();
    for q in &inputs.searches {
        let mut answers = serde_json::Map::new();
        for l in Locale::ALL {
            motcua::i18n::set_locale(l.as_str());
            let a = answer(motcua::reference::catalogue::search(&db, q, 30).await);
            answers.insert(l.as_str().into(), serde_json::to_value(a).expect("JSON"));
        }
        motcua::i18n::set_locale("vi");
        searches.push(json!({ "query": q, "answer": answers }));
    }

    let mut due = Vec::new();
    for (code, at) in &inputs.due {
        let mut answers = serde_json::Map::new();
        for l in Locale::ALL {
            motcua::i18n::set_locale(l.as_str());
            let a =
                answer(motcua::dossier::intake::preview_due(&db, code, Some(at.as_str())).await);
            answers.insert(l.as_str().into(), serde_json::to_value(a).expect("JSON"));
        }
        motcua::i18n::set_locale("vi");
        due.push(json!({ "procedure_code": code, "received_at": at, "answer": answers }));
    }

    let mut fees = Vec::new();
    for (code, fee) in &inputs.fees {
        let mut answers = serde_json::Map::new();
        for l in Locale::ALL {
            motcua::i18n::set_locale(l.as_str());
            let a = answer(motcua::dossier::intake::preview_fee(&db, code, fee).await);
            answers.insert(l.as_str().into(), serde_json::to_value(a).expect("JSON"));
        }
        motcua::i18n::set_locale("vi");
        fees.push(json!({ "procedure_code": code, "fee": fee, "answer": answers }));
    }

    let idcards: Vec<Value> = inputs
        .idcards
        .iter()
        .map(|(text, today)| {
            let day = NaiveDate::parse_from_str(today, "%Y-%m-%d").expect("a YYYY-MM-DD today");
            let a = per_locale(|| {
                Answer::Ok(
                    serde_json::to_value(IdCardParse::from(motcua::identity::idcard::parse_at(
                        text, day,
                    )))
                    .expect("JSON"),
                )
            });
            json!({ "text": text, "today": today, "answer": a })
        })
        .collect();

    let tax_codes: Vec<Value> = inputs
        .tax_codes
        .iter()
        .map(|v| {
            let a = per_locale(|| answer(motcua::identity::tax_code::check_tax_code(v)));
            json!({ "value": v, "answer": a })
        })
        .collect();

    let out = json!({
        "_note": "Written by `cargo test -p motcua --test ui_fixtures` from inputs.json and catalogue.json: do not edit.",
        "procedures": procedures,
        "searches": searches,
        "due": due,
        "fees": fees,
        "idcards": idcards,
        "tax_codes": tax_codes,
    });
    let text = serde_json::to_string_pretty(&out).expect("JSON") + "\n";
    std::fs::write(dir.join("core.json"), text).expect("write core.json");
}

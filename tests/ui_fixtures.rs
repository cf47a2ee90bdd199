//! Writes the answers of the real core that the UI's test double (`ui/src/lib/fake-api.ts`) gives
//! back: the procedures of a small test catalogue, procedure searches, due-date and fee previews,
//! ID-card QR parses, saved intakes, message templates, the fold table, dossiers' later life,
//! desk-wide queries, setups, sign-in attempts (the lockout), in Vietnamese and English, for the inputs listed in
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
    /// The desk the fake pretends to be (its unit, desk and first clerk).
    desk: Desk,
    /// Locale keys whose templates the fake fills in (`%{name}` left as is).
    messages: Vec<String>,
    /// `[intake input (as the UI sends it), now (RFC 3339)]`: saved on a desk of `desk`.
    #[serde(default)]
    intakes: Vec<(Value, String)>,
    /// A dossier's later life: its intake, then commands on it (`[name, args, now]`); the answer
    /// is the last command's.
    #[serde(default)]
    dossier_steps: Vec<DossierSteps>,
    /// What the desk as a whole answers (register, report, applicants, lists) after the desk's
    /// log of saved intakes (`["saveIntake", [input], now]`) and later-life commands
    /// (`[name, [index of the dossier, ...args], now]`).
    #[serde(default)]
    desk_queries: Vec<DeskQuery>,
    /// `setup` inputs as the UI sends them, each tried on a fresh database.
    #[serde(default)]
    setups: Vec<Value>,
    /// An account's sign-in attempts since its last success: `[right password?, minutes since
    /// the first]`, on an active or disabled account.
    #[serde(default)]
    sign_ins: Vec<SignIns>,
}

#[derive(Deserialize, Serialize)]
struct SignIns {
    active: bool,
    attempts: Vec<(bool, i64)>,
}

type Command = (String, Vec<Value>, String);

#[derive(Deserialize, Serialize)]
struct DeskQuery {
    log: Vec<Command>,
    query: Command,
}

#[derive(Deserialize, Serialize)]
struct DossierSteps {
    intake: (Value, String),
    steps: Vec<(String, Vec<Value>, String)>,
}

#[derive(Deserialize)]
struct Desk {
    unit: motcua::dto::UnitSettings,
    desk_name: String,
    clerk_name: String,
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

/// A dossier as an answer, without its random id (the fake gives its own): the file stays the
/// same from one run to the next.
fn dossier_answer(r: motcua::Result<motcua::dto::DossierView>) -> Answer {
    let mut a = answer(r);
    if let Answer::Ok(v) = &mut a {
        v["summary"]["id"] = Value::from("");
    }
    a
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
    let (db, admin) = open_desk(&tmp.path().join("desk.sqlite"), &inputs.desk, &catalogue).await;

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

    let intakes = save_intakes(&db, &admin, &inputs.intakes).await;
    let desk_queries = desk_queries(tmp.path(), &inputs, &catalogue).await;
    let setups = setups(tmp.path(), &inputs.setups).await;
    let sign_ins = sign_ins(&db, &admin, &inputs.sign_ins).await;
    let mut dossier_steps = Vec::new();
    for d in &inputs.dossier_steps {
        dossier_steps.push(json!({ "intake": d.intake, "steps": d.steps, "answer": later_life(&db, &admin, d).await }));
    }

    let out = json!({
        "_note": "Written by `cargo test -p motcua --test ui_fixtures` from inputs.json and catalogue.json: do not edit.",
        "procedures": procedures,
        "searches": searches,
        "due": due,
        "fees": fees,
        "idcards": idcards,
        "desk": { "unit": motcua::reference::desk::unit_context(&db).await.expect("unit").unit, "desk_name": inputs.desk.desk_name, "clerk_name": inputs.desk.clerk_name },
        "messages": messages(&inputs.messages),
        "fold": fold_table(),
        "intakes": intakes,
        "dossier_steps": dossier_steps,
        "desk_queries": desk_queries,
        "setups": setups,
        "sign_ins": sign_ins,
    });
    let text = serde_json::to_string_pretty(&out).expect("JSON") + "\n";
    std::fs::write(dir.join("core.json"), text).expect("write core.json");
}

/// The templates of `keys` in each language, placeholders (`%{name}`) left for the fake to fill.
fn messages(keys: &[String]) -> Value {
    let mut out = serde_json::Map::new();
    for l in Locale::ALL {
        let mut m = serde_json::Map::new();
        for k in keys {
            let t = motcua::_rust_i18n_try_translate(l.as_str(), k)
                .unwrap_or_else(|| panic!("no locale key {k}"));
            m.insert(k.clone(), Value::from(t.to_string()));
        }
        out.insert(l.as_str().into(), Value::Object(m));
    }
    Value::Object(out)
}

/// `search_text::fold` of every letter a Vietnamese name or search can hold (Latin, Latin-1,
/// Latin Extended, Vietnamese): the fake folds by looking each character up.
fn fold_table() -> Value {
    let ranges = [('A', 'Z'), ('\u{C0}', '\u{24F}'), ('\u{1E00}', '\u{1EFF}')];
    let mut m = serde_json::Map::new();
    for (a, b) in ranges {
        for c in a..=b {
            let f = motcua::search_text::fold(&c.to_string());
            if f != c.to_string() {
                m.insert(c.to_string(), Value::from(f));
            }
        }
    }
    Value::Object(m)
}

/// Each intake saved by the core (`intake::save`) at its `now`, in each language. The fake numbers
/// the dossiers of its own desk (code sequence, ledger and receipt numbers); the rest is this.
async fn save_intakes(
    db: &motcua::store::Db,
    admin: &motcua::accounts::Session,
    intakes: &[(Value, String)],
) -> Vec<Value> {
    let mut out = Vec::new();
    for (input, now) in intakes {
        let at = chrono::DateTime::parse_from_rfc3339(now)
            .expect("an RFC 3339 now")
            .with_timezone(&chrono::Utc);
        let mut answers = serde_json::Map::new();
        for l in Locale::ALL {
            motcua::i18n::set_locale(l.as_str());
            let a = match serde_json::from_value::<motcua::dto::IntakeInput>(input.clone()) {
                Ok(parsed) => {
                    dossier_answer(motcua::dossier::intake::save(db, admin, &parsed, at).await)
                }
                Err(e) => answer::<()>(Err(motcua::Error::bad_argument("input", &e.to_string()))),
            };
            answers.insert(l.as_str().into(), serde_json::to_value(a).expect("JSON"));
        }
        motcua::i18n::set_locale("vi");
        out.push(json!({ "input": input, "now": now, "answer": answers }));
    }
    out
}

fn instant(s: &str) -> chrono::DateTime<chrono::Utc> {
    chrono::DateTime::parse_from_rfc3339(s)
        .expect("an RFC 3339 now")
        .with_timezone(&chrono::Utc)
}

/// A command of the dossier's later life, as the desk's Tauri command runs it (an argument that
/// does not deserialise is refused as `invalid_argument`, as `Arg<T>` does).
async fn dossier_command(
    db: &motcua::store::Db,
    s: &motcua::accounts::Session,
    code: &str,
    (name, args, now): &(String, Vec<Value>, String),
) -> motcua::Result<motcua::dto::DossierView> {
    let at = instant(now);
    let text = |i: usize| text_arg(args, i);
    match name.as_str() {
        "moveDossier" => {
            let to = serde_json::from_value(args[0].clone())
                .map_err(|e| motcua::Error::bad_argument("to", &e.to_string()))?;
            motcua::dossier::lifecycle::move_to(db, s, code, to, &text(1), at).await
        }
        "handOut" => {
            let r = &args[0];
            let recipient = motcua::dossier::lifecycle::Recipient {
                full_name: r["fullName"].as_str().unwrap_or_default().into(),
                id_number: r["idNumber"].as_str().unwrap_or_default().into(),
                is_proxy: r["isProxy"].as_bool().unwrap_or_default(),
                authorisation: r["authorisation"].as_str().map(Into::into),
            };
            motcua::dossier::lifecycle::hand_out(db, s, code, recipient, at).await
        }
        "extendDue" => {
            motcua::dossier::due_change::extend(db, s, code, &text(0), &text(1), at).await
        }
        "correctDossier" => {
            motcua::dossier::correction::correct(db, s, code, &text(0), &text(1), &text(2), at)
                .await
                .map(|(v, _)| v)
        }
        other => panic!("no dossier command {other}"),
    }
}

/// The last step's answer in each language: the intake saved anew, the earlier steps replayed.
async fn later_life(
    db: &motcua::store::Db,
    s: &motcua::accounts::Session,
    d: &DossierSteps,
) -> Value {
    let input: motcua::dto::IntakeInput =
        serde_json::from_value(d.intake.0.clone()).expect("a saved intake");
    let (last, earlier) = d.steps.split_last().expect("at least one step");
    let mut answers = serde_json::Map::new();
    for l in Locale::ALL {
        motcua::i18n::set_locale(l.as_str());
        let view = motcua::dossier::intake::save(db, s, &input, instant(&d.intake.1))
            .await
            .expect("the intake saves");
        let code = view.summary.code;
        for step in earlier {
            dossier_command(db, s, &code, step)
                .await
                .unwrap_or_else(|e| panic!("step {} of {code}: {e}", step.0));
        }
        let a = dossier_answer(dossier_command(db, s, &code, last).await);
        answers.insert(l.as_str().into(), serde_json::to_value(a).expect("JSON"));
    }
    motcua::i18n::set_locale("vi");
    Value::Object(answers)
}

/// A desk set up as `desk` with the UI's catalogue, and its administrator signed in.
async fn open_desk(
    path: &std::path::Path,
    desk: &Desk,
    catalogue: &str,
) -> (motcua::store::Db, motcua::accounts::Session) {
    let db = motcua::store::open(path).await.expect("open db");
    let mut setup = motcua::reference::desk::demo_setup(common::PASSWORD);
    setup.load_demo_catalogue = false;
    setup.unit = desk.unit.clone();
    setup.desk_name = desk.desk_name.clone();
    setup.clerk_name = desk.clerk_name.clone();
    motcua::reference::desk::setup(&db, &setup)
        .await
        .expect("setup");
    let admin = motcua::accounts::sign_in(&db, "admin", common::PASSWORD, chrono::Utc::now())
        .await
        .expect("admin signs in");
    motcua::reference::catalogue::import(&db, &admin, catalogue, chrono::Utc::now())
        .await
        .expect("the UI catalogue imports");
    (db, admin)
}

/// A desk-wide query, as the desk's Tauri command runs it.
async fn desk_query(
    db: &motcua::store::Db,
    s: &motcua::accounts::Session,
    (name, args, now): &Command,
) -> Answer {
    let at = instant(now);
    let text = |i: usize| text_arg(args, i);
    match name.as_str() {
        "searchRegister" => match serde_json::from_value(args[0].clone()) {
            Ok(q) => answer(motcua::dossier::register::search(db, s, &q, at).await),
            Err(e) => answer::<()>(Err(motcua::Error::bad_argument("query", &e.to_string()))),
        },
        "resultReadyCount" => {
            answer(motcua::dossier::register::result_ready_count(db, s, at).await)
        }
        "dayReport" => match motcua::reports::parse_date(&text(0)) {
            Ok(day) => answer(motcua::reports::day(db, s, day, None, at).await),
            Err(e) => answer::<()>(Err(e)),
        },
        "searchApplicants" => answer(motcua::dossier::applicants::search(db, s, &text(0), 8).await),
        "openDossiers" => {
            answer(motcua::dossier::applicants::open_dossiers(db, &text(0), &text(1)).await)
        }
        "listDossiers" => {
            let today = args.get(1).and_then(Value::as_bool).unwrap_or_default();
            answer(motcua::dossier::list(db, s, &text(0), today, at, 500).await)
        }
        other => panic!("no desk query {other}"),
    }
}

/// Blanks what differs from one run to the next (random ids): the fixtures stay the same.
fn scrub(v: &mut Value) {
    match v {
        Value::String(t) if is_uuid(t) => *t = String::new(),
        Value::Array(a) => a.iter_mut().for_each(scrub),
        Value::Object(o) => o.values_mut().for_each(scrub),
        _ => {}
    }
}

fn is_uuid(t: &str) -> bool {
    t.len() == 36
        && t.char_indices().all(|(i, c)| {
            if [8, 13, 18, 23].contains(&i) {
                c == '-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

/// Each desk query's answer in each language, on a desk of its own that replayed the log.
async fn desk_queries(dir: &std::path::Path, inputs: &Inputs, catalogue: &str) -> Vec<Value> {
    let mut by_log: std::collections::BTreeMap<String, Vec<&DeskQuery>> = Default::default();
    for q in &inputs.desk_queries {
        let key = serde_json::to_string(&q.log).expect("JSON");
        by_log.entry(key).or_default().push(q);
    }
    let mut out = Vec::new();
    for (n, queries) in by_log.values().enumerate() {
        let (db, s) = open_desk(
            &dir.join(format!("log-{n}.sqlite")),
            &inputs.desk,
            catalogue,
        )
        .await;
        let mut codes = Vec::new();
        for (name, args, now) in &queries[0].log {
            if name == "saveIntake" {
                let input = serde_json::from_value(args[0].clone()).expect("a saved intake");
                let v = motcua::dossier::intake::save(&db, &s, &input, instant(now)).await;
                codes.push(v.expect("the intake saves").summary.code);
            } else {
                let i = args[0].as_u64().expect("a dossier index") as usize;
                let step = (name.clone(), args[1..].to_vec(), now.clone());
                dossier_command(&db, &s, &codes[i], &step)
                    .await
                    .unwrap_or_else(|e| panic!("{name} on {}: {e}", codes[i]));
            }
        }
        for q in queries {
            let mut answers = serde_json::Map::new();
            for l in Locale::ALL {
                motcua::i18n::set_locale(l.as_str());
                let mut a =
                    serde_json::to_value(desk_query(&db, &s, &q.query).await).expect("JSON");
                scrub(&mut a);
                answers.insert(l.as_str().into(), a);
            }
            motcua::i18n::set_locale("vi");
            out.push(json!({ "log": q.log, "query": q.query, "answer": answers }));
        }
        db.close().await;
    }
    out
}

/// The `i`th argument as text (an absent or non-text one as empty, as the UI never sends one).
fn text_arg(args: &[Value], i: usize) -> String {
    args.get(i)
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// `desk::setup` of each input on a fresh database, in each language: the refusal, or the unit,
/// desk and first account as the core stored them.
async fn setups(dir: &std::path::Path, inputs: &[Value]) -> Vec<Value> {
    let mut out = Vec::new();
    for (n, input) in inputs.iter().enumerate() {
        let mut answers = serde_json::Map::new();
        for l in Locale::ALL {
            motcua::i18n::set_locale(l.as_str());
            let path = dir.join(format!("setup-{n}-{}.sqlite", l.as_str()));
            let db = motcua::store::open(&path).await.expect("open db");
            let a = match serde_json::from_value::<motcua::dto::SetupInput>(input.clone()) {
                Ok(mut setup) => {
                    setup.load_demo_catalogue = false;
                    match motcua::reference::desk::setup(&db, &setup).await {
                        Ok(()) => {
                            let ctx = motcua::reference::desk::unit_context(&db)
                                .await
                                .expect("the unit");
                            let username = motcua::accounts::normalize_username(&setup.username)
                                .expect("a username setup took");
                            let admin = motcua::accounts::find(&db, &username)
                                .await
                                .expect("the first account");
                            Answer::Ok(json!({ "unit": ctx.unit, "desk_name": ctx.desk_name,
                                "clerk_name": admin.full_name, "username": username }))
                        }
                        Err(e) => Answer::Err(e.to_wire()),
                    }
                }
                Err(e) => answer::<()>(Err(motcua::Error::bad_argument("input", &e.to_string()))),
            };
            answers.insert(l.as_str().into(), serde_json::to_value(a).expect("JSON"));
            db.close().await;
        }
        motcua::i18n::set_locale("vi");
        out.push(json!({ "input": input, "answer": answers }));
    }
    out
}

/// `accounts::sign_in` replaying each account's attempts (from 4 March 2026, 09:00 VN): the last
/// attempt's answer in each language, then the account's count and lockout (its end as ms after
/// the first attempt).
async fn sign_ins(
    db: &motcua::store::Db,
    admin: &motcua::accounts::Session,
    entries: &[SignIns],
) -> Vec<Value> {
    let t0 = instant("2026-03-04T02:00:00Z");
    let mut out = Vec::new();
    for (n, e) in entries.iter().enumerate() {
        let mut answers = serde_json::Map::new();
        let mut after = Value::Null;
        for l in Locale::ALL {
            motcua::i18n::set_locale(l.as_str());
            let username = format!("thu{n}{}", l.as_str());
            let new = motcua::accounts::NewAccount {
                username: username.clone(),
                full_name: "Người Thử".into(),
                role: motcua::accounts::Role::Clerk,
                password: common::PASSWORD.into(),
            };
            let acc = motcua::accounts::create(db, admin, &new, t0)
                .await
                .expect("account");
            if !e.active {
                motcua::accounts::set_active(db, admin, &acc.clerk_id, false, t0)
                    .await
                    .expect("disabled");
            }
            let mut last = None;
            for (right, minutes) in &e.attempts {
                let pw = if *right {
                    common::PASSWORD
                } else {
                    "sai-mat-khau"
                };
                let at = t0 + chrono::Duration::minutes(*minutes);
                last = Some(
                    motcua::accounts::sign_in(db, &username, pw, at)
                        .await
                        .map(|s| s.view()),
                );
            }
            let a = answer(last.expect("at least one attempt"));
            let mut a = serde_json::to_value(a).expect("JSON");
            scrub(&mut a);
            answers.insert(l.as_str().into(), a);
            // As stored (the account view shows a lockout only while it lasts, by the real clock).
            let (failed, until): (i64, Option<String>) = sqlx::query_as(
                "SELECT failed_attempts, locked_until FROM clerk WHERE username = ?",
            )
            .bind(&username)
            .fetch_one(db)
            .await
            .expect("the account");
            let until = until.map(|u| (instant(&u) - t0).num_milliseconds());
            after = json!({ "failed_attempts": failed, "locked_until_ms": until });
        }
        motcua::i18n::set_locale("vi");
        out.push(json!({ "active": e.active, "attempts": e.attempts, "answer": answers, "after": after }));
    }
    out
}

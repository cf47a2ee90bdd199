//! Every Tauri command of the real app, called from its window through
//! `window.__TAURI_INTERNALS__.invoke` with bad payloads: missing arguments, wrong types, empty
//! strings, 1 MiB strings, unknown dossier codes, dates out of range, negative and huge numbers.
//! Each call must end in a typed `{code, message}` error (or, for a payload of the wrong shape,
//! Tauri's own argument rejection), never a panic, a hang or a crash: the app must still answer
//! `app_status` after every call. The calls run on a fresh desk (not set up), signed out, signed in
//! as the admin, and on a locked session; every command but the exempt ones must refuse to work
//! without a signed-in, unlocked session.
//!
//! The command table below must list exactly the commands of `generate_handler!` in
//! src-tauri/src/lib.rs (the test parses it), and the capability must grant exactly those (no core
//! or plugin permission): a new command fails this test until it has its bad payloads here.
//! Run under Xvfb with the app built: `cargo build -p motcua-desk`.

use std::collections::BTreeSet;

use fantoccini::Client;
use motcua_e2e::*;
use serde_json::{Value, json};

/// Replaced in the window by a 1 MiB string (not sent through WebDriver a thousand times).
const BIG: &str = "__BIG__";
const ADMIN: &str = "quantri";
const UNKNOWN_CODE: &str = "000.00.31.H29-991231-9999";

/// Commands that work without a session (the contract's exemptions; `setup` only before the
/// desk is set up).
const EXEMPT: &[&str] = &[
    "app_status",
    "setup",
    "set_locale",
    "session_status",
    "sign_in",
    "unlock_session",
    // The setup screen's provisioning message (nothing but why a provisioning file failed).
    "provision_notice",
];

/// One command: a well-formed payload (used to check the session rules; never one that changes
/// the desk once signed in) and its bad payloads. `odd` payloads may also succeed (a no-argument
/// command ignores extra keys; a parser reports problems as data), but must not crash.
struct Case {
    cmd: &'static str,
    ok: Value,
    bad: Vec<Value>,
    odd: Vec<Value>,
}

fn case(cmd: &'static str, ok: Value, bad: Vec<Value>) -> Case {
    Case {
        cmd,
        ok,
        bad,
        odd: vec![],
    }
}

fn no_args(cmd: &'static str) -> Case {
    Case {
        cmd,
        ok: json!({}),
        bad: vec![],
        odd: vec![json!({ "x": BIG }), json!({ "unexpected": -1 })],
    }
}

fn unit(code: &str, name: &str) -> Value {
    json!({
        "code": code, "name": name, "parent_authority": "ỦY BAN NHÂN DÂN XÃ HÒA BÌNH",
        "place": "Hòa Bình", "lookup_url": "https://dichvucong.demo.motcua.vn/tra-cuu", "hotline": "1900 1234"
    })
}

fn setup_input(unit: Value, username: &str, password: &str) -> Value {
    json!({
        "unit": unit, "desk_name": "Quầy 1", "clerk_name": "Lê Thị Thu", "load_demo_catalogue": true,
        "username": username, "password": password
    })
}

fn applicant(name: &str, id: &str) -> Value {
    json!({ "full_name": name, "id_number": id, "phone": "", "email": "", "address": "" })
}

fn intake(f: impl FnOnce(&mut Value)) -> Value {
    let mut v = json!({
        "procedure_code": "2.000884", "received_at": null,
        "submitter": applicant("Nguyễn Văn An", "001090012345"), "owner": null,
        "documents": [{ "name": "Giấy tờ, văn bản mà mình sẽ ký", "original": 1, "certified": 0, "photocopy": 0 }],
        "sets_count": 1, "delivery": "counter"
    });
    f(&mut v);
    json!({ "input": v })
}

fn fee(f: impl FnOnce(&mut Value)) -> Value {
    let mut v = json!({ "copies": 1, "pages": 1, "exempt_reason": null, "collect_at": "intake", "method": "cash" });
    f(&mut v);
    json!({ "procedureCode": "2.000815", "fee": v })
}

fn register(q: Value) -> Value {
    json!({ "query": q })
}

fn cases() -> Vec<Case> {
    let good_unit = unit(
        "000.00.31.H29",
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ HÒA BÌNH",
    );
    vec![
        no_args("app_status"),
        Case {
            cmd: "setup",
            // Sent once, on purpose, to set the fresh desk up (the loops never send it).
            ok: json!({ "input": setup_input(good_unit.clone(), ADMIN, PASSWORD) }),
            bad: vec![
                json!({}),
                json!({ "input": 5 }),
                json!({ "input": {} }),
                json!({ "input": setup_input(unit("", "TT"), ADMIN, PASSWORD) }),
                json!({ "input": setup_input(unit("000.00.31/H29", "TT"), ADMIN, PASSWORD) }),
                json!({ "input": setup_input(unit("000.00.31.H29", BIG), ADMIN, PASSWORD) }),
                json!({ "input": setup_input(unit(BIG, "TT"), ADMIN, PASSWORD) }),
                json!({ "input": setup_input(good_unit.clone(), "", PASSWORD) }),
                json!({ "input": setup_input(good_unit.clone(), ADMIN, "") }),
                json!({ "input": setup_input(good_unit.clone(), ADMIN, "ngan") }),
                json!({ "input": setup_input(good_unit.clone(), BIG, PASSWORD) }),
                json!({ "input": setup_input(good_unit.clone(), ADMIN, BIG) }),
                json!({ "input": { "unit": good_unit.clone(), "desk_name": -1, "clerk_name": "A", "load_demo_catalogue": true } }),
            ],
            odd: vec![],
        },
        case(
            "set_locale",
            json!({ "locale": "vi" }),
            vec![
                json!({}),
                json!({ "locale": 5 }),
                json!({ "locale": null }),
                json!({ "locale": "" }),
                json!({ "locale": "xx" }),
                json!({ "locale": BIG }),
            ],
        ),
        Case {
            cmd: "search_procedures",
            ok: json!({ "query": "khai sinh" }),
            bad: vec![
                json!({}),
                json!({ "query": 5 }),
                json!({ "query": null }),
                json!({ "query": BIG }),
            ],
            odd: vec![json!({ "query": "" })],
        },
        case(
            "get_procedure",
            json!({ "code": "1.001193" }),
            vec![
                json!({}),
                json!({ "code": 1 }),
                json!({ "code": "" }),
                json!({ "code": "9.999999" }),
                json!({ "code": BIG }),
            ],
        ),
        case(
            "preview_due",
            json!({ "procedureCode": "1.001193", "receivedAt": null }),
            vec![
                json!({}),
                json!({ "procedureCode": 1, "receivedAt": null }),
                json!({ "procedureCode": "", "receivedAt": null }),
                json!({ "procedureCode": "9.999999", "receivedAt": null }),
                json!({ "procedureCode": BIG, "receivedAt": null }),
                json!({ "procedureCode": "1.001193", "receivedAt": "không phải ngày" }),
                json!({ "procedureCode": "1.001193", "receivedAt": "9999-12-31T23:59:59Z" }),
                json!({ "procedureCode": "1.001193", "receivedAt": "0001-01-01T00:00:00Z" }),
                json!({ "procedureCode": "1.001193", "receivedAt": "+275760-09-13T00:00:00Z" }),
                json!({ "procedureCode": "1.001193", "receivedAt": BIG }),
            ],
        ),
        case(
            "save_intake",
            intake(|_| {}),
            vec![
                json!({}),
                json!({ "input": "x" }),
                json!({ "input": {} }),
                intake(|v| v["sets_count"] = json!(-1)),
                intake(|v| v["sets_count"] = json!(0)),
                intake(|v| v["sets_count"] = json!(1e12)),
                intake(|v| v["procedure_code"] = json!("9.999999")),
                intake(|v| v["procedure_code"] = json!("")),
                intake(|v| v["submitter"]["full_name"] = json!("")),
                intake(|v| v["submitter"]["full_name"] = json!(BIG)),
                intake(|v| v["submitter"]["address"] = json!(BIG)),
                intake(|v| v["submitter"]["id_number"] = json!("abc")),
                intake(|v| v["submitter"]["phone"] = json!("12")),
                intake(|v| v["received_at"] = json!("2999-01-01T00:00:00Z")),
                intake(|v| v["received_at"] = json!("hôm qua")),
                intake(|v| v["documents"] = json!([])),
                intake(|v| v["documents"][0]["original"] = json!(-3)),
                intake(|v| v["documents"][0]["name"] = json!(BIG)),
                intake(|v| v["delivery"] = json!("")),
                intake(|v| v["delivery"] = json!("drone")),
                intake(|v| v["outcome"] = json!("maybe")),
                intake(|v| {
                    v["due_override"] = json!({ "due_at": "1900-01-01T00:00:00Z", "reason": "" })
                }),
                intake(
                    |v| v["fee"] = json!({ "copies": -1, "pages": 1, "exempt_reason": null, "collect_at": "intake", "method": "cash" }),
                ),
            ],
        ),
        case(
            "list_dossiers",
            json!({ "query": "", "todayOnly": true }),
            vec![
                json!({}),
                json!({ "query": 1, "todayOnly": true }),
                json!({ "query": "", "todayOnly": "yes" }),
                json!({ "query": BIG, "todayOnly": false }),
            ],
        ),
        case(
            "get_dossier",
            json!({ "code": UNKNOWN_CODE }),
            vec![
                json!({}),
                json!({ "code": 5 }),
                json!({ "code": "" }),
                json!({ "code": UNKNOWN_CODE }),
                json!({ "code": "'; DROP TABLE dossier; --" }),
                json!({ "code": BIG }),
            ],
        ),
        case(
            "preview_fee",
            fee(|_| {}),
            vec![
                json!({}),
                json!({ "procedureCode": "2.000815" }),
                fee(|f| f["copies"] = json!(-1)),
                fee(|f| f["pages"] = json!(1e12)),
                fee(|f| f["copies"] = json!(0)),
                fee(|f| f["method"] = json!("bitcoin")),
                fee(|f| f["collect_at"] = json!("")),
                fee(|f| f["exempt_reason"] = json!(BIG)),
                json!({ "procedureCode": "9.999999", "fee": { "copies": 1, "pages": 1, "exempt_reason": null, "collect_at": "intake", "method": "cash" } }),
                json!({ "procedureCode": BIG, "fee": { "copies": 1, "pages": 1, "exempt_reason": null, "collect_at": "intake", "method": "cash" } }),
            ],
        ),
        case(
            "form_pdf",
            json!({ "kind": "receipt", "code": UNKNOWN_CODE }),
            vec![
                json!({}),
                json!({ "kind": 1, "code": UNKNOWN_CODE }),
                json!({ "kind": "receipt", "code": "" }),
                json!({ "kind": "receipt", "code": UNKNOWN_CODE }),
                json!({ "kind": "../../etc/passwd", "code": UNKNOWN_CODE }),
                json!({ "kind": "", "code": UNKNOWN_CODE }),
                json!({ "kind": BIG, "code": BIG }),
            ],
        ),
        case(
            "save_form",
            json!({ "kind": "receipt", "code": UNKNOWN_CODE }),
            vec![
                json!({}),
                json!({ "kind": "receipt", "code": null }),
                json!({ "kind": "receipt", "code": "../../../tmp/x" }),
                json!({ "kind": "../receipt", "code": UNKNOWN_CODE }),
                json!({ "kind": "receipt", "code": BIG }),
            ],
        ),
        case(
            "print_form",
            json!({ "kind": "receipt", "code": UNKNOWN_CODE }),
            vec![
                json!({}),
                json!({ "kind": "receipt", "code": 7 }),
                json!({ "kind": "receipt", "code": UNKNOWN_CODE }),
                json!({ "kind": "nothing", "code": UNKNOWN_CODE }),
                json!({ "kind": "receipt", "code": BIG }),
            ],
        ),
        Case {
            cmd: "search_applicants",
            ok: json!({ "query": "nguyen" }),
            bad: vec![json!({}), json!({ "query": [] }), json!({ "query": BIG })],
            odd: vec![json!({ "query": "" })],
        },
        Case {
            cmd: "open_dossiers",
            ok: json!({ "idNumber": "001090012345", "procedureCode": "2.000884" }),
            bad: vec![
                json!({}),
                json!({ "idNumber": 1, "procedureCode": "2.000884" }),
                json!({ "idNumber": BIG, "procedureCode": BIG }),
            ],
            // A lookup: nothing open for nobody / an unknown procedure is a fair answer.
            odd: vec![
                json!({ "idNumber": "", "procedureCode": "" }),
                json!({ "idNumber": "001090012345", "procedureCode": "9.999999" }),
            ],
        },
        Case {
            cmd: "parse_idcard",
            ok: json!({ "text": "001090012345||Nguyễn Văn An|01011990|Nam|Hòa Bình|01012021" }),
            bad: vec![json!({}), json!({ "text": 5 })],
            // A parser of outside input: it may answer with the problems found (typed data).
            odd: vec![
                json!({ "text": "" }),
                json!({ "text": BIG }),
                json!({ "text": "||||||||||||" }),
            ],
        },
        no_args("sync_status"),
        no_args("sync_now"),
        no_args("sync_problems"),
        case(
            "enroll",
            json!({ "portalUrl": "http://127.0.0.1:9", "code": "ABCD-1234", "clerkName": null }),
            vec![
                json!({}),
                json!({ "portalUrl": 5, "code": "ABCD-1234", "clerkName": null }),
                json!({ "portalUrl": "", "code": "", "clerkName": null }),
                json!({ "portalUrl": "file:///etc/passwd", "code": "ABCD-1234", "clerkName": null }),
                json!({ "portalUrl": "http://127.0.0.1:9", "code": BIG, "clerkName": null }),
                json!({ "portalUrl": BIG, "code": "ABCD-1234", "clerkName": BIG }),
            ],
        ),
        case(
            "search_register",
            register(
                json!({ "query": "", "filters": [], "sort": "received", "offset": 0, "limit": 10 }),
            ),
            vec![
                json!({}),
                json!({ "query": 5 }),
                register(json!({ "limit": 1e12 })),
                register(json!({ "offset": -1 })),
                register(json!({ "filters": ["nope"] })),
                register(json!({ "sort": "nope" })),
                register(json!({ "query": BIG })),
                register(json!({ "filters": [BIG] })),
            ],
        ),
        no_args("result_ready_count"),
        case(
            "move_dossier",
            json!({ "code": UNKNOWN_CODE, "to": "in-processing", "reason": "" }),
            vec![
                json!({}),
                json!({ "code": UNKNOWN_CODE, "to": 3, "reason": "" }),
                json!({ "code": "", "to": "in-processing", "reason": "" }),
                json!({ "code": UNKNOWN_CODE, "to": "in-processing", "reason": "" }),
                json!({ "code": UNKNOWN_CODE, "to": "flying", "reason": "" }),
                json!({ "code": UNKNOWN_CODE, "to": "withdrawn", "reason": BIG }),
            ],
        ),
        case(
            "hand_out",
            json!({ "code": UNKNOWN_CODE, "fullName": "Nguyễn Văn An", "idNumber": "001090012345", "isProxy": false, "authorisation": null }),
            vec![
                json!({}),
                json!({ "code": UNKNOWN_CODE, "fullName": "A", "idNumber": "001090012345", "isProxy": "yes", "authorisation": null }),
                json!({ "code": UNKNOWN_CODE, "fullName": "", "idNumber": "", "isProxy": false, "authorisation": null }),
                json!({ "code": UNKNOWN_CODE, "fullName": "A", "idNumber": "001090012345", "isProxy": false, "authorisation": null }),
                json!({ "code": UNKNOWN_CODE, "fullName": BIG, "idNumber": BIG, "isProxy": true, "authorisation": BIG }),
            ],
        ),
        case(
            "extend_due",
            json!({ "code": UNKNOWN_CODE, "dueAt": "2026-03-06T17:00:00+07:00", "reason": "Cần xác minh" }),
            vec![
                json!({}),
                json!({ "code": UNKNOWN_CODE, "dueAt": 5, "reason": "" }),
                json!({ "code": UNKNOWN_CODE, "dueAt": "không phải ngày", "reason": "" }),
                json!({ "code": UNKNOWN_CODE, "dueAt": "+275760-09-13T00:00:00Z", "reason": "R" }),
                json!({ "code": UNKNOWN_CODE, "dueAt": "0000-01-01T00:00:00Z", "reason": "R" }),
                json!({ "code": BIG, "dueAt": BIG, "reason": BIG }),
            ],
        ),
        case(
            "correct_dossier",
            json!({ "code": UNKNOWN_CODE, "field": "full_name", "value": "Nguyễn Văn An", "reason": "Gõ nhầm" }),
            vec![
                json!({}),
                json!({ "code": UNKNOWN_CODE, "field": 5, "value": "A", "reason": "R" }),
                json!({ "code": UNKNOWN_CODE, "field": "procedure_code", "value": "1.000001", "reason": "R" }),
                json!({ "code": UNKNOWN_CODE, "field": "nope", "value": "A", "reason": "R" }),
                json!({ "code": UNKNOWN_CODE, "field": "full_name", "value": "A", "reason": "" }),
                json!({ "code": BIG, "field": BIG, "value": BIG, "reason": BIG }),
            ],
        ),
        case(
            "day_report",
            json!({ "date": "2026-03-04" }),
            vec![
                json!({}),
                json!({ "date": 5 }),
                json!({ "date": "" }),
                json!({ "date": "2026-13-45" }),
                json!({ "date": "99999-01-01" }),
                json!({ "date": "-0001-01-01" }),
                json!({ "date": BIG }),
            ],
        ),
        case(
            "save_day_report",
            json!({ "date": "2026-03-04", "format": "pdf" }),
            vec![
                json!({}),
                json!({ "date": "2026-03-04", "format": "exe" }),
                json!({ "date": "", "format": "pdf" }),
                json!({ "date": "../../../../tmp/x", "format": "pdf" }),
                json!({ "date": "2026-03-04", "format": BIG }),
            ],
        ),
        // The damage banner and the update banner (issues 14 and 11).
        no_args("integrity_status"),
        no_args("update_status"),
        // With no verified update waiting it answers `update_nothing_ready` and changes nothing.
        no_args("update_restart"),
        // Accounts and the session (issue 7).
        no_args("session_status"),
        case(
            "sign_in",
            json!({ "username": "khong-co", "password": "sai-mat-khau" }),
            vec![
                json!({}),
                json!({ "username": 5, "password": "x" }),
                json!({ "username": "", "password": "" }),
                json!({ "username": "khong-co", "password": BIG }),
                json!({ "username": BIG, "password": "x" }),
            ],
        ),
        // Called on purpose at the end (they end or lock the session).
        no_args("sign_out"),
        no_args("lock_session"),
        no_args("about"),
        no_args("provision_notice"),
        case(
            "unlock_session",
            json!({ "password": "sai-mat-khau" }),
            vec![
                json!({}),
                json!({ "password": 5 }),
                json!({ "password": "" }),
                json!({ "password": BIG }),
            ],
        ),
        Case {
            cmd: "list_accounts",
            ok: json!({}),
            bad: vec![],
            odd: vec![json!({ "x": BIG })],
        },
        case(
            "create_account",
            json!({ "input": { "username": "mai", "full_name": "Trần Thị Mai", "role": "clerk", "password": PASSWORD } }),
            vec![
                json!({}),
                json!({ "input": 5 }),
                json!({ "input": { "username": "mai" } }),
                json!({ "input": { "username": "mai", "full_name": "Trần Thị Mai", "role": "root", "password": PASSWORD } }),
                json!({ "input": { "username": "", "full_name": "Trần Thị Mai", "role": "clerk", "password": PASSWORD } }),
                json!({ "input": { "username": "mai", "full_name": "", "role": "clerk", "password": PASSWORD } }),
                json!({ "input": { "username": "mai", "full_name": "Trần Thị Mai", "role": "clerk", "password": "ngan" } }),
                json!({ "input": { "username": BIG, "full_name": "Trần Thị Mai", "role": "clerk", "password": PASSWORD } }),
                json!({ "input": { "username": "mai2", "full_name": BIG, "role": "clerk", "password": PASSWORD } }),
                json!({ "input": { "username": "mai3", "full_name": "Trần Thị Mai", "role": "clerk", "password": BIG } }),
                json!({ "input": { "username": ADMIN, "full_name": "Trùng tên", "role": "admin", "password": PASSWORD } }),
            ],
        ),
        case(
            "reset_password",
            json!({ "clerkId": "khong-co", "newPassword": "mat-khau-moi-1" }),
            vec![
                json!({}),
                json!({ "clerkId": 5, "newPassword": "mat-khau-moi-1" }),
                json!({ "clerkId": "", "newPassword": "mat-khau-moi-1" }),
                json!({ "clerkId": "khong-co", "newPassword": "mat-khau-moi-1" }),
                json!({ "clerkId": BIG, "newPassword": BIG }),
            ],
        ),
        case(
            "change_password",
            json!({ "oldPassword": "sai-mat-khau", "newPassword": "mat-khau-moi-1" }),
            vec![
                json!({}),
                json!({ "oldPassword": 1, "newPassword": "mat-khau-moi-1" }),
                json!({ "oldPassword": PASSWORD, "newPassword": "" }),
                json!({ "oldPassword": PASSWORD, "newPassword": "ngan" }),
                json!({ "oldPassword": BIG, "newPassword": BIG }),
            ],
        ),
        case(
            "set_account_active",
            json!({ "clerkId": "khong-co", "active": false }),
            vec![
                json!({}),
                json!({ "clerkId": "khong-co", "active": "no" }),
                json!({ "clerkId": "", "active": false }),
                json!({ "clerkId": "khong-co", "active": true }),
                json!({ "clerkId": BIG, "active": false }),
            ],
        ),
        case(
            "set_idle_lock_minutes",
            json!({ "minutes": 0 }),
            vec![
                json!({}),
                json!({ "minutes": "10" }),
                json!({ "minutes": -1 }),
                json!({ "minutes": 0 }),
                json!({ "minutes": 241 }),
                json!({ "minutes": 1e10 }),
                json!({ "minutes": 1.5 }),
            ],
        ),
    ]
}

// ---------------------------------------------------------------------------------------------
// The source of truth: generate_handler!, build.rs and the capability.

/// The command names in `tauri::generate_handler![ … ]` of src-tauri/src/lib.rs.
fn registered_commands() -> BTreeSet<String> {
    let src = std::fs::read_to_string(workspace_root().join("src-tauri/src/lib.rs"))
        .expect("src-tauri/src/lib.rs");
    let start = src
        .find("generate_handler![")
        .expect("generate_handler! in src-tauri/src/lib.rs");
    let body = &src[start + "generate_handler![".len()..];
    let end = body.find(']').expect("end of generate_handler!");
    body[..end]
        .split(',')
        .map(|p| p.trim())
        .filter(|p| !p.is_empty() && !p.starts_with("//"))
        .map(|p| p.rsplit("::").next().unwrap_or(p).trim().to_string())
        .collect()
}

/// The `COMMANDS` list of src-tauri/build.rs (the app manifest).
fn manifest_commands() -> BTreeSet<String> {
    let src = std::fs::read_to_string(workspace_root().join("src-tauri/build.rs"))
        .expect("src-tauri/build.rs");
    let start = src.find("const COMMANDS").expect("COMMANDS in build.rs");
    let body = &src[start..];
    let end = body.find("];").expect("end of COMMANDS");
    body[..end]
        .lines()
        .filter_map(|l| {
            let l = l.trim();
            (l.starts_with('"') && l.ends_with("\",")).then(|| l[1..l.len() - 2].to_string())
        })
        .collect()
}

fn capability() -> Value {
    let text =
        std::fs::read_to_string(workspace_root().join("src-tauri/capabilities/default.json"))
            .expect("capabilities/default.json");
    serde_json::from_str(&text).expect("capability JSON")
}

#[test]
fn the_table_the_manifest_and_the_capability_match_the_registered_commands() {
    let registered = registered_commands();
    assert!(
        registered.len() >= 26,
        "parsed too few commands: {registered:?}"
    );
    let table: BTreeSet<String> = cases().iter().map(|c| c.cmd.to_string()).collect();
    let missing: Vec<_> = registered.difference(&table).collect();
    let stale: Vec<_> = table.difference(&registered).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "bad-payload table vs generate_handler!: missing {missing:?}, not registered {stale:?}"
    );
    assert_eq!(
        manifest_commands(),
        registered,
        "src-tauri/build.rs COMMANDS must list exactly the registered commands"
    );

    let cap = capability();
    assert_eq!(cap["windows"], json!(["main"]), "{cap}");
    assert!(
        cap.get("remote").is_none(),
        "no remote URL may reach the IPC: {cap}"
    );
    let granted: BTreeSet<String> = cap["permissions"]
        .as_array()
        .expect("permissions array")
        .iter()
        .map(|p| {
            p.as_str()
                .expect("plain permission identifiers")
                .to_string()
        })
        .collect();
    let wanted: BTreeSet<String> = registered
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    assert_eq!(
        granted, wanted,
        "the capability grants exactly allow-<command> for each command, nothing else (no core:*, no plugin)"
    );

    // No plugin (shell, fs, opener, dialog, …) and no optional tauri feature that opens the
    // file system or the shell to the webview.
    let cargo = std::fs::read_to_string(workspace_root().join("src-tauri/Cargo.toml")).unwrap();
    for line in cargo.lines().map(str::trim) {
        assert!(
            !line.starts_with("tauri-plugin"),
            "src-tauri/Cargo.toml must not use a Tauri plugin: {line}"
        );
        if line.starts_with("tauri =") {
            for feature in ["protocol-asset", "shell-open", "devtools", "unstable"] {
                assert!(
                    !line.contains(feature),
                    "src-tauri/Cargo.toml: tauri must not enable {feature}: {line}"
                );
            }
        }
    }
    let conf: Value = serde_json::from_str(
        &std::fs::read_to_string(workspace_root().join("src-tauri/tauri.conf.json")).unwrap(),
    )
    .unwrap();
    let csp = conf["app"]["security"]["csp"].as_str().expect("a CSP");
    for forbidden in ["'unsafe-inline'", "'unsafe-eval'", "*", "http:", "https:"] {
        assert!(
            !csp.split([' ', ';']).any(|t| t == forbidden),
            "CSP must not allow {forbidden}: {csp}"
        );
    }
    for needed in [
        "default-src 'self'",
        "script-src 'self'",
        "object-src 'none'",
    ] {
        assert!(csp.contains(needed), "CSP needs {needed}: {csp}");
    }
    assert!(
        conf["app"]["withGlobalTauri"].as_bool() != Some(true),
        "no global window.__TAURI__"
    );
}

// ---------------------------------------------------------------------------------------------
// Calling the app.

// The payloads of Ok and BadArgs are only read through Debug, in the failure messages.
#[allow(dead_code)]
#[derive(Debug)]
enum Answer {
    Ok(Value),
    /// `{code, message}` from the command.
    Typed {
        code: String,
        message: String,
    },
    /// Tauri refused the arguments before the command ran.
    BadArgs(String),
    /// Anything else: an ACL refusal, a panic message, a timeout, a script error.
    Other(String),
}

const INVOKE: &str = r#"
const [cmd, args, done] = arguments;
const big = 'x'.repeat(1 << 20);
const fix = (v) => v === '__BIG__' ? big
  : Array.isArray(v) ? v.map(fix)
  : (v && typeof v === 'object') ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, fix(x)]))
  : v;
const timer = setTimeout(() => done({ kind: 'timeout' }), 20000);
const finish = (r) => { clearTimeout(timer); done(r); };
let p;
try {
  p = window.__TAURI_INTERNALS__.invoke(cmd, fix(args));
} catch (e) {
  finish({ kind: 'threw', error: String(e) });
  return;
}
p.then((v) => {
  let shown = null;
  try {
    const s = JSON.stringify(v);
    shown = s === undefined ? null : (s.length > 2000 ? s.slice(0, 2000) : JSON.parse(s));
  } catch (e) {
    shown = Object.prototype.toString.call(v);
  }
  finish({ kind: 'ok', value: shown });
}, (e) => finish({ kind: 'err', error: (e && typeof e === 'object') ? e : String(e) }));
"#;

async fn invoke(c: &Client, cmd: &str, args: &Value) -> Answer {
    let r = match c
        .execute_async(INVOKE, vec![json!(cmd), args.clone()])
        .await
    {
        Ok(r) => r,
        Err(e) => return Answer::Other(format!("WebDriver: {e}")),
    };
    match r["kind"].as_str() {
        Some("ok") => Answer::Ok(r["value"].clone()),
        Some("err") => {
            let e = &r["error"];
            if let (Some(code), Some(message)) = (e["code"].as_str(), e["message"].as_str()) {
                Answer::Typed {
                    code: code.to_string(),
                    message: message.to_string(),
                }
            } else if let Some(s) = e.as_str() {
                // tauri::ipc: "invalid args `x` for command `y`: …" or "command y missing
                // required key x".
                if s.starts_with("invalid args") || s.contains("missing required key") {
                    Answer::BadArgs(s.to_string())
                } else {
                    Answer::Other(s.to_string())
                }
            } else {
                Answer::Other(e.to_string())
            }
        }
        _ => Answer::Other(r.to_string()),
    }
}

fn short(v: &Value) -> String {
    let s = v.to_string();
    if s.chars().count() > 160 {
        format!("{}…", s.chars().take(160).collect::<String>())
    } else {
        s
    }
}

fn short_answer(a: &Answer) -> String {
    let s = format!("{a:?}");
    if s.chars().count() > 300 {
        format!("{}…", s.chars().take(300).collect::<String>())
    } else {
        s
    }
}

/// Error codes that say the command did not check its input but failed further in.
const NOT_VALIDATION: &[&str] = &["internal", "database", "io"];

struct Run<'a> {
    c: &'a Client,
    failures: Vec<String>,
    calls: usize,
}

impl Run<'_> {
    async fn call(&mut self, phase: &str, cmd: &str, args: &Value) -> Answer {
        self.calls += 1;
        let started = std::time::Instant::now();
        let a = invoke(self.c, cmd, args).await;
        let took = started.elapsed();
        if took > std::time::Duration::from_secs(10) {
            self.failures.push(format!(
                "[{phase}] {cmd} {}: answered only after {:.1} s (or not at all): {}",
                short(args),
                took.as_secs_f64(),
                short_answer(&a)
            ));
        }
        // The app is still there and answering (a slow call may keep it busy a while: up to
        // two minutes, then it counts as dead).
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(120);
        loop {
            match invoke(self.c, "app_status", &json!({})).await {
                // (A long answer arrives cut to a string.)
                Answer::Ok(v) if v.get("initialized").is_some() || v.is_string() => break,
                other if std::time::Instant::now() >= deadline => panic!(
                    "[{phase}] after {cmd} {}: the app no longer answers app_status ({other:?}); \
                     the call answered {}.\nFailures until then:\n{}",
                    short(args),
                    short_answer(&a),
                    self.failures.join("\n")
                ),
                _ => {}
            }
        }
        a
    }

    fn fail(&mut self, phase: &str, cmd: &str, args: &Value, why: &str, a: &Answer) {
        self.failures.push(format!(
            "[{phase}] {cmd} {}: {why}; got {}",
            short(args),
            short_answer(a)
        ));
    }

    /// A bad payload: a typed error that is a validation answer, or Tauri's argument refusal.
    async fn expect_refused(&mut self, phase: &str, cmd: &str, args: &Value, odd: bool) {
        let a = self.call(phase, cmd, args).await;
        match &a {
            Answer::Typed { code, message } => {
                if message.trim().is_empty() {
                    self.fail(phase, cmd, args, "an error without a message", &a);
                } else if NOT_VALIDATION.contains(&code.as_str()) || message.contains("panicked") {
                    self.fail(phase, cmd, args, "not a validation error", &a);
                }
            }
            Answer::BadArgs(_) => {}
            Answer::Ok(_) if odd => {}
            Answer::Ok(_) => self.fail(phase, cmd, args, "accepted a bad payload", &a),
            Answer::Other(_) => self.fail(phase, cmd, args, "not a typed error", &a),
        }
    }

    /// A well-formed payload refused for the session: exactly `code`.
    async fn expect_code(&mut self, phase: &str, cmd: &str, args: &Value, codes: &[&str]) {
        let a = self.call(phase, cmd, args).await;
        match &a {
            Answer::Typed { code, .. } if codes.contains(&code.as_str()) => {}
            _ => self.fail(phase, cmd, args, &format!("expected {codes:?}"), &a),
        }
    }

    /// `sign_out` / `lock_session` without a session: nothing happens (Ok) or not_signed_in.
    async fn expect_harmless(&mut self, phase: &str, cmd: &str) {
        let args = json!({});
        let a = self.call(phase, cmd, &args).await;
        match &a {
            Answer::Ok(_) => {}
            Answer::Typed { code, .. } if code == "not_signed_in" => {}
            _ => self.fail(phase, cmd, &args, "expected Ok or not_signed_in", &a),
        }
    }

    async fn expect_ok(&mut self, phase: &str, cmd: &str, args: &Value) -> Value {
        match self.call(phase, cmd, args).await {
            Answer::Ok(v) => v,
            a => panic!("[{phase}] {cmd} {} must succeed: {a:?}", short(args)),
        }
    }
}

/// Commands whose call changes the session; the generic loops leave them out.
const SESSION_CHANGING: &[&str] = &["sign_out", "lock_session", "sign_in", "unlock_session"];

#[tokio::test]
async fn every_command_answers_bad_payloads_with_typed_errors_and_the_app_survives() {
    let app = desk_bin();
    assert!(
        app.exists(),
        "build the app first: cargo build -p motcua-desk"
    );
    let registered = registered_commands();
    let table = cases();
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("desk.sqlite");
    let receipts = tmp.path().join("receipts");
    let driver = Driver::start(&desk_env(&db, &receipts));
    let c = driver.session(&app).await;
    find(&c, "setup-submit").await;
    let mut run = Run {
        c: &c,
        failures: Vec::new(),
        calls: 0,
    };
    let exempt = |cmd: &str| EXEMPT.contains(&cmd);
    let known = |cmd: &str| registered.contains(cmd);

    // 0. A fresh desk: nothing works but the exempt commands; setup refuses bad input.
    let phase = "fresh desk";
    println!("e2e: {phase}");
    // No core permission is granted (core:default would allow these): Tauri's ACL refuses them.
    for core in [
        "plugin:app|version",
        "plugin:window|title",
        "plugin:path|resolve_directory",
    ] {
        let args = json!({ "directory": 1 });
        let a = run.call(phase, core, &args).await;
        match &a {
            Answer::Other(s) if s.contains("not allowed") => {}
            _ => run.fail(
                phase,
                core,
                &args,
                "a core command must be refused by the ACL",
                &a,
            ),
        }
    }
    for k in table.iter().filter(|k| known(k.cmd)) {
        match k.cmd {
            // The setup screen's provisioning message is for a fresh desk.
            "app_status" | "session_status" | "set_locale" | "provision_notice" => {
                run.expect_ok(phase, k.cmd, &k.ok).await;
            }
            "setup" => {}
            // Nothing to end or lock: done, or not_signed_in.
            "sign_out" | "lock_session" => run.expect_harmless(phase, k.cmd).await,
            // Enrolling a fresh database is a way to set it up; the portal here is unreachable.
            "enroll" => run.expect_refused(phase, k.cmd, &k.ok, false).await,
            "sign_in" | "unlock_session" => run.expect_refused(phase, k.cmd, &k.ok, false).await,
            _ => {
                run.expect_code(phase, k.cmd, &k.ok, &["not_signed_in", "not_initialized"])
                    .await
            }
        }
    }
    for k in table.iter().filter(|k| k.cmd == "setup") {
        for bad in &k.bad {
            run.expect_refused(phase, k.cmd, bad, false).await;
        }
    }
    let setup = table.iter().find(|k| k.cmd == "setup").expect("setup case");
    let a = run.call(phase, "setup", &setup.ok).await;
    if !matches!(&a, Answer::Ok(v) if v["initialized"] == json!(true)) {
        // Already set up by a bad payload it accepted (reported above), or refused.
        run.fail(phase, "setup", &setup.ok, "the good setup must succeed", &a);
    }

    // 1. Set up, nobody signed in: every command but the exempt ones says not_signed_in.
    let phase = "signed out";
    println!("e2e: {phase}");
    if known("sign_out") {
        // Setting up may sign the first admin in; start from signed out either way.
        let _ = run.call(phase, "sign_out", &json!({})).await;
    }
    for k in table.iter().filter(|k| known(k.cmd)) {
        if exempt(k.cmd) {
            if k.cmd == "setup" {
                // Set up already: even a good setup is refused now.
                for bad in k.bad.iter().chain([&k.ok]) {
                    run.expect_refused(phase, k.cmd, bad, false).await;
                }
                continue;
            }
            for bad in &k.bad {
                run.expect_refused(phase, k.cmd, bad, false).await;
            }
            for odd in &k.odd {
                run.expect_refused(phase, k.cmd, odd, true).await;
            }
            continue;
        }
        if matches!(k.cmd, "sign_out" | "lock_session") {
            run.expect_harmless(phase, k.cmd).await;
            continue;
        }
        run.expect_code(phase, k.cmd, &k.ok, &["not_signed_in"])
            .await;
        for bad in k.bad.iter().chain(&k.odd) {
            // The arguments may be refused before the session is looked at; nothing else.
            let a = run.call(phase, k.cmd, bad).await;
            match &a {
                Answer::Typed { code, .. } if code == "not_signed_in" => {}
                // A typed argument (src-tauri/src/arg.rs) refused as `{code, message}`.
                Answer::Typed { code, .. } if code == "invalid_argument" => {}
                Answer::BadArgs(_) => {}
                _ => run.fail(phase, k.cmd, bad, "expected not_signed_in", &a),
            }
        }
    }

    // 2. Signed in as the admin (every role check passes): bad payloads get typed errors.
    let phase = "admin";
    println!("e2e: {phase}");
    run.expect_ok(
        phase,
        "sign_in",
        &json!({ "username": ADMIN, "password": PASSWORD }),
    )
    .await;
    for k in table.iter().filter(|k| known(k.cmd)) {
        if SESSION_CHANGING.contains(&k.cmd) {
            continue;
        }
        for bad in &k.bad {
            run.expect_refused(phase, k.cmd, bad, false).await;
        }
        for odd in &k.odd {
            run.expect_refused(phase, k.cmd, odd, true).await;
        }
    }
    // The session itself survived all that.
    if known("session_status") {
        let s = run.expect_ok(phase, "session_status", &json!({})).await;
        assert_eq!(s["signed_in"], json!(true), "{s}");
        assert_eq!(s["locked"], json!(false), "{s}");
    }
    for k in table
        .iter()
        .filter(|k| k.cmd == "unlock_session" && known(k.cmd))
    {
        for bad in &k.bad {
            run.expect_refused(phase, k.cmd, bad, false).await;
        }
    }

    // 3. Locked: every command but the exempt ones (and signing out) says session_locked.
    if known("lock_session") {
        let phase = "locked";
        println!("e2e: {phase}");
        run.expect_ok(phase, "lock_session", &json!({})).await;
        for k in table.iter().filter(|k| known(k.cmd)) {
            if exempt(k.cmd) || SESSION_CHANGING.contains(&k.cmd) {
                continue;
            }
            run.expect_code(phase, k.cmd, &k.ok, &["session_locked"])
                .await;
        }
        run.expect_code(
            phase,
            "unlock_session",
            &json!({ "password": "sai-mat-khau" }),
            &["bad_credentials"],
        )
        .await;
        let me = run
            .expect_ok(phase, "unlock_session", &json!({ "password": PASSWORD }))
            .await;
        assert_eq!(me["username"], json!(ADMIN), "{me}");
        run.expect_ok(phase, "sync_status", &json!({})).await;
        run.expect_ok(phase, "sign_out", &json!({})).await;
        run.expect_code(phase, "sync_status", &json!({}), &["not_signed_in"])
            .await;
    }

    println!("e2e: {} calls, {} failures", run.calls, run.failures.len());
    let failures = std::mem::take(&mut run.failures);
    c.close().await.ok();
    assert!(
        failures.is_empty(),
        "{} of the calls were not answered as they should be:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

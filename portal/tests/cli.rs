//! The `motcua-portal` binary's admin commands, against the same database as a live in-process
//! portal (SQLite, and PostgreSQL with MOTCUA_PORTAL_TEST_PG).

mod common;

use std::process::Output;

use common::{Env, TestDesk, change, create_payload, new_id};
use motcua_protocol::{EnrollRequest, EnrollResponse, PullBody, PushStatus};
use reqwest::StatusCode;
use serde_json::Value;

both_backends!(cli_admin_flow, cli_dossiers_and_conflicts);

fn portal(env: &Env, args: &[&str]) -> Output {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_motcua-portal"))
        .arg("--db")
        .arg(&env.db_url)
        .args(args)
        .env_remove("MOTCUA_PORTAL_DB")
        .env("MOTCUA_PORTAL_PUBLIC_URL", "https://cong.example.vn/")
        .output()
        .expect("run motcua-portal");
    println!(
        "$ motcua-portal {} → {}\n{}{}",
        args.join(" "),
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn ok_json(env: &Env, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.push("--json");
    let out = portal(env, &all);
    assert!(out.status.success(), "{args:?} failed");
    serde_json::from_slice(&out.stdout).expect("JSON output")
}

fn fails(env: &Env, args: &[&str], needle: &str) {
    let out = portal(env, args);
    assert!(!out.status.success(), "{args:?} should fail");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains(needle),
        "stderr of {args:?} lacks {needle:?}: {err}"
    );
}

async fn enroll(env: &Env, code: &str) -> TestDesk {
    let res = env
        .post(motcua_protocol::ENROLL_PATH)
        .json(&EnrollRequest {
            code: code.into(),
            desk_name: String::new(),
        })
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let e: EnrollResponse = res.json().await.unwrap();
    TestDesk {
        token: e.token.clone(),
        desk_id: e.desk_id.clone(),
        unit_code: e.unit.code.clone(),
        enrolled: e,
    }
}

async fn cli_admin_flow(env: Env) {
    let dir = tempfile::tempdir().unwrap();
    let unit = ok_json(
        &env,
        &[
            "unit",
            "add",
            "--code",
            "000.00.31.h29",
            "--name",
            "Trung tâm PVHCC xã Định Mỹ",
            "--parent-authority",
            "UBND xã Định Mỹ",
            "--place",
            "Định Mỹ",
            "--hotline",
            "1900 1234",
            "--desk-slots",
            "2",
        ],
    );
    assert_eq!(unit["code"], "000.00.31.H29");
    assert_eq!(unit["lookup_url"], "https://cong.example.vn/tra-cuu");
    fails(
        &env,
        &[
            "unit",
            "add",
            "--code",
            "000.00.31.H29",
            "--name",
            "x",
            "--parent-authority",
            "x",
            "--place",
            "x",
            "--hotline",
            "x",
        ],
        "đã có",
    );
    let units = ok_json(&env, &["unit", "list"]);
    assert_eq!(units.as_array().unwrap().len(), 1);

    let d1 = ok_json(
        &env,
        &["desk", "add", "--unit", "000.00.31.H29", "--name", "Quầy 1"],
    );
    let code = d1["enrollment_code"].as_str().unwrap();
    assert_eq!(code.len(), 19);
    assert_eq!(
        (d1["seq_offset"].as_i64(), d1["seq_stride"].as_i64()),
        (Some(0), Some(2))
    );
    let d2 = ok_json(&env, &["desk", "add", "--unit", "000.00.31.H29"]);
    assert_eq!(d2["seq_offset"], 1);
    fails(
        &env,
        &["desk", "add", "--unit", "000.00.31.H29"],
        "hết 2 suất",
    );
    fails(
        &env,
        &["desk", "add", "--unit", "KHONG-CO"],
        "Không có đơn vị",
    );
    // The printed code works once.
    let desk = enroll(&env, code).await;
    assert_eq!(desk.enrolled.desk_name, "Quầy 1");
    let listed = ok_json(&env, &["desk", "list", "--unit", "000.00.31.H29"]);
    assert_eq!(listed.as_array().unwrap().len(), 2);
    assert!(listed[0]["enrolled_at"].is_string());
    assert!(listed[1]["enrolled_at"].is_null());
    let text = portal(&env, &["desk", "list"]);
    assert!(String::from_utf8_lossy(&text.stdout).contains("chờ đăng ký"));

    // Catalogue: validated by the desk core's parser.
    let catalogue = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../assets/catalogue/demo-catalogue.json"
    );
    let imported = ok_json(
        &env,
        &["catalogue", "import", "--unit", "000.00.31.H29", catalogue],
    );
    assert!(imported["procedures"].as_u64().unwrap() > 0);
    let bad = dir.path().join("bad.json");
    std::fs::write(
        &bad,
        r#"{"format":"motcua-catalogue/1","version":"x","procedures":[]}"#,
    )
    .unwrap();
    fails(
        &env,
        &[
            "catalogue",
            "import",
            "--unit",
            "000.00.31.H29",
            bad.to_str().unwrap(),
        ],
        "Lỗi",
    );
    fails(
        &env,
        &[
            "catalogue",
            "import",
            "--unit",
            "000.00.31.H29",
            "/khong/co.json",
        ],
        "Không đọc được tệp",
    );

    // Holidays: the calendar's export format, for every unit.
    let hol = dir.path().join("2027.json");
    std::fs::write(
        &hol,
        motcua_protocol::holidays::computed_schedule(2027).to_json(),
    )
    .unwrap();
    let h = ok_json(&env, &["holidays", "import", hol.to_str().unwrap()]);
    assert_eq!(h["year"], 2027);
    fails(&env, &["holidays", "import", bad.to_str().unwrap()], "Lỗi");

    let pulled = env.pull(&desk, 0, None).await;
    let kinds: Vec<&str> = pulled
        .changes
        .iter()
        .map(|c| match c.body {
            PullBody::Unit { .. } => "unit",
            PullBody::Catalogue { .. } => "catalogue",
            PullBody::Holidays { .. } => "holidays",
            PullBody::DossierStatus(_) => "status",
        })
        .collect();
    assert_eq!(kinds, ["unit", "catalogue", "holidays"]);

    // Changed settings reach the desk as a new `unit` change after its cursor.
    let updated = ok_json(
        &env,
        &[
            "unit",
            "update",
            "--code",
            "000.00.31.H29",
            "--hotline",
            "1900 5678",
        ],
    );
    assert_eq!(updated["hotline"], "1900 5678");
    assert_eq!(updated["place"], "Định Mỹ");
    fails(
        &env,
        &["unit", "update", "--code", "000.00.31.H29", "--name", " "],
        "Thiếu tên",
    );
    let next = env.pull(&desk, pulled.next_cursor, None).await;
    assert_eq!(next.changes.len(), 1);
    assert!(
        matches!(&next.changes[0].body, PullBody::Unit { unit } if unit.hotline == "1900 5678" && unit.name == "Trung tâm PVHCC xã Định Mỹ")
    );

    // Errors in JSON mode are JSON on stderr.
    let out = portal(&env, &["desk", "revoke", "khong-co", "--json"]);
    assert!(!out.status.success());
    let e: Value = serde_json::from_slice(&out.stderr).unwrap();
    assert_eq!(e["code"], "desk_not_found");
}

async fn cli_dossiers_and_conflicts(env: Env) {
    env.unit("U1").await;
    let desk = env.desk("U1").await;
    let id = new_id();
    let create = change(
        1,
        "create",
        &id,
        &create_payload(&id, "U1-261127-0001", "U1"),
    );
    assert_eq!(
        env.push(&desk, std::slice::from_ref(&create)).await.results[0].status,
        PushStatus::Stored
    );

    let list = ok_json(&env, &["dossiers", "list", "--unit", "U1"]);
    assert_eq!(list[0]["code"], "U1-261127-0001");
    assert_eq!(list[0]["national_status"], 2);
    let moved = ok_json(
        &env,
        &[
            "dossiers",
            "advance",
            "U1-261127-0001",
            "--to",
            "result-ready",
            "--by",
            "Phòng Tư pháp",
            "--note",
            "Đã ký",
        ],
    );
    assert_eq!(moved["national_status"], 9);
    fails(
        &env,
        &[
            "dossiers",
            "advance",
            "U1-261127-0001",
            "--to",
            "in-processing",
        ],
        "Không thể chuyển hồ sơ",
    );
    fails(
        &env,
        &[
            "dossiers",
            "advance",
            "U1-261127-0001",
            "--to",
            "handed-out",
        ],
        "quầy",
    );
    let list = ok_json(&env, &["dossiers", "list"]);
    assert_eq!(list[0]["status"], "result-ready");
    let pulled = env.pull(&desk, 0, None).await;
    assert!(
        pulled
            .changes
            .iter()
            .any(|c| matches!(&c.body, PullBody::DossierStatus(s) if s.by == "Phòng Tư pháp"))
    );

    assert_eq!(ok_json(&env, &["conflicts", "list"]), serde_json::json!([]));
    let mut other = create_payload(&id, "U1-261127-0001", "U1");
    other["sets_count"] = 2.into();
    let clash = change(1, "create", &id, &other);
    assert_eq!(
        env.push(&desk, std::slice::from_ref(&clash)).await.results[0].status,
        PushStatus::Conflict
    );
    let conflicts = ok_json(&env, &["conflicts", "list"]);
    assert_eq!(conflicts.as_array().unwrap().len(), 1);
    assert_eq!(conflicts[0]["stored_hash"], create.content_hash.as_str());
    assert_eq!(conflicts[0]["incoming_hash"], clash.content_hash.as_str());
    assert_eq!(conflicts[0]["unit_code"], "U1");

    let revoked = portal(&env, &["desk", "revoke", &desk.desk_id]);
    assert!(revoked.status.success());
    assert_eq!(
        env.pull_raw(&desk, 0, None).await.status(),
        StatusCode::UNAUTHORIZED
    );
    fails(&env, &["desk", "revoke", &desk.desk_id], "đã bị thu hồi");
    let desks = ok_json(&env, &["desk", "list"]);
    assert!(desks[0]["revoked_at"].is_string());
}

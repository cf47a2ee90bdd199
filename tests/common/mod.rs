//! Shared set-up for the core's integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

use motcua::dto::{Applicant, IntakeInput};
use motcua::store::{self, Db};

pub struct TestDesk {
    pub db: Db,
    pub path: PathBuf,
    _dir: tempfile::TempDir,
}

/// A fresh desk database in a temporary folder, set up with the demo unit and catalogue.
pub async fn demo_desk() -> TestDesk {
    motcua::i18n::set_locale("vi");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("desk.sqlite");
    let db = store::open(&path).await.expect("open db");
    motcua::desk::setup(&db, &motcua::desk::demo_setup())
        .await
        .expect("setup");
    TestDesk {
        db,
        path,
        _dir: dir,
    }
}

/// A catalogue with one 5-working-day procedure, for due-date checks that must not depend on the
/// demo data.
pub const TEST_CATALOGUE: &str = r#"{
  "format": "motcua-catalogue/1", "version": "test-1", "effective_from": "2025-07-01", "note": "test",
  "procedures": [{
    "code": "9.999001", "local_code": null, "name": "Thủ tục thử nghiệm năm ngày", "field": "Thử nghiệm",
    "authority": "Ủy ban nhân dân cấp xã",
    "duration": { "amount": 5, "unit": "working-days", "cutoff": null }, "duration_text": "05 ngày làm việc",
    "fee": { "kind": "fixed", "amount": 8000, "per": "bản" }, "fee_text": "8.000 đồng/bản",
    "documents": [
      { "name": "Tờ khai", "required": true, "original": 1, "certified": 0, "photocopy": 0 },
      { "name": "Giấy tờ kèm theo", "required": false, "original": 0, "certified": 0, "photocopy": 1 }
    ],
    "channels": ["direct"], "delivery": ["counter", "post"], "online_only": false, "sets": 1,
    "provenance": { "code": "unknown", "name": "unknown", "duration": "unknown", "fee": "unknown", "documents": "unknown", "online_only": "unknown" },
    "sources": []
  }]
}"#;

pub fn applicant() -> Applicant {
    Applicant {
        full_name: "Nguyễn Thị Hồng Đặng".into(),
        id_number: "001190012345".into(),
        phone: "0912 345 678".into(),
        email: "hong.dang@example.vn".into(),
        address: "Số 5, thôn Đông, xã Tân Phú, tỉnh Đồng Nai".into(),
    }
}

pub fn intake_input(procedure: &str, received_at: Option<&str>) -> IntakeInput {
    IntakeInput {
        procedure_code: procedure.into(),
        received_at: received_at.map(str::to_string),
        submitter: applicant(),
        owner: None,
        documents: vec![motcua::dto::DocumentReceived {
            name: "Tờ khai".into(),
            original: 1,
            certified: 0,
            photocopy: 0,
        }],
        sets_count: 1,
        delivery: "counter".into(),
        ..Default::default()
    }
}

/// Runs the `motcua` binary on a desk database, messages in Vietnamese.
pub fn motcua(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_motcua"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("MOTCUA_LANG")
        .output()
        .expect("run motcua")
}

/// The JSON a successful command printed.
pub fn json(o: &std::process::Output) -> serde_json::Value {
    assert!(
        o.status.success(),
        "motcua failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("JSON on stdout")
}

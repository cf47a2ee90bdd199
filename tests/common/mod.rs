//! Shared set-up for the core's integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

use motcua::accounts::{self, Session};
use motcua::dto::{Applicant, IntakeInput};
use motcua::store::{self, Db};

/// The password of every demo account in the tests.
pub const PASSWORD: &str = "mat-khau-thu-nghiem";

pub struct TestDesk {
    pub db: Db,
    pub path: PathBuf,
    /// The demo clerk `mai` (Trần Thị Mai), signed in.
    pub session: Session,
    /// The demo supervisor `giamsat`, signed in.
    pub supervisor: Session,
    /// The administrator `admin`, signed in.
    pub admin: Session,
    _dir: tempfile::TempDir,
}

/// A fresh desk database in a temporary folder, set up with the demo unit and catalogue and the
/// three demo accounts (`admin`, `giamsat`, `mai`), each signed in.
pub async fn demo_desk() -> TestDesk {
    motcua::i18n::set_locale("vi");
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("desk.sqlite");
    let db = store::open(&path).await.expect("open db");
    motcua::reference::desk::setup(&db, &motcua::reference::desk::demo_setup(PASSWORD))
        .await
        .expect("setup");
    // The tests record dossiers on fixed days of 2026 (backdated intakes): the unit was set up on
    // this desk long before, so those days stay inside the backdating bound in every year the
    // suite runs (`motcua::dossier::backdate`).
    sqlx::query("UPDATE unit SET created_at = '2020-01-01T00:00:00Z' WHERE id = 1")
        .execute(&db)
        .await
        .expect("unit set-up time");
    let now = chrono::Utc::now();
    let admin = accounts::sign_in(&db, "admin", PASSWORD, now)
        .await
        .expect("admin signs in");
    accounts::create_demo_accounts(&db, &admin, PASSWORD, now)
        .await
        .expect("demo accounts");
    let session = accounts::sign_in(&db, "mai", PASSWORD, now)
        .await
        .expect("clerk signs in");
    let supervisor = accounts::sign_in(&db, "giamsat", PASSWORD, now)
        .await
        .expect("supervisor signs in");
    TestDesk {
        db,
        path,
        session,
        supervisor,
        admin,
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

/// The reason given for every backdated intake of the tests.
pub const BACKDATE_REASON: &str = "Mất điện, nhận hồ sơ giấy, nhập lại sau";

pub fn intake_input(procedure: &str, received_at: Option<&str>) -> IntakeInput {
    IntakeInput {
        procedure_code: procedure.into(),
        received_at: received_at.map(str::to_string),
        // Many tests record dossiers received on past days: each is a backdated intake.
        received_reason: Some(BACKDATE_REASON.into()),
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

/// Runs the `motcua` binary on a desk database as the demo clerk `mai`, messages in Vietnamese.
pub fn motcua(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    motcua_as(db, "mai", args)
}

/// Runs the `motcua` binary signed in as `user` (password [`PASSWORD`]).
pub fn motcua_as(db: &std::path::Path, user: &str, args: &[&str]) -> std::process::Output {
    std::process::Command::new(env!("CARGO_BIN_EXE_motcua"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("MOTCUA_LANG")
        .env("MOTCUA_USER", user)
        .env("MOTCUA_PASSWORD", PASSWORD)
        .env("MOTCUA_KEY_STORE", "file")
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

/// A PDF's text as `pdftotext -raw` prints it in stream order, all whitespace squashed.
pub fn pdf_raw_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("f.pdf");
    std::fs::write(&f, bytes).unwrap();
    let out = std::process::Command::new("pdftotext")
        .arg("-raw")
        .arg(&f)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    assert!(out.status.success());
    String::from_utf8(out.stdout)
        .expect("UTF-8")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

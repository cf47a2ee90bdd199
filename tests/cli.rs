//! The `motcua` CLI as an admin or a script uses it: stable JSON, Vietnamese errors, exit codes.

use std::process::{Command, Output};

use serde_json::Value;

fn motcua(db: &std::path::Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_motcua"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("MOTCUA_LANG")
        .output()
        .expect("run motcua")
}

fn json(o: &Output) -> Value {
    assert!(
        o.status.success(),
        "motcua failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("JSON on stdout")
}

#[test]
fn init_demo_intake_receipt_and_list() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.sqlite");
    let init = json(&motcua(&db, &["init", "--demo", "--json"]));
    assert!(init["procedures"].as_u64().unwrap() >= 20);

    let list = json(&motcua(&db, &["catalogue", "list", "--json"]));
    let procs = list.as_array().unwrap();
    assert!(procs.len() >= 20);
    assert!(
        procs
            .iter()
            .all(|p| p["code"].is_string() && p["name"].is_string())
    );

    let out = json(&motcua(
        &db,
        &[
            "intake",
            "--procedure",
            "2.000815",
            "--name",
            "Phạm Văn Đức",
            "--id-number",
            "036085001234",
            "--phone",
            "0987654321",
            "--json",
        ],
    ));
    let code = out["code"].as_str().unwrap().to_string();
    assert!(code.starts_with("000.00.31.H29-"), "{code}");
    assert!(out["id"].is_string() && out["due_at"].is_string());

    let pdf = dir.path().join("receipt.pdf");
    let r = json(&motcua(
        &db,
        &["receipt", &code, "-o", pdf.to_str().unwrap(), "--json"],
    ));
    assert_eq!(r["code"], code.as_str());
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));

    let list = json(&motcua(&db, &["dossiers", "list", "--json"]));
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(list[0]["code"], code.as_str());
    assert_eq!(list[0]["submitter_name"], "Phạm Văn Đức");
}

#[test]
fn errors_are_vietnamese_with_a_code_and_exit_one() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.sqlite");
    json(&motcua(&db, &["init", "--demo", "--json"]));
    let o = motcua(
        &db,
        &[
            "intake",
            "--procedure",
            "9.999999",
            "--name",
            "A",
            "--id-number",
            "001090012345",
            "--json",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["error"]["code"], "unknown_procedure");
    assert!(String::from_utf8_lossy(&o.stderr).contains("Không tìm thấy thủ tục"));

    let o = motcua(
        &db,
        &[
            "--lang",
            "en",
            "intake",
            "--procedure",
            "2.000815",
            "--name",
            "",
            "--id-number",
            "001090012345",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("full name is missing"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
}

#[test]
fn commands_before_setup_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.sqlite");
    let o = motcua(&db, &["dossiers", "list", "--json"]);
    // Listing works on an empty desk (nothing received yet); intake needs setup first.
    assert!(o.status.success());
    let o = motcua(
        &db,
        &[
            "intake",
            "--procedure",
            "2.000815",
            "--name",
            "A",
            "--id-number",
            "001090012345",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("chưa được thiết lập"));
}

//! The `motcua` CLI as an admin or a script uses it: stable JSON, Vietnamese errors, exit codes.

mod common;

use common::{json, motcua};
use serde_json::Value;

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
    // Before setup there is no account to sign in with: every desk command says to set up first.
    let o = motcua(&db, &["dossiers", "list", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("chưa được thiết lập"));
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

#[test]
fn intake_outcomes_and_every_form_from_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.sqlite");
    json(&motcua(&db, &["init", "--demo", "--json"]));
    let base = [
        "intake",
        "--procedure",
        "2.000815",
        "--name",
        "Đinh Thị Lan",
        "--id-number",
        "079190001234",
        "--json",
    ];

    let accepted = json(&motcua(
        &db,
        &[&base[..], &["--copies", "2", "--pages", "3"]].concat(),
    ));
    assert_eq!(accepted["outcome"], "accepted");
    assert_eq!(accepted["fee_amount"], 10_000);
    let supplement = json(&motcua(
        &db,
        &[
            &base[..],
            &[
                "--outcome",
                "supplement",
                "--missing",
                "Bản chính giấy khai sinh",
                "--missing",
                "Sổ hộ khẩu",
                "--reason",
                "Chưa mang theo",
            ],
        ]
        .concat(),
    ));
    assert_eq!(
        supplement["forms"],
        serde_json::json!(["supplement-request"])
    );
    let refused = json(&motcua(
        &db,
        &[
            &base[..],
            &["--outcome", "refuse", "--reason", "Không thuộc thẩm quyền"],
        ]
        .concat(),
    ));
    assert_eq!(refused["status"], "refused");

    for (kind, v) in [
        ("receipt", &accepted),
        ("fee-receipt", &accepted),
        ("supplement-request", &supplement),
        ("refusal", &refused),
    ] {
        let code = v["code"].as_str().unwrap();
        let file = dir.path().join(format!("{kind}.pdf"));
        let out = json(&motcua(
            &db,
            &["form", kind, code, "-o", file.to_str().unwrap(), "--json"],
        ));
        assert_eq!(out["kind"], kind);
        assert!(std::fs::read(&file).unwrap().starts_with(b"%PDF"), "{kind}");
    }
    let o = motcua(
        &db,
        &[
            "form",
            "refusal",
            accepted["code"].as_str().unwrap(),
            "-o",
            dir.path().join("x.pdf").to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("không có biểu mẫu"));
    let o = motcua(&db, &[&base[..], &["--outcome", "maybe"]].concat());
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn catalogue_round_trips_through_export_and_import_as_a_new_version() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.sqlite");
    json(&motcua(&db, &["init", "--demo", "--json"]));
    let file = dir.path().join("catalogue.json");
    json(&motcua(
        &db,
        &[
            "catalogue",
            "export",
            "-o",
            file.to_str().unwrap(),
            "--json",
        ],
    ));
    let mut v: Value = serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    v["version"] = "2026.12-local".into();
    v["procedures"][0]["fee_text"] = "Sửa thử".into();
    std::fs::write(&file, v.to_string()).unwrap();
    let r = json(&motcua(
        &db,
        &[
            "catalogue",
            "import",
            file.to_str().unwrap(),
            "--json",
            "--user",
            "admin",
        ],
    ));
    assert_eq!(r["version_id"], 2);
    // An unknown field is refused (a typo must not silently drop a rule).
    v["procedures"][0]["fee_txt"] = "typo".into();
    std::fs::write(&file, v.to_string()).unwrap();
    let o = motcua(
        &db,
        &[
            "catalogue",
            "import",
            file.to_str().unwrap(),
            "--user",
            "admin",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("fee_txt"));
}

#[test]
fn dossiers_search_finds_by_name_without_diacritics_code_id_and_phone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.sqlite");
    json(&motcua(&db, &["init", "--demo", "--json"]));
    let a = json(&motcua(
        &db,
        &[
            "intake",
            "--procedure",
            "2.000815",
            "--name",
            "Đặng Văn Hùng",
            "--id-number",
            "001085001111",
            "--phone",
            "0987 654 321",
            "--json",
        ],
    ));
    json(&motcua(
        &db,
        &[
            "intake",
            "--procedure",
            "2.000815",
            "--name",
            "Lê Thị Mai",
            "--id-number",
            "079190002222",
            "--phone",
            "0912345678",
            "--json",
        ],
    ));
    let names = |q: &str| -> Vec<String> {
        let v = json(&motcua(&db, &["dossiers", "search", q, "--json"]));
        v.as_array()
            .unwrap()
            .iter()
            .map(|d| d["submitter_name"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(names("dang"), ["Đặng Văn Hùng"]);
    assert_eq!(names("0010850"), ["Đặng Văn Hùng"]);
    assert_eq!(names("+84 987 654"), ["Đặng Văn Hùng"]);
    assert_eq!(names("0912"), ["Lê Thị Mai"]);
    assert_eq!(names(a["code"].as_str().unwrap()), ["Đặng Văn Hùng"]);
    assert!(names("khong ai").is_empty());
}

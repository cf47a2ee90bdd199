//! Hardening, round two (issue 14), the desk's side, as the attack did it: the `motcua` CLI as
//! the clerk `mai` (output paths), a killed writer and a truncated WAL (rollback), flipped bytes
//! in the encrypted file (damage), unprintable input, and error JSON on stdout (masking).

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use common::{PASSWORD, demo_desk, intake_input, json, motcua, motcua_as};
use motcua::store::{self, key};
use serde_json::Value;

/// A demo desk made by the CLI (`init --demo`) with one accepted dossier; returns its code.
fn cli_desk(dir: &Path) -> (PathBuf, String) {
    let db = dir.join("desk.sqlite");
    let init = motcua(&db, &["init", "--demo", "--json"]);
    assert!(init.status.success(), "{init:?}");
    let v = json(&motcua(
        &db,
        &[
            "intake",
            "--procedure",
            "2.000815",
            "--name",
            "Phạm Văn Đức",
            "--id-number",
            "036085001234",
            "--json",
        ],
    ));
    (db, v["code"].as_str().expect("code").to_string())
}

fn error_code(out: &std::process::Output) -> String {
    assert!(!out.status.success(), "expected a refusal: {out:?}");
    let v: Value = serde_json::from_slice(&out.stdout).expect("error JSON on stdout");
    v["error"]["code"].as_str().unwrap_or_default().to_string()
}

/// Issue 14, point 1: `receipt CODE -o <the desk's own file>` as the clerk never replaces it.
#[test]
fn a_clerk_cannot_overwrite_the_database_its_key_or_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let (db, code) = cli_desk(dir.path());
    let key_file = key::file_path(&db);
    let key_before = std::fs::read(&key_file).expect("key file");
    let db_before = std::fs::read(&db).expect("db");
    assert!(!db_before.is_empty());
    // A checked backup in the app's backups folder, made by the administrator.
    let backups = dir.path().join("backups");
    std::fs::create_dir(&backups).unwrap();
    let backup = backups.join("desk-2026-12-01.sqlite");
    let b = motcua_as(
        &db,
        "admin",
        &["backup", "-o", backup.to_str().unwrap(), "--json"],
    );
    assert!(b.status.success(), "{b:?}");
    let backup_before = std::fs::read(&backup).unwrap();
    let link = dir.path().join("receipt-link.pdf");
    std::os::unix::fs::symlink(&key_file, &link).unwrap();
    let hard = dir.path().join("hard.pdf");
    std::fs::hard_link(&db, &hard).unwrap();
    let existing = dir.path().join("existing.pdf");
    std::fs::write(&existing, b"someone's file").unwrap();
    let s = |p: &Path| p.to_str().unwrap().to_string();
    let cases: Vec<(String, bool, &str)> = vec![
        (s(&key_file), false, "output_protected"),
        (s(&key_file), true, "output_protected"),
        (s(&db), true, "output_protected"),
        (format!("{}-wal", db.display()), true, "output_protected"),
        (format!("{}-shm", db.display()), true, "output_protected"),
        (s(&link), true, "output_protected"),
        (s(&hard), true, "output_protected"),
        (s(&backup), true, "output_protected"),
        (
            format!("{}/../{}", backups.display(), "desk.sqlite.key"),
            true,
            "output_protected",
        ),
        ("/missing/dir/x.pdf".into(), false, "output_dir_missing"),
        (s(&existing), false, "output_exists"),
    ];
    for (target, force, want) in &cases {
        let mut args = vec!["receipt", code.as_str(), "-o", target.as_str(), "--json"];
        if *force {
            args.push("--force");
        }
        let out = motcua(&db, &args);
        assert_eq!(
            &error_code(&out),
            want,
            "receipt -o {target} (force {force})"
        );
        let msg = String::from_utf8_lossy(&out.stderr);
        assert!(
            msg.contains(target.as_str()) || msg.contains("/missing/dir"),
            "{msg}"
        );
    }
    for (kind, extra) in [("form", vec!["refusal"]), ("ledger", vec![])] {
        let out = if kind == "ledger" {
            motcua_as(
                &db,
                "giamsat",
                &[
                    "ledger",
                    "--from",
                    "2026-01-01",
                    "--to",
                    "2026-12-31",
                    "-o",
                    &s(&link),
                    "--force",
                    "--json",
                ],
            )
        } else {
            let db_text = s(&db);
            let mut a = vec!["form"];
            a.extend(extra);
            a.extend([code.as_str(), "-o", db_text.as_str(), "--force", "--json"]);
            motcua(&db, &a)
        };
        let c = error_code(&out);
        assert!(
            c == "output_protected" || c == "form_not_available",
            "{kind}: {c}"
        );
    }
    // A backup is never written over the key either, nor into a missing folder.
    let out = motcua_as(
        &db,
        "admin",
        &["backup", "-o", "/missing/dir/b.sqlite", "--json"],
    );
    assert_eq!(error_code(&out), "output_dir_missing");
    assert!(!Path::new("/missing/dir").exists());

    assert_eq!(std::fs::read(&key_file).unwrap(), key_before, "key intact");
    // (Each run signs in, which writes to the database: it is not byte-identical, but it is
    // still the encrypted database, not a PDF.)
    let db_after = std::fs::read(&db).unwrap();
    assert!(
        !db_after.starts_with(b"%PDF") && db_after.len() >= db_before.len(),
        "database replaced"
    );
    assert_eq!(
        std::fs::read(&backup).unwrap(),
        backup_before,
        "backup intact"
    );
    assert_eq!(std::fs::read(&existing).unwrap(), b"someone's file");
    // The database still opens and holds its dossier.
    let list = json(&motcua(&db, &["dossiers", "list", "--json"]));
    assert_eq!(list[0]["code"], code.as_str());
    // --force replaces a file of one's own; a new file in an existing folder needs nothing.
    let out = motcua(
        &db,
        &["receipt", &code, "-o", &s(&existing), "--force", "--json"],
    );
    assert!(out.status.success(), "{out:?}");
    assert!(std::fs::read(&existing).unwrap().starts_with(b"%PDF"));
    let fresh = dir.path().join("fresh.pdf");
    assert!(
        motcua(&db, &["receipt", &code, "-o", &s(&fresh)])
            .status
            .success()
    );
}

/// Issue 14, point 9: the JSON error on stdout masks a phone or tax code as stderr does.
#[test]
fn json_errors_on_stdout_mask_phones_and_tax_codes() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = cli_desk(dir.path());
    let phone = motcua(
        &db,
        &[
            "intake",
            "--procedure",
            "2.000815",
            "--name",
            "Lê Văn Bình",
            "--id-number",
            "079095000111",
            "--phone",
            "0123456789",
            "--json",
        ],
    );
    let tax = motcua(
        &db,
        &[
            "intake",
            "--procedure",
            "2.000815",
            "--name",
            "Lê Văn Bình",
            "--id-number",
            "079095000111",
            "--owner-kind",
            "business",
            "--owner-name",
            "Công ty An Bình",
            "--owner-id",
            "0100109107",
            "--json",
        ],
    );
    for (out, whole, masked) in [
        (&phone, "0123456789", "0123***789"),
        (&tax, "0100109107", "0100***107"),
    ] {
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{stdout}");
        assert!(!stdout.contains(whole), "whole number on stdout: {stdout}");
        assert!(stdout.contains(masked), "{stdout}");
        assert!(!stderr.contains(whole), "{stderr}");
    }
}

/// The child for the rollback test: records dossiers and prints `COMMITTED <code>` after each,
/// then waits to be killed. Only when started by that test.
#[test]
fn child_writer_until_killed() {
    let (Ok(db), Ok(n)) = (
        std::env::var("ROLLBACK_WRITER_DB"),
        std::env::var("ROLLBACK_WRITER_N"),
    ) else {
        return;
    };
    let n: usize = n.parse().expect("n");
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let db = store::open(Path::new(&db)).await.expect("open");
        let s = motcua::accounts::sign_in(&db, "mai", PASSWORD, chrono::Utc::now())
            .await
            .expect("sign in");
        for i in 0..n {
            let mut input = intake_input("2.000815", None);
            input.submitter.full_name =
                format!("Người Sau Cùng {}", ["A", "B", "C", "D", "E"][i % 5]);
            let v = motcua::dossier::intake::save(&db, &s, &input, chrono::Utc::now())
                .await
                .expect("save");
            println!("COMMITTED {}", v.summary.code);
        }
        println!("DONE");
        tokio::time::sleep(std::time::Duration::from_secs(600)).await;
    });
}

/// Issue 14, point 5, the attack exactly: 8 dossiers in the database file, 4 more committed into
/// the WAL by a process that is then killed, the WAL truncated to 0 bytes: the desk is back to 8
/// dossiers, and `audit verify` says it was rolled back and which audit rows are missing.
#[test]
fn a_truncated_wal_after_a_crash_is_reported_as_a_rollback() {
    let dir = tempfile::tempdir().unwrap();
    let (db, _) = cli_desk(dir.path());
    for i in 0..7 {
        let out = motcua(
            &db,
            &[
                "intake",
                "--procedure",
                "2.000815",
                "--name",
                &format!(
                    "Người Thứ {}",
                    ["Hai", "Ba", "Tư", "Năm", "Sáu", "Bảy", "Tám"][i]
                ),
                "--id-number",
                "036085001234",
            ],
        );
        assert!(out.status.success(), "{out:?}");
    }
    let before = json(&motcua(&db, &["dossiers", "list", "--json"]));
    assert_eq!(before.as_array().unwrap().len(), 8);
    let ok = json(&motcua_as(&db, "admin", &["audit", "verify", "--json"]));
    assert_eq!(ok["ok"], true, "{ok}");
    assert_eq!(ok["anchor"], "reached", "{ok}");

    let mut child = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "child_writer_until_killed",
            "--nocapture",
            "--test-threads=1",
        ])
        .env("ROLLBACK_WRITER_DB", &db)
        .env("ROLLBACK_WRITER_N", "4")
        .env("MOTCUA_KEY_STORE", "file")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("writer");
    let lines = BufReader::new(child.stdout.take().unwrap());
    let mut committed = 0;
    for line in lines.lines() {
        let line = line.unwrap();
        // (The test harness may print its "test … ..." on the same line as the first one.)
        if line.contains("COMMITTED ") {
            committed += 1;
        }
        if line.contains("DONE") {
            break;
        }
    }
    assert_eq!(committed, 4);
    child.kill().unwrap();
    child.wait().unwrap();
    let wal = PathBuf::from(format!("{}-wal", db.display()));
    assert!(
        std::fs::metadata(&wal).unwrap().len() > 0,
        "the 4 are in the WAL"
    );
    // truncate -s 0 desk.sqlite-wal
    std::fs::OpenOptions::new()
        .write(true)
        .open(&wal)
        .unwrap()
        .set_len(0)
        .unwrap();

    let after = json(&motcua(&db, &["dossiers", "list", "--json"]));
    // Back to the 8 (or fewer, when the last CLI run's close did not get to checkpoint its own
    // writes before the writer started): the 4 of the killed writer are gone either way.
    let left = after.as_array().unwrap().len();
    assert!(left <= 8, "back to 8 dossiers or fewer: {left}");
    let out = motcua_as(&db, "admin", &["audit", "verify", "--json"]);
    assert!(!out.status.success());
    let r: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    println!("verify after the rollback: {r}");
    assert_eq!(r["ok"], false, "{r}");
    let p = &r["problem"];
    assert_eq!(p["kind"], "rolled_back", "{r}");
    let (from, to) = (p["seq"].as_i64().unwrap(), p["to_seq"].as_i64().unwrap());
    // Each of the 4 lost dossiers had at least its own audit row.
    assert!(to - from + 1 >= 4, "{r}");
    assert!(
        r["message"]
            .as_str()
            .unwrap()
            .contains(&format!("từ {from} đến {to}")),
        "{r}"
    );
    // Still reported on the next run (the sign-in of that run is written after the loss).
    let again: Value =
        serde_json::from_slice(&motcua_as(&db, "admin", &["audit", "verify", "--json"]).stdout)
            .expect("JSON");
    assert_eq!(again["problem"]["kind"], "rolled_back", "{again}");
    assert_eq!(again["problem"]["seq"], from);
}

/// Issue 14, point 6: one flipped byte in any page of the encrypted file (the header, pages
/// 10-80, the last) makes `audit verify` say "damaged" (or refuse to open with `db_damaged`),
/// every time, and name the last good backup; never ok, never `wrong_db_key`.
#[tokio::test]
async fn a_flipped_byte_in_any_page_is_reported_as_damage() {
    // The key in the file beside the database, where the CLI below looks for it.
    // SAFETY of set_var: every test of this binary wants the same value.
    unsafe { std::env::set_var("MOTCUA_KEY_STORE", "file") };
    let d = demo_desk().await;
    // Enough rows for a file of 100+ pages.
    for i in 0..150 {
        let mut input = intake_input("2.000815", None);
        input.submitter.full_name = format!("Người Thử Trang Số {}", ["Một", "Hai", "Ba"][i % 3]);
        motcua::dossier::intake::save(&d.db, &d.session, &input, chrono::Utc::now())
            .await
            .expect("save");
    }
    let backups = d.path.parent().unwrap().join("backups");
    std::fs::create_dir(&backups).unwrap();
    let good = backups.join("desk-2026-12-01.sqlite");
    store::backup::backup(&d.db, &good).await.expect("backup");
    d.db.close().await;
    let pristine = std::fs::read(&d.path).unwrap();
    let pages = pristine.len() / 4096;
    assert!(pages > 90, "{pages} pages");
    let mut damaged_reports = 0;
    for page in [0usize, 1, 10, 20, 30, 45, 60, 80, pages - 1] {
        let mut bytes = pristine.clone();
        let at = page * 4096 + 1000;
        bytes[at] ^= 0x5a;
        std::fs::write(&d.path, &bytes).unwrap();
        // Putting a copy back is a rollback on purpose, as a restore is: no anchor.
        let _ = std::fs::remove_file(motcua::store::audit_anchor::file_path(&d.path));
        let _ = std::fs::remove_file(format!("{}-wal", d.path.display()));
        let _ = std::fs::remove_file(format!("{}-shm", d.path.display()));
        let out = motcua_as(&d.path, "admin", &["audit", "verify", "--json"]);
        assert!(!out.status.success(), "page {page}: verify said ok");
        let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        let stderr = String::from_utf8_lossy(&out.stderr);
        if v["damaged"] == true {
            damaged_reports += 1;
            assert_eq!(v["problem"]["kind"], "damaged", "page {page}: {v}");
            assert!(
                v["message"]
                    .as_str()
                    .unwrap()
                    .contains("desk-2026-12-01.sqlite"),
                "page {page}: the last good backup is named: {v}"
            );
        } else {
            assert_eq!(
                v["error"]["code"], "db_damaged",
                "page {page}: {v} {stderr}"
            );
        }
    }
    println!("{damaged_reports} of 9 cases reported by verify itself, the rest refused to open");
    std::fs::write(&d.path, &pristine).unwrap();
    let _ = std::fs::remove_file(motcua::store::audit_anchor::file_path(&d.path));
    let ok = json(&motcua_as(&d.path, "admin", &["audit", "verify", "--json"]));
    assert_eq!(ok["ok"], true, "the undamaged file verifies: {ok}");
}

/// Issue 14, point 4: text the receipt cannot print is refused before anything is saved, naming
/// the field and the character; a Vietnamese name is fine.
#[tokio::test]
async fn intake_refuses_text_the_receipt_cannot_print() {
    // SAFETY of set_var: every test of this binary wants the same value.
    unsafe { std::env::set_var("MOTCUA_KEY_STORE", "file") };
    let d = demo_desk().await;
    let cases: Vec<(&str, Box<dyn Fn(&mut motcua::dto::IntakeInput)>, &str)> = vec![
        (
            "full_name",
            Box::new(|i| i.submitter.full_name = "李小龍".into()),
            "李",
        ),
        (
            "full_name",
            Box::new(|i| i.submitter.full_name = "Nguyễn Văn An 😀".into()),
            "1F600",
        ),
        (
            "address",
            Box::new(|i| i.submitter.address = "Thôn \u{2066}Đông\u{2069}, Tân Phú".into()),
            "U+2066",
        ),
        (
            "full_name",
            Box::new(|i| i.submitter.full_name = "\u{200B}\u{200C}".into()),
            "",
        ),
        (
            "full_name",
            Box::new(|i| i.submitter.full_name = "Lê \u{1b}[2JBình".into()),
            "U+001B",
        ),
        (
            "address",
            Box::new(|i| i.submitter.address = "Thôn Đông\r\nTân Phú".into()),
            "U+000D",
        ),
        (
            "owner_full_name",
            Box::new(|i| {
                i.owner = Some(motcua::dto::Applicant {
                    full_name: "Trần\u{202E}Thị".into(),
                    id_number: "001190012345".into(),
                    ..Default::default()
                })
            }),
            "U+202E",
        ),
    ];
    for (field, set, ch) in cases {
        let mut input = intake_input("2.000815", None);
        set(&mut input);
        let e = motcua::dossier::intake::save(&d.db, &d.session, &input, chrono::Utc::now())
            .await
            .expect_err("refused");
        assert_eq!((e.code(), e.field()), ("unprintable", Some(field)), "{e}");
        assert!(e.to_string().contains(ch), "{e}");
    }
    let saved: i64 = sqlx::query_scalar("SELECT count(*) FROM dossier")
        .fetch_one(&d.db)
        .await
        .unwrap();
    assert_eq!(saved, 0, "nothing was saved or queued");
    // What passes prints: the receipt of a Vietnamese name with an NFD-typed letter.
    let mut input = intake_input("2.000815", None);
    input.submitter.full_name = "Nguye\u{0302}\u{0303}n Thị Ánh Tuyết".into();
    let v = motcua::dossier::intake::save(&d.db, &d.session, &input, chrono::Utc::now())
        .await
        .expect("saved");
    motcua::forms::pdf(
        &d.db,
        &d.session,
        motcua::forms::FormKind::Receipt,
        &v.summary.code,
    )
    .await
    .expect("the receipt prints");
    // The hand-out recipient is checked the same way.
    let r = motcua::dossier::lifecycle::check_recipient(&motcua::dossier::lifecycle::Recipient {
        full_name: "王".into(),
        id_number: "001190012345".into(),
        is_proxy: false,
        authorisation: None,
    })
    .expect_err("refused");
    assert_eq!(r.code(), "unprintable");
}

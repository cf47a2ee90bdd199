//! Issue 14, point 5: losing only the last committed transaction is a rollback. The audit anchor
//! beside the key moves after each commit (src/store/audit_anchor.rs), so a `-wal` cut back by exactly
//! the last intake's commit is reported by `audit verify`, with the missing entries.

mod common;

use std::path::{Path, PathBuf};

use common::{PASSWORD, intake_input, json, motcua, motcua_as};
use motcua::dto::IntakeInput;
use serde_json::Value;

fn intake(i: usize) -> IntakeInput {
    let mut input = intake_input("2.000815", None);
    input.submitter.full_name = format!("Người Thứ {}", ["Nhất", "Hai", "Ba", "Tư", "Năm"][i % 5]);
    input
}

fn wal(db: &Path) -> PathBuf {
    PathBuf::from(format!("{}-wal", db.display()))
}

async fn head(db: &motcua::store::Db) -> i64 {
    sqlx::query_scalar("SELECT max(seq) FROM audit_log")
        .fetch_one(db)
        .await
        .expect("head")
}

/// Copies the desk's files (database, key, anchor, WAL; not the `-shm` index) from `from` into
/// `to`, the WAL cut to `wal_len` bytes.
fn copy_cut(from: &Path, to: &Path, wal_len: u64) -> PathBuf {
    for e in std::fs::read_dir(from).expect("dir") {
        let e = e.expect("entry");
        let name = e.file_name().to_string_lossy().into_owned();
        if name.starts_with("desk.sqlite") && !name.ends_with("-shm") {
            std::fs::copy(e.path(), to.join(&name)).expect("copy");
        }
    }
    let db = to.join("desk.sqlite");
    std::fs::OpenOptions::new()
        .write(true)
        .open(wal(&db))
        .expect("wal")
        .set_len(wal_len)
        .expect("cut");
    db
}

#[test]
fn losing_only_the_last_committed_intake_is_reported_as_a_rollback() {
    // SAFETY of set_var: before any thread of this test reads the environment.
    unsafe { std::env::set_var("MOTCUA_KEY_STORE", "file") };
    let dir = tempfile::tempdir().unwrap();
    let cut = tempfile::tempdir().unwrap();
    let db_path = dir.path().join("desk.sqlite");
    let init = motcua(&db_path, &["init", "--demo", "--json"]);
    assert!(init.status.success(), "{init:?}");

    let rt = tokio::runtime::Runtime::new().unwrap();
    let (before, after, copy) = rt.block_on(async {
        let db = motcua::store::open(&db_path).await.expect("open");
        let s = motcua::accounts::sign_in(&db, "mai", PASSWORD, chrono::Utc::now())
            .await
            .expect("sign in");
        for i in 0..4 {
            motcua::dossier::intake::save(&db, &s, &intake(i), chrono::Utc::now())
                .await
                .expect("intake");
        }
        let before = head(&db).await;
        let wal_len = std::fs::metadata(wal(&db_path)).expect("wal").len();
        // The last intake: one transaction, one commit (its dossier, event, outbox row and audit
        // entry).
        motcua::dossier::intake::save(&db, &s, &intake(4), chrono::Utc::now())
            .await
            .expect("last intake");
        let after = head(&db).await;
        assert!(
            std::fs::metadata(wal(&db_path)).expect("wal").len() > wal_len,
            "the last intake is in the WAL, not yet checkpointed"
        );
        // A copy of the desk with its WAL cut back by exactly that commit, the anchor kept.
        let copy = copy_cut(dir.path(), cut.path(), wal_len);
        db.close().await;
        (before, after, copy)
    });
    assert!(after > before, "the last intake wrote to the audit log");

    let ok = json(&motcua_as(
        &db_path,
        "admin",
        &["audit", "verify", "--json"],
    ));
    assert_eq!(ok["ok"], true, "{ok}");
    assert_eq!(ok["anchor"], "reached", "{ok}");

    let n = |db: &Path| {
        json(&motcua(db, &["dossiers", "list", "--json"]))
            .as_array()
            .map_or(0, Vec::len)
    };
    assert_eq!(n(&copy), n(&db_path) - 1, "the copy lost the last intake");
    for _ in 0..2 {
        // Twice: the first verify (and its sign-in) writes entries over the lost ones.
        let out = motcua_as(&copy, "admin", &["audit", "verify", "--json"]);
        assert!(!out.status.success());
        let r: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        println!("verify after losing the last commit: {r}");
        assert_eq!(r["ok"], false, "{r}");
        assert_eq!(r["anchor"], "rolled_back", "{r}");
        let p = &r["problem"];
        assert_eq!(p["kind"], "rolled_back", "{r}");
        assert_eq!(p["seq"], before + 1, "{r}");
        assert_eq!(p["to_seq"], after, "{r}");
        let m = p["message"].as_str().unwrap_or_default();
        assert!(
            m.contains(&format!("từ {} đến {after}", before + 1))
                && m.contains(&format!("({} dòng)", after - before)),
            "{m}"
        );
    }
}

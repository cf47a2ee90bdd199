//! Issue 14, point 5: the portal is the second witness of a desk's audit chain. Each push carries
//! the chain's head; the portal keeps the highest per desk and answers it in the acknowledgement;
//! the desk keeps it in `<db>.audit-ack`. A desk database put back to a copy taken before its
//! last intake is reported by `audit verify` against that anchor when the anchor beside the key
//! is gone too, and a desk that lost both learns the portal's at its next sync.

use std::path::{Path, PathBuf};

use motcua_sync_tests::{Desk, Portal, json_of, person};
use serde_json::Value;

const UNIT: &str = "000.00.31.H29";

fn sibling(db: &Path, suffix: &str) -> PathBuf {
    PathBuf::from(format!("{}{suffix}", db.display()))
}

/// The audit chain's last seq, read in this process (no sign-in, so nothing is appended).
fn head(db: &Path) -> i64 {
    // SAFETY of set_var: set before any other thread of this test reads the environment.
    unsafe { std::env::set_var("MOTCUA_KEY_STORE", "file") };
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    rt.block_on(async {
        let pool = motcua::store::open(db).await.expect("open desk db");
        let h: i64 = sqlx::query_scalar("SELECT max(seq) FROM audit_log")
            .fetch_one(&pool)
            .await
            .expect("head");
        pool.close().await;
        h
    })
}

/// The database file and its WAL (no process has it open: each CLI run has ended).
fn snapshot(db: &Path, to: &Path) {
    std::fs::copy(db, to.join("db")).expect("copy db");
    let _ = std::fs::remove_file(to.join("wal"));
    if sibling(db, "-wal").exists() {
        std::fs::copy(sibling(db, "-wal"), to.join("wal")).expect("copy wal");
    }
}

/// Puts the copy back in place, and removes the anchor beside the key (and, when
/// `lose_ack`, the portal's acknowledged anchor too).
fn restore(db: &Path, from: &Path, lose_ack: bool) {
    std::fs::copy(from.join("db"), db).expect("restore db");
    let _ = std::fs::remove_file(sibling(db, "-shm"));
    let _ = std::fs::remove_file(sibling(db, "-wal"));
    if from.join("wal").exists() {
        std::fs::copy(from.join("wal"), sibling(db, "-wal")).expect("restore wal");
    }
    std::fs::remove_file(sibling(db, ".audit-anchor")).expect("the anchor was there");
    if lose_ack {
        std::fs::remove_file(sibling(db, ".audit-ack")).expect("the ack was there");
    }
}

fn acknowledged(db: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(sibling(db, ".audit-ack")).expect("ack"))
        .expect("ack JSON")
}

fn verify(desk: &Desk) -> Value {
    json_of(&desk.try_cli(&["--json", "audit", "verify"]))
}

#[test]
fn a_rollback_is_reported_against_the_portals_acknowledged_anchor() {
    let mut portal = Portal::new();
    portal.add_demo_unit(UNIT);
    portal.start();
    let desk = Desk::new();
    desk.enroll(&portal.url(), &portal.new_desk_code(UNIT));
    for i in 0..3 {
        desk.intake(&person(i), &format!("0011900123{i:02}"));
    }
    let saved = tempfile::tempdir().expect("tempdir");
    let before = head(&desk.db);
    snapshot(&desk.db, saved.path());

    desk.intake(&person(3), "001190012303");
    let report = desk.sync();
    assert!(report["error"].is_null(), "{report}");
    let ack = acknowledged(&desk.db);
    let acked = ack["seq"].as_i64().expect("seq");
    assert!(
        acked > before + 1,
        "the last intake's entries are acknowledged: {ack}"
    );
    let ok = verify(&desk);
    assert_eq!(ok["ok"], true, "{ok}");
    assert_eq!(ok["portal_anchor"], "reached", "{ok}");

    // The database put back to the copy, the anchor beside the key lost: the portal's
    // acknowledged anchor still shows the rollback.
    restore(&desk.db, saved.path(), false);
    let r = verify(&desk);
    println!("verify, key-store anchor lost: {r}");
    assert_eq!(r["ok"], false, "{r}");
    assert_eq!(r["portal_anchor"], "rolled_back", "{r}");
    let p = &r["problem"];
    assert_eq!(p["kind"], "rolled_back", "{r}");
    assert_eq!(p["to_seq"], acked, "{r}");
    // From the entry after the chain's end now (the sign-in of this verify is at `before + 1`).
    assert_eq!(p["seq"], before + 2, "{r}");
    assert!(
        p["message"]
            .as_str()
            .is_some_and(|m| m.contains("cổng trung tâm đã xác nhận")),
        "{r}"
    );

    // Both lost: the next sync brings the portal's anchor back (a lower head never lowers it).
    restore(&desk.db, saved.path(), true);
    let report = desk.sync();
    assert!(report["error"].is_null(), "{report}");
    assert_eq!(acknowledged(&desk.db)["seq"], acked);
    let r = verify(&desk);
    println!("verify, both anchors lost, after a sync: {r}");
    assert_eq!(r["ok"], false, "{r}");
    assert!(
        ["rolled_back", "diverged"].contains(&r["portal_anchor"].as_str().unwrap_or_default()),
        "{r}"
    );
    assert_eq!(r["problem"]["kind"], "rolled_back", "{r}");
    assert_eq!(r["problem"]["to_seq"], acked, "{r}");
}

//! Issue 14, point 13: the portal's SQLite database encrypted at rest with SQLCipher (the
//! `sqlcipher` feature; src/db_key.rs). Run by scripts/ci/portal-sqlcipher.sh:
//! `cargo test -p motcua-portal --features sqlcipher --test sqlcipher`.
//!
//! What it proves: a database made with a key holds no citizen's ID or phone number in clear in
//! any of its files (the main file, `-wal`, `-shm`), and no SQLite header; it reopens with the
//! key and is refused, with the typed error `db_key`, without it or with another key. In a
//! workspace build libsqlite3-sys is SQLCipher anyway (the desk asks for it and cargo unifies
//! features), so "the bytes are encrypted" alone would not show that this crate's feature brings
//! SQLCipher; `cargo test -p motcua-portal --features sqlcipher` resolves the portal's features
//! only, and `cargo tree -p motcua-portal -e normal` without the feature lists neither SQLCipher
//! nor OpenSSL (the CI script checks both).
#![cfg(feature = "sqlcipher")]

mod common;

use chrono::{Duration, Utc};
use common::{change, create_payload, new_id, unit_input};
use motcua_portal::db_key::DbKey;
use motcua_portal::{desks, push, units};
use motcua_protocol::{EnrollRequest, PushStatus};
use serde_json::json;

const UNIT: &str = "000.00.31.H29";
const ID_NUMBER: &str = "001186012345";
const PHONE: &str = "0912345678";

fn key_file(dir: &std::path::Path, name: &str, hex: &str) -> DbKey {
    use std::os::unix::fs::PermissionsExt;
    let f = dir.join(name);
    std::fs::write(&f, format!("{hex}\n")).unwrap();
    std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o600)).unwrap();
    DbKey::from_file(&f).expect("key file")
}

fn contains(hay: &[u8], needle: &str) -> bool {
    hay.windows(needle.len()).any(|w| w == needle.as_bytes())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_keyed_portal_database_has_no_plaintext_and_needs_its_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("portal.db");
    let url = path.display().to_string();
    let key = key_file(dir.path(), "db.key", &"5a".repeat(32));
    let wrong = key_file(dir.path(), "other.key", &"a5".repeat(32));

    let db = motcua_portal::open_with_key(&url, Some(&key))
        .await
        .expect("open with key");
    units::add(&db, &unit_input(UNIT)).await.expect("unit");
    let new = desks::add(&db, UNIT, None).await.expect("desk");
    let enrolled = desks::enroll(
        &db,
        &EnrollRequest {
            code: new.enrollment_code.clone(),
            desk_name: String::new(),
        },
    )
    .await
    .expect("enroll");
    let desk = desks::authenticate(&db, &enrolled.token)
        .await
        .expect("auth");
    let now = Utc::now();
    let id = new_id();
    let code = format!(
        "{UNIT}-{}-{:04}",
        (now + Duration::hours(7)).format("%y%m%d"),
        enrolled.seq_offset + 1
    );
    let mut payload = create_payload(&id, &code, UNIT);
    let at = now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    payload["received_at"] = json!(at);
    payload["desk_time"] = json!(at);
    assert!(payload.to_string().contains(ID_NUMBER) && payload.to_string().contains(PHONE));
    let r = push::store_batch(&db, &desk, &[change(1, "create", &id, &payload)])
        .await
        .expect("push");
    assert_eq!(r[0].status, PushStatus::Stored, "{r:?}");

    // Every file of the database, while the pool is open (WAL and -shm present) and after.
    let scan = |when: &str| {
        let mut seen = 0;
        for f in motcua_portal::db_file::family(&path) {
            let Ok(bytes) = std::fs::read(&f) else {
                continue;
            };
            seen += 1;
            for clear in [ID_NUMBER, PHONE, "SQLite format 3", "Nguyễn Thị Hồng"] {
                assert!(
                    !contains(&bytes, clear),
                    "{clear} in clear in {} ({when})",
                    f.display()
                );
            }
        }
        assert!(seen >= 1, "{when}");
    };
    scan("open");
    db.close().await;
    scan("closed");

    // Reopens with the key: the dossier is there.
    let db = motcua_portal::open_with_key(&url, Some(&key))
        .await
        .expect("reopen with key");
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM dossier")
        .fetch_one(&db.pool)
        .await
        .unwrap();
    assert_eq!(n, 1);
    db.close().await;

    // Without the key, or with another: the typed error, not "file is not a database".
    for (what, k) in [("no key", None), ("wrong key", Some(&wrong))] {
        let e = motcua_portal::open_with_key(&url, k)
            .await
            .err()
            .unwrap_or_else(|| panic!("{what}: opened"));
        assert_eq!(e.code(), "db_key", "{what}: {e}");
        assert!(!e.to_string().contains("file is not a database"), "{e}");
        assert!(e.to_string().contains("portal.db"), "{e}");
    }
    // A key is for SQLite only.
    let e = motcua_portal::open_with_key("postgres://u:p@127.0.0.1:1/x", Some(&key))
        .await
        .err()
        .expect("refused");
    assert_eq!(e.code(), "db_key");
}

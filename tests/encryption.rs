//! Mã hóa cơ sở dữ liệu: the desk database on disk (desk.sqlite, -wal, -shm) holds no citizen's
//! name or ID number in the clear; it opens with its key and not without; a wrong passphrase is
//! the typed error `wrong_db_key`; a plaintext database made before encryption is converted on
//! first open, leaving nothing plaintext behind; the CLI takes `MOTCUA_DB_PASSPHRASE`.

mod common;

use std::path::{Path, PathBuf};

use chrono::Utc;
use common::{demo_desk, intake_input};
use motcua::store::{self, Key};
use sqlx::Connection;
use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};

/// A name and ID number found nowhere else in the test data.
const NAME: &str = "Khổng Thị Xuyến Diệp";
const ID_NUMBER: &str = "079196054321";
const PHONE: &str = "0987 123 456";

fn siblings(path: &Path) -> [PathBuf; 3] {
    let s = |suffix: &str| {
        let mut n = path.as_os_str().to_os_string();
        n.push(suffix);
        PathBuf::from(n)
    };
    [path.to_path_buf(), s("-wal"), s("-shm")]
}

/// Every needle found in the raw bytes of the database's files: (file, needle).
fn plaintext_hits(path: &Path) -> Vec<(String, String)> {
    // The name as stored (NFC), its folded search form, the ID number and the phone digits.
    let needles = [
        NAME.to_string(),
        "xuyen diep".to_string(),
        ID_NUMBER.to_string(),
        "0987123456".to_string(),
    ];
    let mut hits = Vec::new();
    for f in siblings(path) {
        let Ok(bytes) = std::fs::read(&f) else {
            continue;
        };
        for n in &needles {
            if bytes.windows(n.len()).any(|w| w == n.as_bytes()) {
                hits.push((f.display().to_string(), n.clone()));
            }
        }
    }
    hits
}

fn existing(path: &Path) -> Vec<String> {
    siblings(path)
        .iter()
        .filter(|p| p.exists())
        .map(|p| p.display().to_string())
        .collect()
}

async fn record(db: &store::Db) -> String {
    let mut input = intake_input("2.000815", None);
    input.submitter.full_name = NAME.into();
    input.submitter.id_number = ID_NUMBER.into();
    input.submitter.phone = PHONE.into();
    let admin = motcua::accounts::sign_in(db, "admin", common::PASSWORD, Utc::now())
        .await
        .expect("admin signs in");
    motcua::dossier::intake::save(db, &admin, &input, Utc::now())
        .await
        .expect("save dossier")
        .summary
        .code
}

/// A connection without any key: what someone holding only the file gets.
async fn open_without_key(path: &Path) -> Result<i64, sqlx::Error> {
    let mut c = SqliteConnection::connect_with(
        &SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(false),
    )
    .await?;
    let n = sqlx::query_scalar("SELECT count(*) FROM sqlite_master")
        .fetch_one(&mut c)
        .await;
    let _ = c.close().await;
    n
}

#[tokio::test]
async fn the_database_files_hold_no_plaintext_and_need_the_key() {
    let desk = demo_desk().await;
    let cipher: String = sqlx::query_scalar("PRAGMA cipher_version")
        .fetch_one(&desk.db)
        .await
        .expect("SQLCipher answers");
    assert!(cipher.starts_with('4'), "SQLCipher 4, got {cipher}");
    let code = record(&desk.db).await;

    // While open: the WAL holds the new pages.
    let wal = &siblings(&desk.path)[1];
    assert!(
        std::fs::metadata(wal).is_ok_and(|m| m.len() > 0),
        "a WAL with the new dossier"
    );
    let open_files = existing(&desk.path);
    assert_eq!(
        open_files.len(),
        3,
        "desk.sqlite, -wal and -shm: {open_files:?}"
    );
    assert_eq!(plaintext_hits(&desk.path), vec![], "plaintext while open");

    let (key, _) = store::key::resolve(&desk.path, false).expect("the desk's key");
    desk.db.close().await;
    assert_eq!(plaintext_hits(&desk.path), vec![], "plaintext after close");
    assert!(!store::is_plaintext(&desk.path).unwrap());

    // No key: not a database.
    let e = open_without_key(&desk.path).await.unwrap_err();
    assert!(
        e.to_string().contains("file is not a database"),
        "unexpected: {e}"
    );

    // The right key: everything is there.
    let db = store::open_with_key(&desk.path, &key).await.expect("opens");
    let v = motcua::dossier::get(&db, &code).await.expect("dossier");
    assert_eq!(v.submitter.full_name, NAME);
    assert_eq!(v.submitter.id_number, ID_NUMBER);
    db.close().await;

    // A wrong passphrase: the typed error, in Vietnamese.
    let e = store::open_with_key(&desk.path, &Key::Passphrase("sai mật khẩu".into()))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "wrong_db_key");
    assert!(
        e.to_string().contains("sai mật khẩu hoặc khóa mã hóa"),
        "{e}"
    );
    // A wrong raw key too.
    let e = store::open_with_key(&desk.path, &Key::random().unwrap())
        .await
        .unwrap_err();
    assert!(matches!(e, motcua::Error::WrongKey { .. }), "{e:?}");
}

#[tokio::test]
async fn the_plaintext_check_finds_a_name_in_an_unencrypted_file() {
    // The control for the test above: the same scan does find the bytes when they are there.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.sqlite");
    let mut c = SqliteConnection::connect_with(
        &SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true),
    )
    .await
    .unwrap();
    sqlx::query("CREATE TABLE t (name TEXT, id TEXT)")
        .execute(&mut c)
        .await
        .unwrap();
    sqlx::query("INSERT INTO t VALUES (?, ?)")
        .bind(NAME)
        .bind(ID_NUMBER)
        .execute(&mut c)
        .await
        .unwrap();
    c.close().await.unwrap();
    let hits = plaintext_hits(&path);
    assert!(hits.iter().any(|(_, n)| n == NAME), "{hits:?}");
    assert!(hits.iter().any(|(_, n)| n == ID_NUMBER), "{hits:?}");
    assert!(store::is_plaintext(&path).unwrap());
}

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

#[tokio::test]
async fn a_plaintext_database_from_before_is_encrypted_on_first_open() {
    motcua::i18n::set_locale("vi");
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.sqlite");
    // A desk database as the app made it before encryption: plain SQLite, WAL.
    let plain = sqlx::sqlite::SqlitePoolOptions::new()
        .max_connections(2)
        .connect_with(
            SqliteConnectOptions::new()
                .filename(&path)
                .create_if_missing(true)
                .journal_mode(sqlx::sqlite::SqliteJournalMode::Wal),
        )
        .await
        .unwrap();
    MIGRATOR.run(&plain).await.unwrap();
    motcua::reference::desk::setup(
        &plain,
        &motcua::reference::desk::demo_setup(common::PASSWORD),
    )
    .await
    .unwrap();
    let code = record(&plain).await;
    assert!(store::is_plaintext(&path).unwrap());
    assert!(
        !plaintext_hits(&path).is_empty(),
        "the name is in the clear"
    );
    let mut last = intake_input("2.000815", None);
    last.submitter.full_name = "Khổng Văn Cuối".into();
    let admin = motcua::accounts::sign_in(&plain, "admin", common::PASSWORD, Utc::now())
        .await
        .unwrap();
    let last_code = motcua::dossier::intake::save(&plain, &admin, &last, Utc::now())
        .await
        .unwrap()
        .summary
        .code;
    // Left as a crashed app leaves it: the files copied while open, the recent pages only in the
    // WAL, not checkpointed.
    let crashed = dir.path().join("crashed");
    std::fs::create_dir(&crashed).unwrap();
    for (from, name) in siblings(&path)
        .iter()
        .zip(["desk.sqlite", "desk.sqlite-wal"])
    {
        std::fs::copy(from, crashed.join(name)).unwrap();
    }
    plain.close().await;
    std::fs::remove_file(&path).unwrap();
    let dir_path = crashed;
    let path = dir_path.join("desk.sqlite");
    assert!(
        std::fs::metadata(siblings(&path)[1].as_path())
            .unwrap()
            .len()
            > 0
    );

    let key = Key::Passphrase("mật khẩu quản trị".into());
    let db = store::open_with_key(&path, &key).await.expect("converted");
    for c in [&code, &last_code] {
        motcua::dossier::get(&db, c).await.expect("kept");
    }
    let admin = motcua::accounts::sign_in(&db, "admin", common::PASSWORD, Utc::now())
        .await
        .unwrap();
    let page = motcua::dossier::register::search(
        &db,
        &admin,
        &motcua::dossier::register::RegisterQuery {
            query: "khong thi xuyen".into(),
            ..Default::default()
        },
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(page.rows.len(), 1);
    assert_eq!(page.rows[0].code, code);
    motcua::dossier::register::check_index(&db)
        .await
        .expect("FTS intact");
    db.close().await;

    assert!(!store::is_plaintext(&path).unwrap());
    assert_eq!(plaintext_hits(&path), vec![], "nothing plaintext left");
    // Only the database (and, if a closing connection left them, its own encrypted -wal/-shm,
    // which the scan above covers): no temporary copy, no old plaintext file.
    let mut left: Vec<String> = std::fs::read_dir(&dir_path)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "desk.sqlite-wal" && n != "desk.sqlite-shm")
        // The checked backup a newer program takes before migrating (src/store/upgrade.rs),
        // made from the encrypted database: encrypted too, and checked below.
        .filter(|n| n != "backups")
        .collect();
    left.sort();
    // (And the audit anchor, which holds only a row number and hashes: src/store/audit_anchor.rs.)
    assert_eq!(
        left,
        vec![
            "desk.sqlite".to_string(),
            "desk.sqlite.audit-anchor".to_string()
        ],
        "no leftovers"
    );
    if let Ok(entries) = std::fs::read_dir(dir_path.join("backups")) {
        for e in entries {
            let p = e.unwrap().path();
            assert!(!store::is_plaintext(&p).unwrap(), "{}", p.display());
            motcua::store::backup::verify(&p, &key)
                .await
                .expect("a checked backup");
        }
    }
    assert!(open_without_key(&path).await.is_err());
    // And it opens again with the same key, with nothing to convert.
    let db = store::open_with_key(&path, &key).await.expect("reopens");
    motcua::dossier::get(&db, &code).await.expect("still there");
    db.close().await;
}

fn cli(db: &Path, env: &[(&str, &str)], args: &[&str]) -> std::process::Output {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_motcua"));
    c.arg("--db")
        .arg(db)
        .args(args)
        .env_remove("MOTCUA_LANG")
        .env_remove("MOTCUA_DB_PASSPHRASE")
        .env_remove("MOTCUA_BACKUP_PASSPHRASE")
        .env("MOTCUA_KEY_STORE", "file")
        .env("MOTCUA_USER", "mai")
        .env("MOTCUA_PASSWORD", common::PASSWORD);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run motcua")
}

#[test]
fn the_cli_takes_the_passphrase_from_the_environment() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.sqlite");
    let pass = [("MOTCUA_DB_PASSPHRASE", "mật khẩu 'quản trị'")];
    let o = cli(&db, &pass, &["init", "--demo"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // A passphrase database has no key file.
    assert!(!store::key::file_path(&db).exists());
    let o = cli(&db, &pass, &["--json", "dossiers", "list"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let o = cli(
        &db,
        &[("MOTCUA_DB_PASSPHRASE", "sai")],
        &["dossiers", "list"],
    );
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("[wrong_db_key]"), "{err}");
    assert!(err.contains("Không mở được cơ sở dữ liệu"), "{err}");

    // No passphrase and no key file: the key is missing, and no new key is made for it.
    let o = cli(&db, &[], &["dossiers", "list"]);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("[db_key_missing]"), "{err}");
    assert!(!store::key::file_path(&db).exists());
}

#[test]
fn without_a_keyring_the_key_file_is_used_and_owner_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.sqlite");
    let o = cli(&db, &[], &["init", "--demo"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let kf = store::key::file_path(&db);
    assert!(kf.exists());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&kf).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
    }
    let o = cli(&db, &[], &["dossiers", "list"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The file is the key: without it the database does not open.
    std::fs::rename(&kf, dir.path().join("elsewhere.key")).unwrap();
    let o = cli(&db, &[], &["dossiers", "list"]);
    assert!(!o.status.success());
}

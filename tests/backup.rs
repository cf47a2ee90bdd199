//! Sao lưu và khôi phục: a backup made while another task keeps saving dossiers is a consistent,
//! encrypted, checked copy; restored into a new path it has the same dossiers, codes and register
//! search; restore refuses to replace newer data without `force`; the daily rotation keeps
//! exactly `keep` files; a damaged backup or a wrong key is refused with a clear error; the CLI's
//! `backup` / `restore`.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{Duration, Utc};
use common::{demo_desk, intake_input};
use motcua::store::backup::{self, KeyedWith};
use motcua::store::{self, Db, Key};

async fn save(db: &Db, name: &str) -> String {
    let mut input = intake_input("2.000815", None);
    input.submitter.full_name = name.into();
    let admin = motcua::accounts::sign_in(db, "admin", common::PASSWORD, Utc::now())
        .await
        .expect("admin signs in");
    motcua::dossier::intake::save(db, &admin, &input, Utc::now())
        .await
        .expect("save")
        .summary
        .code
}

async fn codes(db: &Db) -> BTreeSet<String> {
    sqlx::query_scalar::<_, String>("SELECT code FROM dossier")
        .fetch_all(db)
        .await
        .unwrap()
        .into_iter()
        .collect()
}

async fn search(db: &Db, q: &str) -> Vec<String> {
    let admin = motcua::accounts::sign_in(db, "admin", common::PASSWORD, Utc::now())
        .await
        .expect("admin signs in");
    let page = motcua::dossier::register::search(
        db,
        &admin,
        &motcua::dossier::register::RegisterQuery {
            query: q.into(),
            sort: motcua::dossier::register::Sort::Code,
            limit: 500,
            ..Default::default()
        },
        Utc::now(),
    )
    .await
    .expect("search");
    page.rows.into_iter().map(|r| r.code).collect()
}

/// A number in words (names may not hold digits): 12 → "Một Hai".
fn words(n: usize) -> String {
    const W: [&str; 10] = [
        "Không", "Một", "Hai", "Ba", "Bốn", "Năm", "Sáu", "Bảy", "Tám", "Chín",
    ];
    n.to_string()
        .bytes()
        .map(|b| W[(b - b'0') as usize])
        .collect::<Vec<_>>()
        .join(" ")
}

fn passphrase() -> Key {
    Key::Passphrase("sao lưu ngoài máy".into())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_backup_taken_while_saving_restores_into_a_new_path() {
    let desk = demo_desk().await;
    let names = ["Bùi Thị Thanh Xuân", "Đỗ Văn Quý", "Lương Thị Ngọc Ánh"];
    for (i, n) in names.iter().cycle().take(12).enumerate() {
        save(&desk.db, &format!("{n} {}", words(i))).await;
    }
    let before = codes(&desk.db).await.len();

    // Another task keeps saving while the backup runs.
    let stop = Arc::new(AtomicBool::new(false));
    let writer = {
        let db = desk.db.clone();
        let stop = stop.clone();
        tokio::spawn(async move {
            let mut n = 0;
            while !stop.load(Ordering::Relaxed) {
                save(&db, &format!("Người Nộp Đồng Thời {}", words(n))).await;
                n += 1;
            }
            n
        })
    };
    // Let it get going.
    while codes(&desk.db).await.len() < before + 3 {
        tokio::time::sleep(std::time::Duration::from_millis(5)).await;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("backup.sqlite");
    let report =
        backup::backup_with_key(&desk.db, &out, &passphrase(), KeyedWith::BackupPassphrase)
            .await
            .expect("backup while writing");
    // Keep writing a little after the copy.
    tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    stop.store(true, Ordering::Relaxed);
    let written = writer.await.unwrap();
    let after = codes(&desk.db).await;
    assert!(written >= 3, "the writer kept saving ({written})");
    assert!(
        report.dossiers as usize >= before + 3 && (report.dossiers as usize) < after.len(),
        "the copy is of an instant during the writes: {} of {before}..{}",
        report.dossiers,
        after.len()
    );
    assert_eq!(report.keyed_with, KeyedWith::BackupPassphrase);
    assert!(report.tables["outbox"] >= report.dossiers);

    // The backup needs its own key, not the database's.
    let (db_key, _) = store::key::resolve(&desk.path, false).unwrap();
    let e = backup::verify(&out, &db_key).await.unwrap_err();
    assert_eq!(e.code(), "bad_backup");
    backup::verify(&out, &passphrase()).await.expect("verifies");

    // Restore into a new path (a new machine: a new key for the restored database).
    let target = dir.path().join("restored").join("desk.sqlite");
    let target_key = Key::random().unwrap();
    let r = backup::restore_with_keys(&target, &target_key, &out, &passphrase(), false)
        .await
        .expect("restore");
    assert_eq!(r.dossiers, report.dossiers);
    let restored = store::open_with_key(&target, &target_key).await.unwrap();
    let restored_codes = codes(&restored).await;
    assert_eq!(restored_codes.len() as i64, report.dossiers);
    assert!(restored_codes.is_subset(&after));

    // Consistent: every dossier has its documents and its outbox row; nothing half-saved.
    let orphans: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM dossier d WHERE NOT EXISTS (SELECT 1 FROM dossier_document x WHERE x.dossier_id = d.id) \
         OR NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entity_id = d.id)",
    )
    .fetch_one(&restored)
    .await
    .unwrap();
    assert_eq!(orphans, 0);
    let dangling: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM outbox o WHERE o.entity = 'dossier' AND NOT EXISTS (SELECT 1 FROM dossier d WHERE d.id = o.entity_id)",
    )
    .fetch_one(&restored)
    .await
    .unwrap();
    assert_eq!(dangling, 0);

    // The same data, dossier by dossier.
    for code in &restored_codes {
        let a = motcua::dossier::get(&desk.db, code).await.unwrap();
        let b = motcua::dossier::get(&restored, code).await.unwrap();
        assert_eq!(
            serde_json::to_value(&a).unwrap(),
            serde_json::to_value(&b).unwrap(),
            "{code}"
        );
    }
    // The register's search gives the same answers (the name index was rebuilt).
    motcua::dossier::register::check_index(&restored)
        .await
        .expect("FTS intact");
    for q in ["bui thi thanh xuan", "Đỗ Văn", "ngoc anh", "dong thoi"] {
        let want: Vec<String> = search(&desk.db, q)
            .await
            .into_iter()
            .filter(|c| restored_codes.contains(c))
            .collect();
        let got = search(&restored, q).await;
        assert!(!got.is_empty(), "{q}");
        assert_eq!(got, want, "{q}");
    }
    // The next dossier gets a new code, not one already used.
    let next = save(&restored, "Sau Khôi Phục").await;
    assert!(!restored_codes.contains(&next));
    restored.close().await;
}

#[tokio::test]
async fn restore_refuses_to_replace_newer_data_without_force() {
    let desk = demo_desk().await;
    let kept = save(&desk.db, "Trước Sao Lưu").await;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("b.sqlite");
    backup::backup(&desk.db, &out)
        .await
        .expect("backup with the database key");
    let later = save(&desk.db, "Sau Sao Lưu").await;
    desk.db.close().await;

    let (key, _) = store::key::resolve(&desk.path, false).unwrap();
    let e = backup::restore(&desk.path, &out, &key, false)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "restore_newer");
    assert!(e.to_string().contains("--force"), "{e}");
    // Untouched.
    let db = store::open(&desk.path).await.unwrap();
    assert!(motcua::dossier::get(&db, &later).await.is_ok());
    db.close().await;

    backup::restore(&desk.path, &out, &key, true)
        .await
        .expect("forced");
    let db = store::open(&desk.path).await.unwrap();
    assert!(motcua::dossier::get(&db, &kept).await.is_ok());
    assert!(
        motcua::dossier::get(&db, &later).await.is_err(),
        "back to the backup"
    );
    db.close().await;
    // Not onto itself.
    let e = backup::restore_with_keys(&out, &key, &out, &key, true)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "restore_same_file");
    // Restoring the same backup again is not "newer data": allowed.
    backup::restore(&desk.path, &out, &key, false)
        .await
        .expect("same data");
}

#[tokio::test]
async fn daily_backups_rotate_keeping_exactly_keep() {
    let desk = demo_desk().await;
    save(&desk.db, "Hằng Ngày").await;
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("ghi-chu.txt"), "not a backup").unwrap();
    let start = motcua::clock::parse("2026-11-20T03:00:00Z").unwrap();
    let keep = 3;
    for day in 0..6 {
        let now = start + Duration::days(day);
        let r = backup::daily_at(&desk.db, dir.path(), keep, now)
            .await
            .unwrap();
        assert!(r.made.is_some(), "day {day}");
        // Once a day: an hour later nothing is made.
        let again = backup::daily_at(&desk.db, dir.path(), keep, now + Duration::hours(1))
            .await
            .unwrap();
        assert!(again.made.is_none());
    }
    let mut names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "desk-2026-11-23.sqlite",
            "desk-2026-11-24.sqlite",
            "desk-2026-11-25.sqlite",
            "ghi-chu.txt"
        ]
    );
    // Each is a checked backup that opens with the database's key.
    let (key, _) = store::key::resolve(&desk.path, false).unwrap();
    let v = backup::verify(&dir.path().join("desk-2026-11-25.sqlite"), &key)
        .await
        .unwrap();
    assert_eq!(v.tables["dossier"], 1);
    assert_eq!(backup::DEFAULT_KEEP, 14);
}

fn corrupt(path: &Path, at: u64, len: usize) {
    use std::io::{Seek, SeekFrom, Write};
    let mut f = std::fs::OpenOptions::new().write(true).open(path).unwrap();
    f.seek(SeekFrom::Start(at)).unwrap();
    f.write_all(&vec![0x5a; len]).unwrap();
}

#[tokio::test]
async fn a_damaged_backup_or_a_wrong_key_is_refused() {
    let desk = demo_desk().await;
    for i in 0..20 {
        save(&desk.db, &format!("Hỏng Thử {}", words(i))).await;
    }
    let dir = tempfile::tempdir().unwrap();
    let good = dir.path().join("good.sqlite");
    // A raw key: the same checks as with a passphrase, without its key derivation's cost.
    let bk = Key::random().unwrap();
    backup::backup_with_key(&desk.db, &good, &bk, KeyedWith::DatabaseKey)
        .await
        .unwrap();
    let size = std::fs::metadata(&good).unwrap().len();
    assert!(size > 8 * 4096);

    let target = dir.path().join("new").join("desk.sqlite");
    let target_key = Key::random().unwrap();
    type Damage = Box<dyn Fn(&Path)>;
    let cases: Vec<(&str, Damage)> = vec![
        // A page in the middle overwritten (its HMAC no longer matches).
        ("middle", Box::new(move |p: &Path| corrupt(p, size / 2, 64))),
        // The first page (salt and schema).
        ("first page", Box::new(|p: &Path| corrupt(p, 100, 200))),
        // Cut short.
        (
            "truncated",
            Box::new(move |p: &Path| {
                std::fs::OpenOptions::new()
                    .write(true)
                    .open(p)
                    .unwrap()
                    .set_len(size / 3)
                    .unwrap()
            }),
        ),
        // Not a database at all.
        (
            "text",
            Box::new(|p: &Path| std::fs::write(p, "Sổ theo dõi hồ sơ\n".repeat(500)).unwrap()),
        ),
    ];
    for (what, damage) in cases {
        let bad = dir
            .path()
            .join(format!("bad-{}.sqlite", what.replace(' ', "-")));
        std::fs::copy(&good, &bad).unwrap();
        damage(&bad);
        let e = backup::verify(&bad, &bk).await.unwrap_err();
        assert_eq!(e.code(), "bad_backup", "{what}: {e}");
        assert!(e.to_string().contains("không dùng được"), "{what}: {e}");
        let e = backup::restore_with_keys(&target, &target_key, &bad, &bk, false)
            .await
            .unwrap_err();
        assert_eq!(e.code(), "bad_backup", "{what}: {e}");
        assert!(!target.exists(), "{what}: nothing restored");
    }
    // A wrong key.
    let e = backup::verify(&good, &Key::Passphrase("sai".into()))
        .await
        .unwrap_err();
    assert_eq!(e.code(), "bad_backup");
    assert!(e.to_string().contains("không mở được bằng khóa này"), "{e}");
    // And the good one still restores.
    backup::restore_with_keys(&target, &target_key, &good, &bk, false)
        .await
        .expect("the intact backup restores");
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
        .env("MOTCUA_USER", "admin")
        .env("MOTCUA_PASSWORD", common::PASSWORD);
    for (k, v) in env {
        c.env(k, v);
    }
    c.output().expect("run motcua")
}

fn ok_json(o: &std::process::Output) -> serde_json::Value {
    assert!(
        o.status.success(),
        "motcua failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    serde_json::from_slice(&o.stdout).expect("JSON")
}

#[test]
fn cli_backup_and_restore_into_a_new_path() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a").join("desk.sqlite");
    let b = dir.path().join("b").join("desk.sqlite");
    let file = dir.path().join("sao-luu.sqlite");
    let pass = [("MOTCUA_BACKUP_PASSPHRASE", "cụm mật khẩu sao lưu")];
    ok_json(&cli(&a, &[], &["init", "--demo", "--json"]));
    let intake = |name: &str| {
        ok_json(&cli(
            &a,
            &[],
            &[
                "intake",
                "--procedure",
                "2.000815",
                "--name",
                name,
                "--id-number",
                "036085001234",
                "--json",
            ],
        ))["code"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let code = intake("Tạ Thị Sao Lưu");
    // Backing up is an administrator's action, checked in the core: a clerk is refused.
    let o = cli(
        &a,
        &[("MOTCUA_USER", "mai")],
        &["backup", "-o", file.to_str().unwrap()],
    );
    assert!(!o.status.success());
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("[forbidden]"),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(!file.exists());
    let r = ok_json(&cli(
        &a,
        &pass,
        &["backup", "-o", file.to_str().unwrap(), "--json"],
    ));
    assert_eq!(r["dossiers"], 1);
    assert_eq!(r["keyed_with"], "backup_passphrase");
    // Not twice onto the same file.
    let o = cli(&a, &pass, &["backup", "-o", file.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("[backup_exists]"));

    // Into a new path: the backup's passphrase opens it; the new database gets its own key.
    let o = cli(&b, &pass, &["restore", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stdout).contains("Đã khôi phục 1 hồ sơ"));
    assert!(store::key::file_path(&b).exists());
    let list = ok_json(&cli(
        &b,
        &[],
        &["dossiers", "search", "ta thi sao", "--json"],
    ));
    assert_eq!(list[0]["code"], code.as_str(), "{list}");

    // Without the backup's passphrase the backup does not open (b's key is another key).
    let o = cli(&b, &[], &["restore", "--force", file.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("[bad_backup]"));

    // Newer data in `a`: refused without --force.
    intake("Sau Sao Lưu");
    let o = cli(&a, &pass, &["restore", file.to_str().unwrap()]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("[restore_newer]"));
    let o = cli(&a, &pass, &["restore", "--force", file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let list = ok_json(&cli(&a, &[], &["dossiers", "list", "--json"]));
    assert_eq!(list.as_array().unwrap().len(), 1);
}

/// The app's loop (`run_daily_forever`, spawned at start by src-tauri) makes today's backup at
/// once, beside the database, without anyone asking.
#[tokio::test]
async fn the_apps_daily_loop_backs_up_at_start() {
    let desk = demo_desk().await;
    save(&desk.db, "Tự Động Sao Lưu").await;
    let dir = backup::daily_dir(&desk.path);
    assert_eq!(dir, desk.path.parent().unwrap().join("backups"));
    let task = tokio::spawn(backup::run_daily_forever(
        desk.db.clone(),
        dir.clone(),
        backup::DEFAULT_KEEP,
    ));
    let today = dir.join(backup::daily_name(Utc::now()));
    let started = std::time::Instant::now();
    while !today.exists() && started.elapsed() < std::time::Duration::from_secs(20) {
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }
    task.abort();
    assert!(today.exists(), "no {}", today.display());
    let (key, _) = store::key::resolve(&desk.path, false).unwrap();
    backup::verify(&today, &key)
        .await
        .expect("the daily backup verifies");
}

//! Sao lưu trước khi nâng cấp (issue 11): a newer program opening a desk database last opened by
//! an older one makes a checked backup first, then migrates; once only; never on a fresh
//! database; and when the backup cannot be made, the database is not opened (nothing migrated).

mod common;

use std::path::{Path, PathBuf};

use chrono::Utc;
use common::{demo_desk, intake_input};
use motcua::store::upgrade;
use motcua::store::{self, backup};
use motcua::version;

fn before_update_backups(db_path: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(backup::daily_dir(db_path)) else {
        return Vec::new();
    };
    entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with("before-update-"))
        })
        .collect()
}

/// Pretends the database was last opened by version `v`.
async fn mark_opened_by(db: &store::Db, v: &str) {
    sqlx::query(&format!("PRAGMA user_version = {}", version::as_number(v)))
        .execute(db)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_newer_version_backs_the_database_up_once_before_migrating() {
    let desk = demo_desk().await;
    assert_eq!(
        upgrade::recorded(&desk.db).await.unwrap(),
        version::as_number(version::CURRENT),
        "a fresh database records the version that made it"
    );
    assert!(
        before_update_backups(&desk.path).is_empty(),
        "no backup of a fresh database"
    );
    let saved = motcua::dossier::intake::save(
        &desk.db,
        &desk.session,
        &intake_input("2.000815", None),
        Utc::now(),
    )
    .await
    .unwrap();
    mark_opened_by(&desk.db, "0.0.1").await;
    desk.db.close().await;

    let db = store::open(&desk.path).await.unwrap();
    let made = before_update_backups(&desk.path);
    assert_eq!(made.len(), 1, "{made:?}");
    let name = made[0].file_name().unwrap().to_string_lossy().to_string();
    assert!(
        name.starts_with(&format!("before-update-0.0.1-to-{}-", version::CURRENT)),
        "{name}"
    );
    // A checked backup holding the dossier.
    let (key, _) = backup::backup_key(&desk.path).unwrap();
    let verified = backup::verify(&made[0], &key).await.unwrap();
    assert_eq!(verified.tables["dossier"], 1);
    let code: String = sqlx::query_scalar("SELECT code FROM dossier")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(code, saved.summary.code);
    assert_eq!(
        upgrade::recorded(&db).await.unwrap(),
        version::as_number(version::CURRENT)
    );
    db.close().await;

    // The same version opening it again: no second backup.
    let db = store::open(&desk.path).await.unwrap();
    db.close().await;
    assert_eq!(before_update_backups(&desk.path).len(), 1);
}

#[tokio::test]
async fn an_older_program_does_not_lower_the_recorded_version() {
    let desk = demo_desk().await;
    mark_opened_by(&desk.db, "999.0.0").await;
    desk.db.close().await;
    let db = store::open(&desk.path).await.unwrap();
    assert_eq!(
        upgrade::recorded(&db).await.unwrap(),
        version::as_number("999.0.0")
    );
    db.close().await;
    assert!(before_update_backups(&desk.path).is_empty());
}

#[tokio::test]
async fn without_a_backup_the_database_is_not_migrated() {
    let desk = demo_desk().await;
    mark_opened_by(&desk.db, "0.0.1").await;
    desk.db.close().await;
    // The backups folder cannot be made: a file stands in its place.
    std::fs::write(backup::daily_dir(&desk.path), b"not a folder").unwrap();
    assert!(store::open(&desk.path).await.is_err());
    std::fs::remove_file(backup::daily_dir(&desk.path)).unwrap();
    // Still marked as opened by the old version: the next start tries again, and succeeds.
    let db = store::open(&desk.path).await.unwrap();
    assert_eq!(before_update_backups(&desk.path).len(), 1);
    db.close().await;
}

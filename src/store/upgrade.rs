//! Sao lưu trước khi nâng cấp: before a newer version of the program first works on a desk
//! database, it makes a checked backup of it ([`crate::store::backup`]), then the migrations
//! run. The database header (`PRAGMA user_version`) records the newest program version that
//! opened it ([`crate::version::as_number`]); a database made before this was recorded says 0.

use std::path::{Path, PathBuf};

use crate::Result;
use crate::store::{Db, Key, backup};

use crate::version;

/// The program version recorded in the database header.
pub async fn recorded(db: &Db) -> Result<i32> {
    Ok(sqlx::query_scalar("PRAGMA user_version")
        .fetch_one(db)
        .await?)
}

/// Whether the database holds a desk's data (the tables a backup is checked against).
async fn has_desk_data(db: &Db) -> Result<bool> {
    let n: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' \
         AND name IN ('_sqlx_migrations', 'dossier', 'outbox')",
    )
    .fetch_one(db)
    .await?;
    Ok(n == 3)
}

/// Called by [`crate::store::open_with_key`] before the migrations: when this program is newer
/// than the one that last opened the database at `path`, makes a checked backup in the backups
/// folder (`backups/before-update-FROM-to-TO-….sqlite`) and returns its path. A backup that
/// fails stops the opening: nothing is migrated without one. The backup is keyed like every
/// backup (`MOTCUA_BACKUP_PASSPHRASE` when set), else with `key`, the one the database was just
/// opened with (a database opened with an explicit key, as a restore does, has no other).
pub async fn before_migrations(db: &Db, path: &Path, key: &Key) -> Result<Option<PathBuf>> {
    let running = version::as_number(version::CURRENT);
    let was = recorded(db).await?;
    if was >= running || !has_desk_data(db).await? {
        return Ok(None);
    }
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%3fZ");
    // The desk's own backups folder, made here when missing (as the daily backup does): only a
    // folder a person names must already exist (src/store/output_path.rs).
    let dir = backup::daily_dir(path);
    std::fs::create_dir_all(&dir)?;
    let out = dir.join(format!(
        "before-update-{}-to-{}-{stamp}-{}.sqlite",
        version::from_number(was),
        version::CURRENT,
        std::process::id()
    ));
    if crate::store::key::passphrase_from_env(backup::PASSPHRASE_VAR).is_some() {
        backup::backup(db, &out).await?;
    } else {
        backup::backup_with_key(db, &out, key, backup::KeyedWith::DatabaseKey).await?;
    }
    Ok(Some(out))
}

/// Called after the migrations: records this program's version (never lowers it).
pub async fn record(db: &Db) -> Result<()> {
    let running = version::as_number(version::CURRENT);
    if recorded(db).await? < running {
        // PRAGMA takes no bound parameters; `running` is a number made here.
        sqlx::query(&format!("PRAGMA user_version = {running}"))
            .execute(db)
            .await?;
    }
    Ok(())
}

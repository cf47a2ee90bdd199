//! The desk database: SQLite through sqlx, WAL, foreign keys on, migrations embedded and applied
//! when the database is opened.

use std::path::{Path, PathBuf};
use std::str::FromStr;

use sqlx::SqlitePool;
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};

use crate::Result;

/// The desk's database handle.
pub type Db = SqlitePool;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Where the database lives when neither `--db` nor `MOTCUA_DB` says otherwise:
/// the OS data directory (`~/.local/share/motcua-desk/desk.sqlite` on Linux,
/// `%APPDATA%\motcua-desk\desk.sqlite` on Windows).
pub fn default_path() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("motcua-desk")
        .join("desk.sqlite")
}

/// `explicit` (the CLI's `--db`), else `MOTCUA_DB`, else [`default_path`].
pub fn resolve_path(explicit: Option<&Path>) -> PathBuf {
    if let Some(p) = explicit {
        return p.to_path_buf();
    }
    match std::env::var_os("MOTCUA_DB") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => default_path(),
    }
}

/// Starts a write transaction with `BEGIN IMMEDIATE`: the write lock is taken at once, waiting
/// (busy timeout) for another writer to finish. A deferred `BEGIN` that reads first and writes
/// later fails at once with SQLITE_BUSY when another connection (the background sync, a second
/// process) committed in between, which would show the clerk an error for nothing.
pub async fn write_tx(db: &Db) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
    Ok(db.begin_with("BEGIN IMMEDIATE").await?)
}

/// Opens (creating when missing) the database at `path` and applies pending migrations.
pub async fn open(path: &Path) -> Result<Db> {
    if let Some(dir) = path.parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir)?;
        }
    }
    let options = SqliteConnectOptions::from_str("sqlite://")?
        .filename(path)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        .busy_timeout(std::time::Duration::from_secs(10));
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options)
        .await?;
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}

/// Reads a `setting` value.
pub async fn setting(db: &Db, key: &str) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT value FROM setting WHERE key = ?")
            .bind(key)
            .fetch_optional(db)
            .await?,
    )
}

/// Writes a `setting` value.
pub async fn set_setting(db: &Db, key: &str, value: &str) -> Result<()> {
    sqlx::query("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(key)
        .bind(value)
        .execute(db)
        .await?;
    Ok(())
}

//! Sao lưu và khôi phục: encrypted copies of the desk database, made while the app runs.
//!
//! A backup is a whole SQLCipher database written by `sqlcipher_export` inside one read
//! transaction of the running database (WAL: the clerk keeps saving meanwhile, the copy is the
//! database as of one instant). It goes to a temporary file beside the target, is opened again
//! with its key and checked (`PRAGMA integrity_check`, the row count of every table against the
//! source's at that instant), and only then renamed into place: a backup file that exists is a
//! checked one.
//!
//! The copy is keyed with `MOTCUA_BACKUP_PASSPHRASE` when set (so that it can be restored on
//! another machine, whose keyring does not hold this desk's key), else with the database's own
//! key.
//!
//! [`daily`] keeps one backup per Vietnam calendar day, `desk-YYYY-MM-DD.sqlite`, and deletes the
//! oldest beyond `keep`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};
use rust_i18n::t;
use serde::Serialize;
use sqlx::sqlite::SqliteConnection;
use sqlx::{Connection, Row};

use super::key::{self, Key};
use super::{Db, connect_one, create_parent, remove_if_exists, sibling, sync_dir};
use crate::{Error, Result, clock};

/// The environment variable holding the passphrase of backups.
pub const PASSPHRASE_VAR: &str = "MOTCUA_BACKUP_PASSPHRASE";

/// How many daily backups are kept when nobody says otherwise.
pub const DEFAULT_KEEP: usize = 14;

/// Which key a backup was written with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum KeyedWith {
    /// `MOTCUA_BACKUP_PASSPHRASE`.
    BackupPassphrase,
    /// The database's own key (keyring, key file or `MOTCUA_DB_PASSPHRASE`).
    DatabaseKey,
}

/// A checked backup.
#[derive(Debug, Clone, Serialize)]
pub struct BackupReport {
    pub path: String,
    pub bytes: u64,
    pub dossiers: i64,
    /// Rows per table, as checked in the copy.
    pub tables: BTreeMap<String, i64>,
    pub keyed_with: KeyedWith,
}

/// What [`verify`] found in a backup.
#[derive(Debug, Clone, Serialize)]
pub struct Verified {
    pub tables: BTreeMap<String, i64>,
    /// The newest change recorded (RFC 3339 UTC), if any.
    pub last_change: Option<String>,
    /// The newest sync outbox sequence number (one per change), 0 when none.
    pub last_seq: i64,
}

/// A restore.
#[derive(Debug, Clone, Serialize)]
pub struct RestoreReport {
    pub path: String,
    pub backup: String,
    pub dossiers: i64,
    pub tables: BTreeMap<String, i64>,
}

/// What [`daily`] did.
#[derive(Debug, Clone, Serialize)]
pub struct DailyReport {
    /// Today's backup when it was made now (`None`: it was already there).
    pub made: Option<BackupReport>,
    /// Today's backup file.
    pub path: String,
    /// Old backups deleted by the rotation.
    pub deleted: Vec<String>,
}

/// The key backups of the database at `db_path` get: `MOTCUA_BACKUP_PASSPHRASE`, else the
/// database's own key.
pub fn backup_key(db_path: &Path) -> Result<(Key, KeyedWith)> {
    if let Some(k) = key::passphrase_from_env(PASSPHRASE_VAR) {
        return Ok((k, KeyedWith::BackupPassphrase));
    }
    Ok((key::resolve(db_path, false)?.0, KeyedWith::DatabaseKey))
}

/// The file the database handle `db` was opened on.
pub fn db_path(db: &Db) -> PathBuf {
    db.connect_options().get_filename().to_path_buf()
}

/// Backs the running database up to `out` (which must not exist yet), keyed with
/// [`backup_key`].
pub async fn backup(db: &Db, out: &Path) -> Result<BackupReport> {
    let (k, with) = backup_key(&db_path(db))?;
    backup_with_key(db, out, &k, with).await
}

/// Backs the running database up to `out`, keyed with `key`; see the module comment.
pub async fn backup_with_key(
    db: &Db,
    out: &Path,
    key: &Key,
    keyed_with: KeyedWith,
) -> Result<BackupReport> {
    if out.exists() {
        return Err(Error::invalid(
            "backup_exists",
            None,
            t!("store.backup_exists", path = out.display().to_string()),
        ));
    }
    // Never over the database, its key or another backup; the folder must exist.
    crate::store::output_path::check(&db_path(db), out, false)?;
    let tmp = temp_beside(out);
    let result = async {
        // A connection of its own (same options, so the same key), not one of the pool's: it
        // carries an attached database for a while and is closed afterwards.
        let mut conn = SqliteConnection::connect_with(&db.connect_options()).await?;
        let expected = export(&mut conn, &tmp, key).await;
        let closed = conn.close().await;
        let expected = expected?;
        closed?;
        let v = verify(&tmp, key).await?;
        check_counts(&tmp, &expected, &v.tables)?;
        std::fs::File::open(&tmp)?.sync_all()?;
        std::fs::rename(&tmp, out)?;
        sync_dir(out);
        Ok(v.tables)
    }
    .await;
    let tables = match result {
        Ok(t) => t,
        Err(e) => {
            let _ = remove_if_exists(&tmp);
            let _ = remove_if_exists(&sibling(&tmp, "-journal"));
            return Err(e);
        }
    };
    Ok(BackupReport {
        path: out.display().to_string(),
        bytes: std::fs::metadata(out)?.len(),
        dossiers: tables.get("dossier").copied().unwrap_or(0),
        tables,
        keyed_with,
    })
}

/// Copies the database of `conn` into the new file `target`, keyed with `key`, as of one read
/// transaction; returns the row counts of that instant.
async fn export(
    conn: &mut SqliteConnection,
    target: &Path,
    key: &Key,
) -> Result<BTreeMap<String, i64>> {
    sqlx::query("ATTACH DATABASE ? AS backup KEY ?")
        .bind(target.display().to_string())
        .bind(key.sqlcipher_text())
        .execute(&mut *conn)
        .await?;
    let copied = async {
        // A backup file is one file: no WAL beside it.
        sqlx::query("PRAGMA backup.journal_mode = DELETE")
            .execute(&mut *conn)
            .await?;
        // One read transaction over `main` (a WAL snapshot): the counts and the copy see the
        // same instant while other connections keep writing.
        sqlx::query("BEGIN").execute(&mut *conn).await?;
        let inner = async {
            let counts = table_counts(&mut *conn, "main").await?;
            sqlx::query("SELECT sqlcipher_export('backup')")
                .execute(&mut *conn)
                .await?;
            Ok::<_, Error>(counts)
        }
        .await;
        match inner {
            Ok(counts) => {
                sqlx::query("COMMIT").execute(&mut *conn).await?;
                Ok(counts)
            }
            Err(e) => {
                let _ = sqlx::query("ROLLBACK").execute(&mut *conn).await;
                Err(e)
            }
        }
    }
    .await;
    let detached = sqlx::query("DETACH DATABASE backup")
        .execute(&mut *conn)
        .await;
    let counts = copied?;
    detached?;
    Ok(counts)
}

/// Row counts of every ordinary table of `schema` (FTS shadow tables included).
async fn table_counts(conn: &mut SqliteConnection, schema: &str) -> Result<BTreeMap<String, i64>> {
    let names: Vec<String> = sqlx::query_scalar(&format!(
        "SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND rootpage > 0 \
         AND name NOT LIKE 'sqlite_%' ORDER BY name"
    ))
    .fetch_all(&mut *conn)
    .await?;
    let mut counts = BTreeMap::new();
    for name in names {
        let n: i64 = sqlx::query_scalar(&format!(
            "SELECT count(*) FROM {schema}.\"{}\"",
            name.replace('"', "\"\"")
        ))
        .fetch_one(&mut *conn)
        .await?;
        counts.insert(name, n);
    }
    Ok(counts)
}

fn check_counts(
    path: &Path,
    want: &BTreeMap<String, i64>,
    got: &BTreeMap<String, i64>,
) -> Result<()> {
    for (table, w) in want {
        let g = got.get(table).copied().unwrap_or(-1);
        if g != *w {
            return Err(bad(
                path,
                t!(
                    "store.backup_count_mismatch",
                    table = table,
                    got = g,
                    want = w
                )
                .to_string(),
            ));
        }
    }
    Ok(())
}

fn bad(path: &Path, detail: String) -> Error {
    Error::BadBackup {
        path: path.display().to_string(),
        detail,
    }
}

/// Opens the backup at `path` with `key` (read only) and checks it: it opens, `PRAGMA
/// integrity_check` says ok, and it is a desk database. Any failure is [`Error::BadBackup`].
pub async fn verify(path: &Path, key: &Key) -> Result<Verified> {
    if !path.is_file() {
        return Err(Error::Io(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            path.display().to_string(),
        )));
    }
    let mut conn = match connect_one(path, key, true).await {
        Ok(c) => c,
        Err(Error::WrongKey { .. }) => {
            return Err(bad(path, t!("store.backup_cannot_open").to_string()));
        }
        Err(e) => return Err(bad(path, e.to_string())),
    };
    let result = async {
        let rows = sqlx::query("PRAGMA integrity_check")
            .fetch_all(&mut conn)
            .await
            .map_err(|e| {
                bad(
                    path,
                    t!("store.backup_damaged", detail = e.to_string()).to_string(),
                )
            })?;
        let lines: Vec<String> = rows
            .iter()
            .filter_map(|r| r.try_get::<String, _>(0).ok())
            .collect();
        if lines != ["ok"] {
            let detail = lines.into_iter().take(3).collect::<Vec<_>>().join("; ");
            return Err(bad(
                path,
                t!("store.backup_damaged", detail = detail).to_string(),
            ));
        }
        let tables = table_counts(&mut conn, "main")
            .await
            .map_err(|e| bad(path, e.to_string()))?;
        for needed in ["_sqlx_migrations", "dossier", "outbox"] {
            if !tables.contains_key(needed) {
                return Err(bad(path, t!("store.backup_not_desk").to_string()));
            }
        }
        let (last_change, last_seq) = last_change(&mut conn)
            .await
            .map_err(|e| bad(path, e.to_string()))?;
        Ok(Verified {
            tables,
            last_change,
            last_seq,
        })
    }
    .await;
    let _ = conn.close().await;
    result
}

/// The newest change of a desk database: the latest of the dossiers' `updated_at`, their
/// events and the sync outbox (one row per change), and the outbox's highest sequence number.
async fn last_change(conn: &mut SqliteConnection) -> Result<(Option<String>, i64)> {
    let t: Option<String> = sqlx::query_scalar(
        "SELECT MAX(t) FROM (SELECT MAX(updated_at) AS t FROM dossier \
         UNION ALL SELECT MAX(at) FROM dossier_event \
         UNION ALL SELECT MAX(created_at) FROM outbox)",
    )
    .fetch_one(&mut *conn)
    .await?;
    let seq: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(seq), 0) FROM outbox")
        .fetch_one(&mut *conn)
        .await?;
    Ok((t, seq))
}

fn vn_time(t: Option<&str>) -> String {
    t.and_then(clock::parse)
        .map(clock::display)
        .unwrap_or_else(|| "—".into())
}

/// Restores the backup at `backup` (keyed with `backup_key`) into the database at `target`:
///
/// 1. the backup is verified first ([`verify`]);
/// 2. when `target` holds data newer than the backup (a later change time, or sync outbox rows
///    the backup does not have), nothing happens without `force` (`restore_newer`);
/// 3. the backup is copied into `<target>.restoring`, keyed with the target's key (its existing
///    key, or a new one from [`key::resolve`] for a new path), the register's name index is
///    rebuilt there (a copy may renumber the rowids it points at) and checked, then the file is
///    renamed over `target` (its old `-wal`/`-shm` removed first);
/// 4. the target is opened normally, which applies any newer migrations.
///
/// The app must not have `target` open meanwhile (the CLI restores; the desk app is closed).
pub async fn restore(
    target: &Path,
    backup: &Path,
    backup_key: &Key,
    force: bool,
) -> Result<RestoreReport> {
    let target_key = if target.exists() && !super::is_plaintext(target)? {
        key::resolve(target, false)?.0
    } else {
        key::resolve(target, true)?.0
    };
    restore_with_keys(target, &target_key, backup, backup_key, force).await
}

/// [`restore`] with the target's key given.
pub async fn restore_with_keys(
    target: &Path,
    target_key: &Key,
    backup: &Path,
    backup_key: &Key,
    force: bool,
) -> Result<RestoreReport> {
    if let (Ok(a), Ok(b)) = (std::fs::canonicalize(target), std::fs::canonicalize(backup))
        && a == b
    {
        return Err(Error::invalid(
            "restore_same_file",
            None,
            t!("store.restore_same_file", path = a.display().to_string()),
        ));
    }
    let found = verify(backup, backup_key).await?;
    if std::fs::metadata(target).is_ok_and(|m| m.len() > 0) {
        // Opening applies migrations and checkpoints the WAL on close, so the target's state is
        // all in its main file before it is replaced. A damaged target that no longer opens can
        // only be replaced with `force`.
        let db = match super::open_with_key(target, target_key).await {
            Ok(db) => db,
            Err(_) if force => {
                return restore_over_damaged(target, target_key, backup, backup_key).await;
            }
            Err(e) => return Err(e),
        };
        let mut conn = db.acquire().await?;
        let (t_change, t_seq) = last_change(&mut conn).await?;
        drop(conn);
        db.close().await;
        let newer_time = match (&t_change, &found.last_change) {
            (Some(t), Some(b)) => t > b,
            (Some(_), None) => true,
            _ => false,
        };
        if !force && (newer_time || t_seq > found.last_seq) {
            return Err(Error::invalid(
                "restore_newer",
                None,
                t!(
                    "store.restore_newer",
                    path = target.display().to_string(),
                    target = vn_time(t_change.as_deref()),
                    backup = vn_time(found.last_change.as_deref())
                ),
            ));
        }
    }
    create_parent(target)?;
    let tmp = sibling(target, ".restoring");
    remove_if_exists(&tmp)?;
    remove_if_exists(&sibling(&tmp, "-journal"))?;
    let result = async {
        // Read-write: a read-only connection would open the attached target read-only too.
        // Nothing is written to the backup.
        let mut conn = connect_one(backup, backup_key, false).await?;
        let copied = async {
            sqlx::query("ATTACH DATABASE ? AS restored KEY ?")
                .bind(tmp.display().to_string())
                .bind(target_key.sqlcipher_text())
                .execute(&mut conn)
                .await?;
            sqlx::query("SELECT sqlcipher_export('restored')")
                .execute(&mut conn)
                .await?;
            sqlx::query("DETACH DATABASE restored")
                .execute(&mut conn)
                .await?;
            Ok::<_, Error>(())
        }
        .await;
        let _ = conn.close().await;
        copied?;
        {
            let mut conn = connect_one(&tmp, target_key, false).await?;
            sqlx::query("INSERT INTO dossier_fts (dossier_fts) VALUES ('rebuild')")
                .execute(&mut conn)
                .await?;
            sqlx::query(
                "INSERT INTO dossier_fts (dossier_fts, rank) VALUES ('integrity-check', 1)",
            )
            .execute(&mut conn)
            .await?;
            let ok: String = sqlx::query_scalar("PRAGMA integrity_check")
                .fetch_one(&mut conn)
                .await?;
            let counts = table_counts(&mut conn, "main").await?;
            // The rebuilt index's own tables (dossier_fts_data, …) differ from the copy's.
            let virtual_tables: Vec<String> = sqlx::query_scalar(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND rootpage = 0",
            )
            .fetch_all(&mut conn)
            .await?;
            conn.close().await?;
            if ok != "ok" {
                return Err(bad(
                    &tmp,
                    t!("store.backup_damaged", detail = ok).to_string(),
                ));
            }
            let mut want = found.tables.clone();
            want.retain(|t, _| {
                !virtual_tables
                    .iter()
                    .any(|v| t.starts_with(&format!("{v}_")))
            });
            check_counts(&tmp, &want, &counts)?;
        }
        std::fs::File::open(&tmp)?.sync_all()?;
        for suffix in ["-wal", "-shm"] {
            remove_if_exists(&sibling(target, suffix))?;
        }
        std::fs::rename(&tmp, target)?;
        sync_dir(target);
        Ok(())
    }
    .await;
    if let Err(e) = result {
        let _ = remove_if_exists(&tmp);
        let _ = remove_if_exists(&sibling(&tmp, "-journal"));
        return Err(e);
    }
    // Older data put back on purpose: the audit anchor of the replaced data no longer applies.
    super::audit_anchor::forget(target)?;
    let db = super::open_with_key(target, target_key).await?;
    let mut conn = db.acquire().await?;
    let tables = table_counts(&mut conn, "main").await?;
    drop(conn);
    db.close().await;
    Ok(RestoreReport {
        path: target.display().to_string(),
        backup: backup.display().to_string(),
        dossiers: tables.get("dossier").copied().unwrap_or(0),
        tables,
    })
}

/// A forced restore over a database that does not open (damaged): the damaged file is moved aside
/// (`<db>.damaged-<time>`, kept for investigation), then restored as into a new path.
async fn restore_over_damaged(
    target: &Path,
    target_key: &Key,
    backup: &Path,
    backup_key: &Key,
) -> Result<RestoreReport> {
    let aside = sibling(
        target,
        &format!(".damaged-{}", Utc::now().format("%Y%m%dT%H%M%SZ")),
    );
    std::fs::rename(target, &aside)?;
    for suffix in ["-wal", "-shm"] {
        let s = sibling(target, suffix);
        if s.exists() {
            std::fs::rename(&s, sibling(&aside, suffix))?;
        }
    }
    Box::pin(restore_with_keys(
        target, target_key, backup, backup_key, false,
    ))
    .await
}

/// The daily backup's file name for a Vietnam date: `desk-2026-11-27.sqlite`.
pub fn daily_name(now: DateTime<Utc>) -> String {
    format!("desk-{}.sqlite", clock::local(now).format("%Y-%m-%d"))
}

fn is_daily_name(name: &str) -> bool {
    let Some(date) = name
        .strip_prefix("desk-")
        .and_then(|s| s.strip_suffix(".sqlite"))
    else {
        return false;
    };
    chrono::NaiveDate::parse_from_str(date, "%Y-%m-%d").is_ok() && date.len() == 10
}

/// Where the app keeps its daily backups: `backups/` beside the database.
pub fn daily_dir(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
        .join("backups")
}

/// Sao lưu tự động: what the app runs for as long as it is open. Makes today's backup at start
/// and checks again every hour (a desk left on overnight gets the next day's). A failure is
/// written to stderr as its code and message, which never hold the key or personal data, and
/// tried again an hour later.
pub async fn run_daily_forever(db: Db, dir: PathBuf, keep: usize) {
    loop {
        if let Err(e) = daily(&db, &dir, keep).await {
            let wire = e.to_wire();
            eprintln!(
                "motcua: sao lưu hằng ngày không thành công: {} [{}]",
                crate::mask::text(&wire.message),
                wire.code
            );
        }
        tokio::time::sleep(std::time::Duration::from_secs(3600)).await;
    }
}

/// Makes today's backup (Vietnam date) in `dir` when it is not there yet, then deletes the
/// oldest daily backups beyond `keep` (at least 1; [`DEFAULT_KEEP`] is the usual). Meant to be
/// called every hour or so by the app; cheap when today's backup exists.
pub async fn daily(db: &Db, dir: &Path, keep: usize) -> Result<DailyReport> {
    daily_at(db, dir, keep, Utc::now()).await
}

/// [`daily`] at a given instant.
pub async fn daily_at(db: &Db, dir: &Path, keep: usize, now: DateTime<Utc>) -> Result<DailyReport> {
    std::fs::create_dir_all(dir)?;
    let path = dir.join(daily_name(now));
    let made = if path.exists() {
        None
    } else {
        Some(backup(db, &path).await?)
    };
    let mut names: Vec<String> = std::fs::read_dir(dir)?
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_ok_and(|t| t.is_file()))
        .filter_map(|e| e.file_name().into_string().ok())
        .filter(|n| is_daily_name(n))
        .collect();
    // The date in the name sorts as text.
    names.sort();
    let keep = keep.max(1);
    let mut deleted = Vec::new();
    if names.len() > keep {
        for n in &names[..names.len() - keep] {
            let p = dir.join(n);
            std::fs::remove_file(&p)?;
            deleted.push(p.display().to_string());
        }
    }
    Ok(DailyReport {
        made,
        path: path.display().to_string(),
        deleted,
    })
}

/// A temporary file name beside `out`, unique to this call.
fn temp_beside(out: &Path) -> PathBuf {
    sibling(out, &format!(".tmp-{}", uuid::Uuid::now_v7().simple()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn daily_names_are_vietnam_dates() {
        // 23:30 UTC on 26 November is 06:30 on 27 November in Vietnam.
        let t = clock::parse("2026-11-26T23:30:00Z").unwrap();
        assert_eq!(daily_name(t), "desk-2026-11-27.sqlite");
        assert!(is_daily_name("desk-2026-11-27.sqlite"));
        assert!(!is_daily_name("desk-2026-11-27.sqlite.tmp-1"));
        assert!(!is_daily_name("desk-2026-13-01.sqlite"));
        assert!(!is_daily_name("desk.sqlite"));
    }
}

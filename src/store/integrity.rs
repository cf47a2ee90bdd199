//! Kiểm tra toàn vẹn: whether the desk database file is damaged, and which backups can replace it.
//!
//! [`check`] runs SQLCipher's `PRAGMA cipher_integrity_check` (the HMAC of every page, read from
//! the file) and SQLite's `PRAGMA integrity_check` (the b-trees) on a fresh connection, so pages
//! already decrypted in the pool's cache are read again from disk. `audit verify` runs it first.
//!
//! A database whose first page is damaged does not open at all, which SQLCipher reports exactly
//! like a wrong key. [`diagnose_open`] tells the two apart with the desk's backups: when the key
//! opens a backup of this desk but not the database, the key is right and the file is damaged.

use std::path::{Path, PathBuf};

use serde::Serialize;
use sqlx::{Connection, Row};
use ts_rs::TS;

use super::backup::{self, daily_dir};
use super::key::Key;
use super::{Db, connect_one};
use crate::{Error, Result};

/// `None` when the database at `db` passes both checks, else what failed (first lines).
pub async fn check(db: &Db) -> Result<Option<String>> {
    let mut conn = match sqlx::sqlite::SqliteConnection::connect_with(&db.connect_options()).await {
        Ok(c) => c,
        Err(e) => return Ok(Some(e.to_string())),
    };
    let found = run_checks(&mut conn).await;
    let _ = conn.close().await;
    Ok(found)
}

async fn run_checks(conn: &mut sqlx::sqlite::SqliteConnection) -> Option<String> {
    // Every row of cipher_integrity_check is a page that failed; none means all pages are good.
    match sqlx::query("PRAGMA cipher_integrity_check")
        .fetch_all(&mut *conn)
        .await
    {
        Ok(rows) if !rows.is_empty() => return Some(first_lines(&rows)),
        Ok(_) => {}
        Err(e) => return Some(e.to_string()),
    }
    match sqlx::query("PRAGMA integrity_check")
        .fetch_all(&mut *conn)
        .await
    {
        Ok(rows) => {
            let text = first_lines(&rows);
            (text != "ok").then_some(text)
        }
        Err(e) => Some(e.to_string()),
    }
}

fn first_lines(rows: &[sqlx::sqlite::SqliteRow]) -> String {
    rows.iter()
        .filter_map(|r| r.try_get::<String, _>(0).ok())
        .take(3)
        .collect::<Vec<_>>()
        .join("; ")
}

/// `err` (a database error met while working), or [`Error::Damaged`] when the database's
/// integrity check fails.
pub async fn damaged_or(db: &Db, db_path: &Path, err: Error) -> Error {
    match check(db).await {
        Ok(Some(detail)) => Error::Damaged {
            path: db_path.display().to_string(),
            detail,
        },
        _ => err,
    }
}

/// A backup of the desk and whether it can be restored.
#[derive(Debug, Clone, Serialize, TS, PartialEq)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct BackupStatus {
    pub path: String,
    /// Its date (from the daily backup's name, Vietnam date), YYYY-MM-DD.
    pub date: String,
    /// It opens with the backup key and passes the integrity check.
    pub ok: bool,
    /// Why not, when not.
    pub detail: Option<String>,
    /// The newest change it holds (RFC 3339 UTC).
    pub last_change: Option<String>,
}

/// The daily backups of the database at `db_path`, newest first, each verified with the backup
/// key ([`backup::backup_key`]).
pub async fn backups(db_path: &Path) -> Result<Vec<BackupStatus>> {
    let key = backup::backup_key(db_path).map(|(k, _)| k);
    let mut names: Vec<(String, PathBuf)> = match std::fs::read_dir(daily_dir(db_path)) {
        Ok(entries) => entries
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let name = e.file_name().into_string().ok()?;
                let date = name
                    .strip_prefix("desk-")?
                    .strip_suffix(".sqlite")?
                    .to_string();
                chrono::NaiveDate::parse_from_str(&date, "%Y-%m-%d").ok()?;
                Some((date, e.path()))
            })
            .collect(),
        Err(_) => Vec::new(),
    };
    names.sort();
    names.reverse();
    let mut out = Vec::with_capacity(names.len());
    for (date, path) in names {
        let checked = match &key {
            Ok(k) => backup::verify(&path, k).await,
            Err(e) => Err(Error::invalid("bad_db_key", None, e.to_string())),
        };
        out.push(match checked {
            Ok(v) => BackupStatus {
                path: path.display().to_string(),
                date,
                ok: true,
                detail: None,
                last_change: v.last_change,
            },
            Err(e) => BackupStatus {
                path: path.display().to_string(),
                date,
                ok: false,
                detail: Some(e.to_string()),
                last_change: None,
            },
        });
    }
    Ok(out)
}

/// What the app shows an administrator: whether the database is damaged and, if so, the newest
/// backup that verifies.
#[derive(Debug, Clone, Serialize, TS, PartialEq)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct IntegrityStatus {
    pub damaged: bool,
    /// What the integrity check found (first lines), when damaged.
    pub detail: Option<String>,
    /// The newest daily backup that verifies, when damaged.
    pub last_good_backup: Option<BackupStatus>,
}

/// [`check`] for the app; the backups are only verified when the database is damaged. Who may
/// ask is checked by [`crate::accounts::audit::integrity_status`].
pub async fn status(db: &Db) -> Result<IntegrityStatus> {
    let Some(detail) = check(db).await? else {
        return Ok(IntegrityStatus {
            damaged: false,
            detail: None,
            last_good_backup: None,
        });
    };
    Ok(IntegrityStatus {
        damaged: true,
        detail: Some(detail),
        last_good_backup: last_good_backup(&backup::db_path(db)).await?,
    })
}

/// The newest backup that verifies, if any.
pub async fn last_good_backup(db_path: &Path) -> Result<Option<BackupStatus>> {
    Ok(backups(db_path).await?.into_iter().find(|b| b.ok))
}

/// Turns a `wrong_db_key` on opening `db_path` with `key` into [`Error::Damaged`] when the same
/// key opens one of the desk's daily backups (so the key is right); otherwise returns `err`.
pub async fn diagnose_open(db_path: &Path, key: &Key, err: Error) -> Error {
    if matches!(err, Error::Database(_) | Error::Migration(_)) {
        // It opened but failed later: a damaged page elsewhere in the file?
        if let Ok(mut conn) = connect_one(db_path, key, true).await {
            let found = run_checks(&mut conn).await;
            let _ = conn.close().await;
            if let Some(detail) = found {
                return Error::Damaged {
                    path: db_path.display().to_string(),
                    detail,
                };
            }
        }
        return err;
    }
    if !matches!(err, Error::WrongKey { .. }) {
        return err;
    }
    let Ok(entries) = std::fs::read_dir(daily_dir(db_path)) else {
        return err;
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "sqlite"))
        .collect();
    files.sort();
    for f in files.iter().rev() {
        if let Ok(conn) = connect_one(f, key, true).await {
            let _ = conn.close().await;
            return Error::Damaged {
                path: db_path.display().to_string(),
                detail: rust_i18n::t!("store.damaged_header", backup = f.display().to_string())
                    .to_string(),
            };
        }
    }
    err
}

//! Trạng thái đồng bộ: the desk's sync bookkeeping (`sync_state`) and the summary the status bar
//! and `motcua sync` show.

use chrono::{DateTime, Utc};
use rust_i18n::t;
use serde::Serialize;

use crate::error::sync::SyncError;
use crate::store::Db;
use crate::{Result, clock};

/// The desk warns when its clock is further than this from the portal's.
pub const CLOCK_TOLERANCE_MS: i64 = 10 * 60 * 1000;

/// What the status bar shows, always.
#[derive(Debug, Clone, Serialize, ts_rs::TS, PartialEq)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct SyncStatus {
    pub enrolled: bool,
    pub portal_url: Option<String>,
    /// The last attempt reached the portal (`None`: never tried).
    pub online: Option<bool>,
    /// Changes waiting to be acknowledged by the portal.
    pub pending: i64,
    /// Changes the portal refused or that conflict; kept for a person to look at.
    pub problems: i64,
    pub last_attempt_at: Option<String>,
    pub last_success_at: Option<String>,
    /// `retryable`, `auth`, `rejected`, … of the last failed run.
    pub last_error_kind: Option<String>,
    /// The last error in plain words, or `None` when the last run succeeded.
    pub last_error: Option<String>,
    /// Portal clock minus desk clock, in seconds.
    #[ts(type = "number | null")]
    pub clock_offset_s: Option<i64>,
    /// A sentence for the clerk when the desk clock is more than 10 minutes off.
    pub clock_warning: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Enrollment {
    pub pull_cursor: i64,
}

pub async fn enrollment(db: &Db) -> Result<Option<Enrollment>> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT pull_cursor FROM sync_state WHERE id = 1")
        .fetch_optional(db)
        .await?;
    Ok(row.map(|(pull_cursor,)| Enrollment { pull_cursor }))
}

/// Records the start of an attempt.
pub async fn attempt_started(db: &Db, now: DateTime<Utc>) -> Result<()> {
    sqlx::query("UPDATE sync_state SET last_attempt_at = ? WHERE id = 1")
        .bind(clock::to_db(now))
        .execute(db)
        .await?;
    Ok(())
}

/// Records a run that pushed and pulled everything.
pub async fn succeeded(db: &Db, now: DateTime<Utc>) -> Result<()> {
    sqlx::query("UPDATE sync_state SET last_success_at = ?, last_error = NULL, last_error_kind = NULL WHERE id = 1")
        .bind(clock::to_db(now))
        .execute(db)
        .await?;
    Ok(())
}

pub async fn failed(db: &Db, e: &SyncError) -> Result<()> {
    sqlx::query("UPDATE sync_state SET last_error = ?, last_error_kind = ? WHERE id = 1")
        .bind(crate::mask::text(&e.message))
        .bind(e.kind_str())
        .execute(db)
        .await?;
    Ok(())
}

/// Remembers how far the portal's clock is from ours (from a response's `Date` header).
pub async fn clock_seen(db: &Db, portal: DateTime<Utc>, desk: DateTime<Utc>) -> Result<()> {
    let offset = (portal - desk).num_milliseconds();
    sqlx::query("UPDATE sync_state SET clock_offset_ms = ? WHERE id = 1")
        .bind(offset)
        .execute(db)
        .await?;
    Ok(())
}

/// The warning to show for a clock offset, if any. The `Date` header has one-second resolution
/// and the request takes time, so only offsets beyond the tolerance count.
pub fn clock_warning(offset_ms: i64) -> Option<String> {
    if offset_ms.abs() <= CLOCK_TOLERANCE_MS {
        return None;
    }
    let minutes = (offset_ms.abs() + 30_000) / 60_000;
    Some(if offset_ms > 0 {
        t!("sync.clock_behind", minutes = minutes).to_string()
    } else {
        t!("sync.clock_ahead", minutes = minutes).to_string()
    })
}

pub async fn status(db: &Db) -> Result<SyncStatus> {
    let row: Option<(String, Option<String>, Option<String>, Option<String>, Option<String>, Option<i64>)> = sqlx::query_as(
        "SELECT portal_url, last_attempt_at, last_success_at, last_error_kind, last_error, clock_offset_ms FROM sync_state WHERE id = 1",
    )
    .fetch_optional(db)
    .await?;
    let (pending,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM outbox WHERE acked_at IS NULL AND quarantined = 0")
            .fetch_one(db)
            .await?;
    let (problems,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM sync_problem")
        .fetch_one(db)
        .await?;
    Ok(match row {
        None => SyncStatus {
            enrolled: false,
            portal_url: None,
            online: None,
            pending,
            problems,
            last_attempt_at: None,
            last_success_at: None,
            last_error_kind: None,
            last_error: None,
            clock_offset_s: None,
            clock_warning: None,
        },
        Some((url, attempt, success, kind, error, offset)) => SyncStatus {
            enrolled: true,
            portal_url: Some(url),
            online: attempt
                .as_ref()
                .map(|_| kind.as_deref() != Some("retryable")),
            pending,
            problems,
            last_attempt_at: attempt,
            last_success_at: success,
            last_error_kind: kind,
            last_error: error,
            clock_offset_s: offset.map(|ms| ms / 1000),
            clock_warning: offset.and_then(clock_warning),
        },
    })
}

/// One row the portal would not take, for the admin and the clerk.
#[derive(Debug, Clone, Serialize, ts_rs::TS, PartialEq)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct SyncProblem {
    #[ts(type = "number")]
    pub seq: i64,
    pub kind: String,
    pub reason: String,
    pub at: String,
    pub op: String,
    pub dossier_code: Option<String>,
}

pub async fn problems(db: &Db) -> Result<Vec<SyncProblem>> {
    let rows: Vec<(i64, String, String, String, String, Option<String>)> = sqlx::query_as(
        "SELECT p.seq, p.kind, p.reason, p.at, o.op, d.code FROM sync_problem p
         JOIN outbox o ON o.seq = p.seq LEFT JOIN dossier d ON d.id = o.entity_id ORDER BY p.seq",
    )
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(seq, kind, reason, at, op, dossier_code)| SyncProblem {
            seq,
            kind,
            reason,
            at,
            op,
            dossier_code,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_warning_only_beyond_ten_minutes() {
        crate::i18n::set_locale("vi");
        assert_eq!(clock_warning(0), None);
        assert_eq!(clock_warning(CLOCK_TOLERANCE_MS), None);
        assert_eq!(clock_warning(-CLOCK_TOLERANCE_MS), None);
        let behind = clock_warning(24 * 3600 * 1000).expect("a day behind");
        assert!(behind.contains("1440"), "{behind}");
        assert!(clock_warning(-(11 * 60 * 1000)).is_some());
    }
}

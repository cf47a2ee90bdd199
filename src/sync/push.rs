//! Gửi thay đổi: pushes the outbox to the portal in batches until nothing is pending.
//!
//! A row is marked acknowledged only after the portal answered `stored` or `duplicate` for it, so a
//! crash anywhere means the row is simply sent again and the portal recognises it by
//! (desk, seq) + content hash. A row the portal refuses or reports as a conflict is quarantined
//! with the reason and never blocks the rows after it.
//!
//! Each push also carries the head of the audit chain; the portal answers the highest it holds
//! for this desk, kept in `<db>.audit-ack` for `audit verify` (src/store/audit_anchor.rs). When the
//! outbox is empty but the head moved (or was never acknowledged), one push carries the head
//! alone.

use chrono::Utc;
use motcua_protocol as proto;

use super::client::PortalClient;
use super::state;
use crate::error::sync::{SyncError, SyncErrorKind};
use crate::store::Db;
use crate::{Result, clock};

/// Rows per batch (design.md: ≤ 500 rows).
pub const BATCH: usize = proto::MAX_PUSH_ROWS;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct PushCounts {
    /// Acknowledged now (stored or already there).
    pub acknowledged: i64,
    pub conflicts: i64,
    pub rejected: i64,
}

/// The outbox rows not yet acknowledged nor quarantined, oldest first.
async fn pending(db: &Db, limit: usize) -> Result<Vec<proto::Change>> {
    let rows: Vec<(i64, String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT seq, entity, entity_id, op, payload_json, content_hash, created_at FROM outbox
         WHERE acked_at IS NULL AND quarantined = 0 ORDER BY seq LIMIT ?",
    )
    .bind(limit as i64)
    .fetch_all(db)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(seq, entity, entity_id, op, payload, content_hash, desk_time)| proto::Change {
                seq,
                entity,
                entity_id,
                op,
                payload,
                content_hash,
                desk_time,
            },
        )
        .collect())
}

/// Pushes until the outbox is empty, adding what happened to `counts` as it goes (so that what
/// was done before an error is still known), or stops at the first error that ends the run
/// (network, auth). `Ok` means every row was acknowledged or quarantined.
pub async fn push_all(
    db: &Db,
    client: &PortalClient,
    counts: &mut PushCounts,
) -> std::result::Result<(), PushError> {
    let mut batch = BATCH;
    let db_path = crate::store::backup::db_path(db);
    // A portal from before the audit head refuses the field: then the rows go without it.
    let mut send_head = true;
    loop {
        let rows = pending(db, batch).await?;
        let audit_head = if send_head {
            audit_head(db).await?
        } else {
            None
        };
        if rows.is_empty()
            && (audit_head.is_none()
                || audit_head == crate::store::audit_anchor::load_acknowledged(&db_path))
        {
            return Ok(());
        }
        // With nothing to send, one push of the audit head alone, for the portal to acknowledge.
        let only_head = rows.is_empty();
        let req = proto::PushRequest {
            changes: rows,
            audit_head,
        };
        match client.push(&req).await {
            Ok(answer) => {
                if let Some(t) = answer.portal_time {
                    state::clock_seen(db, t, Utc::now()).await?;
                }
                record(db, &req.changes, &answer.body, counts).await?;
                if let Some(ack) = &answer.body.audit_anchor {
                    crate::store::audit_anchor::store_acknowledged(&db_path, ack)?;
                }
                if only_head {
                    return Ok(());
                }
            }
            Err(e)
                if e.kind == SyncErrorKind::Rejected
                    && req.audit_head.is_some()
                    && e.message.contains("audit_head") =>
            {
                send_head = false;
            }
            Err(e) if e.kind == SyncErrorKind::TooLarge && batch > 1 => batch = (batch / 2).max(1),
            // A whole batch refused: find the bad row by sending one at a time.
            Err(e) if e.kind == SyncErrorKind::Rejected && req.changes.len() > 1 => batch = 1,
            Err(e) if matches!(e.kind, SyncErrorKind::Rejected | SyncErrorKind::TooLarge) => {
                let seq = req.changes[0].seq;
                quarantine(db, seq, "rejected", &e.message).await?;
                counts.rejected += 1;
            }
            Err(e) => return Err(PushError::Sync(e)),
        }
    }
}

/// The head of the audit chain (its last entry), sent with each push: the portal keeps the
/// highest and answers it (src/store/audit_anchor.rs).
async fn audit_head(db: &Db) -> Result<Option<proto::AuditAnchor>> {
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
            .fetch_optional(db)
            .await?;
    Ok(row.map(|(seq, hash)| proto::AuditAnchor { seq, hash }))
}

#[derive(Debug, thiserror::Error)]
pub enum PushError {
    #[error(transparent)]
    Sync(#[from] SyncError),
    #[error(transparent)]
    Store(#[from] crate::Error),
}

/// Applies the portal's per-row answers in one transaction.
async fn record(
    db: &Db,
    sent: &[proto::Change],
    answer: &proto::PushResponse,
    counts: &mut PushCounts,
) -> std::result::Result<(), PushError> {
    let now = clock::to_db(Utc::now());
    let mut tx = crate::store::write_tx(db).await?;
    let mut answered = 0usize;
    // Acknowledged rows in one statement (one round trip to SQLite's worker thread, not 500).
    let mut acked: Vec<i64> = Vec::new();
    for r in &answer.results {
        // Only rows we sent in this batch; a stray seq in the answer is ignored.
        if !sent.iter().any(|c| c.seq == r.seq) {
            continue;
        }
        answered += 1;
        match r.status {
            proto::PushStatus::Stored | proto::PushStatus::Duplicate => acked.push(r.seq),
            proto::PushStatus::Conflict | proto::PushStatus::Rejected => {
                let kind = if r.status == proto::PushStatus::Conflict {
                    counts.conflicts += 1;
                    "conflict"
                } else {
                    counts.rejected += 1;
                    "rejected"
                };
                let reason = r.reason.clone().unwrap_or_default();
                quarantine_in(&mut tx, r.seq, kind, &reason, &now).await?;
            }
        }
    }
    if !acked.is_empty() {
        let seqs = serde_json::to_string(&acked)
            .map_err(|e| crate::Error::invalid("internal", None, e.to_string()))?;
        let done = sqlx::query(
            "UPDATE outbox SET acked_at = ?1, sent_at = COALESCE(sent_at, ?1), attempts = attempts + 1, last_error = NULL
             WHERE acked_at IS NULL AND seq IN (SELECT value FROM json_each(?2))",
        )
        .bind(&now)
        .bind(seqs)
        .execute(&mut *tx)
        .await
        .map_err(crate::Error::from)?;
        counts.acknowledged += done.rows_affected() as i64;
    }
    tx.commit().await.map_err(crate::Error::from)?;
    if answered < sent.len() {
        // Rows the portal did not answer for stay pending; say so, and retry later.
        return Err(PushError::Sync(SyncError::new(
            SyncErrorKind::Retryable,
            "partial_answer",
            rust_i18n::t!("sync.partial_answer"),
        )));
    }
    Ok(())
}

async fn quarantine(db: &Db, seq: i64, kind: &str, reason: &str) -> Result<()> {
    let now = clock::to_db(Utc::now());
    let mut tx = crate::store::write_tx(db).await?;
    quarantine_in(&mut tx, seq, kind, reason, &now).await?;
    tx.commit().await?;
    Ok(())
}

async fn quarantine_in(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    seq: i64,
    kind: &str,
    reason: &str,
    now: &str,
) -> Result<()> {
    // The portal's reason may quote the payload: never keep whole ID numbers or phones in it.
    let reason = crate::mask::text(reason);
    sqlx::query(
        "UPDATE outbox SET quarantined = 1, last_error = ?, attempts = attempts + 1 WHERE seq = ?",
    )
    .bind(&reason)
    .bind(seq)
    .execute(&mut **tx)
    .await?;
    sqlx::query("INSERT INTO sync_problem (seq, kind, reason, at) VALUES (?, ?, ?, ?) ON CONFLICT (seq) DO UPDATE SET kind = excluded.kind, reason = excluded.reason, at = excluded.at")
        .bind(seq)
        .bind(kind)
        .bind(&reason)
        .bind(now)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

//! Hàng đợi đồng bộ: every change to send to the portal becomes one outbox row, written in the
//! SAME transaction as the change itself, with a content hash so a resend is recognisable.

use chrono::{DateTime, Utc};
use sha2::{Digest, Sha256};
use sqlx::{Sqlite, Transaction};

use crate::{Result, clock};

/// Queues `payload` as operation `op` on dossier `entity_id`, inside the caller's transaction.
pub async fn enqueue(
    tx: &mut Transaction<'_, Sqlite>,
    entity_id: &str,
    op: &str,
    payload: &serde_json::Value,
    at: DateTime<Utc>,
) -> Result<()> {
    let payload = payload.to_string();
    let hash: String = Sha256::digest(payload.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    sqlx::query("INSERT INTO outbox (entity, entity_id, op, payload_json, content_hash, created_at) VALUES ('dossier', ?, ?, ?, ?, ?)")
        .bind(entity_id)
        .bind(op)
        .bind(payload)
        .bind(hash)
        .bind(clock::to_db(at))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

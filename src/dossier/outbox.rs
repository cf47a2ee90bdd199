//! Hàng đợi đồng bộ: every change to send to the portal becomes one outbox row, written in the
//! SAME transaction as the change itself, with a content hash so a resend is recognisable. The
//! row holds the change's canonical text and hash from the contract (`motcua_protocol::change`).

use chrono::{DateTime, Utc};
use motcua_protocol::change::{DossierChange, ENTITY_DOSSIER};
use sqlx::{Sqlite, Transaction};

use crate::{Result, clock};

/// Queues `change` of its dossier, inside the caller's transaction.
pub async fn enqueue(
    tx: &mut Transaction<'_, Sqlite>,
    change: &DossierChange,
    at: DateTime<Utc>,
) -> Result<()> {
    let payload = change.payload();
    sqlx::query("INSERT INTO outbox (entity, entity_id, op, payload_json, content_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(ENTITY_DOSSIER)
        .bind(change.dossier_id())
        .bind(change.op().as_str())
        .bind(&payload)
        .bind(motcua_protocol::content_hash(&payload))
        .bind(clock::to_db(at))
        .execute(&mut **tx)
        .await?;
    Ok(())
}

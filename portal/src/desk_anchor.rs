//! Mốc nhật ký của quầy: the portal as the second witness of each desk's audit chain (issue 14,
//! point 5). A push carries the head of the desk's chain ([`AuditAnchor`]); the portal keeps the
//! highest (by seq) it was sent per desk, in the push's own transaction, and answers it in the
//! acknowledgement. The desk keeps that answer outside its database and `audit verify` reports a
//! rollback when the chain no longer reaches it. A head lower than the one kept (a desk put back
//! to an earlier state) never lowers it; it is recorded as the desk's last head.

use motcua_protocol::AuditAnchor;
use sqlx::{Any, Transaction};

use crate::db::now;
use crate::desks::AuthDesk;
use crate::error::{Error, Result};

/// Refuses a malformed head (JSON 400 `invalid`).
pub fn check(head: &AuditAnchor) -> Result<()> {
    if head.is_well_formed() {
        return Ok(());
    }
    Err(Error::invalid(
        "invalid",
        "audit_head không hợp lệ: seq phải từ 1 trở lên, hash là 64 chữ số hex viết thường.",
    ))
}

/// Records `head` (when sent) for `desk` inside `tx` and returns the anchor the portal holds for
/// it afterwards (none when the desk never sent one).
pub async fn record(
    tx: &mut Transaction<'static, Any>,
    desk: &AuthDesk,
    head: Option<&AuditAnchor>,
) -> Result<Option<AuditAnchor>> {
    if let Some(h) = head {
        check(h)?;
        let at = now();
        sqlx::query(
            "INSERT INTO desk_audit_anchor (desk_id, seq, hash, acknowledged_at, last_seq, last_hash, last_at)
             VALUES ($1, $2, $3, $4, $2, $3, $4)
             ON CONFLICT (desk_id) DO UPDATE SET
               seq = CASE WHEN excluded.seq > desk_audit_anchor.seq THEN excluded.seq ELSE desk_audit_anchor.seq END,
               hash = CASE WHEN excluded.seq > desk_audit_anchor.seq THEN excluded.hash ELSE desk_audit_anchor.hash END,
               acknowledged_at = CASE WHEN excluded.seq > desk_audit_anchor.seq THEN excluded.acknowledged_at ELSE desk_audit_anchor.acknowledged_at END,
               last_seq = excluded.last_seq, last_hash = excluded.last_hash, last_at = excluded.last_at",
        )
        .bind(&desk.id)
        .bind(h.seq)
        .bind(&h.hash)
        .bind(&at)
        .execute(&mut **tx)
        .await?;
    }
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM desk_audit_anchor WHERE desk_id = $1")
            .bind(&desk.id)
            .fetch_optional(&mut **tx)
            .await?;
    Ok(row.map(|(seq, hash)| AuditAnchor { seq, hash }))
}

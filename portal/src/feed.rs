//! Luồng thay đổi cho quầy: what desks pull. Each row gets a portal-assigned, strictly increasing
//! cursor and is scoped to one unit (or to every unit: holiday schedules). Rows are kept, so a
//! desk enrolled later still gets the unit's settings, catalogue and holidays from cursor 0.
//!
//! Insert only inside [`Db::begin_feed_write`](crate::db::Db::begin_feed_write) transactions: on
//! PostgreSQL that is what makes rows commit in cursor order.

use motcua_protocol::{MAX_PULL_LIMIT, PullBody, PullResponse, PulledChange};
use sqlx::{Any, Transaction};

use crate::db::{Db, now};
use crate::error::{Error, Result};

/// Default page size of a pull.
pub const DEFAULT_PULL_LIMIT: u32 = 500;

fn kind(body: &PullBody) -> &'static str {
    match body {
        PullBody::Unit { .. } => "unit",
        PullBody::Catalogue { .. } => "catalogue",
        PullBody::Holidays { .. } => "holidays",
        PullBody::DossierStatus(_) => "dossier_status",
    }
}

/// Appends one row; `unit_code` None = for every unit. Returns its cursor.
pub async fn append(
    tx: &mut Transaction<'static, Any>,
    unit_code: Option<&str>,
    body: &PullBody,
) -> Result<i64> {
    let text = serde_json::to_string(body)
        .map_err(|e| Error::Internal(format!("Không ghi được thay đổi: {e}")))?;
    let cursor: i64 = sqlx::query_scalar(
        "INSERT INTO feed (unit_code, kind, body, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
    )
    .bind(unit_code)
    .bind(kind(body))
    .bind(text)
    .bind(now())
    .fetch_one(&mut **tx)
    .await?;
    Ok(cursor)
}

/// The unit's rows after `cursor`, oldest first, at most `limit` (clamped to 1..=MAX_PULL_LIMIT).
pub async fn pull(db: &Db, unit_code: &str, cursor: i64, limit: u32) -> Result<PullResponse> {
    if cursor < 0 {
        return Err(Error::invalid(
            "invalid",
            "Con trỏ đồng bộ (cursor) không được âm.",
        ));
    }
    let limit = limit.clamp(1, MAX_PULL_LIMIT);
    let rows: Vec<(i64, String)> = sqlx::query_as(
        "SELECT id, body FROM feed WHERE id > $1 AND (unit_code = $2 OR unit_code IS NULL) ORDER BY id LIMIT $3",
    )
    .bind(cursor)
    .bind(unit_code)
    .bind(i64::from(limit) + 1)
    .fetch_all(&db.pool)
    .await?;
    let has_more = rows.len() > limit as usize;
    let mut changes = Vec::with_capacity(rows.len().min(limit as usize));
    for (id, body) in rows.into_iter().take(limit as usize) {
        let body: PullBody = serde_json::from_str(&body).map_err(|e| {
            Error::Internal(format!("Thay đổi #{id} hỏng trong cơ sở dữ liệu: {e}"))
        })?;
        changes.push(PulledChange { cursor: id, body });
    }
    let next_cursor = changes.last().map_or(cursor, |c| c.cursor);
    Ok(PullResponse {
        changes,
        next_cursor,
        has_more,
    })
}

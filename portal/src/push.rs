//! Nhận thay đổi từ quầy (push): stores each change once under its idempotency key
//! (desk id, desk seq) with `INSERT … ON CONFLICT DO NOTHING` — never check-then-insert — and
//! applies it to the dossier projection in the same transaction. A batch is one transaction (one
//! commit, answered only after it) and each row runs in its own savepoint, so one rejection never
//! undoes the others; a database fault fails the whole batch, nothing is acknowledged and the
//! desk sends it again (every row is idempotent).
//!
//! - inserted and applied → `stored`;
//! - inserted but not applicable → rolled back, `rejected` with the reason;
//! - not inserted, same content hash → `duplicate` (acknowledged again);
//! - not inserted, different hash → `conflict`, recorded (once per distinct content) for a person.

use motcua_protocol::{Change, PushResult, PushStatus, content_hash};
use serde::Serialize;
use sqlx::{Acquire, Any, Transaction};

use crate::db::{Db, now};
use crate::desks::AuthDesk;
use crate::error::Result;
use crate::projection;

fn result(seq: i64, status: PushStatus, reason: Option<String>) -> PushResult {
    PushResult {
        seq,
        status,
        reason,
    }
}

/// Stores and applies a batch of `desk`'s changes; one result per change, in order.
/// Rows per multi-row statement: measured here, 500-row statements cost 2-3 times more per row
/// than 50-row ones (sqlx's per-argument work grows with the statement), so runs are cut.
const CREATE_CHUNK: usize = 50;

pub async fn store_batch(db: &Db, desk: &AuthDesk, changes: &[Change]) -> Result<Vec<PushResult>> {
    let mut w = db.begin_write().await?;
    let mut results = Vec::with_capacity(changes.len());
    let mut i = 0;
    while i < changes.len() {
        // A run of new dossiers (the bulk of any end-of-day push) goes in a few multi-row
        // statements; anything unusual in it sends the run down the row-by-row path below.
        let run = changes[i..]
            .iter()
            .take(CREATE_CHUNK)
            .take_while(|c| c.op == "create" && c.entity == "dossier")
            .count();
        if run >= 2 {
            if let Some(mut stored) = store_creates(&mut w.tx, desk, &changes[i..i + run]).await? {
                results.append(&mut stored);
                i += run;
                continue;
            }
            for c in &changes[i..i + run] {
                results.push(store_in(&mut w.tx, desk, c).await?);
            }
            i += run;
            continue;
        }
        results.push(store_in(&mut w.tx, desk, &changes[i]).await?);
        i += 1;
    }
    w.commit().await?;
    Ok(results)
}

/// `rows` copies of `tuple`, comma-separated, its `?` marks numbered `$1, $2, …` across all rows
/// (the placeholder form both the SQLite and the PostgreSQL drivers take).
pub(crate) fn values(rows: usize, tuple: &str) -> String {
    let mut out = String::with_capacity(rows * (tuple.len() + 24));
    let mut n = 0;
    for k in 0..rows {
        if k > 0 {
            out.push(',');
        }
        for ch in tuple.chars() {
            if ch == '?' {
                n += 1;
                out.push('$');
                out.push_str(&n.to_string());
            } else {
                out.push(ch);
            }
        }
    }
    out
}

/// Stores a run of well-formed, new `create` changes with one multi-row statement per table,
/// under one savepoint. `None` (nothing written) when any row is not plainly new and valid: a
/// repeat, a conflict, a rejection or a code already taken; the caller then stores the run row
/// by row, which gives each row its own answer.
async fn store_creates(
    outer: &mut Transaction<'static, Any>,
    desk: &AuthDesk,
    run: &[Change],
) -> Result<Option<Vec<PushResult>>> {
    let mut payloads = Vec::with_capacity(run.len());
    for c in run {
        if content_hash(&c.payload) != c.content_hash {
            return Ok(None);
        }
        match serde_json::from_str::<serde_json::Value>(&c.payload) {
            Ok(v @ serde_json::Value::Object(_)) => payloads.push(v),
            _ => return Ok(None),
        }
    }
    let mut rows = Vec::with_capacity(run.len());
    for (c, p) in run.iter().zip(&payloads) {
        match projection::check_create(desk, &c.entity_id, p) {
            Ok(r) => rows.push(r),
            Err(_) => return Ok(None),
        }
    }
    let received_at = now();
    let mut sp = Acquire::begin(&mut **outer).await?;
    // 1. The change rows; every one must be new.
    let mut sql = String::from(
        "INSERT INTO change (desk_id, desk_seq, unit_code, entity, entity_id, op, payload, content_hash, desk_time, received_at) VALUES ",
    );
    sql.push_str(&values(run.len(), "(?,?,?,?,?,?,?,?,?,?)"));
    sql.push_str(" ON CONFLICT (desk_id, desk_seq) DO NOTHING RETURNING id, desk_seq");
    let mut q = sqlx::query_as::<_, (i64, i64)>(&sql);
    for c in run {
        q = q
            .bind(&desk.id)
            .bind(c.seq)
            .bind(&desk.unit_code)
            .bind(&c.entity)
            .bind(&c.entity_id)
            .bind(&c.op)
            .bind(&c.payload)
            .bind(&c.content_hash)
            .bind(&c.desk_time)
            .bind(&received_at);
    }
    let ids = q.fetch_all(&mut *sp).await?;
    if ids.len() != run.len() {
        sp.rollback().await?;
        return Ok(None);
    }
    let change_id = |seq: i64| ids.iter().find(|(_, s)| *s == seq).map(|(id, _)| *id);
    // 2. The dossiers; every code and id must be new.
    let mut sql = String::from(
        "INSERT INTO dossier (id, unit_code, code, procedure_code, procedure_name, submitter_name, status, national_status, received_at, due_at, desk_id, created_payload, created_at, updated_at, lookup_token_hash) VALUES ",
    );
    sql.push_str(&values(run.len(), "(?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"));
    sql.push_str(" ON CONFLICT DO NOTHING RETURNING id");
    let mut q = sqlx::query_scalar::<_, String>(&sql);
    for (r, p) in rows.iter().zip(&payloads) {
        q = q
            .bind(r.id)
            .bind(&desk.unit_code)
            .bind(&r.code)
            .bind(r.procedure_code)
            .bind(r.procedure_name)
            .bind(r.submitter)
            .bind(r.status.as_str())
            .bind(i64::from(r.status.national()))
            .bind(r.received_at)
            .bind(r.due_at)
            .bind(&desk.id)
            .bind(p.to_string())
            .bind(&received_at)
            .bind(&received_at)
            .bind(r.lookup_token_hash.as_deref());
    }
    let created = q.fetch_all(&mut *sp).await?;
    if created.len() != run.len() {
        sp.rollback().await?;
        return Ok(None);
    }
    // 3. Their first processing steps.
    let mut sql = String::from(
        "INSERT INTO processing_step (dossier_id, source, kind, from_status, to_status, national_status, note, by_name, event_at, recorded_at, change_id) VALUES ",
    );
    sql.push_str(&values(run.len(), "(?,'desk','create',NULL,?,?,?,?,?,?,?)"));
    let mut q = sqlx::query(&sql);
    for (c, r) in run.iter().zip(&rows) {
        q = q
            .bind(r.id)
            .bind(r.status.as_str())
            .bind(i64::from(r.status.national()))
            .bind(&r.note)
            .bind(&desk.name)
            .bind(r.received_at)
            .bind(&received_at)
            .bind(change_id(c.seq));
    }
    q.execute(&mut *sp).await?;
    sp.commit().await?;
    Ok(Some(
        run.iter()
            .map(|c| result(c.seq, PushStatus::Stored, None))
            .collect(),
    ))
}

/// Stores and applies one change of `desk` (a batch of one).
pub async fn store_change(db: &Db, desk: &AuthDesk, c: &Change) -> Result<PushResult> {
    let mut r = store_batch(db, desk, std::slice::from_ref(c)).await?;
    r.pop()
        .ok_or_else(|| crate::error::Error::Internal("no push result".into()))
}

/// One row, inside the batch's transaction, in its own savepoint.
async fn store_in(
    outer: &mut Transaction<'static, Any>,
    desk: &AuthDesk,
    c: &Change,
) -> Result<PushResult> {
    let rejected = |why: String| Ok(result(c.seq, PushStatus::Rejected, Some(why)));
    if content_hash(&c.payload) != c.content_hash {
        return rejected(
            "Mã băm nội dung (content_hash) không khớp với nội dung: thay đổi bị hỏng trên đường truyền hoặc do quầy tạo sai."
                .into(),
        );
    }
    if c.entity != "dossier" {
        return rejected(format!(
            "Loại dữ liệu «{}» không được cổng hỗ trợ.",
            c.entity
        ));
    }
    let payload: serde_json::Value = match serde_json::from_str(&c.payload) {
        Ok(v @ serde_json::Value::Object(_)) => v,
        _ => return rejected("Nội dung thay đổi không phải một đối tượng JSON.".into()),
    };
    let received_at = now();
    let mut sp = Acquire::begin(&mut **outer).await?;
    let inserted: Option<i64> = sqlx::query_scalar(
        "INSERT INTO change (desk_id, desk_seq, unit_code, entity, entity_id, op, payload, content_hash, desk_time, received_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (desk_id, desk_seq) DO NOTHING RETURNING id",
    )
    .bind(&desk.id)
    .bind(c.seq)
    .bind(&desk.unit_code)
    .bind(&c.entity)
    .bind(&c.entity_id)
    .bind(&c.op)
    .bind(&c.payload)
    .bind(&c.content_hash)
    .bind(&c.desk_time)
    .bind(&received_at)
    .fetch_optional(&mut *sp)
    .await?;
    if let Some(change_id) = inserted {
        let applied = projection::apply(
            &mut sp,
            desk,
            &c.op,
            &c.entity_id,
            &payload,
            change_id,
            &received_at,
        )
        .await;
        return match applied {
            Ok(Ok(())) => {
                sp.commit().await?;
                Ok(result(c.seq, PushStatus::Stored, None))
            }
            Ok(Err(reason)) => {
                sp.rollback().await?;
                rejected(reason)
            }
            Err(e) => {
                sp.rollback().await?;
                Err(e)
            }
        };
    }
    let (stored_hash, stored_payload): (String, String) = sqlx::query_as(
        "SELECT content_hash, payload FROM change WHERE desk_id = $1 AND desk_seq = $2",
    )
    .bind(&desk.id)
    .bind(c.seq)
    .fetch_one(&mut *sp)
    .await?;
    if stored_hash == c.content_hash {
        sp.commit().await?;
        return Ok(result(c.seq, PushStatus::Duplicate, None));
    }
    sqlx::query(
        "INSERT INTO conflict (desk_id, desk_seq, stored_hash, stored_payload, incoming_hash, incoming_payload, first_seen_at, last_seen_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) \
         ON CONFLICT (desk_id, desk_seq, incoming_hash) DO UPDATE SET last_seen_at = excluded.last_seen_at, times_seen = conflict.times_seen + 1",
    )
    .bind(&desk.id)
    .bind(c.seq)
    .bind(&stored_hash)
    .bind(&stored_payload)
    .bind(&c.content_hash)
    .bind(&c.payload)
    .bind(&received_at)
    .execute(&mut *sp)
    .await?;
    sp.commit().await?;
    Ok(result(
        c.seq,
        PushStatus::Conflict,
        Some(format!(
            "Thay đổi số {} của quầy đã được cổng lưu với nội dung khác; đã ghi nhận xung đột để cán bộ xem xét.",
            c.seq
        )),
    ))
}

/// A recorded conflict, for `conflicts list`.
#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Conflict {
    pub id: i64,
    pub desk_id: String,
    pub unit_code: String,
    pub desk_seq: i64,
    pub stored_hash: String,
    pub incoming_hash: String,
    pub stored_payload: String,
    pub incoming_payload: String,
    pub first_seen_at: String,
    pub last_seen_at: String,
    pub times_seen: i64,
}

pub async fn conflicts(db: &Db) -> Result<Vec<Conflict>> {
    Ok(sqlx::query_as(
        "SELECT c.id, c.desk_id, d.unit_code, c.desk_seq, c.stored_hash, c.incoming_hash, c.stored_payload, c.incoming_payload, \
         c.first_seen_at, c.last_seen_at, c.times_seen FROM conflict c JOIN desk d ON d.id = c.desk_id ORDER BY c.id",
    )
    .fetch_all(&db.pool)
    .await?)
}

#[cfg(test)]
mod tests {
    #[test]
    fn placeholders_number_across_rows() {
        assert_eq!(super::values(2, "(?,'x',?)"), "($1,'x',$2),($3,'x',$4)");
        assert_eq!(super::values(0, "(?)"), "");
    }
}

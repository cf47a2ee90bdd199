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

use motcua_protocol::change::{DossierChange, ENTITY_DOSSIER, Op};
use motcua_protocol::{AuditAnchor, Change, PushResult, PushStatus, content_hash};
use serde::Serialize;
use sqlx::{Acquire, Any, Transaction};

use crate::db::{Db, now};
use crate::desk_anchor;
use crate::desks::AuthDesk;
use crate::dossier_code::{self, DeskShare};
use crate::error::Result;
use crate::projection;

/// Largest payload of one change, in bytes. A desk's `create` (the largest: applicants, document
/// list, fee) is a few KiB; anything near this is not a desk's and is refused before it is stored,
/// so neither the change log nor the conflict table can be filled with big rows (issue 14,
/// point 7).
pub const MAX_PAYLOAD_BYTES: usize = 64 * 1024;

/// Distinct conflicting payloads kept per (desk, seq); pushes of further distinct ones are only
/// counted (`conflict_overflow`), so one desk sending the same seq with ever new content cannot grow the
/// conflict table without bound.
pub const MAX_CONFLICT_PAYLOADS: i64 = 5;

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
    Ok(store_batch_with_head(db, desk, changes, None).await?.0)
}

/// [`store_batch`], and in the same transaction the desk's audit head ([`desk_anchor::record`]):
/// returns the results and the audit anchor the portal holds for the desk afterwards.
pub async fn store_batch_with_head(
    db: &Db,
    desk: &AuthDesk,
    changes: &[Change],
    audit_head: Option<&AuditAnchor>,
) -> Result<(Vec<PushResult>, Option<AuditAnchor>)> {
    let mut w = db.begin_write().await?;
    let share = desk_share(&mut w.tx, desk).await?;
    let push_time = chrono::Utc::now();
    let checks = Checks {
        share: &share,
        now: push_time,
    };
    let mut results = Vec::with_capacity(changes.len());
    let mut i = 0;
    while i < changes.len() {
        // A run of new dossiers (the bulk of any end-of-day push) goes in a few multi-row
        // statements; anything unusual in it sends the run down the row-by-row path below.
        let run = changes[i..]
            .iter()
            .take(CREATE_CHUNK)
            .take_while(|c| c.op == Op::Create.as_str() && c.entity == ENTITY_DOSSIER)
            .count();
        if run >= 2 {
            if let Some(mut stored) =
                store_creates(&mut w.tx, desk, &checks, &changes[i..i + run]).await?
            {
                results.append(&mut stored);
                i += run;
                continue;
            }
            for c in &changes[i..i + run] {
                results.push(store_in(&mut w.tx, desk, &checks, c).await?);
            }
            i += run;
            continue;
        }
        results.push(store_in(&mut w.tx, desk, &checks, &changes[i]).await?);
        i += 1;
    }
    let anchor = desk_anchor::record(&mut w.tx, desk, audit_head).await?;
    w.commit().await?;
    Ok((results, anchor))
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
    checks: &Checks<'_>,
    run: &[Change],
) -> Result<Option<Vec<PushResult>>> {
    let mut payloads = Vec::with_capacity(run.len());
    for c in run {
        if content_hash(&c.payload) != c.content_hash
            || c.payload.len() > MAX_PAYLOAD_BYTES
            || has_nul(c)
        {
            return Ok(None);
        }
        match DossierChange::decode(&c.op, &c.payload) {
            Ok(DossierChange::Create(create)) => payloads.push(create),
            _ => return Ok(None),
        }
    }
    let mut rows = Vec::with_capacity(run.len());
    for (c, p) in run.iter().zip(&payloads) {
        if checks.create(p).is_err() {
            return Ok(None);
        }
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
    for (r, c) in rows.iter().zip(run) {
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
            .bind(&c.payload)
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
    checks: &Checks<'_>,
    c: &Change,
) -> Result<PushResult> {
    let rejected = |why: String| Ok(result(c.seq, PushStatus::Rejected, Some(why)));
    if has_nul(c) {
        return rejected(
            "Thay đổi chứa ký tự NUL (\\u0000): cổng không lưu được; quầy cần sửa dữ liệu gốc."
                .into(),
        );
    }
    if c.payload.len() > MAX_PAYLOAD_BYTES {
        return rejected(format!(
            "Nội dung thay đổi số {} quá lớn ({} KiB, tối đa {} KiB): cổng không lưu.",
            c.seq,
            c.payload.len().div_ceil(1024),
            MAX_PAYLOAD_BYTES / 1024
        ));
    }
    if content_hash(&c.payload) != c.content_hash {
        return rejected(
            "Mã băm nội dung (content_hash) không khớp với nội dung: thay đổi bị hỏng trên đường truyền hoặc do quầy tạo sai."
                .into(),
        );
    }
    if c.entity != ENTITY_DOSSIER {
        return rejected(format!(
            "Loại dữ liệu «{}» không được cổng hỗ trợ.",
            c.entity
        ));
    }
    // One reading of the contract's types: an unknown operation or field, a missing field or a
    // malformed value is refused here, with the reason, before anything is stored.
    let change = match DossierChange::decode(&c.op, &c.payload) {
        Ok(change) => change,
        Err(e) => return rejected(e.to_string()),
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
        if let DossierChange::Create(create) = &change {
            let refused = match checks.create(create).err() {
                Some(reason) => Some(reason),
                None => other_units_dossier(&mut sp, desk, &c.entity_id).await?,
            };
            if let Some(reason) = refused {
                sp.rollback().await?;
                return rejected(reason);
            }
        }
        let applied = projection::apply(
            &mut sp,
            desk,
            &change,
            &c.entity_id,
            &c.payload,
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
    record_conflict(
        &mut sp,
        desk,
        c,
        (&stored_hash, &stored_payload),
        &received_at,
    )
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

/// Whether a change holds a NUL character, which PostgreSQL text cannot store (the row's insert
/// would fail the whole batch with a 500, and the desk would send it again forever).
fn has_nul(c: &Change) -> bool {
    [
        &c.entity,
        &c.entity_id,
        &c.op,
        &c.content_hash,
        &c.desk_time,
    ]
    .iter()
    .any(|t| t.contains('\0'))
        || crate::api::has_nul(c.payload.as_bytes())
}

/// What every row of a batch is checked against.
struct Checks<'a> {
    share: &'a DeskShare,
    now: chrono::DateTime<chrono::Utc>,
}

impl Checks<'_> {
    /// The dossier code of a `create` ([`dossier_code::check`]): format, a real day near the
    /// push, and the number in the pushing desk's share.
    fn create(&self, p: &motcua_protocol::change::Create) -> std::result::Result<(), String> {
        dossier_code::check(
            self.share,
            &p.code.trim().to_uppercase(),
            p.received_at.at(),
            self.now,
        )
    }
}

/// The pushing desk's share of its unit's daily sequence.
async fn desk_share(tx: &mut Transaction<'static, Any>, desk: &AuthDesk) -> Result<DeskShare> {
    let (slot, stride, enrolled_at): (i64, i64, Option<String>) = sqlx::query_as(
        "SELECT d.slot, u.desk_slots, d.enrolled_at FROM desk d JOIN unit u ON u.code = d.unit_code WHERE d.id = $1",
    )
    .bind(&desk.id)
    .fetch_one(&mut **tx)
    .await?;
    Ok(DeskShare {
        unit_code: desk.unit_code.clone(),
        slot,
        stride,
        enrolled_at: enrolled_at
            .and_then(|t| chrono::DateTime::parse_from_rfc3339(&t).ok())
            .map(|t| t.with_timezone(&chrono::Utc)),
    })
}

/// A `create` whose dossier id the portal already holds for another unit: refused without naming
/// that dossier's code or unit (issue 14, point 10: the answer told a desk another unit's code).
async fn other_units_dossier(
    tx: &mut Transaction<'_, Any>,
    desk: &AuthDesk,
    id: &str,
) -> Result<Option<String>> {
    let unit: Option<String> = sqlx::query_scalar("SELECT unit_code FROM dossier WHERE id = $1")
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(match unit {
        Some(u) if u != desk.unit_code => Some(format!(
            "Mã định danh hồ sơ {id} đã được dùng trên cổng; không tạo hồ sơ mới với mã định danh này."
        )),
        _ => None,
    })
}

/// Records a conflicting payload: once per distinct content, at most [`MAX_CONFLICT_PAYLOADS`]
/// per (desk, seq); the rest are counted in `conflict_overflow`.
async fn record_conflict(
    tx: &mut Transaction<'_, Any>,
    desk: &AuthDesk,
    c: &Change,
    (stored_hash, stored_payload): (&str, &str),
    at: &str,
) -> Result<()> {
    let seen = sqlx::query(
        "UPDATE conflict SET last_seen_at = $1, times_seen = times_seen + 1 WHERE desk_id = $2 AND desk_seq = $3 AND incoming_hash = $4",
    )
    .bind(at)
    .bind(&desk.id)
    .bind(c.seq)
    .bind(&c.content_hash)
    .execute(&mut **tx)
    .await?;
    if seen.rows_affected() > 0 {
        return Ok(());
    }
    let kept: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM conflict WHERE desk_id = $1 AND desk_seq = $2")
            .bind(&desk.id)
            .bind(c.seq)
            .fetch_one(&mut **tx)
            .await?;
    if kept >= MAX_CONFLICT_PAYLOADS {
        sqlx::query(
            "INSERT INTO conflict_overflow (desk_id, desk_seq, payloads_dropped, first_seen_at, last_seen_at) VALUES ($1, $2, 1, $3, $3) \
             ON CONFLICT (desk_id, desk_seq) DO UPDATE SET payloads_dropped = conflict_overflow.payloads_dropped + 1, last_seen_at = excluded.last_seen_at",
        )
        .bind(&desk.id)
        .bind(c.seq)
        .bind(at)
        .execute(&mut **tx)
        .await?;
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO conflict (desk_id, desk_seq, stored_hash, stored_payload, incoming_hash, incoming_payload, first_seen_at, last_seen_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) \
         ON CONFLICT (desk_id, desk_seq, incoming_hash) DO UPDATE SET last_seen_at = excluded.last_seen_at, times_seen = conflict.times_seen + 1",
    )
    .bind(&desk.id)
    .bind(c.seq)
    .bind(stored_hash)
    .bind(stored_payload)
    .bind(&c.content_hash)
    .bind(&c.payload)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
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
    /// Pushes for the same (desk, seq) whose payload was counted, not kept (the cap was reached).
    pub payloads_dropped: i64,
}

pub async fn conflicts(db: &Db) -> Result<Vec<Conflict>> {
    Ok(sqlx::query_as(
        "SELECT c.id, c.desk_id, d.unit_code, c.desk_seq, c.stored_hash, c.incoming_hash, c.stored_payload, c.incoming_payload, \
         c.first_seen_at, c.last_seen_at, c.times_seen, COALESCE(o.payloads_dropped, 0) AS payloads_dropped \
         FROM conflict c JOIN desk d ON d.id = c.desk_id \
         LEFT JOIN conflict_overflow o ON o.desk_id = c.desk_id AND o.desk_seq = c.desk_seq ORDER BY c.id",
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

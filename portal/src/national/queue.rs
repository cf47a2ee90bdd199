//! Hàng đợi đồng bộ quốc gia: the durable queue in the portal database (migrations 0010, 0011)
//! and one sync pass over it ([`run_pass`]).
//!
//! Exactly once in effect. A dossier is sent create-then-update ("đã tồn tại" → update, as both
//! implementations do), so sending it again has the effect of sending it once; its row records
//! the hash of the payload the national portal accepted, and nothing is sent while that equals
//! the current payload. Steps are appended nationally, so each step has its own row, is sent in
//! id order in batches of [`STEP_BATCH`], and the whole batch is marked sent in one transaction
//! when the national portal accepts it. A portal killed after the national portal accepted a
//! batch but before that transaction resends that one batch with exactly the same entries (same
//! MaHoSo, ThoiDiemXuLy, TrangThai, NoiDungXuLy); nothing else is ever sent twice and nothing
//! queued is lost, because a row leaves the queue only in the transaction that marks it sent.
//!
//! Failures never block desk sync: the pass runs on its own task and only reads what push wrote.

use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

use super::client::{CallError, Client};
use super::load;
use crate::db::{Db, now};
use crate::error::Result;

/// Dossiers per DongBoHoSoMC call: Thanh Hóa sends one dossier per call (`reqHoSoBody` is a
/// list of one), and so does opencps's per-dossier sync.
pub const DOSSIER_BATCH: usize = 1;
/// Steps per CapNhatTienDoHoSoMC call: Thanh Hóa sends them in chunks of 10.
pub const STEP_BATCH: usize = 10;
/// After this many failed passes a row waits for `national retry`.
pub const MAX_ATTEMPTS: i64 = 8;
/// The first wait after a failed pass, in seconds; doubles each time (capped at a day).
pub const BACKOFF_SECS: i64 = 60;

pub const DOSSIER_SERVICE: &str = "DongBoHoSoMC";
pub const STEP_SERVICE: &str = "CapNhatTienDoHoSoMC";

fn hash(v: &Value) -> String {
    let mut h = Sha256::new();
    h.update(v.to_string().as_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

fn later(now: &str, attempts: i64) -> String {
    let t = DateTime::parse_from_rfc3339(now)
        .map(|t| t.with_timezone(&Utc))
        .unwrap_or_else(|_| Utc::now());
    let secs = (BACKOFF_SECS << attempts.clamp(0, 20)).min(86_400);
    motcua_protocol::instant::to_db(t + chrono::Duration::seconds(secs))
}

/// Puts new and changed dossiers and new steps into the queue. Returns how many dossiers were
/// (re)queued.
pub async fn refresh(db: &Db) -> Result<usize> {
    let t = now();
    // Dossiers never seen, or changed since they were last hashed. `seen_at` is the time of the
    // pass that hashed them; times have whole seconds, so a change in that same second is seen
    // by `>=` (and hashed once more, harmlessly, by the passes of that second).
    let stale: Vec<(String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT d.id, n.payload_hash, n.sent_hash FROM dossier d LEFT JOIN national_dossier n ON n.dossier_id = d.id
         WHERE n.dossier_id IS NULL OR d.updated_at >= n.seen_at",
    )
    .fetch_all(&db.pool)
    .await?;
    let mut queued = 0;
    let mut units = std::collections::HashMap::new();
    for (id, payload_hash, sent_hash) in stale {
        let Some(d) = load::dossier(db, &id).await? else {
            continue;
        };
        if !units.contains_key(&d.unit_code) {
            units.insert(d.unit_code.clone(), load::unit(db, &d.unit_code).await?);
        }
        let unit = &units[&d.unit_code];
        let h = hash(&load::dossier_payload(&d, unit));
        let mut w = db.begin_write().await?;
        if payload_hash.is_none() {
            sqlx::query(
                "INSERT INTO national_dossier (dossier_id, unit_code, code, seen_at, payload_hash, state, attempts, next_attempt_at, updated_at)
                 VALUES ($1, $2, $3, $4, $5, 'queued', 0, $4, $4)",
            )
            .bind(&id)
            .bind(&d.unit_code)
            .bind(&d.code)
            .bind(&t)
            .bind(&h)
            .execute(&mut *w.tx)
            .await?;
            queued += 1;
        } else if payload_hash.as_deref() == Some(h.as_str()) {
            // Unchanged since it was queued (or sent, or failed): keep its state and backoff.
            sqlx::query("UPDATE national_dossier SET seen_at = $1 WHERE dossier_id = $2")
                .bind(&t)
                .bind(&id)
                .execute(&mut *w.tx)
                .await?;
        } else {
            // Changed: the new payload is due now, unless it is what the national portal has.
            let state = if sent_hash.as_deref() == Some(h.as_str()) {
                "sent"
            } else {
                "queued"
            };
            sqlx::query(
                "UPDATE national_dossier SET seen_at = $1, payload_hash = $2, state = $3, attempts = 0, next_attempt_at = $1, updated_at = $1
                 WHERE dossier_id = $4",
            )
            .bind(&t)
            .bind(&h)
            .bind(state)
            .bind(&id)
            .execute(&mut *w.tx)
            .await?;
            queued += usize::from(state == "queued");
        }
        w.commit().await?;
    }
    let mut w = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO national_step (step_id, dossier_id, state, attempts, next_attempt_at)
         SELECT s.id, s.dossier_id, 'queued', 0, $1 FROM processing_step s
         WHERE NOT EXISTS (SELECT 1 FROM national_step n WHERE n.step_id = s.id)",
    )
    .bind(&t)
    .execute(&mut *w.tx)
    .await?;
    w.commit().await?;
    Ok(queued)
}

/// What one pass did.
#[derive(Debug, Default, Clone, Serialize, PartialEq, Eq)]
pub struct PassReport {
    pub dossiers_sent: usize,
    pub dossiers_failed: usize,
    pub steps_sent: usize,
    pub step_batches_failed: usize,
}

async fn fail_dossier(db: &Db, id: &str, e: &CallError) -> Result<()> {
    let t = now();
    let attempts: i64 =
        sqlx::query_scalar("SELECT attempts FROM national_dossier WHERE dossier_id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await?;
    let mut w = db.begin_write().await?;
    sqlx::query(
        "UPDATE national_dossier SET state = 'failed', attempts = attempts + 1, last_error = $1, next_attempt_at = $2, updated_at = $3 WHERE dossier_id = $4",
    )
    .bind(e.to_string())
    .bind(later(&t, attempts))
    .bind(&t)
    .bind(id)
    .execute(&mut *w.tx)
    .await?;
    w.commit().await
}

/// Sends one dossier: create, then update when the national portal says it exists.
async fn send_dossier(client: &Client, madonvi: &str, payload: &Value) -> Result<(), CallError> {
    let data = std::slice::from_ref(payload);
    let a = client
        .call(madonvi, DOSSIER_SERVICE, Some(false), data)
        .await?;
    let a = if a.already_exists() {
        client
            .call(madonvi, DOSSIER_SERVICE, Some(true), data)
            .await?
    } else {
        a
    };
    if a.ok() && !a.already_exists() {
        Ok(())
    } else {
        Err(CallError::Refused {
            code: a.error_code,
            message: a.message,
        })
    }
}

/// One pass: refresh the queue, send due dossiers, then due steps of dossiers the national
/// portal has. `limit` bounds the dossiers handled (0: all due).
pub async fn run_pass(db: &Db, client: &Client, limit: usize) -> Result<PassReport> {
    refresh(db).await?;
    let mut report = PassReport::default();
    let t = now();
    let due: Vec<(String, String)> = sqlx::query_as(
        "SELECT dossier_id, unit_code FROM national_dossier
         WHERE state <> 'sent' AND attempts < $1 AND next_attempt_at <= $2 ORDER BY next_attempt_at, code",
    )
    .bind(MAX_ATTEMPTS)
    .bind(&t)
    .fetch_all(&db.pool)
    .await?;
    let due = if limit > 0 {
        &due[..limit.min(due.len())]
    } else {
        &due[..]
    };
    let mut units = std::collections::HashMap::new();
    for chunk in due.chunks(DOSSIER_BATCH) {
        for (id, unit_code) in chunk {
            let Some(d) = load::dossier(db, id).await? else {
                continue;
            };
            if !units.contains_key(unit_code) {
                units.insert(unit_code.clone(), load::unit(db, unit_code).await?);
            }
            let payload = load::dossier_payload(&d, &units[unit_code]);
            let h = hash(&payload);
            match send_dossier(client, unit_code, &payload).await {
                Ok(()) => {
                    let t = now();
                    let mut w = db.begin_write().await?;
                    sqlx::query(
                        "UPDATE national_dossier SET sent_hash = $1, state = CASE WHEN payload_hash = $1 THEN 'sent' ELSE 'queued' END,
                         attempts = 0, last_error = NULL, sent_at = $2, updated_at = $2 WHERE dossier_id = $3",
                    )
                    .bind(&h)
                    .bind(&t)
                    .bind(id)
                    .execute(&mut *w.tx)
                    .await?;
                    w.commit().await?;
                    report.dossiers_sent += 1;
                }
                Err(e) => {
                    fail_dossier(db, id, &e).await?;
                    report.dossiers_failed += 1;
                }
            }
        }
    }
    // Steps: only of dossiers the national portal has (sent_hash set), in id order.
    let t = now();
    let rows: Vec<(i64, String, String, i64)> = sqlx::query_as(
        "SELECT s.step_id, s.dossier_id, n.unit_code, s.attempts FROM national_step s
         JOIN national_dossier n ON n.dossier_id = s.dossier_id
         WHERE s.state <> 'sent' AND n.sent_hash IS NOT NULL AND s.attempts < $1 AND s.next_attempt_at <= $2
         ORDER BY s.dossier_id, s.step_id",
    )
    .bind(MAX_ATTEMPTS)
    .bind(&t)
    .fetch_all(&db.pool)
    .await?;
    let mut i = 0;
    while i < rows.len() {
        let dossier_id = rows[i].1.clone();
        let unit_code = rows[i].2.clone();
        let mut ids = Vec::new();
        let mut attempts = std::collections::HashMap::new();
        while i < rows.len() && rows[i].1 == dossier_id {
            ids.push(rows[i].0);
            attempts.insert(rows[i].0, rows[i].3);
            i += 1;
        }
        let Some(d) = load::dossier(db, &dossier_id).await? else {
            continue;
        };
        let payloads: std::collections::HashMap<i64, Value> =
            load::step_payloads(&d).into_iter().collect();
        for batch in ids.chunks(STEP_BATCH) {
            let data: Vec<Value> = batch
                .iter()
                .filter_map(|id| payloads.get(id).cloned())
                .collect();
            let outcome = match client.call(&unit_code, STEP_SERVICE, None, &data).await {
                Ok(a) if a.ok() => Ok(()),
                Ok(a) => Err(CallError::Refused {
                    code: a.error_code,
                    message: a.message,
                }),
                Err(e) => Err(e),
            };
            let t = now();
            let mut w = db.begin_write().await?;
            for id in batch {
                match &outcome {
                    Ok(()) => {
                        sqlx::query(
                            "UPDATE national_step SET state = 'sent', last_error = NULL, sent_at = $1 WHERE step_id = $2",
                        )
                        .bind(&t)
                        .bind(id)
                        .execute(&mut *w.tx)
                        .await?;
                    }
                    Err(e) => {
                        sqlx::query(
                            "UPDATE national_step SET state = 'failed', attempts = attempts + 1, last_error = $1,
                             next_attempt_at = $2 WHERE step_id = $3",
                        )
                        .bind(e.to_string())
                        .bind(later(&t, attempts.get(id).copied().unwrap_or(0)))
                        .bind(id)
                        .execute(&mut *w.tx)
                        .await?;
                    }
                }
            }
            w.commit().await?;
            match outcome {
                Ok(()) => report.steps_sent += batch.len(),
                Err(_) => {
                    report.step_batches_failed += 1;
                    // Later steps wait: the national progress list is in order.
                    break;
                }
            }
        }
    }
    Ok(report)
}

/// `national retry CODE`: every unsent row of the dossier becomes due now, attempts reset.
/// Returns false when no dossier has that code.
pub async fn retry(db: &Db, code: &str) -> Result<bool> {
    refresh(db).await?;
    let t = now();
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT dossier_id FROM national_dossier WHERE code = $1")
            .bind(code.trim())
            .fetch_all(&db.pool)
            .await?;
    if ids.is_empty() {
        return Ok(false);
    }
    let mut w = db.begin_write().await?;
    for id in &ids {
        sqlx::query(
            "UPDATE national_dossier SET state = CASE WHEN state = 'sent' THEN 'sent' ELSE 'queued' END, attempts = 0, next_attempt_at = $1 WHERE dossier_id = $2",
        )
        .bind(&t)
        .bind(id)
        .execute(&mut *w.tx)
        .await?;
        sqlx::query(
            "UPDATE national_step SET state = 'queued', attempts = 0, next_attempt_at = $1 WHERE dossier_id = $2 AND state <> 'sent'",
        )
        .bind(&t)
        .bind(id)
        .execute(&mut *w.tx)
        .await?;
    }
    w.commit().await?;
    Ok(true)
}

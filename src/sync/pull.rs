//! Nhận thay đổi: pulls what the portal has for this desk after the stored cursor, page by page,
//! and applies it: unit settings, the catalogue, the holiday calendar, and back-office status
//! changes of this desk's dossiers.
//!
//! Each change is applied idempotently and the cursor moves past it afterwards (a dossier status
//! change and its cursor move commit in one transaction), so a crash re-applies at most the change
//! in flight, with no effect the second time. A change that cannot be applied (an invalid
//! catalogue, say) is recorded with its reason and skipped: it never stalls the feed.

use chrono::Utc;
use motcua_protocol as proto;
use rust_i18n::t;

use super::client::PortalClient;
use super::push::PushError;
use super::state;
use crate::calendar::YearSchedule;
use crate::dossier::Status;
use crate::error::sync::SyncError;
use crate::store::Db;
use crate::{
    Result, clock, dossier::lifecycle, reference::catalogue, reference::desk, reference::holidays,
};

pub const PAGE: u32 = 500;

/// Pulls and applies every page. Returns the number of changes applied or skipped.
pub async fn pull_all(db: &Db, client: &PortalClient) -> std::result::Result<i64, PushError> {
    let mut n = 0;
    loop {
        let cursor = state::enrollment(db)
            .await?
            .map(|e| e.pull_cursor)
            .ok_or_else(SyncError::not_enrolled)?;
        let answer = client.pull(cursor, PAGE).await?;
        if let Some(t) = answer.portal_time {
            state::clock_seen(db, t, Utc::now()).await?;
        }
        let page = answer.body;
        for change in page.changes {
            if change.cursor <= cursor {
                continue;
            }
            apply(db, &change).await?;
            n += 1;
        }
        // Nothing more on this page: remember the portal's cursor even if the page was empty.
        if page.next_cursor > cursor {
            sqlx::query("UPDATE sync_state SET pull_cursor = MAX(pull_cursor, ?) WHERE id = 1")
                .bind(page.next_cursor)
                .execute(db)
                .await
                .map_err(crate::Error::from)?;
        }
        if !page.has_more || page.next_cursor <= cursor {
            return Ok(n);
        }
    }
}

/// Applies one pulled change and moves the cursor past it.
pub async fn apply(db: &Db, change: &proto::PulledChange) -> Result<()> {
    let (kind, outcome) = match &change.body {
        proto::PullBody::Unit { unit } => ("unit", apply_unit(db, unit).await),
        proto::PullBody::Catalogue { document } => (
            "catalogue",
            catalogue::import_as(db, crate::accounts::audit::PORTAL, document, Utc::now())
                .await
                .map(|_| ()),
        ),
        proto::PullBody::Holidays { document, .. } => {
            ("holidays", apply_holidays(db, document).await)
        }
        proto::PullBody::DossierStatus(s) => {
            // Status and cursor in one transaction.
            return apply_status(db, change.cursor, s).await;
        }
    };
    let note = match outcome {
        Ok(()) => String::new(),
        // The desk's own database failing is not the change's fault: stop and retry later.
        Err(e @ (crate::Error::Database(_) | crate::Error::Io(_))) => return Err(e),
        Err(e) => t!(
            "sync.pull_skipped",
            detail = crate::mask::text(&e.to_string())
        )
        .to_string(),
    };
    let mut tx = crate::store::write_tx(db).await?;
    // The catalogue and holidays are audited by their import; the unit settings here.
    if note.is_empty() && kind == "unit" {
        crate::accounts::audit::append(
            &mut tx,
            crate::accounts::audit::PORTAL,
            &format!("portal.{kind}"),
            "",
            serde_json::json!({ "cursor": change.cursor }),
            Utc::now(),
        )
        .await?;
    }
    mark(&mut tx, change.cursor, kind, &note).await?;
    tx.commit().await?;
    Ok(())
}

async fn mark(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    cursor: i64,
    kind: &str,
    note: &str,
) -> Result<()> {
    sqlx::query(
        "INSERT OR IGNORE INTO pulled_change (cursor, kind, applied_at, note) VALUES (?, ?, ?, ?)",
    )
    .bind(cursor)
    .bind(kind)
    .bind(clock::to_db(Utc::now()))
    .bind(note)
    .execute(&mut **tx)
    .await?;
    sqlx::query("UPDATE sync_state SET pull_cursor = MAX(pull_cursor, ?) WHERE id = 1")
        .bind(cursor)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The unit's settings as the portal has them. The unit code itself never changes here.
async fn apply_unit(db: &Db, u: &proto::UnitInfo) -> Result<()> {
    let unit = desk::validate_unit(u)?;
    sqlx::query("UPDATE unit SET name = ?, parent_authority = ?, place = ?, lookup_url = ?, hotline = ? WHERE id = 1")
        .bind(&unit.name)
        .bind(&unit.parent_authority)
        .bind(&unit.place)
        .bind(&unit.lookup_url)
        .bind(&unit.hotline)
        .execute(db)
        .await?;
    Ok(())
}

async fn apply_holidays(db: &Db, document: &str) -> Result<()> {
    let schedule = YearSchedule::from_json(document)?;
    holidays::import_as(db, Some(crate::accounts::audit::PORTAL), &schedule).await
}

/// A back-office status change: applied when the local state machine allows it from where the
/// dossier is now (a result the desk already handed out is never moved back to "ready").
/// The history records who did it; no outbox row, since the portal already knows.
async fn apply_status(db: &Db, cursor: i64, s: &proto::DossierStatusChange) -> Result<()> {
    let mut tx = crate::store::write_tx(db).await?;
    let current: Option<(String, String)> =
        sqlx::query_as("SELECT id, status FROM dossier WHERE id = ? OR code = ? LIMIT 1")
            .bind(&s.dossier_id)
            .bind(&s.code)
            .fetch_optional(&mut *tx)
            .await?;
    let note = match (current, Status::parse(&s.status)) {
        // Another desk's dossier of the same unit: nothing to do here.
        (None, _) => t!("sync.pull_not_here").to_string(),
        (Some(_), None) => t!("sync.pull_unknown_status", status = s.status.clone()).to_string(),
        (Some((id, from)), Some(to)) => {
            let from_status = Status::parse(&from);
            if from_status == Some(to) {
                String::new()
            } else if from_status.is_some_and(|f| lifecycle::allowed(f, to)) {
                let at = clock::parse(&s.at).unwrap_or_else(Utc::now);
                sqlx::query(motcua_protocol::status::MOVE_SQL)
                    .bind(to.as_str())
                    .bind(i64::from(to.national()))
                    .bind(clock::to_db(Utc::now()))
                    .bind(&id)
                    .bind(&from)
                    .execute(&mut *tx)
                    .await?;
                let actor = if s.by.trim().is_empty() {
                    t!("sync.back_office").to_string()
                } else {
                    s.by.clone()
                };
                crate::dossier::history::write(
                    &mut tx,
                    crate::dossier::history::Entry {
                        dossier_id: &id,
                        kind: "portal_status",
                        from: Some(&from),
                        to: Some(to.as_str()),
                        note: &s.note,
                        at,
                        actor_name: &actor,
                        audit_actor: crate::accounts::audit::PORTAL,
                        audit_at: Utc::now(),
                        audit_detail: Some(serde_json::json!({
                            "from": from, "to": to.as_str(), "by": actor, "note": s.note
                        })),
                    },
                )
                .await?;
                String::new()
            } else {
                t!("sync.pull_not_allowed", from = from, to = s.status.clone()).to_string()
            }
        }
    };
    mark(&mut tx, cursor, "dossier_status", &note).await?;
    tx.commit().await?;
    Ok(())
}

//! Chờ bổ sung: the supplement pause. The clock stops while the dossier waits for the citizen's
//! papers; on resumption the due time moves by the pause (working days, holidays included). The old
//! and new due times are kept in `dossier_due_change` like every change of the appointment.

use chrono::{DateTime, Utc};
use motcua_protocol::change::{self as wire, DossierChange};
use motcua_protocol::instant::Instant;
use rust_i18n::t;

use super::due_change::{current, record, stored_instant};
use super::history::event;
use crate::accounts::{Permission, Session};
use crate::calendar::{Due, resume_after_pause};
use crate::dossier::{self, Status, StatusExt, outbox};
use crate::dto::DossierView;
use crate::reference::desk::{self};
use crate::search_text::nfc;
use crate::store::Db;
use crate::{Error, Result, clock, reference::holidays};

/// Stops the clock while the dossier waits for the citizen's supplement.
pub async fn pause(
    db: &Db,
    s: &Session,
    code: &str,
    at: DateTime<Utc>,
    reason: &str,
) -> Result<DossierView> {
    s.require(Permission::ChangeDossier)?;
    crate::limits::text("reason", reason, crate::limits::REASON)?;
    crate::printable::multi_line("reason", reason)?;
    let ctx = desk::context(db, s).await?;
    let cur = current(db, code).await?;
    if cur.paused_at.is_some() {
        return Err(Error::invalid(
            "already_paused",
            None,
            t!("due_change.already_paused"),
        ));
    }
    let status = Status::parse(&cur.status);
    if !matches!(status, Some(Status::Received | Status::InProcessing)) {
        return Err(Error::invalid(
            "cannot_pause",
            None,
            t!(
                "due_change.cannot_pause",
                status = status.map(Status::label).unwrap_or(cur.status.clone())
            ),
        ));
    }
    let at_s = clock::to_db(at);
    let note = t!(
        "due_change.pause_note",
        at = clock::display(at),
        reason = nfc(reason)
    )
    .to_string();
    let mut tx = crate::store::write_tx(db).await?;
    let done = sqlx::query(motcua_protocol::status::PAUSE_SQL)
        .bind(Status::SupplementRequested.as_str())
        .bind(i64::from(Status::SupplementRequested.national()))
        .bind(&at_s)
        .bind(&cur.id)
        .bind(&cur.status)
        .bind(&at_s)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() != 1 {
        return Err(Error::invalid(
            "status_changed",
            None,
            t!("lifecycle.changed_meanwhile"),
        ));
    }
    record(
        &mut tx,
        &ctx,
        &cur.id,
        "pause",
        cur.due_at.as_deref(),
        None,
        Some(&at_s),
        None,
        &nfc(reason),
        &note,
        at,
    )
    .await?;
    event(
        &mut tx,
        &ctx,
        &cur.id,
        "supplement-requested",
        Some(&cur.status),
        Some(Status::SupplementRequested.as_str()),
        &note,
        at,
    )
    .await?;
    let change = DossierChange::Pause(wire::Pause {
        id: cur.id.clone(),
        paused_at: Some(Instant::new(at)),
        reason: nfc(reason),
    });
    outbox::enqueue(&mut tx, &change, at).await?;
    tx.commit().await?;
    dossier::get(db, code).await
}

/// The supplement arrived: the time left at the pause is applied again from `at`.
pub async fn resume(db: &Db, s: &Session, code: &str, at: DateTime<Utc>) -> Result<DossierView> {
    s.require(Permission::ChangeDossier)?;
    let ctx = desk::context(db, s).await?;
    let cur = current(db, code).await?;
    let paused_at = cur
        .paused_at
        .as_deref()
        .and_then(clock::parse)
        .ok_or_else(|| Error::invalid("not_paused", None, t!("due_change.not_paused")))?;
    if at < paused_at {
        return Err(Error::invalid(
            "resume_before_pause",
            None,
            t!("due_change.resume_before_pause"),
        ));
    }
    let cal = holidays::load(db).await?;
    let old = Due {
        due_at: cur.due_at.as_deref().and_then(clock::parse),
        explanation_vi: String::new(),
        explanation_en: String::new(),
        rule: cur.due_rule.clone(),
        skipped: Vec::new(),
    };
    // A manual appointment has no rule to re-apply: keep the working time left by treating it as hours.
    let new_due = if cur.due_rule == "manual" {
        match old.due_at {
            Some(d) => Due {
                due_at: Some(d + (at - paused_at)),
                explanation_vi: t!("due_change.manual_shift").to_string(),
                ..old.clone()
            },
            None => old.clone(),
        }
    } else {
        resume_after_pause(&old, paused_at, at, &ctx.hours, &cal)?
    };
    let back = cur
        .status_before_pause
        .as_deref()
        .and_then(Status::parse)
        .unwrap_or(Status::Received);
    let new_s = new_due.due_at.map(clock::to_db);
    let at_s = clock::to_db(at);
    let mut tx = crate::store::write_tx(db).await?;
    sqlx::query(
        "UPDATE dossier SET due_at = ?, due_explanation = ?, paused_at = NULL, status_before_pause = NULL, status = ?, national_status = ?, updated_at = ? WHERE id = ?",
    )
    .bind(&new_s)
    .bind(&new_due.explanation_vi)
    .bind(back.as_str())
    .bind(i64::from(back.national()))
    .bind(&at_s)
    .bind(&cur.id)
    .execute(&mut *tx)
    .await?;
    let paused_s = clock::to_db(paused_at);
    record(
        &mut tx,
        &ctx,
        &cur.id,
        "resume",
        cur.due_at.as_deref(),
        new_s.as_deref(),
        Some(&paused_s),
        Some(&at_s),
        "",
        &new_due.explanation_vi,
        at,
    )
    .await?;
    event(
        &mut tx,
        &ctx,
        &cur.id,
        "supplement-received",
        Some(Status::SupplementRequested.as_str()),
        Some(back.as_str()),
        &new_due.explanation_vi,
        at,
    )
    .await?;
    let change = DossierChange::Resume(wire::Resume {
        id: cur.id.clone(),
        paused_at: Some(Instant::new(paused_at)),
        resumed_at: Some(Instant::new(at)),
        old_due_at: stored_instant(cur.due_at.as_deref()),
        new_due_at: new_due.due_at.map(Instant::new),
    });
    outbox::enqueue(&mut tx, &change, at).await?;
    tx.commit().await?;
    dossier::get(db, code).await
}

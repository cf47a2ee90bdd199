//! Changing a dossier's appointment after intake: a manual override (needs a reason, recorded in
//! the history) and the supplement pause (chờ bổ sung: the clock stops; on resumption the due time
//! moves by the pause), and an extension (gia hạn, Mẫu 04: a later appointment with an apology).
//! The old and new due times are both kept in `dossier_due_change`; extensions also in
//! `dossier_extension`.

use chrono::{DateTime, Utc};
use motcua_protocol::change::{self as wire, DossierChange};
use motcua_protocol::instant::Instant;
use rust_i18n::t;
use serde_json::json;
use sqlx::{Sqlite, Transaction};

use crate::accounts::{Permission, Session};
use crate::calendar::{Due, HolidayCalendar, resume_after_pause};
use crate::desk::{self, Context};
use crate::dossier::{self, Status, StatusExt};
use crate::dto::DossierView;
use crate::search_text::nfc;
use crate::store::Db;
use crate::{Error, Result, clock, holidays, outbox};

/// Checks a hand-set due time: a reason is required, the time must be after the received time
/// and on a working day. Returns the instant and the normalised reason.
pub fn check_override(
    cal: &HolidayCalendar,
    received: Option<DateTime<Utc>>,
    new_due: &str,
    reason: &str,
) -> Result<(DateTime<Utc>, String)> {
    crate::limits::text("reason", reason, crate::limits::REASON)?;
    crate::limits::text("due_at", new_due, crate::limits::SHORT)?;
    crate::printable::multi_line("reason", reason)?;
    let reason = nfc(reason);
    if reason.is_empty() {
        return Err(Error::invalid(
            "reason_required",
            Some("reason"),
            t!("due_change.reason_required"),
        ));
    }
    let new_due = clock::parse(new_due).ok_or_else(|| {
        Error::invalid(
            "invalid_due_at",
            Some("due_at"),
            t!("due_change.bad_time", value = new_due),
        )
    })?;
    if received.is_some_and(|r| new_due <= r) {
        return Err(Error::invalid(
            "due_before_received",
            Some("due_at"),
            t!("due_change.before_received"),
        ));
    }
    let local_day = clock::local(new_due).date();
    if cal.is_day_off(local_day) {
        let why = cal.reason(local_day).unwrap_or_default();
        return Err(Error::invalid(
            "due_on_day_off",
            Some("due_at"),
            t!(
                "due_change.day_off",
                day = local_day.format("%d/%m/%Y").to_string(),
                reason = why
            ),
        ));
    }
    Ok((new_due, reason))
}

/// The history note of an override.
pub fn override_note(old: Option<DateTime<Utc>>, new: DateTime<Utc>, reason: &str) -> String {
    let old_text = old
        .map(clock::display)
        .unwrap_or_else(|| t!("due.none").to_string());
    t!(
        "due_change.override_note",
        old = old_text,
        new = clock::display(new),
        reason = reason
    )
    .to_string()
}

/// A due time as stored (always an RFC 3339 instant) for a change sent to the portal.
fn stored_instant(s: Option<&str>) -> Option<Instant> {
    s.and_then(Instant::from_text)
}

struct Current {
    id: String,
    due_at: Option<String>,
    due_rule: String,
    status: String,
    paused_at: Option<String>,
    status_before_pause: Option<String>,
}

async fn current(db: &Db, code: &str) -> Result<Current> {
    let row: Option<(String, Option<String>, String, String, Option<String>, Option<String>)> =
        sqlx::query_as("SELECT id, due_at, due_rule, status, paused_at, status_before_pause FROM dossier WHERE code = ?")
            .bind(code.trim().to_uppercase())
            .fetch_optional(db)
            .await?;
    let (id, due_at, due_rule, status, paused_at, status_before_pause) = row.ok_or_else(|| {
        Error::not_found(
            "dossier_not_found",
            t!("dossier.not_found", code = code.trim()),
        )
    })?;
    Ok(Current {
        id,
        due_at,
        due_rule,
        status,
        paused_at,
        status_before_pause,
    })
}

/// Sets the due time by hand. The reason is required and goes into the history with the old and
/// new times; the computed rule is replaced by `manual`.
pub async fn override_due(
    db: &Db,
    s: &Session,
    code: &str,
    new_due: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<DossierView> {
    set_due(db, s, code, new_due, reason, now, false).await
}

/// Gia hạn thời gian giải quyết (Mẫu 04, Văn bản xin lỗi và đề nghị gia hạn thời gian giải
/// quyết): the dossier cannot be settled by its appointment, so the desk gives a later one, with
/// the reason, and apologises in writing. Like [`override_due`] (same checks, same history of the
/// due time), and also: only a dossier being processed (received or in processing: a dossier
/// waiting for a supplement has its clock stopped, a finished one needs no extension) with an
/// appointment, and only to a later time. Each extension is kept in `dossier_extension`; the
/// apology form prints the latest.
pub async fn extend(
    db: &Db,
    s: &Session,
    code: &str,
    new_due: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<DossierView> {
    set_due(db, s, code, new_due, reason, now, true).await
}

/// Checks that an extension applies: a dossier being processed, with an appointment, moved later.
fn check_extension(
    status: &str,
    old: Option<DateTime<Utc>>,
    new_due: DateTime<Utc>,
) -> Result<DateTime<Utc>> {
    let status = Status::parse(status);
    if !matches!(status, Some(Status::Received | Status::InProcessing)) {
        return Err(Error::invalid(
            "cannot_extend",
            None,
            t!(
                "due_change.cannot_extend",
                status = status.map(Status::label).unwrap_or_default()
            ),
        ));
    }
    let old = old.ok_or_else(|| {
        Error::invalid("no_due_to_extend", None, t!("due_change.no_due_to_extend"))
    })?;
    if new_due <= old {
        return Err(Error::invalid(
            "extension_not_later",
            Some("due_at"),
            t!("due_change.extension_not_later", old = clock::display(old)),
        ));
    }
    Ok(old)
}

async fn set_due(
    db: &Db,
    s: &Session,
    code: &str,
    new_due: &str,
    reason: &str,
    now: DateTime<Utc>,
    extension: bool,
) -> Result<DossierView> {
    s.require(Permission::ChangeDossier)?;
    let ctx = desk::context(db, s).await?;
    let cur = current(db, code).await?;
    let received: String = sqlx::query_scalar("SELECT received_at FROM dossier WHERE id = ?")
        .bind(&cur.id)
        .fetch_one(db)
        .await?;
    let cal = holidays::load(db).await?;
    let (new_due, reason) = check_override(&cal, clock::parse(&received), new_due, reason)?;
    let old_due = cur.due_at.as_deref().and_then(clock::parse);
    let extended_from = if extension {
        Some(check_extension(&cur.status, old_due, new_due)?)
    } else {
        None
    };
    let new_s = clock::to_db(new_due);
    let explanation = match extended_from {
        Some(old) => t!(
            "due_change.extend_note",
            old = clock::display(old),
            new = clock::display(new_due),
            reason = reason
        )
        .to_string(),
        None => override_note(old_due, new_due, &reason),
    };
    let mut tx = crate::store::write_tx(db).await?;
    sqlx::query("UPDATE dossier SET due_at = ?, due_rule = 'manual', due_explanation = ?, updated_at = ? WHERE id = ?")
        .bind(&new_s)
        .bind(&explanation)
        .bind(clock::to_db(now))
        .bind(&cur.id)
        .execute(&mut *tx)
        .await?;
    record(
        &mut tx,
        &ctx,
        &cur.id,
        "override",
        cur.due_at.as_deref(),
        Some(&new_s),
        None,
        None,
        &reason,
        &explanation,
        now,
    )
    .await?;
    if let Some(old) = extended_from {
        sqlx::query("INSERT INTO dossier_extension (dossier_id, old_due_at, new_due_at, reason, at, actor) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(&cur.id)
            .bind(clock::to_db(old))
            .bind(&new_s)
            .bind(&reason)
            .bind(clock::to_db(now))
            .bind(&ctx.clerk_name)
            .execute(&mut *tx)
            .await?;
    }
    let event_kind = if extension {
        "due-extended"
    } else {
        "due-override"
    };
    event(
        &mut tx,
        &ctx,
        &cur.id,
        event_kind,
        None,
        None,
        &explanation,
        now,
    )
    .await?;
    let change = DossierChange::DueOverride(wire::DueOverride {
        id: cur.id.clone(),
        old_due_at: stored_instant(cur.due_at.as_deref()),
        new_due_at: Some(Instant::new(new_due)),
        reason: reason.to_string(),
        extension,
    });
    outbox::enqueue(&mut tx, &change, now).await?;
    tx.commit().await?;
    dossier::get(db, code).await
}

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

#[allow(clippy::too_many_arguments)]
pub(crate) async fn record(
    tx: &mut Transaction<'_, Sqlite>,
    ctx: &Context,
    id: &str,
    kind: &str,
    old: Option<&str>,
    new: Option<&str>,
    paused: Option<&str>,
    resumed: Option<&str>,
    reason: &str,
    explanation: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    sqlx::query(
        "INSERT INTO dossier_due_change (dossier_id, kind, old_due_at, new_due_at, paused_at, resumed_at, reason, explanation, at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(kind)
    .bind(old)
    .bind(new)
    .bind(paused)
    .bind(resumed)
    .bind(reason)
    .bind(explanation)
    .bind(clock::to_db(at))
    .bind(&ctx.clerk_name)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub(crate) async fn event(
    tx: &mut Transaction<'_, Sqlite>,
    ctx: &Context,
    id: &str,
    kind: &str,
    from: Option<&str>,
    to: Option<&str>,
    note: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    sqlx::query("INSERT INTO dossier_event (dossier_id, at, actor, kind, from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(id)
        .bind(clock::to_db(at))
        .bind(&ctx.clerk_name)
        .bind(kind)
        .bind(from)
        .bind(to)
        .bind(note)
        .execute(&mut **tx)
        .await?;
    // Every history event of a dossier is also an audit entry, in the same transaction.
    let code: String = sqlx::query_scalar("SELECT code FROM dossier WHERE id = ?")
        .bind(id)
        .fetch_one(&mut **tx)
        .await?;
    let action = if from.is_none() && to.is_some() {
        "dossier.create".to_string()
    } else {
        format!("dossier.{kind}")
    };
    crate::audit::append(
        tx,
        ctx.actor(),
        &action,
        &code,
        json!({ "kind": kind, "from": from, "to": to, "note": note }),
        at,
    )
    .await?;
    Ok(())
}

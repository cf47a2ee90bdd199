//! Changing a dossier's appointment after intake: a manual override (needs a reason, recorded in
//! the history) and an extension (gia hạn, Mẫu 04: a later appointment with an apology). The
//! supplement pause is [`super::pause`].
//! The old and new due times are both kept in `dossier_due_change`; extensions also in
//! `dossier_extension`.

use chrono::{DateTime, Utc};
use motcua_protocol::change::{self as wire, DossierChange};
use motcua_protocol::instant::Instant;
use rust_i18n::t;
use sqlx::{Sqlite, Transaction};

use super::history::event;
use crate::accounts::{Permission, Session};
use crate::calendar::HolidayCalendar;
use crate::dossier::{self, Status, StatusExt};
use crate::dto::DossierView;
use crate::reference::desk::{self, Context};
use crate::search_text::nfc;
use crate::store::Db;
use crate::{Error, Result, clock, dossier::outbox, reference::holidays};

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
pub(super) fn stored_instant(s: Option<&str>) -> Option<Instant> {
    s.and_then(Instant::from_text)
}

/// The dossier's row as a change of its appointment needs it.
pub(super) struct Current {
    pub(super) id: String,
    pub(super) due_at: Option<String>,
    pub(super) due_rule: String,
    pub(super) status: String,
    pub(super) paused_at: Option<String>,
    pub(super) status_before_pause: Option<String>,
}

pub(super) async fn current(db: &Db, code: &str) -> Result<Current> {
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

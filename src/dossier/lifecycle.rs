//! Vòng đời hồ sơ: the dossier's local state machine. Only the transitions in [`allowed`] are
//! possible; every move writes the new status (and its national 1-10 code), a history event and an
//! outbox row (op `status`) in one transaction. The supplement clock is not handled here: moving
//! into "chờ bổ sung" goes through [`super::pause::pause`] and out of it through
//! [`super::pause::resume`], so the due-time arithmetic stays in one place.
//!
//! Handing the result to the citizen (national 9 → 10) is owned by the desk and needs the
//! recipient's name, ID number and, for a proxy, the authorisation: see [`hand_out`]. The moves
//! that end a dossier early, [`withdraw`] (7) and [`stop`] (8), keep their reason for the stop
//! notice (Mẫu 05).

use chrono::{DateTime, Utc};
use motcua_protocol::change::{self as wire, DossierChange, StatusMove};
use motcua_protocol::instant::Instant;
use rust_i18n::t;
use serde::{Deserialize, Serialize};

use crate::accounts::{Permission, Session};
use crate::dossier::{self, Status, StatusExt};
use crate::dto::DossierView;
use crate::reference::desk::{self, Context};
use crate::search_text::nfc;
use crate::store::Db;
use crate::{Error, Result, clock, dossier::outbox, identity};

/// The table of allowed moves and which need a reason: the contract's
/// (`motcua_protocol::status`), documented there.
pub use motcua_protocol::status::{allowed, needs_reason};

/// Who received the result at the desk (national 10): the owner or a proxy with an authorisation.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Recipient {
    pub full_name: String,
    pub id_number: String,
    pub is_proxy: bool,
    /// The authorisation document of a proxy (giấy ủy quyền); required when `is_proxy`.
    pub authorisation: Option<String>,
}

struct Current {
    id: String,
    status: Status,
    paused: bool,
    status_before_pause: Option<Status>,
}

async fn current(db: &Db, code: &str) -> Result<Current> {
    let row: Option<(String, String, Option<String>, Option<String>)> = sqlx::query_as(
        "SELECT id, status, paused_at, status_before_pause FROM dossier WHERE code = ?",
    )
    .bind(code.trim().to_uppercase())
    .fetch_optional(db)
    .await?;
    let (id, raw_status, paused_at, before) = row.ok_or_else(|| {
        Error::not_found(
            "dossier_not_found",
            t!("dossier.not_found", code = code.trim()),
        )
    })?;
    let status = Status::parse(&raw_status).ok_or_else(|| {
        Error::invalid(
            "unknown_status",
            None,
            t!("lifecycle.unknown_status", value = raw_status.clone()),
        )
    })?;
    Ok(Current {
        id,
        status,
        paused: paused_at.is_some(),
        status_before_pause: before.as_deref().and_then(Status::parse),
    })
}

fn not_allowed(from: Status, to: Status) -> Error {
    Error::invalid(
        "transition_not_allowed",
        Some("to"),
        t!(
            "lifecycle.not_allowed",
            from = from.label(),
            to = to.label()
        ),
    )
}

/// Moves a dossier to `to`, if [`allowed`]. Withdrawn and stopped need a reason, which is also
/// kept in `dossier_stop` for the stop notice (Mẫu 05). Into
/// supplement-requested this is [`super::pause::pause`]; out of it to received / in-processing it is
/// [`super::pause::resume`] (which returns to the status before the pause; when that was "received"
/// and the target is "in-processing", a second, ordinary move follows in its own transaction; a
/// dossier paused while in processing cannot go back to "received"). A supplement asked for at
/// intake (Mẫu 02, no clock running) cannot be resumed: the complete dossier is a new intake
/// (`supplement_at_intake`); it can still be withdrawn or stopped. Handed-out is refused here: use
/// [`hand_out`], which records the recipient.
pub async fn move_to(
    db: &Db,
    s: &Session,
    code: &str,
    to: Status,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<DossierView> {
    s.require(Permission::ChangeDossier)?;
    crate::limits::text("code", code, crate::limits::SHORT)?;
    crate::limits::text("reason", reason, crate::limits::REASON)?;
    crate::printable::multi_line("reason", reason)?;
    let cur = current(db, code).await?;
    if to == Status::HandedOut {
        return Err(Error::invalid(
            "use_hand_out",
            Some("to"),
            t!("lifecycle.use_hand_out"),
        ));
    }
    if !allowed(cur.status, to) {
        return Err(not_allowed(cur.status, to));
    }
    let reason = nfc(reason);
    if needs_reason(to) && reason.is_empty() {
        return Err(Error::invalid(
            "reason_required",
            Some("reason"),
            t!("lifecycle.reason_required", to = to.label()),
        ));
    }
    if to == Status::SupplementRequested {
        return super::pause::pause(db, s, code, now, &reason).await;
    }
    if cur.status == Status::SupplementRequested
        && matches!(to, Status::Received | Status::InProcessing)
    {
        // A supplement requested at intake (Mẫu 02) never started the clock: the dossier was not
        // received, so there is nothing to resume; the complete dossier is a new intake.
        if !cur.paused {
            return Err(Error::invalid(
                "supplement_at_intake",
                Some("to"),
                t!("lifecycle.supplement_at_intake"),
            ));
        }
        // A dossier already in processing before the pause does not go back to "received".
        if cur.paused
            && to == Status::Received
            && cur.status_before_pause == Some(Status::InProcessing)
        {
            return Err(not_allowed(Status::InProcessing, Status::Received));
        }
        let view = super::pause::resume(db, s, code, now).await?;
        let back = Status::parse(&view.summary.status);
        return match back {
            Some(b) if b != to && allowed(b, to) => {
                let ctx = desk::context(db, s).await?;
                write_move(db, &ctx, &cur.id, b, to, &reason, None, now).await?;
                dossier::get(db, code).await
            }
            _ => Ok(view),
        };
    }
    let ctx = desk::context(db, s).await?;
    write_move(db, &ctx, &cur.id, cur.status, to, &reason, None, now).await?;
    dossier::get(db, code).await
}

/// Công dân yêu cầu rút hồ sơ (national 7): the citizen withdraws the dossier; the reason is
/// required. The same as [`move_to`] with [`Status::Withdrawn`]; the stop notice (Mẫu 05) then
/// prints it.
pub async fn withdraw(
    db: &Db,
    s: &Session,
    code: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<DossierView> {
    move_to(db, s, code, Status::Withdrawn, reason, now).await
}

/// Dừng xử lý (national 8): processing stops, with a reason. The same as [`move_to`] with
/// [`Status::Stopped`]; the stop notice (Mẫu 05) then prints it.
pub async fn stop(
    db: &Db,
    s: &Session,
    code: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<DossierView> {
    move_to(db, s, code, Status::Stopped, reason, now).await
}

/// The `dossier_stop.cause` of a move that ends the dossier early, if it does.
fn stop_cause(to: Status) -> Option<&'static str> {
    match to {
        Status::Withdrawn => Some("withdrawn"),
        Status::Stopped => Some("stopped"),
        _ => None,
    }
}

/// The history note of an ordinary move.
fn move_note(from: Status, to: Status, reason: &str) -> String {
    let base = t!("lifecycle.move_note", from = from.label(), to = to.label()).to_string();
    if reason.is_empty() {
        base
    } else {
        format!("{base} {}", t!("lifecycle.reason", reason = reason))
    }
}

/// Writes one move: status + national code + updated_at, the event and the outbox row (and for a
/// stop or a hand-out its `dossier_stop` / `dossier_handover` row), in one transaction. The update is guarded by the old status, so a change made meanwhile elsewhere is
/// refused rather than overwritten.
#[allow(clippy::too_many_arguments)]
async fn write_move(
    db: &Db,
    ctx: &Context,
    id: &str,
    from: Status,
    to: Status,
    reason: &str,
    handed: Option<(
        &Recipient,
        &str,
        Option<&crate::dossier::handout_fee::HandoutFee>,
    )>,
    now: DateTime<Utc>,
) -> Result<()> {
    let at = clock::to_db(now);
    let (kind, note) = match handed {
        Some((_, note, _)) => ("handed-out", note.to_string()),
        None => ("status", move_note(from, to, reason)),
    };
    let mut change = StatusMove {
        id: id.to_string(),
        from,
        to,
        national_status: to.national(),
        reason: reason.to_string(),
        at: Instant::new(now),
        recipient: handed.map(|(r, _, _)| wire::Recipient {
            full_name: r.full_name.clone(),
            id_number: r.id_number.clone(),
            is_proxy: r.is_proxy,
            authorisation: r.authorisation.clone(),
        }),
        handed_out_at: handed.map(|_| Instant::new(now)),
        fee: None,
    };
    let mut tx = crate::store::write_tx(db).await?;
    let done = sqlx::query(motcua_protocol::status::MOVE_SQL)
        .bind(to.as_str())
        .bind(i64::from(to.national()))
        .bind(&at)
        .bind(id)
        .bind(from.as_str())
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() != 1 {
        return Err(Error::invalid(
            "status_changed",
            None,
            t!("lifecycle.changed_meanwhile"),
        ));
    }
    if let Some(cause) = stop_cause(to) {
        sqlx::query(
            "INSERT INTO dossier_stop (dossier_id, cause, reason, at, actor) VALUES (?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(cause)
        .bind(reason)
        .bind(&at)
        .bind(&ctx.clerk_name)
        .execute(&mut *tx)
        .await?;
    }
    if let Some((r, _, fee)) = handed {
        // A fee due at result is settled with the hand-out, or the hand-out does not happen.
        if let Some(settled) =
            crate::dossier::handout_fee::settle(&mut tx, ctx, id, fee, now).await?
        {
            change.fee = Some(settled);
        }
        sqlx::query(
            "INSERT INTO dossier_handover (dossier_id, recipient_name, recipient_id_number, is_proxy, authorisation, handed_out_at, clerk) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(&r.full_name)
        .bind(&r.id_number)
        .bind(r.is_proxy)
        .bind(r.authorisation.as_deref().unwrap_or_default())
        .bind(&at)
        .bind(&ctx.clerk_name)
        .execute(&mut *tx)
        .await?;
    }
    super::history::event(
        &mut tx,
        ctx,
        id,
        kind,
        Some(from.as_str()),
        Some(to.as_str()),
        &note,
        now,
    )
    .await?;
    outbox::enqueue(&mut tx, &DossierChange::Status(change), now).await?;
    tx.commit().await?;
    Ok(())
}

/// Checks a recipient and returns it normalised (NFC names, compact ID number, trimmed
/// authorisation; `None` for a non-proxy).
pub fn check_recipient(r: &Recipient) -> Result<Recipient> {
    use crate::limits::{NAME, SHORT, opt_text, text};
    text("full_name", &r.full_name, NAME)?;
    text("id_number", &r.id_number, SHORT)?;
    opt_text("authorisation", r.authorisation.as_deref(), NAME)?;
    printable_recipient(r)?;
    let full_name = nfc(&r.full_name);
    if full_name.is_empty() {
        return Err(Error::invalid(
            "name_required",
            Some("full_name"),
            t!("lifecycle.name_required"),
        ));
    }
    let id_number = identity::normalize_id_number(&r.id_number)?;
    let authorisation = if r.is_proxy {
        let a = nfc(r.authorisation.as_deref().unwrap_or_default());
        if a.is_empty() {
            return Err(Error::invalid(
                "authorisation_required",
                Some("authorisation"),
                t!("lifecycle.authorisation_required"),
            ));
        }
        Some(a)
    } else {
        None
    };
    Ok(Recipient {
        full_name,
        id_number,
        is_proxy: r.is_proxy,
        authorisation,
    })
}

/// Trả kết quả (national 9 → 10): only from result-ready. The recipient's name and ID number are
/// required (the ID is checked like at intake); a proxy needs the authorisation. They go into the
/// history note, the outbox payload and `dossier_handover` (with the time and the clerk), from
/// which the hand-over note (Biên nhận trả kết quả) is printed.
pub async fn hand_out(
    db: &Db,
    s: &Session,
    code: &str,
    recipient: Recipient,
    now: DateTime<Utc>,
) -> Result<DossierView> {
    hand_out_settling(db, s, code, recipient, None, now).await
}

/// [`hand_out`] settling a fee due at result ([`crate::dossier::handout_fee`]): required when the
/// dossier owes one.
pub async fn hand_out_settling(
    db: &Db,
    s: &Session,
    code: &str,
    recipient: Recipient,
    fee: Option<crate::dossier::handout_fee::HandoutFee>,
    now: DateTime<Utc>,
) -> Result<DossierView> {
    s.require(Permission::ChangeDossier)?;
    let cur = current(db, code).await?;
    if cur.status != Status::ResultReady {
        return Err(Error::invalid(
            "transition_not_allowed",
            None,
            t!(
                "lifecycle.not_allowed",
                from = cur.status.label(),
                to = Status::HandedOut.label()
            ),
        ));
    }
    let r = check_recipient(&recipient)?;
    let note = match &r.authorisation {
        Some(a) => t!(
            "lifecycle.hand_out_proxy_note",
            name = r.full_name,
            id_number = r.id_number,
            authorisation = a
        ),
        None => t!(
            "lifecycle.hand_out_note",
            name = r.full_name,
            id_number = r.id_number
        ),
    }
    .to_string();
    let ctx = desk::context(db, s).await?;
    write_move(
        db,
        &ctx,
        &cur.id,
        Status::ResultReady,
        Status::HandedOut,
        "",
        Some((&r, &note, fee.as_ref())),
        now,
    )
    .await?;
    dossier::get(db, code).await
}

/// The recipient of a result prints on the hand-over note: each field must be printable.
fn printable_recipient(r: &Recipient) -> Result<()> {
    use crate::printable::{one_line, opt_one_line};
    one_line("full_name", &r.full_name)?;
    one_line("id_number", &r.id_number)?;
    opt_one_line("authorisation", r.authorisation.as_deref())?;
    Ok(())
}

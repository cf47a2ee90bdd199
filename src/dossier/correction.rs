//! Đính chính hồ sơ: correcting a typo in a received dossier's submitter (người nộp) or owner
//! (chủ hồ sơ) details — full name, ID number, phone, email, address — with a reason.
//!
//! What the desk may correct is only what was copied wrongly from the applicant's papers; what
//! decides how the dossier is processed is fixed once it is received: the procedure (a dossier
//! filed under the wrong procedure is refused or withdrawn and received again), the code and the
//! received time (they are printed on the citizen's receipt and counted in the ledger and the
//! national statistics). An attempt to change them is refused with `field_not_correctable`.
//!
//! One transaction writes the corrected details (and the search index fed from them), the
//! correction with the value before and after (`dossier_correction`), a history event, an audit
//! entry (who, when, before, after, why; ID numbers and phones masked by the audit log) and the
//! `correction` change for the portal. A reprinted receipt (Mẫu 01) is marked "BẢN ĐÍNH CHÍNH"
//! with the date of the latest correction.

use chrono::{DateTime, Utc};
use motcua_protocol::change::{self as wire, CorrectedField, DossierChange, Party};
use motcua_protocol::instant::Instant;
use rust_i18n::t;
use serde_json::json;

use crate::accounts::{Permission, Session};
use crate::dto::{Applicant, DossierView};
use crate::search_text::{fold, nfc};
use crate::store::Db;
use crate::{Error, Result, clock, dossier, dossier::intake, dossier::outbox, reference::desk};

/// The fields of the dossier the desk never corrects, as a person may name them.
const FIXED: [&str; 8] = [
    "procedure",
    "procedure_code",
    "procedure_name",
    "code",
    "received",
    "received_at",
    "due_at",
    "status",
];

/// Reads `full_name`, `id_number`, `phone`, `email`, `address` (the submitter's) or the same
/// with `owner_` before them (the owner's).
pub fn parse_field(raw: &str) -> Result<(Party, CorrectedField)> {
    let name = raw.trim().to_lowercase().replace('-', "_");
    let (party, bare) = match name.strip_prefix("owner_") {
        Some(rest) => (Party::Owner, rest),
        None => (Party::Submitter, name.as_str()),
    };
    if let Some(f) = CorrectedField::ALL.into_iter().find(|f| f.as_str() == bare) {
        return Ok((party, f));
    }
    if FIXED.contains(&name.as_str()) {
        return Err(Error::invalid(
            "field_not_correctable",
            Some("field"),
            t!("correction.fixed", field = raw.trim()),
        ));
    }
    Err(Error::invalid(
        "unknown_field",
        Some("field"),
        t!("correction.unknown_field", field = raw.trim()),
    ))
}

/// The applicant with `field` set to `value`.
fn with_value(a: &Applicant, field: CorrectedField, value: &str) -> Applicant {
    let mut p = wire::Person {
        full_name: a.full_name.clone(),
        id_number: a.id_number.clone(),
        phone: a.phone.clone(),
        email: a.email.clone(),
        address: a.address.clone(),
    };
    field.set(&mut p, value);
    Applicant {
        full_name: p.full_name,
        id_number: p.id_number,
        phone: p.phone,
        email: p.email,
        address: p.address,
    }
}

fn value_of(a: &Applicant, field: CorrectedField) -> String {
    match field {
        CorrectedField::FullName => a.full_name.clone(),
        CorrectedField::IdNumber => a.id_number.clone(),
        CorrectedField::Phone => a.phone.clone(),
        CorrectedField::Email => a.email.clone(),
        CorrectedField::Address => a.address.clone(),
    }
}

/// The detail's name in the current language (for the history and the messages).
pub fn field_label(party: Party, field: CorrectedField) -> String {
    t!(
        "correction.field_label",
        party = t!(format!("correction.party_{}", party.as_str())),
        field = t!(format!("correction.field_{}", field.as_str()))
    )
    .to_string()
}

/// What was corrected, for the CLI and the UI.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Corrected {
    pub party: Party,
    pub field: CorrectedField,
    pub before: String,
    pub after: String,
    pub reason: String,
    pub at: String,
}

/// Corrects one detail of a received dossier (see the module's documentation). `field` is
/// `full_name`, `id_number`, `phone`, `email` or `address`, with `owner_` for the owner's.
pub async fn correct(
    db: &Db,
    s: &Session,
    code: &str,
    field: &str,
    value: &str,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<(DossierView, Corrected)> {
    s.require(Permission::ChangeDossier)?;
    crate::limits::text("field", field, crate::limits::SHORT)?;
    crate::limits::text("value", value, crate::limits::ADDRESS)?;
    crate::limits::text("reason", reason, crate::limits::REASON)?;
    crate::printable::one_line("value", value)?;
    crate::printable::multi_line("reason", reason)?;
    let (party, field) = parse_field(field)?;
    let reason = nfc(reason);
    if reason.is_empty() {
        return Err(Error::invalid(
            "reason_required",
            Some("reason"),
            t!("correction.reason_required"),
        ));
    }
    let ctx = desk::context(db, s).await?;
    let row: Option<(String, String, String, Option<String>, String)> = sqlx::query_as(
        "SELECT id, code, submitter_json, owner_json, owner_kind FROM dossier WHERE code = ?",
    )
    .bind(code.trim().to_uppercase())
    .fetch_optional(db)
    .await?;
    let (id, code, submitter_json, owner_json, owner_kind) = row.ok_or_else(|| {
        Error::not_found(
            "dossier_not_found",
            t!("dossier.not_found", code = code.trim()),
        )
    })?;
    let submitter: Applicant = serde_json::from_str(&submitter_json).unwrap_or_default();
    let owner: Option<Applicant> = owner_json
        .as_deref()
        .and_then(|j| serde_json::from_str(j).ok());
    let current = match party {
        Party::Submitter => submitter.clone(),
        Party::Owner => owner
            .clone()
            .ok_or_else(|| Error::invalid("no_owner", Some("field"), t!("correction.no_owner")))?,
    };
    let edited = with_value(&current, field, value);
    // The same checks as at intake, so a correction cannot store what intake would refuse.
    let checked = match party {
        Party::Submitter => intake::check_applicant(&edited, false)?,
        Party::Owner => intake::check_owner(&edited, &owner_kind)?,
    };
    let before = value_of(&current, field);
    let after = value_of(&checked, field);
    if before == after {
        return Err(Error::invalid(
            "no_change",
            Some("value"),
            t!("correction.no_change"),
        ));
    }
    let (submitter, owner) = match party {
        Party::Submitter => (checked, owner),
        Party::Owner => (submitter, Some(checked)),
    };
    let folded = fold(&format!(
        "{} {}",
        submitter.full_name,
        owner.as_ref().map(|o| o.full_name.as_str()).unwrap_or("")
    ));
    let json = |a: &Applicant| {
        serde_json::to_string(a).map_err(|e| Error::invalid("internal", None, e.to_string()))
    };
    let now_s = clock::to_db(now);
    let label = field_label(party, field);
    let note = t!(
        "correction.note",
        field = label,
        before = before,
        after = after,
        reason = reason
    )
    .to_string();

    let mut tx = crate::store::write_tx(db).await?;
    sqlx::query(
        "UPDATE dossier SET submitter_json = ?, owner_json = ?, submitter_name = ?, search_folded = ?, id_number = ?, phone = ?, owner_id_number = ?, updated_at = ? WHERE id = ?",
    )
    .bind(json(&submitter)?)
    .bind(owner.as_ref().map(json).transpose()?)
    .bind(&submitter.full_name)
    .bind(&folded)
    .bind(&submitter.id_number)
    .bind(&submitter.phone)
    .bind(owner.as_ref().map(|o| o.id_number.as_str()).unwrap_or(""))
    .bind(&now_s)
    .bind(&id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("INSERT INTO dossier_correction (dossier_id, party, field, old_value, new_value, reason, at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(&id)
        .bind(party.as_str())
        .bind(field.as_str())
        .bind(&before)
        .bind(&after)
        .bind(&reason)
        .bind(&now_s)
        .bind(&ctx.clerk_name)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO dossier_event (dossier_id, at, actor, kind, from_status, to_status, note) VALUES (?, ?, ?, 'corrected', NULL, NULL, ?)")
        .bind(&id)
        .bind(&now_s)
        .bind(&ctx.clerk_name)
        .bind(&note)
        .execute(&mut *tx)
        .await?;
    crate::accounts::audit::append(
        &mut tx,
        ctx.actor(),
        "dossier.correct",
        &code,
        json!({
            "party": party.as_str(),
            "field": field.as_str(),
            "before": before,
            "after": after,
            "reason": reason,
        }),
        now,
    )
    .await?;
    let change = DossierChange::Correction(wire::Correction {
        id: id.clone(),
        party,
        field,
        before: before.clone(),
        after: after.clone(),
        reason: reason.clone(),
        at: Instant::new(now),
    });
    outbox::enqueue(&mut tx, &change, now).await?;
    tx.commit().await?;
    let view = dossier::get(db, &code).await?;
    Ok((
        view,
        Corrected {
            party,
            field,
            before,
            after,
            reason,
            at: now_s,
        },
    ))
}

/// When the dossier was last corrected (the date a reprinted receipt is marked with), if ever.
pub async fn last_corrected(db: &Db, dossier_id: &str) -> Result<Option<DateTime<Utc>>> {
    let at: Option<String> =
        sqlx::query_scalar("SELECT MAX(at) FROM dossier_correction WHERE dossier_id = ?")
            .bind(dossier_id)
            .fetch_one(db)
            .await?;
    Ok(at.as_deref().and_then(clock::parse))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_read_for_the_submitter_or_the_owner_and_fixed_ones_refused() {
        assert_eq!(
            parse_field("full_name").unwrap(),
            (Party::Submitter, CorrectedField::FullName)
        );
        assert_eq!(
            parse_field("owner-id-number").unwrap(),
            (Party::Owner, CorrectedField::IdNumber)
        );
        for fixed in ["procedure", "received_at", "code"] {
            let e = parse_field(fixed).unwrap_err();
            assert_eq!(e.code(), "field_not_correctable", "{fixed}");
        }
        assert_eq!(parse_field("nickname").unwrap_err().code(), "unknown_field");
    }
}

//! Tiếp nhận hồ sơ: checking a walk-in dossier and saving it, with its documents, its first
//! history event and its outbox row, in ONE transaction.

use chrono::{DateTime, Utc};
use rust_i18n::t;
use serde_json::json;
use uuid::Uuid;

use crate::calendar::{Due, HolidayCalendar, WorkingHours, compute_due};
use crate::catalogue::{self, Delivery, Procedure};
use crate::desk::{self, Context};
use crate::dossier::{self, Status, format_code, next_in_share};
use crate::dto::{Applicant, DocumentReceived, DossierView, DuePreview, IntakeInput};
use crate::identity::{check_email, check_id_number, normalize_phone};
use crate::search_text::{fold, nfc};
use crate::store::Db;
use crate::{Error, Result, clock, due_change, holidays, outbox};

/// A received instant may be at most this far in the desk clock's future.
const MAX_FUTURE_SECONDS: i64 = 300;

/// Due time of a procedure for a dossier received at `received_at`.
pub fn due_for(
    procedure: &Procedure,
    received_at: DateTime<Utc>,
    hours: &WorkingHours,
    cal: &HolidayCalendar,
) -> Result<Due> {
    let spec = procedure.duration.to_spec()?;
    Ok(compute_due(received_at, &spec, hours, cal)?)
}

/// The explanation in the current language.
pub fn explanation(due: &Due) -> String {
    if crate::i18n::current() == "en" {
        due.explanation_en.clone()
    } else {
        due.explanation_vi.clone()
    }
}

/// What the intake screen shows while the clerk types: the due time and why.
pub async fn preview_due(
    db: &Db,
    procedure_code: &str,
    received_at: Option<&str>,
) -> Result<DuePreview> {
    let ctx = desk::context(db).await?;
    let (_, procedure) = catalogue::get(db, procedure_code).await?;
    let received = parse_received(received_at, Utc::now())?;
    let cal = holidays::load(db).await?;
    let due = due_for(&procedure, received, &ctx.hours, &cal)?;
    Ok(DuePreview {
        due_at: due.due_at.map(clock::to_db),
        due_local_text: due
            .due_at
            .map(clock::display)
            .unwrap_or_else(|| t!("due.none").to_string()),
        explanation: explanation(&due),
    })
}

fn parse_received(raw: Option<&str>, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(now),
        Some(s) => {
            let t = clock::parse(s).ok_or_else(|| {
                Error::invalid(
                    "invalid_received_at",
                    Some("received_at"),
                    t!("intake.received_at", value = s),
                )
            })?;
            if (t - now).num_seconds() > MAX_FUTURE_SECONDS {
                return Err(Error::invalid(
                    "received_in_future",
                    Some("received_at"),
                    t!("intake.received_future", value = s),
                ));
            }
            Ok(t)
        }
    }
}

/// Checks and normalises an applicant block. `prefix` tells which block a field error is in.
pub fn check_applicant(a: &Applicant, owner: bool) -> Result<Applicant> {
    let f = |plain: &'static str, own: &'static str| if owner { own } else { plain };
    let name = nfc(&a.full_name);
    if name.is_empty() {
        return Err(Error::invalid(
            "required",
            Some(f("full_name", "owner_full_name")),
            t!("intake.name_required"),
        ));
    }
    if name.chars().count() > 120 || name.chars().any(|c| c.is_control() || c.is_ascii_digit()) {
        return Err(Error::invalid(
            "invalid_name",
            Some(f("full_name", "owner_full_name")),
            t!("intake.name_invalid"),
        ));
    }
    let id_number: String = a
        .id_number
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    check_id_number(&id_number).map_err(|e| match e {
        Error::Invalid { code, message, .. } => Error::Invalid {
            code,
            field: Some(f("id_number", "owner_id_number")),
            message,
        },
        other => other,
    })?;
    let phone = if a.phone.trim().is_empty() {
        String::new()
    } else {
        normalize_phone(&a.phone).map_err(|e| match e {
            Error::Invalid { code, message, .. } => Error::Invalid {
                code,
                field: Some(f("phone", "owner_phone")),
                message,
            },
            other => other,
        })?
    };
    let email = if a.email.trim().is_empty() {
        String::new()
    } else {
        check_email(&a.email).map_err(|e| match e {
            Error::Invalid { code, message, .. } => Error::Invalid {
                code,
                field: Some(f("email", "owner_email")),
                message,
            },
            other => other,
        })?
    };
    Ok(Applicant {
        full_name: name,
        id_number,
        phone,
        email,
        address: nfc(&a.address),
    })
}

/// Keeps the documents actually received (a row with no copy was not received). A procedure whose
/// catalogue entry lists documents needs at least one of them ticked.
fn check_documents(
    docs: &[DocumentReceived],
    procedure_lists_documents: bool,
) -> Result<Vec<DocumentReceived>> {
    let mut out = Vec::new();
    for d in docs {
        let name = nfc(&d.name);
        let total = d.original + d.certified + d.photocopy;
        if total == 0 {
            continue; // not received
        }
        if name.is_empty() {
            return Err(Error::invalid(
                "invalid_document",
                Some("documents"),
                t!("intake.document_name"),
            ));
        }
        if d.original > 999 || d.certified > 999 || d.photocopy > 999 {
            return Err(Error::invalid(
                "invalid_document",
                Some("documents"),
                t!("intake.document_count", name = name),
            ));
        }
        out.push(DocumentReceived { name, ..d.clone() });
    }
    if out.is_empty() && procedure_lists_documents {
        return Err(Error::invalid(
            "no_documents",
            Some("documents"),
            t!("intake.no_documents"),
        ));
    }
    Ok(out)
}

/// Records a walk-in dossier. Everything is checked first; then one transaction writes the
/// dossier, its documents, the "received" event and the outbox row, so a crash leaves either all
/// of it or none of it.
pub async fn save(db: &Db, input: &IntakeInput, now: DateTime<Utc>) -> Result<DossierView> {
    let ctx = desk::context(db).await?;
    let (version, procedure) = catalogue::get(db, &input.procedure_code).await?;
    let submitter = check_applicant(&input.submitter, false)?;
    let owner = match &input.owner {
        Some(o) if !(o.full_name.trim().is_empty() && o.id_number.trim().is_empty()) => {
            Some(check_applicant(o, true)?)
        }
        _ => None,
    };
    let documents = check_documents(&input.documents, !procedure.documents.is_empty())?;
    if input.sets_count == 0 || input.sets_count > 99 {
        return Err(Error::invalid(
            "invalid_sets",
            Some("sets_count"),
            t!("intake.sets"),
        ));
    }
    let delivery = Delivery::parse(input.delivery.trim())
        .filter(|d| procedure.delivery.contains(d))
        .ok_or_else(|| {
            Error::invalid(
                "invalid_delivery",
                Some("delivery"),
                t!("intake.delivery", value = input.delivery.trim()),
            )
        })?;
    let received_at = parse_received(input.received_at.as_deref(), now)?;
    let cal = holidays::load(db).await?;
    let computed = due_for(&procedure, received_at, &ctx.hours, &cal)?;
    // A hand-set due time replaces the computed one; both are kept in the history.
    let manual = match &input.due_override {
        None => None,
        Some(o) => {
            let (at, reason) =
                due_change::check_override(&cal, Some(received_at), &o.due_at, &o.reason)?;
            let note = due_change::override_note(computed.due_at, at, &reason);
            Some(ManualDue { at, reason, note })
        }
    };
    let due = match &manual {
        None => computed.clone(),
        Some(m) => Due {
            due_at: Some(m.at),
            explanation_vi: m.note.clone(),
            explanation_en: m.note.clone(),
            rule: "manual".into(),
            skipped: Vec::new(),
        },
    };
    let code = insert(
        db,
        &ctx,
        version,
        &procedure,
        &submitter,
        owner.as_ref(),
        &documents,
        input.sets_count,
        delivery,
        received_at,
        &due,
        &computed,
        manual.as_ref(),
        now,
    )
    .await?;
    dossier::get(db, &code).await
}

/// A due time the clerk set by hand at intake.
struct ManualDue {
    at: DateTime<Utc>,
    reason: String,
    note: String,
}

#[allow(clippy::too_many_arguments)]
async fn insert(
    db: &Db,
    ctx: &Context,
    version: i64,
    procedure: &Procedure,
    submitter: &Applicant,
    owner: Option<&Applicant>,
    documents: &[DocumentReceived],
    sets_count: u32,
    delivery: Delivery,
    received_at: DateTime<Utc>,
    due: &Due,
    computed: &Due,
    manual: Option<&ManualDue>,
    now: DateTime<Utc>,
) -> Result<String> {
    let local = clock::local(received_at);
    let yymmdd = local.format("%y%m%d").to_string();
    let book = local.format("%Y").to_string();
    let id = Uuid::now_v7().to_string();
    let status = Status::Received;
    let now_s = clock::to_db(now);
    let received_s = clock::to_db(received_at);
    let due_s = due.due_at.map(clock::to_db);
    let explanation_vi = due.explanation_vi.clone();
    let fee_amount = catalogue::fixed_fee(procedure);
    let submitter_json = to_json(submitter)?;
    let owner_json = owner.map(to_json).transpose()?;
    let folded = fold(&format!(
        "{} {}",
        submitter.full_name,
        owner.map(|o| o.full_name.as_str()).unwrap_or("")
    ));

    let mut tx = db.begin().await?;
    let seq = next_in_share(
        &mut tx,
        "daily_sequence",
        &yymmdd,
        ctx.seq_offset,
        ctx.seq_stride,
    )
    .await?;
    let ledger_number = next_in_share(
        &mut tx,
        "ledger_sequence",
        &book,
        ctx.seq_offset,
        ctx.seq_stride,
    )
    .await?;
    let code = format_code(&ctx.unit.code, &yymmdd, seq);
    sqlx::query(
        "INSERT INTO dossier (id, code, procedure_code, catalogue_version_id, procedure_name, receiving_unit_code, competent_authority, channel,
            submitter_json, owner_json, submitter_name, search_folded, id_number, phone, sets_count, delivery, received_at, due_at, due_rule,
            due_explanation, status, national_status, fee_amount, fee_text, ledger_book, ledger_number, desk_id, created_by, created_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'direct', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(&code)
    .bind(&procedure.code)
    .bind(version)
    .bind(&procedure.name)
    .bind(&ctx.unit.code)
    .bind(&procedure.authority)
    .bind(&submitter_json)
    .bind(&owner_json)
    .bind(&submitter.full_name)
    .bind(&folded)
    .bind(&submitter.id_number)
    .bind(&submitter.phone)
    .bind(i64::from(sets_count))
    .bind(delivery.as_str())
    .bind(&received_s)
    .bind(&due_s)
    .bind(&due.rule)
    .bind(&explanation_vi)
    .bind(status.as_str())
    .bind(i64::from(status.national()))
    .bind(fee_amount)
    .bind(&procedure.fee_text)
    .bind(&book)
    .bind(ledger_number)
    .bind(&ctx.desk_id)
    .bind(&ctx.clerk_id)
    .bind(&now_s)
    .bind(&now_s)
    .execute(&mut *tx)
    .await?;
    for (i, d) in documents.iter().enumerate() {
        sqlx::query("INSERT INTO dossier_document (dossier_id, position, name, original, certified, photocopy) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(&id)
            .bind(i as i64)
            .bind(&d.name)
            .bind(i64::from(d.original))
            .bind(i64::from(d.certified))
            .bind(i64::from(d.photocopy))
            .execute(&mut *tx)
            .await?;
    }
    sqlx::query("INSERT INTO dossier_event (dossier_id, at, actor, kind, from_status, to_status, note) VALUES (?, ?, ?, 'received', NULL, ?, ?)")
        .bind(&id)
        .bind(&now_s)
        .bind(&ctx.clerk_name)
        .bind(status.as_str())
        .bind(&computed.explanation_vi)
        .execute(&mut *tx)
        .await?;
    if let Some(m) = manual {
        let old = computed.due_at.map(clock::to_db);
        let new = clock::to_db(m.at);
        due_change::record(
            &mut tx,
            ctx,
            &id,
            "override",
            old.as_deref(),
            Some(&new),
            None,
            None,
            &m.reason,
            &m.note,
            now,
        )
        .await?;
        due_change::event(&mut tx, ctx, &id, "due-override", None, None, &m.note, now).await?;
    }
    let payload = json!({
        "id": id, "code": code, "procedure_code": procedure.code, "catalogue_version": version,
        "procedure_name": procedure.name, "receiving_unit_code": ctx.unit.code, "competent_authority": procedure.authority,
        "channel": "direct", "submitter": submitter, "owner": owner, "documents": documents, "sets_count": sets_count,
        "delivery": delivery.as_str(), "received_at": received_s, "due_at": due_s, "due_rule": due.rule,
        "status": status.as_str(), "national_status": status.national(), "fee_amount": fee_amount,
        "desk_id": ctx.desk_id, "created_by": ctx.clerk_id, "desk_time": now_s,
    });
    outbox::enqueue(&mut tx, &id, "create", &payload, now).await?;
    tx.commit().await?;
    Ok(code)
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::invalid("internal", None, e.to_string()))
}

/// The documents a procedure asks for, with their default counts: what the CLI records when it
/// is not told otherwise, and what the intake screen pre-ticks.
pub fn default_documents(procedure: &Procedure) -> Vec<DocumentReceived> {
    procedure
        .documents
        .iter()
        .filter(|d| d.required)
        .map(|d| DocumentReceived {
            name: d.name.clone(),
            original: d.original,
            certified: d.certified,
            photocopy: d.photocopy,
        })
        .collect()
}

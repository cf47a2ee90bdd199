//! Biểu mẫu của quầy: the forms a dossier prints (Mẫu 01 receipt, Mẫu 02 supplement request,
//! Mẫu 03 refusal, Mẫu 04 apology and extension, Mẫu 05 stop notice, Mẫu 06 control sheet, the
//! hand-over note and the fee receipt), built from the saved dossier and its history, saved to a
//! file and printed through the OS, with every print, reprint and save logged.

pub mod print_os;
pub mod print_spool;

use std::path::{Path, PathBuf};

use chrono::Utc;
use rust_i18n::t;

use crate::accounts::{Permission, Session};
use crate::documents::{
    self as docs, ApologyData, ControlSheetData, ControlStep, DocumentLine, FeeReceiptData,
    HandoverData, Person, ReceiptData, RefusalData, StopCause, StopNoticeData,
    SupplementRequestData,
};
use crate::dossier;
use crate::dto::{DossierView, PrintOutcome};
use crate::reference::catalogue;
use crate::reference::desk::{self, Context};
use crate::reference::fees::FeeLine;
use crate::store::Db;
use crate::{Error, Result, clock};

pub use crate::dto::FormKind;

/// The citizen lookup URL for a dossier: the unit's lookup URL with the code as `ma`.
pub fn lookup_url(base: &str, code: &str) -> String {
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}ma={code}")
}

/// [`lookup_url`] with the dossier's lookup token as `t` when it has one (src/dossier/lookup_token.rs):
/// what the receipt's QR code and printed URL carry.
pub fn lookup_url_with_token(base: &str, code: &str, token: Option<&str>) -> String {
    match token {
        Some(t) if !t.is_empty() => format!("{}&t={t}", lookup_url(base, code)),
        _ => lookup_url(base, code),
    }
}

fn received_local(d: &DossierView) -> Result<chrono::NaiveDateTime> {
    clock::parse(&d.summary.received_at)
        .map(clock::local)
        .ok_or_else(|| {
            Error::invalid(
                "internal",
                None,
                format!("received_at {}", d.summary.received_at),
            )
        })
}

/// The receipt's fields for a saved dossier.
pub fn receipt_data(ctx: &Context, d: &DossierView, duration_text: &str) -> Result<ReceiptData> {
    let s = &d.summary;
    let received = clock::parse(&s.received_at).ok_or_else(|| {
        Error::invalid("internal", None, format!("received_at {}", s.received_at))
    })?;
    let due = s.due_at.as_deref().and_then(clock::parse);
    Ok(ReceiptData {
        parent_authority: ctx.unit.parent_authority.clone(),
        unit_name: ctx.unit.name.clone(),
        place: ctx.unit.place.clone(),
        code: s.code.clone(),
        issued_on: clock::local(received).date(),
        submitter: Person {
            honorific: "Ông/Bà".into(),
            full_name: d.submitter.full_name.clone(),
            address: d.submitter.address.clone(),
            phone: d.submitter.phone.clone(),
            email: d.submitter.email.clone(),
            id_number: d.submitter.id_number.clone(),
        },
        owner_name: d
            .owner
            .as_ref()
            .map(|o| o.full_name.clone())
            .filter(|n| *n != d.submitter.full_name),
        owner_identifier: owner_identifier(d),
        submitter_capacity: match d.submitter_role.as_str() {
            "proxy" => "Người được ủy quyền của chủ hồ sơ".into(),
            "relative" => "Người thân của chủ hồ sơ".into(),
            _ => String::new(),
        },
        authorisation: if d.submitter_role == "proxy" {
            d.authorisation.clone()
        } else {
            String::new()
        },
        procedure_name: s.procedure_name.clone(),
        documents: d
            .documents
            .iter()
            .map(|x| DocumentLine {
                name: x.name.clone(),
                original: x.original,
                certified: x.certified,
                photocopy: x.photocopy,
            })
            .collect(),
        sets_count: d.sets_count,
        duration_text: duration_text.to_string(),
        received_at: clock::local(received),
        due_at: due.map(clock::local),
        delivery_text: crate::reference::catalogue::receipt_text(d.delivery),
        fee_text: d.fee_text.clone(),
        ledger_book: d.ledger_book.clone(),
        ledger_number: u32::try_from(d.ledger_number).unwrap_or(u32::MAX),
        lookup_url: lookup_url(&ctx.unit.lookup_url, &s.code),
        hotline: ctx.unit.hotline.clone(),
        clerk_name: ctx.clerk_name.clone(),
        corrected_on: None,
    })
}

/// The reasons Mẫu 02 prints: each missing document with its own reason, and the reason that
/// holds for all of them once, on the "Lý do khác/Ghi chú" line. Items that all carry the same
/// reason (one reason typed for the whole request) print it once there instead of in every row.
pub fn supplement_reasons(missing: &[crate::dto::MissingItem]) -> (Vec<docs::MissingItem>, String) {
    let first = missing.first().map(|m| m.reason.trim()).unwrap_or("");
    let shared =
        missing.len() > 1 && !first.is_empty() && missing.iter().all(|m| m.reason.trim() == first);
    let items = missing
        .iter()
        .map(|m| docs::MissingItem {
            name: m.name.clone(),
            reason: if shared {
                String::new()
            } else {
                m.reason.clone()
            },
        })
        .collect();
    (
        items,
        if shared {
            first.to_string()
        } else {
            String::new()
        },
    )
}

/// The owner's identifier as Mẫu 01 prints it after the owner's name: the tax code of a
/// business, agency or organisation, the ID number of a citizen ('' = none known).
pub fn owner_identifier(d: &DossierView) -> String {
    match &d.owner {
        Some(o) if !o.id_number.trim().is_empty() => {
            if d.owner_kind == crate::dto::OwnerKind::Citizen {
                format!("Số căn cước/Hộ chiếu: {}", o.id_number.trim())
            } else {
                format!("Mã số thuế: {}", o.id_number.trim())
            }
        }
        _ => String::new(),
    }
}

/// The fee line of Mẫu 01 (after "Phí, lệ phí: "): what was computed and when it is collected;
/// an exemption with its reason; for a procedure whose fee the catalogue does not know, that it
/// is not collected at the desk (never "(chưa xác định)" on a citizen's receipt).
pub async fn receipt_fee_text(
    db: &Db,
    d: &DossierView,
    procedure: &catalogue::Procedure,
) -> Result<String> {
    Ok(match d.fee_state.as_str() {
        "exempt" => {
            let fee_json: Option<String> =
                sqlx::query_scalar("SELECT fee_json FROM dossier WHERE id = ?")
                    .bind(&d.summary.id)
                    .fetch_optional(db)
                    .await?
                    .flatten();
            let reason = fee_json
                .as_deref()
                .and_then(|j| serde_json::from_str::<serde_json::Value>(j).ok())
                .and_then(|v| v["input"]["exempt_reason"].as_str().map(str::to_string))
                .unwrap_or_default();
            if reason.trim().is_empty() {
                "Miễn thu".to_string()
            } else {
                format!("Miễn thu; đối tượng được miễn: {}", reason.trim())
            }
        }
        "collected" | "due-at-result" => d.fee_text.clone(),
        _ => match procedure.fee {
            catalogue::Fee::Unknown => "Không thu khi tiếp nhận hồ sơ".to_string(),
            _ if d.fee_amount == 0 => procedure.fee_text.clone(),
            _ => d.fee_text.clone(),
        },
    })
}

/// Mẫu 02 for an incomplete dossier: every missing document once, with the clerk's contact.
pub fn supplement_data(ctx: &Context, d: &DossierView) -> Result<SupplementRequestData> {
    let received = received_local(d)?;
    let (missing, note) = supplement_reasons(&d.missing);
    Ok(SupplementRequestData {
        header: docs::FormHeader {
            parent_authority: ctx.unit.parent_authority.clone(),
            unit_name: ctx.unit.name.clone(),
            place: ctx.unit.place.clone(),
            issued_on: received.date(),
        },
        code: d.summary.code.clone(),
        submitter_name: d.submitter.full_name.clone(),
        submitter_address: d.submitter.address.clone(),
        submitter_phone: d.submitter.phone.clone(),
        submitter_email: d.submitter.email.clone(),
        procedure_name: d.summary.procedure_name.clone(),
        received_at: received,
        missing,
        note,
        clerk_name: ctx.clerk_name.clone(),
        clerk_phone: ctx.unit.hotline.clone(),
        clerk_email: String::new(),
        hotline: ctx.unit.hotline.clone(),
    })
}

/// Mẫu 03 for a refused dossier.
pub fn refusal_data(ctx: &Context, d: &DossierView) -> Result<RefusalData> {
    let received = received_local(d)?;
    Ok(RefusalData {
        header: docs::FormHeader {
            parent_authority: ctx.unit.parent_authority.clone(),
            unit_name: ctx.unit.name.clone(),
            place: ctx.unit.place.clone(),
            issued_on: received.date(),
        },
        code: Some(d.summary.code.clone()),
        submitter_name: d.submitter.full_name.clone(),
        submitter_address: d.submitter.address.clone(),
        submitter_phone: d.submitter.phone.clone(),
        submitter_email: d.submitter.email.clone(),
        procedure_name: d.summary.procedure_name.clone(),
        received_at: received,
        reason: d.refusal_reason.clone().unwrap_or_default(),
        clerk_name: ctx.clerk_name.clone(),
        hotline: ctx.unit.hotline.clone(),
    })
}

/// The fee receipt (biên lai) of a dossier whose fee was collected at intake.
pub async fn fee_receipt_data(db: &Db, ctx: &Context, d: &DossierView) -> Result<FeeReceiptData> {
    let row: Option<(String, i64, i64, String, String, String, String, String)> = sqlx::query_as(
        "SELECT series, number, amount, lines_json, method, payer_name, collected_at, e_receipt_state FROM fee_receipt WHERE dossier_id = ?",
    )
    .bind(&d.summary.id)
    .fetch_optional(db)
    .await?;
    let (series, number, amount, lines_json, method, payer_name, collected_at, e_state) = row
        .ok_or_else(|| {
            Error::invalid(
                "form_not_available",
                Some("kind"),
                t!("forms.not_available", kind = "fee-receipt"),
            )
        })?;
    let lines: Vec<FeeLine> = serde_json::from_str(&lines_json).unwrap_or_default();
    let issued = clock::parse(&collected_at)
        .map(clock::local)
        .map(|t| t.date())
        .unwrap_or_else(|| Utc::now().date_naive());
    let payer_address = d
        .owner
        .as_ref()
        .filter(|o| o.full_name == payer_name)
        .map(|o| o.address.clone())
        .unwrap_or_else(|| d.submitter.address.clone());
    let payer_tax_code = match &d.owner {
        Some(o) if o.full_name == payer_name && d.owner_kind != "citizen" => o.id_number.clone(),
        _ => String::new(),
    };
    let unit_tax_code = crate::reference::signers::unit_tax_code(db).await?;
    Ok(FeeReceiptData {
        unit_name: ctx.unit.name.clone(),
        parent_authority: ctx.unit.parent_authority.clone(),
        place: ctx.unit.place.clone(),
        tax_code: (!unit_tax_code.is_empty()).then_some(unit_tax_code),
        payer_tax_code,
        series,
        number: u32::try_from(number).unwrap_or(0),
        issued_on: issued,
        payer_name,
        payer_address,
        code: d.summary.code.clone(),
        procedure_name: d.summary.procedure_name.clone(),
        lines: lines
            .into_iter()
            .map(|l| docs::FeeLine {
                name: l.name,
                quantity: l.quantity,
                unit_price: l.unit_price,
                amount: l.amount,
            })
            .collect(),
        total: amount,
        amount_in_words: None,
        method: t!(format!("forms.method_{method}")).to_string(),
        collector_name: ctx.clerk_name.clone(),
        e_receipt_note: (e_state == "pending").then(|| t!("forms.e_receipt_pending").to_string()),
    })
}

fn not_available(kind: FormKind) -> Error {
    Error::invalid(
        "form_not_available",
        Some("kind"),
        t!("forms.not_available", kind = kind.as_str()),
    )
}

fn local_time(raw: &str) -> Result<chrono::NaiveDateTime> {
    clock::parse(raw)
        .map(clock::local)
        .ok_or_else(|| Error::invalid("internal", None, format!("time {raw}")))
}

/// The competent authority that issues Mẫu 04 and Mẫu 05 of a dossier and its head who signs
/// (see [`crate::reference::signers`]).
async fn authority_of(db: &Db, ctx: &Context, d: &DossierView) -> Result<docs::AuthoritySigner> {
    let authority: Option<String> =
        sqlx::query_scalar("SELECT competent_authority FROM dossier WHERE id = ?")
            .bind(&d.summary.id)
            .fetch_optional(db)
            .await?;
    crate::reference::signers::for_authority(db, &ctx.unit, authority.as_deref().unwrap_or(""))
        .await
}

/// Mẫu 04 from the latest extension: the missed appointment, the new one and the reason.
pub async fn apology_data(db: &Db, ctx: &Context, d: &DossierView) -> Result<ApologyData> {
    let row: Option<(String, String, String, String)> = sqlx::query_as(
        "SELECT old_due_at, new_due_at, reason, at FROM dossier_extension WHERE dossier_id = ? ORDER BY id DESC LIMIT 1",
    )
    .bind(&d.summary.id)
    .fetch_optional(db)
    .await?;
    let (old, new, reason, at) = row.ok_or_else(|| not_available(FormKind::Apology))?;
    Ok(ApologyData {
        header: docs::FormHeader {
            parent_authority: ctx.unit.parent_authority.clone(),
            unit_name: ctx.unit.name.clone(),
            place: ctx.unit.place.clone(),
            issued_on: local_time(&at)?.date(),
        },
        code: d.summary.code.clone(),
        submitter_name: d.submitter.full_name.clone(),
        procedure_name: d.summary.procedure_name.clone(),
        received_at: received_local(d)?,
        old_due_at: local_time(&old)?,
        new_due_at: local_time(&new)?,
        reason,
        authority: authority_of(db, ctx, d).await?,
        clerk_name: ctx.clerk_name.clone(),
        hotline: ctx.unit.hotline.clone(),
    })
}

/// Mẫu 05 from the recorded stop: withdrawn at the citizen's request or stopped, why and when.
pub async fn stop_data(db: &Db, ctx: &Context, d: &DossierView) -> Result<StopNoticeData> {
    let row: Option<(String, String, String, String)> =
        sqlx::query_as("SELECT cause, reason, at, actor FROM dossier_stop WHERE dossier_id = ?")
            .bind(&d.summary.id)
            .fetch_optional(db)
            .await?;
    let (cause, reason, at, actor) = row.ok_or_else(|| not_available(FormKind::Stop))?;
    let stopped_at = local_time(&at)?;
    Ok(StopNoticeData {
        header: docs::FormHeader {
            parent_authority: ctx.unit.parent_authority.clone(),
            unit_name: ctx.unit.name.clone(),
            place: ctx.unit.place.clone(),
            issued_on: stopped_at.date(),
        },
        code: d.summary.code.clone(),
        submitter_name: d.submitter.full_name.clone(),
        procedure_name: d.summary.procedure_name.clone(),
        received_at: received_local(d)?,
        cause: if cause == "withdrawn" {
            StopCause::Withdrawn
        } else {
            StopCause::Stopped
        },
        stopped_at,
        reason,
        authority: authority_of(db, ctx, d).await?,
        clerk_name: actor,
        hotline: ctx.unit.hotline.clone(),
    })
}

/// Whether a step that ends processing at `at` was before, on or after the appointment
/// (domain.md: on time = end of processing ≤ appointment). On the appointment's day and not
/// after it is "Đúng hạn"; an earlier day "Trước hạn".
pub fn timeliness(at: chrono::DateTime<Utc>, due: chrono::DateTime<Utc>) -> &'static str {
    if at > due {
        "Quá hạn"
    } else if clock::local(at).date() == clock::local(due).date() {
        "Đúng hạn"
    } else {
        "Trước hạn"
    }
}

/// The appointment a result is judged against: the one before the first extension (an extended
/// dossier was late: the apology says so), else the current one.
pub async fn appointment_before_extensions(
    db: &Db,
    d: &DossierView,
) -> Result<Option<chrono::DateTime<Utc>>> {
    let first: Option<String> = sqlx::query_scalar(
        "SELECT old_due_at FROM dossier_extension WHERE dossier_id = ? ORDER BY id LIMIT 1",
    )
    .bind(&d.summary.id)
    .fetch_optional(db)
    .await?;
    Ok(first
        .as_deref()
        .or(d.summary.due_at.as_deref())
        .and_then(clock::parse))
}

/// What Mẫu 06 needs beyond the dossier view: the deciding body and who received the result.
#[derive(Debug, Clone, Default)]
pub struct SheetParties {
    /// Cơ quan chủ trì giải quyết (the dossier's competent authority).
    pub deciding_body: String,
    /// Người nhận kết quả (from the hand-out), if handed out.
    pub recipient: Option<String>,
}

/// Reads [`SheetParties`] for a dossier.
pub async fn sheet_parties(db: &Db, d: &DossierView) -> Result<SheetParties> {
    let deciding_body: Option<String> =
        sqlx::query_scalar("SELECT competent_authority FROM dossier WHERE id = ?")
            .bind(&d.summary.id)
            .fetch_optional(db)
            .await?;
    let recipient: Option<String> =
        sqlx::query_scalar("SELECT recipient_name FROM dossier_handover WHERE dossier_id = ?")
            .bind(&d.summary.id)
            .fetch_optional(db)
            .await?;
    Ok(SheetParties {
        deciding_body: deciding_body.unwrap_or_default(),
        recipient,
    })
}

/// The Bộ phận Một cửa as Mẫu 06 names it in a hand-off.
const DESK_BODY: &str = "Bộ phận Một cửa";

/// Mẫu 06 as the template has it (TT 03/2025/TT-VPCP Phụ lục I Mẫu 06; TT 01/2018 Mẫu 05): one
/// row per hand-off of the dossier, at the time it happened, with who gave and who received it:
/// the applicant to the desk at intake, the desk to the deciding body (in processing), the
/// deciding body back to the desk (result ready: before, on or after `judged_against`, see
/// [`appointment_before_extensions`]), the desk to the recipient (handed out). Other steps
/// (supplement, extension, stop) are rows with their note only. Printed from intake on; an open
/// dossier's sheet keeps rows for the next hand-offs to be written by hand.
pub fn control_sheet_data(
    ctx: &Context,
    d: &DossierView,
    parties: &SheetParties,
    judged_against: Option<chrono::DateTime<Utc>>,
    now: chrono::DateTime<Utc>,
) -> Result<ControlSheetData> {
    let due = d.summary.due_at.as_deref().and_then(clock::parse);
    let deciding = if parties.deciding_body.trim().is_empty() {
        "Cơ quan giải quyết".to_string()
    } else {
        parties.deciding_body.clone()
    };
    let owner = d
        .owner
        .as_ref()
        .map(|o| o.full_name.clone())
        .unwrap_or_else(|| d.submitter.full_name.clone());
    let steps = d
        .events
        .iter()
        .map(|e| {
            let at = clock::parse(&e.at)
                .ok_or_else(|| Error::invalid("internal", None, format!("event at {}", e.at)))?;
            let note = if e.note.trim().is_empty() {
                e.kind.clone()
            } else {
                e.note.trim().to_string()
            };
            let step =
                |from: &str, to: &str, giver: &str, receiver: &str, action: String| ControlStep {
                    at: clock::local(at),
                    from_body: from.to_string(),
                    to_body: to.to_string(),
                    giver: giver.to_string(),
                    receiver: receiver.to_string(),
                    actor: e.actor.clone(),
                    action,
                    result: String::new(),
                };
            let mut row = match (e.kind.as_str(), e.to_status.as_deref()) {
                ("received", _) => step(
                    "Người nộp hồ sơ",
                    DESK_BODY,
                    &d.submitter.full_name,
                    &e.actor,
                    "Tiếp nhận hồ sơ".to_string(),
                ),
                (_, Some("in-processing")) => step(
                    DESK_BODY,
                    &deciding,
                    &e.actor,
                    "",
                    "Chuyển xử lý".to_string(),
                ),
                (_, Some("result-ready")) => {
                    step(&deciding, DESK_BODY, "", &e.actor, "Có kết quả".to_string())
                }
                (_, Some("handed-out")) => step(
                    DESK_BODY,
                    &format!("{owner} (chủ hồ sơ)"),
                    &e.actor,
                    parties.recipient.as_deref().unwrap_or(""),
                    note,
                ),
                _ => step("", "", "", "", note),
            };
            if let (Some("result-ready"), Some(due)) = (e.to_status.as_deref(), judged_against) {
                row.result = timeliness(at, due).to_string();
            }
            Ok(row)
        })
        .collect::<Result<Vec<_>>>()?;
    let closed = matches!(
        d.summary.status.as_str(),
        "handed-out" | "withdrawn" | "stopped" | "refused"
    );
    Ok(ControlSheetData {
        header: docs::FormHeader {
            parent_authority: ctx.unit.parent_authority.clone(),
            unit_name: ctx.unit.name.clone(),
            place: ctx.unit.place.clone(),
            issued_on: clock::local(now).date(),
        },
        code: d.summary.code.clone(),
        submitter_name: d.submitter.full_name.clone(),
        procedure_name: d.summary.procedure_name.clone(),
        received_at: received_local(d)?,
        due_at: due.map(clock::local),
        deciding_body: parties.deciding_body.clone(),
        cooperating_bodies: String::new(),
        steps,
        closed,
        clerk_name: ctx.clerk_name.clone(),
    })
}

/// The hand-over note from the recorded hand-out: recipient, ID, owner or proxy, when, who.
pub async fn handover_data(db: &Db, ctx: &Context, d: &DossierView) -> Result<HandoverData> {
    let row: Option<(String, String, bool, String, String, String)> = sqlx::query_as(
        "SELECT recipient_name, recipient_id_number, is_proxy, authorisation, handed_out_at, clerk FROM dossier_handover WHERE dossier_id = ?",
    )
    .bind(&d.summary.id)
    .fetch_optional(db)
    .await?;
    let (name, id_number, is_proxy, authorisation, at, clerk) =
        row.ok_or_else(|| not_available(FormKind::Handover))?;
    let handed_at = local_time(&at)?;
    Ok(HandoverData {
        header: docs::FormHeader {
            parent_authority: ctx.unit.parent_authority.clone(),
            unit_name: ctx.unit.name.clone(),
            place: ctx.unit.place.clone(),
            issued_on: handed_at.date(),
        },
        code: d.summary.code.clone(),
        procedure_name: d.summary.procedure_name.clone(),
        owner_name: d
            .owner
            .as_ref()
            .map(|o| o.full_name.clone())
            .unwrap_or_else(|| d.submitter.full_name.clone()),
        received_at: received_local(d)?,
        due_at: d
            .summary
            .due_at
            .as_deref()
            .and_then(clock::parse)
            .map(clock::local),
        recipient_name: name,
        recipient_id_number: id_number,
        is_proxy,
        authorisation: is_proxy.then_some(authorisation),
        handed_at,
        clerk_name: clerk,
        hotline: ctx.unit.hotline.clone(),
    })
}

/// A form of a dossier as PDF bytes. Refuses a form the dossier does not print (e.g. a receipt
/// for a refused dossier).
/// Needs [`Permission::PrintForms`]; not audited by itself ([`save_to`] and [`print`] are).
pub async fn pdf(
    db: &Db,
    s: &Session,
    kind: FormKind,
    code: &str,
) -> Result<(DossierView, Vec<u8>)> {
    s.require(Permission::PrintForms)?;
    let ctx = desk::context(db, s).await?;
    let d = dossier::get(db, code).await?;
    if !d.forms.contains(&kind) {
        return Err(Error::invalid(
            "form_not_available",
            Some("kind"),
            t!("forms.not_available", kind = kind.as_str()),
        ));
    }
    let bytes = match kind {
        FormKind::Receipt => {
            // Item 3 quotes the statutory duration of the catalogue version the dossier was received under.
            let procedure = catalogue::get_for_dossier(db, &d.summary.id).await?;
            let mut data = receipt_data(&ctx, &d, &procedure.duration_text)?;
            let token = crate::dossier::lookup_token::of(db, &d.summary.id).await?;
            data.lookup_url =
                lookup_url_with_token(&ctx.unit.lookup_url, &d.summary.code, token.as_deref());
            data.fee_text = receipt_fee_text(db, &d, &procedure).await?;
            // A reprint shows the appointment the citizen's copy shows: an extension gives a
            // new date by Mẫu 04, it never rewrites the receipt (TT 01/2018/TT-VPCP Art. 8).
            if let Some(first) = appointment_before_extensions(db, &d).await? {
                data.due_at = Some(clock::local(first));
            }
            // A receipt reprinted after a correction says so, with the correction's date.
            data.corrected_on = crate::dossier::correction::last_corrected(db, &d.summary.id)
                .await?
                .map(|at| clock::local(at).date());
            docs::render_receipt(&data)?
        }
        FormKind::SupplementRequest => {
            docs::render_supplement_request(&supplement_data(&ctx, &d)?)?
        }
        FormKind::Refusal => docs::render_refusal(&refusal_data(&ctx, &d)?)?,
        FormKind::FeeReceipt => docs::render_fee_receipt(&fee_receipt_data(db, &ctx, &d).await?)?,
        FormKind::Apology => docs::render_apology(&apology_data(db, &ctx, &d).await?)?,
        FormKind::Stop => docs::render_stop_notice(&stop_data(db, &ctx, &d).await?)?,
        FormKind::ControlSheet => {
            let judged_against = appointment_before_extensions(db, &d).await?;
            let parties = sheet_parties(db, &d).await?;
            docs::render_control_sheet(&control_sheet_data(
                &ctx,
                &d,
                &parties,
                judged_against,
                Utc::now(),
            )?)?
        }
        FormKind::Handover => docs::render_handover(&handover_data(db, &ctx, &d).await?)?,
    };
    Ok((d, bytes))
}

/// Where the app saves forms: `MOTCUA_RECEIPTS_DIR`, else `<Documents>/motcua-desk/receipts/`
/// (or the data directory when the system has no Documents folder).
pub fn default_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("MOTCUA_RECEIPTS_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    dirs::document_dir()
        .or_else(dirs::data_dir)
        .unwrap_or_else(|| PathBuf::from("."))
        .join("motcua-desk")
        .join("receipts")
}

/// The file name the app saves a form under: the receipt is `<code>.pdf`, others `<code>-<kind>.pdf`.
pub fn file_name(kind: FormKind, code: &str) -> String {
    match kind {
        FormKind::Receipt => format!("{}.pdf", code.trim()),
        k => format!("{}-{}.pdf", code.trim(), k.as_str()),
    }
}

/// Writes a form to `path` (atomically), replacing a form saved there before, and logs it (print
/// log and audit log). The app's save button: its folder is its own ([`default_dir`]). The desk's
/// own files are never replaced and the folder must exist ([`crate::store::output_path`]).
pub async fn save_to(
    db: &Db,
    s: &Session,
    kind: FormKind,
    code: &str,
    path: &Path,
) -> Result<PathBuf> {
    save_as(db, s, kind, code, path, true).await
}

/// [`save_to`] for a path a person typed (the CLI's `-o`): an existing file is replaced only with
/// `force`.
pub async fn save_as(
    db: &Db,
    s: &Session,
    kind: FormKind,
    code: &str,
    path: &Path,
    force: bool,
) -> Result<PathBuf> {
    let db_path = crate::store::backup::db_path(db);
    let (d, bytes) = pdf(db, s, kind, code).await?;
    crate::store::output_path::write(&db_path, path, &bytes, force)?;
    log(db, s, &d, kind, "save", &path.display().to_string()).await?;
    Ok(path.to_path_buf())
}

/// Sends a form to the OS printer chosen by `MOTCUA_PRINTER`, else the default one (see
/// [`print_to`]).
pub async fn print(db: &Db, s: &Session, kind: FormKind, code: &str) -> Result<PrintOutcome> {
    print_to(
        db,
        s,
        kind,
        code,
        crate::forms::print_os::chosen_printer().as_deref(),
    )
    .await
}

/// Sends a form to `printer` (its OS name), else the default printer, through the OS
/// ([`crate::forms::print_os`]: CUPS `lp` on Linux/macOS, Windows' own PDF renderer on Windows). The
/// first print is `print`, later ones `reprint`.
pub async fn print_to(
    db: &Db,
    s: &Session,
    kind: FormKind,
    code: &str,
    printer: Option<&str>,
) -> Result<PrintOutcome> {
    let (d, bytes) = pdf(db, s, kind, code).await?;
    // A private, owner-only file, deleted once the OS has taken the job (src/forms/print_spool.rs).
    let spool = crate::forms::print_spool::SpoolFile::write(
        &format!("{}-{}", d.summary.code, kind.as_str()),
        &bytes,
    )?;
    let printer = printer.map(str::to_string);
    let job =
        crate::forms::print_os::send(spool.path(), &d.summary.code, printer.as_deref()).await?;
    drop(spool);
    let printed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM print_log WHERE dossier_id = ? AND form = ? AND kind IN ('print', 'reprint')")
        .bind(&d.summary.id)
        .bind(kind.as_str())
        .fetch_one(db)
        .await?;
    let log_kind = if printed > 0 { "reprint" } else { "print" };
    log(
        db,
        s,
        &d,
        kind,
        log_kind,
        printer.as_deref().unwrap_or("default"),
    )
    .await?;
    Ok(PrintOutcome {
        printer,
        job: job.clone(),
        message: t!("print.sent", job = job).to_string(),
    })
}

async fn log(
    db: &Db,
    s: &Session,
    d: &DossierView,
    kind: FormKind,
    what: &str,
    target: &str,
) -> Result<()> {
    let now = Utc::now();
    let mut tx = crate::store::write_tx(db).await?;
    sqlx::query("INSERT INTO print_log (dossier_id, form, kind, target, at, actor) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(&d.summary.id)
        .bind(kind.as_str())
        .bind(what)
        .bind(target)
        .bind(clock::to_db(now))
        .bind(s.full_name())
        .execute(&mut *tx)
        .await?;
    let action = if what == "save" {
        "form.save"
    } else {
        "form.print"
    };
    crate::accounts::audit::append(
        &mut tx,
        s.actor(),
        action,
        &d.summary.code,
        serde_json::json!({ "form": kind.as_str(), "kind": what, "target": target }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

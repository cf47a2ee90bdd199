//! Biểu mẫu của quầy: the forms a dossier prints (Mẫu 01 receipt, Mẫu 02 supplement request,
//! Mẫu 03 refusal, Mẫu 04 apology and extension, Mẫu 05 stop notice, Mẫu 06 control sheet, the
//! hand-over note and the fee receipt), built from the saved dossier and its history, saved to a
//! file and printed through the OS, with every print, reprint and save logged.

use std::path::{Path, PathBuf};

use chrono::Utc;
use rust_i18n::t;

use crate::accounts::{Permission, Session};
use crate::catalogue::{self, Delivery};
use crate::desk::{self, Context};
use crate::documents::{
    self as docs, ApologyData, ControlSheetData, ControlStep, DocumentLine, FeeReceiptData,
    HandoverData, Person, ReceiptData, RefusalData, StopCause, StopNoticeData,
    SupplementRequestData,
};
use crate::dossier::{self, Status};
use crate::dto::{DossierView, PrintOutcome};
use crate::fees::FeeLine;
use crate::store::Db;
use crate::{Error, Result, clock};

/// The kinds of form the desk prints.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    /// Mẫu 01 Giấy tiếp nhận hồ sơ và hẹn trả kết quả.
    Receipt,
    /// Mẫu 02 Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.
    SupplementRequest,
    /// Mẫu 03 Phiếu từ chối tiếp nhận giải quyết hồ sơ.
    Refusal,
    /// Biên lai thu phí, lệ phí.
    FeeReceipt,
    /// Mẫu 04 Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (after an extension).
    Apology,
    /// Mẫu 05 Thông báo dừng giải quyết hồ sơ (withdrawn or stopped).
    Stop,
    /// Mẫu 06 Phiếu kiểm soát quá trình giải quyết hồ sơ (from the history).
    ControlSheet,
    /// Biên nhận trả kết quả giải quyết hồ sơ (after the hand-out).
    Handover,
}

impl FormKind {
    pub const ALL: [FormKind; 8] = [
        FormKind::Receipt,
        FormKind::SupplementRequest,
        FormKind::Refusal,
        FormKind::FeeReceipt,
        FormKind::Apology,
        FormKind::Stop,
        FormKind::ControlSheet,
        FormKind::Handover,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FormKind::Receipt => "receipt",
            FormKind::SupplementRequest => "supplement-request",
            FormKind::Refusal => "refusal",
            FormKind::FeeReceipt => "fee-receipt",
            FormKind::Apology => "apology",
            FormKind::Stop => "stop",
            FormKind::ControlSheet => "control-sheet",
            FormKind::Handover => "handover",
        }
    }

    pub fn parse(s: &str) -> Result<FormKind> {
        FormKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s.trim())
            .ok_or_else(|| {
                Error::invalid(
                    "unknown_form",
                    Some("kind"),
                    t!("forms.unknown", kind = s.trim()),
                )
            })
    }
}

/// The citizen lookup URL for a dossier: the unit's lookup URL with the code as `ma`.
pub fn lookup_url(base: &str, code: &str) -> String {
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}ma={code}")
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
        delivery_text: Delivery::parse(&d.delivery)
            .map(Delivery::receipt_text)
            .unwrap_or_else(|| d.delivery.clone()),
        fee_text: d.fee_text.clone(),
        ledger_book: d.ledger_book.clone(),
        ledger_number: u32::try_from(d.ledger_number).unwrap_or(u32::MAX),
        lookup_url: lookup_url(&ctx.unit.lookup_url, &s.code),
        hotline: ctx.unit.hotline.clone(),
        clerk_name: ctx.clerk_name.clone(),
    })
}

/// Mẫu 02 for an incomplete dossier: every missing document once, with the clerk's contact.
pub fn supplement_data(ctx: &Context, d: &DossierView) -> Result<SupplementRequestData> {
    let received = received_local(d)?;
    Ok(SupplementRequestData {
        parent_authority: ctx.unit.parent_authority.clone(),
        unit_name: ctx.unit.name.clone(),
        place: ctx.unit.place.clone(),
        issued_on: received.date(),
        code: d.summary.code.clone(),
        submitter_name: d.submitter.full_name.clone(),
        procedure_name: d.summary.procedure_name.clone(),
        received_at: received,
        missing: d
            .missing
            .iter()
            .map(|m| docs::MissingItem {
                name: m.name.clone(),
                reason: m.reason.clone(),
            })
            .collect(),
        note: String::new(),
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
        parent_authority: ctx.unit.parent_authority.clone(),
        unit_name: ctx.unit.name.clone(),
        place: ctx.unit.place.clone(),
        issued_on: received.date(),
        code: Some(d.summary.code.clone()),
        submitter_name: d.submitter.full_name.clone(),
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
    Ok(FeeReceiptData {
        unit_name: ctx.unit.name.clone(),
        parent_authority: ctx.unit.parent_authority.clone(),
        place: ctx.unit.place.clone(),
        tax_code: None,
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

/// What happened to a dossier after intake that decides which later forms it prints (see
/// [`dossier::forms_for`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AfterIntake {
    /// The dossier's status (`None` if unknown).
    pub status: Option<Status>,
    /// At least one extension was given (Mẫu 04).
    pub extended: bool,
    /// Withdrawn or stopped, with the reason kept (Mẫu 05).
    pub stopped: bool,
    /// The result was handed out and the recipient kept (hand-over note).
    pub handed_out: bool,
}

/// Reads [`AfterIntake`] for a dossier.
pub async fn after_intake(db: &Db, dossier_id: &str, status: &str) -> Result<AfterIntake> {
    let (extended, stopped, handed_out): (bool, bool, bool) = sqlx::query_as(
        "SELECT EXISTS (SELECT 1 FROM dossier_extension WHERE dossier_id = ?1),
                EXISTS (SELECT 1 FROM dossier_stop WHERE dossier_id = ?1),
                EXISTS (SELECT 1 FROM dossier_handover WHERE dossier_id = ?1)",
    )
    .bind(dossier_id)
    .fetch_one(db)
    .await?;
    Ok(AfterIntake {
        status: Status::parse(status),
        extended,
        stopped,
        handed_out,
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
        parent_authority: ctx.unit.parent_authority.clone(),
        unit_name: ctx.unit.name.clone(),
        place: ctx.unit.place.clone(),
        issued_on: local_time(&at)?.date(),
        code: d.summary.code.clone(),
        submitter_name: d.submitter.full_name.clone(),
        procedure_name: d.summary.procedure_name.clone(),
        received_at: received_local(d)?,
        old_due_at: local_time(&old)?,
        new_due_at: local_time(&new)?,
        reason,
        signer_title: "NGƯỜI TIẾP NHẬN HỒ SƠ".into(),
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
        parent_authority: ctx.unit.parent_authority.clone(),
        unit_name: ctx.unit.name.clone(),
        place: ctx.unit.place.clone(),
        issued_on: stopped_at.date(),
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

/// Mẫu 06 from the dossier's history: one row per event, the intake first. The step that makes
/// the result ready says whether it was before, on or after `judged_against` (see
/// [`appointment_before_extensions`]); the sheet's header shows the current appointment.
pub fn control_sheet_data(
    ctx: &Context,
    d: &DossierView,
    judged_against: Option<chrono::DateTime<Utc>>,
    now: chrono::DateTime<Utc>,
) -> Result<ControlSheetData> {
    let due = d.summary.due_at.as_deref().and_then(clock::parse);
    let steps = d
        .events
        .iter()
        .map(|e| {
            let at = clock::parse(&e.at)
                .ok_or_else(|| Error::invalid("internal", None, format!("event at {}", e.at)))?;
            let action = match e.kind.as_str() {
                "received" => "Tiếp nhận hồ sơ".to_string(),
                _ if e.note.trim().is_empty() => e.kind.clone(),
                _ => e.note.trim().to_string(),
            };
            let result = match (e.to_status.as_deref(), judged_against) {
                (Some("result-ready"), Some(due)) => timeliness(at, due).to_string(),
                _ => String::new(),
            };
            Ok(ControlStep {
                at: clock::local(at),
                actor: e.actor.clone(),
                action,
                result,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(ControlSheetData {
        parent_authority: ctx.unit.parent_authority.clone(),
        unit_name: ctx.unit.name.clone(),
        place: ctx.unit.place.clone(),
        issued_on: clock::local(now).date(),
        code: d.summary.code.clone(),
        submitter_name: d.submitter.full_name.clone(),
        procedure_name: d.summary.procedure_name.clone(),
        received_at: received_local(d)?,
        due_at: due.map(clock::local),
        steps,
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
        parent_authority: ctx.unit.parent_authority.clone(),
        unit_name: ctx.unit.name.clone(),
        place: ctx.unit.place.clone(),
        issued_on: handed_at.date(),
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
    if !d.forms.iter().any(|f| f == kind.as_str()) {
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
            docs::render_receipt(&receipt_data(&ctx, &d, &procedure.duration_text)?)?
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
            docs::render_control_sheet(&control_sheet_data(&ctx, &d, judged_against, Utc::now())?)?
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

/// Writes a form to `path` (atomically) and logs it (print log and audit log).
pub async fn save_to(
    db: &Db,
    s: &Session,
    kind: FormKind,
    code: &str,
    path: &Path,
) -> Result<PathBuf> {
    let (d, bytes) = pdf(db, s, kind, code).await?;
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("pdf.part");
    std::fs::write(&tmp, &bytes)?;
    std::fs::rename(&tmp, path)?;
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
        crate::print_os::chosen_printer().as_deref(),
    )
    .await
}

/// Sends a form to `printer` (its OS name), else the default printer, through the OS
/// ([`crate::print_os`]: CUPS `lp` on Linux/macOS, Windows' own PDF renderer on Windows). The
/// first print is `print`, later ones `reprint`.
pub async fn print_to(
    db: &Db,
    s: &Session,
    kind: FormKind,
    code: &str,
    printer: Option<&str>,
) -> Result<PrintOutcome> {
    let (d, bytes) = pdf(db, s, kind, code).await?;
    let dir = std::env::temp_dir().join("motcua-print");
    std::fs::create_dir_all(&dir)?;
    let file = dir.join(file_name(kind, &d.summary.code));
    std::fs::write(&file, &bytes)?;
    let printer = printer.map(str::to_string);
    let job = crate::print_os::send(&file, &d.summary.code, printer.as_deref()).await?;
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
    crate::audit::append(
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

//! Biểu mẫu của quầy: the forms a dossier prints (Mẫu 01 receipt, Mẫu 02 supplement request,
//! Mẫu 03 refusal, the fee receipt), built from the saved dossier, saved to a file and printed
//! through the OS, with every print, reprint and save logged.

use std::path::{Path, PathBuf};

use chrono::Utc;
use rust_i18n::t;

use crate::catalogue::{self, Delivery};
use crate::desk::{self, Context};
use crate::documents::{
    self as docs, DocumentLine, FeeReceiptData, Person, ReceiptData, RefusalData,
    SupplementRequestData,
};
use crate::dossier;
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
}

impl FormKind {
    pub const ALL: [FormKind; 4] = [
        FormKind::Receipt,
        FormKind::SupplementRequest,
        FormKind::Refusal,
        FormKind::FeeReceipt,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FormKind::Receipt => "receipt",
            FormKind::SupplementRequest => "supplement-request",
            FormKind::Refusal => "refusal",
            FormKind::FeeReceipt => "fee-receipt",
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

/// A form of a dossier as PDF bytes. Refuses a form the dossier does not print (e.g. a receipt
/// for a refused dossier).
pub async fn pdf(db: &Db, kind: FormKind, code: &str) -> Result<(DossierView, Vec<u8>)> {
    let ctx = desk::context(db).await?;
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

/// Writes a form to `path` (atomically) and logs it.
pub async fn save_to(db: &Db, kind: FormKind, code: &str, path: &Path) -> Result<PathBuf> {
    let (d, bytes) = pdf(db, kind, code).await?;
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("pdf.part");
    std::fs::write(&tmp, &bytes)?;
    std::fs::rename(&tmp, path)?;
    log(db, &d.summary.id, kind, "save", &path.display().to_string()).await?;
    Ok(path.to_path_buf())
}

/// Sends a form to the OS printer. Linux/macOS: CUPS `lp` (default printer, or
/// `MOTCUA_PRINTER`). Windows: see README. The first print is `print`, later ones `reprint`.
pub async fn print(db: &Db, kind: FormKind, code: &str) -> Result<PrintOutcome> {
    let (d, bytes) = pdf(db, kind, code).await?;
    let dir = std::env::temp_dir().join("motcua-print");
    std::fs::create_dir_all(&dir)?;
    let file = dir.join(file_name(kind, &d.summary.code));
    std::fs::write(&file, &bytes)?;
    let printer = std::env::var("MOTCUA_PRINTER")
        .ok()
        .filter(|p| !p.is_empty());
    let mut cmd = tokio::process::Command::new("lp");
    if let Some(p) = &printer {
        cmd.arg("-d").arg(p);
    }
    cmd.arg("-t").arg(&d.summary.code).arg(&file);
    let out = cmd
        .output()
        .await
        .map_err(|e| Error::Print(t!("print.no_lp", detail = e.to_string()).to_string()))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr).trim().to_string();
        return Err(Error::Print(t!("print.failed", detail = err).to_string()));
    }
    let job = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let printed: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM print_log WHERE dossier_id = ? AND form = ? AND kind IN ('print', 'reprint')")
        .bind(&d.summary.id)
        .bind(kind.as_str())
        .fetch_one(db)
        .await?;
    let log_kind = if printed > 0 { "reprint" } else { "print" };
    log(
        db,
        &d.summary.id,
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

async fn log(db: &Db, dossier_id: &str, kind: FormKind, what: &str, target: &str) -> Result<()> {
    let ctx = desk::context(db).await?;
    sqlx::query("INSERT INTO print_log (dossier_id, form, kind, target, at, actor) VALUES (?, ?, ?, ?, ?, ?)")
        .bind(dossier_id)
        .bind(kind.as_str())
        .bind(what)
        .bind(target)
        .bind(clock::to_db(Utc::now()))
        .bind(&ctx.clerk_name)
        .execute(db)
        .await?;
    Ok(())
}

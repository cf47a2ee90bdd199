//! Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01): building it from a saved dossier, saving it
//! to a file and printing it through the OS, with every print, reprint and save logged.

use std::path::{Path, PathBuf};

use chrono::Utc;
use rust_i18n::t;

use crate::catalogue::{self, Delivery};
use crate::desk::{self, Context};
use crate::documents::{DocumentLine, Person, ReceiptData, render_receipt};
use crate::dossier;
use crate::dto::{DossierView, PrintOutcome};
use crate::store::Db;
use crate::{Error, Result, clock};

/// The citizen lookup URL for a dossier: the unit's lookup URL with the code as `ma`.
pub fn lookup_url(base: &str, code: &str) -> String {
    let sep = if base.contains('?') { '&' } else { '?' };
    format!("{base}{sep}ma={code}")
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

/// The receipt PDF of a dossier.
pub async fn pdf(db: &Db, code: &str) -> Result<(DossierView, Vec<u8>)> {
    let ctx = desk::context(db).await?;
    let d = dossier::get(db, code).await?;
    // Item 3 quotes the statutory duration of the catalogue version the dossier was received under.
    let procedure = catalogue::get_for_dossier(db, &d.summary.id).await?;
    let data = receipt_data(&ctx, &d, &procedure.duration_text)?;
    Ok((d, render_receipt(&data)?))
}

/// Where the app saves receipts: `MOTCUA_RECEIPTS_DIR`, else `<Documents>/motcua-desk/receipts/`
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

/// Writes the receipt to `path` and logs it (`kind` is `save`, `print` or `reprint`).
pub async fn save_to(db: &Db, code: &str, path: &Path) -> Result<PathBuf> {
    let (d, bytes) = pdf(db, code).await?;
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("pdf.part");
    std::fs::write(&tmp, &bytes)?;
    std::fs::rename(&tmp, path)?;
    log(db, &d.summary.id, "save", &path.display().to_string()).await?;
    Ok(path.to_path_buf())
}

/// Sends the receipt to the OS printer. Linux/macOS: CUPS `lp` (default printer, or
/// `MOTCUA_PRINTER`). Windows: see README (the PDF is opened with the system's print verb).
pub async fn print(db: &Db, code: &str) -> Result<PrintOutcome> {
    let (d, bytes) = pdf(db, code).await?;
    let dir = std::env::temp_dir().join("motcua-print");
    std::fs::create_dir_all(&dir)?;
    let file = dir.join(format!("{}.pdf", d.summary.code));
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
    let already = d
        .prints
        .iter()
        .any(|p| p.kind == "print" || p.kind == "reprint");
    let kind = if already { "reprint" } else { "print" };
    log(
        db,
        &d.summary.id,
        kind,
        printer.as_deref().unwrap_or("default"),
    )
    .await?;
    Ok(PrintOutcome {
        printer,
        job: job.clone(),
        message: t!("print.sent", job = job).to_string(),
    })
}

async fn log(db: &Db, dossier_id: &str, kind: &str, target: &str) -> Result<()> {
    let ctx = desk::context(db).await?;
    sqlx::query("INSERT INTO print_log (dossier_id, form, kind, target, at, actor) VALUES (?, 'receipt', ?, ?, ?, ?)")
        .bind(dossier_id)
        .bind(kind)
        .bind(target)
        .bind(clock::to_db(Utc::now()))
        .bind(&ctx.clerk_name)
        .execute(db)
        .await?;
    Ok(())
}

//! Sổ theo dõi hồ sơ (Mẫu 07): the dossiers received in a period, one row each, as a PDF
//! (A4 landscape, via `motcua-documents`) or as an Excel workbook.
//!
//! Dates are Vietnam local dates and both bounds are inclusive: `from = to = 2026-02-05` is every
//! dossier received on 05/02/2026 between 00:00 and 23:59:59 Vietnam time.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, NaiveDate, NaiveDateTime, Timelike, Utc};
use rust_i18n::t;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook, XlsxError};

use crate::accounts::{Permission, Session};
use crate::documents::{self as docs, LEDGER_COLUMNS, LedgerData, LedgerRow, format_short_date_vn};
use crate::dossier::{Status, StatusExt};
use crate::store::Db;
use crate::{Error, Result, clock, reference::desk};

/// Checks the period: `to` must not be before `from`.
pub fn check_period(from: NaiveDate, to: NaiveDate) -> Result<()> {
    if to < from {
        return Err(Error::invalid(
            "invalid_period",
            Some("to"),
            t!(
                "ledger.to_before_from",
                from = format_short_date_vn(from),
                to = format_short_date_vn(to)
            ),
        ));
    }
    Ok(())
}

/// The UTC instant of 00:00 Vietnam time on `day`.
fn start_of(day: NaiveDate) -> Option<DateTime<Utc>> {
    day.and_hms_opt(0, 0, 0)?
        .and_local_timezone(clock::vietnam())
        .single()
        .map(|t| t.with_timezone(&Utc))
}

/// `[from 00:00, to + 1 day 00:00)` in Vietnam time, as stored (UTC) strings.
fn bounds(from: NaiveDate, to: NaiveDate) -> Result<(String, String)> {
    let out_of_range = |d: NaiveDate| {
        Error::invalid(
            "invalid_period",
            Some("to"),
            t!("ledger.bad_date", value = d.to_string()),
        )
    };
    let start = start_of(from).ok_or_else(|| out_of_range(from))?;
    let end = to
        .succ_opt()
        .and_then(start_of)
        .ok_or_else(|| out_of_range(to))?;
    Ok((clock::to_db(start), clock::to_db(end)))
}

#[derive(sqlx::FromRow)]
struct Row {
    code: String,
    received_at: String,
    submitter_name: String,
    submitter_json: String,
    owner_json: Option<String>,
    sets_count: i64,
    competent_authority: String,
    procedure_name: String,
    due_at: Option<String>,
    status: String,
    outcome: String,
    ledger_book: String,
    ledger_number: i64,
    sent_at: Option<String>,
    result_at: Option<String>,
    handed_out_at: Option<String>,
    first_due_at: Option<String>,
    fee_json: Option<String>,
    fee_state: String,
    fee_amount: i64,
    fee_series: Option<String>,
    fee_number: Option<i64>,
}

const SELECT: &str = "SELECT d.code, d.received_at, d.submitter_name, d.submitter_json, d.owner_json, \
     d.sets_count, d.competent_authority, d.procedure_name, d.due_at, \
     d.status, d.outcome, d.ledger_book, d.ledger_number, \
     (SELECT MIN(e.at) FROM dossier_event e WHERE e.dossier_id = d.id AND e.to_status = 'in-processing') \
       AS sent_at, \
     (SELECT MIN(e.at) FROM dossier_event e WHERE e.dossier_id = d.id AND e.to_status = 'result-ready') \
       AS result_at, \
     (SELECT MAX(e.at) FROM dossier_event e WHERE e.dossier_id = d.id AND e.to_status = 'handed-out') \
       AS handed_out_at, \
     (SELECT x.old_due_at FROM dossier_extension x WHERE x.dossier_id = d.id ORDER BY x.id LIMIT 1) \
       AS first_due_at, \
     d.fee_json, d.fee_state, d.fee_amount, \
     (SELECT r.series FROM fee_receipt r WHERE r.dossier_id = d.id ORDER BY r.collected_at DESC LIMIT 1) \
       AS fee_series, \
     (SELECT r.number FROM fee_receipt r WHERE r.dossier_id = d.id ORDER BY r.collected_at DESC LIMIT 1) \
       AS fee_number \
     FROM dossier d WHERE d.received_at >= ? AND d.received_at < ? \
     ORDER BY d.received_at, d.code";

/// "Địa chỉ; số điện thoại" of an applicant, each part only when known.
fn contact_of(a: &crate::dto::Applicant) -> String {
    [a.address.trim(), a.phone.trim()]
        .into_iter()
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("; ")
}

fn local(s: Option<&str>) -> Option<NaiveDateTime> {
    s.and_then(clock::parse).map(clock::local)
}

fn note(outcome: &str) -> String {
    match outcome {
        "supplement" => t!("ledger.note_supplement").to_string(),
        "refused" => t!("ledger.note_refused").to_string(),
        "assisted-online" => t!("ledger.note_assisted_online").to_string(),
        _ => String::new(),
    }
}

impl Row {
    /// How a fee due at result (thu khi trả kết quả) was settled at hand-out, for "Ghi chú":
    /// collected with its receipt, exempted, or still owed; empty for any other fee.
    fn handout_fee(&self) -> String {
        let at_result = self
            .fee_json
            .as_deref()
            .and_then(|j| serde_json::from_str::<serde_json::Value>(j).ok())
            .is_some_and(|v| v["input"]["collect_at"] == "result");
        if !at_result || self.handed_out_at.is_none() {
            return String::new();
        }
        let amount = docs::format_dong(self.fee_amount);
        match (self.fee_state.as_str(), &self.fee_series, self.fee_number) {
            ("collected", Some(series), Some(number)) => t!(
                "ledger.fee_collected_at_handout",
                amount = amount,
                series = series,
                number = format!("{number:07}")
            )
            .to_string(),
            ("exempt", ..) => t!("ledger.fee_exempt_at_handout").to_string(),
            ("due-at-result", ..) => {
                t!("ledger.fee_unpaid_at_handout", amount = amount).to_string()
            }
            _ => String::new(),
        }
    }

    fn into_ledger(self) -> Result<LedgerRow> {
        let handout_fee = self.handout_fee();
        let received_at = local(Some(&self.received_at)).ok_or_else(|| {
            Error::invalid(
                "internal",
                None,
                format!("{}: received_at {}", self.code, self.received_at),
            )
        })?;
        let status_label = Status::parse(&self.status)
            .map(Status::label)
            .unwrap_or_else(|| self.status.clone());
        let submitter: crate::dto::Applicant =
            serde_json::from_str(&self.submitter_json).unwrap_or_default();
        let owner: Option<crate::dto::Applicant> = self
            .owner_json
            .as_deref()
            .and_then(|j| serde_json::from_str(j).ok());
        // The owner's own address and phone; the submitter's when the owner has none.
        let contact = owner
            .as_ref()
            .map(contact_of)
            .filter(|c| !c.is_empty())
            .unwrap_or_else(|| contact_of(&submitter));
        Ok(LedgerRow {
            number: u32::try_from(self.ledger_number).unwrap_or(0),
            received_at,
            submitter_name: self.submitter_name,
            owner_name: owner.map(|o| o.full_name).unwrap_or_default(),
            contact,
            sets_count: u32::try_from(self.sets_count).unwrap_or(1),
            authority: self.competent_authority,
            procedure_name: self.procedure_name,
            // The appointment given at intake stays the appointment; an extension is noted
            // beside it (TT 01/2018 Art. 8: the apology gives a new date, the receipt's stands).
            due_at: local(self.first_due_at.as_deref().or(self.due_at.as_deref())),
            status_label,
            sent_at: local(self.sent_at.as_deref()),
            result_at: local(self.result_at.as_deref()),
            handed_out_at: local(self.handed_out_at.as_deref()),
            note: match (&self.first_due_at, local(self.due_at.as_deref())) {
                (Some(_), Some(extended)) => {
                    let ext = t!(
                        "ledger.note_extended",
                        at = docs::format_ledger_time(extended)
                    )
                    .to_string();
                    let base = note(&self.outcome);
                    if base.is_empty() {
                        ext
                    } else {
                        format!("{base}; {ext}")
                    }
                }
                _ => note(&self.outcome),
            },
            code: self.code,
            handout_fee,
        })
    }
}

async fn fetch(db: &Db, from: NaiveDate, to: NaiveDate) -> Result<Vec<Row>> {
    check_period(from, to)?;
    let (start, end) = bounds(from, to)?;
    Ok(sqlx::query_as::<_, Row>(SELECT)
        .bind(start)
        .bind(end)
        .fetch_all(db)
        .await?)
}

/// The ledger rows of the dossiers received from `from` to `to` (Vietnam dates, inclusive),
/// ordered by the time they were received; `number` is the dossier's ledger number.
/// Needs [`Permission::ExportLedger`].
pub async fn rows(db: &Db, s: &Session, from: NaiveDate, to: NaiveDate) -> Result<Vec<LedgerRow>> {
    s.require(Permission::ExportLedger)?;
    fetch(db, from, to)
        .await?
        .into_iter()
        .map(Row::into_ledger)
        .collect()
}

/// Everything the PDF prints: the unit, the period, the book(s) and the rows.
pub async fn data(db: &Db, s: &Session, from: NaiveDate, to: NaiveDate) -> Result<LedgerData> {
    s.require(Permission::ExportLedger)?;
    let ctx = desk::context(db, s).await?;
    let raw = fetch(db, from, to).await?;
    // A period may span two yearly books: name each once, in order.
    let books: BTreeSet<String> = raw
        .iter()
        .map(|r| r.ledger_book.trim().to_string())
        .filter(|b| !b.is_empty())
        .collect();
    let rows = raw
        .into_iter()
        .map(Row::into_ledger)
        .collect::<Result<Vec<_>>>()?;
    Ok(LedgerData {
        parent_authority: ctx.unit.parent_authority,
        unit_name: ctx.unit.name,
        from,
        to,
        book: books.into_iter().collect::<Vec<_>>().join(", "),
        rows,
    })
}

/// Mẫu 07 for the period as PDF (A4 landscape). Supervisor; audited.
pub async fn pdf(db: &Db, s: &Session, from: NaiveDate, to: NaiveDate) -> Result<Vec<u8>> {
    let data = data(db, s, from, to).await?;
    let bytes = docs::render_ledger(&data)?;
    audit_export(db, s, "pdf", from, to, data.rows.len()).await?;
    Ok(bytes)
}

/// The ledger prints the owner's address and phone (the template's "Địa chỉ, số điện thoại"
/// column) and no ID number: only a supervisor or an administrator, who may see whole
/// identifiers ([`Permission::FullIdentifiers`]), may export it at all
/// ([`Permission::ExportLedger`]).
async fn audit_export(
    db: &Db,
    s: &Session,
    format: &str,
    from: NaiveDate,
    to: NaiveDate,
    rows: usize,
) -> Result<()> {
    crate::accounts::audit::record(
        db,
        s.actor(),
        "export.ledger",
        &format!("{from}..{to}"),
        serde_json::json!({ "format": format, "rows": rows }),
        Utc::now(),
    )
    .await
}

fn xlsx_error(e: XlsxError) -> Error {
    Error::invalid(
        "xlsx",
        None,
        t!("ledger.xlsx_failed", detail = e.to_string()),
    )
}

fn excel_time(t: NaiveDateTime) -> std::result::Result<ExcelDateTime, XlsxError> {
    let year = u16::try_from(t.year()).map_err(|_| XlsxError::DateTimeRangeError(t.to_string()))?;
    // Every component below fits: month 1-12, day 1-31, hour 0-23, minute and second 0-59.
    ExcelDateTime::from_ymd(year, t.month() as u8, t.day() as u8)?.and_hms(
        t.hour() as u16,
        t.minute() as u8,
        t.second(),
    )
}

/// Column widths of the spreadsheet, in Excel character units.
const XLSX_WIDTHS: [f64; 13] = [
    6.0, 28.0, 48.0, 10.0, 30.0, 34.0, 24.0, 17.0, 17.0, 20.0, 20.0, 20.0, 30.0,
];

/// The same rows as an Excel workbook: one sheet, a bold frozen header row, the ledger columns,
/// times as Excel date-times shown `dd/mm/yyyy hh:mm`.
pub fn xlsx_bytes(rows: &[LedgerRow]) -> Result<Vec<u8>> {
    build_xlsx(rows).map_err(xlsx_error)
}

fn build_xlsx(rows: &[LedgerRow]) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let header = Format::new().set_bold().set_text_wrap();
    let when = Format::new().set_num_format("dd/mm/yyyy hh:mm");
    let text = Format::new().set_text_wrap();
    let sheet = workbook.add_worksheet();
    sheet.set_name(t!("ledger.sheet_name").to_string())?;
    for (col, (title, width)) in LEDGER_COLUMNS.iter().zip(XLSX_WIDTHS).enumerate() {
        let col = col as u16; // 13 columns
        sheet.write_string_with_format(0, col, *title, &header)?;
        sheet.set_column_width(col, width)?;
    }
    sheet.set_freeze_panes(1, 0)?;
    for (i, r) in rows.iter().enumerate() {
        let row = u32::try_from(i + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
        sheet.write_number(row, 0, r.number)?;
        sheet.write_string(row, 1, &r.code)?;
        sheet.write_string_with_format(row, 2, &r.procedure_name, &text)?;
        sheet.write_number(row, 3, r.sets_count.max(1))?;
        sheet.write_string_with_format(row, 4, r.applicant_text(), &text)?;
        sheet.write_string_with_format(row, 5, &r.contact, &text)?;
        sheet.write_string_with_format(row, 6, &r.authority, &text)?;
        sheet.write_datetime_with_format(row, 7, &excel_time(r.received_at)?, &when)?;
        let times = [
            (8, r.due_at),
            (9, r.sent_at),
            (10, r.result_at),
            (11, r.handed_out_at),
        ];
        for (col, t) in times {
            if let Some(t) = t {
                sheet.write_datetime_with_format(row, col, &excel_time(t)?, &when)?;
            }
        }
        let note = r.note_text();
        if !note.is_empty() {
            sheet.write_string_with_format(row, 12, note, &text)?;
        }
    }
    workbook.save_to_buffer()
}

/// Mẫu 07 for the period as an Excel workbook (.xlsx).
/// Supervisor; audited.
pub async fn xlsx(db: &Db, s: &Session, from: NaiveDate, to: NaiveDate) -> Result<Vec<u8>> {
    let rows = rows(db, s, from, to).await?;
    let bytes = xlsx_bytes(&rows)?;
    audit_export(db, s, "xlsx", from, to, rows.len()).await?;
    Ok(bytes)
}

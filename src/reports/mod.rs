//! Báo cáo cuối ngày: what the supervisor reads at the end of a day, for one receiving unit and
//! one Vietnam date.
//!
//! - Received: every dossier recorded that day (all intake outcomes), per procedure and per
//!   channel (trực tiếp / trực tuyến / bưu chính công ích), and the outcomes (accepted, supplement
//!   requested, refused, assisted online).
//! - Fees: the fee receipts (biên lai) collected that day, per clerk, in integer đồng.
//! - Results handed out that day (national 10).
//! - Overdue now: dossiers still being processed (received / in processing) whose due time has
//!   passed at the moment the report is made; due next: those due on the next working day.
//! - On time, as the national index counts it (QĐ 766): a dossier whose processing ended that day
//!   (first reached "result ready", or "handed out") is on time when it ended at or before its
//!   due time and was asked for a supplement at most once. The due time already excludes the time
//!   spent waiting for a supplement (the clock pauses and the appointment moves by the pause), so
//!   no further correction is made; a dossier without a fixed appointment is on time. A dossier
//!   whose appointment was extended with an apology (Mẫu 04, `dossier_extension`) is late.

pub mod ledger;

use chrono::{DateTime, Duration, NaiveDate, Utc};
use rust_i18n::t;
use rust_xlsxwriter::{Format, Workbook, XlsxError};
use serde::Serialize;
use ts_rs::TS;

use crate::accounts::{Permission, Session};
use crate::documents::report_day::{
    ClerkFeeLine, CountLine, DayReportData, OnTimeCounts, OutcomeCounts, format_rate,
    render_day_report,
};
use crate::dto::ReportFormat;
use crate::store::Db;
use crate::{Error, Result, clock, dossier::register, reference::desk};

/// A count of dossiers under a key (a procedure code or a channel).
#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct ReportCount {
    /// The procedure code (mã TTHC) or the channel: direct | online | post.
    pub key: String,
    /// The procedure name, or the channel in the current language.
    pub label: String,
    pub count: u32,
}

/// Intake outcomes of the day.
#[derive(Debug, Clone, Copy, Default, Serialize, TS, PartialEq, Eq)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct ReportOutcomes {
    pub accepted: u32,
    pub supplement: u32,
    pub refused: u32,
    pub assisted_online: u32,
}

/// Fees one clerk collected that day.
#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct ReportClerkFees {
    pub clerk_id: String,
    pub clerk_name: String,
    pub receipts: u32,
    /// Đồng.
    #[ts(type = "number")]
    pub amount: i64,
}

/// The on-time rate of the dossiers whose processing ended that day.
#[derive(Debug, Clone, Copy, Default, Serialize, TS, PartialEq, Eq)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct ReportOnTime {
    pub resolved: u32,
    pub on_time: u32,
    pub late: u32,
    /// Of `late`: in time by the clock but asked for a supplement more than once.
    pub late_by_supplements: u32,
    /// Tenths of a percent (952 = 95.2 %); null when nothing was resolved.
    pub rate_tenths: Option<u32>,
}

/// Báo cáo cuối ngày (the screen, `motcua report day --json`, the PDF and the workbook).
#[derive(Debug, Clone, Serialize, TS, PartialEq, Eq)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct DayReport {
    /// YYYY-MM-DD (Vietnam date).
    pub date: String,
    pub unit_code: String,
    pub unit_name: String,
    /// When the report was made (RFC 3339 UTC): "overdue now" is counted at this instant.
    pub generated_at: String,
    pub received_total: u32,
    /// Most dossiers first.
    pub by_procedure: Vec<ReportCount>,
    pub by_channel: Vec<ReportCount>,
    pub outcomes: ReportOutcomes,
    pub fees: Vec<ReportClerkFees>,
    #[ts(type = "number")]
    pub fees_total: i64,
    pub handed_out: u32,
    pub overdue_now: u32,
    /// YYYY-MM-DD: the first working day after `date`.
    pub next_working_day: String,
    pub due_next: u32,
    pub on_time: ReportOnTime,
}

fn start_of(day: NaiveDate) -> Result<DateTime<Utc>> {
    day.and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(clock::vietnam()).single())
        .map(|t| t.with_timezone(&Utc))
        .ok_or_else(|| {
            Error::invalid(
                "invalid_date",
                Some("date"),
                t!("ledger.bad_date", value = day.to_string()),
            )
        })
}

/// The dates a report may be asked for: the years the desk's calendar is meant for.
pub const FIRST_DAY: (i32, u32, u32) = (2000, 1, 1);
pub const LAST_DAY: (i32, u32, u32) = (2100, 12, 31);

/// Parses a report date, YYYY-MM-DD, within [`FIRST_DAY`]..=[`LAST_DAY`].
pub fn parse_date(value: &str) -> Result<NaiveDate> {
    crate::limits::text("date", value, crate::limits::SHORT)?;
    let day = NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| {
        Error::invalid(
            "invalid_date",
            Some("date"),
            t!("ledger.bad_date", value = value.trim()),
        )
    })?;
    check_day(day)?;
    Ok(day)
}

/// `date_out_of_range` for a day outside [`FIRST_DAY`]..=[`LAST_DAY`].
pub fn check_day(day: NaiveDate) -> Result<()> {
    let ymd = |(y, m, d): (i32, u32, u32)| NaiveDate::from_ymd_opt(y, m, d);
    let inside = match (ymd(FIRST_DAY), ymd(LAST_DAY)) {
        (Some(first), Some(last)) => (first..=last).contains(&day),
        _ => false,
    };
    if inside {
        Ok(())
    } else {
        Err(Error::invalid(
            "date_out_of_range",
            Some("date"),
            t!(
                "limits.date_range",
                value = day.format("%Y-%m-%d").to_string(),
                first = "01/01/2000",
                last = "31/12/2100"
            ),
        ))
    }
}

/// The file formats a report is saved in: `pdf` or `xlsx` (`invalid_format` otherwise).
pub fn parse_format(value: &str) -> Result<&'static str> {
    match value.trim() {
        "pdf" => Ok("pdf"),
        "xlsx" => Ok("xlsx"),
        other => {
            let shown: String = other.chars().take(16).collect();
            Err(Error::invalid(
                "invalid_format",
                Some("format"),
                t!("limits.format", value = shown, allowed = "pdf, xlsx"),
            ))
        }
    }
}

fn count(n: i64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The channel in the current language.
pub fn channel_label(channel: &str) -> String {
    match channel {
        "direct" | "online" | "post" => t!(format!("report.channel_{channel}")).to_string(),
        other => other.to_string(),
    }
}

/// The channel as printed on the (Vietnamese) report.
fn channel_name_vi(channel: &str) -> String {
    match channel {
        "direct" => "Trực tiếp".into(),
        "online" => "Trực tuyến".into(),
        "post" => "Dịch vụ bưu chính công ích".into(),
        other => other.into(),
    }
}

/// Whether a dossier whose processing ended at `ended` counts as on time (see the module
/// documentation): at or before `due` (no appointment: on time) and at most one supplement.
/// The one definition the portal's national figures and sync use too
/// (`motcua_protocol::status::on_time`); an extension is checked by the caller.
pub fn is_on_time(ended: DateTime<Utc>, due: Option<DateTime<Utc>>, supplements: u32) -> bool {
    motcua_protocol::status::on_time(ended, due, supplements, false)
}

/// Computes the report of `day` for `unit_code` (default: this desk's unit) at instant `now`.
/// Needs [`Permission::DayReport`].
pub async fn day(
    db: &Db,
    s: &Session,
    day: NaiveDate,
    unit_code: Option<&str>,
    now: DateTime<Utc>,
) -> Result<DayReport> {
    s.require(Permission::DayReport)?;
    check_day(day)?;
    crate::limits::opt_text("unit_code", unit_code, crate::limits::SHORT)?;
    let ctx = desk::context(db, s).await?;
    let unit = unit_code
        .map(str::trim)
        .filter(|u| !u.is_empty())
        .unwrap_or(&ctx.unit.code)
        .to_string();
    let unit_name = if unit == ctx.unit.code {
        ctx.unit.name.clone()
    } else {
        unit.clone()
    };
    let start = clock::to_db(start_of(day)?);
    let end = clock::to_db(start_of(day + Duration::days(1))?);

    let by_procedure: Vec<ReportCount> = sqlx::query_as::<_, (String, String, i64)>(
        "SELECT procedure_code, MAX(procedure_name), count(*) FROM dossier
         WHERE receiving_unit_code = ? AND received_at >= ? AND received_at < ?
         GROUP BY procedure_code ORDER BY count(*) DESC, procedure_code",
    )
    .bind(&unit)
    .bind(&start)
    .bind(&end)
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|(key, label, n)| ReportCount {
        key,
        label,
        count: count(n),
    })
    .collect();
    let by_channel: Vec<ReportCount> = sqlx::query_as::<_, (String, i64)>(
        "SELECT channel, count(*) FROM dossier
         WHERE receiving_unit_code = ? AND received_at >= ? AND received_at < ?
         GROUP BY channel ORDER BY count(*) DESC, channel",
    )
    .bind(&unit)
    .bind(&start)
    .bind(&end)
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|(key, n)| ReportCount {
        label: channel_label(&key),
        key,
        count: count(n),
    })
    .collect();
    let mut outcomes = ReportOutcomes::default();
    let outcome_rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT outcome, count(*) FROM dossier
         WHERE receiving_unit_code = ? AND received_at >= ? AND received_at < ? GROUP BY outcome",
    )
    .bind(&unit)
    .bind(&start)
    .bind(&end)
    .fetch_all(db)
    .await?;
    for (o, n) in outcome_rows {
        let n = count(n);
        match o.as_str() {
            "accepted" => outcomes.accepted = n,
            "supplement" => outcomes.supplement = n,
            "refused" => outcomes.refused = n,
            "assisted-online" => outcomes.assisted_online = n,
            _ => {}
        }
    }
    let received_total = by_channel.iter().map(|c| c.count).sum();

    let fees: Vec<ReportClerkFees> = sqlx::query_as::<_, (String, Option<String>, i64, i64)>(
        "SELECT r.collected_by, MAX(c.full_name), count(*), COALESCE(SUM(r.amount), 0)
         FROM fee_receipt r JOIN dossier d ON d.id = r.dossier_id
         LEFT JOIN clerk c ON c.id = r.collected_by
         WHERE d.receiving_unit_code = ? AND r.collected_at >= ? AND r.collected_at < ?
         GROUP BY r.collected_by ORDER BY MAX(c.full_name), r.collected_by",
    )
    .bind(&unit)
    .bind(&start)
    .bind(&end)
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|(id, name, n, amount)| ReportClerkFees {
        clerk_name: name.unwrap_or_else(|| id.clone()),
        clerk_id: id,
        receipts: count(n),
        amount,
    })
    .collect();
    let fees_total = fees.iter().map(|f| f.amount).sum();

    let handed_out: i64 = sqlx::query_scalar(
        "SELECT count(DISTINCT e.dossier_id) FROM dossier_event e JOIN dossier d ON d.id = e.dossier_id
         WHERE d.receiving_unit_code = ? AND e.to_status = 'handed-out' AND e.at >= ? AND e.at < ?",
    )
    .bind(&unit)
    .bind(&start)
    .bind(&end)
    .fetch_one(db)
    .await?;

    let open = register::OPEN_STATUSES;
    let overdue_now: i64 = sqlx::query_scalar(&format!(
        "SELECT count(*) FROM dossier WHERE receiving_unit_code = ? AND status IN {open} AND due_at < ?"
    ))
    .bind(&unit)
    .bind(clock::to_db(now))
    .fetch_one(db)
    .await?;
    let next = register::next_working_day(db, day).await?;
    let due_next: i64 = sqlx::query_scalar(&format!(
        "SELECT count(*) FROM dossier WHERE receiving_unit_code = ? AND status IN {open}
         AND due_at >= ? AND due_at < ?"
    ))
    .bind(&unit)
    .bind(clock::to_db(start_of(next)?))
    .bind(clock::to_db(start_of(next + Duration::days(1))?))
    .fetch_one(db)
    .await?;

    // Dossiers whose processing ended that day: their first "result ready" (or "handed out").
    // An appointment extended with an apology (Mẫu 04, gia hạn) is late whatever the new date.
    let has_extensions: bool = sqlx::query_scalar(
        "SELECT count(*) > 0 FROM sqlite_master WHERE type = 'table' AND name = 'dossier_extension'",
    )
    .fetch_one(db)
    .await?;
    let extended = if has_extensions {
        "(SELECT count(*) FROM dossier_extension x WHERE x.dossier_id = d.id)"
    } else {
        "0"
    };
    let ended: Vec<(String, Option<String>, String, i64, i64)> = sqlx::query_as(&format!(
        "SELECT d.id, d.due_at, e.at,
                (SELECT count(*) FROM dossier_due_change c WHERE c.dossier_id = d.id AND c.kind = 'pause'),
                {extended}
         FROM dossier_event e JOIN dossier d ON d.id = e.dossier_id
         WHERE d.receiving_unit_code = ? AND e.to_status IN ('result-ready', 'handed-out')
           AND e.at >= ? AND e.at < ?
           AND NOT EXISTS (SELECT 1 FROM dossier_event p WHERE p.dossier_id = e.dossier_id
                 AND p.to_status IN ('result-ready', 'handed-out')
                 AND (p.at < e.at OR (p.at = e.at AND p.id < e.id)))"
    ))
    .bind(&unit)
    .bind(&start)
    .bind(&end)
    .fetch_all(db)
    .await?;
    let mut on_time = ReportOnTime::default();
    for (_, due, at, pauses, extensions) in ended {
        let Some(at) = clock::parse(&at) else {
            continue;
        };
        let due = due.as_deref().and_then(clock::parse);
        let supplements = count(pauses);
        on_time.resolved += 1;
        if extensions == 0 && is_on_time(at, due, supplements) {
            on_time.on_time += 1;
        } else {
            on_time.late += 1;
            if extensions == 0 && due.is_none_or(|d| at <= d) {
                on_time.late_by_supplements += 1;
            }
        }
    }
    on_time.rate_tenths = counts(&on_time).rate_tenths();

    Ok(DayReport {
        date: day.format("%Y-%m-%d").to_string(),
        unit_code: unit,
        unit_name,
        generated_at: clock::to_db(now),
        received_total,
        by_procedure,
        by_channel,
        outcomes,
        fees,
        fees_total,
        handed_out: count(handed_out),
        overdue_now: count(overdue_now),
        next_working_day: next.format("%Y-%m-%d").to_string(),
        due_next: count(due_next),
        on_time,
    })
}

fn counts(o: &ReportOnTime) -> OnTimeCounts {
    OnTimeCounts {
        resolved: o.resolved,
        on_time: o.on_time,
        late: o.late,
        late_by_supplements: o.late_by_supplements,
    }
}

/// The on-time rate as shown: "95,2%", or "—".
pub fn rate_text(o: &ReportOnTime) -> String {
    format_rate(&counts(o))
}

/// What the PDF prints.
pub async fn pdf_data(db: &Db, s: &Session, r: &DayReport) -> Result<DayReportData> {
    s.require(Permission::DayReport)?;
    let ctx = desk::context(db, s).await?;
    let date = parse_date(&r.date)?;
    let next = parse_date(&r.next_working_day)?;
    let generated = clock::parse(&r.generated_at)
        .map(clock::local)
        .unwrap_or_else(|| clock::local(Utc::now()));
    Ok(DayReportData {
        parent_authority: ctx.unit.parent_authority,
        unit_name: r.unit_name.clone(),
        date,
        generated_at: generated,
        received_total: r.received_total,
        by_procedure: r
            .by_procedure
            .iter()
            .map(|c| CountLine {
                code: c.key.clone(),
                name: c.label.clone(),
                count: c.count,
            })
            .collect(),
        by_channel: r
            .by_channel
            .iter()
            .map(|c| CountLine {
                code: c.key.clone(),
                name: channel_name_vi(&c.key),
                count: c.count,
            })
            .collect(),
        outcomes: OutcomeCounts {
            accepted: r.outcomes.accepted,
            supplement: r.outcomes.supplement,
            refused: r.outcomes.refused,
            assisted_online: r.outcomes.assisted_online,
        },
        fees: r
            .fees
            .iter()
            .map(|f| ClerkFeeLine {
                clerk_name: f.clerk_name.clone(),
                receipts: f.receipts,
                amount: f.amount,
            })
            .collect(),
        handed_out: r.handed_out,
        overdue_now: r.overdue_now,
        due_next: r.due_next,
        next_working_day: next,
        on_time: counts(&r.on_time),
        prepared_by: ctx.clerk_name,
    })
}

/// The report as PDF (A4 portrait, Vietnamese). Audited as an export.
pub async fn pdf(db: &Db, s: &Session, r: &DayReport) -> Result<Vec<u8>> {
    let data = pdf_data(db, s, r).await?;
    let bytes = render_day_report(&data)?;
    audit_export(db, s, r, "pdf").await?;
    Ok(bytes)
}

/// [`xlsx`] for a person: the role check and the audit entry of the export.
pub async fn xlsx_export(db: &Db, s: &Session, r: &DayReport) -> Result<Vec<u8>> {
    s.require(Permission::DayReport)?;
    let bytes = xlsx(r)?;
    audit_export(db, s, r, "xlsx").await?;
    Ok(bytes)
}

/// The format a report file's name asks for (`.pdf` or `.xlsx`, any case).
pub fn format_of(path: &std::path::Path) -> Result<ReportFormat> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match ext.as_deref() {
        Some("pdf") => Ok(ReportFormat::Pdf),
        Some("xlsx") => Ok(ReportFormat::Xlsx),
        _ => Err(Error::invalid(
            "report_format",
            Some("output"),
            t!("report.bad_extension", path = path.display().to_string()),
        )),
    }
}

/// Writes the day report as `format` to `path`, for the app and the CLI alike: never over one
/// of the desk's own files, over another existing file only with `force`, and into an existing
/// folder only ([`crate::store::output_path`]). Returns the file's size in bytes.
pub async fn save_as(
    db: &Db,
    s: &Session,
    r: &DayReport,
    format: ReportFormat,
    path: &std::path::Path,
    force: bool,
) -> Result<usize> {
    let bytes = match format {
        ReportFormat::Pdf => pdf(db, s, r).await?,
        ReportFormat::Xlsx => xlsx_export(db, s, r).await?,
    };
    crate::store::output_path::write(&crate::store::backup::db_path(db), path, &bytes, force)?;
    Ok(bytes.len())
}

/// The day report holds counts and clerks' names only (no ID number or phone to mask).
async fn audit_export(db: &Db, s: &Session, r: &DayReport, format: &str) -> Result<()> {
    crate::accounts::audit::record(
        db,
        s.actor(),
        "export.report",
        &r.date,
        serde_json::json!({ "format": format, "unit": r.unit_code }),
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

/// The report as an Excel workbook: one sheet, sections one under the other, numbers as numbers.
pub fn xlsx(r: &DayReport) -> Result<Vec<u8>> {
    build_xlsx(r).map_err(xlsx_error)
}

fn build_xlsx(r: &DayReport) -> std::result::Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    let bold = Format::new().set_bold();
    let money = Format::new().set_num_format("#,##0");
    let sheet = workbook.add_worksheet();
    sheet.set_name("Báo cáo ngày")?;
    sheet.set_column_width(0, 16.0)?;
    sheet.set_column_width(1, 60.0)?;
    sheet.set_column_width(2, 14.0)?;
    sheet.set_column_width(3, 18.0)?;
    let date = parse_date(&r.date)
        .map(|d| d.format("%d/%m/%Y").to_string())
        .unwrap_or_else(|_| r.date.clone());
    let mut row: u32 = 0;
    sheet.write_string_with_format(
        row,
        0,
        "BÁO CÁO TÌNH HÌNH TIẾP NHẬN VÀ TRẢ KẾT QUẢ HỒ SƠ",
        &bold,
    )?;
    row += 1;
    sheet.write_string(row, 0, format!("Ngày {date} - {}", r.unit_name))?;
    row += 2;
    let figures: [(&str, i64); 6] = [
        (
            crate::documents::report_day::RECEIVED_TOTAL_LABEL,
            i64::from(r.received_total),
        ),
        ("Hồ sơ đã trả kết quả trong ngày", i64::from(r.handed_out)),
        ("Hồ sơ đang giải quyết đã quá hạn", i64::from(r.overdue_now)),
        (
            "Hồ sơ đến hạn ngày làm việc tiếp theo",
            i64::from(r.due_next),
        ),
        ("Phí, lệ phí đã thu (đồng)", r.fees_total),
        (
            "Hồ sơ giải quyết xong trong ngày",
            i64::from(r.on_time.resolved),
        ),
    ];
    sheet.write_string_with_format(row, 0, "Số liệu chung", &bold)?;
    row += 1;
    for (label, value) in figures {
        sheet.write_string(row, 1, label)?;
        sheet.write_number_with_format(row, 2, value as f64, &money)?;
        row += 1;
    }
    let on_time = [
        ("Đúng hạn, trước hạn", r.on_time.on_time),
        ("Quá hạn", r.on_time.late),
        (
            "Trong đó quá hạn do yêu cầu bổ sung quá một lần",
            r.on_time.late_by_supplements,
        ),
    ];
    for (label, value) in on_time {
        sheet.write_string(row, 1, label)?;
        sheet.write_number(row, 2, value)?;
        row += 1;
    }
    sheet.write_string(row, 1, "Tỷ lệ đúng hạn")?;
    sheet.write_string(row, 2, rate_text(&r.on_time))?;
    row += 2;

    sheet.write_string_with_format(row, 0, "Kết quả tiếp nhận", &bold)?;
    row += 1;
    for (label, value) in [
        ("Tiếp nhận, hẹn trả kết quả (Mẫu 01)", r.outcomes.accepted),
        (
            "Yêu cầu bổ sung, hoàn thiện (Mẫu 02)",
            r.outcomes.supplement,
        ),
        ("Từ chối tiếp nhận (Mẫu 03)", r.outcomes.refused),
        ("Hỗ trợ nộp trực tuyến", r.outcomes.assisted_online),
    ] {
        sheet.write_string(row, 1, label)?;
        sheet.write_number(row, 2, value)?;
        row += 1;
    }
    row += 1;

    sheet.write_string_with_format(row, 0, "Mã TTHC", &bold)?;
    sheet.write_string_with_format(row, 1, "Tên thủ tục hành chính", &bold)?;
    sheet.write_string_with_format(row, 2, "Số hồ sơ", &bold)?;
    row += 1;
    for c in &r.by_procedure {
        sheet.write_string(row, 0, &c.key)?;
        sheet.write_string(row, 1, &c.label)?;
        sheet.write_number(row, 2, c.count)?;
        row += 1;
    }
    row += 1;

    sheet.write_string_with_format(row, 1, "Kênh tiếp nhận", &bold)?;
    sheet.write_string_with_format(row, 2, "Số hồ sơ", &bold)?;
    row += 1;
    for c in &r.by_channel {
        sheet.write_string(row, 1, channel_name_vi(&c.key))?;
        sheet.write_number(row, 2, c.count)?;
        row += 1;
    }
    row += 1;

    sheet.write_string_with_format(row, 1, "Cán bộ tiếp nhận", &bold)?;
    sheet.write_string_with_format(row, 2, "Số biên lai", &bold)?;
    sheet.write_string_with_format(row, 3, "Số tiền (đồng)", &bold)?;
    row += 1;
    for f in &r.fees {
        sheet.write_string(row, 1, &f.clerk_name)?;
        sheet.write_number(row, 2, f.receipts)?;
        sheet.write_number_with_format(row, 3, f.amount as f64, &money)?;
        row += 1;
    }
    sheet.write_string_with_format(row, 1, "Tổng cộng", &bold)?;
    sheet.write_number_with_format(row, 3, r.fees_total as f64, &money)?;
    workbook.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        clock::parse(s).expect("valid")
    }

    #[test]
    fn on_time_rule() {
        let due = Some(at("2026-03-10T10:00:00Z"));
        assert!(is_on_time(at("2026-03-10T10:00:00Z"), due, 0));
        assert!(is_on_time(at("2026-03-09T10:00:00Z"), due, 1));
        assert!(!is_on_time(at("2026-03-10T10:00:01Z"), due, 0));
        // More than one supplement request: late whatever the clock says.
        assert!(!is_on_time(at("2026-03-01T10:00:00Z"), due, 2));
        // No fixed appointment.
        assert!(is_on_time(at("2030-01-01T00:00:00Z"), None, 0));
    }
}

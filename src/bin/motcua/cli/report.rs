//! `motcua report day DATE [-o FILE.pdf|FILE.xlsx] [--unit CODE]`: the supervisor's end-of-day
//! report (báo cáo cuối ngày) for a Vietnam date, printed, as JSON, or saved as PDF / Excel.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Utc;
use clap::{Args, Subcommand};
use rust_i18n::t;
use serde_json::json;

use super::Out;
use motcua::documents::format_dong;
use motcua::store::Db;
use motcua::{Error, reports};

#[derive(Subcommand)]
pub enum ReportCmd {
    /// End-of-day report (báo cáo cuối ngày) of one Vietnam date
    Day(DayArgs),
}

#[derive(Args)]
pub struct DayArgs {
    /// The day, YYYY-MM-DD (Vietnam date)
    date: String,
    /// Receiving unit code (default: this desk's unit)
    #[arg(long)]
    unit: Option<String>,
    /// Also save it: .pdf (A4) or .xlsx (Excel)
    #[arg(short = 'o', long = "output")]
    output: Option<PathBuf>,
    /// Replace the output file when it exists
    #[arg(long)]
    force: bool,
}

pub async fn run(
    db: &Db,
    s: &motcua::accounts::Session,
    c: &ReportCmd,
    out: &Out,
) -> Result<ExitCode, Error> {
    match c {
        ReportCmd::Day(a) => day(db, s, a, out).await,
    }
}

async fn day(
    db: &Db,
    s: &motcua::accounts::Session,
    a: &DayArgs,
    out: &Out,
) -> Result<ExitCode, Error> {
    let format = a.output.as_deref().map(reports::format_of).transpose()?;
    let date = reports::parse_date(&a.date)?;
    let r = reports::day(db, s, date, a.unit.as_deref(), Utc::now()).await?;
    let summary = || {
        t!(
            "report.summary",
            date = date.format("%d/%m/%Y").to_string(),
            unit = r.unit_name.clone(),
            received = r.received_total,
            handed_out = r.handed_out,
            overdue = r.overdue_now,
            next = r.next_working_day.clone(),
            due_next = r.due_next,
            fees = format_dong(r.fees_total),
            rate = reports::rate_text(&r.on_time),
            on_time = r.on_time.on_time,
            resolved = r.on_time.resolved
        )
        .to_string()
    };
    match (&a.output, format) {
        (Some(path), Some(format)) => {
            let bytes = reports::save_as(db, s, &r, format, path, a.force).await?;
            out.print(
                &json!({ "path": path, "format": format.as_str(), "bytes": bytes, "report": r }),
                || {
                    format!(
                        "{}\n{}",
                        summary(),
                        t!(
                            "report.saved",
                            date = date.format("%d/%m/%Y").to_string(),
                            path = path.display().to_string()
                        )
                    )
                },
            )?;
        }
        _ => out.print(&r, summary)?,
    }
    Ok(ExitCode::SUCCESS)
}

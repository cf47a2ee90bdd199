//! `motcua ledger --from YYYY-MM-DD --to YYYY-MM-DD -o FILE.pdf|FILE.xlsx`: Mẫu 07 Sổ theo dõi
//! hồ sơ for a period (Vietnam dates, inclusive), the format taken from the file extension.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::Args;
use rust_i18n::t;
use serde_json::json;

use super::Out;
use motcua::store::Db;
use motcua::{Error, reports::ledger};

#[derive(Args)]
pub struct LedgerArgs {
    /// First day (Vietnam date, inclusive), YYYY-MM-DD
    #[arg(long)]
    from: String,
    /// Last day (Vietnam date, inclusive), YYYY-MM-DD
    #[arg(long)]
    to: String,
    /// Output file: .pdf (Mẫu 07, A4 landscape) or .xlsx (Excel)
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
    /// Replace the output file when it exists
    #[arg(long)]
    force: bool,
}

/// Output formats of the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Pdf,
    Xlsx,
}

impl Format {
    fn of(path: &Path) -> Result<Format, Error> {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        match ext.as_deref() {
            Some("pdf") => Ok(Format::Pdf),
            Some("xlsx") => Ok(Format::Xlsx),
            _ => Err(Error::invalid(
                "ledger_format",
                Some("output"),
                t!("ledger.bad_extension", path = path.display().to_string()),
            )),
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Xlsx => "xlsx",
        }
    }
}

fn date(value: &str, field: &'static str) -> Result<NaiveDate, Error> {
    NaiveDate::parse_from_str(value.trim(), "%Y-%m-%d").map_err(|_| {
        Error::invalid(
            "invalid_date",
            Some(field),
            t!("ledger.bad_date", value = value.trim()),
        )
    })
}

pub async fn run(
    db: &Db,
    s: &motcua::accounts::Session,
    a: &LedgerArgs,
    out: &Out,
) -> Result<ExitCode, Error> {
    let format = Format::of(&a.output)?;
    let from = date(&a.from, "from")?;
    let to = date(&a.to, "to")?;
    ledger::check_period(from, to)?;
    motcua::store::output_path::check(&motcua::store::backup::db_path(db), &a.output, a.force)?;
    let rows = ledger::rows(db, s, from, to).await?.len();
    let bytes = match format {
        Format::Pdf => ledger::pdf(db, s, from, to).await?,
        Format::Xlsx => ledger::xlsx(db, s, from, to).await?,
    };
    motcua::store::output_path::write(
        &motcua::store::backup::db_path(db),
        &a.output,
        &bytes,
        a.force,
    )?;
    let path = &a.output;
    out.print(
        &json!({ "path": path, "rows": rows, "format": format.as_str() }),
        || {
            t!(
                "ledger.saved",
                rows = rows,
                path = path.display().to_string()
            )
            .to_string()
        },
    )?;
    Ok(ExitCode::SUCCESS)
}

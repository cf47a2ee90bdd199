//! Báo cáo cuối ngày for the supervisor: the figures of a Vietnam date, saved as PDF or XLSX.

use std::path::{Path, PathBuf};

use motcua::dto::ReportFormat;
use motcua::report::{self, DayReport};
use tauri::State;

use crate::arg::Arg;
use crate::error::CmdResult;
use crate::state::AppState;

/// The report of `date` (YYYY-MM-DD, Vietnam date) for this desk's unit.
#[tauri::command]
pub async fn day_report(state: State<'_, AppState>, date: String) -> CmdResult<DayReport> {
    let s = state.session().await?;
    let day = report::parse_date(&date)?;
    Ok(report::day(&state.db, &s, day, None, chrono::Utc::now()).await?)
}

/// Saves the report of `date` as PDF or XLSX into the forms folder (like `save_form`) and
/// returns the path.
#[tauri::command]
pub async fn save_day_report(
    state: State<'_, AppState>,
    date: String,
    format: Arg<ReportFormat>,
) -> CmdResult<String> {
    let s = state.session().await?;
    let Arg(format) = format;
    let day = report::parse_date(&date)?;
    let r = report::day(&state.db, &s, day, None, chrono::Utc::now()).await?;
    let bytes = match format {
        ReportFormat::Xlsx => report::xlsx_export(&state.db, &s, &r).await?,
        ReportFormat::Pdf => report::pdf(&state.db, &s, &r).await?,
    };
    let path = save(&state.db_path, file_for(&r, format.as_str()), &bytes)?;
    Ok(path.display().to_string())
}

fn file_for(r: &DayReport, ext: &str) -> PathBuf {
    motcua::forms::default_dir().join(format!("bao-cao-ngay-{}.{ext}", r.date))
}

/// Writes into the app's own forms folder (made when missing), replacing the day's earlier
/// report, never one of the desk's own files (`motcua::output_path`).
fn save(db_path: &Path, path: PathBuf, bytes: &[u8]) -> Result<PathBuf, motcua::Error> {
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    motcua::output_path::write(db_path, &path, bytes, true)
}

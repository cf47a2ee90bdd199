//! Báo cáo cuối ngày for the supervisor: the figures of a Vietnam date, saved as PDF or XLSX.

use motcua::dto::ReportFormat;
use motcua::reports::{self, DayReport};
use tauri::State;

use crate::arg::Arg;
use crate::error::CmdResult;
use crate::state::AppState;

/// The report of `date` (YYYY-MM-DD, Vietnam date) for this desk's unit.
#[tauri::command]
pub async fn day_report(state: State<'_, AppState>, date: String) -> CmdResult<DayReport> {
    let s = state.session().await?;
    let day = reports::parse_date(&date)?;
    Ok(reports::day(&state.db, &s, day, None, chrono::Utc::now()).await?)
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
    let day = reports::parse_date(&date)?;
    let r = reports::day(&state.db, &s, day, None, chrono::Utc::now()).await?;
    let path =
        motcua::forms::default_dir().join(format!("bao-cao-ngay-{}.{}", r.date, format.as_str()));
    // The app's own forms folder (made when missing); the day's earlier report is replaced.
    if let Some(dir) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(motcua::Error::from)?;
    }
    reports::save_as(&state.db, &s, &r, format, &path, true).await?;
    Ok(path.display().to_string())
}

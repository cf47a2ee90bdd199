//! Đồng bộ: status for the status bar, "Đồng bộ cuối ngày", enrollment from the settings screen.

use motcua::sync::{self, SyncProblem, SyncStatus};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command]
pub async fn sync_status(state: State<'_, AppState>) -> CmdResult<SyncStatus> {
    // Polled by the status bar: not an activity.
    state.session_passive().await?;
    Ok(sync::status(&state.db).await?)
}

/// Runs one sync now and returns where things stand (errors are in the status, not thrown,
/// so the status bar can show them in plain words).
#[tauri::command]
pub async fn sync_now(state: State<'_, AppState>) -> CmdResult<SyncStatus> {
    let s = state.session().await?;
    let report = sync::sync_now(&state.db, &s, &state.db_path).await?;
    Ok(report.status)
}

#[tauri::command]
pub async fn sync_problems(state: State<'_, AppState>) -> CmdResult<Vec<SyncProblem>> {
    state.session().await?;
    Ok(sync::problems(&state.db).await?)
}

#[tauri::command]
pub async fn enroll(
    state: State<'_, AppState>,
    portal_url: String,
    code: String,
    clerk_name: Option<String>,
    username: Option<String>,
    password: Option<String>,
) -> CmdResult<SyncStatus> {
    // An administrator enrolls a desk that is set up; a fresh desk gets its first account here.
    let s = if motcua::reference::desk::is_initialized(&state.db).await? {
        Some(state.session().await?)
    } else {
        None
    };
    sync::enroll(
        &state.db,
        &state.db_path,
        s.as_ref(),
        &sync::EnrollInput {
            portal_url,
            code,
            desk_name: String::new(),
            clerk_name,
            username: username.unwrap_or_default(),
            password: password.unwrap_or_default(),
        },
    )
    .await?;
    state.sync_wake.notify_one();
    let report = sync::run_once(&state.db, &state.db_path).await?;
    Ok(report.status)
}

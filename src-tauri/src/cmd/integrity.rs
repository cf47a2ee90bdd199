//! Kiểm tra toàn vẹn: tells an administrator when the database file is damaged and which backup
//! to restore (`motcua::store::integrity`, `motcua::accounts::audit::integrity_status`).

use motcua::accounts::audit;
use motcua::store::integrity::IntegrityStatus;
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

/// The database's integrity and, when damaged, the newest backup that verifies (admin).
#[tauri::command]
pub async fn integrity_status(state: State<'_, AppState>) -> CmdResult<IntegrityStatus> {
    let s = state.session().await?;
    Ok(audit::integrity_status(&state.db, &s).await?)
}

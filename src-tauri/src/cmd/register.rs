//! Sổ tra cứu: the register screen's search (filters, sort, paging).

use motcua::dossier::register::{self, RegisterPage, RegisterQuery};
use tauri::State;

use crate::arg::Arg;
use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command]
pub async fn search_register(
    state: State<'_, AppState>,
    query: Arg<RegisterQuery>,
) -> CmdResult<RegisterPage> {
    let s = state.session().await?;
    Ok(register::search(&state.db, &s, &query.0, chrono::Utc::now()).await?)
}

/// The "Chờ trả" count the header polls every few seconds: like `sync_status`, polling is no
/// activity (it needs an unlocked session but does not keep the idle lock from firing).
#[tauri::command]
pub async fn result_ready_count(state: State<'_, AppState>) -> CmdResult<u32> {
    let s = state.session_passive().await?;
    Ok(register::result_ready_count(&state.db, &s, chrono::Utc::now()).await?)
}

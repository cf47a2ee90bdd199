//! Sổ tra cứu: the register screen's search (filters, sort, paging).

use motcua::register::{self, RegisterPage, RegisterQuery};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command]
pub async fn search_register(
    state: State<'_, AppState>,
    query: RegisterQuery,
) -> CmdResult<RegisterPage> {
    let s = state.session().await?;
    Ok(register::search(&state.db, &s, &query, chrono::Utc::now()).await?)
}

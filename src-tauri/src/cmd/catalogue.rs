use motcua::dto::{ProcedureSummary, ProcedureView};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

/// At most this many matches are shown under the search box.
const MAX_RESULTS: usize = 30;

#[tauri::command]
pub async fn search_procedures(
    state: State<'_, AppState>,
    query: String,
) -> CmdResult<Vec<ProcedureSummary>> {
    state.session().await?;
    Ok(motcua::reference::catalogue::search(&state.db, &query, MAX_RESULTS).await?)
}

#[tauri::command]
pub async fn get_procedure(state: State<'_, AppState>, code: String) -> CmdResult<ProcedureView> {
    state.session().await?;
    let (_, p) = motcua::reference::catalogue::get(&state.db, &code).await?;
    Ok(motcua::reference::catalogue::view(&p))
}

use motcua::dto::{DossierSummary, DossierView};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

const LIST_LIMIT: i64 = 500;

#[tauri::command]
pub async fn list_dossiers(
    state: State<'_, AppState>,
    query: String,
    today_only: bool,
) -> CmdResult<Vec<DossierSummary>> {
    let s = state.session().await?;
    Ok(motcua::dossier::list(
        &state.db,
        &s,
        &query,
        today_only,
        chrono::Utc::now(),
        LIST_LIMIT,
    )
    .await?)
}

#[tauri::command]
pub async fn get_dossier(state: State<'_, AppState>, code: String) -> CmdResult<DossierView> {
    let s = state.session().await?;
    Ok(motcua::dossier::view(&state.db, &s, &code).await?)
}

use motcua::dto::{AppStatus, SetupInput};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> CmdResult<AppStatus> {
    Ok(motcua::desk::status(&state.db, &state.db_path.display().to_string()).await?)
}

#[tauri::command]
pub async fn setup(state: State<'_, AppState>, input: SetupInput) -> CmdResult<AppStatus> {
    motcua::desk::setup(&state.db, &input).await?;
    Ok(motcua::desk::status(&state.db, &state.db_path.display().to_string()).await?)
}

#[tauri::command]
pub fn set_locale(locale: String) {
    motcua::i18n::set_locale(&locale);
}

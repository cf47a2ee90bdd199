use motcua::dto::PrintOutcome;
use tauri::State;
use tauri::ipc::Response;

use crate::error::CmdResult;
use crate::state::AppState;

/// The receipt PDF as raw bytes (an ArrayBuffer in the UI) for the preview.
#[tauri::command]
pub async fn receipt_pdf(state: State<'_, AppState>, code: String) -> CmdResult<Response> {
    let (_, bytes) = motcua::receipt::pdf(&state.db, &code).await?;
    Ok(Response::new(bytes))
}

/// Saves the receipt into the receipts folder and returns its path.
#[tauri::command]
pub async fn save_receipt(state: State<'_, AppState>, code: String) -> CmdResult<String> {
    let file = motcua::receipt::default_dir().join(format!("{}.pdf", code.trim()));
    let path = motcua::receipt::save_to(&state.db, &code, &file).await?;
    Ok(path.display().to_string())
}

#[tauri::command]
pub async fn print_receipt(state: State<'_, AppState>, code: String) -> CmdResult<PrintOutcome> {
    Ok(motcua::receipt::print(&state.db, &code).await?)
}

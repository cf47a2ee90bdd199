use motcua::dto::PrintOutcome;
use motcua::forms::{self, FormKind};
use tauri::State;
use tauri::ipc::Response;

use crate::arg::Arg;
use crate::error::CmdResult;
use crate::state::AppState;

/// A form of a dossier as raw PDF bytes (an ArrayBuffer in the UI) for the preview.
#[tauri::command]
pub async fn form_pdf(
    state: State<'_, AppState>,
    kind: Arg<FormKind>,
    code: String,
) -> CmdResult<Response> {
    let s = state.session().await?;
    let (_, bytes) = forms::pdf(&state.db, &s, kind.0, &code).await?;
    Ok(Response::new(bytes))
}

/// Saves a form into the receipts folder and returns its path.
#[tauri::command]
pub async fn save_form(
    state: State<'_, AppState>,
    kind: Arg<FormKind>,
    code: String,
) -> CmdResult<String> {
    let s = state.session().await?;
    let kind = kind.0;
    // The app's own folder: made here when missing (a path typed on the command line must exist).
    let dir = forms::default_dir();
    std::fs::create_dir_all(&dir).map_err(motcua::Error::from)?;
    let file = dir.join(forms::file_name(kind, &code));
    let path = forms::save_to(&state.db, &s, kind, &code, &file).await?;
    Ok(path.display().to_string())
}

#[tauri::command]
pub async fn print_form(
    state: State<'_, AppState>,
    kind: Arg<FormKind>,
    code: String,
) -> CmdResult<PrintOutcome> {
    let s = state.session().await?;
    Ok(forms::print(&state.db, &s, kind.0, &code).await?)
}

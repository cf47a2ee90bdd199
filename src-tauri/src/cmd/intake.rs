use motcua::dto::{DossierView, DuePreview, FeePreview, IntakeInput};
use motcua::reference::fees::FeeInput;
use tauri::State;

use crate::arg::Arg;
use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command]
pub async fn preview_due(
    state: State<'_, AppState>,
    procedure_code: String,
    received_at: Option<String>,
) -> CmdResult<DuePreview> {
    state.session().await?;
    Ok(
        motcua::dossier::intake::preview_due(&state.db, &procedure_code, received_at.as_deref())
            .await?,
    )
}

#[tauri::command]
pub async fn save_intake(
    state: State<'_, AppState>,
    input: Arg<IntakeInput>,
) -> CmdResult<DossierView> {
    let s = state.session().await?;
    let view = motcua::dossier::intake::save(&state.db, &s, &input.0, chrono::Utc::now()).await?;
    // A new outbox row: let the background sync send it now if the portal is reachable.
    state.sync_wake.notify_one();
    Ok(view)
}

#[tauri::command]
pub async fn preview_fee(
    state: State<'_, AppState>,
    procedure_code: String,
    fee: Arg<FeeInput>,
) -> CmdResult<FeePreview> {
    state.session().await?;
    Ok(motcua::dossier::intake::preview_fee(&state.db, &procedure_code, &fee.0).await?)
}

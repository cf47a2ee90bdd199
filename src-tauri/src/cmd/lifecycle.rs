//! Vòng đời hồ sơ from the detail view: move to another status, hand the result out, extend the
//! appointment (Mẫu 04). Each saved change wakes the background sync.

use motcua::dossier::Status;
use motcua::dossier::lifecycle::{self, Recipient};
use motcua::dto::DossierView;
use tauri::State;

use crate::arg::Arg;
use crate::error::CmdResult;
use crate::state::AppState;

/// `to`: in-processing, result-ready, supplement-requested, received, withdrawn or stopped
/// (handed-out goes through `hand_out`); withdrawn and stopped need a reason.
#[tauri::command]
pub async fn move_dossier(
    state: State<'_, AppState>,
    code: String,
    to: Arg<Status>,
    reason: String,
) -> CmdResult<DossierView> {
    let s = state.session().await?;
    let Arg(to) = to;
    let view = lifecycle::move_to(&state.db, &s, &code, to, &reason, chrono::Utc::now()).await?;
    state.sync_wake.notify_one();
    Ok(view)
}

/// Trả kết quả: the recipient (owner, or a proxy with the authorisation).
#[tauri::command]
pub async fn hand_out(
    state: State<'_, AppState>,
    code: String,
    full_name: String,
    id_number: String,
    is_proxy: bool,
    authorisation: Option<String>,
) -> CmdResult<DossierView> {
    let recipient = Recipient {
        full_name,
        id_number,
        is_proxy,
        authorisation,
    };
    let s = state.session().await?;
    let view = lifecycle::hand_out(&state.db, &s, &code, recipient, chrono::Utc::now()).await?;
    state.sync_wake.notify_one();
    Ok(view)
}

/// Gia hạn (Mẫu 04): a later appointment (RFC 3339) with the reason.
#[tauri::command]
pub async fn extend_due(
    state: State<'_, AppState>,
    code: String,
    due_at: String,
    reason: String,
) -> CmdResult<DossierView> {
    let s = state.session().await?;
    let view = motcua::dossier::due_change::extend(
        &state.db,
        &s,
        &code,
        &due_at,
        &reason,
        chrono::Utc::now(),
    )
    .await?;
    state.sync_wake.notify_one();
    Ok(view)
}

/// Đính chính: corrects one detail of the submitter or the owner (`field`: full_name, id_number,
/// phone, email, address, or the same with `owner_`), with the reason. The procedure, the code
/// and the received time are refused (`field_not_correctable`).
#[tauri::command]
pub async fn correct_dossier(
    state: State<'_, AppState>,
    code: String,
    field: String,
    value: String,
    reason: String,
) -> CmdResult<DossierView> {
    let s = state.session().await?;
    let (view, _) = motcua::dossier::correction::correct(
        &state.db,
        &s,
        &code,
        &field,
        &value,
        &reason,
        chrono::Utc::now(),
    )
    .await?;
    state.sync_wake.notify_one();
    Ok(view)
}

//! Quản lý tài khoản (administrator) and the clerk's own password; the core checks the roles.

use motcua::accounts::{self, AccountView, NewAccount};
use tauri::State;

use crate::arg::Arg;
use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command]
pub async fn list_accounts(state: State<'_, AppState>) -> CmdResult<Vec<AccountView>> {
    let s = state.session().await?;
    Ok(accounts::list(&state.db, &s).await?)
}

#[tauri::command]
pub async fn create_account(
    state: State<'_, AppState>,
    input: Arg<NewAccount>,
) -> CmdResult<AccountView> {
    let s = state.session().await?;
    Ok(accounts::create(&state.db, &s, &input.0, chrono::Utc::now()).await?)
}

#[tauri::command]
pub async fn reset_password(
    state: State<'_, AppState>,
    clerk_id: String,
    new_password: String,
) -> CmdResult<()> {
    let s = state.session().await?;
    Ok(
        accounts::reset_password(&state.db, &s, &clerk_id, &new_password, chrono::Utc::now())
            .await?,
    )
}

#[tauri::command]
pub async fn change_password(
    state: State<'_, AppState>,
    old_password: String,
    new_password: String,
) -> CmdResult<()> {
    let s = state.session().await?;
    Ok(accounts::change_own_password(
        &state.db,
        &s,
        &old_password,
        &new_password,
        chrono::Utc::now(),
    )
    .await?)
}

#[tauri::command]
pub async fn set_account_active(
    state: State<'_, AppState>,
    clerk_id: String,
    active: bool,
) -> CmdResult<()> {
    let s = state.session().await?;
    Ok(accounts::set_active(&state.db, &s, &clerk_id, active, chrono::Utc::now()).await?)
}

#[tauri::command]
pub async fn set_idle_lock_minutes(state: State<'_, AppState>, minutes: u32) -> CmdResult<()> {
    let s = state.session().await?;
    Ok(accounts::set_idle_lock_minutes(&state.db, &s, minutes, chrono::Utc::now()).await?)
}

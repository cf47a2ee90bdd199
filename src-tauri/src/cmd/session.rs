//! Đăng nhập / khóa màn hình: the session commands. The backend locks by itself after the idle
//! time (see `AppState::session`); the UI may also lock at once (`lock_session`).

use motcua::accounts::{self, SessionStatus, SessionView};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

#[tauri::command]
pub async fn session_status(state: State<'_, AppState>) -> CmdResult<SessionStatus> {
    let initialized = motcua::reference::desk::is_initialized(&state.db).await?;
    let idle_lock_minutes = accounts::idle_lock_minutes(&state.db).await?;
    // Asking for the status is no activity, but applies the idle lock when it is due.
    state.expire_idle().await?;
    let current = state.peek();
    let last_username = motcua::store::setting(&state.db, "last_username").await?;
    Ok(SessionStatus {
        initialized,
        signed_in: current.is_some(),
        locked: current.as_ref().is_some_and(|(_, l)| *l),
        clerk: current.map(|(s, _)| s.view()),
        idle_lock_minutes,
        last_username,
    })
}

#[tauri::command]
pub async fn sign_in(
    state: State<'_, AppState>,
    username: String,
    password: String,
) -> CmdResult<SessionView> {
    let s = accounts::sign_in(&state.db, &username, &password, chrono::Utc::now()).await?;
    // Whoever was signed in before (a locked session of another clerk) is signed out.
    if let Some(prev) = state.end() {
        if prev.clerk_id() != s.clerk_id() {
            accounts::sign_out(&state.db, &prev, chrono::Utc::now()).await?;
        }
    }
    let view = s.view();
    state.start(s);
    Ok(view)
}

#[tauri::command]
pub async fn sign_out(state: State<'_, AppState>) -> CmdResult<()> {
    if let Some(s) = state.end() {
        accounts::sign_out(&state.db, &s, chrono::Utc::now()).await?;
    }
    Ok(())
}

#[tauri::command]
pub async fn lock_session(state: State<'_, AppState>) -> CmdResult<()> {
    if let Some(s) = state.lock() {
        accounts::lock(&state.db, &s, false, chrono::Utc::now()).await?;
    }
    Ok(())
}

/// The clerk of the locked session types the password again.
#[tauri::command]
pub async fn unlock_session(
    state: State<'_, AppState>,
    password: String,
) -> CmdResult<SessionView> {
    let (locked, _) = state.peek().ok_or(motcua::Error::NotSignedIn)?;
    let s = accounts::unlock(&state.db, &locked, &password, chrono::Utc::now()).await?;
    let view = s.view();
    state.start(s);
    Ok(view)
}

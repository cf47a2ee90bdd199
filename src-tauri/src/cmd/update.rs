//! Cập nhật: what the update banner asks (is a verified newer version waiting?) and the restart
//! into it. The download runs in the background (`motcua::update::run_forever`).

use motcua::update::{self, Ready};
use motcua::version;
use serde::Serialize;
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

#[derive(Serialize)]
pub struct UpdateStatus {
    pub current: String,
    /// A downloaded, verified newer version waiting for a restart.
    pub ready: Option<Ready>,
}

#[tauri::command]
pub async fn update_status(state: State<'_, AppState>) -> CmdResult<UpdateStatus> {
    // Polled by the banner: not an activity.
    state.session_passive().await?;
    Ok(UpdateStatus {
        current: version::CURRENT.to_string(),
        ready: update::ready(&state.db_path)?,
    })
}

/// Installs the waiting version and restarts into it. The UI asks only at a quiet moment (no
/// intake being typed). The database is closed first; a failed install leaves this version
/// running, with the reason shown.
#[tauri::command]
pub async fn update_restart(app: tauri::AppHandle, state: State<'_, AppState>) -> CmdResult<()> {
    state.session().await?;
    let db_path = state.db_path.clone();
    let applied = tauri::async_runtime::spawn_blocking(move || update::install::apply(&db_path))
        .await
        .map_err(|e| motcua::Error::invalid("update_install_failed", None, e.to_string()))??;
    state.db.close().await;
    if applied.finished {
        // Linux: the new program is in place; start it and leave.
        app.restart()
    }
    // Windows: the installer is running and replaces this program: leave so it can.
    app.exit(0);
    Ok(())
}

//! Giới thiệu: what the About view shows, and the provisioning message of the setup screen.

use std::sync::Mutex;

use motcua::error::WireError;
use serde::Serialize;
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

#[derive(Debug, Clone, Serialize)]
pub struct About {
    pub version: String,
    pub build: String,
    pub db_path: String,
    pub unit_code: Option<String>,
    pub unit_name: Option<String>,
    pub desk_name: Option<String>,
}

/// The version, build, database path, unit and desk: for any signed-in clerk (no activity).
#[tauri::command]
pub async fn about(state: State<'_, AppState>) -> CmdResult<About> {
    let s = state.session_passive().await?;
    let st =
        motcua::reference::desk::status(&state.db, &state.db_path.display().to_string(), Some(&s))
            .await?;
    Ok(About {
        version: crate::launch::VERSION.to_string(),
        build: crate::launch::BUILD.to_string(),
        db_path: st.db_path,
        unit_code: st.unit.as_ref().map(|u| u.code.clone()),
        unit_name: st.unit.map(|u| u.name),
        desk_name: st.desk_name,
    })
}

/// Why provisioning at this start did not set the desk up (this start's error, else the record
/// of a file refused before), while the desk is not set up; `None` otherwise.
pub struct ProvisionNotice(pub Mutex<Option<WireError>>);

#[tauri::command]
pub async fn provision_notice(
    state: State<'_, AppState>,
    notice: State<'_, ProvisionNotice>,
) -> CmdResult<Option<WireError>> {
    if motcua::reference::desk::is_initialized(&state.db).await? {
        return Ok(None);
    }
    let now = notice.0.lock().unwrap_or_else(|e| e.into_inner()).clone();
    Ok(now.or_else(|| {
        motcua::provision::notice(&state.db_path).map(|r| WireError {
            code: r.code.unwrap_or_else(|| "provision_refused".into()),
            message: r.message.unwrap_or_default(),
            field: None,
        })
    }))
}

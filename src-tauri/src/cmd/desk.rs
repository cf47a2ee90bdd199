use motcua::dto::{AppStatus, Locale, SetupInput};
use tauri::State;

use crate::arg::Arg;
use crate::error::CmdResult;
use crate::state::AppState;

/// The UI asks for the status as soon as it is mounted: the first call marks "first screen".
/// With `MOTCUA_READY_MARKER=1` the app prints `motcua-ready <unix ms>` once, for the start-up
/// benchmark (scripts/bench-app.sh).
static READY: std::sync::Once = std::sync::Once::new();

#[tauri::command]
pub async fn app_status(state: State<'_, AppState>) -> CmdResult<AppStatus> {
    READY.call_once(|| {
        if std::env::var_os("MOTCUA_READY_MARKER").is_some() {
            let ms = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_millis())
                .unwrap_or(0);
            println!("motcua-ready {ms}");
        }
    });
    let signed_in = state.peek().filter(|(_, locked)| !locked).map(|(s, _)| s);
    Ok(motcua::reference::desk::status(
        &state.db,
        &state.db_path.display().to_string(),
        signed_in.as_ref(),
    )
    .await?)
}

/// First run only (the core refuses a second setup); the first account then signs in.
#[tauri::command]
pub async fn setup(state: State<'_, AppState>, input: Arg<SetupInput>) -> CmdResult<AppStatus> {
    motcua::reference::desk::setup(&state.db, &input.0).await?;
    Ok(
        motcua::reference::desk::status(&state.db, &state.db_path.display().to_string(), None)
            .await?,
    )
}

/// `vi` or `en`; anything else is refused as `invalid_argument`.
#[tauri::command]
pub fn set_locale(locale: Arg<Locale>) -> CmdResult<()> {
    motcua::i18n::switch_to(locale.0.as_str())?;
    Ok(())
}

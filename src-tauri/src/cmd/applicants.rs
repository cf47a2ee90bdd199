use motcua::dto::{ApplicantHit, DossierSummary, IdCardParse};
use tauri::State;

use crate::error::CmdResult;
use crate::state::AppState;

const MAX_HITS: i64 = 8;

#[tauri::command]
pub async fn search_applicants(
    state: State<'_, AppState>,
    query: String,
) -> CmdResult<Vec<ApplicantHit>> {
    let s = state.session().await?;
    Ok(motcua::dossier::applicants::search(&state.db, &s, &query, MAX_HITS).await?)
}

#[tauri::command]
pub async fn open_dossiers(
    state: State<'_, AppState>,
    id_number: String,
    procedure_code: String,
) -> CmdResult<Vec<DossierSummary>> {
    state.session().await?;
    Ok(motcua::dossier::applicants::open_dossiers(&state.db, &id_number, &procedure_code).await?)
}

/// The ID card's QR string as a USB scanner typed it: the card's fields, or every problem found.
#[tauri::command]
pub async fn parse_idcard(state: State<'_, AppState>, text: String) -> CmdResult<IdCardParse> {
    state.session().await?;
    Ok(IdCardParse::from(motcua::identity::idcard::parse(&text)))
}

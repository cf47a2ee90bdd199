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
    Ok(motcua::applicants::search(&state.db, &query, MAX_HITS).await?)
}

#[tauri::command]
pub async fn open_dossiers(
    state: State<'_, AppState>,
    id_number: String,
    procedure_code: String,
) -> CmdResult<Vec<DossierSummary>> {
    Ok(motcua::applicants::open_dossiers(&state.db, &id_number, &procedure_code).await?)
}

/// The ID card's QR string as a USB scanner typed it: the card's fields, or every problem found.
#[tauri::command]
pub fn parse_idcard(text: String) -> IdCardParse {
    IdCardParse::from(motcua::idcard::parse(&text))
}

//! `POST /api/v1/enroll`: one-time code → the desk's credential.

use axum::Json;
use axum::extract::State;
use motcua_protocol::{EnrollRequest, EnrollResponse};

use super::{Body, no_nul, parse_body};
use crate::AppState;
use crate::desks;
use crate::error::Result;

pub async fn enroll(
    State(state): State<AppState>,
    Body(body): Body,
) -> Result<Json<EnrollResponse>> {
    let req: EnrollRequest = parse_body(&body)?;
    no_nul(&[&req.code, &req.desk_name])?;
    let db = state.db.clone();
    Ok(Json(
        super::to_completion(async move { desks::enroll(&db, &req).await }).await?,
    ))
}

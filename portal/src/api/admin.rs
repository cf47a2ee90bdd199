//! API quản trị: what the back office and the province's admin do over HTTP (the same as the
//! CLI's `dossiers list|advance` and `conflicts list`), behind an admin bearer token.
//!
//! - `GET  /api/v1/admin/dossiers?unit=CODE`
//! - `POST /api/v1/admin/dossiers/{code}/advance` `{to, note?, by?}`
//! - `GET  /api/v1/admin/conflicts`

use axum::Json;
use axum::Router;
use axum::extract::{FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::routing::{get, post};
use serde::Deserialize;

use crate::error::Error;
use crate::{AppState, admin, dossiers, push};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/api/v1/admin/dossiers", get(list))
        .route("/api/v1/admin/dossiers/{code}/advance", post(advance))
        .route("/api/v1/admin/conflicts", get(conflicts))
}

/// A request carrying a valid admin token.
pub struct Admin;

impl FromRequestParts<AppState> for Admin {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        if parts
            .extensions
            .get::<crate::access::AdminChecked>()
            .is_some()
        {
            return Ok(Admin);
        }
        let token = super::bearer(parts).unwrap_or("");
        admin::authenticate(&state.db, token).await?;
        Ok(Admin)
    }
}

#[derive(Deserialize)]
struct ListQuery {
    unit: Option<String>,
}

async fn list(
    _: Admin,
    State(state): State<AppState>,
    super::JsonQuery(q): super::JsonQuery<ListQuery>,
) -> Result<Json<Vec<dossiers::DossierRow>>, Error> {
    Ok(Json(dossiers::list(&state.db, q.unit.as_deref()).await?))
}

#[derive(Deserialize)]
struct AdvanceBody {
    to: String,
    #[serde(default)]
    note: String,
    #[serde(default)]
    by: String,
}

async fn advance(
    _: Admin,
    State(state): State<AppState>,
    Path(code): Path<String>,
    super::Body(body): super::Body,
) -> Result<Json<motcua_protocol::DossierStatusChange>, Error> {
    let b: AdvanceBody = super::parse_body(&body)?;
    super::no_nul(&[&b.to, &b.note, &b.by])?;
    let db = state.db.clone();
    Ok(Json(
        super::to_completion(
            async move { dossiers::advance(&db, &code, &b.to, &b.note, &b.by).await },
        )
        .await?,
    ))
}

async fn conflicts(
    _: Admin,
    State(state): State<AppState>,
) -> Result<Json<Vec<push::Conflict>>, Error> {
    Ok(Json(push::conflicts(&state.db).await?))
}

//! Public pages and documents of the portal (no credential): the citizens' lookup page the
//! receipt's QR opens (`/tra-cuu?ma=CODE`, limited per client address), the API description
//! (`/openapi.json`: the protocol is no secret, every route it describes checks its credential)
//! and the health check for a load balancer or a reverse proxy (`/healthz`: says only whether the
//! database answers). Everything else needs a credential ([`crate::access`]).

use axum::Router;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use crate::AppState;
use crate::lookup_page::{self, LookupView};

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/tra-cuu", get(lookup))
        .route("/openapi.json", get(openapi))
        .route("/healthz", get(health))
}

/// `200 {"status":"ok"}` when the database answers, else `503 {code, message}`.
async fn health(State(state): State<AppState>) -> Response {
    match sqlx::query_scalar::<_, i32>("SELECT 1")
        .fetch_one(&state.db.pool)
        .await
    {
        Ok(_) => axum::Json(serde_json::json!({ "status": "ok" })).into_response(),
        Err(e) => {
            eprintln!("motcua-portal: kiểm tra sức khỏe: {e}");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                axum::Json(motcua_protocol::ApiError {
                    code: "unavailable".into(),
                    message: "Cổng không kết nối được cơ sở dữ liệu.".into(),
                }),
            )
                .into_response()
        }
    }
}

#[derive(Deserialize)]
pub struct LookupQuery {
    #[serde(default)]
    ma: String,
    /// The dossier's lookup token, from the receipt's QR code.
    #[serde(default)]
    t: String,
}

/// The dossier's public view, or `None` when the portal has no dossier with that code.
pub async fn find(state: &AppState, code: &str) -> crate::Result<Option<LookupView>> {
    Ok(find_with_token(state, code).await?.map(|(v, _)| v))
}

/// [`find`], with the SHA-256 of the dossier's lookup token (`None`: it has none).
pub async fn find_with_token(
    state: &AppState,
    code: &str,
) -> crate::Result<Option<(LookupView, Option<String>)>> {
    type Row = (
        String,
        String,
        String,
        String,
        i64,
        String,
        Option<String>,
        String,
        String,
        String,
        Option<String>,
    );
    let row: Option<Row> = sqlx::query_as(
        "SELECT d.code, d.procedure_name, d.submitter_name, d.created_payload, d.national_status, d.received_at, d.due_at,
                    u.name, u.place, u.hotline, d.lookup_token_hash
             FROM dossier d JOIN unit u ON u.code = d.unit_code WHERE d.code = $1",
    )
    .bind(code)
    .fetch_optional(&state.db.pool)
    .await?;
    Ok(row.map(
        |(
            code,
            procedure_name,
            submitter_name,
            payload,
            national,
            received_at,
            due_at,
            unit_name,
            unit_place,
            hotline,
            token_hash,
        )| {
            // The owner when the desk recorded one, else the submitter.
            let owner_name = serde_json::from_str::<serde_json::Value>(&payload)
                .ok()
                .and_then(|p| p["owner"]["full_name"].as_str().map(str::to_string))
                .filter(|n| !n.trim().is_empty())
                .unwrap_or(submitter_name);
            (
                LookupView {
                    code,
                    procedure_name,
                    owner_name,
                    national_status: u8::try_from(national).unwrap_or(0),
                    received_at: Some(received_at),
                    due_at,
                    unit_name,
                    unit_place,
                    hotline,
                },
                token_hash,
            )
        },
    ))
}

async fn lookup(
    State(state): State<AppState>,
    crate::api::JsonQuery(q): crate::api::JsonQuery<LookupQuery>,
) -> Response {
    let code = q.ma.trim().to_uppercase();
    if code.is_empty() || code.len() > 64 {
        return (StatusCode::NOT_FOUND, Html(lookup_page::not_found(&code))).into_response();
    }
    match find_with_token(&state, &code).await {
        // The details only with the receipt's token; the bare code says only that the dossier
        // exists and its status.
        Ok(Some((v, hash))) if lookup_page::token_matches(hash.as_deref(), &q.t) => {
            Html(lookup_page::render(&v)).into_response()
        }
        Ok(Some((v, _))) => {
            Html(lookup_page::render_status_only(&v.code, v.national_status)).into_response()
        }
        Ok(None) => (StatusCode::NOT_FOUND, Html(lookup_page::not_found(&code))).into_response(),
        Err(e) => {
            eprintln!("motcua-portal: tra cứu {code}: {e}");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                Html("<!doctype html><html lang=\"vi\"><meta charset=\"utf-8\"><p>Hệ thống tạm thời gián đoạn, xin thử lại sau.</p></html>".to_string()),
            )
                .into_response()
        }
    }
}

/// The OpenAPI 3.1 description of the desk API, kept beside the code in `openapi.json`.
pub const OPENAPI: &str = include_str!("../openapi.json");

async fn openapi() -> Response {
    ([(header::CONTENT_TYPE, "application/json")], OPENAPI).into_response()
}

/// For tests: the document parses.
pub fn openapi_value() -> serde_json::Value {
    serde_json::from_str(OPENAPI).unwrap_or(serde_json::Value::Null)
}

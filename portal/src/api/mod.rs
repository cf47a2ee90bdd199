//! The desk-facing HTTP API (protocol/src/lib.rs): routes, the protocol-version check, the
//! response headers every answer carries, and desk authentication.

pub mod admin;
mod enroll;
mod pull;
mod push;

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::header::{AUTHORIZATION, DATE};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use http_body_util::{BodyExt, LengthLimitError, Limited};
use motcua_protocol::{
    ENROLL_PATH, PROTOCOL_HEADER, PROTOCOL_VERSION, PULL_PATH, PUSH_PATH, SUPPORTED_HEADER,
};

use crate::AppState;
use crate::access::{self, BodyLimit};
use crate::desks::{self, AuthDesk};
use crate::error::Error;

/// Largest push body (a 500-row push of big payloads fits easily); every route's limit is in
/// [`access::ROUTES`].
pub const MAX_BODY_BYTES: usize = access::MAX_PUSH_BODY;

/// The sync API routes, with the protocol-version check. Mount into [`crate::router`].
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(ENROLL_PATH, post(enroll::enroll))
        .route(PUSH_PATH, post(push::push))
        .route(PULL_PATH, get(pull::pull))
        .layer(middleware::from_fn(require_protocol))
}

/// Every request to the sync API must name a protocol version the portal speaks.
async fn require_protocol(req: Request, next: Next) -> Response {
    let version = req
        .headers()
        .get(PROTOCOL_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::trim);
    match version {
        Some(v) if v.parse::<u32>().ok() == Some(PROTOCOL_VERSION) => next.run(req).await,
        Some(v) => Error::ProtocolVersion(format!(
            "Cổng không hỗ trợ phiên bản giao thức «{v}» (cổng hỗ trợ: {PROTOCOL_VERSION}). Hãy cập nhật phần mềm quầy."
        ))
        .into_response(),
        None => Error::ProtocolVersion(format!(
            "Thiếu tiêu đề {PROTOCOL_HEADER} (phiên bản giao thức); cổng hỗ trợ: {PROTOCOL_VERSION}."
        ))
        .into_response(),
    }
}

/// Adds the supported-versions header to every answer, and a `Date` header when the HTTP layer
/// did not (hyper adds one itself; the desk compares it with its own clock).
pub async fn response_headers(req: Request, next: Next) -> Response {
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    h.insert(
        SUPPORTED_HEADER,
        HeaderValue::from_static(supported_versions()),
    );
    if !h.contains_key(DATE)
        && let Ok(v) = HeaderValue::from_str(&httpdate::fmt_http_date(std::time::SystemTime::now()))
    {
        h.insert(DATE, v);
    }
    res
}

fn supported_versions() -> &'static str {
    const _: () = assert!(PROTOCOL_VERSION == 1, "update supported_versions()");
    "1"
}

/// JSON 404 / 405 for paths and methods the portal does not serve.
pub async fn not_found(method: Method) -> Response {
    let status = if method == Method::GET || method == Method::POST {
        StatusCode::NOT_FOUND
    } else {
        StatusCode::METHOD_NOT_ALLOWED
    };
    (
        status,
        Json(motcua_protocol::ApiError {
            code: "not_found".into(),
            message: "Không có địa chỉ này trên cổng.".into(),
        }),
    )
        .into_response()
}

/// Runs database work to its end even if the client hangs up. axum drops a handler's future when
/// the connection closes; dropped in the middle of a transaction, the connection went back to the
/// pool with the transaction still open (sqlx then refuses the next `BEGIN` on it: "attempted to
/// call begin_with at non-zero transaction depth"), and the work was half done. A desk killed
/// during a push must find its batch either stored (acknowledged again on resend) or not at all.
pub async fn to_completion<T, F>(work: F) -> Result<T, Error>
where
    F: std::future::Future<Output = Result<T, Error>> + Send + 'static,
    T: Send + 'static,
{
    tokio::spawn(work)
        .await
        .map_err(|e| Error::Internal(format!("tác vụ dừng bất thường: {e}")))?
}

/// The token of `Authorization: Bearer <token>`, if any.
pub fn bearer(parts: &Parts) -> Option<&str> {
    bearer_of(&parts.headers)
}

/// [`bearer`] from a header map.
pub fn bearer_of(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .filter(|t| !t.is_empty())
}

/// The desk behind `Authorization: Bearer <token>` (checked once by [`access::guard`]).
pub struct Authed(pub AuthDesk);

impl FromRequestParts<AppState> for Authed {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Error> {
        if let Some(desk) = parts.extensions.get::<AuthDesk>() {
            return Ok(Authed(desk.clone()));
        }
        let token = bearer(parts).ok_or_else(Error::unauthorized)?;
        Ok(Authed(desks::authenticate(&state.db, token).await?))
    }
}

/// Reads a JSON body into `T`, answering a JSON `invalid` error (not axum's plain text) when it
/// does not parse.
pub fn parse_body<T: serde::de::DeserializeOwned>(body: &[u8]) -> Result<T, Error> {
    serde_json::from_slice(body).map_err(|e| {
        Error::invalid(
            "invalid",
            format!("Nội dung yêu cầu không đúng định dạng JSON: {e}"),
        )
    })
}

/// Whether JSON text holds a NUL character (`\u0000`; a raw NUL byte is not JSON anyway).
/// PostgreSQL text cannot store one: a value with it would fail its query with a 500.
pub fn has_nul(json: &[u8]) -> bool {
    json.contains(&0) || json.windows(6).any(|w| w == b"\\u0000")
}

/// Refuses text that holds a NUL character (JSON 400 `invalid`): enrollment and admin commands
/// store their strings as they are.
pub fn no_nul(fields: &[&str]) -> Result<(), Error> {
    if fields.iter().any(|f| f.contains('\0')) {
        return Err(Error::invalid(
            "invalid",
            "Nội dung yêu cầu chứa ký tự NUL (\\u0000), không hợp lệ.",
        ));
    }
    Ok(())
}

/// A query string read into `T`, answering a JSON 400 `invalid` (not axum's plain text) when it
/// does not parse, e.g. a parameter given twice.
pub struct JsonQuery<T>(pub T);

impl<T: serde::de::DeserializeOwned, S: Send + Sync> FromRequestParts<S> for JsonQuery<T> {
    type Rejection = Error;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Error> {
        axum::extract::Query::<T>::try_from_uri(&parts.uri)
            .map(|q| JsonQuery(q.0))
            .map_err(|e| {
                Error::invalid(
                    "invalid",
                    format!(
                        "Tham số truy vấn không hợp lệ (mỗi tham số chỉ được ghi một lần): {e}"
                    ),
                )
            })
    }
}

/// The request body, read up to the route's limit ([`access::ROUTES`]); a larger one is a JSON
/// 413 `too_large` (axum's own answer would be plain text).
pub struct Body(pub Bytes);

impl<S: Send + Sync> FromRequest<S> for Body {
    type Rejection = Error;

    async fn from_request(req: Request, _: &S) -> Result<Self, Error> {
        let limit = req
            .extensions()
            .get::<BodyLimit>()
            .map_or(access::MAX_ADMIN_BODY, |l| l.0);
        match Limited::new(req.into_body(), limit).collect().await {
            Ok(body) => Ok(Body(body.to_bytes())),
            Err(e) if e.downcast_ref::<LengthLimitError>().is_some() => {
                Err(access::too_large(limit))
            }
            Err(e) if crate::connections::is_body_timeout(&*e) => Err(Error::Timeout(
                "Nội dung yêu cầu đến quá chậm; cổng đã dừng chờ. Hãy gửi lại.".into(),
            )),
            Err(e) => Err(Error::invalid(
                "invalid",
                format!("Không đọc được nội dung yêu cầu: {e}"),
            )),
        }
    }
}

//! Kiểm soát truy cập: who may call which route, how often and with how much.
//!
//! Every route of the portal is in [`ROUTES`] with its [`Access`] and its largest body. One
//! middleware ([`guard`]) runs on every matched route, before the handler: it counts the request
//! against the client address's limit, refuses a declared body above the route's size, checks the
//! credential the route needs and counts the request against that credential's limit. A route
//! missing from [`ROUTES`] is refused to everyone (401, and a line in the log): access is denied
//! by default, so a new route cannot be served without a decision about who may call it.
//!
//! Another middleware ([`request_shape`]) bounds the request line and the headers of every request,
//! routes or not.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, MatchedPath, Request, State};
use axum::http::header::{ACCEPT, CONTENT_LENGTH};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Response};
use motcua_protocol::release::{RELEASE_FILE_PATH, RELEASE_LATEST_PATH};
use motcua_protocol::{ENROLL_PATH, PULL_PATH, PUSH_PATH};

use crate::desks::{self, AuthDesk};
use crate::error::Error;
use crate::{AppState, admin, secret};

/// Who may call a route.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// Anyone: documents with no data (the API description, the health check).
    Public,
    /// Anyone, limited per client address: the citizens' lookup page (`/tra-cuu`).
    Lookup,
    /// The one-time enrollment code in the body is the credential; failures are limited per
    /// client address.
    EnrollCode,
    /// An enrolled, not revoked desk's bearer token.
    Desk,
    /// An admin bearer token (`motcua-portal admin token`).
    Admin,
}

/// One route of the portal.
#[derive(Debug, Clone, Copy)]
pub struct RouteSpec {
    pub method: &'static str,
    /// As given to axum (`{param}` for path parameters).
    pub path: &'static str,
    pub access: Access,
    /// Largest request body in bytes (0: the route takes none).
    pub max_body: usize,
}

/// Largest push body (a 500-row push of big payloads fits easily).
pub const MAX_PUSH_BODY: usize = 16 * 1024 * 1024;
/// Largest enrollment body (a code and a desk name).
pub const MAX_ENROLL_BODY: usize = 16 * 1024;
/// Largest admin command body.
pub const MAX_ADMIN_BODY: usize = 64 * 1024;
/// Longest request line (path and query); a dossier code is under 64 characters.
pub const MAX_URI_BYTES: usize = 2048;
/// Largest sum of header names and values.
pub const MAX_HEADER_BYTES: usize = 16 * 1024;

/// Every route the portal serves. A route served but not listed here is refused to everyone.
pub const ROUTES: &[RouteSpec] = &[
    RouteSpec {
        method: "POST",
        path: ENROLL_PATH,
        access: Access::EnrollCode,
        max_body: MAX_ENROLL_BODY,
    },
    RouteSpec {
        method: "POST",
        path: PUSH_PATH,
        access: Access::Desk,
        max_body: MAX_PUSH_BODY,
    },
    RouteSpec {
        method: "GET",
        path: PULL_PATH,
        access: Access::Desk,
        max_body: 0,
    },
    // Desk releases (src/releases.rs): the newest for a platform, and its package.
    RouteSpec {
        method: "GET",
        path: RELEASE_LATEST_PATH,
        access: Access::Desk,
        max_body: 0,
    },
    RouteSpec {
        method: "GET",
        path: RELEASE_FILE_PATH,
        access: Access::Desk,
        max_body: 0,
    },
    RouteSpec {
        method: "GET",
        path: "/api/v1/admin/dossiers",
        access: Access::Admin,
        max_body: 0,
    },
    RouteSpec {
        method: "POST",
        path: "/api/v1/admin/dossiers/{code}/advance",
        access: Access::Admin,
        max_body: MAX_ADMIN_BODY,
    },
    RouteSpec {
        method: "GET",
        path: "/api/v1/admin/conflicts",
        access: Access::Admin,
        max_body: 0,
    },
    RouteSpec {
        method: "GET",
        path: "/tra-cuu",
        access: Access::Lookup,
        max_body: 0,
    },
    RouteSpec {
        method: "GET",
        path: "/openapi.json",
        access: Access::Public,
        max_body: 0,
    },
    RouteSpec {
        method: "GET",
        path: "/healthz",
        access: Access::Public,
        max_body: 0,
    },
];

/// The spec of a matched route (HEAD is served by GET routes).
pub fn find(method: &Method, path: &str) -> Option<&'static RouteSpec> {
    let m = if method == Method::HEAD {
        "GET"
    } else {
        method.as_str()
    };
    ROUTES.iter().find(|r| r.method == m && r.path == path)
}

/// The TCP peer of a connection (set by [`crate::serve`] and [`crate::serve_tls`]).
#[derive(Debug, Clone, Copy)]
pub struct ClientAddr(pub SocketAddr);

impl
    axum::extract::connect_info::Connected<axum::serve::IncomingStream<'_, tokio::net::TcpListener>>
    for ClientAddr
{
    fn connect_info(s: axum::serve::IncomingStream<'_, tokio::net::TcpListener>) -> Self {
        ClientAddr(*s.remote_addr())
    }
}

impl
    axum::extract::connect_info::Connected<axum::serve::IncomingStream<'_, crate::tls::TlsListener>>
    for ClientAddr
{
    fn connect_info(s: axum::serve::IncomingStream<'_, crate::tls::TlsListener>) -> Self {
        ClientAddr(*s.remote_addr())
    }
}

/// The body limit of the matched route, for [`crate::api::Body`].
#[derive(Debug, Clone, Copy)]
pub struct BodyLimit(pub usize);

/// The admin token was checked by [`guard`].
#[derive(Debug, Clone, Copy)]
pub struct AdminChecked;

/// Access control of every matched route (see the module docs).
pub async fn guard(State(state): State<AppState>, mut req: Request, next: Next) -> Response {
    let matched = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_default();
    let Some(spec) = find(req.method(), &matched) else {
        if ROUTES.iter().any(|r| r.path == matched) {
            // A listed route asked with another method (axum would say 405 too), with the
            // methods it takes in `Allow` (RFC 9110).
            let allow = allowed_methods(&matched);
            let mut res = (
                StatusCode::METHOD_NOT_ALLOWED,
                axum::Json(motcua_protocol::ApiError {
                    code: "method_not_allowed".into(),
                    message: format!("Địa chỉ này không nhận phương thức {}.", req.method()),
                }),
            )
                .into_response();
            if let Ok(v) = HeaderValue::from_str(&allow) {
                res.headers_mut().insert(axum::http::header::ALLOW, v);
            }
            return res;
        }
        eprintln!(
            "motcua-portal: {} {} không có trong bảng quyền truy cập (access::ROUTES): từ chối",
            req.method(),
            req.uri().path()
        );
        return Error::unauthorized().into_response();
    };
    let peer = req
        .extensions()
        .get::<ConnectInfo<ClientAddr>>()
        .map(|c| c.0.0);
    let limits = &state.limits;
    let client = limits.client_key(peer, req.headers());
    if let Err(wait) = limits.per_ip.take(&client) {
        return refuse(&req, Error::rate_limited("từ địa chỉ này", wait));
    }
    let declared = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<u64>().ok());
    if declared.is_some_and(|n| n > spec.max_body as u64) {
        return refuse(&req, too_large(spec.max_body));
    }
    req.extensions_mut().insert(BodyLimit(spec.max_body));
    match spec.access {
        Access::Public => next.run(req).await,
        Access::Lookup => match limits.lookup.take(&client) {
            Ok(()) => next.run(req).await,
            Err(wait) => refuse(&req, Error::rate_limited("tra cứu hồ sơ", wait)),
        },
        Access::EnrollCode => {
            if let Err(wait) = limits.enroll_failures.take(&client) {
                return refuse(&req, Error::rate_limited("đăng ký quầy với mã sai", wait));
            }
            let res = next.run(req).await;
            if res.status().is_success() {
                limits.enroll_failures.give_back(&client);
            }
            res
        }
        Access::Desk => {
            let desk: AuthDesk = match bearer(&req) {
                None => return Error::unauthorized().into_response(),
                Some(token) => match desks::authenticate(&state.db, &token).await {
                    Ok(d) => d,
                    Err(e) => return e.into_response(),
                },
            };
            let version = req
                .headers()
                .get(motcua_protocol::DESK_VERSION_HEADER)
                .and_then(|v| v.to_str().ok());
            if let Err(e) = desks::seen(&state.db, &desk.id, version).await {
                return e.into_response();
            }
            if let Err(wait) = limits.per_token.take(&format!("desk:{}", desk.id)) {
                return Error::rate_limited("của quầy này", wait).into_response();
            }
            req.extensions_mut().insert(desk);
            next.run(req).await
        }
        Access::Admin => {
            let token = bearer(&req).unwrap_or_default();
            if let Err(e) = admin::authenticate(&state.db, &token).await {
                return e.into_response();
            }
            if let Err(wait) = limits
                .per_token
                .take(&format!("admin:{}", secret::hash(&token)))
            {
                return Error::rate_limited("với khóa quản trị này", wait).into_response();
            }
            req.extensions_mut().insert(AdminChecked);
            next.run(req).await
        }
    }
}

/// The methods `path` is served with, for `Allow` (GET routes answer HEAD too).
pub fn allowed_methods(path: &str) -> String {
    let mut methods: Vec<&str> = Vec::new();
    for r in ROUTES.iter().filter(|r| r.path == path) {
        methods.push(r.method);
        if r.method == "GET" {
            methods.push("HEAD");
        }
    }
    methods.join(", ")
}

fn bearer(req: &Request) -> Option<String> {
    crate::api::bearer_of(req.headers()).map(str::to_string)
}

pub fn too_large(max: usize) -> Error {
    let size = if max >= 1024 * 1024 {
        format!("{} MiB", max / (1024 * 1024))
    } else if max >= 1024 {
        format!("{} KiB", max / 1024)
    } else {
        format!("{max} byte")
    };
    if max == 0 {
        Error::TooLarge("Địa chỉ này không nhận nội dung gửi kèm.".into())
    } else {
        Error::TooLarge(format!(
            "Nội dung gửi lên quá lớn (tối đa {size}); hãy chia nhỏ."
        ))
    }
}

/// An error answer; an HTML page instead of JSON when a browser asks for one (a citizen opening
/// the lookup page should read a sentence, not JSON). The status and headers are the same.
fn refuse(req: &Request, e: Error) -> Response {
    let wants_html = req
        .headers()
        .get(ACCEPT)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.contains("text/html"));
    if !wants_html {
        return e.into_response();
    }
    let page = format!(
        "<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\"><title>Xin thử lại sau</title></head>\
<body><p>{}</p></body></html>\n",
        crate::lookup_page::esc(&e.to_string())
    );
    let mut html = (e.status(), Html(page)).into_response();
    if let Error::RateLimited { retry_after, .. } = &e {
        html.headers_mut().insert(
            axum::http::header::RETRY_AFTER,
            HeaderValue::from(*retry_after),
        );
    }
    html
}

/// Bounds the request line and the headers of every request.
pub async fn request_shape(req: Request, next: Next) -> Response {
    let uri_len = req.uri().path_and_query().map_or(0, |p| p.as_str().len());
    if uri_len > MAX_URI_BYTES {
        return refuse(
            &req,
            Error::UriTooLong(format!(
                "Địa chỉ yêu cầu quá dài ({uri_len} byte, tối đa {MAX_URI_BYTES})."
            )),
        );
    }
    // A NUL character cannot be stored in PostgreSQL text (the query would fail with a 500);
    // no code, unit or parameter of the portal has one.
    let has_nul = req
        .uri()
        .path_and_query()
        .is_some_and(|p| p.as_str().to_ascii_lowercase().contains("%00"));
    if has_nul {
        return refuse(
            &req,
            Error::invalid(
                "invalid",
                "Địa chỉ yêu cầu chứa ký tự NUL (%00), không hợp lệ.",
            ),
        );
    }
    let header_len: usize = req
        .headers()
        .iter()
        .map(|(k, v)| k.as_str().len() + v.len())
        .sum();
    if header_len > MAX_HEADER_BYTES {
        return refuse(
            &req,
            Error::HeadersTooLarge(format!(
                "Tiêu đề yêu cầu quá lớn ({header_len} byte, tối đa {MAX_HEADER_BYTES})."
            )),
        );
    }
    next.run(req).await
}

//! Lỗi của cổng: typed errors with a stable `code` and a Vietnamese `message`. Over HTTP they
//! become a JSON [`ApiError`] with the matching status; on the command line, a message and a
//! non-zero exit.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use motcua_protocol::ApiError;

pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Every `code` an HTTP answer of the portal can carry. The API description
/// (`portal/openapi.json`, `ApiError.code`) lists exactly these, and a test
/// (`tests/openapi_spec.rs`) checks both that and that every code written in the portal's source
/// is here or in [`CLI_ONLY_CODES`], so the three cannot drift apart.
pub const HTTP_CODES: &[&str] = &[
    "unauthorized",
    "revoked",
    "protocol_version",
    "invalid",
    "too_large",
    "uri_too_long",
    "headers_too_large",
    "rate_limited",
    "request_timeout",
    "not_found",
    "method_not_allowed",
    "unavailable",
    "internal",
    "invalid_status",
    "transition_not_allowed",
    "reason_required",
    "ambiguous",
    "dossier_not_found",
    // Desk releases (src/releases.rs).
    "invalid_platform",
    "invalid_version",
    "release_not_found",
    "range_not_satisfiable",
];

/// Codes only the command line shows (units, desks, reference files, TLS files).
pub const CLI_ONLY_CODES: &[&str] = &[
    "tls",
    // The SQLite database's encryption key (src/db_key.rs).
    "db_key",
    "file_unreadable",
    "invalid_holidays",
    "unit_exists",
    "unit_not_found",
    "desk_slots_full",
    "busy",
    "already_revoked",
    "desk_not_found",
    // `release publish|withdraw` (src/releases.rs).
    "already_withdrawn",
    "bad_signature",
    "release_exists",
    "wrong_package_format",
    // `serve` / `national push` with a wrong national configuration (src/national).
    "invalid_national_config",
];

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input from a person, a file or a desk (400).
    #[error("{message}")]
    Invalid { code: &'static str, message: String },
    /// Something asked for does not exist (404).
    #[error("{message}")]
    NotFound { code: &'static str, message: String },
    /// The request is refused for who sent it (401): `unauthorized` or `revoked`.
    #[error("{message}")]
    Auth { code: &'static str, message: String },
    /// Missing or unsupported protocol version header (400 `protocol_version`).
    #[error("{0}")]
    ProtocolVersion(String),
    /// Batch or body larger than the portal accepts (413 `too_large`).
    #[error("{0}")]
    TooLarge(String),
    /// Request line longer than the portal accepts (414 `uri_too_long`).
    #[error("{0}")]
    UriTooLong(String),
    /// Request headers larger than the portal accepts (431 `headers_too_large`).
    #[error("{0}")]
    HeadersTooLarge(String),
    /// The request body stalled (408 `request_timeout`).
    #[error("{0}")]
    Timeout(String),
    /// Too many requests (429 `rate_limited`), with the seconds to wait (`Retry-After`).
    #[error("{message}")]
    RateLimited { message: String, retry_after: u64 },
    /// A fault of the portal itself (500).
    #[error("{0}")]
    Internal(String),
    #[error("Lỗi cơ sở dữ liệu: {0}")]
    Database(#[from] sqlx::Error),
    #[error("Lỗi nâng cấp cơ sở dữ liệu: {0}")]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("Lỗi đọc/ghi: {0}")]
    Io(#[from] std::io::Error),
}

impl Error {
    pub fn invalid(code: &'static str, message: impl Into<String>) -> Self {
        Error::Invalid {
            code,
            message: message.into(),
        }
    }

    pub fn not_found(code: &'static str, message: impl Into<String>) -> Self {
        Error::NotFound {
            code,
            message: message.into(),
        }
    }

    pub fn unauthorized() -> Self {
        Error::Auth {
            code: "unauthorized",
            message: "Quầy chưa được xác thực: thiếu hoặc sai mã truy cập. Hãy đăng ký lại quầy với mã do quản trị cổng cấp.".into(),
        }
    }

    /// 429 after `wait`: the message says how long, in Vietnamese.
    pub fn rate_limited(what: &str, wait: std::time::Duration) -> Self {
        let secs = crate::rate_limit::retry_after_secs(wait);
        let after = if secs < 120 {
            format!("{secs} giây")
        } else {
            format!("{} phút", secs.div_ceil(60))
        };
        Error::RateLimited {
            message: format!("Quá nhiều yêu cầu {what}. Xin thử lại sau {after}."),
            retry_after: secs,
        }
    }

    pub fn revoked() -> Self {
        Error::Auth {
            code: "revoked",
            message: "Quầy này đã bị thu hồi quyền đồng bộ. Liên hệ quản trị cổng để đăng ký lại."
                .into(),
        }
    }

    /// Stable machine-readable code (`ApiError::code`).
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid { code, .. }
            | Error::NotFound { code, .. }
            | Error::Auth { code, .. } => code,
            Error::ProtocolVersion(_) => "protocol_version",
            Error::TooLarge(_) => "too_large",
            Error::UriTooLong(_) => "uri_too_long",
            Error::HeadersTooLarge(_) => "headers_too_large",
            Error::RateLimited { .. } => "rate_limited",
            Error::Timeout(_) => "request_timeout",
            Error::Internal(_) | Error::Database(_) | Error::Migration(_) | Error::Io(_) => {
                "internal"
            }
        }
    }

    pub fn status(&self) -> StatusCode {
        match self {
            // A move the dossier's current status does not allow: the request is well formed but
            // conflicts with the dossier's state (409), like a repeat of a move already made.
            Error::Invalid {
                code: "transition_not_allowed",
                ..
            } => StatusCode::CONFLICT,
            Error::Invalid { .. } | Error::ProtocolVersion(_) => StatusCode::BAD_REQUEST,
            Error::NotFound { .. } => StatusCode::NOT_FOUND,
            Error::Auth { .. } => StatusCode::UNAUTHORIZED,
            Error::TooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
            Error::UriTooLong(_) => StatusCode::URI_TOO_LONG,
            Error::HeadersTooLarge(_) => StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE,
            Error::RateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            Error::Timeout(_) => StatusCode::REQUEST_TIMEOUT,
            Error::Internal(_) | Error::Database(_) | Error::Migration(_) | Error::Io(_) => {
                StatusCode::INTERNAL_SERVER_ERROR
            }
        }
    }

    pub fn to_api(&self) -> ApiError {
        ApiError {
            code: self.code().to_string(),
            message: self.to_string(),
        }
    }
}

impl IntoResponse for Error {
    fn into_response(self) -> Response {
        let status = self.status();
        if status.is_server_error() {
            eprintln!("motcua-portal: {self}");
        }
        let body = if status.is_server_error() {
            // Internal details stay in the log; the desk only needs to know it may retry.
            ApiError {
                code: "internal".into(),
                message: "Cổng gặp lỗi nội bộ; quầy sẽ tự gửi lại sau.".into(),
            }
        } else {
            self.to_api()
        };
        let mut res = (status, axum::Json(body)).into_response();
        if let Error::RateLimited { retry_after, .. } = &self {
            res.headers_mut()
                .insert(axum::http::header::RETRY_AFTER, (*retry_after).into());
        }
        res
    }
}

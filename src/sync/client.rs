//! The HTTP client of the sync protocol (`motcua-protocol`): one method per endpoint, every
//! answer classified into [`SyncError`] kinds and the portal's clock read from its `Date` header.

use std::time::Duration;

use chrono::{DateTime, Utc};
use motcua_protocol as proto;
use reqwest::StatusCode;
use rust_i18n::t;
use serde::de::DeserializeOwned;

use crate::error::sync::{SyncError, SyncErrorKind};

/// A successful answer and what the portal's clock said when it sent it.
#[derive(Debug)]
pub struct Answer<T> {
    pub body: T,
    pub portal_time: Option<DateTime<Utc>>,
}

#[derive(Debug, Clone)]
pub struct PortalClient {
    http: reqwest::Client,
    base: String,
    token: Option<String>,
}

impl PortalClient {
    /// `base` is the portal's address, e.g. `http://127.0.0.1:8080`.
    pub fn new(base: &str, token: Option<String>) -> Result<Self, SyncError> {
        let base = base.trim().trim_end_matches('/').to_string();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return Err(SyncError::new(
                SyncErrorKind::Rejected,
                "invalid_portal_url",
                t!("sync.bad_url", url = base),
            ));
        }
        let http = reqwest::Client::builder()
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(60))
            .user_agent(concat!("motcua-desk/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(SyncError::network)?;
        Ok(PortalClient { http, base, token })
    }

    pub fn base(&self) -> &str {
        &self.base
    }

    pub async fn enroll(
        &self,
        req: &proto::EnrollRequest,
    ) -> Result<Answer<proto::EnrollResponse>, SyncError> {
        self.send(self.http.post(self.url(proto::ENROLL_PATH)).json(req))
            .await
    }

    pub async fn push(
        &self,
        req: &proto::PushRequest,
    ) -> Result<Answer<proto::PushResponse>, SyncError> {
        self.send(self.http.post(self.url(proto::PUSH_PATH)).json(req))
            .await
    }

    pub async fn pull(
        &self,
        cursor: i64,
        limit: u32,
    ) -> Result<Answer<proto::PullResponse>, SyncError> {
        let url = format!(
            "{}?cursor={cursor}&limit={limit}",
            self.url(proto::PULL_PATH)
        );
        self.send(self.http.get(url)).await
    }

    fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    async fn send<T: DeserializeOwned>(
        &self,
        mut rb: reqwest::RequestBuilder,
    ) -> Result<Answer<T>, SyncError> {
        rb = rb.header(proto::PROTOCOL_HEADER, proto::PROTOCOL_VERSION.to_string());
        rb = rb.header(proto::DESK_VERSION_HEADER, crate::VERSION);
        if let Some(token) = &self.token {
            rb = rb.bearer_auth(token);
        }
        let resp = rb.send().await.map_err(SyncError::network)?;
        let status = resp.status();
        let portal_time = resp
            .headers()
            .get(reqwest::header::DATE)
            .and_then(|v| v.to_str().ok())
            .and_then(parse_http_date);
        let bytes = resp.bytes().await.map_err(SyncError::network)?;
        if status.is_success() {
            let body = serde_json::from_slice(&bytes).map_err(|e| {
                // A 2xx whose body does not parse was cut off or mangled on the way.
                SyncError::new(
                    SyncErrorKind::Retryable,
                    "bad_answer",
                    t!("sync.bad_answer", detail = e.to_string()),
                )
            })?;
            return Ok(Answer { body, portal_time });
        }
        let api: Option<proto::ApiError> = serde_json::from_slice(&bytes).ok();
        Err(classify(status, api))
    }
}

/// Maps a non-2xx status (and the portal's `{code, message}` when there is one) to a class.
pub fn classify(status: StatusCode, api: Option<proto::ApiError>) -> SyncError {
    let (code, message) = match api {
        Some(e) => (e.code, e.message),
        None => (
            format!("http_{}", status.as_u16()),
            t!("sync.http_status", status = status.to_string()).to_string(),
        ),
    };
    let kind = match status.as_u16() {
        401 | 403 => SyncErrorKind::Auth,
        413 => SyncErrorKind::TooLarge,
        408 | 429 => SyncErrorKind::Retryable,
        400..=499 => SyncErrorKind::Rejected,
        _ => SyncErrorKind::Retryable,
    };
    let message = match kind {
        SyncErrorKind::Auth => t!("sync.auth", detail = message).to_string(),
        SyncErrorKind::Retryable => t!("sync.server", detail = message).to_string(),
        _ => message,
    };
    SyncError::new(kind, code, message)
}

/// An HTTP `Date` header (IMF-fixdate, e.g. `Fri, 27 Nov 2026 05:00:00 GMT`).
pub fn parse_http_date(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc2822(s.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_dates_parse() {
        let t = parse_http_date("Fri, 27 Nov 2026 05:00:00 GMT").expect("date");
        assert_eq!(t.to_rfc3339(), "2026-11-27T05:00:00+00:00");
        assert!(parse_http_date("yesterday").is_none());
    }

    #[test]
    fn statuses_are_classed_as_design_md_says() {
        let k = |s: u16| classify(StatusCode::from_u16(s).unwrap(), None).kind;
        assert_eq!(k(500), SyncErrorKind::Retryable);
        assert_eq!(k(503), SyncErrorKind::Retryable);
        assert_eq!(k(429), SyncErrorKind::Retryable);
        assert_eq!(k(401), SyncErrorKind::Auth);
        assert_eq!(k(403), SyncErrorKind::Auth);
        assert_eq!(k(413), SyncErrorKind::TooLarge);
        assert_eq!(k(400), SyncErrorKind::Rejected);
        assert_eq!(k(422), SyncErrorKind::Rejected);
    }

    #[test]
    fn portal_message_is_kept() {
        let e = classify(
            StatusCode::UNAUTHORIZED,
            Some(proto::ApiError {
                code: "revoked".into(),
                message: "Quầy đã bị thu hồi".into(),
            }),
        );
        assert_eq!(e.code, "revoked");
        assert!(e.message.contains("Quầy đã bị thu hồi"), "{}", e.message);
    }
}

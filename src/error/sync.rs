//! Lỗi đồng bộ: what can go wrong talking to the portal, classed as design.md says, because each
//! class is handled differently: retry later, quarantine one row, or stop and ask for enrollment.

use rust_i18n::t;

/// How the sync loop must react.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SyncErrorKind {
    /// Network down, timeout, 5xx, 429, a cut-off answer: try again later with backoff.
    Retryable,
    /// 401/403: the credential is wrong or the desk was revoked; stop until re-enrollment.
    Auth,
    /// 4xx on what was sent: the content is at fault, not the network.
    Rejected,
    /// 413: the batch was too large for the portal; send fewer rows at a time.
    TooLarge,
    /// This desk is not enrolled with a portal yet.
    NotEnrolled,
}

#[derive(Debug, Clone, thiserror::Error)]
#[error("{message}")]
pub struct SyncError {
    pub kind: SyncErrorKind,
    /// Stable code (`network`, `server`, `unauthorized`, `revoked`, `rejected`, …).
    pub code: String,
    /// In plain words, in the current language, for the status bar.
    pub message: String,
}

impl SyncError {
    pub fn new(kind: SyncErrorKind, code: impl Into<String>, message: impl Into<String>) -> Self {
        SyncError {
            kind,
            code: code.into(),
            message: message.into(),
        }
    }

    pub fn network(detail: impl std::fmt::Display) -> Self {
        Self::new(
            SyncErrorKind::Retryable,
            "network",
            t!("sync.network", detail = detail.to_string()),
        )
    }

    pub fn not_enrolled() -> Self {
        Self::new(
            SyncErrorKind::NotEnrolled,
            "not_enrolled",
            t!("sync.not_enrolled"),
        )
    }

    pub fn is_retryable(&self) -> bool {
        self.kind == SyncErrorKind::Retryable
    }

    pub fn kind_str(&self) -> &'static str {
        match self.kind {
            SyncErrorKind::Retryable => "retryable",
            SyncErrorKind::Auth => "auth",
            SyncErrorKind::Rejected => "rejected",
            SyncErrorKind::TooLarge => "too_large",
            SyncErrorKind::NotEnrolled => "not_enrolled",
        }
    }
}

//! Typed errors of the core. Each has a stable `code` and a translated `message`; that pair is
//! what crosses the IPC and CLI boundaries (`{code, message, field}`), never an internal chain.

pub mod sync;

use rust_i18n::t;
use serde::Serialize;

/// The result type of the core.
pub type Result<T, E = Error> = std::result::Result<T, E>;

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Bad input from a person or a file; `field` names the form field when there is one.
    #[error("{message}")]
    Invalid {
        code: &'static str,
        field: Option<&'static str>,
        message: String,
    },
    /// A thing that was asked for does not exist.
    #[error("{message}")]
    NotFound { code: &'static str, message: String },
    /// The desk has not been set up yet (no unit, desk or clerk).
    #[error("{}", t!("error.not_initialized"))]
    NotInitialized,
    #[error("{}", t!("error.database", detail = .0.to_string()))]
    Database(#[from] sqlx::Error),
    #[error("{}", t!("error.migration", detail = .0.to_string()))]
    Migration(#[from] sqlx::migrate::MigrateError),
    #[error("{}", t!("error.io", detail = .0.to_string()))]
    Io(#[from] std::io::Error),
    #[error("{}", t!("error.calendar", detail = .0.to_string()))]
    Calendar(#[from] motcua_calendar::CalendarError),
    #[error("{}", t!("error.document", detail = .0.to_string()))]
    Document(#[from] motcua_documents::DocumentError),
    #[error("{}", t!("error.print", detail = .0))]
    Print(String),
    /// Talking to the portal failed; the message says what to do.
    #[error("{0}")]
    Sync(#[from] self::sync::SyncError),
    /// No clerk is signed in.
    #[error("{}", t!("accounts.not_signed_in"))]
    NotSignedIn,
    /// The app locked itself after the idle time; the same clerk signs in again.
    #[error("{}", t!("accounts.session_locked"))]
    SessionLocked,
    /// The signed-in clerk's role does not allow the action; names the action and the role needed.
    #[error("{}", t!("accounts.forbidden", action = .action, role = .role))]
    Forbidden { action: String, role: String },
    /// Unknown sign-in name or wrong password (the same error for both).
    #[error("{}", t!("accounts.bad_credentials"))]
    BadCredentials,
    /// Too many failed sign-ins in a row; `until` is Vietnam time.
    #[error("{}", t!("accounts.account_locked", until = .until))]
    AccountLocked { until: String },
    #[error("{}", t!("accounts.account_disabled"))]
    AccountDisabled,
    /// The account has no password yet (a desk set up before accounts existed).
    #[error("{}", t!("accounts.password_not_set", username = .0))]
    PasswordNotSet(String),
    #[error("{}", t!("accounts.weak_password"))]
    WeakPassword,
    /// The encrypted database did not open with the key it was given (a wrong
    /// `MOTCUA_DB_PASSPHRASE`, another desk's key, or not a desk database at all).
    #[error("{}", t!("store.wrong_key", path = .path))]
    WrongKey { path: String },
    /// A backup that cannot be used: it does not open with its key, is damaged, or is not a desk
    /// database.
    #[error("{}", t!("store.bad_backup", path = .path, detail = .detail))]
    BadBackup { path: String, detail: String },
    /// The database file is damaged: its integrity check failed, or its first page no longer
    /// opens with a key that still opens the desk's backups (src/store/integrity.rs).
    #[error("{}", t!("store.damaged", path = .path, detail = .detail))]
    Damaged { path: String, detail: String },
}

/// A catalogue file the contract's parser refused, in the current language (`invalid_catalogue`).
impl From<motcua_protocol::catalogue::CatalogueError> for Error {
    fn from(e: motcua_protocol::catalogue::CatalogueError) -> Self {
        use motcua_protocol::catalogue::{
            CatalogueError as C, FORMAT, MAX_FEE, ProcedureProblem as P,
        };
        let message = match e {
            C::BadJson(detail) => t!("catalogue.bad_json", detail = detail),
            C::BadFormat(value) => t!("catalogue.bad_format", value = value, expected = FORMAT),
            C::Empty => t!("catalogue.empty"),
            C::BadCutoff(value) => t!("catalogue.bad_cutoff", value = value),
            C::BadProcedure { code, problem } => {
                let reason = match problem {
                    P::MissingCodeOrName => t!("catalogue.missing_code_or_name"),
                    P::DuplicateCode => t!("catalogue.duplicate_code"),
                    P::NoDelivery => t!("catalogue.no_delivery"),
                    P::BadForm(value) => t!("catalogue.bad_form", value = value),
                    P::BadDates => t!("catalogue.bad_dates"),
                    P::ZeroSets => t!("catalogue.zero_sets"),
                    P::BadFee(value) => t!("catalogue.bad_fee", value = value, max = MAX_FEE),
                    P::BadDuration(detail) => t!("catalogue.bad_duration", detail = detail),
                };
                t!("catalogue.bad_procedure", code = code, reason = reason)
            }
        };
        Error::invalid("invalid_catalogue", None, message)
    }
}

impl Error {
    /// A validation error on one form field, with a translated message.
    pub fn invalid(
        code: &'static str,
        field: Option<&'static str>,
        message: impl Into<String>,
    ) -> Self {
        Error::Invalid {
            code,
            field,
            message: message.into(),
        }
    }

    /// A command argument that does not deserialise into its type (an unknown enum value, a
    /// wrong shape): `invalid_argument` on that argument, with serde's detail (cut short).
    pub fn bad_argument(field: &'static str, detail: &str) -> Self {
        let detail: String = detail.chars().take(200).collect();
        Error::invalid(
            "invalid_argument",
            Some(field),
            rust_i18n::t!("limits.bad_argument", field = field, detail = detail),
        )
    }

    pub fn not_found(code: &'static str, message: impl Into<String>) -> Self {
        Error::NotFound {
            code,
            message: message.into(),
        }
    }

    /// Stable machine-readable code, e.g. `invalid_id_number`.
    pub fn code(&self) -> &'static str {
        match self {
            Error::Invalid { code, .. } | Error::NotFound { code, .. } => code,
            Error::NotInitialized => "not_initialized",
            Error::Database(_) => "database",
            Error::Migration(_) => "migration",
            Error::Io(_) => "io",
            Error::Calendar(_) => "calendar",
            Error::Document(_) => "document",
            Error::Print(_) => "print",
            Error::NotSignedIn => "not_signed_in",
            Error::SessionLocked => "session_locked",
            Error::Forbidden { .. } => "forbidden",
            Error::BadCredentials => "bad_credentials",
            Error::AccountLocked { .. } => "account_locked",
            Error::AccountDisabled => "account_disabled",
            Error::PasswordNotSet(_) => "password_not_set",
            Error::WeakPassword => "weak_password",
            Error::WrongKey { .. } => "wrong_db_key",
            Error::BadBackup { .. } => "bad_backup",
            Error::Damaged { .. } => "db_damaged",
            Error::Sync(e) => match e.code.as_str() {
                "network" => "sync_network",
                "not_enrolled" => "not_enrolled",
                _ => match e.kind {
                    self::sync::SyncErrorKind::Auth => "sync_auth",
                    self::sync::SyncErrorKind::Retryable => "sync_retryable",
                    _ => "sync_rejected",
                },
            },
        }
    }

    pub fn field(&self) -> Option<&'static str> {
        match self {
            Error::Invalid { field, .. } => *field,
            Error::WeakPassword => Some("password"),
            _ => None,
        }
    }

    /// The wire shape of an error.
    pub fn to_wire(&self) -> WireError {
        WireError {
            code: self.code().to_string(),
            message: self.to_string(),
            field: self.field().map(str::to_string),
        }
    }
}

/// `{code, message, field}`: how an error crosses the IPC/CLI boundary.
#[derive(Debug, Clone, Serialize, ts_rs::TS)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct WireError {
    pub code: String,
    pub message: String,
    pub field: Option<String>,
}

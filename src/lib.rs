//! Một Cửa Desk core: everything the reception desk does that can be tested without a window.
//!
//! The Tauri shell (`src-tauri`) and the `motcua` CLI both call these functions; neither holds
//! business logic of its own.

rust_i18n::i18n!("locales", fallback = "vi");

pub mod accounts;
pub mod applicants;
pub mod audit;
pub mod audit_anchor;
pub mod backdate;
pub mod catalogue;
pub mod cli;
pub mod clock;
pub mod desk;
pub mod dossier;
pub mod dossier_correction;
pub mod dto;
pub mod due_change;
pub mod error;
pub mod fees;
pub mod forms;
pub mod handout_fee;
pub mod holidays;
pub mod i18n;
pub mod idcard;
pub mod identity;
pub mod intake;
pub mod ledger;
pub mod lifecycle;
pub mod limits;
pub mod lookup_token;
pub mod mask;
pub mod online_only;
pub mod outbox;
pub mod output_path;
pub mod print_os;
pub mod print_spool;
pub mod printable;
pub mod provision;
pub mod register;
pub mod report;
pub mod search_text;
pub mod signers;
pub mod store;
pub mod sync;
pub mod tax_code;
pub mod update;

pub use error::{Error, Result};

/// The desk's version (the `motcua` crate's, the same as the app's): `motcua --version`, the
/// About view, and the `x-motcua-desk-version` header of every sync request.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
pub use motcua_calendar as calendar;
pub use motcua_documents as documents;

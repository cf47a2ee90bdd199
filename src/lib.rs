//! Một Cửa Desk core: everything the reception desk does that can be tested without a window.
//!
//! The Tauri shell (`src-tauri`) and the `motcua` CLI both call these functions; neither holds
//! business logic of its own.

rust_i18n::i18n!("locales", fallback = "vi");

pub mod accounts;
pub mod clock;
pub mod dossier;
pub mod dto;
pub mod error;
pub mod forms;
pub mod i18n;
pub mod identity;
pub mod limits;
pub mod mask;
pub mod printable;
pub mod provision;
pub mod reference;
pub mod reports;
pub mod search_text;
pub mod store;
pub mod sync;
pub mod update;
pub mod version;

pub use error::{Error, Result};

/// The desk's version (the `motcua` crate's, the same as the app's): `motcua --version`, the
/// About view, and the `x-motcua-desk-version` header of every sync request.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
pub use motcua_calendar as calendar;
pub use motcua_documents as documents;

//! Thin `#[tauri::command]`s, one file per area; each calls one core function.

pub mod about;
pub mod accounts;
pub mod applicants;
pub mod catalogue;
pub mod desk;
pub mod dossiers;
pub mod forms;
pub mod intake;
pub mod integrity;
pub mod lifecycle;
pub mod register;
pub mod report;
pub mod session;
pub mod sync;
pub mod update;

//! Language of messages: Vietnamese by default, English switchable.

/// Locales the desk ships.
pub const LOCALES: [&str; 2] = ["vi", "en"];

/// Sets the process-wide locale; unknown locales fall back to Vietnamese.
pub fn set_locale(locale: &str) -> &'static str {
    let chosen = LOCALES
        .iter()
        .copied()
        .find(|l| *l == locale)
        .unwrap_or("vi");
    rust_i18n::set_locale(chosen);
    chosen
}

/// Vietnamese at start-up (rust-i18n starts in "en", see stack-notes.md), or `MOTCUA_LANG`.
pub fn init_from_env() -> &'static str {
    let wanted = std::env::var("MOTCUA_LANG").unwrap_or_else(|_| "vi".to_string());
    set_locale(&wanted)
}

pub fn current() -> String {
    rust_i18n::locale().to_string()
}

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

/// Switches the language to exactly `locale` (`vi` or `en`): what the app's language switch
/// sends, so anything else is a mistake (`invalid_locale`), not a silent fallback.
pub fn switch_to(locale: &str) -> crate::Result<&'static str> {
    let chosen = LOCALES
        .iter()
        .copied()
        .find(|l| *l == locale)
        .ok_or_else(|| {
            let shown: String = locale.chars().take(16).collect();
            crate::Error::invalid(
                "invalid_locale",
                Some("locale"),
                rust_i18n::t!("limits.locale", value = shown, allowed = LOCALES.join(", ")),
            )
        })?;
    rust_i18n::set_locale(chosen);
    Ok(chosen)
}

/// Vietnamese at start-up (rust-i18n starts in "en", see stack-notes.md), or `MOTCUA_LANG`.
pub fn init_from_env() -> &'static str {
    let wanted = std::env::var("MOTCUA_LANG").unwrap_or_else(|_| "vi".to_string());
    set_locale(&wanted)
}

pub fn current() -> String {
    rust_i18n::locale().to_string()
}

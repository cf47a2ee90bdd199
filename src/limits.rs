//! Giới hạn độ dài: the longest text each kind of field accepts. Every core entry point that takes
//! free text from a person or the UI checks it here first, so an over-long value is a typed
//! validation error (`too_long`, naming the field) instead of a hang (a 1 MiB unit name in a PDF) or
//! a raw database error (a 1 MiB `LIKE` pattern). Lengths are counted in characters, not bytes.

use rust_i18n::t;

use crate::{Error, Result};

/// Short labels and codes: a hotline, a desk name, a document's number and date.
pub const SHORT: usize = 100;
/// A person's, unit's or document's name.
pub const NAME: usize = 200;
/// A postal address, a place, a URL.
pub const ADDRESS: usize = 500;
/// A search box.
pub const QUERY: usize = 200;
/// A reason or a note (lý do, ghi chú).
pub const REASON: usize = 2000;
/// A password (argon2 hashes any length; nobody types more).
pub const PASSWORD: usize = 256;

/// `Ok` when `value` has at most `max` characters; otherwise `too_long` on `field`.
pub fn text(field: &'static str, value: &str, max: usize) -> Result<()> {
    // `nth(max)` stops after max + 1 characters: a 1 MiB value is not walked to its end.
    if value.chars().nth(max).is_none() {
        Ok(())
    } else {
        Err(Error::invalid(
            "too_long",
            Some(field),
            t!("limits.too_long", field = label(field), max = max),
        ))
    }
}

/// The field's label (`field.<name>` in the locale files), or a generic one.
pub(crate) fn label(field: &'static str) -> String {
    let key = format!("field.{field}");
    let l = t!(&key).to_string();
    if l.ends_with(&key) {
        t!("limits.value").to_string()
    } else {
        l
    }
}

/// `Ok` when a list has at most `max` items; otherwise `too_many` on `field`.
pub fn count(field: &'static str, n: usize, max: usize) -> Result<()> {
    if n <= max {
        Ok(())
    } else {
        Err(Error::invalid(
            "too_many",
            Some(field),
            t!("limits.too_many", field = label(field), max = max),
        ))
    }
}

/// [`text`] on an optional value (absent is fine).
pub fn opt_text(field: &'static str, value: Option<&str>, max: usize) -> Result<()> {
    value.map_or(Ok(()), |v| text(field, v, max))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_characters_not_bytes() {
        // "Đ" is two bytes in UTF-8: five of them are 10 bytes but 5 characters.
        assert!(text("unit_name", &"Đ".repeat(5), 5).is_ok());
        let e = text("unit_name", &"Đ".repeat(6), 5).expect_err("too long");
        assert_eq!(e.code(), "too_long");
        assert_eq!(e.field(), Some("unit_name"));
        assert!(text("x", "", 0).is_ok());
        assert!(opt_text("x", None, 0).is_ok());
        assert!(opt_text("x", Some("ab"), 1).is_err());
    }
}

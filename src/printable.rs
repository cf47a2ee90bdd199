//! Ký tự in được: text that will be printed on a form (Mẫu 01 and the others) is checked before it
//! is saved, so that a saved dossier can always print. Refused, with the field and the character
//! named:
//!
//! - any character the bundled form font (Liberation Serif, all three faces) has no glyph for,
//!   read from its character map ([`motcua_documents::fonts::prints`]): `李小龍`, emoji;
//! - invisible formatting characters: the bidirectional controls U+202A-U+202E and U+2066-U+2069
//!   (and the marks U+200E, U+200F, U+061C), zero-width characters (U+200B-U+200D, U+2060,
//!   U+FEFF), the soft hyphen; a value made only of them and spaces is refused as such;
//! - control characters (escape, NUL, …); line breaks and tabs only in multi-line fields
//!   (reasons), never in one-line fields (names, addresses, numbers).
//!
//! Text is checked in NFC, the form the documents crate prints (so decomposed Vietnamese is fine).

use rust_i18n::t;
use unicode_normalization::UnicodeNormalization;

use crate::dto::{Applicant, IntakeInput};
use crate::{Error, Result};

/// Invisible formatting characters (Unicode category Cf) that have no place in a form's text.
fn is_invisible(ch: char) -> bool {
    matches!(
        ch,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
    )
}

fn is_bidi_control(ch: char) -> bool {
    matches!(ch, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// How a character is shown in a message: itself when visible, and its code point.
fn shown(ch: char) -> String {
    if ch.is_control() || is_invisible(ch) {
        format!("U+{:04X}", u32::from(ch))
    } else {
        format!("«{ch}» (U+{:04X})", u32::from(ch))
    }
}

fn refuse(field: &'static str, key: &str, ch: Option<char>) -> Error {
    let label = crate::limits::label(field);
    let ch = ch.map(shown).unwrap_or_default();
    Error::invalid(
        "unprintable",
        Some(field),
        t!(key, field = label, ch = ch).to_string(),
    )
}

fn check(field: &'static str, value: &str, multi_line: bool) -> Result<()> {
    let mut visible = false;
    let mut invisible = false;
    for ch in value.nfc() {
        if ch == '\n' || ch == '\r' || ch == '\t' {
            if multi_line {
                continue;
            }
            return Err(refuse(field, "printable.line_break", Some(ch)));
        }
        if ch.is_control() {
            return Err(refuse(field, "printable.control", Some(ch)));
        }
        if is_bidi_control(ch) {
            return Err(refuse(field, "printable.bidi", Some(ch)));
        }
        if is_invisible(ch) {
            invisible = true;
            continue;
        }
        if ch.is_whitespace() && ch != ' ' {
            // No-break and other spaces print as a space once NFC-cleaned? Only ' ' is sure.
            if motcua_documents::fonts::prints(ch) {
                continue;
            }
            return Err(refuse(field, "printable.no_glyph", Some(ch)));
        }
        if ch != ' ' {
            visible = true;
        }
        if !motcua_documents::fonts::prints(ch) {
            return Err(refuse(field, "printable.no_glyph", Some(ch)));
        }
    }
    if invisible && !visible {
        return Err(refuse(field, "printable.invisible_only", None));
    }
    if let Some(ch) = value.chars().find(|c| is_invisible(*c)) {
        return Err(refuse(field, "printable.invisible", Some(ch)));
    }
    Ok(())
}

/// A one-line field (a name, an address, a number): no line breaks.
pub fn one_line(field: &'static str, value: &str) -> Result<()> {
    check(field, value, false)
}

/// A multi-line field (a reason, a note): line breaks allowed.
pub fn multi_line(field: &'static str, value: &str) -> Result<()> {
    check(field, value, true)
}

/// [`one_line`] on an optional value.
pub fn opt_one_line(field: &'static str, value: Option<&str>) -> Result<()> {
    value.map_or(Ok(()), |v| one_line(field, v))
}

fn applicant(a: &Applicant, owner: bool) -> Result<()> {
    let f = |plain: &'static str, own: &'static str| if owner { own } else { plain };
    one_line(f("full_name", "owner_full_name"), &a.full_name)?;
    one_line(f("id_number", "owner_id_number"), &a.id_number)?;
    one_line(f("phone", "owner_phone"), &a.phone)?;
    one_line(f("email", "owner_email"), &a.email)?;
    one_line(f("address", "owner_address"), &a.address)?;
    Ok(())
}

/// Every text of an intake that a form prints.
pub fn intake(input: &IntakeInput) -> Result<()> {
    applicant(&input.submitter, false)?;
    if let Some(o) = &input.owner {
        applicant(o, true)?;
    }
    for d in &input.documents {
        one_line("documents", &d.name)?;
    }
    for m in input.missing.as_deref().unwrap_or(&[]) {
        one_line("missing", &m.name)?;
        multi_line("missing", &m.reason)?;
    }
    if let Some(r) = input.refusal_reason.as_deref() {
        multi_line("refusal_reason", r)?;
    }
    opt_one_line("authorisation", input.authorisation.as_deref())?;
    if let Some(o) = &input.due_override {
        multi_line("reason", &o.reason)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vietnamese_prints_and_the_rest_is_named() {
        for ok in [
            "Nguyễn Thị Ánh Tuyết",
            "Nguye\u{0302}\u{0303}n",
            "Thôn Đông, Tân Phú",
            "",
        ] {
            assert!(one_line("full_name", ok).is_ok(), "{ok}");
        }
        let e = one_line("full_name", "李小龍").unwrap_err();
        assert_eq!((e.code(), e.field()), ("unprintable", Some("full_name")));
        assert!(e.to_string().contains('李'), "{e}");
        assert!(
            one_line("full_name", "An 😀")
                .unwrap_err()
                .to_string()
                .contains("1F600")
        );
        let e = one_line("address", "Thôn \u{2066}Đông").unwrap_err();
        assert!(e.to_string().contains("U+2066"), "{e}");
        assert!(one_line("address", "a\u{202E}b").is_err());
        assert!(one_line("full_name", "\u{200B}\u{200B}").is_err());
        assert!(one_line("full_name", "An\u{200D}").is_err());
        assert!(one_line("full_name", "An\u{1b}[31m").is_err());
        assert!(one_line("full_name", "An\nBình").is_err());
        assert!(one_line("full_name", "An\rBình").is_err());
        assert!(multi_line("reason", "Dòng 1\nDòng 2").is_ok());
        assert!(multi_line("reason", "x\u{1b}").is_err());
    }
}

//! Phần dùng chung của các phiếu một cửa (Mẫu 01-05, biên lai): what every
//! desk form is made of, on top of [`crate::layout`].
//!
//! - [`prepare`]: NFC-clean and check every field once; the header fields.
//! - [`copies`]: one [`Flow`](crate::layout::Flow) per copy, each at the
//!   largest body size at which it fits one A5 page.
//! - [`blocks`]: the title block (title, dossier code, copy label, Code 39),
//!   labelled lines with dots, tables, signatures.
//! - [`letter`]: the one-copy notices (Mẫu 02, 03, ...): header, title,
//!   intake paragraph, the form's body, hotline, signature.
//! - [`sentences`]: the body sentences the forms share ("... tiếp nhận hồ sơ
//!   của Ông/Bà ...", "Nội dung yêu cầu giải quyết: ...").

pub(crate) mod authority;
pub(crate) mod blocks;
pub(crate) mod copies;
pub(crate) mod letter;
pub(crate) mod prepare;
pub(crate) mod scale;
pub(crate) mod sentences;

pub(crate) use authority::{Authority, AuthorityLetter, render_authority_letter};
pub(crate) use blocks::{
    Heading, Signer, draw_heading, label_value, labelled, para, signatures, table_style,
};
pub(crate) use copies::{Copy, render_copies};
pub(crate) use letter::{Contact, Letter, Notice, notice_of, render_letter};
pub(crate) use prepare::{Head, field};
pub(crate) use scale::Scale;

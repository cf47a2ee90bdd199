//! Biểu mẫu: official forms of the one-stop-shop desk rendered as PDF.
//!
//! - [`render_receipt`]: Mẫu 01, Giấy tiếp nhận hồ sơ và hẹn trả kết quả.
//! - [`layout`]: the reusable pieces (page, text measuring, flow, tables,
//!   QR and Code 39) for the other forms.
//!
//! Fonts: Liberation Serif (SIL OFL 1.1), embedded and subset.

mod date_format;
mod error;
pub mod fonts;
pub mod layout;
mod naming;
mod receipt;
pub mod text;

pub use date_format::{format_date_vn, format_short_date_vn, format_time_date_vn};
pub use error::DocumentError;
pub use naming::unit_name_in_sentence;
pub use receipt::{COPY_LABELS, DocumentLine, Person, ReceiptData, render_receipt};

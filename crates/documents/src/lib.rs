//! Biểu mẫu: official forms of the one-stop-shop desk rendered as PDF.
//!
//! - [`render_receipt`]: Mẫu 01, Giấy tiếp nhận hồ sơ và hẹn trả kết quả.
//! - [`render_supplement_request`]: Mẫu 02, Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.
//! - [`render_refusal`]: Mẫu 03, Phiếu từ chối tiếp nhận giải quyết hồ sơ.
//! - [`render_fee_receipt`]: Biên lai thu phí, lệ phí (two copies), with
//!   [`amount_in_words_vi`] and [`format_dong`] for the amounts.
//! - [`layout`]: the reusable pieces (page, text measuring, flow, tables,
//!   QR and Code 39) for the other forms.
//!
//! Fonts: Liberation Serif (SIL OFL 1.1), embedded and subset.

mod compose;
mod date_format;
mod error;
mod fee_receipt;
pub mod fonts;
pub mod layout;
mod ledger;
mod money;
mod naming;
mod receipt;
mod refusal;
mod supplement;
pub mod text;

pub use date_format::{format_date_vn, format_short_date_vn, format_time_date_vn};
pub use error::DocumentError;
pub use fee_receipt::{FEE_RECEIPT_COPY_LABELS, FeeLine, FeeReceiptData, render_fee_receipt};
pub use ledger::{
    LEDGER_COLUMNS, LEDGER_TITLE, LedgerData, LedgerRow, format_ledger_time, ledger_period,
    render_ledger,
};
pub use money::{amount_in_words_vi, format_dong, format_thousands_vn};
pub use naming::unit_name_in_sentence;
pub use receipt::{COPY_LABELS, DocumentLine, Person, ReceiptData, render_receipt};
pub use refusal::{REFUSAL_TITLE, RefusalData, render_refusal};
pub use supplement::{
    MissingItem, SUPPLEMENT_TITLE, SupplementRequestData, render_supplement_request,
};

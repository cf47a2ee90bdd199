//! Biểu mẫu: official forms of the one-stop-shop desk rendered as PDF.
//!
//! - [`render_receipt`]: Mẫu 01, Giấy tiếp nhận hồ sơ và hẹn trả kết quả.
//! - [`render_supplement_request`]: Mẫu 02, Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ.
//! - [`render_refusal`]: Mẫu 03, Phiếu từ chối tiếp nhận giải quyết hồ sơ.
//! - [`render_apology`]: Mẫu 04, Văn bản xin lỗi và đề nghị gia hạn thời gian
//!   giải quyết.
//! - [`render_stop_notice`]: Mẫu 05, Thông báo dừng giải quyết hồ sơ.
//! - [`render_control_sheet`]: Mẫu 06, Phiếu kiểm soát quá trình giải quyết hồ sơ.
//! - [`render_handover`]: Biên nhận trả kết quả giải quyết hồ sơ (hand-out).
//! - [`render_fee_receipt`]: Biên lai thu phí, lệ phí (two copies), with
//!   [`amount_in_words_vi`] and [`format_dong`] for the amounts.
//! - [`layout`]: the reusable pieces (page, text measuring, flow, tables,
//!   QR and Code 39) for the other forms.
//!
//! Fonts: Liberation Serif (SIL OFL 1.1), embedded and subset.

mod apology;
mod compose;
mod control_sheet;
mod date_format;
mod error;
mod fee_receipt;
pub mod fonts;
mod handover;
mod header;
pub mod layout;
mod ledger;
mod money;
mod naming;
mod receipt;
mod refusal;
pub mod report_day;
mod stop;
mod supplement;
pub mod text;

pub use apology::{APOLOGY_TITLE, ApologyData, render_apology};
pub use compose::authority::{AUTHORITY_SIGN_HINT, AuthoritySigner};
pub use control_sheet::{
    CONTROL_SHEET_ATTACHED, CONTROL_SHEET_COLUMNS, CONTROL_SHEET_TITLE, ControlSheetData,
    ControlStep, render_control_sheet,
};
pub use date_format::{format_date_vn, format_short_date_vn, format_time_date_vn};
pub use error::DocumentError;
pub use fee_receipt::{FEE_RECEIPT_COPY_LABELS, FeeLine, FeeReceiptData, render_fee_receipt};
pub use handover::{HANDOVER_TITLE, HandoverData, render_handover};
pub use header::FormHeader;
pub use ledger::{
    LEDGER_COLUMNS, LEDGER_TITLE, LedgerData, LedgerRow, format_ledger_time, ledger_period,
    render_ledger,
};
pub use money::{amount_in_words_vi, format_dong, format_thousands_vn};
pub use naming::unit_name_in_sentence;
pub use receipt::{COPY_LABELS, DocumentLine, Person, ReceiptData, render_receipt};
pub use refusal::{REFUSAL_TITLE, RefusalData, render_refusal};
pub use stop::{STOP_TITLE, StopCause, StopNoticeData, render_stop_notice};
pub use supplement::{
    MissingItem, SUPPLEMENT_TITLE, SupplementRequestData, render_supplement_request,
};

//! Mẫu 01 — Giấy tiếp nhận hồ sơ và hẹn trả kết quả (TT 03/2025/TT-VPCP,
//! formerly Mẫu 01 of TT 01/2018/TT-VPCP). A5 portrait, two copies:
//! "Liên 1: Lưu" and "Liên 2: Giao khách hàng".

mod body;
mod footer;
mod form;
mod prepare;

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::compose::{Copy, render_copies};
use crate::error::DocumentError;
use crate::fonts::FontBook;

/// Nhãn hai liên của giấy tiếp nhận.
pub const COPY_LABELS: [&str; 2] = ["Liên 1: Lưu", "Liên 2: Giao khách hàng"];

/// Người nộp hồ sơ. Trường rỗng được in thành dòng chấm để viết tay.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Person {
    /// Danh xưng: "Ông", "Bà" hoặc "Ông/Bà" (rỗng = "Ông/Bà").
    pub honorific: String,
    /// Họ và tên.
    pub full_name: String,
    /// Địa chỉ.
    pub address: String,
    /// Số điện thoại.
    pub phone: String,
    /// Thư điện tử.
    pub email: String,
    /// Số căn cước / hộ chiếu.
    pub id_number: String,
}

/// Một thành phần hồ sơ và số bản theo từng loại.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentLine {
    /// Tên giấy tờ.
    pub name: String,
    /// Số bản chính.
    pub original: u32,
    /// Số bản chứng thực.
    pub certified: u32,
    /// Số bản photo.
    pub photocopy: u32,
}

/// Dữ liệu in Giấy tiếp nhận hồ sơ và hẹn trả kết quả (Mẫu 01).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReceiptData {
    /// Cơ quan chủ quản, e.g. "UBND TỈNH ĐỒNG NAI".
    pub parent_authority: String,
    /// Tên đơn vị tiếp nhận, e.g. "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN PHÚ".
    pub unit_name: String,
    /// Địa danh ghi trước ngày tháng, e.g. "Tân Phú".
    pub place: String,
    /// Mã hồ sơ, e.g. "000.00.31.H29-260205-0001" (also printed as Code 39).
    pub code: String,
    /// Ngày lập giấy (giờ Việt Nam).
    pub issued_on: NaiveDate,
    /// Người nộp hồ sơ.
    pub submitter: Person,
    /// Chủ hồ sơ, nếu khác người nộp.
    pub owner_name: Option<String>,
    /// Giấy tờ của chủ hồ sơ, printed after its name: "Mã số thuế: 0101234567" for a business
    /// (rỗng = không in).
    #[serde(default)]
    pub owner_identifier: String,
    /// Tư cách của người nộp khi không phải chủ hồ sơ, e.g. "Người được ủy quyền" (rỗng = không in).
    #[serde(default)]
    pub submitter_capacity: String,
    /// Văn bản ủy quyền của người nộp (rỗng = không in).
    #[serde(default)]
    pub authorisation: String,
    /// Nội dung yêu cầu giải quyết (tên thủ tục).
    pub procedure_name: String,
    /// Thành phần hồ sơ.
    pub documents: Vec<DocumentLine>,
    /// Số lượng hồ sơ (bộ).
    pub sets_count: u32,
    /// Thời gian giải quyết theo quy định, e.g. "05 ngày làm việc", "trong ngày".
    pub duration_text: String,
    /// Thời điểm nhận hồ sơ (giờ Việt Nam).
    pub received_at: NaiveDateTime,
    /// Thời điểm hẹn trả; `None` = "Không hẹn ngày trả".
    pub due_at: Option<NaiveDateTime>,
    /// Nơi/cách nhận kết quả, e.g. "Tại Bộ phận Một cửa", "Qua dịch vụ bưu chính công ích".
    pub delivery_text: String,
    /// Phí, lệ phí, e.g. "8.000 đồng (Thu trước)": printed after "Phí, lệ phí: " unless it
    /// already names the fee ("Lệ phí: ...", "Phí ...").
    pub fee_text: String,
    /// Sổ theo dõi hồ sơ: quyển số.
    pub ledger_book: String,
    /// Sổ theo dõi hồ sơ: số thứ tự.
    pub ledger_number: u32,
    /// Địa chỉ tra cứu (in ra và mã hoá QR).
    pub lookup_url: String,
    /// Đường dây nóng.
    pub hotline: String,
    /// Họ tên cán bộ tiếp nhận.
    pub clerk_name: String,
    /// Đính chính: the date of the latest correction of the applicant's details, when the
    /// receipt is reprinted after one; the receipt is then marked "BẢN ĐÍNH CHÍNH ngày …".
    #[serde(default)]
    pub corrected_on: Option<NaiveDate>,
}

/// Dựng Giấy tiếp nhận hồ sơ và hẹn trả kết quả thành PDF (A5, hai liên).
///
/// Every string is NFC-normalised; a character the font cannot print, a code
/// that Code 39 cannot encode or a URL too long for a QR code is an error
/// rather than a silently wrong receipt.
pub fn render_receipt(data: &ReceiptData) -> Result<Vec<u8>, DocumentError> {
    let form = prepare::Form::new(data, FontBook::get()?)?;
    let reference = format!("Mã hồ sơ: {}", form.code);
    let copies = COPY_LABELS.map(|label| Copy::new(Some(label), Some(&reference), form::TITLE));
    render_copies(
        &format!("Giấy tiếp nhận hồ sơ và hẹn trả kết quả - {}", form.code),
        &copies,
        |flow, s, copy| form::copy(flow, &form, s, copy),
    )
}

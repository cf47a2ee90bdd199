//! Mẫu 06 — Phiếu kiểm soát quá trình giải quyết hồ sơ (TT 03/2025/TT-VPCP,
//! Phụ lục I; Mẫu 05 of TT 01/2018/TT-VPCP). A5 portrait, one copy, kept
//! with "Liên 1: Lưu" of the receipt.
//!
//! The paper form is a table that each hand-over of the dossier fills in;
//! the desk prints it from the dossier's history: one row per step (when,
//! who, what, and for the step that ends processing whether it was before,
//! on or after the appointment). Without any step the table gets blank rows
//! to fill in by hand. A long history continues on further pages, the table
//! header repeated.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::compose::{
    Copy, Head, Heading, Scale, Signer, draw_heading, field, label_value, para, render_copies,
    signatures, table_style,
};
use crate::date_format::format_time_date_vn;
use crate::error::DocumentError;
use crate::fonts::FontBook;
use crate::layout::{Align, Code39, Column, Flow, draw_official_header, draw_table};

/// Tên phiếu.
pub const CONTROL_SHEET_TITLE: &str = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ";

/// Dòng dưới tên phiếu.
pub const CONTROL_SHEET_ATTACHED: &str = "Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả";

/// Tiêu đề các cột của bảng.
pub const CONTROL_SHEET_COLUMNS: [&str; 5] = [
    "TT",
    "Thời gian",
    "Người thực hiện",
    "Nội dung xử lý",
    "Kết quả (trước hạn/ đúng hạn/ quá hạn)",
];

/// Blank rows printed when there is no step yet.
const BLANK_ROWS: usize = 4;

/// Một bước trong quá trình giải quyết.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ControlStep {
    /// Thời điểm (giờ Việt Nam).
    pub at: NaiveDateTime,
    /// Người thực hiện (and their unit when not the desk).
    pub actor: String,
    /// Nội dung xử lý (giao, nhận, yêu cầu bổ sung, ...).
    pub action: String,
    /// "Trước hạn", "Đúng hạn", "Quá hạn" or empty.
    pub result: String,
}

/// Dữ liệu in Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 06).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ControlSheetData {
    /// Cơ quan chủ quản, e.g. "UBND TỈNH ĐỒNG NAI".
    pub parent_authority: String,
    /// Tên đơn vị, e.g. "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN PHÚ".
    pub unit_name: String,
    /// Địa danh ghi trước ngày tháng.
    pub place: String,
    /// Ngày lập (in) phiếu.
    pub issued_on: NaiveDate,
    /// Mã hồ sơ (printed, and as Code 39).
    pub code: String,
    /// Họ tên người nộp hồ sơ.
    pub submitter_name: String,
    /// Nội dung yêu cầu giải quyết (tên thủ tục).
    pub procedure_name: String,
    /// Thời điểm nhận hồ sơ (giờ Việt Nam).
    pub received_at: NaiveDateTime,
    /// Thời điểm hẹn trả kết quả (giờ Việt Nam); `None` = không hẹn ngày trả.
    pub due_at: Option<NaiveDateTime>,
    /// Các bước, in the order they happened.
    pub steps: Vec<ControlStep>,
    /// Người lập phiếu.
    pub clerk_name: String,
}

struct Form {
    head: Head,
    code: String,
    barcode: Code39,
    submitter_name: String,
    procedure_name: String,
    received_at: String,
    due_at: String,
    rows: Vec<Vec<String>>,
    clerk_name: String,
}

impl Form {
    fn new(data: &ControlSheetData, book: &FontBook) -> Result<Self, DocumentError> {
        let f = |v: &str| field(book, v);
        let code = f(&data.code)?;
        let barcode = Code39::encode(&code)?;
        let mut rows = Vec::with_capacity(data.steps.len().max(BLANK_ROWS));
        for (i, step) in data.steps.iter().enumerate() {
            rows.push(vec![
                (i + 1).to_string(),
                format_time_date_vn(step.at),
                f(&step.actor)?,
                f(&step.action)?,
                f(&step.result)?,
            ]);
        }
        if rows.is_empty() {
            rows = (0..BLANK_ROWS).map(|_| vec![String::new(); 5]).collect();
        }
        Ok(Form {
            head: Head::new(
                book,
                &data.parent_authority,
                &data.unit_name,
                &data.place,
                data.issued_on,
            )?,
            code,
            barcode,
            submitter_name: f(&data.submitter_name)?,
            procedure_name: f(&data.procedure_name)?,
            received_at: format_time_date_vn(data.received_at),
            due_at: data
                .due_at
                .map(format_time_date_vn)
                .unwrap_or_else(|| "Không hẹn ngày trả".to_owned()),
            rows,
            clerk_name: f(&data.clerk_name)?,
        })
    }
}

fn draw(flow: &mut Flow, s: Scale, form: &Form) -> Result<(), DocumentError> {
    draw_official_header(flow, &form.head.official(), s.body)?;
    let heading = Heading {
        title: CONTROL_SHEET_TITLE,
        code: Some(&form.code),
        label: Some(CONTROL_SHEET_ATTACHED),
        barcode: Some(&form.barcode),
    };
    draw_heading(flow, s, &heading);
    let r = s.regular();
    para(
        flow,
        s,
        &label_value(s, "Người nộp hồ sơ", form.submitter_name.clone(), s.bold()),
    );
    para(
        flow,
        s,
        &label_value(
            s,
            "Nội dung yêu cầu giải quyết",
            form.procedure_name.clone(),
            s.bold(),
        ),
    );
    para(
        flow,
        s,
        &label_value(s, "Thời gian nhận hồ sơ", form.received_at.clone(), r),
    );
    para(
        flow,
        s,
        &label_value(s, "Thời gian hẹn trả kết quả", form.due_at.clone(), r),
    );
    flow.advance(s.mm(1.5));
    let spec = flow.spec();
    let (x, w) = (spec.left(), spec.content_width());
    let [tt, time, actor, action, result] = CONTROL_SHEET_COLUMNS;
    let columns = [
        Column::fixed(tt, s.mm(7.0), Align::Center),
        Column::fixed(time, w * 0.2, Align::Left),
        Column::fixed(actor, w * 0.2, Align::Left),
        Column::flexible(action, Align::Left),
        Column::fixed(result, w * 0.17, Align::Center),
    ];
    draw_table(flow, x, w, &columns, &form.rows, &table_style(s));
    flow.advance(s.mm(3.0));
    let signer = Signer {
        title: "NGƯỜI LẬP PHIẾU",
        name: &form.clerk_name,
    };
    signatures(flow, s, &[None, Some(signer)]);
    Ok(())
}

/// Dựng Phiếu kiểm soát quá trình giải quyết hồ sơ thành PDF (A5, một liên,
/// thêm trang khi lịch sử dài).
///
/// Characters the font cannot print and a code Code 39 cannot encode are
/// errors.
pub fn render_control_sheet(data: &ControlSheetData) -> Result<Vec<u8>, DocumentError> {
    let form = Form::new(data, FontBook::get()?)?;
    let reference = format!("Mã hồ sơ: {}", form.code);
    let copies = [Copy::new(None, Some(&reference), CONTROL_SHEET_TITLE)];
    render_copies(
        &format!("Phiếu kiểm soát quá trình giải quyết hồ sơ - {}", form.code),
        &copies,
        |flow, s, _| draw(flow, s, &form),
    )
}

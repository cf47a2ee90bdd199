//! Mẫu 06 — Phiếu kiểm soát quá trình giải quyết hồ sơ (TT 03/2025/TT-VPCP,
//! Phụ lục I; Mẫu 05 of TT 01/2018/TT-VPCP). A5 portrait, one copy, kept
//! with "Liên 1: Lưu" of the receipt.
//!
//! The official sheet, not an event log: the deciding body ("Cơ quan (bộ phận)
//! giải quyết hồ sơ") and the cooperating bodies, then the template's table
//! (tên cơ quan; thời gian giao, nhận hồ sơ with "Người giao / Người nhận" for
//! every hand-off; kết quả trước hạn / đúng hạn / quá hạn; ghi chú). The desk
//! fills the hand-offs it has recorded and leaves rows for the next ones to be
//! written by hand, so the sheet exists from intake. A long history continues
//! on further pages, the table header repeated.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::compose::{
    Copy, Head, Heading, Scale, Signer, draw_heading, field, label_value, labelled, para,
    render_copies, signatures, table_style,
};
use crate::date_format::format_time_date_vn;
use crate::error::DocumentError;
use crate::fonts::FontBook;
use crate::header::FormHeader;
use crate::layout::{Align, Code39, Column, Flow, draw_official_header, draw_table};

/// Tên phiếu.
pub const CONTROL_SHEET_TITLE: &str = "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ";

/// Dòng dưới tên phiếu.
pub const CONTROL_SHEET_ATTACHED: &str = "Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả";

/// Tiêu đề các cột của bảng (the template's).
pub const CONTROL_SHEET_COLUMNS: [&str; 4] = [
    "TÊN CƠ QUAN",
    "THỜI GIAN GIAO, NHẬN HỒ SƠ",
    "KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/ đúng hạn/ quá hạn)",
    "GHI CHÚ",
];

/// Rows left blank for the hand-offs still to come (written by hand).
const BLANK_ROWS: usize = 2;

/// Một lần giao, nhận hồ sơ (or another step, with no bodies).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ControlStep {
    /// Thời điểm (giờ Việt Nam).
    pub at: NaiveDateTime,
    /// Bên giao (cơ quan, bộ phận or person); empty = not a hand-off.
    #[serde(default)]
    pub from_body: String,
    /// Bên nhận.
    #[serde(default)]
    pub to_body: String,
    /// Người giao (empty = to sign by hand).
    #[serde(default)]
    pub giver: String,
    /// Người nhận (empty = to sign by hand).
    #[serde(default)]
    pub receiver: String,
    /// Người thực hiện (the clerk who recorded it).
    pub actor: String,
    /// Ghi chú: what happened (yêu cầu bổ sung, gia hạn, ...).
    pub action: String,
    /// "Trước hạn", "Đúng hạn", "Quá hạn" or empty.
    pub result: String,
}

/// Dữ liệu in Phiếu kiểm soát quá trình giải quyết hồ sơ (Mẫu 06).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ControlSheetData {
    /// Cơ quan chủ quản, đơn vị, địa danh và ngày lập (the header every form shares).
    #[serde(flatten)]
    pub header: FormHeader,
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
    /// Cơ quan (bộ phận) chủ trì giải quyết hồ sơ.
    #[serde(default)]
    pub deciding_body: String,
    /// Cơ quan phối hợp giải quyết hồ sơ (rỗng = dòng chấm).
    #[serde(default)]
    pub cooperating_bodies: String,
    /// Các bước, in the order they happened.
    pub steps: Vec<ControlStep>,
    /// Whether the dossier is closed (handed out, stopped): no blank rows then.
    #[serde(default)]
    pub closed: bool,
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
    deciding_body: String,
    cooperating_bodies: String,
    rows: Vec<Vec<String>>,
    clerk_name: String,
}

/// "Người giao: …" / "Người nhận: …" with dots when the name is to be signed by hand.
fn person(label: &str, name: &str) -> String {
    if name.is_empty() {
        format!("{label}: ..................")
    } else {
        format!("{label}: {name}")
    }
}

impl Form {
    fn new(data: &ControlSheetData, book: &FontBook) -> Result<Self, DocumentError> {
        let f = |v: &str| field(book, v);
        let code = f(&data.code)?;
        let barcode = Code39::encode(&code)?;
        let mut rows = Vec::with_capacity(data.steps.len() + BLANK_ROWS);
        let mut handoffs = 0;
        for step in &data.steps {
            let (from, to) = (f(&step.from_body)?, f(&step.to_body)?);
            let time = format_time_date_vn(step.at);
            let (body, when) = if from.is_empty() && to.is_empty() {
                (String::new(), time)
            } else {
                handoffs += 1;
                (
                    format!("{handoffs}. Giao: {from}\nNhận: {to}"),
                    format!(
                        "{time}\n{}\n{}",
                        person("Người giao", &f(&step.giver)?),
                        person("Người nhận", &f(&step.receiver)?)
                    ),
                )
            };
            rows.push(vec![body, when, f(&step.result)?, f(&step.action)?]);
        }
        if !data.closed {
            for _ in 0..BLANK_ROWS {
                handoffs += 1;
                rows.push(vec![
                    format!("{handoffs}. Giao: ..................\nNhận: ..................",),
                    format!(
                        "...giờ...phút, ngày.../.../......\n{}\n{}",
                        person("Người giao", ""),
                        person("Người nhận", "")
                    ),
                    String::new(),
                    String::new(),
                ]);
            }
        }
        Ok(Form {
            head: Head::new(
                book,
                &data.header.parent_authority,
                &data.header.unit_name,
                &data.header.place,
                data.header.issued_on,
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
            deciding_body: f(&data.deciding_body)?,
            cooperating_bodies: f(&data.cooperating_bodies)?,
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
    let fonts = flow.fonts().clone();
    let width = flow.spec().content_width();
    para(
        flow,
        s,
        &labelled(
            &fonts,
            s,
            "Cơ quan (bộ phận) giải quyết hồ sơ",
            &form.deciding_body,
            width,
        ),
    );
    para(
        flow,
        s,
        &labelled(
            &fonts,
            s,
            "Cơ quan phối hợp giải quyết hồ sơ",
            &form.cooperating_bodies,
            width,
        ),
    );
    flow.advance(s.mm(1.5));
    let spec = flow.spec();
    let (x, w) = (spec.left(), spec.content_width());
    let [body, time, result, notes] = CONTROL_SHEET_COLUMNS;
    let columns = [
        Column::fixed(body, w * 0.3, Align::Left),
        Column::flexible(time, Align::Left),
        Column::fixed(result, w * 0.2, Align::Center),
        Column::fixed(notes, w * 0.2, Align::Left),
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

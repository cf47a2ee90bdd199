//! Biên nhận trả kết quả giải quyết hồ sơ: the note the desk prints when it
//! hands the result to the citizen (national status 9 → 10). Not one of the
//! numbered forms of TT 03/2025/TT-VPCP; it records what the desk owns at
//! that moment (domain.md): who received the result, their ID number, whether
//! they are the owner or a proxy (with the authorisation document), when, and
//! which clerk handed it over, signed by both. A5 portrait, one copy.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::compose::{
    Copy, Head, Heading, Scale, Signer, draw_heading, field, label_value, para, render_copies,
    signatures,
};
use crate::date_format::format_time_date_vn;
use crate::error::DocumentError;
use crate::fonts::FontBook;
use crate::header::FormHeader;
use crate::layout::{Code39, Flow, Span, draw_official_header};

/// Tên biên nhận.
pub const HANDOVER_TITLE: &str = "BIÊN NHẬN TRẢ KẾT QUẢ GIẢI QUYẾT HỒ SƠ";

/// Dữ liệu in Biên nhận trả kết quả giải quyết hồ sơ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandoverData {
    /// Cơ quan chủ quản, đơn vị, địa danh và ngày lập (the header every form shares).
    #[serde(flatten)]
    pub header: FormHeader,
    /// Mã hồ sơ (printed, and as Code 39).
    pub code: String,
    /// Nội dung yêu cầu giải quyết (tên thủ tục).
    pub procedure_name: String,
    /// Chủ hồ sơ.
    pub owner_name: String,
    /// Thời điểm nhận hồ sơ (giờ Việt Nam).
    pub received_at: NaiveDateTime,
    /// Thời điểm hẹn trả kết quả (giờ Việt Nam); `None` = không hẹn ngày trả.
    pub due_at: Option<NaiveDateTime>,
    /// Họ tên người nhận kết quả.
    pub recipient_name: String,
    /// Số căn cước/Hộ chiếu của người nhận.
    pub recipient_id_number: String,
    /// Người nhận là người được ủy quyền (not the owner).
    pub is_proxy: bool,
    /// Giấy ủy quyền (số, ngày, nơi chứng thực); required for a proxy.
    pub authorisation: Option<String>,
    /// Thời điểm trả kết quả (giờ Việt Nam).
    pub handed_at: NaiveDateTime,
    /// Cán bộ trả kết quả.
    pub clerk_name: String,
    /// Đường dây nóng.
    pub hotline: String,
}

struct Form {
    head: Head,
    code: String,
    barcode: Code39,
    procedure_name: String,
    owner_name: String,
    received_at: String,
    due_at: String,
    recipient_name: String,
    recipient_id_number: String,
    capacity: String,
    authorisation: Option<String>,
    handed_at: String,
    clerk_name: String,
    hotline: String,
}

fn required(value: String, name: &'static str, what: &str) -> Result<String, DocumentError> {
    if value.is_empty() {
        Err(DocumentError::Invalid {
            field: name,
            reason: format!("a hand-over note needs {what}"),
        })
    } else {
        Ok(value)
    }
}

impl Form {
    fn new(data: &HandoverData, book: &FontBook) -> Result<Self, DocumentError> {
        let f = |v: &str| field(book, v);
        let code = f(&data.code)?;
        let barcode = Code39::encode(&code)?;
        let recipient_name = required(
            f(&data.recipient_name)?,
            "recipient_name",
            "the recipient's name",
        )?;
        let recipient_id_number = required(
            f(&data.recipient_id_number)?,
            "recipient_id_number",
            "the recipient's ID number",
        )?;
        let authorisation = if data.is_proxy {
            let a = f(data.authorisation.as_deref().unwrap_or_default())?;
            Some(required(
                a,
                "authorisation",
                "the authorisation of a proxy",
            )?)
        } else {
            None
        };
        if data.handed_at < data.received_at {
            return Err(DocumentError::Invalid {
                field: "handed_at",
                reason: "a result cannot be handed out before the dossier was received".into(),
            });
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
            procedure_name: f(&data.procedure_name)?,
            owner_name: f(&data.owner_name)?,
            received_at: format_time_date_vn(data.received_at),
            due_at: data
                .due_at
                .map(format_time_date_vn)
                .unwrap_or_else(|| "Không hẹn ngày trả".to_owned()),
            recipient_name,
            recipient_id_number,
            capacity: if data.is_proxy {
                "Người được ủy quyền".to_owned()
            } else {
                "Chủ hồ sơ".to_owned()
            },
            authorisation,
            handed_at: format_time_date_vn(data.handed_at),
            clerk_name: f(&data.clerk_name)?,
            hotline: f(&data.hotline)?,
        })
    }
}

fn draw(flow: &mut Flow, s: Scale, form: &Form) -> Result<(), DocumentError> {
    draw_official_header(flow, &form.head.official(), s.body)?;
    let heading = Heading {
        title: HANDOVER_TITLE,
        code: Some(&form.code),
        label: None,
        barcode: Some(&form.barcode),
    };
    draw_heading(flow, s, &heading);
    let r = s.regular();
    let line = |flow: &mut Flow, label: &str, value: &str, bold: bool| {
        let style = if bold { s.bold() } else { r };
        para(flow, s, &label_value(s, label, value.to_owned(), style));
    };
    line(
        flow,
        "Nội dung yêu cầu giải quyết",
        &form.procedure_name,
        true,
    );
    if !form.owner_name.is_empty() {
        line(flow, "Chủ hồ sơ", &form.owner_name, false);
    }
    line(flow, "Thời gian nhận hồ sơ", &form.received_at, false);
    line(flow, "Thời gian hẹn trả kết quả", &form.due_at, false);
    flow.advance(s.mm(1.2));
    para(
        flow,
        s,
        &[Span::new(
            format!(
                "{} trả kết quả giải quyết hồ sơ nêu trên cho:",
                form.head.unit_in_sentence
            ),
            r,
        )],
    );
    line(flow, "Ông/Bà", &form.recipient_name, true);
    line(
        flow,
        "Số căn cước/Hộ chiếu",
        &form.recipient_id_number,
        false,
    );
    line(flow, "Nhận với tư cách", &form.capacity, false);
    if let Some(a) = &form.authorisation {
        line(flow, "Giấy ủy quyền", a, false);
    }
    line(flow, "Thời gian trả kết quả", &form.handed_at, false);
    // "./." closes the text (NĐ 30/2020/NĐ-CP, Phụ lục I): nothing of the body comes after it.
    if !form.hotline.is_empty() {
        line(flow, "Đường dây nóng", &form.hotline, true);
    }
    flow.advance(s.mm(1.2));
    para(
        flow,
        s,
        &[Span::new(
            "Người nhận đã kiểm tra và nhận đủ kết quả giải quyết hồ sơ nêu trên./.",
            r,
        )],
    );
    flow.advance(s.mm(3.0));
    signatures(
        flow,
        s,
        &[
            Some(Signer {
                title: "NGƯỜI NHẬN KẾT QUẢ",
                name: &form.recipient_name,
            }),
            Some(Signer {
                title: "NGƯỜI TRẢ KẾT QUẢ",
                name: &form.clerk_name,
            }),
        ],
    );
    Ok(())
}

/// Dựng Biên nhận trả kết quả giải quyết hồ sơ thành PDF (A5, một liên).
///
/// A missing recipient name or ID number, a proxy without an authorisation,
/// a hand-over before the dossier was received, characters the font cannot
/// print and a code Code 39 cannot encode are errors.
pub fn render_handover(data: &HandoverData) -> Result<Vec<u8>, DocumentError> {
    let form = Form::new(data, FontBook::get()?)?;
    let reference = format!("Mã hồ sơ: {}", form.code);
    let copies = [Copy::new(None, Some(&reference), HANDOVER_TITLE)];
    render_copies(
        &format!("Biên nhận trả kết quả giải quyết hồ sơ - {}", form.code),
        &copies,
        |flow, s, _| draw(flow, s, &form),
    )
}

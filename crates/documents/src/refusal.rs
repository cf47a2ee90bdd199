//! Mẫu 03 — Phiếu từ chối tiếp nhận giải quyết hồ sơ (TT 03/2025/TT-VPCP,
//! Phụ lục I; Mẫu 03 of TT 01/2018/TT-VPCP). A5 portrait, one copy.
//!
//! A refused dossier usually has no dossier code; when the system issued one
//! (it syncs status 3 "Không được tiếp nhận" under a code), pass it in
//! [`RefusalData::code`] and it is printed with its Code 39 like on the
//! other forms.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::compose::sentences::full_stop;
use crate::compose::{Contact, Letter, Notice, Scale, field, notice_of, para, render_letter};
use crate::error::DocumentError;
use crate::fonts::FontBook;
use crate::header::FormHeader;
use crate::layout::{Code39, Flow, Span};

/// Tên phiếu.
pub const REFUSAL_TITLE: &str = "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ";

/// Dữ liệu in Phiếu từ chối tiếp nhận giải quyết hồ sơ (Mẫu 03).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefusalData {
    /// Cơ quan chủ quản, đơn vị, địa danh và ngày lập (the header every form shares).
    #[serde(flatten)]
    pub header: FormHeader,
    /// Mã hồ sơ, if one was issued (printed with its Code 39); `None` or
    /// blank = no code line.
    pub code: Option<String>,
    /// Họ tên người nộp hồ sơ.
    pub submitter_name: String,
    /// Địa chỉ của người nộp (rỗng = dòng chấm).
    #[serde(default)]
    pub submitter_address: String,
    /// Số điện thoại của người nộp (rỗng = dòng chấm).
    #[serde(default)]
    pub submitter_phone: String,
    /// Thư điện tử của người nộp (rỗng = dòng chấm).
    #[serde(default)]
    pub submitter_email: String,
    /// Nội dung yêu cầu giải quyết (tên thủ tục).
    pub procedure_name: String,
    /// Thời điểm nhận hồ sơ (giờ Việt Nam).
    pub received_at: NaiveDateTime,
    /// Lý do từ chối cụ thể (bắt buộc).
    pub reason: String,
    /// Cán bộ tiếp nhận (ký tên trên phiếu).
    pub clerk_name: String,
    /// Đường dây nóng.
    pub hotline: String,
}

struct Form {
    notice: Notice,
    contact: Contact,
    code: Option<(String, Code39)>,
    reason: String,
}

impl Form {
    fn new(data: &RefusalData, book: &FontBook) -> Result<Self, DocumentError> {
        let f = |v: &str| field(book, v);
        let code = match data.code.as_deref().map(f).transpose()? {
            Some(code) if !code.is_empty() => {
                let barcode = Code39::encode(&code)?;
                Some((code, barcode))
            }
            _ => None,
        };
        let reason = full_stop(&f(&data.reason)?);
        if reason.is_empty() {
            return Err(DocumentError::Invalid {
                field: "reason",
                reason: "a refusal must state its reason".into(),
            });
        }
        Ok(Form {
            notice: notice_of!(book, data)?,
            contact: Contact::new(
                book,
                &data.submitter_address,
                &data.submitter_phone,
                &data.submitter_email,
            )?,
            code,
            reason,
        })
    }
}

/// "Sau khi xem xét, ... từ chối tiếp nhận hồ sơ với lý do cụ thể như sau: ..."
fn body(flow: &mut Flow, s: Scale, form: &Form) {
    flow.advance(s.mm(0.8));
    para(
        flow,
        s,
        &[
            Span::new(
                format!(
                    "Sau khi xem xét, đối chiếu thành phần hồ sơ, {} từ chối tiếp nhận hồ sơ \
                     với lý do cụ thể như sau: ",
                    form.notice.head.unit_in_sentence
                ),
                s.regular(),
            ),
            Span::new(form.reason.clone(), s.regular()),
        ],
    );
}

/// Dựng Phiếu từ chối tiếp nhận giải quyết hồ sơ thành PDF (A5, một liên).
///
/// An empty reason is an error (a refusal must say why), as are characters
/// the font cannot print and a code Code 39 cannot encode.
pub fn render_refusal(data: &RefusalData) -> Result<Vec<u8>, DocumentError> {
    let form = Form::new(data, FontBook::get()?)?;
    let letter = Letter {
        notice: &form.notice,
        title: REFUSAL_TITLE,
        code: form.code.as_ref().map(|(code, bar)| (code.as_str(), bar)),
        contact: Some(&form.contact),
        signer_title: "NGƯỜI TIẾP NHẬN HỒ SƠ",
    };
    let pdf_title = match &form.code {
        Some((code, _)) => format!("Phiếu từ chối tiếp nhận giải quyết hồ sơ - {code}"),
        None => "Phiếu từ chối tiếp nhận giải quyết hồ sơ".to_owned(),
    };
    render_letter(
        &letter,
        &pdf_title,
        |flow, s| body(flow, s, &form),
        |s| {
            vec![Span::new(
                "Xin thông báo để Ông/Bà được biết và thực hiện./.",
                s.regular(),
            )]
        },
    )
}

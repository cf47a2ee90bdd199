//! Mẫu 04 — Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết
//! (TT 03/2025/TT-VPCP, Phụ lục I; under TT 01/2018/TT-VPCP it was Mẫu 04
//! "Phiếu xin lỗi và hẹn lại ngày trả kết quả"). A5 portrait, one copy.
//!
//! Made when a dossier cannot be settled by its appointment: it names the
//! dossier, the appointment that will be missed, the reason, apologises and
//! gives the new date.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::compose::authority::AuthoritySigner;
use crate::compose::sentences::full_stop;
use crate::compose::{
    Authority, AuthorityLetter, Notice, Scale, field, label_value, notice_of, para,
    render_authority_letter,
};
use crate::date_format::format_time_date_vn;
use crate::error::DocumentError;
use crate::fonts::FontBook;
use crate::header::FormHeader;
use crate::layout::{Code39, Flow, Span};

/// Tên văn bản.
pub const APOLOGY_TITLE: &str = "VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT";

/// Dữ liệu in Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết (Mẫu 04).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApologyData {
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
    /// Ngày hẹn trả kết quả đã ghi trên Giấy tiếp nhận (giờ Việt Nam).
    pub old_due_at: NaiveDateTime,
    /// Ngày hẹn trả kết quả mới (giờ Việt Nam); must be after the old one.
    pub new_due_at: NaiveDateTime,
    /// Lý do chậm trả kết quả (bắt buộc).
    pub reason: String,
    /// Cơ quan có thẩm quyền ban hành văn bản và người đứng đầu ký (Mẫu 04 is a letter of
    /// the authority, not a slip of the desk).
    pub authority: AuthoritySigner,
    /// Cán bộ tiếp nhận hồ sơ (not printed as the signer).
    pub clerk_name: String,
    /// Đường dây nóng.
    pub hotline: String,
}

struct Form {
    notice: Notice,
    authority: Authority,
    code: String,
    barcode: Code39,
    old_due: String,
    new_due: String,
    reason: String,
}

impl Form {
    fn new(data: &ApologyData, book: &FontBook) -> Result<Self, DocumentError> {
        let f = |v: &str| field(book, v);
        let code = f(&data.code)?;
        let barcode = Code39::encode(&code)?;
        let reason = full_stop(&f(&data.reason)?);
        if reason.is_empty() {
            return Err(DocumentError::Invalid {
                field: "reason",
                reason: "an apology must state why the result is late".into(),
            });
        }
        if data.new_due_at <= data.old_due_at {
            return Err(DocumentError::Invalid {
                field: "new_due_at",
                reason: "the new appointment must be after the old one".into(),
            });
        }
        Ok(Form {
            notice: notice_of!(book, data)?,
            authority: Authority::new(
                book,
                &data.authority,
                &data.header.place,
                data.header.issued_on,
            )?,
            code,
            barcode,
            old_due: format_time_date_vn(data.old_due_at),
            new_due: format_time_date_vn(data.new_due_at),
            reason,
        })
    }
}

/// The missed appointment, the reason, the apology and the new date.
fn body(flow: &mut Flow, s: Scale, form: &Form) {
    let r = s.regular();
    // The authority that settles the dossier apologises (TT 01/2018 Mẫu 04: "[cơ quan chủ trì
    // giải quyết] xin lỗi Ông/Bà").
    let unit = &form.authority.in_sentence;
    para(
        flow,
        s,
        &label_value(
            s,
            "Thời gian hẹn trả kết quả giải quyết hồ sơ",
            form.old_due.clone(),
            r,
        ),
    );
    flow.advance(s.mm(0.8));
    para(
        flow,
        s,
        &[
            Span::new(
                format!(
                    "Tuy nhiên đến nay, {unit} chưa trả kết quả giải quyết hồ sơ của Ông/Bà \
                     đúng hạn như đã hẹn. Lý do: "
                ),
                r,
            ),
            Span::new(form.reason.clone(), r),
        ],
    );
    flow.advance(s.mm(0.8));
    para(
        flow,
        s,
        &[Span::new(
            format!(
                "Sự chậm trễ này đã gây phiền hà, tốn kém cho Ông/Bà. {} xin lỗi Ông/Bà và \
                 đề nghị gia hạn thời gian giải quyết, hẹn trả kết quả vào:",
                capitalised(unit)
            ),
            r,
        )],
    );
    para(flow, s, &[Span::keep(form.new_due.clone(), s.bold())]);
}

/// The unit's name as it opens a sentence.
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// Dựng Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết thành PDF
/// (A5, một liên).
///
/// An empty reason, a new appointment not after the old one, characters the
/// font cannot print and a code Code 39 cannot encode are errors.
pub fn render_apology(data: &ApologyData) -> Result<Vec<u8>, DocumentError> {
    let form = Form::new(data, FontBook::get()?)?;
    let letter = AuthorityLetter {
        authority: &form.authority,
        notice: &form.notice,
        title: APOLOGY_TITLE,
        code: &form.code,
        barcode: &form.barcode,
    };
    render_authority_letter(
        &letter,
        &format!(
            "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết - {}",
            form.code
        ),
        |flow, s| body(flow, s, &form),
        |s| {
            vec![Span::new(
                "Rất mong nhận được sự thông cảm của Ông/Bà./.",
                s.regular(),
            )]
        },
    )
}

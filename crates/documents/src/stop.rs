//! Mẫu 05 — Thông báo dừng giải quyết hồ sơ (TT 03/2025/TT-VPCP, Phụ lục I;
//! no counterpart in TT 01/2018/TT-VPCP, whose Mẫu 05 was the control
//! sheet). A5 portrait, one copy.
//!
//! Two cases end a received dossier early: the citizen asks to withdraw it
//! (national status 7, "Công dân yêu cầu rút hồ sơ") or processing is stopped
//! (8, "Dừng xử lý"). Both print this notice with the reason and the time.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::compose::authority::AuthoritySigner;
use crate::compose::sentences::full_stop;
use crate::compose::{
    Authority, AuthorityLetter, Notice, Scale, field, notice_of, para, render_authority_letter,
};
use crate::date_format::format_time_date_vn;
use crate::error::DocumentError;
use crate::fonts::FontBook;
use crate::header::FormHeader;
use crate::layout::{Code39, Flow, Span};

/// Tên thông báo.
pub const STOP_TITLE: &str = "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ";

/// Vì sao dừng giải quyết.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StopCause {
    /// Công dân yêu cầu rút hồ sơ (7).
    Withdrawn,
    /// Dừng xử lý (8).
    Stopped,
}

/// Dữ liệu in Thông báo dừng giải quyết hồ sơ (Mẫu 05).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StopNoticeData {
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
    /// Rút hồ sơ theo yêu cầu hay dừng xử lý.
    pub cause: StopCause,
    /// Thời điểm dừng giải quyết (giờ Việt Nam).
    pub stopped_at: NaiveDateTime,
    /// Lý do (bắt buộc).
    pub reason: String,
    /// Cơ quan có thẩm quyền ban hành thông báo và người đứng đầu ký.
    pub authority: AuthoritySigner,
    /// Cán bộ ghi nhận việc dừng (not printed as the signer).
    pub clerk_name: String,
    /// Đường dây nóng.
    pub hotline: String,
}

struct Form {
    notice: Notice,
    authority: Authority,
    code: String,
    barcode: Code39,
    cause: StopCause,
    stopped_at: String,
    reason: String,
}

impl Form {
    fn new(data: &StopNoticeData, book: &FontBook) -> Result<Self, DocumentError> {
        let code = field(book, &data.code)?;
        let barcode = Code39::encode(&code)?;
        let reason = full_stop(&field(book, &data.reason)?);
        if reason.is_empty() {
            return Err(DocumentError::Invalid {
                field: "reason",
                reason: "a stop notice must state its reason".into(),
            });
        }
        if data.stopped_at < data.received_at {
            return Err(DocumentError::Invalid {
                field: "stopped_at",
                reason: "a dossier cannot stop before it was received".into(),
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
            cause: data.cause,
            stopped_at: format_time_date_vn(data.stopped_at),
            reason,
        })
    }
}

/// Why and since when the dossier is no longer processed.
fn body(flow: &mut Flow, s: Scale, form: &Form) {
    let r = s.regular();
    // The authority that settles the dossier stops it and says so.
    let unit = &form.authority.in_sentence;
    flow.advance(s.mm(0.8));
    let opening = match form.cause {
        StopCause::Withdrawn => format!(
            "Theo yêu cầu rút hồ sơ của Ông/Bà, {unit} thông báo dừng giải quyết hồ sơ nêu \
             trên kể từ {}.",
            form.stopped_at
        ),
        StopCause::Stopped => format!(
            "{unit} thông báo dừng giải quyết hồ sơ nêu trên kể từ {}.",
            form.stopped_at
        ),
    };
    para(flow, s, &[Span::new(opening, r)]);
    para(
        flow,
        s,
        &[Span::new("Lý do: ", r), Span::new(form.reason.clone(), r)],
    );
    flow.advance(s.mm(0.8));
    para(
        flow,
        s,
        &[Span::new(
            "Ông/Bà liên hệ Bộ phận Một cửa để nhận lại giấy tờ đã nộp (nếu có).",
            r,
        )],
    );
}

/// Dựng Thông báo dừng giải quyết hồ sơ thành PDF (A5, một liên).
///
/// An empty reason, a stop before the dossier was received, characters the
/// font cannot print and a code Code 39 cannot encode are errors.
pub fn render_stop_notice(data: &StopNoticeData) -> Result<Vec<u8>, DocumentError> {
    let form = Form::new(data, FontBook::get()?)?;
    let letter = AuthorityLetter {
        authority: &form.authority,
        notice: &form.notice,
        title: STOP_TITLE,
        code: &form.code,
        barcode: &form.barcode,
    };
    render_authority_letter(
        &letter,
        &format!("Thông báo dừng giải quyết hồ sơ - {}", form.code),
        |flow, s| body(flow, s, &form),
        |s| {
            vec![Span::new(
                "Xin thông báo để Ông/Bà được biết./.",
                s.regular(),
            )]
        },
    )
}

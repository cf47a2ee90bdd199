//! Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (TT 03/2025/TT-VPCP,
//! Phụ lục I; Mẫu 02 of TT 01/2018/TT-VPCP). A5 portrait, one copy.
//!
//! An incomplete dossier gets this form listing everything missing, once,
//! in writing: items are de-duplicated by name (case and spacing ignored),
//! in the order given.

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use crate::compose::prepare::place_date;
use crate::compose::{
    Contact, Letter, Notice, Scale, field, labelled, notice_of, para, render_letter, table_style,
};
use crate::error::DocumentError;
use crate::fonts::FontBook;
use crate::header::FormHeader;
use crate::layout::{Align, Code39, Column, Flow, Span, draw_table};

/// Tên phiếu.
pub const SUPPLEMENT_TITLE: &str = "PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ";

/// Dots written where a contact detail is left for the clerk to fill in.
const BLANK: &str = "....................";

/// Một nội dung cần bổ sung, hoàn thiện.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingItem {
    /// Nội dung (giấy tờ, thông tin) cần bổ sung, hoàn thiện.
    pub name: String,
    /// Lý do (rỗng = không ghi).
    pub reason: String,
}

/// Dữ liệu in Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ (Mẫu 02).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SupplementRequestData {
    /// Cơ quan chủ quản, đơn vị, địa danh và ngày lập (the header every form shares).
    #[serde(flatten)]
    pub header: FormHeader,
    /// Mã hồ sơ (printed, and as Code 39).
    pub code: String,
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
    /// Các nội dung cần bổ sung, hoàn thiện.
    pub missing: Vec<MissingItem>,
    /// Lý do chung của yêu cầu, or another reason/note (rỗng = dòng chấm); each item's own
    /// reason goes in [`MissingItem::reason`].
    pub note: String,
    /// Cán bộ hướng dẫn (ký tên trên phiếu).
    pub clerk_name: String,
    /// Số điện thoại liên hệ của cán bộ.
    pub clerk_phone: String,
    /// Thư điện tử của cán bộ.
    pub clerk_email: String,
    /// Đường dây nóng.
    pub hotline: String,
}

/// Nội dung đã chuẩn hoá, mỗi tên một lần.
struct Form {
    notice: Notice,
    contact: Contact,
    code: String,
    barcode: Code39,
    request_date: String,
    missing: Vec<MissingItem>,
    note: String,
    clerk_phone: String,
    clerk_email: String,
}

/// Cleans the items and keeps each name once, in order. A repeated name
/// adds its reason to the first one's when the reasons differ.
fn dedupe(book: &FontBook, items: &[MissingItem]) -> Result<Vec<MissingItem>, DocumentError> {
    // Each kept item with its key (the name in lower case).
    let mut out: Vec<(String, MissingItem)> = Vec::with_capacity(items.len());
    for item in items {
        let name = field(book, &item.name)?;
        let reason = field(book, &item.reason)?;
        if name.is_empty() {
            continue;
        }
        let key = name.to_lowercase();
        match out.iter_mut().find(|(k, _)| *k == key) {
            Some((_, first)) => {
                if first.reason.is_empty() {
                    first.reason = reason;
                } else if !reason.is_empty()
                    && !first.reason.to_lowercase().contains(&reason.to_lowercase())
                {
                    first.reason = format!("{}; {reason}", first.reason);
                }
            }
            None => out.push((key, MissingItem { name, reason })),
        }
    }
    Ok(out.into_iter().map(|(_, item)| item).collect())
}

impl Form {
    fn new(data: &SupplementRequestData, book: &FontBook) -> Result<Self, DocumentError> {
        let f = |v: &str| field(book, v);
        let code = f(&data.code)?;
        let barcode = Code39::encode(&code)?;
        let missing = dedupe(book, &data.missing)?;
        let note = f(&data.note)?;
        if missing.is_empty() && note.is_empty() {
            return Err(DocumentError::Invalid {
                field: "missing",
                reason: "a supplement request must list at least one missing item or a note".into(),
            });
        }
        // "Ngày 05 tháng 02 năm 2026" opens the sentence.
        let request_date = place_date("", data.header.issued_on);
        Ok(Form {
            notice: notice_of!(book, data)?,
            contact: Contact::new(
                book,
                &data.submitter_address,
                &data.submitter_phone,
                &data.submitter_email,
            )?,
            code,
            barcode,
            request_date,
            missing,
            note,
            clerk_phone: f(&data.clerk_phone)?,
            clerk_email: f(&data.clerk_email)?,
        })
    }
}

fn or_blank(value: &str) -> &str {
    if value.is_empty() { BLANK } else { value }
}

/// "Ngày ..., <đơn vị> yêu cầu hoàn thiện hồ sơ ...", the table, the note and
/// whom to ask.
fn body(flow: &mut Flow, s: Scale, form: &Form) {
    let fonts = flow.fonts().clone();
    let spec = flow.spec();
    let (x, w) = (spec.left(), spec.content_width());
    flow.advance(s.mm(0.8));
    para(
        flow,
        s,
        &[Span::new(
            format!(
                "{}, {} yêu cầu hoàn thiện hồ sơ gồm những nội dung sau:",
                form.request_date, form.notice.head.unit_in_sentence
            ),
            s.regular(),
        )],
    );
    if !form.missing.is_empty() {
        flow.advance(s.mm(0.6));
        let columns = [
            Column::fixed("TT", s.mm(7.0), Align::Center),
            Column::flexible("Nội dung cần bổ sung, hoàn thiện", Align::Left),
            Column::fixed("Lý do", w * 0.36, Align::Left),
        ];
        let rows: Vec<Vec<String>> = form
            .missing
            .iter()
            .enumerate()
            .map(|(i, item)| vec![(i + 1).to_string(), item.name.clone(), item.reason.clone()])
            .collect();
        draw_table(flow, x, w, &columns, &rows, &table_style(s));
        flow.advance(s.mm(0.8));
    }
    para(
        flow,
        s,
        &labelled(&fonts, s, "Lý do khác/Ghi chú", &form.note, w),
    );
}

/// Whom to ask, the closing sentence ("./." ends it: the hotline comes before).
fn closing(s: Scale, form: &Form) -> Vec<Span> {
    let r = s.regular();
    vec![
        Span::new(
            "Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, Ông/Bà liên hệ với",
            r,
        ),
        Span::keep(format!(" {},", or_blank(&form.notice.clerk_name)), s.bold()),
        Span::new(
            format!(
                " số điện thoại {}, email {} để được hướng dẫn./.",
                or_blank(&form.clerk_phone),
                or_blank(&form.clerk_email)
            ),
            r,
        ),
    ]
}

/// Dựng Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ thành PDF (A5, một liên).
///
/// Every missing item is printed once (see the module notes); a request
/// that lists nothing (no item, no note) is an error, as are characters the
/// font cannot print and a code Code 39 cannot encode.
pub fn render_supplement_request(data: &SupplementRequestData) -> Result<Vec<u8>, DocumentError> {
    let form = Form::new(data, FontBook::get()?)?;
    let letter = Letter {
        notice: &form.notice,
        title: SUPPLEMENT_TITLE,
        code: Some((&form.code, &form.barcode)),
        contact: Some(&form.contact),
        signer_title: "NGƯỜI HƯỚNG DẪN",
    };
    render_letter(
        &letter,
        &format!("Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ - {}", form.code),
        |flow, s| body(flow, s, &form),
        |s| closing(s, &form),
    )
}

#[cfg(test)]
mod tests {
    use super::{MissingItem, dedupe};
    use crate::fonts::FontBook;

    fn item(name: &str, reason: &str) -> MissingItem {
        MissingItem {
            name: name.into(),
            reason: reason.into(),
        }
    }

    #[test]
    fn each_name_once_in_order_with_merged_reasons() {
        let book = FontBook::get().expect("fonts");
        let items = [
            item("Tờ khai đăng ký khai sinh", ""),
            item("Giấy chứng sinh", "Bản photo không rõ"),
            item("  tờ khai  đăng ký khai sinh ", "Thiếu chữ ký"),
            item("Giấy chứng sinh", "bản photo không rõ"),
            item("Giấy chứng sinh", "Sai họ tên mẹ"),
            item("   ", "ignored"),
            item("Giấy chứng nhận kết hôn", ""),
        ];
        let out = dedupe(book, &items).expect("printable");
        assert_eq!(
            out,
            vec![
                item("Tờ khai đăng ký khai sinh", "Thiếu chữ ký"),
                item("Giấy chứng sinh", "Bản photo không rõ; Sai họ tên mẹ"),
                item("Giấy chứng nhận kết hôn", ""),
            ]
        );
    }

    #[test]
    fn decomposed_and_composed_names_are_the_same_item() {
        let book = FontBook::get().expect("fonts");
        let items = [item("Tờ khai", ""), item("To\u{031B}\u{0300} khai", "")];
        assert_eq!(dedupe(book, &items).expect("printable").len(), 1);
    }
}

//! Biên lai thu phí, lệ phí (paper receipt for fees and charges collected at
//! the desk). A5 portrait, two copies: "Liên 1: Lưu" and "Liên 2: Giao người
//! nộp tiền". Receipts are numbered per year (at most 8 digits, printed
//! zero-padded to 7: "0000123") under a series (ký hiệu, e.g. "BLP-26").
//!
//! Amounts are whole đồng, printed "8.000" and read out in words
//! ([`amount_in_words_vi`]). The lines must add up to the total: a receipt
//! that does not is an error, never printed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::compose::prepare::place_date;
use crate::compose::{
    Copy, Heading, Scale, Signer, draw_heading, field, label_value, labelled, para, render_copies,
    signatures, table_style,
};
use crate::error::DocumentError;
use crate::fonts::FontBook;
use crate::layout::measure::wrap_rich;
use crate::layout::{Align, Area, Column, Flow, Issuer, Span, Style, draw_issuer, draw_table};
use crate::money::{amount_in_words_vi, format_dong, format_thousands_vn};

/// Nhãn hai liên của biên lai.
pub const FEE_RECEIPT_COPY_LABELS: [&str; 2] = ["Liên 1: Lưu", "Liên 2: Giao người nộp tiền"];

const TITLE: &str = "BIÊN LAI THU PHÍ, LỆ PHÍ";

/// Largest receipt number: numbers have at most 8 digits.
const MAX_NUMBER: u32 = 99_999_999;

/// Một khoản phí, lệ phí trên biên lai.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeLine {
    /// Tên khoản thu, e.g. "Lệ phí cấp bản sao trích lục hộ tịch".
    pub name: String,
    /// Số lượng (bản, trang...).
    pub quantity: u32,
    /// Đơn giá, đồng.
    pub unit_price: i64,
    /// Thành tiền, đồng (not always quantity × unit price: tiered fees).
    pub amount: i64,
}

/// Dữ liệu in biên lai thu phí, lệ phí.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeeReceiptData {
    /// Tên đơn vị thu, e.g. "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN PHÚ".
    pub unit_name: String,
    /// Cơ quan chủ quản, e.g. "UBND TỈNH ĐỒNG NAI".
    pub parent_authority: String,
    /// Địa danh ghi trước ngày tháng.
    pub place: String,
    /// Mã số thuế của đơn vị thu.
    pub tax_code: Option<String>,
    /// Ký hiệu biên lai, e.g. "BLP-26".
    pub series: String,
    /// Số biên lai (≤ 8 chữ số), printed zero-padded to 7: "0000123".
    pub number: u32,
    /// Ngày thu.
    pub issued_on: NaiveDate,
    /// Họ tên người nộp tiền.
    pub payer_name: String,
    /// Địa chỉ người nộp tiền.
    pub payer_address: String,
    /// Mã số thuế của người nộp tiền (a business, agency or organisation; rỗng = không in).
    #[serde(default)]
    pub payer_tax_code: String,
    /// Mã hồ sơ (blank = no line).
    pub code: String,
    /// Tên thủ tục hành chính.
    pub procedure_name: String,
    /// Các khoản thu.
    pub lines: Vec<FeeLine>,
    /// Tổng số tiền, đồng (must equal the sum of the lines).
    pub total: i64,
    /// Số tiền bằng chữ; `None` = computed with [`amount_in_words_vi`].
    pub amount_in_words: Option<String>,
    /// Hình thức thanh toán: "Tiền mặt", "Chuyển khoản".
    pub method: String,
    /// Người thu tiền.
    pub collector_name: String,
    /// Ghi chú về biên lai điện tử, e.g. "Biên lai điện tử: chờ phát hành khi có kết nối".
    pub e_receipt_note: Option<String>,
}

struct Row {
    name: String,
    quantity: u32,
    unit_price: i64,
    amount: i64,
}

struct Form {
    parent_authority: String,
    unit_name: String,
    tax_code: Option<String>,
    series: String,
    /// "0000123".
    number: String,
    place_date: String,
    payer_name: String,
    payer_address: String,
    payer_tax_code: String,
    code: String,
    procedure_name: String,
    rows: Vec<Row>,
    total: i64,
    words: String,
    method: String,
    collector_name: String,
    e_receipt_note: Option<String>,
}

fn invalid(field: &'static str, reason: impl Into<String>) -> DocumentError {
    DocumentError::Invalid {
        field,
        reason: reason.into(),
    }
}

/// Checks the amounts: at least one line, none negative, lines adding up to
/// the total.
fn check_amounts(data: &FeeReceiptData) -> Result<(), DocumentError> {
    if data.lines.is_empty() {
        return Err(invalid("lines", "a fee receipt needs at least one line"));
    }
    let mut sum: i64 = 0;
    for (i, line) in data.lines.iter().enumerate() {
        if line.amount < 0 || line.unit_price < 0 {
            return Err(invalid(
                "lines",
                format!("line {} has a negative amount or unit price", i + 1),
            ));
        }
        sum = sum
            .checked_add(line.amount)
            .ok_or_else(|| invalid("lines", "the amounts overflow"))?;
    }
    if sum != data.total {
        return Err(invalid(
            "total",
            format!(
                "the lines add up to {} but the total is {}",
                format_dong(sum),
                format_dong(data.total)
            ),
        ));
    }
    if data.number > MAX_NUMBER {
        return Err(invalid(
            "number",
            format!("{} has more than 8 digits", data.number),
        ));
    }
    Ok(())
}

impl Form {
    fn new(data: &FeeReceiptData, book: &FontBook) -> Result<Self, DocumentError> {
        check_amounts(data)?;
        let f = |v: &str| field(book, v);
        let optional = |v: &Option<String>| -> Result<Option<String>, DocumentError> {
            Ok(v.as_deref().map(f).transpose()?.filter(|s| !s.is_empty()))
        };
        let rows = data
            .lines
            .iter()
            .map(|l| {
                Ok(Row {
                    name: f(&l.name)?,
                    quantity: l.quantity,
                    unit_price: l.unit_price,
                    amount: l.amount,
                })
            })
            .collect::<Result<Vec<_>, DocumentError>>()?;
        let words =
            optional(&data.amount_in_words)?.unwrap_or_else(|| amount_in_words_vi(data.total));
        Ok(Form {
            parent_authority: f(&data.parent_authority)?,
            unit_name: f(&data.unit_name)?,
            tax_code: optional(&data.tax_code)?,
            series: f(&data.series)?,
            number: format!("{:07}", data.number),
            place_date: place_date(&f(&data.place)?, data.issued_on),
            payer_name: f(&data.payer_name)?,
            payer_address: f(&data.payer_address)?,
            payer_tax_code: f(&data.payer_tax_code)?,
            code: f(&data.code)?,
            procedure_name: f(&data.procedure_name)?,
            rows,
            total: data.total,
            words,
            method: f(&data.method)?,
            collector_name: f(&data.collector_name)?,
            e_receipt_note: optional(&data.e_receipt_note)?,
        })
    }
}

/// Đơn vị thu (left, with its tax code) and the series and number (right).
fn header(flow: &mut Flow, s: Scale, form: &Form) {
    let spec = flow.spec();
    let fonts = flow.fonts().clone();
    let left_w = spec.content_width() * 0.5;
    let right_x = spec.left() + left_w + 2.0;
    let right_w = spec.right() - right_x;
    let top = flow.y();
    let issuer = Issuer {
        parent_authority: &form.parent_authority,
        unit_name: &form.unit_name,
    };
    let canvas = flow.canvas();
    let mut left_bottom = draw_issuer(canvas, &issuer, spec.left(), left_w, top, s.body);
    if let Some(tax_code) = &form.tax_code {
        let style = Style::regular(s.small());
        let line = Area {
            x: spec.left(),
            y: left_bottom + 1.0,
            width: left_w,
            height: style.line_height(s.leading),
        };
        canvas.text_line(
            line,
            Align::Center,
            style,
            &format!("Mã số thuế: {tax_code}"),
        );
        left_bottom = line.y + line.height;
    }
    // "Ký hiệu: BLP-26" over "Số: 0000123", left-aligned on a common edge
    // and centred as a block in the right column.
    let lines = [
        label_value(s, "Ký hiệu", form.series.clone(), s.regular()),
        label_value(s, "Số", form.number.clone(), Style::bold(s.body + 1.0)),
    ];
    let block_w = lines
        .iter()
        .flat_map(|spans| wrap_rich(&fonts, spans, right_w))
        .map(|line| line.width)
        .fold(0.0, f32::max);
    let block_x = right_x + ((right_w - block_w) / 2.0).max(0.0);
    let line_h = Style::regular(s.body + 1.0).line_height(s.leading);
    let mut y = top;
    for spans in &lines {
        y += canvas.paragraph(block_x, y, right_w, line_h, Align::Left, spans);
    }
    flow.advance(left_bottom.max(y) - top + s.mm(4.0));
}

/// Người nộp tiền, hồ sơ and the lines with the total.
fn payment(flow: &mut Flow, s: Scale, form: &Form) {
    let fonts = flow.fonts().clone();
    let spec = flow.spec();
    let (x, w) = (spec.left(), spec.content_width());
    let payer = if form.payer_name.is_empty() {
        labelled(&fonts, s, "Họ tên người nộp tiền", "", w)
    } else {
        label_value(
            s,
            "Họ tên người nộp tiền",
            form.payer_name.clone(),
            s.bold(),
        )
    };
    para(flow, s, &payer);
    para(
        flow,
        s,
        &labelled(&fonts, s, "Địa chỉ", &form.payer_address, w),
    );
    if !form.payer_tax_code.is_empty() {
        para(
            flow,
            s,
            &label_value(s, "Mã số thuế", form.payer_tax_code.clone(), s.regular()),
        );
    }
    if !form.code.is_empty() {
        para(
            flow,
            s,
            &label_value(s, "Mã hồ sơ", form.code.clone(), s.regular()),
        );
    }
    para(
        flow,
        s,
        &labelled(&fonts, s, "Thủ tục hành chính", &form.procedure_name, w),
    );
    flow.advance(s.mm(0.8));
    let columns = [
        Column::fixed("TT", s.mm(7.0), Align::Center),
        Column::flexible("Tên phí, lệ phí", Align::Left),
        Column::fixed("Số lượng", s.mm(13.0), Align::Center),
        Column::fixed("Đơn giá (đồng)", s.mm(17.0), Align::Right),
        Column::fixed("Thành tiền (đồng)", s.mm(19.0), Align::Right),
    ];
    let rows: Vec<Vec<String>> = form
        .rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            vec![
                (i + 1).to_string(),
                r.name.clone(),
                r.quantity.to_string(),
                format_thousands_vn(r.unit_price),
                format_thousands_vn(r.amount),
            ]
        })
        .collect();
    draw_table(flow, x, w, &columns, &rows, &table_style(s));
    flow.advance(s.mm(0.8));
    let total = format_dong(form.total);
    para(flow, s, &label_value(s, "Tổng số tiền", total, s.bold()));
    let words = form.words.clone();
    para(
        flow,
        s,
        &label_value(s, "Số tiền bằng chữ", words, s.italic()),
    );
    para(
        flow,
        s,
        &labelled(&fonts, s, "Hình thức thanh toán", &form.method, w),
    );
}

/// Ngày thu above the collector, the two signatures and the e-receipt note.
fn closing(flow: &mut Flow, s: Scale, form: &Form) {
    let spec = flow.spec();
    let half = spec.content_width() / 2.0;
    flow.advance(s.mm(2.0));
    // The date belongs with the signatures: keep them on one page.
    flow.ensure(s.line() + s.mm(15.0) + 4.0 * s.line());
    flow.paragraph(
        spec.left() + half,
        half,
        s.leading,
        Align::Center,
        &[Span::new(form.place_date.clone(), s.italic())],
    );
    let signers = [
        Some(Signer {
            title: "NGƯỜI NỘP TIỀN",
            name: "",
        }),
        Some(Signer {
            title: "NGƯỜI THU TIỀN",
            name: &form.collector_name,
        }),
    ];
    signatures(flow, s, &signers);
    if let Some(note) = &form.e_receipt_note {
        flow.advance(s.mm(2.0));
        para(
            flow,
            s,
            &[Span::new(note.clone(), Style::italic(s.small()))],
        );
    }
}

/// Dựng biên lai thu phí, lệ phí thành PDF (A5, hai liên).
///
/// Errors (nothing is printed) when there is no line, an amount is negative,
/// the lines do not add up to `total`, `number` has more than 8 digits or a
/// character cannot be printed with the form font.
pub fn render_fee_receipt(data: &FeeReceiptData) -> Result<Vec<u8>, DocumentError> {
    let form = Form::new(data, FontBook::get()?)?;
    let reference = format!("Ký hiệu {}, số {}", form.series, form.number);
    let copies =
        FEE_RECEIPT_COPY_LABELS.map(|label| Copy::new(Some(label), Some(&reference), TITLE));
    render_copies(
        &format!("Biên lai thu phí, lệ phí - {reference}"),
        &copies,
        |flow, s, copy| {
            header(flow, s, &form);
            let heading = Heading {
                title: TITLE,
                code: None,
                label: copy.label.as_deref(),
                barcode: None,
            };
            draw_heading(flow, s, &heading);
            payment(flow, s, &form);
            closing(flow, s, &form);
            Ok(())
        },
    )
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::{FeeLine, FeeReceiptData, render_fee_receipt};
    use crate::error::DocumentError;

    fn data() -> FeeReceiptData {
        FeeReceiptData {
            unit_name: "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN PHÚ".into(),
            parent_authority: "UBND TỈNH ĐỒNG NAI".into(),
            place: "Tân Phú".into(),
            tax_code: None,
            series: "BLP-26".into(),
            number: 123,
            issued_on: NaiveDate::from_ymd_opt(2026, 2, 5).expect("valid date"),
            payer_name: "Nguyễn Văn An".into(),
            payer_address: String::new(),
            payer_tax_code: String::new(),
            code: String::new(),
            procedure_name: "Cấp bản sao trích lục hộ tịch".into(),
            lines: vec![FeeLine {
                name: "Lệ phí".into(),
                quantity: 1,
                unit_price: 8_000,
                amount: 8_000,
            }],
            total: 8_000,
            amount_in_words: None,
            method: "Tiền mặt".into(),
            collector_name: String::new(),
            e_receipt_note: None,
        }
    }

    fn field_of(result: Result<Vec<u8>, DocumentError>) -> Option<&'static str> {
        match result {
            Err(DocumentError::Invalid { field, .. }) => Some(field),
            _ => None,
        }
    }

    #[test]
    fn inconsistent_amounts_are_errors() {
        let mut d = data();
        d.total = 9_000;
        assert_eq!(field_of(render_fee_receipt(&d)), Some("total"));
        let mut d = data();
        d.lines.clear();
        assert_eq!(field_of(render_fee_receipt(&d)), Some("lines"));
        let mut d = data();
        d.lines[0].amount = -8_000;
        d.total = -8_000;
        assert_eq!(field_of(render_fee_receipt(&d)), Some("lines"));
        let mut d = data();
        d.lines.push(FeeLine {
            amount: i64::MAX,
            ..FeeLine::default()
        });
        assert_eq!(field_of(render_fee_receipt(&d)), Some("lines"));
        let mut d = data();
        d.number = 100_000_000;
        assert_eq!(field_of(render_fee_receipt(&d)), Some("number"));
        let mut d = data();
        d.number = 99_999_999;
        assert!(render_fee_receipt(&d).is_ok());
    }
}

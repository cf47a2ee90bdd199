//! Mẫu 07 — Sổ theo dõi hồ sơ (TT 03/2025/TT-VPCP, Phụ lục I; Mẫu 06 of
//! TT 01/2018/TT-VPCP). A4 landscape: the issuing unit, the title, the period
//! "Từ ngày dd/mm/yyyy đến ngày dd/mm/yyyy", then one table row per dossier
//! with the table header repeated on every page, and "Trang i/n" at the
//! bottom of each page.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::compose::field;
use crate::date_format::format_short_date_vn;
use crate::error::DocumentError;
use crate::fonts::FontBook;
use crate::layout::{
    Align, Area, Column, Flow, Issuer, PageSpec, PdfBuilder, RunningHeader, Span, Style,
    TableStyle, draw_issuer, draw_table,
};

/// Tên sổ.
pub const LEDGER_TITLE: &str = "SỔ THEO DÕI HỒ SƠ";

/// Tiêu đề các cột của sổ, in order (shared with the spreadsheet export): the columns of the
/// template (TT 03/2025/TT-VPCP Phụ lục I Mẫu 07; TT 01/2018/TT-VPCP Mẫu 06): number of
/// dossiers, the owner (cá nhân, tổ chức) with address and phone, the authority in charge, when
/// the dossier went to it and the result came back, the hand-out, each "ký nhận" by hand.
pub const LEDGER_COLUMNS: [&str; 13] = [
    "TT",
    "Mã hồ sơ",
    "Tên TTHC",
    "Số lượng hồ sơ (bộ)",
    "Tên cá nhân, tổ chức",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Ngày giờ nhận",
    "Ngày hẹn trả",
    "Chuyển hồ sơ đến cơ quan giải quyết (ngày, ký nhận)",
    "Nhận kết quả từ cơ quan giải quyết (ngày, ký nhận)",
    "Trả kết quả cho cá nhân, tổ chức (ngày, ký nhận)",
    "Ghi chú",
];

/// Một dòng của sổ: one dossier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerRow {
    /// Số thứ tự trong sổ (the dossier's ledger number).
    pub number: u32,
    /// Mã hồ sơ.
    pub code: String,
    /// Thời điểm nhận hồ sơ (giờ Việt Nam).
    pub received_at: NaiveDateTime,
    /// Họ tên người nộp.
    pub submitter_name: String,
    /// Chủ hồ sơ (cá nhân, tổ chức); empty = the submitter.
    #[serde(default)]
    pub owner_name: String,
    /// Địa chỉ, số điện thoại of the owner (of the submitter when the owner has none).
    #[serde(default)]
    pub contact: String,
    /// Số lượng hồ sơ (bộ).
    #[serde(default)]
    pub sets_count: u32,
    /// Cơ quan chủ trì giải quyết.
    #[serde(default)]
    pub authority: String,
    /// Tên thủ tục hành chính.
    pub procedure_name: String,
    /// Ngày hẹn trả (giờ Việt Nam); `None` = không hẹn.
    pub due_at: Option<NaiveDateTime>,
    /// Trạng thái, as the desk shows it.
    pub status_label: String,
    /// Chuyển hồ sơ đến cơ quan giải quyết (giờ Việt Nam).
    #[serde(default)]
    pub sent_at: Option<NaiveDateTime>,
    /// Nhận kết quả từ cơ quan giải quyết (giờ Việt Nam).
    #[serde(default)]
    pub result_at: Option<NaiveDateTime>,
    /// Thời điểm trả kết quả (giờ Việt Nam), if handed out.
    pub handed_out_at: Option<NaiveDateTime>,
    /// Ghi chú.
    pub note: String,
    /// Phí, lệ phí thu khi trả kết quả: how a fee due at result was settled at hand-out, e.g.
    /// "Thu khi trả kết quả: 16.000 đồng (biên lai BLP-26 số 0002)"; empty when none. Printed
    /// as its own line of "Ghi chú".
    #[serde(default)]
    pub handout_fee: String,
}

impl LedgerRow {
    /// "Tên cá nhân, tổ chức": the owner, and who filed for it when someone else did.
    pub fn applicant_text(&self) -> String {
        if self.owner_name.trim().is_empty() || self.owner_name == self.submitter_name {
            self.submitter_name.clone()
        } else {
            format!("{} (người nộp: {})", self.owner_name, self.submitter_name)
        }
    }

    /// "Ghi chú": the status, then the note, then the fee settled at hand-out.
    pub fn note_text(&self) -> String {
        [&self.status_label, &self.note, &self.handout_fee]
            .into_iter()
            .map(|p| p.trim())
            .filter(|p| !p.is_empty())
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Dữ liệu in Sổ theo dõi hồ sơ (Mẫu 07) for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LedgerData {
    /// Cơ quan chủ quản, e.g. "UBND TỈNH ĐỒNG NAI".
    pub parent_authority: String,
    /// Tên đơn vị, e.g. "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN PHÚ".
    pub unit_name: String,
    /// Ngày đầu kỳ (inclusive).
    pub from: NaiveDate,
    /// Ngày cuối kỳ (inclusive).
    pub to: NaiveDate,
    /// Quyển số, e.g. "01/2026" (blank = not printed).
    pub book: String,
    /// Các hồ sơ, in the order to print.
    pub rows: Vec<LedgerRow>,
}

/// "Từ ngày 01/02/2026 đến ngày 28/02/2026".
pub fn ledger_period(from: NaiveDate, to: NaiveDate) -> String {
    format!(
        "Từ ngày {} đến ngày {}",
        format_short_date_vn(from),
        format_short_date_vn(to)
    )
}

/// "05/02/2026 09:32", as the ledger prints times.
pub fn format_ledger_time(t: NaiveDateTime) -> String {
    t.format("%d/%m/%Y %H:%M").to_string()
}

const BODY: f32 = 7.0;
const LEADING: f32 = 1.2;

fn page_spec() -> PageSpec {
    PageSpec {
        width: 297.0,
        height: 210.0,
        margin_top: 12.0,
        margin_right: 10.0,
        margin_bottom: 14.0,
        margin_left: 15.0,
    }
}

fn columns() -> Vec<Column> {
    let widths: [Option<f32>; 13] = [
        Some(8.0),
        Some(33.0),
        None,
        Some(12.0),
        Some(28.0),
        Some(26.0),
        Some(22.0),
        Some(17.0),
        Some(17.0),
        Some(19.0),
        Some(19.0),
        Some(19.0),
        Some(20.0),
    ];
    let aligns = [
        Align::Center,
        Align::Left,
        Align::Left,
        Align::Center,
        Align::Left,
        Align::Left,
        Align::Left,
        Align::Center,
        Align::Center,
        Align::Center,
        Align::Center,
        Align::Center,
        Align::Left,
    ];
    LEDGER_COLUMNS
        .iter()
        .zip(widths)
        .zip(aligns)
        .map(|((header, width), align)| match width {
            Some(w) => Column::fixed(*header, w, align),
            None => Column::flexible(*header, align),
        })
        .collect()
}

/// The cells of every row, cleaned and checked against the font.
fn cells(book: &FontBook, rows: &[LedgerRow]) -> Result<Vec<Vec<String>>, DocumentError> {
    let time = |t: Option<NaiveDateTime>| t.map(format_ledger_time).unwrap_or_default();
    rows.iter()
        .map(|r| {
            Ok(vec![
                r.number.to_string(),
                field(book, &r.code)?,
                field(book, &r.procedure_name)?,
                r.sets_count.max(1).to_string(),
                field(book, &r.applicant_text())?,
                field(book, &r.contact)?,
                field(book, &r.authority)?,
                format_ledger_time(r.received_at),
                time(r.due_at),
                time(r.sent_at),
                time(r.result_at),
                time(r.handed_out_at),
                field(book, &r.note_text())?,
            ])
        })
        .collect()
}

/// Dựng Sổ theo dõi hồ sơ thành PDF (A4 ngang).
///
/// A period ending before it starts is an error, as are characters the font
/// cannot print. An empty period prints the table header and a line saying
/// there is no dossier.
pub fn render_ledger(data: &LedgerData) -> Result<Vec<u8>, DocumentError> {
    if data.to < data.from {
        return Err(DocumentError::Invalid {
            field: "to",
            reason: format!(
                "the period ends ({}) before it starts ({})",
                format_short_date_vn(data.to),
                format_short_date_vn(data.from)
            ),
        });
    }
    let book = FontBook::get()?;
    let parent_authority = field(book, &data.parent_authority)?;
    let unit_name = field(book, &data.unit_name)?;
    let ledger_book = field(book, &data.book)?;
    let body = cells(book, &data.rows)?;
    let period = ledger_period(data.from, data.to);

    let builder = PdfBuilder::new(&format!("Sổ theo dõi hồ sơ - {period}"))?;
    let spec = page_spec();
    let mut flow = Flow::new(builder.fonts().clone(), spec);
    flow.set_running_header(RunningHeader {
        text: format!("Sổ theo dõi hồ sơ - {period} (tiếp theo)"),
        style: Style::italic(BODY - 0.5),
    });

    // Issuing unit, top left.
    let top = flow.y();
    let issuer = Issuer {
        parent_authority: &parent_authority,
        unit_name: &unit_name,
    };
    let issuer_w = spec.content_width() * 0.4;
    let rule_y = draw_issuer(flow.canvas(), &issuer, spec.left(), issuer_w, top, 11.0);
    flow.advance(rule_y - top + 5.0);

    // Title, book and period, centred.
    let centred = |flow: &mut Flow, spans: &[Span]| {
        flow.paragraph(
            spec.left(),
            spec.content_width(),
            LEADING,
            Align::Center,
            spans,
        );
    };
    centred(&mut flow, &[Span::new(LEDGER_TITLE, Style::bold(14.0))]);
    if !ledger_book.is_empty() {
        centred(
            &mut flow,
            &[Span::new(
                format!("Quyển số: {ledger_book}"),
                Style::regular(11.0),
            )],
        );
    }
    centred(&mut flow, &[Span::new(period.clone(), Style::italic(11.0))]);
    flow.advance(4.0);

    let style = TableStyle {
        header: Style::bold(BODY),
        body: Style::regular(BODY),
        leading: LEADING,
        pad_x: 1.2,
        pad_y: 1.0,
        rule_pt: 0.5,
    };
    draw_table(
        &mut flow,
        spec.left(),
        spec.content_width(),
        &columns(),
        &body,
        &style,
    );
    flow.advance(3.0);
    let total = if data.rows.is_empty() {
        "Không có hồ sơ nào được tiếp nhận trong kỳ.".to_owned()
    } else {
        format!("Tổng số: {} hồ sơ.", data.rows.len())
    };
    flow.paragraph(
        spec.left(),
        spec.content_width(),
        LEADING,
        Align::Left,
        &[Span::new(total, Style::italic(BODY + 1.0))],
    );

    let mut pages = flow.finish();
    let count = pages.len();
    let number_style = Style::regular(BODY);
    for (i, page) in pages.iter_mut().enumerate() {
        let line_h = number_style.line_height(LEADING);
        let area = Area {
            x: spec.left(),
            y: spec.bottom() + (spec.margin_bottom - line_h) / 2.0,
            width: spec.content_width(),
            height: line_h,
        };
        page.text_line(
            area,
            Align::Center,
            number_style,
            &format!("Trang {}/{}", i + 1, count),
        );
    }
    Ok(builder.finish(pages))
}

//! Báo cáo cuối ngày: the supervisor's end-of-day report of a reception unit, A4 portrait.
//!
//! The issuing unit top left, the title "BÁO CÁO TÌNH HÌNH TIẾP NHẬN VÀ TRẢ KẾT QUẢ HỒ SƠ",
//! "Ngày dd/mm/yyyy", then numbered sections: key figures, dossiers received per procedure and per
//! channel, intake outcomes, fees collected per clerk, and the on-time rate computed as the
//! national index does (QĐ 766: time waiting for a supplement excluded, more than one supplement
//! request counts as late). "Trang i/n" at the bottom of each page; a signature block for the
//! person who made it.

use chrono::{NaiveDate, NaiveDateTime};
use serde::{Deserialize, Serialize};

use crate::compose::field;
use crate::date_format::format_short_date_vn;
use crate::error::DocumentError;
use crate::fonts::FontBook;
use crate::layout::{
    Align, Area, Column, Flow, Issuer, PageSpec, PdfBuilder, RunningHeader, SignatureBlock, Span,
    Style, TableStyle, draw_issuer, draw_signatures, draw_table,
};
use crate::money::{format_dong, format_thousands_vn};

/// Tên báo cáo.
pub const REPORT_DAY_TITLE: &str = "BÁO CÁO TÌNH HÌNH TIẾP NHẬN VÀ TRẢ KẾT QUẢ HỒ SƠ";

/// Một dòng đếm: a procedure or a channel and how many dossiers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CountLine {
    /// Mã (mã TTHC, or the channel key).
    pub code: String,
    /// Tên, as printed.
    pub name: String,
    pub count: u32,
}

/// Phí, lệ phí đã thu của một cán bộ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClerkFeeLine {
    pub clerk_name: String,
    /// Số biên lai.
    pub receipts: u32,
    /// Số tiền (đồng).
    pub amount: i64,
}

/// Kết quả tiếp nhận trong ngày.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OutcomeCounts {
    /// Tiếp nhận (Mẫu 01).
    pub accepted: u32,
    /// Yêu cầu bổ sung, hoàn thiện (Mẫu 02).
    pub supplement: u32,
    /// Từ chối tiếp nhận (Mẫu 03).
    pub refused: u32,
    /// Hỗ trợ nộp trực tuyến.
    pub assisted_online: u32,
}

/// Tỷ lệ đúng hạn: dossiers whose processing ended that day.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OnTimeCounts {
    /// Giải quyết xong trong ngày.
    pub resolved: u32,
    /// Đúng hạn hoặc trước hạn.
    pub on_time: u32,
    /// Quá hạn (including those late only by the supplement rule).
    pub late: u32,
    /// Of `late`: on time by the clock but with more than one supplement request.
    pub late_by_supplements: u32,
}

impl OnTimeCounts {
    /// The rate in tenths of a percent (952 = 95,2 %), rounded half up; `None` when nothing was
    /// resolved.
    pub fn rate_tenths(&self) -> Option<u32> {
        if self.resolved == 0 {
            return None;
        }
        let num = u64::from(self.on_time) * 2000 + u64::from(self.resolved);
        u32::try_from(num / (2 * u64::from(self.resolved))).ok()
    }
}

/// "95,2%", or "—" when nothing was resolved.
pub fn format_rate(counts: &OnTimeCounts) -> String {
    match counts.rate_tenths() {
        Some(t) => format!("{},{}%", t / 10, t % 10),
        None => "—".to_owned(),
    }
}

/// Dữ liệu in báo cáo cuối ngày.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DayReportData {
    /// Cơ quan chủ quản.
    pub parent_authority: String,
    /// Tên đơn vị.
    pub unit_name: String,
    /// The day reported (Vietnam date).
    pub date: NaiveDate,
    /// When it was made (Vietnam time).
    pub generated_at: NaiveDateTime,
    pub received_total: u32,
    pub by_procedure: Vec<CountLine>,
    pub by_channel: Vec<CountLine>,
    pub outcomes: OutcomeCounts,
    pub fees: Vec<ClerkFeeLine>,
    pub handed_out: u32,
    /// Hồ sơ đang giải quyết đã quá hạn (at `generated_at`).
    pub overdue_now: u32,
    /// Hồ sơ đến hạn ngày làm việc tiếp theo.
    pub due_next: u32,
    /// The next working day after `date`.
    pub next_working_day: NaiveDate,
    pub on_time: OnTimeCounts,
    /// Người lập báo cáo (printed under the signature; blank = written by hand).
    pub prepared_by: String,
}

/// Label of the count of every dossier brought to the desk that day.
pub const RECEIVED_TOTAL_LABEL: &str = "Lượt nộp hồ sơ tại quầy trong ngày (mọi kết quả ở mục II)";

/// Height of section VI with its note and the signature block (mm), kept together.
const SIGNED_TAIL_MM: f32 = 78.0;

const BODY: f32 = 10.5;
const SMALL: f32 = 9.5;
const LEADING: f32 = 1.2;

fn page_spec() -> PageSpec {
    PageSpec::a4_portrait()
}

fn table_style() -> TableStyle {
    TableStyle {
        header: Style::bold(SMALL),
        body: Style::regular(SMALL),
        leading: 1.2,
        pad_x: 1.5,
        pad_y: 1.0,
        rule_pt: 0.5,
    }
}

/// Dựng báo cáo cuối ngày thành PDF (A4 đứng).
pub fn render_day_report(data: &DayReportData) -> Result<Vec<u8>, DocumentError> {
    let book = FontBook::get()?;
    let parent_authority = field(book, &data.parent_authority)?;
    let unit_name = field(book, &data.unit_name)?;
    let prepared_by = field(book, &data.prepared_by)?;
    let day = format_short_date_vn(data.date);
    let procedures = data
        .by_procedure
        .iter()
        .enumerate()
        .map(|(i, l)| {
            Ok(vec![
                (i + 1).to_string(),
                field(book, &l.code)?,
                field(book, &l.name)?,
                format_thousands_vn(i64::from(l.count)),
            ])
        })
        .collect::<Result<Vec<_>, DocumentError>>()?;
    let channels = data
        .by_channel
        .iter()
        .map(|l| {
            Ok(vec![
                field(book, &l.name)?,
                format_thousands_vn(i64::from(l.count)),
            ])
        })
        .collect::<Result<Vec<_>, DocumentError>>()?;
    let fees = data
        .fees
        .iter()
        .enumerate()
        .map(|(i, f)| {
            Ok(vec![
                (i + 1).to_string(),
                field(book, &f.clerk_name)?,
                format_thousands_vn(i64::from(f.receipts)),
                format_dong(f.amount),
            ])
        })
        .collect::<Result<Vec<_>, DocumentError>>()?;

    let builder = PdfBuilder::new(&format!("Báo cáo cuối ngày {day}"))?;
    let spec = page_spec();
    let mut flow = Flow::new(builder.fonts().clone(), spec);
    flow.set_running_header(RunningHeader {
        text: format!("Báo cáo ngày {day} (tiếp theo)"),
        style: Style::italic(SMALL - 1.0),
    });
    let left = spec.left();
    let width = spec.content_width();

    let top = flow.y();
    let issuer = Issuer {
        parent_authority: &parent_authority,
        unit_name: &unit_name,
    };
    let rule_y = draw_issuer(flow.canvas(), &issuer, left, width * 0.55, top, BODY);
    flow.advance(rule_y - top + 6.0);

    let centred = |flow: &mut Flow, spans: &[Span]| {
        flow.paragraph(left, width, LEADING, Align::Center, spans);
    };
    centred(&mut flow, &[Span::new(REPORT_DAY_TITLE, Style::bold(13.0))]);
    centred(
        &mut flow,
        &[Span::new(format!("Ngày {day}"), Style::italic(BODY + 1.0))],
    );
    centred(
        &mut flow,
        &[Span::new(
            format!(
                "(Số liệu lập lúc {})",
                data.generated_at.format("%H:%M ngày %d/%m/%Y")
            ),
            Style::italic(SMALL),
        )],
    );
    flow.advance(4.0);

    let heading = |flow: &mut Flow, text: &str| {
        flow.advance(1.5);
        flow.paragraph(
            left,
            width,
            LEADING,
            Align::Left,
            &[Span::new(text, Style::bold(BODY))],
        );
        flow.advance(0.5);
    };
    let line = |flow: &mut Flow, label: &str, value: String| {
        flow.paragraph(
            left + 5.0,
            width - 5.0,
            LEADING,
            Align::Left,
            &[
                Span::new(format!("- {label}: "), Style::regular(BODY)),
                Span::new(value, Style::bold(BODY)),
            ],
        );
    };
    let n = |v: u32| format_thousands_vn(i64::from(v));
    let style = table_style();

    heading(&mut flow, "I. SỐ LIỆU CHUNG");
    // Each count says what it counts: every dossier brought to the desk, whatever its
    // outcome, is not the number received with a Mẫu 01 (section II).
    line(&mut flow, RECEIVED_TOTAL_LABEL, n(data.received_total));
    line(
        &mut flow,
        "Hồ sơ đã trả kết quả trong ngày",
        n(data.handed_out),
    );
    line(
        &mut flow,
        "Hồ sơ đang giải quyết đã quá hạn",
        n(data.overdue_now),
    );
    line(
        &mut flow,
        &format!(
            "Hồ sơ đến hạn ngày làm việc tiếp theo ({})",
            format_short_date_vn(data.next_working_day)
        ),
        n(data.due_next),
    );
    let fee_total: i64 = data.fees.iter().map(|f| f.amount).sum();
    line(&mut flow, "Phí, lệ phí đã thu", format_dong(fee_total));

    heading(&mut flow, "II. KẾT QUẢ TIẾP NHẬN");
    let o = data.outcomes;
    line(
        &mut flow,
        "Được tiếp nhận, hẹn trả kết quả (Mẫu 01)",
        n(o.accepted),
    );
    line(
        &mut flow,
        "Yêu cầu bổ sung, hoàn thiện (Mẫu 02)",
        n(o.supplement),
    );
    line(&mut flow, "Từ chối tiếp nhận (Mẫu 03)", n(o.refused));
    line(&mut flow, "Hỗ trợ nộp trực tuyến", n(o.assisted_online));

    heading(&mut flow, "III. LƯỢT NỘP HỒ SƠ THEO THỦ TỤC (MỌI KẾT QUẢ)");
    if procedures.is_empty() {
        line(&mut flow, "Không có hồ sơ", "0".to_owned());
    } else {
        let cols = [
            Column::fixed("TT", 10.0, Align::Center),
            Column::fixed("Mã TTHC", 32.0, Align::Left),
            Column::flexible("Tên thủ tục hành chính", Align::Left),
            Column::fixed("Số hồ sơ", 20.0, Align::Right),
        ];
        draw_table(&mut flow, left, width, &cols, &procedures, &style);
        bar_chart(&mut flow, &chart_lines(book, &data.by_procedure, true)?);
    }

    heading(&mut flow, "IV. LƯỢT NỘP HỒ SƠ THEO KÊNH (MỌI KẾT QUẢ)");
    if channels.is_empty() {
        line(&mut flow, "Không có hồ sơ", "0".to_owned());
    } else {
        let cols = [
            Column::flexible("Kênh tiếp nhận", Align::Left),
            Column::fixed("Số hồ sơ", 30.0, Align::Right),
        ];
        draw_table(&mut flow, left, width, &cols, &channels, &style);
        bar_chart(&mut flow, &chart_lines(book, &data.by_channel, false)?);
    }

    heading(&mut flow, "V. PHÍ, LỆ PHÍ ĐÃ THU THEO CÁN BỘ");
    if fees.is_empty() {
        flow.paragraph(
            left + 5.0,
            width - 5.0,
            LEADING,
            Align::Left,
            &[Span::new(
                "Trong ngày không có khoản phí, lệ phí nào được thu.",
                Style::regular(BODY),
            )],
        );
    } else {
        let mut rows = fees;
        rows.push(vec![
            String::new(),
            "Tổng cộng".to_owned(),
            n(data.fees.iter().map(|f| f.receipts).sum()),
            format_dong(fee_total),
        ]);
        let cols = [
            Column::fixed("TT", 10.0, Align::Center),
            Column::flexible("Cán bộ tiếp nhận", Align::Left),
            Column::fixed("Số biên lai", 24.0, Align::Right),
            Column::fixed("Số tiền", 40.0, Align::Right),
        ];
        draw_table(&mut flow, left, width, &cols, &rows, &style);
    }

    // Section VI, its note and the signature stay on one page: the signature block never
    // stands alone at the top of a page.
    flow.ensure(SIGNED_TAIL_MM);
    heading(&mut flow, "VI. TỶ LỆ GIẢI QUYẾT ĐÚNG HẠN");
    let t = data.on_time;
    line(&mut flow, "Hồ sơ giải quyết xong trong ngày", n(t.resolved));
    line(&mut flow, "Đúng hạn, trước hạn", n(t.on_time));
    line(&mut flow, "Quá hạn", n(t.late));
    line(
        &mut flow,
        "Trong đó quá hạn do yêu cầu bổ sung quá một lần",
        n(t.late_by_supplements),
    );
    line(&mut flow, "Tỷ lệ đúng hạn", format_rate(&t));
    flow.paragraph(
        left,
        width,
        LEADING,
        Align::Left,
        &[Span::new(
            "Ghi chú: thời gian chờ bổ sung hồ sơ không tính vào thời hạn giải quyết; hồ sơ yêu cầu bổ sung quá một lần được tính là quá hạn.",
            Style::italic(SMALL),
        )],
    );

    flow.advance(3.0);
    draw_signatures(
        &mut flow,
        &[
            SignatureBlock {
                title: "",
                hint: "",
                name: "",
            },
            SignatureBlock {
                title: "NGƯỜI LẬP BÁO CÁO",
                hint: "(Ký và ghi rõ họ tên)",
                name: &prepared_by,
            },
        ],
        BODY,
        16.0,
    );

    let mut pages = flow.finish();
    let count = pages.len();
    let number_style = Style::regular(SMALL - 1.0);
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

/// One bar of a chart: label and count.
struct Bar {
    label: String,
    count: u32,
}

fn chart_lines(
    book: &FontBook,
    lines: &[CountLine],
    with_code: bool,
) -> Result<Vec<Bar>, DocumentError> {
    lines
        .iter()
        .map(|l| {
            Ok(Bar {
                label: if with_code {
                    field(book, &l.code)?
                } else {
                    field(book, &l.name)?
                },
                count: l.count,
            })
        })
        .collect()
}

/// A horizontal bar chart under a table, as on the report screen: the label on the left, a bar
/// as long as the count relative to the largest, the count after it.
fn bar_chart(flow: &mut Flow, bars: &[Bar]) {
    let max = bars.iter().map(|b| b.count).max().unwrap_or(0);
    if bars.is_empty() || max == 0 {
        return;
    }
    let spec = flow.spec();
    let style = Style::regular(SMALL - 1.0);
    let row_h = style.line_height(1.1) + 0.4;
    let label_w = spec.content_width() * 0.3;
    let bar_x = spec.left() + label_w + 2.0;
    let bar_max = spec.content_width() - label_w - 18.0;
    flow.advance(2.0);
    for bar in bars {
        flow.ensure(row_h);
        let top = flow.y();
        let label = Area {
            x: spec.left(),
            y: top,
            width: label_w,
            height: row_h,
        };
        let canvas = flow.canvas();
        canvas.text_line(label, Align::Right, style, &bar.label);
        let len = (bar_max * bar.count as f32 / max as f32).max(0.6);
        canvas.fill_areas(&[Area {
            x: bar_x,
            y: top + 0.7,
            width: len,
            height: row_h - 1.4,
        }]);
        let value = Area {
            x: bar_x + len + 1.5,
            y: top,
            width: 16.0,
            height: row_h,
        };
        canvas.text_line(
            value,
            Align::Left,
            style,
            &format_thousands_vn(i64::from(bar.count)),
        );
        flow.advance(row_h);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rate_rounds_half_up_to_a_tenth() {
        let c = |on_time, resolved| OnTimeCounts {
            resolved,
            on_time,
            late: resolved - on_time,
            late_by_supplements: 0,
        };
        assert_eq!(format_rate(&c(0, 0)), "—");
        assert_eq!(format_rate(&c(20, 21)), "95,2%");
        assert_eq!(format_rate(&c(1, 8)), "12,5%");
        assert_eq!(format_rate(&c(2, 3)), "66,7%");
        assert_eq!(format_rate(&c(5, 5)), "100,0%");
    }
}

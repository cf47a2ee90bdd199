//! Bảng có kẻ ô: bordered tables whose cells wrap; rows move to the next page
//! (header repeated) or, if taller than a page, are split between lines.

use super::canvas::Area;
use super::flow::Flow;
use super::measure::{Align, Style, wrap};

/// Một cột.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// Tiêu đề cột.
    pub header: String,
    /// Độ rộng cố định (mm); `None` = chia phần còn lại.
    pub width: Option<f32>,
    /// Căn lề nội dung.
    pub align: Align,
}

impl Column {
    /// Cột rộng cố định.
    pub fn fixed(header: impl Into<String>, width: f32, align: Align) -> Self {
        Column {
            header: header.into(),
            width: Some(width),
            align,
        }
    }

    /// Cột co giãn (takes the remaining width).
    pub fn flexible(header: impl Into<String>, align: Align) -> Self {
        Column {
            header: header.into(),
            width: None,
            align,
        }
    }
}

/// Kiểu trình bày bảng.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TableStyle {
    /// Chữ tiêu đề.
    pub header: Style,
    /// Chữ nội dung.
    pub body: Style,
    /// Hệ số giãn dòng.
    pub leading: f32,
    /// Đệm ngang trong ô, mm.
    pub pad_x: f32,
    /// Đệm dọc trong ô, mm.
    pub pad_y: f32,
    /// Độ dày đường kẻ, pt.
    pub rule_pt: f32,
}

/// A row already wrapped into lines per cell.
struct WrappedRow {
    cells: Vec<Vec<String>>,
    style: Style,
}

impl WrappedRow {
    fn line_count(&self) -> usize {
        self.cells.iter().map(Vec::len).max().unwrap_or(0).max(1)
    }
}

/// Vẽ bảng tại `x`, rộng `width`, bắt đầu từ vị trí hiện tại của `flow`.
pub fn draw_table(
    flow: &mut Flow,
    x: f32,
    width: f32,
    columns: &[Column],
    rows: &[Vec<String>],
    style: &TableStyle,
) {
    if columns.is_empty() {
        return;
    }
    let widths = resolve_widths(columns, width);
    let fonts = flow.fonts().clone();
    let wrap_row = |cells: Vec<&str>, cell_style: Style| WrappedRow {
        cells: cells
            .iter()
            .zip(&widths)
            .map(|(text, w)| {
                // A line break in a cell starts a new line (e.g. "Giao: …" / "Nhận: …").
                text.split('\n')
                    .flat_map(|part| {
                        wrap(&fonts, cell_style, part, (w - 2.0 * style.pad_x).max(1.0))
                    })
                    .collect()
            })
            .collect(),
        style: cell_style,
    };
    let header = wrap_row(
        columns.iter().map(|c| c.header.as_str()).collect(),
        style.header,
    );
    let header_aligns: Vec<Align> = columns.iter().map(|_| Align::Center).collect();
    let body_aligns: Vec<Align> = columns.iter().map(|c| c.align).collect();
    let line_h = style.body.line_height(style.leading);
    let header_line_h = style.header.line_height(style.leading);
    let header_h = header.line_count() as f32 * header_line_h + 2.0 * style.pad_y;
    let geometry = Geometry {
        x,
        widths: &widths,
        style,
    };

    let header_band = Band {
        row: &header,
        start: 0,
        count: header.line_count(),
        line_h: header_line_h,
        aligns: &header_aligns,
        is_header: true,
    };

    // Keep the header with at least one line of the first row.
    flow.ensure(header_h + line_h + 2.0 * style.pad_y);
    geometry.draw_band(flow, &header_band);

    for cells in rows {
        let row = wrap_row(
            columns
                .iter()
                .enumerate()
                .map(|(i, _)| cells.get(i).map_or("", String::as_str))
                .collect(),
            style.body,
        );
        let total = row.line_count();
        let mut start = 0;
        let mut just_broke = false;
        while start < total {
            let left = total - start;
            let needed = left as f32 * line_h + 2.0 * style.pad_y;
            let fresh_page = flow.spec().content_height() - header_h;
            let fits_here = needed <= flow.remaining() + 1e-3;
            let count = if fits_here {
                left
            } else if needed <= fresh_page && start == 0 {
                0 // the whole row fits on the next page: move it there
            } else {
                let room = ((flow.remaining() - 2.0 * style.pad_y) / line_h).floor();
                if room >= 1.0 {
                    (room as usize).min(left)
                } else {
                    0
                }
            };
            // Right after a page break something must be drawn, or a header
            // taller than the page would loop forever.
            let count = if just_broke { count.max(1) } else { count };
            if count == 0 {
                flow.new_page();
                just_broke = true;
                geometry.draw_band(flow, &header_band);
                continue;
            }
            let band = Band {
                row: &row,
                start,
                count,
                line_h,
                aligns: &body_aligns,
                is_header: false,
            };
            geometry.draw_band(flow, &band);
            start += count;
            just_broke = false;
        }
    }
}

fn resolve_widths(columns: &[Column], width: f32) -> Vec<f32> {
    let fixed: f32 = columns.iter().filter_map(|c| c.width).sum();
    let flexible = columns.iter().filter(|c| c.width.is_none()).count();
    let share = if flexible > 0 {
        ((width - fixed) / flexible as f32).max(5.0)
    } else {
        0.0
    };
    columns.iter().map(|c| c.width.unwrap_or(share)).collect()
}

/// Lines `start..start + count` of a row, drawn as one bordered band.
struct Band<'a> {
    row: &'a WrappedRow,
    start: usize,
    count: usize,
    line_h: f32,
    aligns: &'a [Align],
    is_header: bool,
}

struct Geometry<'a> {
    x: f32,
    widths: &'a [f32],
    style: &'a TableStyle,
}

impl Geometry<'_> {
    /// Draws one bordered band of a row.
    fn draw_band(&self, flow: &mut Flow, band: &Band<'_>) {
        let Band {
            row,
            start,
            count,
            line_h,
            aligns,
            is_header,
        } = *band;
        let top = flow.y();
        let height = count as f32 * line_h + 2.0 * self.style.pad_y;
        let whole_row = start == 0 && count == row.line_count();
        let total_width: f32 = self.widths.iter().sum();
        let rule = self.style.rule_pt;
        let canvas = flow.canvas();
        let mut cx = self.x;
        for ((lines, w), align) in row.cells.iter().zip(self.widths).zip(aligns) {
            // Centred and right-aligned columns (numbers, amounts, headers)
            // are centred vertically too; left-aligned text starts at the top.
            let offset = if whole_row && *align != Align::Left {
                (count - lines.len().min(count)) as f32 * line_h / 2.0
            } else {
                0.0
            };
            let mut y = top + self.style.pad_y + offset;
            for text in lines.iter().skip(start).take(count) {
                let area = Area {
                    x: cx + self.style.pad_x,
                    y,
                    width: w - 2.0 * self.style.pad_x,
                    height: line_h,
                };
                canvas.text_line(area, *align, row.style, text);
                y += line_h;
            }
            cx += w;
        }
        let right = self.x + total_width;
        // Body rows always follow the header or another row, whose bottom
        // rule is their top: drawing it twice would print it darker.
        if is_header {
            canvas.line(self.x, top, right, top, rule);
        }
        canvas.line(self.x, top + height, right, top + height, rule);
        let mut vx = self.x;
        canvas.line(vx, top, vx, top + height, rule);
        for w in self.widths {
            vx += w;
            canvas.line(vx, top, vx, top + height, rule);
        }
        flow.advance(height);
    }
}

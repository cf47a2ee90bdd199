//! Khối chữ ký: side-by-side signature blocks — title (bold), hint in
//! italics "(Ký và ghi rõ họ tên)", room to sign, then the printed name.

use super::canvas::Area;
use super::flow::Flow;
use super::measure::{Align, Style, wrap};

/// Một khối chữ ký.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignatureBlock<'a> {
    /// Chức danh, e.g. "NGƯỜI TIẾP NHẬN HỒ SƠ".
    pub title: &'a str,
    /// Hướng dẫn, e.g. "(Ký và ghi rõ họ tên)".
    pub hint: &'a str,
    /// Họ tên in sẵn dưới chỗ ký (rỗng = để viết tay).
    pub name: &'a str,
}

/// Vẽ các khối chữ ký thành cột đều nhau trên toàn bề rộng; `body` is the body
/// text size (pt), `sign_gap` the room left for the signature (mm). The
/// blocks move to the next page together when they do not fit.
pub fn draw_signatures(flow: &mut Flow, blocks: &[SignatureBlock<'_>], body: f32, sign_gap: f32) {
    if blocks.is_empty() {
        return;
    }
    let spec = flow.spec();
    let fonts = flow.fonts().clone();
    let col_w = spec.content_width() / blocks.len() as f32;
    let leading = 1.2;
    let title = Style::bold(body);
    let hint = Style::italic(body - 1.0);
    let name = Style::bold(body);
    let wrapped = |style: Style, texts: Vec<&str>| -> Vec<Vec<String>> {
        texts
            .into_iter()
            .map(|t| wrap(&fonts, style, t, col_w - 2.0))
            .collect()
    };
    let rows = [
        (
            wrapped(title, blocks.iter().map(|b| b.title).collect()),
            title,
        ),
        (wrapped(hint, blocks.iter().map(|b| b.hint).collect()), hint),
        (wrapped(name, blocks.iter().map(|b| b.name).collect()), name),
    ];
    let height_of = |lines: &[Vec<String>], style: Style| {
        lines.iter().map(Vec::len).max().unwrap_or(0) as f32 * style.line_height(leading)
    };
    let total: f32 = rows.iter().map(|(l, s)| height_of(l, *s)).sum::<f32>() + sign_gap;
    flow.ensure(total);

    for (i, (lines, style)) in rows.iter().enumerate() {
        if i == 2 {
            flow.ensure(sign_gap + style.line_height(leading));
            flow.advance(sign_gap);
        }
        let line_h = style.line_height(leading);
        let count = lines.iter().map(Vec::len).max().unwrap_or(0);
        for row in 0..count {
            flow.ensure(line_h);
            let top = flow.y();
            let canvas = flow.canvas();
            for (col, column_lines) in lines.iter().enumerate() {
                if let Some(text) = column_lines.get(row) {
                    let area = Area {
                        x: spec.left() + col as f32 * col_w,
                        y: top,
                        width: col_w,
                        height: line_h,
                    };
                    canvas.text_line(area, Align::Center, *style, text);
                }
            }
            flow.advance(line_h);
        }
    }
}

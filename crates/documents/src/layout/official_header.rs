//! Phần đầu văn bản hành chính theo NĐ 30/2020/NĐ-CP: left, the parent
//! authority and the issuing unit (bold, with a short rule under it); right,
//! the national name and motto (bold, the motto underlined) and, in italics,
//! "<địa danh>, ngày ... tháng ... năm ...". Shared by every Mẫu.

use super::canvas::{Area, Canvas};
use super::flow::Flow;
use super::measure::{Align, Style, baseline_offset, fit_size, text_width, wrap_balanced};
use crate::error::DocumentError;
use crate::fonts::Fonts;

/// Quốc hiệu.
pub const NATIONAL_NAME: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
/// Tiêu ngữ.
pub const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";

const LEADING: f32 = 1.2;

/// Nội dung phần đầu văn bản.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OfficialHeader<'a> {
    /// Cơ quan chủ quản, e.g. "UBND TỈNH ĐỒNG NAI".
    pub parent_authority: &'a str,
    /// Đơn vị ban hành, e.g. "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN PHÚ".
    pub unit_name: &'a str,
    /// "Tân Phú, ngày 05 tháng 02 năm 2026".
    pub place_date: &'a str,
}

/// Lines of a header column, each centred in the column.
struct HeaderLine {
    text: String,
    style: Style,
}

/// Wraps `text` evenly into at most `max_lines` lines, shrinking the font
/// (down to `min` pt) only when more lines would be needed.
fn column_lines(
    fonts: &Fonts,
    text: &str,
    style: Style,
    width: f32,
    min: f32,
    max_lines: usize,
) -> Vec<HeaderLine> {
    let mut size = style.size;
    loop {
        let lines = wrap_balanced(fonts, style.with_size(size), text, width);
        if lines.len() <= max_lines || size <= min {
            return lines
                .into_iter()
                .map(|text| HeaderLine {
                    text,
                    style: style.with_size(size),
                })
                .collect();
        }
        size -= 0.25;
    }
}

/// Draws centred lines from `top`; returns (bottom, widest line).
fn draw_column(
    canvas: &mut Canvas,
    lines: &[HeaderLine],
    x: f32,
    width: f32,
    top: f32,
    leading: f32,
) -> (f32, f32) {
    let mut y = top;
    let mut widest: f32 = 0.0;
    for line in lines {
        let h = line.style.line_height(leading);
        let area = Area {
            x,
            y,
            width,
            height: h,
        };
        widest = widest.max(canvas.text_line(area, Align::Center, line.style, &line.text));
        y += h;
    }
    (y, widest)
}

/// Tên cơ quan ban hành: the left column of the header.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Issuer<'a> {
    /// Cơ quan chủ quản (one line, regular).
    pub parent_authority: &'a str,
    /// Đơn vị (up to two balanced lines, bold).
    pub unit_name: &'a str,
}

/// Vẽ tên cơ quan chủ quản và đơn vị, centred in `[x, x + width]` from `top`,
/// with a short rule under the unit name; `body` is the body text size (pt).
/// Returns the y of the rule (mm from the top of the page).
pub fn draw_issuer(
    canvas: &mut Canvas,
    issuer: &Issuer<'_>,
    x: f32,
    width: f32,
    top: f32,
    body: f32,
) -> f32 {
    let fonts = canvas.fonts().clone();
    let header_size = body - 0.5;
    let min = body - 2.5;
    let mut lines = column_lines(
        &fonts,
        issuer.parent_authority,
        Style::regular(header_size),
        width,
        min,
        1,
    );
    let unit = column_lines(
        &fonts,
        issuer.unit_name,
        Style::bold(header_size),
        width,
        min,
        2,
    );
    let unit_count = unit.len();
    lines.extend(unit);
    let (bottom, _) = draw_column(canvas, &lines, x, width, top, 1.15);
    // Rule under the unit name: about 1/3 of its longest line, centred.
    let unit_widest = lines[lines.len() - unit_count..]
        .iter()
        .map(|l| text_width(&fonts, l.style, &l.text))
        .fold(0.0, f32::max);
    let rule_w = (unit_widest / 3.0).max(10.0);
    let rule_y = bottom + 0.6;
    let mid = x + width / 2.0;
    canvas.line(mid - rule_w / 2.0, rule_y, mid + rule_w / 2.0, rule_y, 0.5);
    rule_y
}

/// Vẽ phần đầu văn bản từ vị trí hiện tại của `flow`; `body` is the body
/// text size (pt) the header is proportioned to. Fails if the names are so
/// long that the header would take more than a third of the page.
pub fn draw_official_header(
    flow: &mut Flow,
    header: &OfficialHeader<'_>,
    body: f32,
) -> Result<(), DocumentError> {
    draw_header(flow, header, None, body)
}

/// [`draw_official_header`] with the document's number under the issuer, as NĐ 30/2020/NĐ-CP
/// (Phụ lục I, ô số 3) places "Số: …/…" for a letter of an authority (Mẫu 04, Mẫu 05).
pub fn draw_official_header_numbered(
    flow: &mut Flow,
    header: &OfficialHeader<'_>,
    number: &str,
    body: f32,
) -> Result<(), DocumentError> {
    draw_header(flow, header, Some(number), body)
}

fn draw_header(
    flow: &mut Flow,
    header: &OfficialHeader<'_>,
    number: Option<&str>,
    body: f32,
) -> Result<(), DocumentError> {
    let mm = |at_ten: f32| at_ten * body / 10.0;
    let header_size = body - 0.5;
    let spec = flow.spec();
    let fonts = flow.fonts().clone();
    // A gutter between the two columns: a long issuer line ("ỦY BAN NHÂN DÂN XÃ TÂN PHÚ")
    // must never run into "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM".
    let gutter = mm(3.0);
    let left_w = spec.content_width() * 0.44 - gutter / 2.0;
    let right_x = spec.left() + left_w + gutter;
    let right_w = spec.right() - right_x;
    let top = flow.y();
    let min = body - 2.5;

    let mut right = column_lines(
        &fonts,
        NATIONAL_NAME,
        Style::bold(header_size),
        right_w,
        min,
        1,
    );
    right.extend(column_lines(
        &fonts,
        MOTTO,
        Style::bold(body),
        right_w,
        min,
        1,
    ));

    let canvas = flow.canvas();
    let leading = 1.15;
    let issuer = Issuer {
        parent_authority: header.parent_authority,
        unit_name: header.unit_name,
    };
    let mut rule_y = draw_issuer(canvas, &issuer, spec.left(), left_w, top, body);
    if let Some(number) = number.filter(|n| !n.is_empty()) {
        let style = Style::regular(fit_size(
            &fonts,
            Style::regular(body - 0.5),
            number,
            left_w,
            min,
        ));
        let h = style.line_height(LEADING);
        let area = Area {
            x: spec.left(),
            y: rule_y + mm(1.5),
            width: left_w,
            height: h,
        };
        canvas.text_line(area, Align::Center, style, number);
        rule_y = area.y + h;
    }

    let (right_bottom, _) = draw_column(canvas, &right, right_x, right_w, top, leading);
    // Rule under the motto: as long as the motto.
    let motto_w = right
        .last()
        .map_or(0.0, |l| text_width(&fonts, l.style, &l.text));
    let right_mid = right_x + right_w / 2.0;
    let motto_rule_y = right_bottom + 0.6;
    canvas.line(
        right_mid - motto_w / 2.0,
        motto_rule_y,
        right_mid + motto_w / 2.0,
        motto_rule_y,
        0.5,
    );

    // "<place>, ngày ..." in italics, centred under the motto; moved below the
    // left column too if it is wide enough to reach into it.
    let date_style = Style::italic(fit_size(
        &fonts,
        Style::italic(body),
        header.place_date,
        spec.content_width(),
        min,
    ));
    let date_w = text_width(&fonts, date_style, header.place_date);
    let date_x = (right_mid - date_w / 2.0)
        .min(spec.right() - date_w)
        .max(spec.left());
    let mut date_top = motto_rule_y + mm(2.0);
    if date_x < right_x {
        date_top = date_top.max(rule_y + mm(1.5));
    }
    let date_h = date_style.line_height(LEADING);
    let baseline = date_top + baseline_offset(&fonts, date_style, date_h);
    canvas.text(date_x, baseline, date_style, header.place_date);

    let bottom = (date_top + date_h).max(rule_y) + mm(3.0);
    if bottom - top > spec.content_height() / 3.0 {
        return Err(DocumentError::Layout(
            "the header (authority and unit names) takes more than a third of the page".into(),
        ));
    }
    flow.advance(bottom - top);
    Ok(())
}

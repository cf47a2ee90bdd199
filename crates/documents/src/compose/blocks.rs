//! Khối dùng chung: the title block (title, "Mã hồ sơ: ...", copy label,
//! Code 39 of the code), full-width paragraphs, "Nhãn: giá trị" lines with
//! dots to fill in by hand, the table style and the signature row.

use crate::fonts::Fonts;
use crate::layout::measure::text_width;
use crate::layout::{
    Align, Code39, Flow, SignatureBlock, Span, Style, TableStyle, draw_signatures,
};

use super::scale::Scale;

/// Hướng dẫn dưới chức danh người ký.
pub(crate) const SIGN_HINT: &str = "(Ký và ghi rõ họ tên)";

/// Tên phiếu và các dòng dưới tên.
pub(crate) struct Heading<'a> {
    /// "PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ".
    pub title: &'a str,
    /// Mã hồ sơ, printed "Mã hồ sơ: <code>".
    pub code: Option<&'a str>,
    /// Nhãn liên, printed "(Liên 1: Lưu)".
    pub label: Option<&'a str>,
    /// Mã vạch Code 39 (of the code), centred under the lines above.
    pub barcode: Option<&'a Code39>,
}

/// Đoạn văn căn trái trên toàn bề rộng vùng nội dung.
pub(crate) fn para(flow: &mut Flow, s: Scale, spans: &[Span]) {
    let spec = flow.spec();
    flow.paragraph(
        spec.left(),
        spec.content_width(),
        s.leading,
        Align::Left,
        spans,
    );
}

/// Đoạn văn căn giữa trên toàn bề rộng vùng nội dung.
pub(crate) fn centred(flow: &mut Flow, s: Scale, spans: &[Span]) {
    let spec = flow.spec();
    flow.paragraph(
        spec.left(),
        spec.content_width(),
        s.leading,
        Align::Center,
        spans,
    );
}

/// Vẽ tên phiếu, mã hồ sơ, nhãn liên và mã vạch.
pub(crate) fn draw_heading(flow: &mut Flow, s: Scale, heading: &Heading<'_>) {
    centred(flow, s, &[Span::new(heading.title, Style::bold(s.title()))]);
    if let Some(code) = heading.code {
        centred(
            flow,
            s,
            &[
                Span::new("Mã hồ sơ: ", s.regular()),
                Span::keep(code, s.bold()),
            ],
        );
    }
    if let Some(label) = heading.label {
        centred(flow, s, &[Span::new(format!("({label})"), s.italic())]);
    }
    if let Some(barcode) = heading.barcode {
        // Centred, with its quiet zones inside the content width.
        let spec = flow.spec();
        let (x, w) = (spec.left(), spec.content_width());
        let ratio = 2.5;
        let narrow = barcode.narrow_for_width(w, ratio).min(0.26);
        let bar_w = barcode.width(narrow, ratio);
        let height = s.mm(7.0);
        flow.advance(s.mm(1.0));
        flow.ensure(height);
        let top = flow.y();
        barcode.draw(
            flow.canvas(),
            x + (w - bar_w) / 2.0,
            top,
            narrow,
            ratio,
            height,
        );
        flow.advance(height);
    }
    flow.advance(s.mm(2.5));
}

/// A run of dots to write by hand, filling the line after `used` mm.
pub(crate) fn dots(fonts: &Fonts, style: Style, used: f32, width: f32) -> String {
    let dot = text_width(fonts, style, ".").max(0.1);
    let count = ((width - used - 1.0) / dot).floor().max(8.0) as usize;
    ".".repeat(count)
}

/// "Nhãn: <giá trị>", the label regular and the value in `style`.
pub(crate) fn label_value(
    s: Scale,
    label: &str,
    value: impl Into<String>,
    style: Style,
) -> Vec<Span> {
    vec![
        Span::new(format!("{label}: "), s.regular()),
        Span::new(value, style),
    ]
}

/// "Nhãn: giá trị" with dots when the value is empty.
pub(crate) fn labelled(fonts: &Fonts, s: Scale, label: &str, value: &str, width: f32) -> Vec<Span> {
    let value = if value.is_empty() {
        let used = text_width(fonts, s.regular(), &format!("{label}: "));
        dots(fonts, s.regular(), used, width)
    } else {
        value.to_owned()
    };
    label_value(s, label, value, s.regular())
}

/// Kiểu bảng của các phiếu (small print, thin rules).
pub(crate) fn table_style(s: Scale) -> TableStyle {
    TableStyle {
        header: Style::bold(s.small()),
        body: Style::regular(s.small()),
        leading: 1.15,
        pad_x: 1.0,
        pad_y: s.mm(0.6),
        rule_pt: 0.5,
    }
}

/// Một người ký: chức danh và họ tên in sẵn (rỗng = viết tay).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Signer<'a> {
    pub title: &'a str,
    pub name: &'a str,
}

/// Hàng chữ ký: one column per entry, `None` leaving its column blank (a
/// lone signer on the right is `[None, Some(signer)]`).
pub(crate) fn signatures(flow: &mut Flow, s: Scale, signers: &[Option<Signer<'_>>]) {
    signatures_with_hint(flow, s, signers, SIGN_HINT);
}

/// [`signatures`] with another hint under the titles (an authority's letter: "(Ký, ghi rõ họ
/// tên và đóng dấu)").
pub(crate) fn signatures_with_hint(
    flow: &mut Flow,
    s: Scale,
    signers: &[Option<Signer<'_>>],
    hint: &str,
) {
    let blocks: Vec<SignatureBlock<'_>> = signers
        .iter()
        .map(|signer| match signer {
            Some(signer) => SignatureBlock {
                title: signer.title,
                hint,
                name: signer.name,
            },
            None => SignatureBlock {
                title: "",
                hint: "",
                name: "",
            },
        })
        .collect();
    draw_signatures(flow, &blocks, s.body, s.mm(15.0));
}

//! Một trang giấy: drawing primitives in millimetres measured from the
//! top-left corner, turned into printpdf 0.12 operations (origin bottom-left, pt).

use printpdf::{
    Color, Greyscale, Line as PdfLine, LinePoint, Op, PaintMode, PdfFontHandle, Point, Polygon,
    PolygonRing, Pt, TextItem, WindingOrder,
};

use super::measure::{Align, PT_PER_MM, Span, Style, baseline_offset, text_width, wrap_rich};
use crate::fonts::Fonts;

/// Hình chữ nhật (x, y từ góc trên trái; mm).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    /// Cạnh trái.
    pub x: f32,
    /// Cạnh trên.
    pub y: f32,
    /// Chiều rộng.
    pub width: f32,
    /// Chiều cao.
    pub height: f32,
}

/// Một trang đang vẽ.
pub struct Canvas {
    width: f32,
    height: f32,
    fonts: Fonts,
    ops: Vec<Op>,
    stroke_pt: Option<f32>,
}

impl Canvas {
    /// Trang trắng kích thước `width` × `height` mm.
    pub fn new(fonts: Fonts, width: f32, height: f32) -> Self {
        let black = Color::Greyscale(Greyscale::new(0.0, None));
        Canvas {
            width,
            height,
            fonts,
            ops: vec![
                Op::SetFillColor { col: black.clone() },
                Op::SetOutlineColor { col: black },
            ],
            stroke_pt: None,
        }
    }

    /// Chiều rộng trang, mm.
    pub fn width(&self) -> f32 {
        self.width
    }

    /// Chiều cao trang, mm.
    pub fn height(&self) -> f32 {
        self.height
    }

    /// Phông của tài liệu.
    pub fn fonts(&self) -> &Fonts {
        &self.fonts
    }

    /// Các lệnh vẽ của trang.
    pub fn into_ops(self) -> Vec<Op> {
        self.ops
    }

    fn point(&self, x: f32, y: f32) -> Point {
        Point {
            x: Pt(x * PT_PER_MM),
            y: Pt((self.height - y) * PT_PER_MM),
        }
    }

    /// Viết chuỗi với đường chân chữ tại `baseline` (mm từ mép trên).
    pub fn text(&mut self, x: f32, baseline: f32, style: Style, text: &str) {
        if text.is_empty() {
            return;
        }
        let pos = self.point(x, baseline);
        let font = PdfFontHandle::External(self.fonts.id(style.face).clone());
        self.ops.extend([
            Op::StartTextSection,
            Op::SetFont {
                font,
                size: Pt(style.size),
            },
            Op::SetTextCursor { pos },
            Op::ShowText {
                items: vec![TextItem::Text(text.to_owned())],
            },
            Op::EndTextSection,
        ]);
    }

    /// Viết một dòng trong hộp `line` (x, đỉnh dòng, rộng, cao) với căn lề.
    /// Returns the drawn width.
    pub fn text_line(&mut self, line: Area, align: Align, style: Style, text: &str) -> f32 {
        let w = text_width(&self.fonts, style, text);
        let baseline = line.y + baseline_offset(&self.fonts, style, line.height);
        self.text(align.place(line.x, line.width, w), baseline, style, text);
        w
    }

    /// Đoạn văn nhiều kiểu chữ, tự ngắt dòng trong `[x, x + width]`.
    /// Returns the height used (lines × `line_height`).
    pub fn paragraph(
        &mut self,
        x: f32,
        top: f32,
        width: f32,
        line_height: f32,
        align: Align,
        spans: &[Span],
    ) -> f32 {
        let lines = wrap_rich(&self.fonts, spans, width);
        let mut y = top;
        for line in &lines {
            let start = align.place(x, width, line.width);
            for run in &line.runs {
                let baseline = y + baseline_offset(&self.fonts, run.style, line_height);
                self.text(start + run.x, baseline, run.style, &run.text);
            }
            y += line_height;
        }
        y - top
    }

    fn set_stroke(&mut self, thickness_pt: f32) {
        if self.stroke_pt != Some(thickness_pt) {
            self.ops.push(Op::SetOutlineThickness {
                pt: Pt(thickness_pt),
            });
            self.stroke_pt = Some(thickness_pt);
        }
    }

    /// Kẻ đoạn thẳng.
    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, thickness_pt: f32) {
        self.set_stroke(thickness_pt);
        let points = vec![
            LinePoint {
                p: self.point(x1, y1),
                bezier: false,
            },
            LinePoint {
                p: self.point(x2, y2),
                bezier: false,
            },
        ];
        self.ops.push(Op::DrawLine {
            line: PdfLine {
                points,
                is_closed: false,
            },
        });
    }

    /// Tô đen nhiều hình chữ nhật trong một lệnh (one fill: no seams between
    /// adjacent modules of a QR code or bars of a barcode).
    pub fn fill_areas(&mut self, areas: &[Area]) {
        if areas.is_empty() {
            return;
        }
        let rings = areas
            .iter()
            .map(|a| PolygonRing {
                points: [
                    (a.x, a.y),
                    (a.x + a.width, a.y),
                    (a.x + a.width, a.y + a.height),
                    (a.x, a.y + a.height),
                ]
                .into_iter()
                .map(|(x, y)| LinePoint {
                    p: self.point(x, y),
                    bezier: false,
                })
                .collect(),
            })
            .collect();
        self.ops.push(Op::DrawPolygon {
            polygon: Polygon {
                rings,
                mode: PaintMode::Fill,
                winding_order: WindingOrder::NonZero,
            },
        });
    }
}

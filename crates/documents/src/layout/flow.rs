//! Dòng chảy nội dung qua nhiều trang: a top-to-bottom cursor that starts a
//! new page when a block does not fit, so nothing is ever drawn past the
//! bottom margin.

use super::canvas::{Area, Canvas};
use super::measure::{Align, Span, Style, wrap_rich};
use crate::fonts::Fonts;

/// Khổ giấy và lề (mm).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PageSpec {
    /// Chiều rộng trang.
    pub width: f32,
    /// Chiều cao trang.
    pub height: f32,
    /// Lề trên.
    pub margin_top: f32,
    /// Lề phải.
    pub margin_right: f32,
    /// Lề dưới.
    pub margin_bottom: f32,
    /// Lề trái.
    pub margin_left: f32,
}

impl PageSpec {
    /// A5 đứng (148 × 210 mm), khổ của các mẫu phiếu một cửa.
    pub fn a5_portrait() -> Self {
        PageSpec {
            width: 148.0,
            height: 210.0,
            margin_top: 9.0,
            margin_right: 10.0,
            margin_bottom: 9.0,
            margin_left: 14.0,
        }
    }

    /// A4 đứng (210 × 297 mm), lề theo NĐ 30/2020.
    pub fn a4_portrait() -> Self {
        PageSpec {
            width: 210.0,
            height: 297.0,
            margin_top: 20.0,
            margin_right: 15.0,
            margin_bottom: 20.0,
            margin_left: 30.0,
        }
    }

    /// Mép trái vùng nội dung.
    pub fn left(&self) -> f32 {
        self.margin_left
    }

    /// Mép phải vùng nội dung.
    pub fn right(&self) -> f32 {
        self.width - self.margin_right
    }

    /// Chiều rộng vùng nội dung.
    pub fn content_width(&self) -> f32 {
        self.right() - self.left()
    }

    /// Mép dưới vùng nội dung.
    pub fn bottom(&self) -> f32 {
        self.height - self.margin_bottom
    }

    /// Chiều cao vùng nội dung.
    pub fn content_height(&self) -> f32 {
        self.bottom() - self.margin_top
    }
}

/// Dòng chữ nhắc lại ở đầu các trang tiếp theo (running header).
#[derive(Debug, Clone, PartialEq)]
pub struct RunningHeader {
    /// Nội dung, e.g. "Liên 1: Lưu - Mã hồ sơ ... (tiếp theo)".
    pub text: String,
    /// Kiểu chữ.
    pub style: Style,
}

/// Con trỏ dàn trang nhiều trang.
pub struct Flow {
    spec: PageSpec,
    fonts: Fonts,
    pages: Vec<Canvas>,
    y: f32,
    running_header: Option<RunningHeader>,
}

impl Flow {
    /// Bắt đầu với một trang trắng.
    pub fn new(fonts: Fonts, spec: PageSpec) -> Self {
        let first = Canvas::new(fonts.clone(), spec.width, spec.height);
        Flow {
            spec,
            fonts,
            pages: vec![first],
            y: spec.margin_top,
            running_header: None,
        }
    }

    /// Đặt dòng nhắc lại cho các trang sau trang đầu.
    pub fn set_running_header(&mut self, header: RunningHeader) {
        self.running_header = Some(header);
    }

    /// Khổ giấy.
    pub fn spec(&self) -> PageSpec {
        self.spec
    }

    /// Phông.
    pub fn fonts(&self) -> &Fonts {
        &self.fonts
    }

    /// Vị trí hiện tại (mm từ mép trên trang).
    pub fn y(&self) -> f32 {
        self.y
    }

    /// Chiều cao còn lại trên trang hiện tại.
    pub fn remaining(&self) -> f32 {
        self.spec.bottom() - self.y
    }

    /// Số trang đã dùng.
    pub fn page_count(&self) -> usize {
        self.pages.len()
    }

    /// Trang hiện tại.
    pub fn canvas(&mut self) -> &mut Canvas {
        let last = self.pages.len() - 1;
        &mut self.pages[last]
    }

    /// Đi xuống `dy` mm (clamped to the bottom margin: a gap never spills over).
    pub fn advance(&mut self, dy: f32) {
        self.y = (self.y + dy).min(self.spec.bottom());
    }

    /// Có đang ở đầu vùng nội dung của trang không.
    pub fn at_page_top(&self) -> bool {
        self.y <= self.content_top() + f32::EPSILON
    }

    fn content_top(&self) -> f32 {
        if self.pages.len() > 1 {
            self.spec.margin_top + self.running_header_height()
        } else {
            self.spec.margin_top
        }
    }

    fn running_header_height(&self) -> f32 {
        self.running_header
            .as_ref()
            .map_or(0.0, |h| h.style.line_height(1.25) + 2.0)
    }

    /// Sang trang mới (drawing the running header, if any).
    pub fn new_page(&mut self) {
        let mut canvas = Canvas::new(self.fonts.clone(), self.spec.width, self.spec.height);
        self.y = self.spec.margin_top;
        if let Some(header) = &self.running_header {
            let line_height = header.style.line_height(1.25);
            let line = Area {
                x: self.spec.left(),
                y: self.y,
                width: self.spec.content_width(),
                height: line_height,
            };
            canvas.text_line(line, Align::Right, header.style, &header.text);
            let rule_y = self.y + line_height + 0.5;
            canvas.line(self.spec.left(), rule_y, self.spec.right(), rule_y, 0.4);
        }
        self.pages.push(canvas);
        self.y = self.content_top();
    }

    /// Bảo đảm còn `height` mm; nếu không thì sang trang. Returns true if a new
    /// page was started. A block taller than a whole page still starts on a
    /// fresh page; the caller must split it (see [`Flow::paragraph`]).
    pub fn ensure(&mut self, height: f32) -> bool {
        if height <= self.remaining() + 1e-3 || self.at_page_top() {
            return false;
        }
        self.new_page();
        true
    }

    /// Đoạn văn ngắt dòng trong `[x, x + width]`; each line moves to the next
    /// page on its own if needed.
    pub fn paragraph(
        &mut self,
        x: f32,
        width: f32,
        leading: f32,
        align: Align,
        spans: &[Span],
    ) -> usize {
        let lines = wrap_rich(&self.fonts, spans, width);
        for line in &lines {
            let line_height = Style::regular(line.max_size()).line_height(leading);
            self.ensure(line_height);
            let start = align.place(x, width, line.width);
            let top = self.y;
            let canvas = self.canvas();
            for run in &line.runs {
                let area = Area {
                    x: start + run.x,
                    y: top,
                    width: run.width,
                    height: line_height,
                };
                canvas.text_line(area, Align::Left, run.style, &run.text);
            }
            self.y += line_height;
        }
        lines.len()
    }

    /// Kết thúc, trả về các trang.
    pub fn finish(self) -> Vec<Canvas> {
        self.pages
    }
}

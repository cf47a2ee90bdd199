//! Mã QR: the `qrcode` crate gives the module matrix, drawn here as filled
//! rectangles (one rectangle per horizontal run of dark modules).

use qrcode::{Color as QrColor, EcLevel, QrCode};

use super::canvas::{Area, Canvas};
use crate::error::DocumentError;

/// Ma trận mô-đun QR (true = đen).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QrMatrix {
    width: usize,
    dark: Vec<bool>,
}

impl QrMatrix {
    /// Mã hoá `data` với mức sửa lỗi M (15 %).
    pub fn encode(data: &str) -> Result<Self, DocumentError> {
        let code = QrCode::with_error_correction_level(data.as_bytes(), EcLevel::M)
            .map_err(|e| DocumentError::Qr(e.to_string()))?;
        let width = code.width();
        let dark = code
            .to_colors()
            .into_iter()
            .map(|c| c == QrColor::Dark)
            .collect();
        Ok(QrMatrix { width, dark })
    }

    /// Số mô-đun mỗi cạnh (without quiet zone).
    pub fn width(&self) -> usize {
        self.width
    }

    /// Ô (x, y) có đen không.
    pub fn is_dark(&self, x: usize, y: usize) -> bool {
        self.dark.get(y * self.width + x).copied().unwrap_or(false)
    }

    /// Vẽ mã vào hình vuông cạnh `size` mm, góc trên trái (x, y). The caller
    /// keeps a white quiet zone of 4 modules around it.
    pub fn draw(&self, canvas: &mut Canvas, x: f32, y: f32, size: f32) {
        let module = size / self.width.max(1) as f32;
        let mut areas = Vec::new();
        for row in 0..self.width {
            let mut col = 0;
            while col < self.width {
                if !self.is_dark(col, row) {
                    col += 1;
                    continue;
                }
                let start = col;
                while col < self.width && self.is_dark(col, row) {
                    col += 1;
                }
                areas.push(Area {
                    x: x + start as f32 * module,
                    y: y + row as f32 * module,
                    width: (col - start) as f32 * module,
                    height: module,
                });
            }
        }
        canvas.fill_areas(&areas);
    }
}

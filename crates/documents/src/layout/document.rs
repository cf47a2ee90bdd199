//! Ghép trang thành tệp PDF: printpdf document with the three embedded faces,
//! saved with font subsetting.

use printpdf::{Mm, PdfDocument, PdfPage, PdfSaveOptions};

use super::canvas::Canvas;
use crate::error::DocumentError;
use crate::fonts::{FontBook, Fonts};

/// Tài liệu PDF đang dựng.
pub struct PdfBuilder {
    doc: PdfDocument,
    fonts: Fonts,
}

impl PdfBuilder {
    /// Tài liệu mới với tiêu đề `title` (shown by PDF viewers).
    pub fn new(title: &str) -> Result<Self, DocumentError> {
        let book = FontBook::get()?;
        let mut doc = PdfDocument::new(title);
        doc.metadata.info.creator = "Một Cửa Desk".to_owned();
        doc.metadata.info.producer = "Một Cửa Desk (printpdf)".to_owned();
        let fonts = book.register(&mut doc);
        Ok(PdfBuilder { doc, fonts })
    }

    /// Phông để dàn trang.
    pub fn fonts(&self) -> &Fonts {
        &self.fonts
    }

    /// Lưu các trang thành PDF (fonts subset to the glyphs used).
    pub fn finish(mut self, pages: Vec<Canvas>) -> Vec<u8> {
        let pages = pages
            .into_iter()
            .map(|c| {
                let (w, h) = (c.width(), c.height());
                PdfPage::new(Mm(w), Mm(h), c.into_ops())
            })
            .collect();
        self.doc.with_pages(pages);
        let options = PdfSaveOptions {
            optimize: true,
            subset_fonts: true,
            secure: true,
            image_optimization: None,
        };
        self.doc.save(&options, &mut Vec::new())
    }
}

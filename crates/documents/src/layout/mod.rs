//! Bộ dàn trang dùng chung cho các mẫu: page, text measuring, flow, tables,
//! QR and Code 39 drawing, the NĐ 30/2020 header and signature blocks.
//! Everything is in millimetres from the top-left corner of the page; font
//! sizes are in points.
//!
//! A form is built by: [`PdfBuilder::new`] (fonts), one [`Flow`] per copy
//! (paragraphs, [`draw_table`], [`draw_official_header`], [`draw_signatures`],
//! [`QrMatrix::draw`], [`Code39::draw`]), then [`PdfBuilder::finish`].

pub mod canvas;
pub mod code39;
pub mod document;
pub mod flow;
pub mod measure;
pub mod official_header;
pub mod qr;
pub mod signature;
pub mod table;

pub use canvas::{Area, Canvas};
pub use code39::Code39;
pub use document::PdfBuilder;
pub use flow::{Flow, PageSpec, RunningHeader};
pub use measure::{Align, Span, Style};
pub use official_header::{
    Issuer, OfficialHeader, draw_issuer, draw_official_header, draw_official_header_numbered,
};
pub use qr::QrMatrix;
pub use signature::{SignatureBlock, draw_signatures};
pub use table::{Column, TableStyle, draw_table};

//! Bộ dàn trang dùng chung cho các mẫu: page, text measuring, flow, tables,
//! QR and Code 39 drawing. Everything is in millimetres from the top-left
//! corner of the page; font sizes are in points.

pub mod canvas;
pub mod code39;
pub mod document;
pub mod flow;
pub mod measure;
pub mod qr;
pub mod table;

pub use canvas::{Area, Canvas};
pub use code39::Code39;
pub use document::PdfBuilder;
pub use flow::{Flow, PageSpec, RunningHeader};
pub use measure::{Align, Span, Style};
pub use qr::QrMatrix;
pub use table::{Column, TableStyle, draw_table};

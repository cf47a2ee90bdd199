//! Lỗi khi dựng biểu mẫu: errors raised while building a form.

/// Lỗi dựng tài liệu PDF (PDF document errors).
#[derive(Debug, thiserror::Error, Clone, PartialEq, Eq)]
pub enum DocumentError {
    /// Phông chữ nhúng không đọc được (an embedded font could not be parsed).
    #[error("embedded font {0} could not be parsed")]
    Font(&'static str),
    /// Ký tự không có trong phông chữ, sẽ không in được (a character the font cannot draw).
    #[error("character {ch:?} (U+{code:04X}) in {text:?} cannot be printed with the form font")]
    UnsupportedCharacter {
        /// The offending character.
        ch: char,
        /// Its code point, for the message.
        code: u32,
        /// The text it appeared in.
        text: String,
    },
    /// Ký tự không mã hoá được bằng Code 39 (not in 0-9 A-Z - . space $ / + %).
    #[error("character {ch:?} cannot be encoded in Code 39 (allowed: 0-9 A-Z - . space $ / + %)")]
    UnsupportedBarcodeCharacter {
        /// The offending character.
        ch: char,
    },
    /// Mã vạch rỗng (an empty barcode value).
    #[error("cannot draw a barcode of an empty value")]
    EmptyBarcode,
    /// Không tạo được mã QR (e.g. data too long).
    #[error("QR code cannot be built: {0}")]
    Qr(String),
    /// Dữ liệu không hợp lệ cho biểu mẫu (e.g. a supplement request listing
    /// nothing, fee lines that do not add up to the total).
    #[error("{field}: {reason}")]
    Invalid {
        /// The field at fault, as named in the data struct.
        field: &'static str,
        /// What is wrong with it.
        reason: String,
    },
    /// Nội dung không xếp được vào trang (content that cannot be laid out at all).
    #[error("layout failed: {0}")]
    Layout(String),
}

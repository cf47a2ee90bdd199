//! Chuẩn hoá chuỗi trước khi in: NFC and whitespace clean-up before drawing.
//!
//! Chữ tiếng Việt ở dạng tổ hợp (NFD) bị vẽ lệch dấu, nên mọi chuỗi phải được
//! chuẩn hoá NFC trước khi vẽ; nhờ vậy `pdftotext` trả lại đúng từng byte.

use unicode_normalization::UnicodeNormalization;

/// Chuẩn hoá NFC, thay ký tự điều khiển (xuống dòng, tab...) bằng dấu cách,
/// gộp các khoảng trắng liên tiếp và bỏ khoảng trắng đầu/cuối.
///
/// NFC-normalises, turns control characters into spaces, collapses runs of
/// whitespace and trims.
pub fn clean(input: &str) -> String {
    let mut out = String::with_capacity(input.len());
    let mut pending_space = false;
    for ch in input.nfc() {
        if ch.is_whitespace() || ch.is_control() {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::clean;

    #[test]
    fn composes_decomposed_vietnamese() {
        // "Nguyễn" in NFD: e + circumflex + tilde.
        let nfd = "Nguye\u{0302}\u{0303}n";
        assert_eq!(clean(nfd), "Nguyễn");
    }

    #[test]
    fn collapses_whitespace_and_controls() {
        assert_eq!(clean("  Tân\tPhú \n\r xã  "), "Tân Phú xã");
        assert_eq!(clean(""), "");
        assert_eq!(clean(" \n "), "");
    }
}

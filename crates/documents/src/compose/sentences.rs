//! Câu dùng chung trong thân các phiếu, built as styled spans so that every
//! form words them the same way.

use crate::fonts::Fonts;
use crate::layout::Span;

use super::blocks::{dots, label_value};
use super::scale::Scale;

/// Người nộp hồ sơ như được nhắc trong câu.
pub(crate) struct Submitter<'a> {
    /// "Ông", "Bà" or "Ông/Bà".
    pub honorific: &'a str,
    /// Họ và tên (rỗng = dòng chấm để viết tay).
    pub name: &'a str,
}

/// "<đơn vị> tiếp nhận hồ sơ của<sep><Ông/Bà> <Họ tên>", the name in bold and
/// kept on one line with the honorific. `separator` is ": " on Mẫu 01
/// ("tiếp nhận hồ sơ của: Bà ...") and " " on the other forms.
pub(crate) fn received_from(
    fonts: &Fonts,
    s: Scale,
    unit_in_sentence: &str,
    separator: &str,
    submitter: &Submitter<'_>,
    width: f32,
) -> Vec<Span> {
    let name = if submitter.name.is_empty() {
        dots(fonts, s.bold(), width * 0.5, width)
    } else {
        submitter.name.to_owned()
    };
    vec![
        Span::new(
            format!(
                "{unit_in_sentence} tiếp nhận hồ sơ của{separator}{} ",
                submitter.honorific
            ),
            s.regular(),
        ),
        Span::keep(name, s.bold()),
    ]
}

/// "Nội dung yêu cầu giải quyết: <tên thủ tục>" (the procedure in bold).
pub(crate) fn requested_procedure(s: Scale, procedure: &str) -> Vec<Span> {
    label_value(s, "Nội dung yêu cầu giải quyết", procedure, s.bold())
}

/// "Đường dây nóng: <số>" (the number in bold).
pub(crate) fn hotline(s: Scale, number: &str) -> Vec<Span> {
    label_value(s, "Đường dây nóng", number, s.bold())
}

/// Ends a sentence with a full stop unless it already has closing punctuation.
pub(crate) fn full_stop(text: &str) -> String {
    let trimmed = text.trim_end();
    if trimmed.ends_with(['.', '!', '?', ':', ';']) || trimmed.is_empty() {
        trimmed.to_owned()
    } else {
        format!("{trimmed}.")
    }
}

#[cfg(test)]
mod tests {
    use super::full_stop;

    #[test]
    fn full_stop_is_added_once() {
        assert_eq!(
            full_stop("Hồ sơ không thuộc thẩm quyền"),
            "Hồ sơ không thuộc thẩm quyền."
        );
        assert_eq!(full_stop("Đã hết hạn."), "Đã hết hạn.");
        assert_eq!(full_stop(""), "");
    }
}

//! Dàn các liên của một phiếu: one [`Flow`] per copy, all at one body size,
//! the largest at which every copy fits on one A5 page; if none does, the
//! largest size that needs the fewest pages (continuation pages then carry
//! a running header).

use crate::error::DocumentError;
use crate::layout::{Flow, PageSpec, PdfBuilder, RunningHeader, Style};

use super::scale::Scale;

/// Body font sizes tried, largest first, until each copy fits on one page.
pub(crate) const BODY_SIZES: [f32; 6] = [10.5, 10.0, 9.5, 9.0, 8.5, 8.0];

/// Một liên của phiếu.
pub(crate) struct Copy {
    /// "Liên 1: Lưu"; `None` for a form made in one copy.
    pub label: Option<String>,
    /// Dòng nhắc lại ở đầu các trang tiếp theo.
    pub running: String,
}

impl Copy {
    /// A copy whose continuation pages read "<label> - <reference> (tiếp
    /// theo)", e.g. "Liên 1: Lưu - Mã hồ sơ: ... (tiếp theo)"; `fallback`
    /// (the form's title) when there is neither label nor reference.
    pub(crate) fn new(label: Option<&str>, reference: Option<&str>, fallback: &str) -> Self {
        let parts: Vec<&str> = [label, reference].into_iter().flatten().collect();
        let lead = if parts.is_empty() {
            fallback.to_owned()
        } else {
            parts.join(" - ")
        };
        Copy {
            label: label.map(str::to_owned),
            running: format!("{lead} (tiếp theo)"),
        }
    }
}

/// Dựng tài liệu PDF gồm các liên; `draw` lays out one copy on its flow.
pub(crate) fn render_copies<F>(
    pdf_title: &str,
    copies: &[Copy],
    draw: F,
) -> Result<Vec<u8>, DocumentError>
where
    F: Fn(&mut Flow, Scale, &Copy) -> Result<(), DocumentError>,
{
    let builder = PdfBuilder::new(pdf_title)?;
    let fonts = builder.fonts();
    let mut best: Option<(usize, Vec<_>)> = None;
    for size in BODY_SIZES {
        let s = Scale::new(size);
        let laid_out = copies
            .iter()
            .map(|copy| {
                let mut flow = Flow::new(fonts.clone(), PageSpec::a5_portrait());
                flow.set_running_header(RunningHeader {
                    text: copy.running.clone(),
                    style: Style::italic(s.small()),
                });
                draw(&mut flow, s, copy)?;
                Ok(flow.finish())
            })
            .collect::<Result<Vec<_>, DocumentError>>()?;
        let pages = laid_out.iter().map(Vec::len).max().unwrap_or(0);
        if best.as_ref().is_none_or(|(fewest, _)| pages < *fewest) {
            best = Some((pages, laid_out));
        }
        if pages == 1 {
            break;
        }
    }
    let pages = best
        .map(|(_, copies)| copies.into_iter().flatten().collect())
        .unwrap_or_default();
    Ok(builder.finish(pages))
}

#[cfg(test)]
mod tests {
    use super::Copy;

    #[test]
    fn running_header_text() {
        let c = Copy::new(Some("Liên 1: Lưu"), Some("Mã hồ sơ: X-1"), "PHIẾU");
        assert_eq!(c.running, "Liên 1: Lưu - Mã hồ sơ: X-1 (tiếp theo)");
        assert_eq!(c.label.as_deref(), Some("Liên 1: Lưu"));
        let c = Copy::new(None, None, "PHIẾU TỪ CHỐI");
        assert_eq!(c.running, "PHIẾU TỪ CHỐI (tiếp theo)");
        assert_eq!(c.label, None);
    }
}

//! Cỡ chữ của các phiếu: every size and gap derives from the body size,
//! so the whole form shrinks together when the content is long.

use crate::layout::Style;

/// Cỡ chữ và khoảng cách suy ra từ cỡ chữ thân bài.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scale {
    pub body: f32,
    pub leading: f32,
}

impl Scale {
    pub(crate) fn new(body: f32) -> Self {
        Scale { body, leading: 1.2 }
    }
    pub(crate) fn regular(self) -> Style {
        Style::regular(self.body)
    }
    pub(crate) fn bold(self) -> Style {
        Style::bold(self.body)
    }
    pub(crate) fn italic(self) -> Style {
        Style::italic(self.body)
    }
    pub(crate) fn small(self) -> f32 {
        self.body - 1.0
    }
    pub(crate) fn title(self) -> f32 {
        self.body + 2.5
    }
    pub(crate) fn line(self) -> f32 {
        self.regular().line_height(self.leading)
    }
    /// Scales a length given for a 10 pt body.
    pub(crate) fn mm(self, at_ten: f32) -> f32 {
        at_ten * self.body / 10.0
    }
}

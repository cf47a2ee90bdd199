//! Cỡ chữ của giấy tiếp nhận: every size and gap derives from the body size,
//! so the whole form shrinks together when the content is long.

use crate::layout::Style;

/// Cỡ chữ và khoảng cách suy ra từ cỡ chữ thân bài.
#[derive(Debug, Clone, Copy)]
pub(super) struct Scale {
    pub body: f32,
    pub leading: f32,
}

impl Scale {
    pub(super) fn new(body: f32) -> Self {
        Scale { body, leading: 1.2 }
    }
    pub(super) fn regular(self) -> Style {
        Style::regular(self.body)
    }
    pub(super) fn bold(self) -> Style {
        Style::bold(self.body)
    }
    pub(super) fn italic(self) -> Style {
        Style::italic(self.body)
    }
    pub(super) fn small(self) -> f32 {
        self.body - 1.0
    }
    pub(super) fn title(self) -> f32 {
        self.body + 2.5
    }
    pub(super) fn line(self) -> f32 {
        self.regular().line_height(self.leading)
    }
    /// Scales a length given for a 10 pt body.
    pub(super) fn mm(self, at_ten: f32) -> f32 {
        at_ten * self.body / 10.0
    }
}

//! Bố cục Mẫu 01 trên khổ A5: stacks the parts (header, title with the
//! barcode, body, footer) of one copy.

use crate::compose::blocks::centred;
use crate::compose::{Copy, Heading, Scale, draw_heading};
use crate::error::DocumentError;
use crate::layout::Span;
use crate::layout::{Flow, draw_official_header};

use super::body::{applicant, items};
use super::footer::{ledger_and_lookup, note, signatures};
use super::prepare::Form;

/// Tên giấy.
pub(super) const TITLE: &str = "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ";

/// Một liên của giấy tiếp nhận (one or more pages).
pub(super) fn copy(
    flow: &mut Flow,
    form: &Form,
    s: Scale,
    copy: &Copy,
) -> Result<(), DocumentError> {
    draw_official_header(flow, &form.head.official(), s.body)?;
    let heading = Heading {
        title: TITLE,
        code: Some(&form.code),
        label: copy.label.as_deref(),
        barcode: Some(&form.barcode),
    };
    draw_heading(flow, s, &heading);
    if let Some(mark) = &form.corrected_mark {
        centred(flow, s, &[Span::new(mark.as_str(), s.bold())]);
    }
    applicant(flow, form, s);
    items(flow, form, s);
    ledger_and_lookup(flow, form, s);
    signatures(flow, form, s);
    note(flow, s);
    Ok(())
}

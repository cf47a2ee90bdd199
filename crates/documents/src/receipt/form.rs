//! Bố cục Mẫu 01 trên khổ A5: chooses the body size and stacks the parts
//! (header, title with the barcode, body, footer) for each copy.

use crate::error::DocumentError;
use crate::fonts::Fonts;
use crate::layout::{
    Align, Canvas, Flow, OfficialHeader, PageSpec, RunningHeader, Span, Style, draw_official_header,
};

use super::COPY_LABELS;
use super::body::{applicant, items};
use super::footer::{ledger_and_lookup, note, signatures};
use super::prepare::Form;
use super::scale::Scale;

/// Body font sizes tried, largest first, until each copy fits on one page.
const BODY_SIZES: [f32; 6] = [10.5, 10.0, 9.5, 9.0, 8.5, 8.0];

/// Dàn hai liên. Each copy gets the largest body size at which it fits on
/// one page; if it fits on one page at no size, the largest size that needs
/// the fewest pages (continuation pages then carry a running header).
pub(super) fn layout(form: &Form, fonts: &Fonts) -> Result<Vec<Canvas>, DocumentError> {
    let mut best: Option<(usize, Vec<Vec<Canvas>>)> = None;
    for size in BODY_SIZES {
        let scale = Scale::new(size);
        let copies = COPY_LABELS
            .iter()
            .map(|label| copy(form, fonts, scale, label))
            .collect::<Result<Vec<_>, _>>()?;
        let pages = copies.iter().map(Vec::len).max().unwrap_or(0);
        if best.as_ref().is_none_or(|(fewest, _)| pages < *fewest) {
            best = Some((pages, copies));
        }
        if pages == 1 {
            break;
        }
    }
    Ok(best
        .map(|(_, copies)| copies.into_iter().flatten().collect())
        .unwrap_or_default())
}

/// Một liên của giấy tiếp nhận (one or more pages).
fn copy(form: &Form, fonts: &Fonts, s: Scale, label: &str) -> Result<Vec<Canvas>, DocumentError> {
    let spec = PageSpec::a5_portrait();
    let mut flow = Flow::new(fonts.clone(), spec);
    flow.set_running_header(RunningHeader {
        text: format!("{label} - Mã hồ sơ: {} (tiếp theo)", form.code),
        style: Style::italic(s.small()),
    });
    let header = OfficialHeader {
        parent_authority: &form.parent_authority,
        unit_name: &form.unit_name,
        place_date: &form.place_date,
    };
    draw_official_header(&mut flow, &header, s.body)?;
    title(&mut flow, form, s, label);
    applicant(&mut flow, form, s);
    items(&mut flow, form, s);
    ledger_and_lookup(&mut flow, form, s);
    signatures(&mut flow, form, s);
    note(&mut flow, s);
    Ok(flow.finish())
}

/// Tên giấy, mã hồ sơ, liên và mã vạch.
fn title(flow: &mut Flow, form: &Form, s: Scale, label: &str) {
    let spec = flow.spec();
    let (x, w) = (spec.left(), spec.content_width());
    flow.paragraph(
        x,
        w,
        s.leading,
        Align::Center,
        &[Span::new(
            "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
            Style::bold(s.title()),
        )],
    );
    flow.paragraph(
        x,
        w,
        s.leading,
        Align::Center,
        &[
            Span::new("Mã hồ sơ: ", s.regular()),
            Span::keep(form.code.clone(), s.bold()),
        ],
    );
    flow.paragraph(
        x,
        w,
        s.leading,
        Align::Center,
        &[Span::new(format!("({label})"), s.italic())],
    );

    // Code 39 of the dossier code, centred, with its quiet zones inside `w`.
    let ratio = 2.5;
    let narrow = form.barcode.narrow_for_width(w, ratio).min(0.26);
    let bar_w = form.barcode.width(narrow, ratio);
    let height = s.mm(7.0);
    flow.advance(s.mm(1.0));
    flow.ensure(height);
    let top = flow.y();
    let canvas = flow.canvas();
    form.barcode
        .draw(canvas, x + (w - bar_w) / 2.0, top, narrow, ratio, height);
    flow.advance(height + s.mm(2.5));
}

//! Cuối giấy tiếp nhận: fee, ledger entry and lookup hint beside the QR code,
//! the two signature blocks and the note about collecting the result.

use crate::compose::sentences::hotline;
use crate::compose::{Scale, Signer, signatures as signature_row};
use crate::layout::measure::fit_size;
use crate::layout::{Align, Flow, Span, Style};

use super::prepare::Form;

/// Lệ phí, sổ theo dõi, hướng dẫn tra cứu, với mã QR bên phải.
pub(super) fn ledger_and_lookup(flow: &mut Flow, form: &Form, s: Scale) {
    let spec = flow.spec();
    let fonts = flow.fonts().clone();
    let x = spec.left();
    let qr_size = s.mm(20.0).clamp(15.0, 21.0);
    // White quiet zone of 4 modules around the symbol.
    let quiet = form
        .qr
        .as_ref()
        .map_or(0.0, |qr| 4.0 * qr_size / qr.width().max(1) as f32);
    let (qr, text_w) = match &form.qr {
        Some(qr) => (Some(qr), spec.content_width() - qr_size - quiet - 1.0),
        None => (None, spec.content_width()),
    };
    flow.advance(s.mm(0.8));
    if qr.is_some() {
        flow.ensure(qr_size + 2.0 * quiet);
    }
    let page = flow.page_count();
    let top = flow.y();
    if let Some(qr) = qr {
        let qx = spec.right() - qr_size;
        qr.draw(flow.canvas(), qx, top + quiet, qr_size);
    }

    let r = s.regular();
    let p = |flow: &mut Flow, spans: &[Span]| {
        flow.paragraph(x, text_w, s.leading, Align::Left, spans);
    };
    if !form.fee_text.is_empty() {
        p(flow, &[Span::new(form.fee_text.clone(), r)]);
    }
    let book = if form.ledger_book.is_empty() {
        "....".to_owned()
    } else {
        form.ledger_book.clone()
    };
    p(
        flow,
        &[Span::new(
            format!(
                "Vào Sổ theo dõi hồ sơ, Quyển số {book}, Số thứ tự {}",
                form.ledger_number
            ),
            r,
        )],
    );
    if !form.lookup_url.is_empty() {
        let hint = "Tra cứu tình trạng hồ sơ: quét mã QR hoặc truy cập";
        p(flow, &[Span::new(hint, s.italic())]);
        // The URL on one line if at all possible, so it can be typed as printed.
        let size = fit_size(&fonts, r, &form.lookup_url, text_w, s.body - 3.0);
        p(
            flow,
            &[Span::new(form.lookup_url.clone(), r.with_size(size))],
        );
    }
    if !form.hotline.is_empty() {
        p(flow, &hotline(s, &form.hotline));
    }
    if qr.is_some() && flow.page_count() == page {
        let qr_bottom = top + qr_size + 2.0 * quiet;
        if flow.y() < qr_bottom {
            flow.advance(qr_bottom - flow.y());
        }
    }
}

/// Người nộp hồ sơ / Người tiếp nhận hồ sơ, with the clerk's name.
pub(super) fn signatures(flow: &mut Flow, form: &Form, s: Scale) {
    flow.advance(s.mm(2.0));
    let signers = [
        Some(Signer {
            title: "NGƯỜI NỘP HỒ SƠ",
            name: "",
        }),
        Some(Signer {
            title: "NGƯỜI TIẾP NHẬN HỒ SƠ",
            name: &form.clerk_name,
        }),
    ];
    signature_row(flow, s, &signers);
}

/// Lưu ý mang theo giấy hẹn khi nhận kết quả.
pub(super) fn note(flow: &mut Flow, s: Scale) {
    let spec = flow.spec();
    flow.advance(s.mm(2.0));
    flow.paragraph(
        spec.left(),
        spec.content_width(),
        s.leading,
        Align::Left,
        &[
            Span::new("Lưu ý: ", Style::bold(s.small()).with_size(s.small())),
            Span::new(
                "Khi đến nhận kết quả, Ông/Bà mang theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả \
                 này; trường hợp không phải chủ hồ sơ thì phải có giấy ủy quyền hoặc văn bản \
                 ủy quyền của chủ hồ sơ theo quy định.",
                Style::italic(s.small()),
            ),
        ],
    );
}

//! Thân giấy tiếp nhận: applicant, requested procedure and items 1-6.

use crate::compose::sentences::{Submitter, received_from, requested_procedure};
use crate::compose::{Scale, label_value, labelled, table_style};
use crate::layout::measure::text_width;
use crate::layout::{Align, Column, Flow, Span, draw_table};

use super::prepare::Form;

/// Thông tin người nộp, chủ hồ sơ và nội dung yêu cầu.
pub(super) fn applicant(flow: &mut Flow, form: &Form, s: Scale) {
    let spec = flow.spec();
    let fonts = flow.fonts().clone();
    let (x, w) = (spec.left(), spec.content_width());
    let p = |flow: &mut Flow, spans: &[Span]| {
        flow.paragraph(x, w, s.leading, Align::Left, spans);
    };
    let submitter = Submitter {
        honorific: &form.honorific,
        name: &form.full_name,
    };
    p(
        flow,
        &received_from(&fonts, s, &form.head.unit_in_sentence, ": ", &submitter, w),
    );
    p(flow, &labelled(&fonts, s, "Địa chỉ", &form.address, w));

    // Phone and e-mail side by side when both fit in half a line.
    let half = w / 2.0;
    let phone = labelled(&fonts, s, "Số điện thoại", &form.phone, half - 2.0);
    let email = labelled(&fonts, s, "Email", &form.email, half);
    let span_w = |spans: &[Span]| {
        spans
            .iter()
            .map(|sp| text_width(&fonts, sp.style, &sp.text))
            .sum::<f32>()
    };
    if span_w(&phone) <= half - 2.0 && span_w(&email) <= half {
        let line_h = s.line();
        flow.ensure(line_h);
        let top = flow.y();
        let canvas = flow.canvas();
        canvas.paragraph(x, top, half - 2.0, line_h, Align::Left, &phone);
        canvas.paragraph(x + half, top, half, line_h, Align::Left, &email);
        flow.advance(line_h);
    } else {
        let phone = labelled(&fonts, s, "Số điện thoại", &form.phone, w);
        let email = labelled(&fonts, s, "Email", &form.email, w);
        p(flow, &phone);
        p(flow, &email);
    }
    p(
        flow,
        &labelled(&fonts, s, "Số căn cước/Hộ chiếu", &form.id_number, w),
    );
    if let Some(owner) = &form.owner_name {
        let mut spans = label_value(s, "Chủ hồ sơ", owner.clone(), s.bold());
        if !form.owner_identifier.is_empty() {
            spans.push(Span::new(
                format!(" ({})", form.owner_identifier),
                s.regular(),
            ));
        }
        p(flow, &spans);
    }
    // Whom the submitter acts for and on what authority (a proxy must name the document).
    if !form.submitter_capacity.is_empty() {
        let mut text = format!("Người nộp hồ sơ là: {}", form.submitter_capacity);
        if !form.authorisation.is_empty() {
            text.push_str(&format!(", theo {}", form.authorisation));
        }
        p(flow, &[Span::new(text, s.regular())]);
    }
    p(flow, &requested_procedure(s, &form.procedure_name));
}

fn count_cell(n: u32) -> String {
    if n == 0 { String::new() } else { n.to_string() }
}

/// Mục 1-6.
pub(super) fn items(flow: &mut Flow, form: &Form, s: Scale) {
    let spec = flow.spec();
    let (x, w) = (spec.left(), spec.content_width());
    let p = |flow: &mut Flow, spans: &[Span]| {
        flow.paragraph(x, w, s.leading, Align::Left, spans);
    };
    flow.advance(s.mm(0.8));
    p(
        flow,
        &[Span::new("1. Thành phần hồ sơ nộp gồm:", s.regular())],
    );
    flow.advance(s.mm(0.6));
    let columns = [
        Column::fixed("TT", s.mm(7.0), Align::Center),
        Column::flexible("Thành phần hồ sơ", Align::Left),
        Column::fixed("Bản chính", s.mm(13.0), Align::Center),
        Column::fixed("Bản chứng thực", s.mm(16.5), Align::Center),
        Column::fixed("Bản photo", s.mm(12.0), Align::Center),
    ];
    let rows: Vec<Vec<String>> = if form.documents.is_empty() {
        vec![vec![
            String::new(),
            "(Không có thành phần hồ sơ giấy)".to_owned(),
            String::new(),
            String::new(),
            String::new(),
        ]]
    } else {
        form.documents
            .iter()
            .enumerate()
            .map(|(i, d)| {
                vec![
                    (i + 1).to_string(),
                    d.name.clone(),
                    count_cell(d.original),
                    count_cell(d.certified),
                    count_cell(d.photocopy),
                ]
            })
            .collect()
    };
    draw_table(flow, x, w, &columns, &rows, &table_style(s));
    flow.advance(s.mm(0.8));

    let r = s.regular();
    // Items 2-6 stay together.
    flow.ensure(5.0 * s.line());
    p(
        flow,
        &[Span::new(
            format!("2. Số lượng hồ sơ: {:02} (bộ)", form.sets_count),
            r,
        )],
    );
    p(
        flow,
        &[Span::new(
            format!(
                "3. Thời gian giải quyết hồ sơ theo quy định là: {}",
                form.duration_text
            ),
            r,
        )],
    );
    p(
        flow,
        &[Span::new(
            format!("4. Thời gian nhận hồ sơ: {}", form.received_at),
            r,
        )],
    );
    let due = form.due_at.clone();
    p(
        flow,
        &label_value(
            s,
            "5. Thời gian trả kết quả giải quyết hồ sơ",
            due,
            s.bold(),
        ),
    );
    p(
        flow,
        &[Span::new(
            format!("6. Đăng ký nhận kết quả tại: {}", form.delivery_text),
            r,
        )],
    );
}

//! Bố cục Mẫu 01 trên khổ A5: header, title, applicant, items 1-6, fee and
//! ledger with the QR code, signatures and the note.

use crate::error::DocumentError;
use crate::fonts::Fonts;
use crate::layout::canvas::Area;
use crate::layout::measure::{baseline_offset, fit_size, text_width, wrap, wrap_balanced};
use crate::layout::{
    Align, Canvas, Column, Flow, PageSpec, RunningHeader, Span, Style, TableStyle, draw_table,
};

use super::COPY_LABELS;
use super::prepare::Form;

/// Body font sizes tried, largest first, until each copy fits on one page.
const BODY_SIZES: [f32; 6] = [10.5, 10.0, 9.5, 9.0, 8.5, 8.0];

/// Cỡ chữ và khoảng cách suy ra từ cỡ chữ thân bài.
#[derive(Debug, Clone, Copy)]
struct Scale {
    body: f32,
    leading: f32,
}

impl Scale {
    fn new(body: f32) -> Self {
        Scale {
            body,
            leading: 1.2,
        }
    }
    fn regular(self) -> Style {
        Style::regular(self.body)
    }
    fn bold(self) -> Style {
        Style::bold(self.body)
    }
    fn italic(self) -> Style {
        Style::italic(self.body)
    }
    fn header(self) -> f32 {
        self.body - 0.5
    }
    fn small(self) -> f32 {
        self.body - 1.0
    }
    fn title(self) -> f32 {
        self.body + 2.5
    }
    fn line(self) -> f32 {
        self.regular().line_height(self.leading)
    }
    /// Scales a length given for a 10 pt body.
    fn mm(self, at_ten: f32) -> f32 {
        at_ten * self.body / 10.0
    }
}

/// Dàn hai liên. Each copy gets the largest body size at which it fits on
/// one page; if it fits on one page at no size, the largest size that needs
/// the fewest pages (continuation pages then carry a running header).
pub(super) fn layout(form: &Form, fonts: &Fonts) -> Result<Vec<Canvas>, DocumentError> {
    let mut best: Option<(usize, Scale)> = None;
    for size in BODY_SIZES {
        let scale = Scale::new(size);
        let mut pages = 0;
        for label in COPY_LABELS {
            pages = pages.max(copy(form, fonts, scale, label)?.len());
        }
        if best.is_none_or(|(fewest, _)| pages < fewest) {
            best = Some((pages, scale));
        }
        if pages == 1 {
            break;
        }
    }
    let scale = best.map_or_else(|| Scale::new(BODY_SIZES[0]), |(_, scale)| scale);
    let mut pages = Vec::new();
    for label in COPY_LABELS {
        pages.extend(copy(form, fonts, scale, label)?);
    }
    Ok(pages)
}

/// Một liên của giấy tiếp nhận (one or more pages).
fn copy(form: &Form, fonts: &Fonts, s: Scale, label: &str) -> Result<Vec<Canvas>, DocumentError> {
    let spec = PageSpec::a5_portrait();
    let mut flow = Flow::new(fonts.clone(), spec);
    flow.set_running_header(RunningHeader {
        text: format!("{label} - Mã hồ sơ: {} (tiếp theo)", form.code),
        style: Style::italic(s.small()),
    });
    header(&mut flow, form, s)?;
    title(&mut flow, form, s, label);
    applicant(&mut flow, form, s);
    items(&mut flow, form, s);
    ledger_and_lookup(&mut flow, form, s);
    signatures(&mut flow, form, s);
    note(&mut flow, s);
    Ok(flow.finish())
}

/// Lines of a header column, each centred in the column.
struct HeaderLine {
    text: String,
    style: Style,
}

/// Wraps `text` evenly into at most `max_lines` lines, shrinking the font
/// (down to `min` pt) only when more lines would be needed.
fn column_lines(
    fonts: &Fonts,
    text: &str,
    style: Style,
    width: f32,
    min: f32,
    max_lines: usize,
) -> Vec<HeaderLine> {
    let mut size = style.size;
    loop {
        let lines = wrap_balanced(fonts, style.with_size(size), text, width);
        if lines.len() <= max_lines || size <= min {
            return lines
                .into_iter()
                .map(|text| HeaderLine {
                    text,
                    style: style.with_size(size),
                })
                .collect();
        }
        size -= 0.25;
    }
}

/// Draws centred lines from `top`; returns (bottom, widest line).
fn draw_column(
    canvas: &mut Canvas,
    lines: &[HeaderLine],
    x: f32,
    width: f32,
    top: f32,
    leading: f32,
) -> (f32, f32) {
    let mut y = top;
    let mut widest: f32 = 0.0;
    for line in lines {
        let h = line.style.line_height(leading);
        let area = Area {
            x,
            y,
            width,
            height: h,
        };
        widest = widest.max(canvas.text_line(area, Align::Center, line.style, &line.text));
        y += h;
    }
    (y, widest)
}

/// Quốc hiệu, tiêu ngữ và tên cơ quan (NĐ 30/2020 layout, scaled to A5).
fn header(flow: &mut Flow, form: &Form, s: Scale) -> Result<(), DocumentError> {
    let spec = flow.spec();
    let fonts = flow.fonts().clone();
    let left_w = spec.content_width() * 0.44;
    let right_x = spec.left() + left_w;
    let right_w = spec.right() - right_x;
    let top = flow.y();
    let min = s.body - 2.5;

    let mut left = column_lines(
        &fonts,
        &form.parent_authority,
        Style::regular(s.header()),
        left_w,
        min,
        1,
    );
    let unit = column_lines(&fonts, &form.unit_name, Style::bold(s.header()), left_w, min, 2);
    let unit_count = unit.len();
    left.extend(unit);
    let mut right = column_lines(
        &fonts,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        Style::bold(s.header()),
        right_w,
        min,
        1,
    );
    right.extend(column_lines(
        &fonts,
        "Độc lập - Tự do - Hạnh phúc",
        Style::bold(s.header() + 0.5),
        right_w,
        min,
        1,
    ));

    let canvas = flow.canvas();
    let leading = 1.15;
    let (left_bottom, _) = draw_column(canvas, &left, spec.left(), left_w, top, leading);
    // Rule under the unit name: about 1/3 of its longest line, centred.
    let unit_widest = left[left.len() - unit_count..]
        .iter()
        .map(|l| text_width(&fonts, l.style, &l.text))
        .fold(0.0, f32::max);
    let rule_w = (unit_widest / 3.0).max(10.0);
    let rule_y = left_bottom + 0.6;
    let left_mid = spec.left() + left_w / 2.0;
    canvas.line(left_mid - rule_w / 2.0, rule_y, left_mid + rule_w / 2.0, rule_y, 0.5);

    let (right_bottom, _) = draw_column(canvas, &right, right_x, right_w, top, leading);
    // Rule under the motto: as long as the motto.
    let motto_w = right
        .last()
        .map_or(0.0, |l| text_width(&fonts, l.style, &l.text));
    let right_mid = right_x + right_w / 2.0;
    let motto_rule_y = right_bottom + 0.6;
    canvas.line(right_mid - motto_w / 2.0, motto_rule_y, right_mid + motto_w / 2.0, motto_rule_y, 0.5);

    // "<place>, ngày ..." in italics, centred under the motto; moved below the
    // left column too if it is wide enough to reach into it.
    let date_style = Style::italic(fit_size(&fonts, s.italic(), &form.place_date, spec.content_width(), min));
    let date_w = text_width(&fonts, date_style, &form.place_date);
    let date_x = (right_mid - date_w / 2.0).min(spec.right() - date_w).max(spec.left());
    let mut date_top = motto_rule_y + s.mm(2.0);
    if date_x < right_x {
        date_top = date_top.max(rule_y + s.mm(1.5));
    }
    let date_h = date_style.line_height(s.leading);
    let baseline = date_top + baseline_offset(&fonts, date_style, date_h);
    canvas.text(date_x, baseline, date_style, &form.place_date);

    let bottom = (date_top + date_h).max(rule_y) + s.mm(3.0);
    if bottom - top > spec.content_height() / 3.0 {
        return Err(DocumentError::Layout(
            "the header (authority and unit names) takes more than a third of the page".into(),
        ));
    }
    flow.advance(bottom - top);
    Ok(())
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
    form.barcode.draw(canvas, x + (w - bar_w) / 2.0, top, narrow, ratio, height);
    flow.advance(height + s.mm(2.5));
}

/// A run of dots to write by hand, filling the line after `used` mm.
fn dots(fonts: &Fonts, style: Style, used: f32, width: f32) -> String {
    let dot = text_width(fonts, style, ".").max(0.1);
    let count = ((width - used - 1.0) / dot).floor().max(8.0) as usize;
    ".".repeat(count)
}

/// "Nhãn: giá trị" with dots when the value is empty.
fn labelled(fonts: &Fonts, s: Scale, label: &str, value: &str, width: f32) -> Vec<Span> {
    let label = format!("{label}: ");
    if value.is_empty() {
        let used = text_width(fonts, s.regular(), &label);
        let filler = dots(fonts, s.regular(), used, width);
        vec![Span::new(label, s.regular()), Span::new(filler, s.regular())]
    } else {
        vec![Span::new(label, s.regular()), Span::new(value, s.regular())]
    }
}

/// Thông tin người nộp, chủ hồ sơ và nội dung yêu cầu.
fn applicant(flow: &mut Flow, form: &Form, s: Scale) {
    let spec = flow.spec();
    let fonts = flow.fonts().clone();
    let (x, w) = (spec.left(), spec.content_width());
    let p = |flow: &mut Flow, spans: &[Span]| {
        flow.paragraph(x, w, s.leading, Align::Left, spans);
    };
    let name = if form.full_name.is_empty() {
        dots(&fonts, s.bold(), w * 0.5, w)
    } else {
        form.full_name.clone()
    };
    p(
        flow,
        &[
            Span::new(
                format!("{} tiếp nhận hồ sơ của: {} ", form.unit_in_sentence, form.honorific),
                s.regular(),
            ),
            Span::keep(name, s.bold()),
        ],
    );
    p(flow, &labelled(&fonts, s, "Địa chỉ", &form.address, w));

    // Phone and e-mail side by side when both fit in half a line.
    let half = w / 2.0;
    let phone = labelled(&fonts, s, "Số điện thoại", &form.phone, half - 2.0);
    let email = labelled(&fonts, s, "Email", &form.email, half);
    let span_w = |spans: &[Span]| spans.iter().map(|sp| text_width(&fonts, sp.style, &sp.text)).sum::<f32>();
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
    p(flow, &labelled(&fonts, s, "Số căn cước/Hộ chiếu", &form.id_number, w));
    if let Some(owner) = &form.owner_name {
        p(
            flow,
            &[
                Span::new("Chủ hồ sơ: ", s.regular()),
                Span::new(owner.clone(), s.bold()),
            ],
        );
    }
    p(
        flow,
        &[
            Span::new("Nội dung yêu cầu giải quyết: ", s.regular()),
            Span::new(form.procedure_name.clone(), s.bold()),
        ],
    );
}

fn count_cell(n: u32) -> String {
    if n == 0 { String::new() } else { n.to_string() }
}

/// Mục 1-6.
fn items(flow: &mut Flow, form: &Form, s: Scale) {
    let spec = flow.spec();
    let (x, w) = (spec.left(), spec.content_width());
    let p = |flow: &mut Flow, spans: &[Span]| {
        flow.paragraph(x, w, s.leading, Align::Left, spans);
    };
    flow.advance(s.mm(0.8));
    p(flow, &[Span::new("1. Thành phần hồ sơ nộp gồm:", s.regular())]);
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
    let style = TableStyle {
        header: Style::bold(s.small()),
        body: Style::regular(s.small()),
        leading: 1.15,
        pad_x: 1.0,
        pad_y: s.mm(0.6),
        rule_pt: 0.5,
    };
    draw_table(flow, x, w, &columns, &rows, &style);
    flow.advance(s.mm(0.8));

    let r = s.regular();
    // Items 2-6 stay together.
    flow.ensure(5.0 * s.line());
    p(flow, &[Span::new(format!("2. Số lượng hồ sơ: {:02} (bộ)", form.sets_count), r)]);
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
        &[Span::new(format!("4. Thời gian nhận hồ sơ: {}", form.received_at), r)],
    );
    p(
        flow,
        &[
            Span::new("5. Thời gian trả kết quả giải quyết hồ sơ: ", r),
            Span::new(form.due_at.clone(), s.bold()),
        ],
    );
    p(
        flow,
        &[Span::new(
            format!("6. Đăng ký nhận kết quả tại: {}", form.delivery_text),
            r,
        )],
    );
}

/// Lệ phí, sổ theo dõi, hướng dẫn tra cứu, với mã QR bên phải.
fn ledger_and_lookup(flow: &mut Flow, form: &Form, s: Scale) {
    let spec = flow.spec();
    let fonts = flow.fonts().clone();
    let x = spec.left();
    let qr_size = s.mm(20.0).clamp(15.0, 21.0);
    let (qr, text_w) = match &form.qr {
        Some(qr) => (Some(qr), spec.content_width() - qr_size - s.mm(4.0)),
        None => (None, spec.content_width()),
    };
    flow.advance(s.mm(0.8));
    if qr.is_some() {
        flow.ensure(qr_size + s.mm(1.0));
    }
    let page = flow.page_count();
    let top = flow.y();
    if let Some(qr) = qr {
        let qx = spec.right() - qr_size;
        qr.draw(flow.canvas(), qx, top + s.mm(0.5), qr_size);
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
        p(flow, &[Span::new(form.lookup_url.clone(), r.with_size(size))]);
    }
    if !form.hotline.is_empty() {
        p(
            flow,
            &[
                Span::new("Đường dây nóng: ", r),
                Span::new(form.hotline.clone(), s.bold()),
            ],
        );
    }
    if qr.is_some() && flow.page_count() == page {
        let qr_bottom = top + qr_size + s.mm(1.0);
        if flow.y() < qr_bottom {
            flow.advance(qr_bottom - flow.y());
        }
    }
}

/// Hai khối chữ ký; rows are kept together when they fit on the page.
fn signatures(flow: &mut Flow, form: &Form, s: Scale) {
    let spec = flow.spec();
    let fonts = flow.fonts().clone();
    let half = spec.content_width() / 2.0;
    let (lx, rx) = (spec.left(), spec.left() + half);
    let heading = Style::bold(s.body);
    let hint = Style::italic(s.small());
    let sign_gap = s.mm(15.0);
    let clerk_lines = wrap(&fonts, s.bold(), &form.clerk_name, half - 2.0);
    let line_h = s.line();
    let total = s.mm(2.0) + 2.0 * line_h + sign_gap + clerk_lines.len() as f32 * line_h;
    flow.advance(s.mm(2.0));
    flow.ensure(total - s.mm(2.0));

    for (left, right, style) in [
        ("NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ", heading),
        ("(Ký và ghi rõ họ tên)", "(Ký và ghi rõ họ tên)", hint),
    ] {
        let h = style.line_height(s.leading);
        flow.ensure(h);
        let top = flow.y();
        let canvas = flow.canvas();
        for (x, text) in [(lx, left), (rx, right)] {
            let area = Area {
                x,
                y: top,
                width: half,
                height: h,
            };
            canvas.text_line(area, Align::Center, style, text);
        }
        flow.advance(h);
    }
    flow.ensure(sign_gap + line_h);
    flow.advance(sign_gap);
    for line in &clerk_lines {
        flow.ensure(line_h);
        let top = flow.y();
        let area = Area {
            x: rx,
            y: top,
            width: half,
            height: line_h,
        };
        flow.canvas().text_line(area, Align::Center, s.bold(), line);
        flow.advance(line_h);
    }
}

/// Lưu ý mang theo giấy hẹn khi nhận kết quả.
fn note(flow: &mut Flow, s: Scale) {
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

//! The reusable layout pieces: wrapping, flow and tables never overflow.

use motcua_documents::layout::measure::{text_width, wrap, wrap_balanced, wrap_rich};
use motcua_documents::layout::{
    Align, Column, Flow, PageSpec, PdfBuilder, Span, Style, TableStyle, draw_table,
};

mod common;

#[test]
fn wrapped_lines_fit_and_keep_every_word() {
    let builder = PdfBuilder::new("test").expect("fonts load");
    let fonts = builder.fonts();
    let style = Style::regular(10.0);
    let text = "Giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền \
                với đất (bản sao có chứng thực) Supercalifragilisticexpialidociousxyzxyzxyzxyzxyz";
    for width in [20.0, 35.0, 60.0, 120.0] {
        let lines = wrap(fonts, style, text, width);
        for line in &lines {
            assert!(
                text_width(fonts, style, line) <= width + 1e-3,
                "{line:?} > {width}"
            );
        }
        // Words only move between lines; the long word may be split.
        let joined: String = lines.concat().split_whitespace().collect();
        let original: String = text.split_whitespace().collect();
        assert_eq!(joined, original);
    }
}

#[test]
fn kept_span_moves_with_the_word_before_it() {
    let builder = PdfBuilder::new("test").expect("fonts load");
    let fonts = builder.fonts();
    let r = Style::regular(10.0);
    let spans = [
        Span::new("Trung tâm tiếp nhận hồ sơ của: Bà", r),
        Span::keep(" Nguyễn Thị Hồng Đặng", Style::bold(10.0)),
    ];
    let full = text_width(fonts, r, "Trung tâm tiếp nhận hồ sơ của: Bà Nguyễn Thị");
    let lines = wrap_rich(fonts, &spans, full);
    assert_eq!(lines.len(), 2);
    let second: String = lines[1].runs.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(second, "Bà Nguyễn Thị Hồng Đặng");
}

#[test]
fn balanced_wrap_uses_the_same_number_of_lines_more_evenly() {
    let builder = PdfBuilder::new("test").expect("fonts load");
    let fonts = builder.fonts();
    let style = Style::bold(9.5);
    let text = "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN PHÚ";
    let greedy = wrap(fonts, style, text, 54.0);
    let balanced = wrap_balanced(fonts, style, text, 54.0);
    assert_eq!(greedy.len(), balanced.len());
    let spread = |lines: &[String]| {
        let w: Vec<f32> = lines.iter().map(|l| text_width(fonts, style, l)).collect();
        w.iter().cloned().fold(0.0, f32::max) - w.iter().cloned().fold(f32::MAX, f32::min)
    };
    assert!(spread(&balanced) <= spread(&greedy));
}

/// A table far longer than a page, with one row taller than a page, flows
/// over several pages with no word outside the content area.
#[test]
fn long_table_flows_over_pages_inside_the_margins() {
    let builder = PdfBuilder::new("table").expect("fonts load");
    let spec = PageSpec::a5_portrait();
    let mut flow = Flow::new(builder.fonts().clone(), spec);
    let columns = [
        Column::fixed("TT", 8.0, Align::Center),
        Column::flexible("Nội dung", Align::Left),
        Column::fixed("Số bản", 14.0, Align::Center),
    ];
    let mut rows: Vec<Vec<String>> = (1..=40)
        .map(|i| {
            vec![
                i.to_string(),
                format!("Giấy tờ số {i} có tên khá dài để phải xuống dòng ít nhất một lần trong ô"),
                "1".into(),
            ]
        })
        .collect();
    rows.insert(5, vec!["x".into(), "rất dài ".repeat(700), "9".into()]);
    let style = TableStyle {
        header: Style::bold(9.0),
        body: Style::regular(9.0),
        leading: 1.15,
        pad_x: 1.0,
        pad_y: 0.6,
        rule_pt: 0.5,
    };
    draw_table(
        &mut flow,
        spec.left(),
        spec.content_width(),
        &columns,
        &rows,
        &style,
    );
    let pages = flow.page_count();
    let pdf = builder.finish(flow.finish());
    let dir = common::scratch("table");
    let path = common::write_pdf(&dir, &pdf);
    assert!(pages >= 3, "pages: {pages}");
    let pt = |mm: f32| f64::from(mm) * 72.0 / 25.4;
    let boxes = common::word_boxes(&path);
    assert!(boxes.len() > 500);
    for b in boxes {
        assert!(b.x_min >= pt(spec.margin_left) - 0.5, "{b:?}");
        assert!(b.x_max <= pt(spec.width - spec.margin_right) + 0.5, "{b:?}");
        assert!(b.y_min >= pt(spec.margin_top) - 0.5, "{b:?}");
        assert!(
            b.y_max <= pt(spec.height - spec.margin_bottom) + 0.5,
            "{b:?}"
        );
    }
    let text = common::squash(&common::pdftotext(&path, common::Mode::Raw, None));
    for i in [1, 17, 40] {
        assert!(
            text.contains(&format!("Giấy tờ số {i} có tên")),
            "row {i} missing"
        );
    }
}

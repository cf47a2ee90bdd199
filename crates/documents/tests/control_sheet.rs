//! Mẫu 06 (Phiếu kiểm soát quá trình giải quyết hồ sơ): the steps table,
//! blank rows without steps, a long history over several pages, PDF
//! validity, fonts, Code 39.

use motcua_documents::{
    CONTROL_SHEET_ATTACHED, CONTROL_SHEET_TITLE, ControlSheetData, ControlStep,
    render_control_sheet,
};

mod common;
use common::Mode;
use common::samples::{self, CODE};

fn render(data: &ControlSheetData, name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    common::save_rendered(name, render_control_sheet(data))
}

#[test]
fn text_round_trips_exactly() {
    let (_dir, pdf) = render(&samples::control_sheet(), "control-text");
    let attached = format!("({CONTROL_SHEET_ATTACHED})");
    common::assert_in_every_mode(
        &pdf,
        &[
            CONTROL_SHEET_TITLE,
            &attached,
            "Tân Phú, ngày 11 tháng 02 năm 2026",
            "Mã hồ sơ: 000.00.31.H29-260205-0001",
            "Người nộp hồ sơ: Nguyễn Thị Hồng Đặng",
            "Nội dung yêu cầu giải quyết: Đăng ký khai sinh có yếu tố nước ngoài",
            "Thời gian nhận hồ sơ: 09 giờ 32 phút, ngày 05/02/2026",
            "Thời gian hẹn trả kết quả: 09 giờ 32 phút, ngày 12/02/2026",
            "Người giao: Phạm Văn Long",
            "Trước hạn",
            "NGƯỜI LẬP PHIẾU",
        ],
    );
    // The template's columns and the two bodies, and each hand-off with who gave and who
    // received it, row after row in stream order.
    let raw = common::raw_text(&pdf);
    common::assert_contains_all(
        &raw,
        &[
            "TÊN CƠ QUAN",
            "THỜI GIAN GIAO, NHẬN HỒ SƠ",
            "KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/ đúng hạn/ quá hạn)",
            "GHI CHÚ",
            "Cơ quan (bộ phận) giải quyết hồ sơ: Công chức Tư pháp - Hộ tịch, UBND xã Tân Phú",
            "Cơ quan phối hợp giải quyết hồ sơ: ....",
            "1. Giao: Người nộp hồ sơ Nhận: Bộ phận Một cửa 09 giờ 32 phút, ngày 05/02/2026 \
             Người giao: Nguyễn Thị Hồng Đặng Người nhận: Lê Thị Thu Hà Tiếp nhận hồ sơ",
            "2. Giao: Bộ phận Một cửa Nhận: Công chức Tư pháp - Hộ tịch, UBND xã Tân Phú 14 giờ \
             00 phút, ngày 05/02/2026 Người giao: Lê Thị Thu Hà Người nhận: ....",
            "3. Giao: Công chức Tư pháp - Hộ tịch, UBND xã Tân Phú Nhận: Bộ phận Một cửa 16 giờ \
             45 phút, ngày 11/02/2026 Người giao: Phạm Văn Long Người nhận: Lê Thị Thu Hà \
             Trước hạn Có kết quả",
            // Rows for the hand-offs still to come, written by hand.
            "4. Giao: ....",
            "5. Giao: ....",
        ],
        "raw text",
    );
    // A closed dossier gets no blank rows.
    let mut closed = samples::control_sheet();
    closed.closed = true;
    let (_dir, pdf) = render(&closed, "control-closed");
    assert!(!common::raw_text(&pdf).contains("4. Giao:"));
}

#[test]
fn one_a5_page_qpdf_subset_fonts_and_code39() {
    let (dir, pdf) = render(&samples::control_sheet(), "control-pdf");
    assert_eq!(common::page_count(&pdf), 1);
    common::assert_a5_portrait(&pdf);
    common::assert_qpdf_ok(&pdf);
    common::assert_subset_fonts(&pdf);
    common::assert_no_overlap_inside_page(&pdf);
    assert_eq!(
        common::decode_barcodes(&pdf, &dir, 1, 150),
        vec![CODE.to_owned()]
    );
}

#[test]
fn without_steps_there_are_blank_rows_and_without_a_due_time_it_says_so() {
    let mut data = samples::control_sheet();
    data.steps.clear();
    data.due_at = None;
    let (_dir, pdf) = render(&data, "control-blank");
    let text = common::pdftotext(&pdf, Mode::Plain, None);
    assert!(
        text.contains("Thời gian hẹn trả kết quả: Không hẹn ngày trả"),
        "{text}"
    );
    assert!(!text.contains("Tiếp nhận hồ sơ"), "{text}");
    common::assert_qpdf_ok(&pdf);
    let raw = common::raw_text(&pdf);
    assert!(raw.contains("1. Giao: ...."), "{raw}");
    assert!(raw.contains("2. Giao: ...."), "{raw}");
}

#[test]
fn a_long_history_continues_on_pages_with_a_running_header() {
    let mut data = samples::control_sheet();
    let first = data.steps[0].clone();
    data.steps = (0..40)
        .map(|i| ControlStep {
            at: first.at + chrono::Duration::hours(i),
            action: format!(
                "Bước xử lý số {:02}: chuyển hồ sơ sang bộ phận chuyên môn",
                i + 1
            ),
            result: String::new(),
            ..first.clone()
        })
        .collect();
    let (_dir, pdf) = render(&data, "control-long");
    let pages = common::page_count(&pdf);
    assert!(pages >= 2, "{pages}");
    common::assert_qpdf_ok(&pdf);
    common::assert_a5_portrait(&pdf);
    let page2 = common::pdftotext(&pdf, Mode::Plain, Some(2));
    assert!(
        page2.contains("Mã hồ sơ: 000.00.31.H29-260205-0001 (tiếp theo)"),
        "{page2}"
    );
    // The table header is repeated on the next page.
    assert!(page2.contains("TÊN CƠ QUAN"), "{page2}");
    let raw = common::raw_text(&pdf);
    for i in [1, 20, 40] {
        let needle = format!("Bước xử lý số {i:02}: chuyển hồ sơ sang bộ phận chuyên môn");
        assert_eq!(raw.matches(&needle).count(), 1, "{needle}");
    }
}

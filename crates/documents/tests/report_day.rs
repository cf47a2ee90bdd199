//! Báo cáo cuối ngày: text (byte-exact through pdftotext), A4 pages, fonts, page numbers, and a
//! report long enough to need a second page.

mod common;

use chrono::NaiveDate;
use common::{
    assert_in_every_mode, assert_qpdf_ok, assert_subset_fonts, at, page_count, raw_text, save,
    tool_ok, word_boxes,
};
use motcua_documents::report_day::{
    ClerkFeeLine, CountLine, DayReportData, OnTimeCounts, OutcomeCounts, REPORT_DAY_TITLE,
    format_rate, render_day_report,
};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

fn sample(procedures: usize) -> DayReportData {
    DayReportData {
        parent_authority: "ỦY BAN NHÂN DÂN XÃ TÂN PHÚ".into(),
        unit_name: "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN PHÚ".into(),
        date: day(2026, 3, 10),
        generated_at: at(2026, 3, 10, 17, 5),
        received_total: 42,
        by_procedure: (0..procedures)
            .map(|i| CountLine {
                code: format!("1.00{:04}", 4000 + i),
                name: if i == 0 {
                    "Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp".into()
                } else {
                    format!("Đăng ký khai sinh số {i}")
                },
                count: (procedures - i) as u32,
            })
            .collect(),
        by_channel: vec![
            CountLine {
                code: "direct".into(),
                name: "Trực tiếp".into(),
                count: 37,
            },
            CountLine {
                code: "online".into(),
                name: "Trực tuyến".into(),
                count: 3,
            },
            CountLine {
                code: "post".into(),
                name: "Dịch vụ bưu chính công ích".into(),
                count: 2,
            },
        ],
        outcomes: OutcomeCounts {
            accepted: 35,
            supplement: 4,
            refused: 1,
            assisted_online: 2,
        },
        fees: vec![
            ClerkFeeLine {
                clerk_name: "Trần Thị Mai".into(),
                receipts: 12,
                amount: 1_234_000,
            },
            ClerkFeeLine {
                clerk_name: "Đỗ Văn Quý".into(),
                receipts: 3,
                amount: 24_000,
            },
        ],
        handed_out: 17,
        overdue_now: 2,
        due_next: 9,
        next_working_day: day(2026, 3, 11),
        on_time: OnTimeCounts {
            resolved: 21,
            on_time: 20,
            late: 1,
            late_by_supplements: 1,
        },
        prepared_by: "Trần Thị Mai".into(),
    }
}

#[test]
fn prints_every_figure_in_vietnamese() {
    let bytes = render_day_report(&sample(3)).expect("renders");
    assert!(bytes.starts_with(b"%PDF"));
    assert!(bytes.len() < 100 * 1024, "{} bytes", bytes.len());
    let (_dir, pdf) = save("report-day", &bytes);
    assert_qpdf_ok(&pdf);
    assert_subset_fonts(&pdf);
    // With the charts a short day fits on two pages.
    let pages = page_count(&pdf);
    assert!(pages <= 2, "{pages} pages");
    // A4 portrait.
    let info = tool_ok("pdfinfo", &[pdf.to_str().expect("utf-8 path")]);
    assert!(info.contains("595.2") && info.contains("841.8"), "{info}");
    assert_in_every_mode(
        &pdf,
        &[
            "ỦY BAN NHÂN DÂN XÃ TÂN PHÚ",
            REPORT_DAY_TITLE,
            "Ngày 10/03/2026",
            "(Số liệu lập lúc 17:05 ngày 10/03/2026)",
            "I. SỐ LIỆU CHUNG",
            "- Lượt nộp hồ sơ tại quầy trong ngày (mọi kết quả ở mục II): 42",
            "- Hồ sơ đã trả kết quả trong ngày: 17",
            "- Hồ sơ đang giải quyết đã quá hạn: 2",
            "- Hồ sơ đến hạn ngày làm việc tiếp theo (11/03/2026): 9",
            "- Phí, lệ phí đã thu: 1.258.000 đồng",
            "- Được tiếp nhận, hẹn trả kết quả (Mẫu 01): 35",
            "- Từ chối tiếp nhận (Mẫu 03): 1",
            "Dịch vụ bưu chính công ích",
            "Đỗ Văn Quý",
            "1.234.000 đồng",
            "Tổng cộng",
            "- Tỷ lệ đúng hạn: 95,2%",
            "- Trong đó quá hạn do yêu cầu bổ sung quá một lần: 1",
            "NGƯỜI LẬP BÁO CÁO",
        ],
    );
    // Wrapped cells read whole in stream order.
    let raw = raw_text(&pdf);
    assert!(raw.contains(&format!("Trang 1/{pages}")), "{raw}");
    assert!(
        raw.contains("Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan có thẩm quyền của Việt Nam cấp"),
        "{raw}"
    );
    // Everything inside the page.
    let margin = 5.0 * 72.0 / 25.4;
    for b in word_boxes(&pdf) {
        assert!(
            b.x_min >= margin && b.x_max <= b.page_width - margin,
            "{b:?}"
        );
        assert!(
            b.y_min >= margin && b.y_max <= b.page_height - margin,
            "{b:?}"
        );
    }
}

#[test]
fn a_long_report_continues_on_numbered_pages() {
    let bytes = render_day_report(&sample(60)).expect("renders");
    let (_dir, pdf) = save("report-day-long", &bytes);
    let pages = page_count(&pdf);
    assert!(pages >= 2, "{pages} pages");
    let raw = raw_text(&pdf);
    assert!(raw.contains(&format!("Trang 1/{pages}")));
    assert!(raw.contains(&format!("Trang {pages}/{pages}")));
    assert!(raw.contains("Báo cáo ngày 10/03/2026 (tiếp theo)"), "{raw}");
    assert!(raw.contains("Đăng ký khai sinh số 59"));
}

#[test]
fn an_empty_day_says_so() {
    let mut data = sample(0);
    data.by_channel.clear();
    data.fees.clear();
    data.received_total = 0;
    data.on_time = OnTimeCounts::default();
    let bytes = render_day_report(&data).expect("renders");
    let (_dir, pdf) = save("report-day-empty", &bytes);
    let raw = raw_text(&pdf);
    assert!(raw.contains("Không có hồ sơ"), "{raw}");
    assert!(
        raw.contains("Trong ngày không có khoản phí, lệ phí nào được thu."),
        "{raw}"
    );
    assert!(!raw.contains("Không thu phí, lệ phí: 0 đồng"), "{raw}");
    assert!(raw.contains("Tỷ lệ đúng hạn: —"), "{raw}");
    assert_eq!(format_rate(&data.on_time), "—");
}

#[test]
fn characters_the_font_cannot_print_are_refused() {
    let mut data = sample(1);
    data.prepared_by = "Trần 🙂".into();
    assert!(render_day_report(&data).is_err());
}

/// The bar charts of the report screen are in the PDF: each procedure and channel again, with a
/// bar as long as its count (the count printed after the bar's end).
#[test]
fn the_pdf_has_the_charts_of_the_screen() {
    let bytes = render_day_report(&sample(3)).expect("renders");
    let (_dir, pdf) = save("report-day-charts", &bytes);
    let boxes = word_boxes(&pdf);
    // "Dịch vụ bưu chính công ích" once in the table, once as a chart label.
    let raw = raw_text(&pdf);
    assert_eq!(
        raw.matches("Dịch vụ bưu chính công ích").count(),
        2,
        "{raw}"
    );
    // The channel chart: the counts stand after bars as long as the counts (in the table they
    // are right-aligned in one column: there the two would be at the same x).
    let count_after = |count: &str, label_end: &str| -> f64 {
        boxes
            .iter()
            .filter(|c| c.word == count)
            .filter(|c| {
                boxes.iter().any(|l| {
                    l.word == label_end
                        && l.page == c.page
                        && l.y_min.max(c.y_min) < l.y_max.min(c.y_max)
                        && l.x_max < c.x_min
                })
            })
            .max_by(|a, b| a.y_min.total_cmp(&b.y_min))
            .map(|c| c.x_min)
            .unwrap_or_else(|| panic!("no {count} after {label_end}"))
    };
    let (big, small) = (count_after("37", "tiếp"), count_after("2", "ích"));
    assert!(
        big - small > 100.0,
        "the bar of 37 should be far longer than the bar of 2: {big} / {small}"
    );
}

/// Whatever the length of the report, the signature is on the page of section VI.
#[test]
fn the_signature_never_stands_alone_on_a_page() {
    for n in (20..=48).step_by(2) {
        let bytes = render_day_report(&sample(n)).expect("renders");
        let (_dir, pdf) = save(&format!("report-day-tail-{n}"), &bytes);
        let pages = page_count(&pdf);
        let last = common::pdftotext(&pdf, common::Mode::Raw, Some(pages as u32));
        assert!(last.contains("NGƯỜI LẬP BÁO CÁO"), "{n}: {last}");
        assert!(
            last.contains("VI. TỶ LỆ GIẢI QUYẾT ĐÚNG HẠN") && last.contains("Tỷ lệ đúng hạn"),
            "{n} procedures: the signature is alone on page {pages}:\n{last}"
        );
    }
}

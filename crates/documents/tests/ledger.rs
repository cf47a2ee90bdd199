//! Mẫu 07 Sổ theo dõi hồ sơ: text, page structure and the PDF's validity.

mod common;

use chrono::NaiveDate;
use common::{Mode, at, page_count, pdftotext, scratch, squash, tool_ok, word_boxes};
use motcua_documents::{DocumentError, LedgerData, LedgerRow, render_ledger};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

fn row(n: u32) -> LedgerRow {
    let received = at(2026, 2, 5 + n % 20, 8 + n % 8, n % 60);
    LedgerRow {
        number: n,
        code: format!("000.00.31.H29-2602{:02}-{:04}", 5 + n % 20, n),
        received_at: received,
        submitter_name: if n.is_multiple_of(7) {
            "Nguyễn Thị Hồng Đặng Phương Thảo Ngọc Bích".into()
        } else {
            format!("Trần Văn Bình {n}")
        },
        procedure_name: if n.is_multiple_of(3) {
            "Đăng ký khai sinh có yếu tố nước ngoài kết hợp nhận cha, mẹ, con và \
             cấp bản sao trích lục hộ tịch"
                .into()
        } else {
            "Chứng thực bản sao từ bản chính".into()
        },
        owner_name: String::new(),
        contact: format!("Ấp {n}, xã Tân Phú; 09123456{:02}", n % 100),
        sets_count: 1,
        authority: "Ủy ban nhân dân cấp xã".into(),
        due_at: (!n.is_multiple_of(5)).then(|| at(2026, 3, 2, 9, 30)),
        status_label: "Đã tiếp nhận".into(),
        sent_at: None,
        result_at: None,
        handed_out_at: (n.is_multiple_of(4)).then(|| at(2026, 3, 3, 14, 5)),
        note: if n.is_multiple_of(11) {
            "Yêu cầu bổ sung giấy tờ".into()
        } else {
            String::new()
        },
        handout_fee: String::new(),
    }
}

fn data(rows: Vec<LedgerRow>) -> LedgerData {
    LedgerData {
        parent_authority: "UBND TỈNH ĐỒNG NAI".into(),
        unit_name: "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN PHÚ".into(),
        from: day(2026, 2, 1),
        to: day(2026, 2, 28),
        book: "01/2026".into(),
        rows,
    }
}

fn write(name: &str, bytes: &[u8]) -> std::path::PathBuf {
    let dir = scratch(name);
    let path = dir.join("ledger.pdf");
    std::fs::write(&path, bytes).expect("write pdf");
    path
}

#[test]
fn prints_title_period_headers_and_rows() {
    let rows: Vec<LedgerRow> = (1..=5).map(row).collect();
    let pdf = render_ledger(&data(rows.clone())).expect("renders");
    let path = write("ledger-small", &pdf);
    common::assert_qpdf_ok(&path);
    assert_eq!(page_count(&path), 1);
    let text = pdftotext(&path, Mode::Plain, None);
    let flat = squash(&text);
    for expected in [
        "SỔ THEO DÕI HỒ SƠ",
        "Từ ngày 01/02/2026 đến ngày 28/02/2026",
        "Quyển số: 01/2026",
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN PHÚ",
        "UBND TỈNH ĐỒNG NAI",
        "Mã hồ sơ",
        "Tên TTHC",
        "Ghi chú",
        "Tổng số: 5 hồ sơ.",
        "Trang 1/1",
    ] {
        assert!(
            flat.contains(&squash(expected)),
            "missing {expected:?} in {text}"
        );
    }
    for r in &rows {
        assert!(flat.contains(&r.code), "missing code {} in {text}", r.code);
    }
    // Page size: A4 landscape (842 × 595 pt).
    let info = tool_ok("pdfinfo", &[path.to_str().expect("utf-8 path")]);
    assert!(info.contains("841.89 x 595.276"), "{info}");
}

#[test]
fn three_hundred_rows_span_pages_with_repeated_header_and_no_overflow() {
    let rows: Vec<LedgerRow> = (1..=300).map(row).collect();
    let pdf = render_ledger(&data(rows.clone())).expect("renders");
    let path = write("ledger-300", &pdf);
    common::assert_qpdf_ok(&path);
    let pages = page_count(&path);
    assert!(pages > 5, "300 rows on {pages} pages");
    for p in 1..=pages {
        let text = squash(&pdftotext(&path, Mode::Plain, Some(p as u32)));
        assert!(text.contains("Tên TTHC"), "page {p} lacks the header");
        assert!(
            text.contains(&format!("Trang {p}/{pages}")),
            "page {p} lacks its number"
        );
    }
    let all = squash(&pdftotext(&path, Mode::Plain, None));
    for r in &rows {
        assert!(all.contains(&r.code), "missing {}", r.code);
    }
    // Nothing but the page number below the bottom margin (14 mm), nothing
    // past the right margin (10 mm).
    let mm = 72.0 / 25.4;
    for b in word_boxes(&path) {
        assert!(
            b.x_max <= b.page_width - 10.0 * mm + 0.5,
            "{b:?} past the right margin"
        );
        if b.y_max > b.page_height - 14.0 * mm + 0.5 {
            assert!(
                b.word.starts_with("Trang") || b.word.contains('/'),
                "{b:?} below the bottom margin"
            );
        }
    }
}

#[test]
fn empty_period_and_bad_period() {
    let pdf = render_ledger(&data(Vec::new())).expect("renders");
    let path = write("ledger-empty", &pdf);
    common::assert_qpdf_ok(&path);
    let text = squash(&pdftotext(&path, Mode::Plain, None));
    assert!(text.contains(&squash("Không có hồ sơ nào được tiếp nhận trong kỳ.")));

    let mut bad = data(Vec::new());
    bad.from = day(2026, 3, 1);
    assert!(matches!(
        render_ledger(&bad),
        Err(DocumentError::Invalid { field: "to", .. })
    ));
    // One day is a valid period.
    let mut one = data(vec![row(1)]);
    one.to = one.from;
    render_ledger(&one).expect("one-day period");
}

#[test]
fn renders_png_for_inspection() {
    let rows: Vec<LedgerRow> = (1..=40).map(row).collect();
    let pdf = render_ledger(&data(rows)).expect("renders");
    let path = write("ledger-png", &pdf);
    let dir = path.parent().expect("scratch dir");
    let prefix = dir.join("page");
    tool_ok(
        "pdftoppm",
        &[
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "2",
            path.to_str().expect("utf-8 path"),
            prefix.to_str().expect("utf-8 path"),
        ],
    );
    let pngs = std::fs::read_dir(dir)
        .expect("read scratch dir")
        .filter(|e| {
            e.as_ref()
                .map(|e| e.path().extension().is_some_and(|x| x == "png"))
                .unwrap_or(false)
        })
        .count();
    assert_eq!(pngs, 2);
}

//! Mẫu 01 round trips: text extraction, PDF validity, barcodes, fonts, size,
//! long content.

use motcua_documents::{
    COPY_LABELS, DocumentError, ReceiptData, format_date_vn, format_time_date_vn, render_receipt,
};

mod common;
use common::{CODE, Mode, NAME, PROCEDURE, URL};

fn render(data: &ReceiptData, name: &str) -> (std::path::PathBuf, std::path::PathBuf, usize) {
    let bytes = render_receipt(data).expect("receipt renders");
    let (dir, path) = common::save(name, &bytes);
    (dir, path, bytes.len())
}

#[test]
fn text_round_trips_exactly() {
    let data = common::sample();
    let (_dir, pdf, _) = render(&data, "text");
    for mode in [Mode::Plain, Mode::Layout, Mode::Raw] {
        let text = common::pdftotext(&pdf, mode, None);
        for needle in [
            NAME,
            PROCEDURE,
            CODE,
            URL,
            "Liên 1: Lưu",
            "Liên 2: Giao khách hàng",
            "UBND TỈNH ĐỒNG NAI",
            "TRUNG TÂM PHỤC VỤ",
            "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
            "Độc lập - Tự do - Hạnh phúc",
            "Tân Phú, ngày 05 tháng 02 năm 2026",
            "GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ",
            "Mã hồ sơ: 000.00.31.H29-260205-0001",
            "Trung tâm Phục vụ hành chính công xã Tân Phú tiếp nhận hồ sơ của:",
            "Địa chỉ: Ấp 3, xã Tân Phú, tỉnh Đồng Nai",
            "Số điện thoại: 0912345678",
            "Email: hongdang@example.vn",
            "Số căn cước/Hộ chiếu: 075190001234",
            "Chủ hồ sơ: Trần Văn Bình",
            "Nội dung yêu cầu giải quyết:",
            "1. Thành phần hồ sơ nộp gồm:",
            "Thành phần hồ sơ",
            "Tờ khai đăng ký khai sinh (theo mẫu)",
            "Giấy chứng nhận kết hôn của cha, mẹ",
            "2. Số lượng hồ sơ: 01 (bộ)",
            "3. Thời gian giải quyết hồ sơ theo quy định là: 05 ngày làm việc",
            "4. Thời gian nhận hồ sơ: 09 giờ 32 phút, ngày 27/10/2023",
            "5. Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 32 phút, ngày 03/11/2023",
            "6. Đăng ký nhận kết quả tại: Bộ phận Một cửa",
            "Lệ phí: 8.000 đồng (Thu trước)",
            "Vào Sổ theo dõi hồ sơ, Quyển số 01/2026, Số thứ tự 361",
            "Đường dây nóng: 0251 3822 222",
            "NGƯỜI NỘP HỒ SƠ",
            "NGƯỜI TIẾP NHẬN HỒ SƠ",
            "(Ký và ghi rõ họ tên)",
            "Lê Thị Thu Hà",
            "giấy ủy quyền",
        ] {
            assert!(
                text.contains(needle),
                "pdftotext ({mode:?}) lacks {needle:?}:\n{text}"
            );
        }
    }
    // Column headings wrap inside their cells: whole in stream order.
    let raw = common::squash(&common::pdftotext(&pdf, Mode::Raw, None));
    for heading in ["TT", "Bản chính", "Bản chứng thực", "Bản photo"] {
        assert!(raw.contains(heading), "{heading}: {raw}");
    }
    // The date helpers produce exactly what is printed.
    let plain = common::pdftotext(&pdf, Mode::Plain, None);
    assert!(plain.contains(&format_date_vn(data.issued_on)));
    assert!(plain.contains(&format_time_date_vn(data.received_at)));
}

#[test]
fn two_a5_copies_with_their_labels() {
    let (_dir, pdf, _) = render(&common::sample(), "copies");
    assert_eq!(common::page_count(&pdf), 2);
    common::assert_a5_portrait(&pdf);
    assert!(common::assert_no_overlap_inside_page(&pdf) > 200);
    let first = common::pdftotext(&pdf, Mode::Plain, Some(1));
    let second = common::pdftotext(&pdf, Mode::Plain, Some(2));
    assert!(first.contains(COPY_LABELS[0]) && !first.contains(COPY_LABELS[1]));
    assert!(second.contains(COPY_LABELS[1]) && !second.contains(COPY_LABELS[0]));
    for page in [&first, &second] {
        assert!(page.contains(NAME) && page.contains(CODE));
    }
}

#[test]
fn qpdf_check_passes() {
    let (_dir, pdf, _) = render(&common::sample(), "qpdf");
    common::assert_qpdf_ok(&pdf);
}

#[test]
fn qr_and_code39_decode_at_150_dpi() {
    let (dir, pdf, _) = render(&common::sample(), "zbar");
    for page in [1, 2] {
        let found = common::decode_barcodes(&pdf, &dir, page, 150);
        assert!(
            found.iter().any(|l| l == URL),
            "QR not decoded to the lookup URL on page {page}: {found:?}"
        );
        assert!(
            found.iter().any(|l| l == CODE),
            "Code 39 not decoded to the dossier code on page {page}: {found:?}"
        );
        assert_eq!(found.len(), 2, "{found:?}");
    }
}

#[test]
fn fonts_are_embedded_subsets_and_file_is_small() {
    let (_dir, pdf, size) = render(&common::sample(), "fonts");
    common::assert_subset_fonts(&pdf);
    assert!(size < 100 * 1024, "receipt is {size} bytes");
}

/// Twelve documents with long names: everything is printed, inside the
/// margins, with no two words overlapping, and both codes still decode.
#[test]
fn twelve_long_documents_fit_without_overlap() {
    let mut data = common::sample();
    data.documents = common::long_documents();
    let (dir, pdf, size) = render(&data, "long");
    assert!(size < 100 * 1024, "receipt is {size} bytes");
    let text = common::squash(&common::pdftotext(&pdf, Mode::Raw, None));
    for d in &data.documents {
        assert_eq!(
            text.matches(&d.name).count(),
            2,
            "{:?} not printed once per copy",
            d.name
        );
    }
    for needle in [
        COPY_LABELS[0],
        COPY_LABELS[1],
        "NGƯỜI TIẾP NHẬN HỒ SƠ",
        "6. Đăng ký nhận kết quả tại:",
    ] {
        assert!(text.contains(needle), "{needle}");
    }

    common::assert_no_overlap_inside_page(&pdf);
    // Codes are still readable on the first page of each copy.
    let pages = common::page_count(&pdf) as u32;
    assert_eq!(pages % 2, 0, "both copies have the same number of pages");
    for page in [1, pages / 2 + 1] {
        let found = common::decode_barcodes(&pdf, &dir, page, 150);
        assert!(found.iter().any(|l| l == CODE), "page {page}: {found:?}");
    }
    let qr_pages: Vec<u32> = (1..=pages)
        .filter(|p| {
            common::decode_barcodes(&pdf, &dir, *p, 150)
                .iter()
                .any(|l| l == URL)
        })
        .collect();
    assert_eq!(qr_pages.len(), 2, "one QR per copy: {qr_pages:?}");
}

/// Twelve documents with names of everyday length: the font shrinks so that
/// each copy stays on one A5 page, and all of it is printed.
#[test]
fn twelve_realistic_documents_stay_on_one_page_per_copy() {
    let mut data = common::sample();
    data.documents = common::realistic_documents();
    let (dir, pdf, _) = render(&data, "realistic");
    assert_eq!(common::page_count(&pdf), 2);
    let text = common::squash(&common::pdftotext(&pdf, Mode::Raw, None));
    for d in &data.documents {
        assert_eq!(text.matches(&d.name).count(), 2, "{:?}", d.name);
    }
    common::assert_no_overlap_inside_page(&pdf);
    for page in [1, 2] {
        let found = common::decode_barcodes(&pdf, &dir, page, 150);
        assert!(
            found.iter().any(|l| l == CODE) && found.iter().any(|l| l == URL),
            "{found:?}"
        );
    }
}

#[test]
fn decomposed_input_is_printed_composed() {
    let mut data = common::sample();
    // "Nguyễn Thị Hồng Đặng" typed with combining marks (NFD).
    data.submitter.full_name =
        "Nguye\u{0302}\u{0303}n Thi\u{0323} Ho\u{0302}\u{0300}ng \u{0110}a\u{0306}\u{0323}ng"
            .into();
    let (_dir, pdf, _) = render(&data, "nfd");
    let text = common::pdftotext(&pdf, Mode::Plain, None);
    assert!(text.contains(NAME), "{text}");
}

#[test]
fn optional_fields() {
    let mut data = common::sample();
    data.due_at = None;
    data.submitter.email.clear();
    data.submitter.phone.clear();
    data.submitter.honorific.clear();
    data.owner_name = Some(" nguyễn thị hồng đặng ".into()); // same person: not repeated
    data.delivery_text = "Qua dịch vụ bưu chính công ích".into();
    data.fee_text = "Không thu phí, lệ phí".into();
    data.documents.clear();
    let (_dir, pdf, _) = render(&data, "optional");
    let text = common::pdftotext(&pdf, Mode::Plain, None);
    assert!(
        text.contains("5. Thời gian trả kết quả giải quyết hồ sơ: Không hẹn ngày trả"),
        "{text}"
    );
    assert!(
        text.contains("Ông/Bà Nguyễn Thị Hồng Đặng")
            || common::squash(&text).contains("Ông/Bà Nguyễn Thị Hồng Đặng")
    );
    assert!(text.contains("Email: ........"), "{text}");
    assert!(text.contains("Số điện thoại: ........"), "{text}");
    assert!(!text.contains("Chủ hồ sơ:"), "{text}");
    assert!(text.contains("6. Đăng ký nhận kết quả tại: Qua dịch vụ bưu chính công ích"));
    assert!(text.contains("Không thu phí, lệ phí"));
    assert!(text.contains("(Không có thành phần hồ sơ giấy)"));
}

#[test]
fn invalid_input_is_an_error_not_a_wrong_receipt() {
    let mut data = common::sample();
    data.code = "000.00.31.h29-260205-0001".into();
    assert_eq!(
        render_receipt(&data),
        Err(DocumentError::UnsupportedBarcodeCharacter { ch: 'h' })
    );

    let mut data = common::sample();
    data.code = "  ".into();
    assert_eq!(render_receipt(&data), Err(DocumentError::EmptyBarcode));

    let mut data = common::sample();
    data.submitter.full_name = "Nguyễn 阮".into();
    match render_receipt(&data) {
        Err(DocumentError::UnsupportedCharacter { ch, .. }) => assert_eq!(ch, '阮'),
        other => panic!("expected UnsupportedCharacter, got {other:?}"),
    }

    let mut data = common::sample();
    data.lookup_url = format!("https://example.vn/{}", "x".repeat(3000));
    assert!(matches!(render_receipt(&data), Err(DocumentError::Qr(_))));
}

/// Đính chính: a receipt reprinted after a correction says so on both copies, with the date;
/// an ordinary one does not.
#[test]
fn a_corrected_receipt_is_marked_on_both_copies() {
    let plain = common::sample();
    let (_d1, pdf, _) = render(&plain, "not-corrected");
    let text = common::pdftotext(&pdf, Mode::Raw, None);
    assert!(!text.contains("ĐÍNH CHÍNH"), "{text}");
    let mut data = common::sample();
    data.corrected_on = chrono::NaiveDate::from_ymd_opt(2026, 12, 9);
    let (_d2, pdf, _) = render(&data, "corrected");
    let text = common::pdftotext(&pdf, Mode::Raw, None);
    assert_eq!(
        text.matches("BẢN ĐÍNH CHÍNH ngày 09/12/2026").count(),
        2,
        "{text}"
    );
}

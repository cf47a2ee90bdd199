//! Mẫu 02 (Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ): text, every missing item
//! once, PDF validity, fonts, Code 39, long content.

use motcua_documents::{
    DocumentError, MissingItem, SUPPLEMENT_TITLE, SupplementRequestData, render_supplement_request,
};

mod common;
use common::Mode;
use common::samples::{self, CLERK, CODE, SUBMITTER};

fn render(data: &SupplementRequestData, name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    common::save_rendered(name, render_supplement_request(data))
}

/// The distinct items of the sample, in order.
fn distinct(data: &SupplementRequestData) -> Vec<MissingItem> {
    let mut out: Vec<MissingItem> = Vec::new();
    for item in &data.missing {
        if !out.iter().any(|o| o.name == item.name) {
            out.push(item.clone());
        }
    }
    out
}

#[test]
fn text_round_trips_exactly() {
    let data = samples::supplement();
    let (_dir, pdf) = render(&data, "supplement-text");
    // Lines that never wrap: exact in every pdftotext mode.
    common::assert_in_every_mode(&pdf, &common::LETTER_COMMON);
    common::assert_in_every_mode(
        &pdf,
        &[
            SUPPLEMENT_TITLE,
            "Tân Phú, ngày 05 tháng 3 năm 2026",
            "Thời gian nhận hồ sơ: 09 giờ 32 phút, ngày 05/03/2026",
            "Lý do khác/Ghi chú: Bổ sung trong thời hạn 10 ngày làm việc.",
            "NGƯỜI HƯỚNG DẪN",
            "Giấy chứng nhận kết hôn của cha, mẹ",
            "Chưa có trong hồ sơ",
        ],
    );
    // Sentences and cells that wrap: whole in stream order.
    let raw = common::raw_text(&pdf);
    common::assert_contains_all(&raw, &common::LETTER_INTAKE_RAW, "raw text");
    common::assert_contains_all(
        &raw,
        &[
            "Ngày 05 tháng 3 năm 2026, Trung tâm Phục vụ hành chính công xã Tân Phú yêu cầu \
             hoàn thiện hồ sơ gồm những nội dung sau:",
            "TT",
            "Nội dung cần bổ sung, hoàn thiện",
            "Lý do",
            "Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, Ông/Bà liên hệ với Lê Thị Thu \
             Hà, số điện thoại 0912345678, email thuha@example.vn để được hướng dẫn.",
        ],
        "raw text",
    );
    // Every missing item exactly once (the sample lists one of them twice),
    // numbered in order, with its reason.
    let items = distinct(&data);
    assert_eq!(items.len(), 3);
    for (i, item) in items.iter().enumerate() {
        assert_eq!(raw.matches(&item.name).count(), 1, "{:?}", item.name);
        let row = format!("{} {} {}", i + 1, item.name, item.reason);
        assert!(raw.contains(&row), "row {row:?} not in:\n{raw}");
    }
}

#[test]
fn one_a5_page_qpdf_and_subset_fonts() {
    let (_dir, pdf) = render(&samples::supplement(), "supplement-pdf");
    assert_eq!(common::page_count(&pdf), 1);
    common::assert_a5_portrait(&pdf);
    common::assert_qpdf_ok(&pdf);
    common::assert_subset_fonts(&pdf);
    common::assert_no_overlap_inside_page(&pdf);
}

#[test]
fn code39_decodes_at_150_dpi() {
    let (dir, pdf) = render(&samples::supplement(), "supplement-zbar");
    let found = common::decode_barcodes(&pdf, &dir, 1, 150);
    assert_eq!(found, vec![CODE.to_owned()]);
}

/// Twelve long items: each printed once, nothing outside the margins or
/// overlapping, the barcode still readable, the signature still printed.
#[test]
fn twelve_long_items_do_not_overflow() {
    let mut data = samples::supplement();
    data.missing = samples::long_missing();
    // Repeats (one re-typed in another case and spacing) are still printed once.
    data.missing.push(data.missing[3].clone());
    let mut retyped = data.missing[7].clone();
    retyped.name = format!("  {}  ", retyped.name.to_uppercase());
    data.missing.push(retyped);
    let (dir, pdf) = render(&data, "supplement-long");
    let raw = common::raw_text(&pdf);
    let lower = raw.to_lowercase();
    for item in samples::long_missing() {
        assert_eq!(raw.matches(&item.name).count(), 1, "{:?}", item.name);
        assert_eq!(
            lower.matches(&item.name.to_lowercase()).count(),
            1,
            "{:?}",
            item.name
        );
        assert!(raw.contains(&item.reason), "{:?}", item.reason);
    }
    for needle in [
        "12 Văn bản số 12",
        "NGƯỜI HƯỚNG DẪN",
        CLERK,
        "Lý do khác/Ghi chú",
    ] {
        assert!(raw.contains(needle), "{needle}");
    }
    common::assert_a5_portrait(&pdf);
    common::assert_no_overlap_inside_page(&pdf);
    common::assert_qpdf_ok(&pdf);
    let found = common::decode_barcodes(&pdf, &dir, 1, 150);
    assert_eq!(found, vec![CODE.to_owned()]);
    // Continuation pages say what they continue.
    let pages = common::page_count(&pdf) as u32;
    for page in 2..=pages {
        let text = common::pdftotext(&pdf, Mode::Plain, Some(page));
        assert!(
            text.contains("Mã hồ sơ: 000.00.31.H29-260205-0001 (tiếp theo)"),
            "{text}"
        );
    }
}

#[test]
fn blank_contact_details_are_dots_to_fill_in() {
    let mut data = samples::supplement();
    data.clerk_phone.clear();
    data.clerk_email.clear();
    data.note.clear();
    data.hotline.clear();
    let (_dir, pdf) = render(&data, "supplement-blank");
    let raw = common::raw_text(&pdf);
    assert!(raw.contains(
        "số điện thoại ...................., email .................... để được hướng dẫn"
    ));
    assert!(raw.contains("Lý do khác/Ghi chú: ........"), "{raw}");
    assert!(!raw.contains("Đường dây nóng"), "{raw}");
}

#[test]
fn decomposed_input_is_printed_composed() {
    let mut data = samples::supplement();
    data.submitter_name =
        "Nguye\u{0302}\u{0303}n Thi\u{0323} Ho\u{0302}\u{0300}ng \u{0110}a\u{0306}\u{0323}ng"
            .into();
    let (_dir, pdf) = render(&data, "supplement-nfd");
    let text = common::pdftotext(&pdf, Mode::Plain, None);
    assert!(text.contains(SUBMITTER), "{text}");
}

#[test]
fn invalid_input_is_an_error() {
    let mut data = samples::supplement();
    data.missing.clear();
    data.note = "  ".into();
    assert!(matches!(
        render_supplement_request(&data),
        Err(DocumentError::Invalid {
            field: "missing",
            ..
        })
    ));

    // Only a note: no table, still a valid request.
    data.note = "Đề nghị nộp bản chính để đối chiếu".into();
    let (_dir, pdf) = render(&data, "supplement-note-only");
    let raw = common::raw_text(&pdf);
    assert!(raw.contains("Lý do khác/Ghi chú: Đề nghị nộp bản chính để đối chiếu"));
    assert!(!raw.contains("Nội dung cần bổ sung, hoàn thiện"));

    let mut data = samples::supplement();
    data.code = "000.00.31.h29-260205-0001".into();
    assert_eq!(
        render_supplement_request(&data),
        Err(DocumentError::UnsupportedBarcodeCharacter { ch: 'h' })
    );

    let mut data = samples::supplement();
    data.missing[0].name = "Giấy 阮".into();
    assert!(matches!(
        render_supplement_request(&data),
        Err(DocumentError::UnsupportedCharacter { ch: '阮', .. })
    ));
}

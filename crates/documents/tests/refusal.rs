//! Mẫu 03 (Phiếu từ chối tiếp nhận giải quyết hồ sơ): text, PDF validity,
//! fonts, the optional code and its Code 39.

use motcua_documents::{DocumentError, REFUSAL_TITLE, RefusalData, render_refusal};

mod common;
use common::Mode;
use common::samples::{self, CODE};

fn render(data: &RefusalData, name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    common::save_rendered(name, render_refusal(data))
}

#[test]
fn text_round_trips_exactly() {
    let data = samples::refusal();
    let (_dir, pdf) = render(&data, "refusal-text");
    common::assert_in_every_mode(&pdf, &common::LETTER_COMMON);
    common::assert_in_every_mode(
        &pdf,
        &[
            REFUSAL_TITLE,
            "Tân Phú, ngày 05 tháng 02 năm 2026",
            "Thời gian nhận hồ sơ: 14 giờ 05 phút, ngày 05/02/2026",
            "Xin thông báo để Ông/Bà được biết và thực hiện./.",
            "NGƯỜI TIẾP NHẬN HỒ SƠ",
        ],
    );
    let raw = common::raw_text(&pdf);
    common::assert_contains_all(&raw, &common::LETTER_INTAKE_RAW, "raw text");
    common::assert_contains_all(
        &raw,
        &[
            // The reason, with one full stop added.
            "Sau khi xem xét, đối chiếu thành phần hồ sơ, Trung tâm Phục vụ hành chính công \
             xã Tân Phú từ chối tiếp nhận hồ sơ với lý do cụ thể như sau: Hồ sơ thuộc thẩm \
             quyền giải quyết của Sở Tư pháp tỉnh Đồng Nai, không thuộc thẩm quyền của Ủy \
             ban nhân dân xã Tân Phú. Đường dây nóng: 0251 3822 222 Xin thông báo",
        ],
        "raw text",
    );
    assert_eq!(raw.matches("NGƯỜI TIẾP NHẬN HỒ SƠ").count(), 1);
}

#[test]
fn one_a5_page_qpdf_subset_fonts_and_code39() {
    let (dir, pdf) = render(&samples::refusal(), "refusal-pdf");
    assert_eq!(common::page_count(&pdf), 1);
    common::assert_a5_portrait(&pdf);
    common::assert_qpdf_ok(&pdf);
    common::assert_subset_fonts(&pdf);
    common::assert_no_overlap_inside_page(&pdf);
    let found = common::decode_barcodes(&pdf, &dir, 1, 150);
    assert_eq!(found, vec![CODE.to_owned()]);
}

#[test]
fn without_a_code_there_is_no_code_line_and_no_barcode() {
    for code in [None, Some("   ".to_owned())] {
        let mut data = samples::refusal();
        data.code = code;
        data.reason = "Hồ sơ không đúng thành phần theo quy định.".into();
        let (dir, pdf) = render(&data, "refusal-no-code");
        let text = common::pdftotext(&pdf, Mode::Plain, None);
        assert!(!text.contains("Mã hồ sơ"), "{text}");
        assert!(common::decode_barcodes(&pdf, &dir, 1, 150).is_empty());
        let raw = common::raw_text(&pdf);
        // A reason that already ends with a full stop gets no second one.
        assert!(raw.contains("như sau: Hồ sơ không đúng thành phần theo quy định. Đường dây nóng"));
        common::assert_qpdf_ok(&pdf);
    }
}

#[test]
fn invalid_input_is_an_error() {
    let mut data = samples::refusal();
    data.reason = " \n ".into();
    assert!(matches!(
        render_refusal(&data),
        Err(DocumentError::Invalid {
            field: "reason",
            ..
        })
    ));
    let mut data = samples::refusal();
    data.code = Some("ma-ho-so".into());
    assert_eq!(
        render_refusal(&data),
        Err(DocumentError::UnsupportedBarcodeCharacter { ch: 'm' })
    );
}

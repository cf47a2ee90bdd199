//! Mẫu 04 (Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết): text,
//! PDF validity, fonts, Code 39, invalid input.

use motcua_documents::{APOLOGY_TITLE, ApologyData, DocumentError, render_apology};

mod common;
use common::samples::{self, CODE};

fn render(data: &ApologyData, name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    common::save_rendered(name, render_apology(data))
}

#[test]
fn text_round_trips_exactly() {
    let (_dir, pdf) = render(&samples::apology(), "apology-text");
    common::assert_in_every_mode(&pdf, &common::AUTHORITY_LETTER_COMMON);
    common::assert_in_every_mode(
        &pdf,
        &[
            "Tân Phú, ngày 11 tháng 02 năm 2026",
            "Thời gian nhận hồ sơ: 09 giờ 32 phút, ngày 05/02/2026",
            "Thời gian hẹn trả kết quả giải quyết hồ sơ: 09 giờ 32 phút, ngày 12/02/2026",
            "09 giờ 32 phút, ngày 26/02/2026",
            "Rất mong nhận được sự thông cảm của Ông/Bà./.",
        ],
    );
    let raw = common::raw_text(&pdf);
    common::assert_contains_all(&raw, &common::LETTER_INTAKE_RAW, "raw text");
    common::assert_contains_all(
        &raw,
        &[
            // The title and the issuer wrap on A5 but read whole.
            APOLOGY_TITLE,
            "ỦY BAN NHÂN DÂN XÃ TÂN PHÚ",
            // The reason, with one full stop added.
            "Tuy nhiên đến nay, Ủy ban nhân dân xã Tân Phú chưa trả kết quả \
             giải quyết hồ sơ của Ông/Bà đúng hạn như đã hẹn. Lý do: Cần xác minh thông tin \
             hộ tịch của người mẹ tại Sở Tư pháp tỉnh Đồng Nai. Sự chậm trễ",
            "Sự chậm trễ này đã gây phiền hà, tốn kém cho Ông/Bà. Ủy ban nhân dân xã Tân Phú \
             xin lỗi Ông/Bà và đề nghị gia hạn thời gian giải quyết, hẹn trả \
             kết quả vào: 09 giờ 32 phút, ngày 26/02/2026",
        ],
        "raw text",
    );
}

#[test]
fn one_a5_page_qpdf_subset_fonts_and_code39() {
    let (dir, pdf) = render(&samples::apology(), "apology-pdf");
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
fn the_signer_is_the_head_of_the_authority_never_the_clerk() {
    let mut data = samples::apology();
    data.authority.signer_title = "KT. CHỦ TỊCH PHÓ CHỦ TỊCH".into();
    let (_dir, pdf) = render(&data, "apology-signer");
    let raw = common::raw_text(&pdf);
    assert!(raw.contains("KT. CHỦ TỊCH PHÓ CHỦ TỊCH"), "{raw}");
    assert!(!raw.contains("NGƯỜI TIẾP NHẬN HỒ SƠ"), "{raw}");
    assert!(!raw.contains(samples::CLERK), "{raw}");
    // Without a title the template's generic one, with the stamp hint.
    data.authority.signer_title.clear();
    data.authority.signer_name.clear();
    let (_dir, pdf) = render(&data, "apology-signer-blank");
    let raw = common::raw_text(&pdf);
    assert!(
        raw.contains("THỦ TRƯỞNG CƠ QUAN (Ký, ghi rõ họ tên và đóng dấu)"),
        "{raw}"
    );
}

#[test]
fn invalid_input_is_an_error() {
    let mut data = samples::apology();
    data.reason = "  ".into();
    assert!(matches!(
        render_apology(&data),
        Err(DocumentError::Invalid {
            field: "reason",
            ..
        })
    ));
    let mut data = samples::apology();
    data.new_due_at = data.old_due_at;
    assert!(matches!(
        render_apology(&data),
        Err(DocumentError::Invalid {
            field: "new_due_at",
            ..
        })
    ));
    let mut data = samples::apology();
    data.code = "ma-ho-so".into();
    assert_eq!(
        render_apology(&data),
        Err(DocumentError::UnsupportedBarcodeCharacter { ch: 'm' })
    );
}

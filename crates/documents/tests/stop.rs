//! Mẫu 05 (Thông báo dừng giải quyết hồ sơ): both causes, text, PDF validity,
//! fonts, Code 39, invalid input.

use motcua_documents::{DocumentError, STOP_TITLE, StopCause, StopNoticeData, render_stop_notice};

mod common;
use common::samples::{self, CODE};

fn render(data: &StopNoticeData, name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    common::save_rendered(name, render_stop_notice(data))
}

#[test]
fn a_withdrawal_reads_back_exactly() {
    let (_dir, pdf) = render(&samples::stop_notice(), "stop-withdrawn");
    common::assert_in_every_mode(&pdf, &common::AUTHORITY_LETTER_COMMON);
    common::assert_in_every_mode(
        &pdf,
        &[
            STOP_TITLE,
            "Tân Phú, ngày 09 tháng 02 năm 2026",
            "Thời gian nhận hồ sơ: 09 giờ 32 phút, ngày 05/02/2026",
            "Ông/Bà liên hệ Bộ phận Một cửa để nhận lại giấy tờ đã nộp (nếu có).",
            "Xin thông báo để Ông/Bà được biết./.",
        ],
    );
    let raw = common::raw_text(&pdf);
    common::assert_contains_all(&raw, &common::LETTER_INTAKE_RAW, "raw text");
    common::assert_contains_all(
        &raw,
        &[
            "Theo yêu cầu rút hồ sơ của Ông/Bà, Ủy ban nhân dân xã Tân Phú \
             thông báo dừng giải quyết hồ sơ nêu trên kể từ 15 giờ 10 phút, ngày 09/02/2026.",
            "Lý do: Công dân đề nghị rút hồ sơ để bổ sung giấy tờ của người cha.",
        ],
        "raw text",
    );
}

#[test]
fn a_stop_does_not_mention_a_withdrawal() {
    let mut data = samples::stop_notice();
    data.cause = StopCause::Stopped;
    data.reason = "Cơ quan có thẩm quyền có văn bản đề nghị dừng giải quyết.".into();
    let (_dir, pdf) = render(&data, "stop-stopped");
    let raw = common::raw_text(&pdf);
    assert!(!raw.contains("rút hồ sơ"), "{raw}");
    common::assert_contains_all(
        &raw,
        &[
            "Tân Phú thông báo dừng giải quyết hồ sơ nêu trên kể từ 15 giờ 10 phút, ngày \
             09/02/2026. Lý do: Cơ quan có thẩm quyền có văn bản đề nghị dừng giải quyết. Ông/Bà",
        ],
        "raw text",
    );
}

#[test]
fn one_a5_page_qpdf_subset_fonts_and_code39() {
    let (dir, pdf) = render(&samples::stop_notice(), "stop-pdf");
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
fn invalid_input_is_an_error() {
    let mut data = samples::stop_notice();
    data.reason = "\n".into();
    assert!(matches!(
        render_stop_notice(&data),
        Err(DocumentError::Invalid {
            field: "reason",
            ..
        })
    ));
    let mut data = samples::stop_notice();
    data.stopped_at = data.received_at - chrono::Duration::minutes(1);
    assert!(matches!(
        render_stop_notice(&data),
        Err(DocumentError::Invalid {
            field: "stopped_at",
            ..
        })
    ));
}

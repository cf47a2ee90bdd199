//! Biên nhận trả kết quả giải quyết hồ sơ (hand-out note): recipient, ID,
//! owner or proxy with the authorisation, time, clerk, both signatures.

use motcua_documents::{DocumentError, HANDOVER_TITLE, HandoverData, render_handover};

mod common;
use common::Mode;
use common::samples::{self, CODE};

fn render(data: &HandoverData, name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    common::save_rendered(name, render_handover(data))
}

#[test]
fn a_proxy_hand_over_reads_back_exactly() {
    let (_dir, pdf) = render(&samples::handover(), "handover-proxy");
    common::assert_in_every_mode(
        &pdf,
        &[
            HANDOVER_TITLE,
            "UBND TỈNH ĐỒNG NAI",
            "Tân Phú, ngày 12 tháng 02 năm 2026",
            "Mã hồ sơ: 000.00.31.H29-260205-0001",
            "Nội dung yêu cầu giải quyết: Đăng ký khai sinh có yếu tố nước ngoài",
            "Chủ hồ sơ: Nguyễn Thị Hồng Đặng",
            "Thời gian nhận hồ sơ: 09 giờ 32 phút, ngày 05/02/2026",
            "Thời gian hẹn trả kết quả: 09 giờ 32 phút, ngày 12/02/2026",
            "Ông/Bà: Phạm Văn Đức",
            "Số căn cước/Hộ chiếu: 036085001234",
            "Nhận với tư cách: Người được ủy quyền",
            "Thời gian trả kết quả: 08 giờ 15 phút, ngày 12/02/2026",
            "Người nhận đã kiểm tra và nhận đủ kết quả giải quyết hồ sơ nêu trên./.",
            "Đường dây nóng: 0251 3822 222",
            "NGƯỜI NHẬN KẾT QUẢ",
            "NGƯỜI TRẢ KẾT QUẢ",
            "Lê Thị Thu Hà",
        ],
    );
    let raw = common::raw_text(&pdf);
    common::assert_contains_all(
        &raw,
        &[
            "Trung tâm Phục vụ hành chính công xã Tân Phú trả kết quả giải quyết hồ sơ nêu \
             trên cho:",
            "Giấy ủy quyền: Giấy ủy quyền số 12/2026, UBND xã Tân Phú chứng thực ngày 10/02/2026",
        ],
        "raw text",
    );
    // The recipient's name is printed twice: in the body and under the signature.
    assert_eq!(raw.matches("Phạm Văn Đức").count(), 2, "{raw}");
}

#[test]
fn the_owner_has_no_authorisation_line() {
    let mut data = samples::handover();
    data.is_proxy = false;
    data.recipient_name = samples::SUBMITTER.into();
    data.recipient_id_number = "075190001234".into();
    let (_dir, pdf) = render(&data, "handover-owner");
    let text = common::pdftotext(&pdf, Mode::Plain, None);
    assert!(text.contains("Nhận với tư cách: Chủ hồ sơ"), "{text}");
    assert!(!text.contains("Giấy ủy quyền"), "{text}");
    assert!(
        text.contains("Số căn cước/Hộ chiếu: 075190001234"),
        "{text}"
    );
}

#[test]
fn one_a5_page_qpdf_subset_fonts_and_code39() {
    let (dir, pdf) = render(&samples::handover(), "handover-pdf");
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
    let check = |change: fn(&mut HandoverData), field: &str| {
        let mut data = samples::handover();
        change(&mut data);
        match render_handover(&data) {
            Err(DocumentError::Invalid { field: f, .. }) => assert_eq!(f, field),
            other => panic!("{field}: {other:?}"),
        }
    };
    check(|d| d.recipient_name = " ".into(), "recipient_name");
    check(
        |d| d.recipient_id_number = String::new(),
        "recipient_id_number",
    );
    check(|d| d.authorisation = None, "authorisation");
    check(|d| d.authorisation = Some("  ".into()), "authorisation");
    check(
        |d| d.handed_at = d.received_at - chrono::Duration::hours(1),
        "handed_at",
    );
}

//! Biên lai thu phí, lệ phí: text (amounts, words, copy labels), PDF
//! validity, fonts, consistency checks.

use motcua_documents::{
    DocumentError, FEE_RECEIPT_COPY_LABELS, FeeLine, FeeReceiptData, render_fee_receipt,
};

mod common;
use common::Mode;
use common::samples::{self, CLERK, CODE, SUBMITTER};

fn render(data: &FeeReceiptData, name: &str) -> (std::path::PathBuf, std::path::PathBuf) {
    common::save_rendered(name, render_fee_receipt(data))
}

/// The sample receipt with a single line of `amount` đồng.
fn single_line(name: &str, amount: i64) -> FeeReceiptData {
    FeeReceiptData {
        lines: vec![FeeLine {
            name: name.into(),
            quantity: 1,
            unit_price: amount,
            amount,
        }],
        total: amount,
        ..samples::fee_receipt()
    }
}

#[test]
fn text_round_trips_exactly() {
    let data = samples::fee_receipt();
    let (_dir, pdf) = render(&data, "fee-text");
    common::assert_in_every_mode(
        &pdf,
        &[
            "BIÊN LAI THU PHÍ, LỆ PHÍ",
            "UBND TỈNH ĐỒNG NAI",
            "Mã số thuế: 3600123458",
            "Ký hiệu: BLP-26",
            "Số: 0000123",
            "Liên 1: Lưu",
            "Liên 2: Giao người nộp tiền",
            "Họ tên người nộp tiền: Nguyễn Thị Hồng Đặng",
            "Địa chỉ: Ấp 3, xã Tân Phú, tỉnh Đồng Nai",
            "Mã hồ sơ: 000.00.31.H29-260205-0001",
            "Thủ tục hành chính: Cấp bản sao trích lục hộ tịch",
            "Lệ phí cấp bản sao trích lục hộ tịch",
            "8.000",
            "16.000",
            "2.000",
            "4.000",
            "1.000",
            "85.000",
            "Tổng số tiền: 105.000 đồng",
            "Số tiền bằng chữ: Một trăm linh năm nghìn đồng",
            "Hình thức thanh toán: Tiền mặt",
            "Tân Phú, ngày 09 tháng 01 năm 2026",
            "NGƯỜI NỘP TIỀN",
            "NGƯỜI THU TIỀN",
            "(Ký và ghi rõ họ tên)",
            CLERK,
            "Biên lai điện tử: chờ phát hành khi có kết nối",
        ],
    );
    let raw = common::raw_text(&pdf);
    for row in [
        "1 Lệ phí cấp bản sao trích lục hộ tịch 2 8.000 16.000",
        "2 Phí chứng thực bản sao từ bản chính (trang 1-2) 2 2.000 4.000",
        "3 Phí chứng thực bản sao từ bản chính (từ trang 3) 85 1.000 85.000",
    ] {
        assert_eq!(raw.matches(row).count(), 2, "{row:?} once per copy:\n{raw}");
    }
    for heading in [
        "TT",
        "Tên phí, lệ phí",
        "Số lượng",
        "Đơn giá (đồng)",
        "Thành tiền (đồng)",
    ] {
        assert!(raw.contains(heading), "{heading}");
    }
    assert!(raw.contains(SUBMITTER) && raw.contains(CODE));
}

#[test]
fn two_a5_copies_with_their_labels() {
    let (dir, pdf) = render(&samples::fee_receipt(), "fee-copies");
    assert_eq!(common::page_count(&pdf), 2);
    common::assert_a5_portrait(&pdf);
    common::assert_no_overlap_inside_page(&pdf);
    for (page, label) in [(1, 0), (2, 1)] {
        let text = common::pdftotext(&pdf, Mode::Plain, Some(page));
        assert!(text.contains(FEE_RECEIPT_COPY_LABELS[label]));
        assert!(!text.contains(FEE_RECEIPT_COPY_LABELS[1 - label]));
        assert!(text.contains("Số: 0000123") && text.contains("105.000 đồng"));
        // No barcode on a fee receipt.
        assert!(common::decode_barcodes(&pdf, &dir, page, 150).is_empty());
    }
}

#[test]
fn qpdf_check_and_subset_fonts() {
    let (_dir, pdf) = render(&samples::fee_receipt(), "fee-pdf");
    common::assert_qpdf_ok(&pdf);
    common::assert_subset_fonts(&pdf);
}

#[test]
fn words_are_computed_or_taken_as_given() {
    let mut data = single_line("Lệ phí đăng ký kinh doanh", 2_015_000);
    data.number = 12_345_678;
    data.tax_code = None;
    data.e_receipt_note = None;
    data.method = "Chuyển khoản".into();
    let (_dir, pdf) = render(&data, "fee-words");
    let text = common::pdftotext(&pdf, Mode::Plain, None);
    common::assert_contains_all(
        &text,
        &[
            "Tổng số tiền: 2.015.000 đồng",
            "Số tiền bằng chữ: Hai triệu không trăm mười lăm nghìn đồng",
            "Số: 12345678",
            "Hình thức thanh toán: Chuyển khoản",
        ],
        "pdftotext",
    );
    assert!(!text.contains("Mã số thuế") && !text.contains("Biên lai điện tử"));

    data.amount_in_words = Some("Hai triệu mười lăm nghìn đồng chẵn".into());
    let (_dir, pdf) = render(&data, "fee-words-given");
    let text = common::pdftotext(&pdf, Mode::Plain, None);
    assert!(text.contains("Số tiền bằng chữ: Hai triệu mười lăm nghìn đồng chẵn"));
}

#[test]
fn free_of_charge_reads_khong_dong() {
    let data = single_line("Lệ phí (miễn theo quy định)", 0);
    let (_dir, pdf) = render(&data, "fee-free");
    let text = common::pdftotext(&pdf, Mode::Plain, None);
    assert!(text.contains("Tổng số tiền: 0 đồng"), "{text}");
    assert!(text.contains("Số tiền bằng chữ: Không đồng"), "{text}");
}

#[test]
fn amounts_that_do_not_add_up_are_errors() {
    let mut data = samples::fee_receipt();
    data.total = 100_000;
    match render_fee_receipt(&data) {
        Err(DocumentError::Invalid { field, reason }) => {
            assert_eq!(field, "total");
            assert!(reason.contains("105.000 đồng") && reason.contains("100.000 đồng"));
        }
        other => panic!("expected Invalid total, got {other:?}"),
    }
    let mut data = samples::fee_receipt();
    data.number = 100_000_000;
    assert!(matches!(
        render_fee_receipt(&data),
        Err(DocumentError::Invalid {
            field: "number",
            ..
        })
    ));
}

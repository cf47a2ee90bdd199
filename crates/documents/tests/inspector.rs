//! What a read of the forms against the templates found (issue 13): the header columns never
//! touch, nothing follows the closing "./.", Mẫu 04/05 are letters of the authority laid out as
//! NĐ 30/2020 lays out a letter, Mẫu 02/03 carry the applicant's contact lines, Mẫu 01 names the
//! owner and the proxy's authority and labels its fee line, the fee receipt carries the payer's
//! tax code. Every check reads the PDF back (pdftotext, with word boxes for the layout).

use motcua_documents::{
    render_apology, render_control_sheet, render_fee_receipt, render_handover, render_receipt,
    render_refusal, render_stop_notice, render_supplement_request,
};

mod common;
use common::{WordBox, samples};

const MM: f64 = 72.0 / 25.4;

/// A parent authority long enough to fill its header column.
const LONG_PARENT: &str = "ỦY BAN NHÂN DÂN XÃ TÂN PHÚ";

fn forms_with_long_headers() -> Vec<(&'static str, Vec<u8>)> {
    let mut supplement = samples::supplement();
    supplement.header.parent_authority = LONG_PARENT.into();
    let mut refusal = samples::refusal();
    refusal.header.parent_authority = LONG_PARENT.into();
    let apology = samples::apology();
    let stop = samples::stop_notice();
    let mut control = samples::control_sheet();
    control.header.parent_authority = LONG_PARENT.into();
    let mut handover = samples::handover();
    handover.header.parent_authority = LONG_PARENT.into();
    vec![
        (
            "supplement",
            render_supplement_request(&supplement).unwrap(),
        ),
        ("refusal", render_refusal(&refusal).unwrap()),
        ("apology", render_apology(&apology).unwrap()),
        ("stop", render_stop_notice(&stop).unwrap()),
        ("control-sheet", render_control_sheet(&control).unwrap()),
        ("handover", render_handover(&handover).unwrap()),
    ]
}

fn same_line(a: &WordBox, b: &WordBox) -> bool {
    a.page == b.page && a.y_min.max(b.y_min) < a.y_max.min(b.y_max)
}

#[test]
fn the_issuer_never_touches_the_national_name() {
    for (name, bytes) in forms_with_long_headers() {
        let (_dir, pdf) = common::save(&format!("inspector-header-{name}"), &bytes);
        let boxes = common::word_boxes(&pdf);
        let cong = boxes
            .iter()
            .find(|b| b.page == 1 && b.word == "CỘNG")
            .unwrap_or_else(|| panic!("{name}: no national name"));
        let left_end = boxes
            .iter()
            .filter(|b| same_line(b, cong) && b.x_max <= cong.x_min + 0.1)
            .map(|b| b.x_max)
            .fold(f64::MIN, f64::max);
        assert!(left_end > 0.0, "{name}: nothing left of the national name");
        let gap = cong.x_min - left_end;
        assert!(
            gap >= 2.5 * MM,
            "{name}: only {:.2} mm between the issuer and \"CỘNG HÒA\"",
            gap / MM
        );
    }
}

#[test]
fn nothing_of_the_text_follows_the_closing_mark() {
    for (name, bytes) in forms_with_long_headers() {
        if name == "control-sheet" {
            continue;
        }
        let (_dir, pdf) = common::save(&format!("inspector-closing-{name}"), &bytes);
        let raw = common::raw_text(&pdf);
        let hotline = raw
            .find("Đường dây nóng")
            .unwrap_or_else(|| panic!("{name}: no hotline: {raw}"));
        let closing = raw
            .rfind("./.")
            .unwrap_or_else(|| panic!("{name}: no closing mark: {raw}"));
        assert!(
            hotline < closing,
            "{name}: the hotline follows \"./.\": {raw}"
        );
    }
}

#[test]
fn authority_letters_put_recipients_and_the_head_side_by_side() {
    for (name, bytes) in [
        ("apology", render_apology(&samples::apology()).unwrap()),
        ("stop", render_stop_notice(&samples::stop_notice()).unwrap()),
    ] {
        let (_dir, pdf) = common::save(&format!("inspector-authority-{name}"), &bytes);
        assert_eq!(common::page_count(&pdf), 1, "{name}");
        common::assert_no_overlap_inside_page(&pdf);
        let boxes = common::word_boxes(&pdf);
        let find = |w: &str| {
            boxes
                .iter()
                .find(|b| b.word == w)
                .unwrap_or_else(|| panic!("{name}: no {w:?}"))
                .clone()
        };
        let recipients = find("Nơi");
        // The signer's title, not the "CHỦ" of the national name.
        let title = boxes
            .iter()
            .filter(|b| b.word == "CHỦ")
            .last()
            .unwrap_or_else(|| panic!("{name}: no title"))
            .clone();
        assert!(
            same_line(&recipients, &title),
            "{name}: {recipients:?} / {title:?}"
        );
        assert!(recipients.x_max < title.x_min, "{name}");
        // "Số: …/UBND-VP" sits under the issuer, left of the place and date.
        let number = find("Số:");
        let date = find("Tân");
        assert!(
            number.x_max < date.x_min || number.y_min > date.y_max,
            "{name}"
        );
        // The clerk does not sign the authority's letter.
        let raw = common::raw_text(&pdf);
        assert!(!raw.contains("NGƯỜI TIẾP NHẬN HỒ SƠ"), "{name}: {raw}");
    }
}

#[test]
fn supplement_and_refusal_carry_the_applicants_contact_lines() {
    let (_dir, pdf) = common::save(
        "inspector-contact-supplement",
        &render_supplement_request(&samples::supplement()).unwrap(),
    );
    common::assert_in_every_mode(
        &pdf,
        &[
            "Địa chỉ: Ấp 3, xã Tân Phú, tỉnh Đồng Nai",
            "Số điện thoại: 0912345678",
            "Email: hongdang@example.vn",
        ],
    );
    let (_dir, pdf) = common::save(
        "inspector-contact-refusal",
        &render_refusal(&samples::refusal()).unwrap(),
    );
    common::assert_in_every_mode(
        &pdf,
        &[
            "Địa chỉ: Ấp 3, xã Tân Phú, tỉnh Đồng Nai",
            "Số điện thoại: 0912345678",
        ],
    );
    // No email known: dots to fill in by hand.
    assert!(common::raw_text(&pdf).contains("Email: ........"));
}

#[test]
fn the_receipt_names_the_owner_the_proxy_and_labels_the_fee() {
    let mut data = common::sample();
    data.owner_name = Some("CÔNG TY TNHH THƯƠNG MẠI TÂN PHÚ".into());
    data.owner_identifier = "Mã số thuế: 3600123458".into();
    data.submitter_capacity = "Người được ủy quyền của chủ hồ sơ".into();
    data.authorisation = "Giấy ủy quyền số 12/2026/UQ ngày 02/02/2026".into();
    data.fee_text = "2 × 8.000 đồng (bản sao) = 16.000 đồng (Thu trước)".into();
    let (_dir, pdf) = common::save("inspector-receipt-owner", &render_receipt(&data).unwrap());
    let raw = common::raw_text(&pdf);
    for copy in 0..2 {
        let _ = copy;
        common::assert_contains_all(
            &raw,
            &[
                "Chủ hồ sơ: CÔNG TY TNHH THƯƠNG MẠI TÂN PHÚ (Mã số thuế: 3600123458)",
                "Người nộp hồ sơ là: Người được ủy quyền của chủ hồ sơ, theo Giấy ủy quyền số \
                 12/2026/UQ ngày 02/02/2026",
                "Phí, lệ phí: 2 × 8.000 đồng (bản sao) = 16.000 đồng (Thu trước)",
            ],
            "raw text",
        );
    }
    assert_eq!(raw.matches("Phí, lệ phí:").count(), 2, "both copies: {raw}");
    // A text that already names the fee is not labelled twice.
    let (_dir, pdf) = common::save(
        "inspector-receipt-fee",
        &render_receipt(&common::sample()).unwrap(),
    );
    let raw = common::raw_text(&pdf);
    assert!(raw.contains("Lệ phí: 8.000 đồng (Thu trước)"), "{raw}");
    assert!(!raw.contains("Phí, lệ phí: Lệ phí"), "{raw}");
}

#[test]
fn the_fee_receipt_carries_the_payers_tax_code() {
    let mut data = samples::fee_receipt();
    data.payer_name = "CÔNG TY TNHH THƯƠNG MẠI TÂN PHÚ".into();
    data.payer_tax_code = "0101234567".into();
    let (_dir, pdf) = common::save("inspector-fee-payer", &render_fee_receipt(&data).unwrap());
    let raw = common::raw_text(&pdf);
    common::assert_contains_all(
        &raw,
        &[
            "Họ tên người nộp tiền: CÔNG TY TNHH THƯƠNG MẠI TÂN PHÚ Địa chỉ: Ấp 3, xã Tân Phú, \
             tỉnh Đồng Nai Mã số thuế: 0101234567",
            // The collecting unit's own tax code, in its header.
            "Mã số thuế: 3600123458",
        ],
        "raw text",
    );
}

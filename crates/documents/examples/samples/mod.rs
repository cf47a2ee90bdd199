//! Sample data for Mẫu 02-06, the hand-over note and the fee receipt, shared by the
//! examples and the integration tests (`#[path]`-included there).
#![allow(dead_code)]

use chrono::{NaiveDate, NaiveDateTime};
use motcua_documents::{
    ApologyData, AuthoritySigner, ControlSheetData, ControlStep, FeeLine, FeeReceiptData,
    HandoverData, MissingItem, RefusalData, StopCause, StopNoticeData, SupplementRequestData,
};

pub const PARENT: &str = "UBND TỈNH ĐỒNG NAI";
pub const UNIT: &str = "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN PHÚ";
pub const CODE: &str = "000.00.31.H29-260205-0001";
pub const SUBMITTER: &str = "Nguyễn Thị Hồng Đặng";
pub const ADDRESS: &str = "Ấp 3, xã Tân Phú, tỉnh Đồng Nai";
pub const CLERK: &str = "Lê Thị Thu Hà";
pub const PROCEDURE: &str = "Đăng ký khai sinh có yếu tố nước ngoài";

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid sample date")
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    date(y, m, d)
        .and_hms_opt(h, min, 0)
        .expect("valid sample time")
}

fn item(name: &str, reason: &str) -> MissingItem {
    MissingItem {
        name: name.into(),
        reason: reason.into(),
    }
}

/// Mẫu 02 with three items, one of them listed twice.
pub fn supplement() -> SupplementRequestData {
    SupplementRequestData {
        header: motcua_documents::FormHeader {
            parent_authority: PARENT.into(),
            unit_name: UNIT.into(),
            place: "Tân Phú".into(),
            issued_on: date(2026, 3, 5),
        },
        code: CODE.into(),
        submitter_name: SUBMITTER.into(),
        submitter_address: ADDRESS.into(),
        submitter_phone: "0912345678".into(),
        submitter_email: "hongdang@example.vn".into(),
        procedure_name: PROCEDURE.into(),
        received_at: at(2026, 3, 5, 9, 32),
        missing: vec![
            item(
                "Giấy chứng sinh do cơ sở khám bệnh, chữa bệnh cấp",
                "Nộp bản photo không có chứng thực",
            ),
            item("Giấy chứng nhận kết hôn của cha, mẹ", "Chưa có trong hồ sơ"),
            item(
                "Giấy chứng sinh do cơ sở khám bệnh, chữa bệnh cấp",
                "Nộp bản photo không có chứng thực",
            ),
            item(
                "Văn bản ủy quyền có chứng thực",
                "Người nộp không phải cha, mẹ của trẻ",
            ),
        ],
        note: "Bổ sung trong thời hạn 10 ngày làm việc.".into(),
        clerk_name: CLERK.into(),
        clerk_phone: "0912345678".into(),
        clerk_email: "thuha@example.vn".into(),
        hotline: "0251 3822 222".into(),
    }
}

/// A document name long enough to wrap over several lines of a table cell.
pub fn long_name(i: u32) -> String {
    format!(
        "Văn bản số {i:02} xác nhận thông tin cư trú, tình trạng hôn nhân và giấy tờ chứng \
         minh quan hệ nhân thân kèm theo bản sao có chứng thực của cơ quan có thẩm quyền cấp"
    )
}

/// Twelve distinct missing items with long names (and reasons).
pub fn long_missing() -> Vec<MissingItem> {
    (1..=12)
        .map(|i| MissingItem {
            name: long_name(i),
            reason: format!(
                "Lý do {i:02}: bản sao chưa được chứng thực theo quy định, thông tin không \
                 khớp với tờ khai"
            ),
        })
        .collect()
}

/// Mẫu 03 with a dossier code.
pub fn refusal() -> RefusalData {
    RefusalData {
        header: motcua_documents::FormHeader {
            parent_authority: PARENT.into(),
            unit_name: UNIT.into(),
            place: "Tân Phú".into(),
            issued_on: date(2026, 2, 5),
        },
        code: Some(CODE.into()),
        submitter_name: SUBMITTER.into(),
        submitter_address: ADDRESS.into(),
        submitter_phone: "0912345678".into(),
        submitter_email: String::new(),
        procedure_name: PROCEDURE.into(),
        received_at: at(2026, 2, 5, 14, 5),
        reason: "Hồ sơ thuộc thẩm quyền giải quyết của Sở Tư pháp tỉnh Đồng Nai, không thuộc \
                 thẩm quyền của Ủy ban nhân dân xã Tân Phú"
            .into(),
        clerk_name: CLERK.into(),
        hotline: "0251 3822 222".into(),
    }
}

/// A fee receipt: two extracts of civil status and one certified copy.
pub fn fee_receipt() -> FeeReceiptData {
    FeeReceiptData {
        unit_name: UNIT.into(),
        parent_authority: PARENT.into(),
        place: "Tân Phú".into(),
        tax_code: Some("3600123458".into()),
        series: "BLP-26".into(),
        number: 123,
        issued_on: date(2026, 1, 9),
        payer_name: SUBMITTER.into(),
        payer_address: "Ấp 3, xã Tân Phú, tỉnh Đồng Nai".into(),
        payer_tax_code: String::new(),
        code: CODE.into(),
        procedure_name: "Cấp bản sao trích lục hộ tịch".into(),
        lines: vec![
            FeeLine {
                name: "Lệ phí cấp bản sao trích lục hộ tịch".into(),
                quantity: 2,
                unit_price: 8_000,
                amount: 16_000,
            },
            FeeLine {
                name: "Phí chứng thực bản sao từ bản chính (trang 1-2)".into(),
                quantity: 2,
                unit_price: 2_000,
                amount: 4_000,
            },
            FeeLine {
                name: "Phí chứng thực bản sao từ bản chính (từ trang 3)".into(),
                quantity: 85,
                unit_price: 1_000,
                amount: 85_000,
            },
        ],
        total: 105_000,
        amount_in_words: None,
        method: "Tiền mặt".into(),
        collector_name: CLERK.into(),
        e_receipt_note: Some("Biên lai điện tử: chờ phát hành khi có kết nối".into()),
    }
}

/// The competent authority that signs Mẫu 04 and Mẫu 05.
pub fn authority() -> AuthoritySigner {
    AuthoritySigner {
        parent: "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI".into(),
        name: "ỦY BAN NHÂN DÂN XÃ TÂN PHÚ".into(),
        symbol: "UBND-VP".into(),
        signer_title: "CHỦ TỊCH".into(),
        signer_name: "Trần Văn Minh".into(),
    }
}

/// Mẫu 04: the appointment of 12/02/2026 moves to 26/02/2026.
pub fn apology() -> ApologyData {
    ApologyData {
        header: motcua_documents::FormHeader {
            parent_authority: PARENT.into(),
            unit_name: UNIT.into(),
            place: "Tân Phú".into(),
            issued_on: date(2026, 2, 11),
        },
        code: CODE.into(),
        submitter_name: SUBMITTER.into(),
        procedure_name: PROCEDURE.into(),
        received_at: at(2026, 2, 5, 9, 32),
        old_due_at: at(2026, 2, 12, 9, 32),
        new_due_at: at(2026, 2, 26, 9, 32),
        reason: "Cần xác minh thông tin hộ tịch của người mẹ tại Sở Tư pháp tỉnh Đồng Nai".into(),
        authority: authority(),
        clerk_name: CLERK.into(),
        hotline: "0251 3822 222".into(),
    }
}

/// Mẫu 05: withdrawn at the citizen's request.
pub fn stop_notice() -> StopNoticeData {
    StopNoticeData {
        header: motcua_documents::FormHeader {
            parent_authority: PARENT.into(),
            unit_name: UNIT.into(),
            place: "Tân Phú".into(),
            issued_on: date(2026, 2, 9),
        },
        code: CODE.into(),
        submitter_name: SUBMITTER.into(),
        procedure_name: PROCEDURE.into(),
        received_at: at(2026, 2, 5, 9, 32),
        cause: StopCause::Withdrawn,
        stopped_at: at(2026, 2, 9, 15, 10),
        reason: "Công dân đề nghị rút hồ sơ để bổ sung giấy tờ của người cha".into(),
        authority: authority(),
        clerk_name: CLERK.into(),
        hotline: "0251 3822 222".into(),
    }
}

/// A hand-off from `from` (handed over by `giver`) to `to` (received by `receiver`).
pub fn handoff(
    at: NaiveDateTime,
    from: &str,
    to: &str,
    giver: &str,
    receiver: &str,
    note: &str,
    result: &str,
) -> ControlStep {
    ControlStep {
        at,
        from_body: from.into(),
        to_body: to.into(),
        giver: giver.into(),
        receiver: receiver.into(),
        actor: CLERK.into(),
        action: note.into(),
        result: result.into(),
    }
}

pub const DESK: &str = "Bộ phận Một cửa";
pub const DECIDING: &str = "Công chức Tư pháp - Hộ tịch, UBND xã Tân Phú";

/// Mẫu 06 with three hand-offs, the result before its appointment, not yet handed out.
pub fn control_sheet() -> ControlSheetData {
    ControlSheetData {
        header: motcua_documents::FormHeader {
            parent_authority: PARENT.into(),
            unit_name: UNIT.into(),
            place: "Tân Phú".into(),
            issued_on: date(2026, 2, 11),
        },
        code: CODE.into(),
        submitter_name: SUBMITTER.into(),
        procedure_name: PROCEDURE.into(),
        received_at: at(2026, 2, 5, 9, 32),
        due_at: Some(at(2026, 2, 12, 9, 32)),
        deciding_body: DECIDING.into(),
        cooperating_bodies: String::new(),
        steps: vec![
            handoff(
                at(2026, 2, 5, 9, 32),
                "Người nộp hồ sơ",
                DESK,
                SUBMITTER,
                CLERK,
                "Tiếp nhận hồ sơ",
                "",
            ),
            handoff(
                at(2026, 2, 5, 14, 0),
                DESK,
                DECIDING,
                CLERK,
                "",
                "Chuyển xử lý",
                "",
            ),
            handoff(
                at(2026, 2, 11, 16, 45),
                DECIDING,
                DESK,
                "Phạm Văn Long",
                CLERK,
                "Có kết quả",
                "Trước hạn",
            ),
        ],
        closed: false,
        clerk_name: CLERK.into(),
    }
}

/// The hand-over note of a result collected by a proxy.
pub fn handover() -> HandoverData {
    HandoverData {
        header: motcua_documents::FormHeader {
            parent_authority: PARENT.into(),
            unit_name: UNIT.into(),
            place: "Tân Phú".into(),
            issued_on: date(2026, 2, 12),
        },
        code: CODE.into(),
        procedure_name: PROCEDURE.into(),
        owner_name: SUBMITTER.into(),
        received_at: at(2026, 2, 5, 9, 32),
        due_at: Some(at(2026, 2, 12, 9, 32)),
        recipient_name: "Phạm Văn Đức".into(),
        recipient_id_number: "036085001234".into(),
        is_proxy: true,
        authorisation: Some(
            "Giấy ủy quyền số 12/2026, UBND xã Tân Phú chứng thực ngày 10/02/2026".into(),
        ),
        handed_at: at(2026, 2, 12, 8, 15),
        clerk_name: CLERK.into(),
        hotline: "0251 3822 222".into(),
    }
}

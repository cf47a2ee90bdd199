//! Renders sample forms:
//! `cargo run -p motcua-documents --example render_sample -- OUT.pdf [FORM] [long]`
//!
//! FORM is `receipt` (Mẫu 01, the default), `supplement` (Mẫu 02), `refusal`
//! (Mẫu 03), `apology` (Mẫu 04), `stop` (Mẫu 05), `control-sheet` (Mẫu 06),
//! `handover` (biên nhận trả kết quả) or `fee` (biên lai thu phí, lệ phí); `long` gives the receipt and
//! Mẫu 02 twelve long document names. `OUT.pdf receipt long` and the older
//! `OUT.pdf long` are the same.

use chrono::{NaiveDate, NaiveDateTime};
use motcua_documents::{
    DocumentError, DocumentLine, Person, ReceiptData, render_apology, render_control_sheet,
    render_fee_receipt, render_handover, render_receipt, render_refusal, render_stop_notice,
    render_supplement_request,
};

mod samples;

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .and_then(|date| date.and_hms_opt(h, min, 0))
        .expect("valid sample date")
}

fn sample(long: bool) -> ReceiptData {
    let mut documents = vec![
        DocumentLine {
            name: "Tờ khai đăng ký khai sinh (theo mẫu)".into(),
            original: 1,
            certified: 0,
            photocopy: 0,
        },
        DocumentLine {
            name: "Giấy chứng sinh do cơ sở y tế cấp".into(),
            original: 1,
            certified: 0,
            photocopy: 0,
        },
        DocumentLine {
            name: "Giấy chứng nhận kết hôn của cha, mẹ".into(),
            original: 0,
            certified: 1,
            photocopy: 1,
        },
    ];
    if long {
        documents = (1..=12)
            .map(|i| DocumentLine {
                name: format!(
                    "Văn bản số {i} về việc xác nhận thông tin cư trú, tình trạng hôn nhân \
                     và các giấy tờ chứng minh quan hệ nhân thân kèm theo bản sao có chứng thực \
                     của cơ quan có thẩm quyền"
                ),
                original: 1,
                certified: i % 3,
                photocopy: i % 2,
            })
            .collect();
    }
    ReceiptData {
        parent_authority: "UBND TỈNH ĐỒNG NAI".into(),
        unit_name: "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN PHÚ".into(),
        place: "Tân Phú".into(),
        code: "000.00.31.H29-260205-0001".into(),
        issued_on: NaiveDate::from_ymd_opt(2026, 2, 5).expect("valid date"),
        submitter: Person {
            honorific: "Bà".into(),
            full_name: "Nguyễn Thị Hồng Đặng".into(),
            address: "Ấp 3, xã Tân Phú, tỉnh Đồng Nai".into(),
            phone: "0912345678".into(),
            email: "hongdang@example.vn".into(),
            id_number: "075190001234".into(),
        },
        owner_name: Some("Trần Văn Bình".into()),
        owner_identifier: String::new(),
        submitter_capacity: String::new(),
        authorisation: String::new(),
        procedure_name: "Đăng ký khai sinh".into(),
        documents,
        sets_count: 1,
        duration_text: "05 ngày làm việc".into(),
        received_at: at(2026, 2, 5, 9, 32),
        due_at: Some(at(2026, 2, 12, 9, 32)),
        delivery_text: "Tại Bộ phận Một cửa".into(),
        fee_text: "Lệ phí: 8.000 đồng (Thu trước)".into(),
        ledger_book: "01/2026".into(),
        ledger_number: 361,
        lookup_url: "https://dichvucong.example.vn/tra-cuu?ma=000.00.31.H29-260205-0001".into(),
        hotline: "0251 3822 222".into(),
        clerk_name: "Lê Thị Thu Hà".into(),
        corrected_on: None,
    }
}

fn render(form: &str, long: bool) -> Result<Vec<u8>, DocumentError> {
    match form {
        "supplement" => {
            let mut data = samples::supplement();
            if long {
                data.missing = samples::long_missing();
            }
            render_supplement_request(&data)
        }
        "refusal" => render_refusal(&samples::refusal()),
        "fee" => render_fee_receipt(&samples::fee_receipt()),
        "apology" => render_apology(&samples::apology()),
        "stop" => render_stop_notice(&samples::stop_notice()),
        "control-sheet" => render_control_sheet(&samples::control_sheet()),
        "handover" => render_handover(&samples::handover()),
        _ => render_receipt(&sample(long)),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = args
        .first()
        .cloned()
        .unwrap_or_else(|| "/tmp/receipt-sample.pdf".into());
    let rest = args.get(1..).unwrap_or_default();
    let long = rest.iter().any(|a| a == "long");
    let form = rest
        .iter()
        .find(|a| *a != "long")
        .map_or("receipt", String::as_str);
    const FORMS: [&str; 8] = [
        "receipt",
        "supplement",
        "refusal",
        "apology",
        "stop",
        "control-sheet",
        "handover",
        "fee",
    ];
    if !FORMS.contains(&form) {
        eprintln!("unknown form {form:?}: use {}", FORMS.join(", "));
        std::process::exit(2);
    }
    match render(form, long) {
        Ok(bytes) => {
            if let Err(e) = std::fs::write(&out, &bytes) {
                eprintln!("cannot write {out}: {e}");
                std::process::exit(1);
            }
            println!("{out}: {} bytes", bytes.len());
        }
        Err(e) => {
            eprintln!("render failed: {e}");
            std::process::exit(1);
        }
    }
}

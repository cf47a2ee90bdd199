//! Đo thời gian dựng giấy tiếp nhận: renders 200 receipts and prints
//! "receipt render: p50 X ms, p99 Y ms, size Z bytes".
//!
//! `cargo run --release -p motcua-documents --example bench_receipt`

use std::time::Instant;

use chrono::{NaiveDate, NaiveDateTime};
use motcua_documents::{DocumentLine, Person, ReceiptData, render_receipt};

const RUNS: usize = 200;

fn at(d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 2, d)
        .and_then(|date| date.and_hms_opt(h, min, 0))
        .unwrap_or_default()
}

fn receipt(i: usize) -> ReceiptData {
    let code = format!("000.00.31.H29-260205-{:04}", i + 1);
    ReceiptData {
        parent_authority: "UBND TỈNH ĐỒNG NAI".into(),
        unit_name: "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN PHÚ".into(),
        place: "Tân Phú".into(),
        issued_on: NaiveDate::from_ymd_opt(2026, 2, 5).unwrap_or_default(),
        submitter: Person {
            honorific: "Bà".into(),
            full_name: format!("Nguyễn Thị Hồng Đặng {i}"),
            address: "Ấp 3, xã Tân Phú, tỉnh Đồng Nai".into(),
            phone: "0912345678".into(),
            email: "hongdang@example.vn".into(),
            id_number: "075190001234".into(),
        },
        owner_name: None,
        owner_identifier: String::new(),
        submitter_capacity: String::new(),
        authorisation: String::new(),
        procedure_name: "Đăng ký khai sinh".into(),
        documents: vec![
            DocumentLine {
                name: "Tờ khai đăng ký khai sinh (theo mẫu)".into(),
                original: 1,
                ..Default::default()
            },
            DocumentLine {
                name: "Giấy chứng sinh do cơ sở y tế cấp".into(),
                original: 1,
                ..Default::default()
            },
            DocumentLine {
                name: "Giấy chứng nhận kết hôn của cha, mẹ".into(),
                certified: 1,
                photocopy: 1,
                ..Default::default()
            },
        ],
        sets_count: 1,
        duration_text: "05 ngày làm việc".into(),
        received_at: at(5, 9, 32),
        due_at: Some(at(12, 9, 32)),
        delivery_text: "Tại Bộ phận Một cửa".into(),
        fee_text: "Lệ phí: 8.000 đồng (Thu trước)".into(),
        ledger_book: "01/2026".into(),
        ledger_number: 361,
        lookup_url: format!("https://dichvucong.example.vn/tra-cuu?ma={code}"),
        code,
        hotline: "0251 3822 222".into(),
        clerk_name: "Lê Thị Thu Hà".into(),
        corrected_on: None,
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    let idx = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted.get(idx).copied().unwrap_or(f64::NAN)
}

fn main() {
    let mut times = Vec::with_capacity(RUNS);
    let mut size = 0;
    for i in 0..RUNS {
        let data = receipt(i);
        let start = Instant::now();
        match render_receipt(&data) {
            Ok(bytes) => size = bytes.len(),
            Err(e) => {
                eprintln!("render failed: {e}");
                std::process::exit(1);
            }
        }
        times.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "receipt render: p50 {:.1} ms, p99 {:.1} ms, size {} bytes",
        percentile(&times, 0.50),
        percentile(&times, 0.99),
        size
    );
}

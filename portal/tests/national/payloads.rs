//! The payloads, field by field, against `tests/fixtures/national/*.json`.

use motcua_portal::national::codes::DuocTaiSuDung;
use motcua_portal::national::payload::{
    self, DossierFacts, Sector, StepFacts, StepKind, SubmittedFile, SupplementRound,
};
use motcua_protocol::status::Status;
use serde_json::{Value, json};

use crate::stand_in::{check, field_table};

fn fixture(name: &str) -> Value {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/national")
        .join(name);
    let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
    serde_json::from_str(&text).expect("fixture JSON")
}

/// Compares field by field so a failure names the field.
fn same_fields(got: &Value, want: &Value, path: &str) {
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => {
            let gk: Vec<_> = g.keys().collect();
            let wk: Vec<_> = w.keys().collect();
            assert_eq!(gk, wk, "{path}: field names and order");
            for (k, wv) in w {
                same_fields(&g[k], wv, &format!("{path}.{k}"));
            }
        }
        (Value::Array(g), Value::Array(w)) => {
            assert_eq!(g.len(), w.len(), "{path}: list length");
            for (i, (a, b)) in g.iter().zip(w).enumerate() {
                same_fields(a, b, &format!("{path}[{i}]"));
            }
        }
        _ => assert_eq!(got, want, "{path}"),
    }
}

fn valid(kind: &str, v: &Value) {
    let mut problems = Vec::new();
    check(&field_table(), kind, v, kind, &mut problems);
    assert!(problems.is_empty(), "{problems:#?}");
}

fn rounds() -> Vec<SupplementRound> {
    vec![SupplementRound {
        requested_by: "Nguyễn Văn Bình".into(),
        requested_at: Some("2026-11-25T02:00:00Z".into()),
        content: "Thiếu giấy chứng sinh bản chính".into(),
        received_by: "Trần Thị Hoa".into(),
        received_at: Some("2026-11-26T03:15:00Z".into()),
        received_note: "Đã nhận đủ".into(),
        old_due_at: Some("2026-11-27T10:00:00Z".into()),
        new_due_at: Some("2026-11-30T10:00:00Z".into()),
    }]
}

fn sector() -> Sector {
    Sector {
        code: "".into(),
        name: "Hộ tịch".into(),
    }
}

fn handed_out<'a>(
    created: &'a Value,
    sector: &'a Sector,
    rounds: &'a [SupplementRound],
) -> DossierFacts<'a> {
    DossierFacts {
        created,
        status: Status::HandedOut,
        unit_name: "UBND xã Tân Phú",
        sector,
        fee_text: "8.000 đồng/bản sao",
        due_at: Some("2026-11-30T10:00:00Z"),
        finished_at: Some("2026-11-30T08:00:00Z"),
        handed_out_at: Some("2026-11-30T09:05:00Z"),
        supplements: rounds,
        files: &[],
    }
}

#[test]
fn dossier_matches_the_fixture_field_by_field() {
    let created = fixture("desk-create-payload.json");
    let (s, r) = (sector(), rounds());
    let got = payload::dossier(&handed_out(&created, &s, &r));
    if std::env::var("MOTCUA_BLESS").is_ok() {
        println!("{}", serde_json::to_string_pretty(&got).unwrap());
    }
    same_fields(&got, &fixture("dossier.json"), "HoSo");
    valid("HoSo", &got);
}

#[test]
fn every_scalar_is_a_string_and_empty_is_empty_string() {
    fn walk(v: &Value, path: &str) {
        match v {
            Value::Object(m) => m.iter().for_each(|(k, x)| walk(x, &format!("{path}.{k}"))),
            Value::Array(a) => a
                .iter()
                .enumerate()
                .for_each(|(i, x)| walk(x, &format!("{path}[{i}]"))),
            Value::String(_) => {}
            other => panic!("{path} is {other}, not a string"),
        }
    }
    let mut created = fixture("desk-create-payload.json");
    // A dossier still being processed: no appointment, no end, no hand-out, no e-mail.
    created["submitter"]["email"] = Value::Null;
    created["due_at"] = Value::Null;
    let s = sector();
    let got = payload::dossier(&DossierFacts {
        status: Status::InProcessing,
        due_at: None,
        finished_at: None,
        handed_out_at: None,
        supplements: &[],
        ..handed_out(&created, &s, &[])
    });
    walk(&got, "HoSo");
    for k in [
        "NgayHenTra",
        "NgayKetThucXuLy",
        "NgayTra",
        "Email",
        "NgayTuChoi",
        "MaLinhVuc",
    ] {
        assert_eq!(got[k], "", "{k}");
    }
    assert_eq!(got["TrangThaiHoSo"], "4");
    valid("HoSo", &got);
}

#[test]
fn fees_are_sent_only_when_collected_with_their_kind() {
    let mut created = fixture("desk-create-payload.json");
    let s = sector();
    let got = payload::dossier(&handed_out(&created, &s, &[]));
    assert_eq!(
        got["DanhSachLePhi"],
        json!([{ "TenPhiLePhi": "Lệ phí Thủ tục đăng ký khai sinh", "MaPhiLePhi": "", "HinhThucThu": "1", "Gia": "8000", "LoaiPhiLePhi": "1" }])
    );
    let phi = payload::dossier(&DossierFacts {
        fee_text: "Phí chứng thực: 2.000 đồng/trang",
        ..handed_out(&created, &s, &[])
    });
    assert_eq!(phi["DanhSachLePhi"][0]["LoaiPhiLePhi"], "2");
    for state in ["due-at-result", "exempt", "", "waived"] {
        created["fee_state"] = json!(state);
        let got = payload::dossier(&handed_out(&created, &s, &[]));
        assert_eq!(got["DanhSachLePhi"], json!([]), "fee_state {state}");
    }
}

#[test]
fn owner_kinds_and_identity_numbers_use_the_national_codes() {
    let mut created = fixture("desk-create-payload.json");
    let s = sector();
    let cases = [
        (
            "citizen",
            "001190012345",
            "1",
            json!([{ "LoaiDinhDanh": "1", "SoDinhDanh": "001190012345" }]),
        ),
        (
            "citizen",
            "123456789",
            "1",
            json!([{ "LoaiDinhDanh": "2", "SoDinhDanh": "123456789" }]),
        ),
        // A tax code is not an old 9-digit ID: no DinhDanhCHS entry, kept in SoGiayToChuHoSo.
        ("business", "0312345678", "2", json!([])),
        ("agency", "0312345678", "3", json!([])),
        ("organisation", "0312345678", "4", json!([])),
        ("other", "", "4", json!([])),
    ];
    for (kind, number, code, ids) in cases {
        created["owner_kind"] = json!(kind);
        created["submitter"]["id_number"] = json!(number);
        let got = payload::dossier(&handed_out(&created, &s, &[]));
        assert_eq!(got["LoaiDoiTuong"], code, "{kind}");
        assert_eq!(got["DinhDanhCHS"], ids, "{kind} {number}");
        assert_eq!(got["SoGiayToChuHoSo"], number);
    }
    created["delivery"] = json!("post");
    created["channel"] = json!("post");
    let got = payload::dossier(&handed_out(&created, &s, &[]));
    assert_eq!(
        (got["HinhThuc"].as_str(), got["KenhThucHien"].as_str()),
        (Some("1"), Some("3"))
    );
}

#[test]
fn digitised_files_go_to_tai_lieu_nop_per_file() {
    let created = fixture("desk-create-payload.json");
    let s = sector();
    let files = [SubmittedFile {
        id: "f-1".into(),
        name: "To khai.pdf".into(),
        deleted: false,
        component_code: "".into(),
        url: "https://congdvc.example.gov.vn/tep/f-1".into(),
        digitised: true,
        reused: DuocTaiSuDung::Khong,
        from_national_store: false,
        replaces_result_code: "".into(),
    }];
    let none = payload::dossier(&handed_out(&created, &s, &[]));
    assert_eq!(
        (
            none["TaiLieuNop"].clone(),
            none["HoSoCoThanhPhanSoHoa"].clone()
        ),
        (json!([]), json!("0"))
    );
    let got = payload::dossier(&DossierFacts {
        files: &files,
        ..handed_out(&created, &s, &[])
    });
    assert_eq!(got["HoSoCoThanhPhanSoHoa"], "1");
    assert_eq!(
        got["TaiLieuNop"],
        json!([{ "TepDinhKemId": "f-1", "TenTepDinhKem": "To khai.pdf", "IsDeleted": "0", "MaThanhPhanHoSo": "",
                 "DuongDanTaiTepTin": "https://congdvc.example.gov.vn/tep/f-1", "DuocSoHoa": "1", "DuocTaiSuDung": "0",
                 "DuocLayTuKhoDMQG": "0", "MaKetQuaThayThe": "" }])
    );
    valid("HoSo", &got);
}

#[test]
fn steps_match_the_fixture_and_speak_vietnamese() {
    let code = "000.00.31.H29-261124-0003";
    let at = [
        "2026-11-24T01:32:00Z",
        "2026-11-25T02:00:00Z",
        "2026-11-26T03:15:00Z",
        "2026-11-30T08:00:00Z",
        "2026-11-30T09:05:00Z",
    ];
    let steps = [
        (
            StepKind::Create,
            Some(Status::Received),
            "",
            "",
            Status::Received,
        ),
        (
            StepKind::Pause,
            Some(Status::SupplementRequested),
            "Nguyễn Văn Bình",
            "Thiếu giấy chứng sinh",
            Status::SupplementRequested,
        ),
        (
            StepKind::Resume,
            Some(Status::Received),
            "Trần Thị Hoa",
            "",
            Status::Received,
        ),
        (
            StepKind::Status,
            Some(Status::ResultReady),
            "Nguyễn Văn Bình",
            "Trình ký kết quả",
            Status::ResultReady,
        ),
        (
            StepKind::DueOverride,
            None,
            "Lê Văn Chung",
            "",
            Status::ResultReady,
        ),
    ];
    let got: Vec<Value> = steps
        .iter()
        .zip(at)
        .map(|((kind, to, by, note, after), at)| {
            payload::step(&StepFacts {
                code,
                kind: *kind,
                by,
                department: "Bộ phận tiếp nhận và trả kết quả",
                note,
                at,
                to: *to,
                status_after: *after,
            })
        })
        .collect();
    if std::env::var("MOTCUA_BLESS").is_ok() {
        println!("{}", serde_json::to_string_pretty(&got).unwrap());
    }
    same_fields(
        &Value::Array(got.clone()),
        &fixture("steps.json"),
        "QuaTrinhXuLy",
    );
    for s in &got {
        valid("QuaTrinhXuLy", s);
        let text = s["NoiDungXuLy"].as_str().unwrap();
        for word in ["pause", "resume", "create", "status", "due-override"] {
            assert!(!text.contains(word), "{text}");
        }
    }
}

/// The field table (which the payload tests and the stand-in check) has exactly the Thanh Hóa
/// DTOs' fields, and every field opencps-v2 sends.
#[test]
fn the_field_table_is_the_public_implementations_fields() {
    let table = field_table();
    let shapes = fixture("public-shapes.json");
    let names = |v: &Value| -> std::collections::BTreeSet<String> {
        v.as_object().unwrap().keys().cloned().collect()
    };
    for (kind, fields) in shapes["thanhhoa"].as_object().unwrap() {
        let want: std::collections::BTreeSet<String> = fields
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f.as_str().unwrap().to_string())
            .collect();
        assert_eq!(names(&table[kind]), want, "{kind}: Thanh Hóa's fields");
    }
    for (kind, fields) in shapes["opencps"].as_object().unwrap() {
        for f in fields.as_array().unwrap() {
            assert!(
                table[kind].get(f.as_str().unwrap()).is_some(),
                "{kind}.{f}: opencps sends it"
            );
        }
    }
}

//! The forms of real dossiers read back against the templates (issue 13): Mẫu 01 names a
//! business owner with its tax code and the proxy's authorisation and labels its fee line;
//! Mẫu 02 gives one reason per document and the shared reason once, with the applicant's
//! contact lines; Mẫu 04/05 are letters of the competent authority signed by its head as set
//! with `motcua unit set-signer`; Mẫu 06 exists from intake with the template's columns;
//! Mẫu 07 has every column of the template (PDF and XLSX, read back with calamine); the fee
//! receipt carries the payer's and the unit's tax codes; an admin switches an online-only flag
//! and the decision survives a catalogue re-import; the demo catalogue's corrected data.

mod common;

use std::process::Command;

use calamine::{Reader, Xlsx};
use chrono::{DateTime, NaiveDate, Utc};
use common::{TestDesk, demo_desk, intake_input, json, motcua, motcua_as};
use motcua::dossier::Status;
use motcua::dto::{Applicant, MissingItem};
use motcua::forms::{self, FormKind};
use motcua::{
    clock, dossier::due_change, dossier::intake, dossier::lifecycle, reference::catalogue,
    reports::ledger,
};

fn at(s: &str) -> DateTime<Utc> {
    clock::parse(s).expect("test time")
}

fn raw_text(bytes: &[u8]) -> String {
    common::pdf_raw_text(bytes)
}

async fn form(d: &TestDesk, kind: FormKind, code: &str) -> String {
    let (_, pdf) = forms::pdf(&d.db, &d.session, kind, code).await.unwrap();
    raw_text(&pdf)
}

const COMPANY: &str = "CÔNG TY TNHH THƯƠNG MẠI TÂN PHÚ";
const TAX_CODE: &str = "0101234565";

/// 2 × trích lục (2.000635, 8.000 đồng each) for a business, filed by a proxy, fee collected.
async fn business_by_proxy(d: &TestDesk) -> String {
    let mut input = intake_input("2.000635", Some("2026-03-02T14:20:00+07:00"));
    input.owner_kind = Some("business".into());
    input.owner = Some(Applicant {
        full_name: COMPANY.into(),
        id_number: TAX_CODE.into(),
        phone: "0251 3822 999".into(),
        email: String::new(),
        address: "Lô 5, Khu công nghiệp Tân Phú, tỉnh Đồng Nai".into(),
    });
    input.submitter_role = Some("proxy".into());
    input.authorisation = Some("Giấy ủy quyền số 12/2026/UQ ngày 02/3/2026".into());
    input.fee = Some(motcua::reference::fees::FeeInput {
        copies: 2,
        ..Default::default()
    });
    let v = intake::save(&d.db, &d.session, &input, at("2026-03-02T14:20:00+07:00"))
        .await
        .unwrap();
    v.summary.code
}

#[tokio::test]
async fn the_receipt_and_the_fee_receipt_identify_the_owner() {
    let d = demo_desk().await;
    let code = business_by_proxy(&d).await;
    let raw = form(&d, FormKind::Receipt, &code).await;
    for needle in [
        format!("Chủ hồ sơ: {COMPANY} (Mã số thuế: {TAX_CODE})"),
        "Người nộp hồ sơ là: Người được ủy quyền của chủ hồ sơ, theo Giấy ủy quyền số \
         12/2026/UQ ngày 02/3/2026"
            .to_string(),
        "Phí, lệ phí: 2 × 8.000 đồng".to_string(),
    ] {
        assert_eq!(
            raw.matches(&needle).count(),
            2,
            "both copies: {needle}\n{raw}"
        );
    }
    // The unit's tax code, set by the administrator, and the payer's on the fee receipt.
    let o = motcua_as(
        &d.path,
        "admin",
        &["unit", "set-tax-code", "3600123458", "--json"],
    );
    assert!(!o.status.success(), "a wrong check digit is refused");
    let o = motcua_as(
        &d.path,
        "admin",
        &["unit", "set-tax-code", "0100109106", "--json"],
    );
    assert_eq!(json(&o)["tax_code"], "0100109106");
    let raw = form(&d, FormKind::FeeReceipt, &code).await;
    assert!(raw.contains("Mã số thuế: 0100109106"), "{raw}");
    assert!(
        raw.contains(&format!(
            "Họ tên người nộp tiền: {COMPANY} Địa chỉ: Lô 5, Khu công nghiệp Tân Phú, tỉnh \
             Đồng Nai Mã số thuế: {TAX_CODE}"
        )),
        "{raw}"
    );
}

#[tokio::test]
async fn an_exemption_and_an_unknown_fee_read_as_an_inspector_expects() {
    let d = demo_desk().await;
    let mut input = intake_input("2.000635", None);
    input.fee = Some(motcua::reference::fees::FeeInput {
        exempt_reason: Some("Hộ nghèo".into()),
        ..Default::default()
    });
    let v = intake::save(&d.db, &d.session, &input, Utc::now())
        .await
        .unwrap();
    let raw = form(&d, FormKind::Receipt, &v.summary.code).await;
    assert!(
        raw.contains("Phí, lệ phí: Miễn thu; đối tượng được miễn: Hộ nghèo"),
        "{raw}"
    );
    assert!(!raw.contains("(Miễn)"), "{raw}");
    // 1.004873: the People's Council decides the fee; the demo catalogue has no source for one.
    let v = intake::save(
        &d.db,
        &d.session,
        &intake_input("1.004873", None),
        Utc::now(),
    )
    .await
    .unwrap();
    let raw = form(&d, FormKind::Receipt, &v.summary.code).await;
    assert!(
        raw.contains("Phí, lệ phí: Không thu khi tiếp nhận hồ sơ"),
        "{raw}"
    );
    assert!(!raw.contains("chưa xác định"), "{raw}");
}

#[test]
fn supplement_request_has_a_reason_per_document_and_the_contact_lines() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.sqlite");
    let init = Command::new(env!("CARGO_BIN_EXE_motcua"))
        .args(["--db", db.to_str().unwrap(), "init", "--demo"])
        .env("MOTCUA_PASSWORD", common::PASSWORD)
        .env("MOTCUA_KEY_STORE", "file")
        .output()
        .unwrap();
    assert!(
        init.status.success(),
        "{}",
        String::from_utf8_lossy(&init.stderr)
    );
    let o = motcua(
        &db,
        &[
            "intake",
            "--procedure",
            "2.000635",
            "--name",
            "Lê Văn Bình",
            "--id-number",
            "079095000111",
            "--phone",
            "0912345678",
            "--outcome",
            "supplement",
            "--missing",
            "Tờ khai cấp bản sao trích lục",
            "--missing-reason",
            "Chưa ký tên",
            "--missing",
            "Văn bản ủy quyền",
            "--missing-reason",
            "Chưa chứng thực",
            "--json",
        ],
    );
    let v = json(&o);
    let code = v["code"].as_str().unwrap().to_string();
    let file = dir.path().join("m02.pdf");
    let o = motcua(
        &db,
        &[
            "form",
            "supplement-request",
            &code,
            "-o",
            file.to_str().unwrap(),
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let raw = raw_text(&std::fs::read(&file).unwrap());
    assert!(
        raw.contains("1 Tờ khai cấp bản sao trích lục Chưa ký tên"),
        "{raw}"
    );
    assert!(raw.contains("2 Văn bản ủy quyền Chưa chứng thực"), "{raw}");
    assert!(raw.contains("Số điện thoại: 0912345678"), "{raw}");
    assert!(raw.contains("Địa chỉ: ...."), "{raw}");
    assert!(raw.contains("Email: ...."), "{raw}");
}

#[test]
fn one_reason_for_every_document_is_printed_once() {
    let missing = [
        MissingItem {
            name: "Giấy chứng sinh".into(),
            reason: "Chưa có bản chính".into(),
        },
        MissingItem {
            name: "Tờ khai".into(),
            reason: "Chưa có bản chính".into(),
        },
    ];
    let (items, overall) = forms::supplement_reasons(&missing);
    assert_eq!(overall, "Chưa có bản chính");
    assert!(items.iter().all(|i| i.reason.is_empty()));
}

async fn received(d: &TestDesk) -> String {
    catalogue::import(&d.db, &d.admin, common::TEST_CATALOGUE, Utc::now())
        .await
        .unwrap();
    intake::save(
        &d.db,
        &d.session,
        &intake_input("9.999001", Some("2026-02-12T09:00:00+07:00")),
        at("2026-02-12T09:00:00+07:00"),
    )
    .await
    .unwrap()
    .summary
    .code
}

#[tokio::test]
async fn apology_and_stop_notice_are_letters_of_the_authority() {
    let d = demo_desk().await;
    let code = received(&d).await;
    let o = motcua_as(
        &d.path,
        "admin",
        &[
            "unit",
            "set-signer",
            "--issuer",
            "ỦY BAN NHÂN DÂN XÃ TÂN PHÚ",
            "--parent",
            "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI",
            "--symbol",
            "UBND-VP",
            "--title",
            "CHỦ TỊCH",
            "--name",
            "Trần Văn Minh",
            "--json",
        ],
    );
    assert_eq!(json(&o)[0]["signer_title"], "CHỦ TỊCH");
    // A clerk may not change who signs.
    let o = motcua(
        &d.path,
        &["unit", "set-signer", "--issuer", "X", "--title", "Y"],
    );
    assert!(!o.status.success());
    due_change::extend(
        &d.db,
        &d.session,
        &code,
        "2026-03-05T09:00:00+07:00",
        "Cần xác minh thông tin hộ tịch",
        at("2026-02-25T10:00:00+07:00"),
    )
    .await
    .unwrap();
    let raw = form(&d, FormKind::Apology, &code).await;
    for needle in [
        "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI",
        "ỦY BAN NHÂN DÂN XÃ TÂN PHÚ",
        "Số: ............/UBND-VP",
        "Kính gửi: Ông/Bà Nguyễn Thị Hồng Đặng",
        "Ủy ban nhân dân xã Tân Phú xin lỗi Ông/Bà",
        "Nơi nhận: - Như trên; - Lưu: VT, hồ sơ.",
        "CHỦ TỊCH (Ký, ghi rõ họ tên và đóng dấu) Trần Văn Minh",
    ] {
        assert!(raw.contains(needle), "{needle}: {raw}");
    }
    assert!(!raw.contains("NGƯỜI TIẾP NHẬN HỒ SƠ"), "{raw}");
    // An authority of its own: the procedure's competent authority overrides the default.
    let o = motcua_as(
        &d.path,
        "admin",
        &[
            "unit",
            "set-signer",
            "--authority",
            "Ủy ban nhân dân cấp xã",
            "--issuer",
            "ỦY BAN NHÂN DÂN XÃ TÂN PHÚ",
            "--title",
            "KT. CHỦ TỊCH PHÓ CHỦ TỊCH",
            "--name",
            "Lê Thị Lan",
        ],
    );
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    lifecycle::withdraw(
        &d.db,
        &d.session,
        &code,
        "Công dân xin rút hồ sơ",
        at("2026-02-26T15:10:00+07:00"),
    )
    .await
    .unwrap();
    let raw = form(&d, FormKind::Stop, &code).await;
    assert!(raw.contains("KT. CHỦ TỊCH PHÓ CHỦ TỊCH"), "{raw}");
    assert!(raw.contains("Lê Thị Lan"), "{raw}");
    assert!(
        raw.contains("Kính gửi: Ông/Bà Nguyễn Thị Hồng Đặng"),
        "{raw}"
    );
    assert!(!raw.contains("NGƯỜI TIẾP NHẬN HỒ SƠ"), "{raw}");
    // Both settings were audited.
    let n: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'setting.signer'")
            .fetch_one(&d.db)
            .await
            .unwrap();
    assert_eq!(n, 2);
}

#[tokio::test]
async fn the_control_sheet_exists_from_intake_with_the_templates_columns() {
    let d = demo_desk().await;
    let code = received(&d).await;
    let raw = form(&d, FormKind::ControlSheet, &code).await;
    for needle in [
        "TÊN CƠ QUAN",
        "THỜI GIAN GIAO, NHẬN HỒ SƠ",
        "KẾT QUẢ GIẢI QUYẾT HỒ SƠ (Trước hạn/ đúng hạn/ quá hạn)",
        "Cơ quan (bộ phận) giải quyết hồ sơ: Ủy ban nhân dân cấp xã",
        "Cơ quan phối hợp giải quyết hồ sơ: ....",
        "1. Giao: Người nộp hồ sơ Nhận: Bộ phận Một cửa 09 giờ 00 phút, ngày 12/02/2026 Người \
         giao: Nguyễn Thị Hồng Đặng Người nhận: Trần Thị Mai",
        "2. Giao: ....",
    ] {
        assert!(raw.contains(needle), "{needle}: {raw}");
    }
    lifecycle::move_to(
        &d.db,
        &d.session,
        &code,
        Status::InProcessing,
        "",
        at("2026-02-12T10:00:00+07:00"),
    )
    .await
    .unwrap();
    lifecycle::move_to(
        &d.db,
        &d.session,
        &code,
        Status::ResultReady,
        "",
        at("2026-02-24T16:45:00+07:00"),
    )
    .await
    .unwrap();
    let raw = form(&d, FormKind::ControlSheet, &code).await;
    assert!(
        raw.contains(
            "2. Giao: Bộ phận Một cửa Nhận: Ủy ban nhân dân cấp xã 10 giờ 00 phút, ngày \
             12/02/2026 Người giao: Trần Thị Mai Người nhận: ...."
        ),
        "{raw}"
    );
    assert!(
        raw.contains(
            "3. Giao: Ủy ban nhân dân cấp xã Nhận: Bộ phận Một cửa 16 giờ 45 phút, ngày \
             24/02/2026 Người giao: .................. Người nhận: Trần Thị Mai Trước hạn"
        ),
        "{raw}"
    );
}

#[tokio::test]
async fn the_ledger_has_every_column_and_the_owner() {
    let d = demo_desk().await;
    let code = business_by_proxy(&d).await;
    let day = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let pdf = ledger::pdf(&d.db, &d.supervisor, day, day).await.unwrap();
    let raw = raw_text(&pdf);
    for needle in [
        "Số lượng hồ sơ (bộ)",
        "Tên cá nhân, tổ chức",
        "Địa chỉ, số điện thoại",
        "Cơ quan chủ trì giải quyết",
        "Chuyển hồ sơ đến cơ quan giải quyết (ngày, ký nhận)",
        "Nhận kết quả từ cơ quan giải quyết (ngày, ký nhận)",
        "Trả kết quả cho cá nhân, tổ chức (ngày, ký nhận)",
        "CÔNG TY TNHH THƯƠNG MẠI TÂN PHÚ (người nộp: Nguyễn Thị Hồng Đặng)",
        "Lô 5, Khu công nghiệp Tân Phú, tỉnh Đồng Nai; 02513822999",
        "Ủy ban nhân dân cấp xã",
    ] {
        assert!(raw.contains(needle), "{needle}: {raw}");
    }
    let bytes = ledger::xlsx(&d.db, &d.supervisor, day, day).await.unwrap();
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).expect("an xlsx workbook");
    let sheet = book
        .worksheet_range_at(0)
        .expect("a sheet")
        .expect("readable");
    let header: Vec<String> = sheet
        .rows()
        .next()
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(header, motcua::documents::LEDGER_COLUMNS);
    let row: Vec<String> = sheet
        .rows()
        .nth(1)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert_eq!(row[1], code);
    assert_eq!(row[3], "1");
    assert_eq!(
        row[4],
        "CÔNG TY TNHH THƯƠNG MẠI TÂN PHÚ (người nộp: Nguyễn Thị Hồng Đặng)"
    );
    assert_eq!(
        row[5],
        "Lô 5, Khu công nghiệp Tân Phú, tỉnh Đồng Nai; 02513822999"
    );
    assert_eq!(row[6], "Ủy ban nhân dân cấp xã");
    assert_eq!(row[12], "Đã tiếp nhận");
}

#[tokio::test]
async fn an_admin_switches_an_online_only_flag_and_it_survives_a_reimport() {
    let d = demo_desk().await;
    // 1.001193 (khai sinh) is online only in the demo catalogue, on inferred evidence.
    let (_, p) = catalogue::get(&d.db, "1.001193").await.unwrap();
    assert!(p.online_only);
    let o = motcua(
        &d.path,
        &[
            "catalogue",
            "online-only",
            "1.001193",
            "--set",
            "off",
            "--reason",
            "x",
        ],
    );
    assert!(!o.status.success(), "a clerk may not switch it");
    let o = motcua_as(
        &d.path,
        "admin",
        &[
            "catalogue",
            "online-only",
            "1.001193",
            "--set",
            "off",
            "--reason",
            "Chỉ thị 24 chưa xác minh cho hộ tịch; UBND xã vẫn nhận hồ sơ giấy",
            "--json",
        ],
    );
    assert_eq!(json(&o)["online_only"], false);
    let v = intake::save(
        &d.db,
        &d.session,
        &intake_input("1.001193", None),
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(v.outcome, "accepted");
    // A re-import of the catalogue keeps the unit's decision.
    let file = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets/catalogue/demo-catalogue.json"),
    )
    .unwrap();
    catalogue::import(&d.db, &d.admin, &file, Utc::now())
        .await
        .unwrap();
    let (_, p) = catalogue::get(&d.db, "1.001193").await.unwrap();
    assert!(!p.online_only);
    // Back to the catalogue's flag.
    let o = motcua_as(
        &d.path,
        "admin",
        &[
            "catalogue",
            "online-only",
            "1.001193",
            "--set",
            "catalogue",
            "--reason",
            "Đã có văn bản của tỉnh",
            "--json",
        ],
    );
    assert_eq!(json(&o)["online_only"], true);
    let n: i64 =
        sqlx::query_scalar("SELECT count(*) FROM audit_log WHERE action = 'catalogue.online_only'")
            .fetch_one(&d.db)
            .await
            .unwrap();
    assert_eq!(n, 2);
}

#[tokio::test]
async fn the_demo_catalogue_carries_the_corrected_data() {
    let d = demo_desk().await;
    let (_, p) = catalogue::get(&d.db, "2.000635").await.unwrap();
    assert_eq!(
        p.name,
        "Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh"
    );
    let (_, p) = catalogue::get(&d.db, "1.004873").await.unwrap();
    // The demo unit is 000.00.31.H29: An Giang's H01 variant is not its local code.
    assert_eq!(p.local_code, None);
    assert!(matches!(p.fee, catalogue::Fee::Unknown));
    let v = serde_json::to_value(&p.provenance).unwrap();
    assert_eq!(v["fee"], "unknown");
    for code in ["1.001193", "1.000894", "1.000656"] {
        let (_, p) = catalogue::get(&d.db, code).await.unwrap();
        let v = serde_json::to_value(&p.provenance).unwrap();
        assert_eq!(v["online_only"], "inferred", "{code}");
    }
}

#[tokio::test]
async fn an_extension_never_rewrites_the_first_appointment() {
    let d = demo_desk().await;
    let code = received(&d).await;
    due_change::extend(
        &d.db,
        &d.session,
        &code,
        "2026-03-05T09:00:00+07:00",
        "Cần xác minh",
        at("2026-02-25T10:00:00+07:00"),
    )
    .await
    .unwrap();
    // The reprinted receipt shows what the citizen's copy shows.
    let raw = form(&d, FormKind::Receipt, &code).await;
    assert!(
        raw.contains("5. Thời gian trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 26/02/2026"),
        "{raw}"
    );
    assert!(!raw.contains("05/03/2026"), "{raw}");
    // The ledger keeps the first appointment and notes the extension (PDF and XLSX).
    let day = NaiveDate::from_ymd_opt(2026, 2, 12).unwrap();
    let rows = ledger::rows(&d.db, &d.supervisor, day, day).await.unwrap();
    assert_eq!(
        rows[0].due_at.map(|t| t.to_string()).as_deref(),
        Some("2026-02-26 09:00:00")
    );
    assert!(
        rows[0]
            .note
            .contains("Gia hạn (Mẫu 04) đến 05/03/2026 09:00"),
        "{}",
        rows[0].note
    );
    let raw = raw_text(&ledger::pdf(&d.db, &d.supervisor, day, day).await.unwrap());
    assert!(
        raw.contains("Gia hạn (Mẫu 04) đến 05/03/2026 09:00"),
        "{raw}"
    );
    let bytes = ledger::xlsx(&d.db, &d.supervisor, day, day).await.unwrap();
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let row: Vec<String> = sheet
        .rows()
        .nth(1)
        .unwrap()
        .iter()
        .map(|c| c.to_string())
        .collect();
    assert!(
        row[12].contains("Gia hạn (Mẫu 04) đến 05/03/2026 09:00"),
        "{row:?}"
    );
}

#[tokio::test]
async fn a_backdated_intake_carries_the_time_it_was_received() {
    let d = demo_desk().await;
    // Received 02/03 14:20 with the fee collected, typed in the next morning.
    let mut input = intake_input("2.000635", Some("2026-03-02T14:20:00+07:00"));
    input.fee = Some(motcua::reference::fees::FeeInput::default());
    let v = intake::save(&d.db, &d.session, &input, at("2026-03-03T08:05:00+07:00"))
        .await
        .unwrap();
    assert_eq!(v.events[0].at, "2026-03-02T07:20:00Z");
    let collected: String =
        sqlx::query_scalar("SELECT collected_at FROM fee_receipt WHERE dossier_id = ?")
            .bind(&v.summary.id)
            .fetch_one(&d.db)
            .await
            .unwrap();
    assert_eq!(collected, "2026-03-02T07:20:00Z");
    let raw = form(&d, FormKind::FeeReceipt, &v.summary.code).await;
    assert!(raw.contains("ngày 02 tháng 3 năm 2026"), "{raw}");
    let raw = form(&d, FormKind::ControlSheet, &v.summary.code).await;
    assert!(raw.contains("14 giờ 20 phút, ngày 02/03/2026"), "{raw}");
    // The day report counts the fee on the day it was collected.
    let r = motcua::reports::day(
        &d.db,
        &d.supervisor,
        NaiveDate::from_ymd_opt(2026, 3, 2).unwrap(),
        None,
        at("2026-03-03T09:00:00+07:00"),
    )
    .await
    .unwrap();
    assert_eq!(r.fees_total, 8_000);
}

/// 2 × trích lục, the fee (16.000 đồng) collected when the result is handed out; result ready.
async fn due_at_result(d: &TestDesk, name: &str) -> String {
    let mut input = intake_input("2.000635", Some("2026-03-02T09:00:00+07:00"));
    input.submitter.full_name = name.into();
    input.fee = Some(motcua::reference::fees::FeeInput {
        copies: 2,
        collect_at: "result".into(),
        ..Default::default()
    });
    let v = intake::save(&d.db, &d.session, &input, at("2026-03-02T09:00:00+07:00"))
        .await
        .unwrap();
    assert_eq!(v.fee_state, "due-at-result");
    for (to, t) in [
        (Status::InProcessing, "2026-03-02T10:00:00+07:00"),
        (Status::ResultReady, "2026-03-02T15:00:00+07:00"),
    ] {
        lifecycle::move_to(&d.db, &d.session, &v.summary.code, to, "", at(t))
            .await
            .unwrap();
    }
    v.summary.code
}

fn recipient(name: &str) -> lifecycle::Recipient {
    lifecycle::Recipient {
        full_name: name.into(),
        id_number: "001190012345".into(),
        is_proxy: false,
        authorisation: None,
    }
}

#[tokio::test]
async fn a_fee_due_at_result_is_collected_at_hand_out() {
    use motcua::dossier::handout_fee::HandoutFee;
    let d = demo_desk().await;
    let code = due_at_result(&d, "Nguyễn Văn An").await;
    let handed = at("2026-03-03T08:30:00+07:00");
    // Not without saying how the fee is settled.
    let e = lifecycle::hand_out(&d.db, &d.session, &code, recipient("Nguyễn Văn An"), handed)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "fee_due_at_result");
    assert!(e.to_string().contains("16.000 đồng"), "{e}");
    let v = lifecycle::hand_out_settling(
        &d.db,
        &d.session,
        &code,
        recipient("Nguyễn Văn An"),
        Some(HandoutFee {
            method: Some("cash".into()),
            ..Default::default()
        }),
        handed,
    )
    .await
    .unwrap();
    assert_eq!(v.fee_state, "collected");
    let receipt = v.fee_receipt.as_ref().expect("a fee receipt");
    assert_eq!((receipt.series.as_str(), receipt.number), ("BLP-26", 1));
    assert!(v.forms.iter().any(|f| f == "fee-receipt"));
    let raw = form(&d, FormKind::FeeReceipt, &code).await;
    assert!(raw.contains("16.000"), "{raw}");
    assert!(raw.contains("ngày 03 tháng 3 năm 2026"), "{raw}");
    // Counted in the day report of the day it was collected.
    let r = motcua::reports::day(
        &d.db,
        &d.supervisor,
        NaiveDate::from_ymd_opt(2026, 3, 3).unwrap(),
        None,
        at("2026-03-03T17:00:00+07:00"),
    )
    .await
    .unwrap();
    assert_eq!(r.fees_total, 16_000);
    // The hand-out's sync change carries the fee.
    let payload: String = sqlx::query_scalar(
        "SELECT payload_json FROM outbox WHERE op = 'status' ORDER BY seq DESC LIMIT 1",
    )
    .fetch_one(&d.db)
    .await
    .unwrap();
    let payload: serde_json::Value = serde_json::from_str(&payload).unwrap();
    assert_eq!(payload["fee"]["state"], "collected");
    assert_eq!(payload["fee"]["amount"], 16_000);
    assert_eq!(payload["fee"]["number"], 1);

    // Unpaid: an explicit reason, audited; the fee stays owed.
    let code = due_at_result(&d, "Trần Văn Bình").await;
    let v = lifecycle::hand_out_settling(
        &d.db,
        &d.session,
        &code,
        recipient("Trần Văn Bình"),
        Some(HandoutFee {
            unpaid_reason: Some("Công dân nộp qua chuyển khoản sau".into()),
            ..Default::default()
        }),
        handed,
    )
    .await
    .unwrap();
    assert_eq!(v.fee_state, "due-at-result");
    let n: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM audit_log WHERE action = 'fee.unpaid_at_handout' AND subject = ?",
    )
    .bind(&code)
    .fetch_one(&d.db)
    .await
    .unwrap();
    assert_eq!(n, 1);
}

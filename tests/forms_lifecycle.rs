//! The forms that follow intake, printed from what the desk actions recorded: an extension gives
//! Mẫu 04 (apology and new date), a withdrawal or a stop gives Mẫu 05 (stop notice), the history
//! gives Mẫu 06 (control sheet), a hand-out gives the hand-over note. Each form's text is read
//! back from the PDF; each action's effect is checked in the database.

mod common;

use std::process::Command;

use chrono::{DateTime, Utc};
use common::{TEST_CATALOGUE, TestDesk, demo_desk, intake_input, json, motcua};
use motcua::dossier::lifecycle::{self, Recipient};
use motcua::dossier::{Status, StatusExt};
use motcua::forms::{self, FormKind, timeliness};
use motcua::{clock, dossier::due_change, dossier::intake, reference::catalogue};
use serde_json::Value;

fn at(s: &str) -> DateTime<Utc> {
    clock::parse(s).expect("test time")
}

/// Text of a PDF: (plain pdftotext, all whitespace squashed to single spaces).
fn pdf_text(bytes: &[u8]) -> (String, String) {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("f.pdf");
    std::fs::write(&f, bytes).unwrap();
    let run = |raw: bool| {
        let mut cmd = Command::new("pdftotext");
        if raw {
            cmd.arg("-raw");
        }
        let out = cmd
            .arg(&f)
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils)");
        assert!(out.status.success());
        String::from_utf8(out.stdout).expect("UTF-8 text")
    };
    let squashed = run(true).split_whitespace().collect::<Vec<_>>().join(" ");
    (run(false), squashed)
}

fn assert_lines(text: &str, lines: &[&str]) {
    let have: Vec<&str> = text.lines().map(str::trim).collect();
    for line in lines {
        assert!(have.contains(line), "no line {line:?} in:\n{text}");
    }
}

async fn desk() -> TestDesk {
    let d = demo_desk().await;
    catalogue::import(&d.db, &d.admin, TEST_CATALOGUE, chrono::Utc::now())
        .await
        .unwrap();
    d
}

/// Received Thu 12/02/2026 09:00; five working days over Tết → due Thu 26/02/2026 09:00.
async fn received(d: &TestDesk) -> String {
    let v = intake::save(
        &d.db,
        &d.session,
        &intake_input("9.999001", Some("2026-02-12T09:00:00+07:00")),
        at("2026-02-12T09:00:00+07:00"),
    )
    .await
    .unwrap();
    assert_eq!(v.summary.due_at.as_deref(), Some("2026-02-26T02:00:00Z"));
    assert_eq!(v.forms, ["receipt", "fee-receipt", "control-sheet"]);
    v.summary.code
}

async fn outbox(d: &TestDesk, op: &str) -> Vec<Value> {
    let rows: Vec<String> =
        sqlx::query_scalar("SELECT payload_json FROM outbox WHERE op = ? ORDER BY seq")
            .bind(op)
            .fetch_all(&d.db)
            .await
            .unwrap();
    rows.iter()
        .map(|r| serde_json::from_str(r).unwrap())
        .collect()
}

#[tokio::test]
async fn an_extension_moves_the_due_time_and_prints_the_apology() {
    let d = desk().await;
    let code = received(&d).await;
    let e = forms::pdf(&d.db, &d.session, FormKind::Apology, &code)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "form_not_available");

    let v = due_change::extend(
        &d.db,
        &d.session,
        &code,
        "2026-03-05T09:00:00+07:00",
        " Cần xác minh thông tin hộ tịch tại Sở Tư pháp ",
        at("2026-02-25T10:00:00+07:00"),
    )
    .await
    .unwrap();
    assert_eq!(v.summary.due_at.as_deref(), Some("2026-03-05T02:00:00Z"));
    assert_eq!(
        v.forms,
        ["receipt", "fee-receipt", "control-sheet", "apology"]
    );
    let ev = v.events.last().unwrap();
    assert_eq!(ev.kind, "due-extended");
    assert!(
        ev.note.contains("09:00 26/02/2026")
            && ev.note.contains("09:00 05/03/2026")
            && ev
                .note
                .contains("Cần xác minh thông tin hộ tịch tại Sở Tư pháp"),
        "{}",
        ev.note
    );
    assert_eq!(v.due_explanation, ev.note);
    let row: (String, String, String, String) = sqlx::query_as(
        "SELECT old_due_at, new_due_at, reason, actor FROM dossier_extension WHERE dossier_id = ?",
    )
    .bind(&v.summary.id)
    .fetch_one(&d.db)
    .await
    .unwrap();
    assert_eq!(
        row,
        (
            "2026-02-26T02:00:00Z".into(),
            "2026-03-05T02:00:00Z".into(),
            "Cần xác minh thông tin hộ tịch tại Sở Tư pháp".into(),
            "Trần Thị Mai".into()
        )
    );
    let kinds: Vec<String> =
        sqlx::query_scalar("SELECT kind FROM dossier_due_change WHERE dossier_id = ?")
            .bind(&v.summary.id)
            .fetch_all(&d.db)
            .await
            .unwrap();
    assert_eq!(kinds, ["override"]);
    let ob = outbox(&d, "due-override").await;
    assert_eq!(ob.len(), 1);
    assert_eq!(ob[0]["extension"], true);
    assert_eq!(ob[0]["old_due_at"], "2026-02-26T02:00:00Z");
    assert_eq!(ob[0]["new_due_at"], "2026-03-05T02:00:00Z");

    let (_, pdf) = forms::pdf(&d.db, &d.session, FormKind::Apology, &code)
        .await
        .unwrap();
    let (text, raw) = pdf_text(&pdf);
    assert_lines(
        &text,
        &[
            "Mã hồ sơ: 000.00.31.H29-260212-0001",
            "Tân Phú, ngày 25 tháng 02 năm 2026",
            "Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 12/02/2026",
            "Thời gian hẹn trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 26/02/2026",
            "09 giờ 00 phút, ngày 05/03/2026",
            "Rất mong nhận được sự thông cảm của Ông/Bà./.",
        ],
    );
    assert!(
        raw.contains("VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT"),
        "{raw}"
    );
    assert!(
        raw.contains(
            "đúng hạn như đã hẹn. Lý do: Cần xác minh thông tin hộ tịch tại Sở Tư pháp. Sự chậm trễ"
        ),
        "{raw}"
    );

    // A second extension: the apology prints the latest one.
    due_change::extend(
        &d.db,
        &d.session,
        &code,
        "2026-03-10T09:00:00+07:00",
        "Chờ ý kiến của Sở Tư pháp",
        at("2026-03-04T10:00:00+07:00"),
    )
    .await
    .unwrap();
    let (_, pdf) = forms::pdf(&d.db, &d.session, FormKind::Apology, &code)
        .await
        .unwrap();
    let (text, raw) = pdf_text(&pdf);
    assert_lines(
        &text,
        &[
            "Thời gian hẹn trả kết quả giải quyết hồ sơ: 09 giờ 00 phút, ngày 05/03/2026",
            "09 giờ 00 phút, ngày 10/03/2026",
        ],
    );
    assert!(raw.contains("Lý do: Chờ ý kiến của Sở Tư pháp."), "{raw}");
}

#[tokio::test]
async fn extensions_that_do_not_apply_are_refused_and_change_nothing() {
    let d = desk().await;
    let code = received(&d).await;
    let now = at("2026-02-25T10:00:00+07:00");
    let cases = [
        // Not later than the current appointment.
        ("2026-02-26T09:00:00+07:00", "Chậm", "extension_not_later"),
        ("2026-02-24T09:00:00+07:00", "Chậm", "extension_not_later"),
        // No reason.
        ("2026-03-05T09:00:00+07:00", "  ", "reason_required"),
        // A Sunday.
        ("2026-03-08T09:00:00+07:00", "Chậm", "due_on_day_off"),
        ("ngày mai", "Chậm", "invalid_due_at"),
    ];
    for (new_due, reason, expected) in cases {
        let e = due_change::extend(&d.db, &d.session, &code, new_due, reason, now)
            .await
            .unwrap_err();
        assert_eq!(e.code(), expected, "{new_due} {reason:?}");
    }
    // Nothing moved the result forward: a finished dossier is not extended.
    lifecycle::move_to(&d.db, &d.session, &code, Status::ResultReady, "", now)
        .await
        .unwrap();
    let e = due_change::extend(
        &d.db,
        &d.session,
        &code,
        "2026-03-05T09:00:00+07:00",
        "Chậm",
        now,
    )
    .await
    .unwrap_err();
    assert_eq!(e.code(), "cannot_extend");
    assert!(e.to_string().contains(&Status::ResultReady.label()), "{e}");

    let v = motcua::dossier::get(&d.db, &code).await.unwrap();
    assert_eq!(v.summary.due_at.as_deref(), Some("2026-02-26T02:00:00Z"));
    assert!(!v.forms.iter().any(|f| *f == "apology"), "{:?}", v.forms);
    assert!(outbox(&d, "due-override").await.is_empty());
    let n: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM dossier_extension")
        .fetch_one(&d.db)
        .await
        .unwrap();
    assert_eq!(n, 0);
}

#[tokio::test]
async fn a_dossier_without_an_appointment_cannot_be_extended() {
    let d = desk().await;
    let code = received(&d).await;
    sqlx::query("UPDATE dossier SET due_at = NULL WHERE code = ?")
        .bind(&code)
        .execute(&d.db)
        .await
        .unwrap();
    let e = due_change::extend(
        &d.db,
        &d.session,
        &code,
        "2026-03-05T09:00:00+07:00",
        "Chậm",
        at("2026-02-25T10:00:00+07:00"),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code(), "no_due_to_extend");
}

#[tokio::test]
async fn a_withdrawal_and_a_stop_print_the_stop_notice() {
    let d = desk().await;
    let code = received(&d).await;
    let e = forms::pdf(&d.db, &d.session, FormKind::Stop, &code)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "form_not_available");
    let e = lifecycle::withdraw(
        &d.db,
        &d.session,
        &code,
        " ",
        at("2026-02-13T15:10:00+07:00"),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code(), "reason_required");

    let v = lifecycle::withdraw(
        &d.db,
        &d.session,
        &code,
        "Công dân xin rút để bổ sung giấy tờ",
        at("2026-02-13T15:10:00+07:00"),
    )
    .await
    .unwrap();
    assert_eq!(v.summary.status, "withdrawn");
    assert_eq!(v.forms, ["receipt", "fee-receipt", "control-sheet", "stop"]);
    let row: (String, String, String) =
        sqlx::query_as("SELECT cause, reason, at FROM dossier_stop WHERE dossier_id = ?")
            .bind(&v.summary.id)
            .fetch_one(&d.db)
            .await
            .unwrap();
    assert_eq!(
        row,
        (
            "withdrawn".into(),
            "Công dân xin rút để bổ sung giấy tờ".into(),
            "2026-02-13T08:10:00Z".into()
        )
    );
    let (_, pdf) = forms::pdf(&d.db, &d.session, FormKind::Stop, &code)
        .await
        .unwrap();
    let (text, raw) = pdf_text(&pdf);
    assert_lines(
        &text,
        &[
            "THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ",
            "Mã hồ sơ: 000.00.31.H29-260212-0001",
            "Tân Phú, ngày 13 tháng 02 năm 2026",
            "Xin thông báo để Ông/Bà được biết./.",
        ],
    );
    assert!(
        raw.contains(
            "Theo yêu cầu rút hồ sơ của Ông/Bà, Ủy ban nhân dân xã Tân Phú \
             thông báo dừng giải quyết hồ sơ nêu trên kể từ 15 giờ 10 phút, ngày 13/02/2026. \
             Lý do: Công dân xin rút để bổ sung giấy tờ."
        ),
        "{raw}"
    );

    // Stopped while in processing: no mention of a withdrawal.
    let code = received(&d).await;
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
    let v = lifecycle::stop(
        &d.db,
        &d.session,
        &code,
        "Cơ quan có thẩm quyền đề nghị dừng",
        at("2026-02-24T08:30:00+07:00"),
    )
    .await
    .unwrap();
    assert_eq!(v.summary.status, "stopped");
    assert!(v.forms.iter().any(|f| *f == "stop"), "{:?}", v.forms);
    let (_, pdf) = forms::pdf(&d.db, &d.session, FormKind::Stop, &code)
        .await
        .unwrap();
    let (_, raw) = pdf_text(&pdf);
    assert!(!raw.contains("rút hồ sơ"), "{raw}");
    assert!(
        raw.contains(
            "thông báo dừng giải quyết hồ sơ nêu trên kể từ 08 giờ 30 phút, ngày 24/02/2026. \
             Lý do: Cơ quan có thẩm quyền đề nghị dừng."
        ),
        "{raw}"
    );
}

fn proxy() -> Recipient {
    Recipient {
        full_name: "Phạm Văn Đức".into(),
        id_number: "036 085 001 234".into(),
        is_proxy: true,
        authorisation: Some("Giấy ủy quyền số 12/2026, UBND xã Tân Phú chứng thực".into()),
    }
}

#[tokio::test]
async fn the_hand_out_is_recorded_and_prints_the_hand_over_note() {
    let d = desk().await;
    let code = received(&d).await;
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
    let v = lifecycle::move_to(
        &d.db,
        &d.session,
        &code,
        Status::ResultReady,
        "Đã ký kết quả",
        at("2026-02-24T16:45:00+07:00"),
    )
    .await
    .unwrap();
    assert_eq!(v.forms, ["receipt", "fee-receipt", "control-sheet"]);
    let e = forms::pdf(&d.db, &d.session, FormKind::Handover, &code)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "form_not_available");

    let v = lifecycle::hand_out(
        &d.db,
        &d.session,
        &code,
        proxy(),
        at("2026-02-25T08:15:00+07:00"),
    )
    .await
    .unwrap();
    assert_eq!(
        v.forms,
        ["receipt", "fee-receipt", "control-sheet", "handover"]
    );
    let row: (String, String, bool, String, String, String) = sqlx::query_as(
        "SELECT recipient_name, recipient_id_number, is_proxy, authorisation, handed_out_at, clerk FROM dossier_handover WHERE dossier_id = ?",
    )
    .bind(&v.summary.id)
    .fetch_one(&d.db)
    .await
    .unwrap();
    assert_eq!(
        row,
        (
            "Phạm Văn Đức".into(),
            "036085001234".into(),
            true,
            "Giấy ủy quyền số 12/2026, UBND xã Tân Phú chứng thực".into(),
            "2026-02-25T01:15:00Z".into(),
            "Trần Thị Mai".into()
        )
    );
    let (_, pdf) = forms::pdf(&d.db, &d.session, FormKind::Handover, &code)
        .await
        .unwrap();
    let (text, raw) = pdf_text(&pdf);
    assert_lines(
        &text,
        &[
            "BIÊN NHẬN TRẢ KẾT QUẢ GIẢI QUYẾT HỒ SƠ",
            "Mã hồ sơ: 000.00.31.H29-260212-0001",
            "Tân Phú, ngày 25 tháng 02 năm 2026",
            "Chủ hồ sơ: Nguyễn Thị Hồng Đặng",
            "Thời gian nhận hồ sơ: 09 giờ 00 phút, ngày 12/02/2026",
            "Thời gian hẹn trả kết quả: 09 giờ 00 phút, ngày 26/02/2026",
            "Ông/Bà: Phạm Văn Đức",
            "Số căn cước/Hộ chiếu: 036085001234",
            "Nhận với tư cách: Người được ủy quyền",
            "Thời gian trả kết quả: 08 giờ 15 phút, ngày 25/02/2026",
        ],
    );
    assert!(
        raw.contains("Giấy ủy quyền: Giấy ủy quyền số 12/2026, UBND xã Tân Phú chứng thực"),
        "{raw}"
    );
    assert!(raw.contains("NGƯỜI NHẬN KẾT QUẢ"), "{raw}");
    assert!(raw.contains("NGƯỜI TRẢ KẾT QUẢ"), "{raw}");
}

#[tokio::test]
async fn the_control_sheet_lists_the_history_with_the_timeliness_of_the_result() {
    let d = desk().await;
    let code = received(&d).await;
    // Mẫu 06 goes with the receipt from intake on.
    forms::pdf(&d.db, &d.session, FormKind::ControlSheet, &code)
        .await
        .unwrap();
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
    lifecycle::hand_out(
        &d.db,
        &d.session,
        &code,
        proxy(),
        at("2026-02-25T08:15:00+07:00"),
    )
    .await
    .unwrap();
    let (_, pdf) = forms::pdf(&d.db, &d.session, FormKind::ControlSheet, &code)
        .await
        .unwrap();
    let (text, raw) = pdf_text(&pdf);
    assert_lines(
        &text,
        &[
            "PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ",
            "(Kèm theo Giấy tiếp nhận hồ sơ và hẹn trả kết quả)",
            "Mã hồ sơ: 000.00.31.H29-260212-0001",
            "Người nộp hồ sơ: Nguyễn Thị Hồng Đặng",
            "Thời gian hẹn trả kết quả: 09 giờ 00 phút, ngày 26/02/2026",
            "NGƯỜI LẬP PHIẾU",
        ],
    );
    for needle in [
        "1. Giao: Người nộp hồ sơ Nhận: Bộ phận Một cửa 09 giờ 00 phút, ngày 12/02/2026 \
         Người giao: Nguyễn Thị Hồng Đặng Người nhận: Trần Thị Mai Tiếp nhận hồ sơ",
        "2. Giao: Bộ phận Một cửa Nhận: Ủy ban nhân dân cấp xã 10 giờ 00 phút, ngày \
         12/02/2026 Người giao: Trần Thị Mai",
        "Người nhận: Trần Thị Mai Trước hạn Có kết quả",
        "4. Giao: Bộ phận Một cửa Nhận: Nguyễn Thị Hồng Đặng (chủ hồ sơ) 08 giờ 15 phút, ngày \
         25/02/2026 Người giao: Trần Thị Mai Người nhận: Phạm Văn Đức",
    ] {
        assert!(raw.contains(needle), "{needle:?} not in {raw}");
    }
    // Once in the column header "(Trước hạn/ đúng hạn/ quá hạn)", once as the result.
    assert_eq!(raw.matches("Trước hạn").count(), 2, "{raw}");
}

#[test]
fn timeliness_before_on_and_after_the_appointment() {
    let due = at("2026-02-26T09:00:00+07:00");
    assert_eq!(
        timeliness(at("2026-02-25T16:00:00+07:00"), due),
        "Trước hạn"
    );
    assert_eq!(timeliness(at("2026-02-26T08:00:00+07:00"), due), "Đúng hạn");
    assert_eq!(timeliness(due, due), "Đúng hạn");
    assert_eq!(timeliness(at("2026-02-26T09:01:00+07:00"), due), "Quá hạn");
    assert_eq!(timeliness(at("2026-02-27T08:00:00+07:00"), due), "Quá hạn");
}

#[test]
fn every_form_kind_round_trips_its_name() {
    for k in FormKind::ALL {
        assert_eq!(FormKind::parse(k.as_str()).unwrap(), k);
    }
    let names: Vec<&str> = FormKind::ALL.iter().map(|k| k.as_str()).collect();
    for n in ["apology", "stop", "control-sheet", "handover"] {
        assert!(names.contains(&n), "{n}");
    }
    let e = FormKind::parse("xin-loi").unwrap_err();
    assert_eq!(e.code(), "unknown_form");
    assert!(e.to_string().contains("control-sheet"), "{e}");
}

fn cli_text(file: &std::path::Path) -> String {
    let out = Command::new("pdftotext")
        .arg(file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    String::from_utf8(out.stdout).unwrap()
}

#[test]
fn cli_extend_withdraw_and_print_the_new_forms() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.sqlite");
    json(&motcua(&db, &["init", "--demo", "--json"]));
    let intake = |name: &str| {
        let out = json(&motcua(
            &db,
            &[
                "intake",
                "--procedure",
                "2.000815",
                "--name",
                name,
                "--id-number",
                "036085001234",
                "--received",
                "2026-03-02T09:00:00+07:00",
                "--received-reason",
                "Máy hỏng, nhập lại hồ sơ giấy",
                "--json",
            ],
        ));
        (
            out["code"].as_str().unwrap().to_string(),
            out["due_at"].as_str().unwrap().to_string(),
        )
    };
    let (code, due) = intake("Phạm Văn Đức");
    // A week after the appointment, on a Monday or later working day.
    let new_due = clock::parse(&due).unwrap() + chrono::Duration::days(7);
    let new_due = clock::to_vn_rfc3339(new_due);
    let v = json(&motcua(
        &db,
        &[
            "dossier",
            &code,
            "extend",
            "--at",
            &new_due,
            "--reason",
            "Chờ xác minh",
            "--json",
        ],
    ));
    assert_eq!(
        v["forms"],
        serde_json::json!(["receipt", "fee-receipt", "control-sheet", "apology"])
    );
    // The folder must exist: the CLI never creates one (issue 14, point 1).
    std::fs::create_dir(dir.path().join("out")).unwrap();
    let file = dir.path().join("out").join("apology.pdf");
    let saved = json(&motcua(
        &db,
        &[
            "form",
            "apology",
            &code,
            "-o",
            file.to_str().unwrap(),
            "--json",
        ],
    ));
    assert_eq!(saved["kind"], "apology");
    let text = cli_text(&file);
    let new_local = clock::local(clock::parse(&new_due).unwrap());
    let expected = format!("{}", new_local.format("%H giờ %M phút, ngày %d/%m/%Y"));
    assert!(
        text.lines().any(|l| l.trim() == expected),
        "{expected} not in {text}"
    );

    let o = motcua(
        &db,
        &[
            "form",
            "stop",
            &code,
            "-o",
            file.to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let err: Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(err["error"]["code"], "form_not_available");

    let v = json(&motcua(
        &db,
        &[
            "dossier",
            &code,
            "withdraw",
            "--reason",
            "Công dân xin rút",
            "--json",
        ],
    ));
    assert_eq!(v["summary"]["status"], "withdrawn");
    let stop = dir.path().join("stop.pdf");
    json(&motcua(
        &db,
        &[
            "form",
            "stop",
            &code,
            "-o",
            stop.to_str().unwrap(),
            "--json",
        ],
    ));
    let text = cli_text(&stop);
    assert!(text.contains("THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ"), "{text}");
    // Without --json: a sentence naming the file (a form, not "giấy tiếp nhận"). The file is
    // there already: replacing it needs --force (issue 14, point 1).
    let o = motcua(&db, &["form", "stop", &code, "-o", stop.to_str().unwrap()]);
    assert!(!o.status.success(), "replaced without --force");
    let o = motcua(
        &db,
        &[
            "form",
            "stop",
            &code,
            "-o",
            stop.to_str().unwrap(),
            "--force",
        ],
    );
    let said = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{said}");
    assert!(
        said.contains("Đã lưu biểu mẫu:") && said.contains("stop.pdf"),
        "{said}"
    );
    assert!(text.contains(&format!("Mã hồ sơ: {code}")), "{text}");

    // Stop, through the CLI, on another dossier.
    let (code2, _) = intake("Lê Thị Lan");
    let v = json(&motcua(
        &db,
        &[
            "dossier",
            &code2,
            "stop",
            "--reason",
            "Cơ quan có thẩm quyền đề nghị dừng",
            "--json",
        ],
    ));
    assert_eq!(v["summary"]["status"], "stopped");
    let forms: Vec<&str> = v["forms"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(forms, ["receipt", "fee-receipt", "control-sheet", "stop"]);
}

#[tokio::test]
async fn a_result_after_the_first_appointment_is_late_even_when_extended() {
    let d = desk().await;
    let code = received(&d).await;
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
    due_change::extend(
        &d.db,
        &d.session,
        &code,
        "2026-03-05T09:00:00+07:00",
        "Chờ xác minh",
        at("2026-02-25T10:00:00+07:00"),
    )
    .await
    .unwrap();
    // Ready on 02/03: before the extended appointment (05/03), after the first one (26/02).
    let v = lifecycle::move_to(
        &d.db,
        &d.session,
        &code,
        Status::ResultReady,
        "",
        at("2026-03-02T15:00:00+07:00"),
    )
    .await
    .unwrap();
    assert_eq!(
        v.forms,
        ["receipt", "fee-receipt", "control-sheet", "apology"]
    );
    let (_, pdf) = forms::pdf(&d.db, &d.session, FormKind::ControlSheet, &code)
        .await
        .unwrap();
    let (text, raw) = pdf_text(&pdf);
    // The header shows the current appointment; the result is judged against the first one.
    assert_lines(
        &text,
        &["Thời gian hẹn trả kết quả: 09 giờ 00 phút, ngày 05/03/2026"],
    );
    assert!(
        raw.contains("Người nhận: Trần Thị Mai Quá hạn Có kết quả"),
        "{raw}"
    );
    // Only in the column header "(Trước hạn/ đúng hạn/ quá hạn)".
    assert_eq!(raw.matches("Trước hạn").count(), 1, "{raw}");
    assert!(raw.contains("Gia hạn thời gian giải quyết"), "{raw}");
}

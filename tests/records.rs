//! Issue 13, what the records helper finished: correcting a received dossier (đính chính, item
//! 11), the first and the extended appointment side by side (item 3), a bounded and reasoned
//! backdated intake (item 8) and the fee collected at hand-out in the ledger (item 1). Forms
//! are read back with pdftotext.

mod common;

use chrono::NaiveDate;
use chrono::{DateTime, Utc};
use common::{TestDesk, demo_desk, intake_input, json, motcua};
use motcua::dossier::Status;
use motcua::forms::{self, FormKind};
use motcua::{
    accounts::audit, clock, dossier, dossier::correction, dossier::due_change, dossier::intake,
    dossier::lifecycle, reports,
};

fn at(s: &str) -> DateTime<Utc> {
    clock::parse(s).expect("test time")
}

fn pdf_text(bytes: &[u8]) -> String {
    common::pdf_raw_text(bytes)
}

async fn receipt_text(d: &TestDesk, code: &str) -> String {
    let (_, pdf) = forms::pdf(&d.db, &d.session, FormKind::Receipt, code)
        .await
        .unwrap();
    pdf_text(&pdf)
}

async fn received(d: &TestDesk) -> String {
    intake::save(
        &d.db,
        &d.session,
        &intake_input("2.000635", None),
        Utc::now(),
    )
    .await
    .unwrap()
    .summary
    .code
}

async fn outbox_ops(d: &TestDesk) -> Vec<(String, String)> {
    sqlx::query_as("SELECT op, payload_json FROM outbox ORDER BY seq")
        .fetch_all(&d.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_typo_in_the_name_and_id_is_corrected_audited_synced_and_the_receipt_says_so() {
    let d = demo_desk().await;
    let code = received(&d).await;
    let before = receipt_text(&d, &code).await;
    assert!(!before.contains("BẢN ĐÍNH CHÍNH"), "{before}");

    let now = Utc::now();
    let (v, c) = correction::correct(
        &d.db,
        &d.session,
        &code,
        "full_name",
        "  Nguyễn Thị Hồng Nhung ",
        "Gõ thiếu tên đệm",
        now,
    )
    .await
    .unwrap();
    assert_eq!(c.before, "Nguyễn Thị Hồng Đặng");
    assert_eq!(c.after, "Nguyễn Thị Hồng Nhung");
    assert_eq!(v.submitter.full_name, "Nguyễn Thị Hồng Nhung");
    assert_eq!(v.summary.submitter_name, "Nguyễn Thị Hồng Nhung");
    let (v, _) = correction::correct(
        &d.db,
        &d.session,
        &code,
        "id_number",
        "001190054321",
        "Sai số CCCD",
        now,
    )
    .await
    .unwrap();
    assert_eq!(v.submitter.id_number, "001190054321");
    assert_eq!(v.summary.id_number, "001190054321");
    // The procedure, code and received time did not move.
    assert_eq!(v.summary.procedure_code, "2.000635");
    assert_eq!(v.summary.code, code);
    assert!(v.events.iter().any(|e| e.kind == "corrected"));

    // Found by the new name (the search index follows), not by the old one.
    let found = dossier::list(&d.db, &d.session, "nhung", false, Utc::now(), 10)
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    let old = dossier::list(&d.db, &d.session, "001190012345", false, Utc::now(), 10)
        .await
        .unwrap();
    assert!(old.is_empty());

    // Who, when, before and after in the hash-chained audit log (ID numbers masked there).
    let log = audit::list(&d.db, &d.admin, 50).await.unwrap();
    let entries: Vec<_> = log
        .iter()
        .filter(|e| e.action == "dossier.correct")
        .collect();
    assert_eq!(entries.len(), 2);
    let name = entries
        .iter()
        .find(|e| e.detail.contains("full_name"))
        .unwrap();
    assert_eq!(name.actor, "mai");
    assert_eq!(name.subject, code);
    assert!(name.detail.contains("Nguyễn Thị Hồng Đặng"));
    assert!(name.detail.contains("Nguyễn Thị Hồng Nhung"));
    assert!(name.detail.contains("Gõ thiếu tên đệm"));
    let id = entries
        .iter()
        .find(|e| e.detail.contains("id_number"))
        .unwrap();
    assert!(!id.detail.contains("001190054321"), "{}", id.detail);
    assert!(audit::verify(&d.db, &d.admin).await.unwrap().ok);

    // One typed change per correction for the portal.
    let ops = outbox_ops(&d).await;
    let corrections: Vec<_> = ops.iter().filter(|(op, _)| op == "correction").collect();
    assert_eq!(corrections.len(), 2);
    assert!(
        corrections[0]
            .1
            .contains("\"after\":\"Nguyễn Thị Hồng Nhung\"")
    );

    // The reprinted receipt names the person as corrected and says it is a corrected copy.
    let after = receipt_text(&d, &code).await;
    let today = clock::local(now).date().format("%d/%m/%Y").to_string();
    assert!(
        after.contains(&format!("BẢN ĐÍNH CHÍNH ngày {today}")),
        "{after}"
    );
    assert!(after.contains("Nguyễn Thị Hồng Nhung"), "{after}");
    assert!(after.contains("001190054321"), "{after}");
}

#[tokio::test]
async fn what_the_law_keeps_fixed_is_refused_and_a_reason_is_required() {
    let d = demo_desk().await;
    let code = received(&d).await;
    for field in ["procedure_code", "received_at", "code"] {
        let e = correction::correct(
            &d.db,
            &d.session,
            &code,
            field,
            "1.000001",
            "Nhầm",
            Utc::now(),
        )
        .await
        .unwrap_err();
        assert_eq!(e.code(), "field_not_correctable", "{field}");
        assert!(e.to_string().contains("Không được đính chính"), "{e}");
    }
    let e = correction::correct(
        &d.db,
        &d.session,
        &code,
        "phone",
        "0912345679",
        "  ",
        Utc::now(),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code(), "reason_required");
    // What intake refuses, a correction refuses too.
    let e = correction::correct(
        &d.db,
        &d.session,
        &code,
        "id_number",
        "12",
        "Sai",
        Utc::now(),
    )
    .await
    .unwrap_err();
    assert_eq!(e.field(), Some("id_number"));
    let e = correction::correct(
        &d.db,
        &d.session,
        &code,
        "owner_full_name",
        "Trần Văn B",
        "Sai",
        Utc::now(),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code(), "no_owner");
    // Nothing was written by the refusals.
    assert!(
        !outbox_ops(&d)
            .await
            .iter()
            .any(|(op, _)| op == "correction")
    );
}

#[test]
fn the_cli_corrects_with_a_reason_and_masks_the_id_in_its_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.sqlite");
    json(&motcua(&db, &["init", "--demo", "--json"]));
    let out = json(&motcua(
        &db,
        &[
            "intake",
            "--procedure",
            "2.000635",
            "--name",
            "Lê Văn Tâm",
            "--id-number",
            "036085001234",
            "--json",
        ],
    ));
    let code = out["code"].as_str().unwrap().to_string();
    let done = json(&motcua(
        &db,
        &[
            "dossier",
            &code,
            "correct",
            "--field",
            "id_number",
            "--value",
            "036085004321",
            "--reason",
            "Gõ nhầm số",
            "--json",
        ],
    ));
    assert_eq!(done["field"], "id_number");
    assert_eq!(done["party"], "submitter");
    assert_eq!(done["after"], "036******321");
    assert!(!done.to_string().contains("036085004321"));
    let refused = motcua(
        &db,
        &[
            "dossier",
            &code,
            "correct",
            "--field",
            "procedure",
            "--value",
            "1.000001",
            "--reason",
            "Nhầm thủ tục",
        ],
    );
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("Không được đính chính"), "{err}");
}

// --- Item 3: the first appointment and the extended one, side by side ---------------------

/// A dossier of the demo catalogue received 12/02/2026 09:00 (due 26/02 09:00) and extended
/// on 25/02 to 05/03: returns the code.
async fn extended(d: &TestDesk) -> String {
    motcua::reference::catalogue::import(&d.db, &d.admin, common::TEST_CATALOGUE, Utc::now())
        .await
        .unwrap();
    let v = intake::save(
        &d.db,
        &d.session,
        &intake_input("9.999001", Some("2026-02-12T09:00:00+07:00")),
        at("2026-02-12T09:00:00+07:00"),
    )
    .await
    .unwrap();
    due_change::extend(
        &d.db,
        &d.session,
        &v.summary.code,
        "2026-03-05T09:00:00+07:00",
        "Cần xác minh",
        at("2026-02-25T10:00:00+07:00"),
    )
    .await
    .unwrap();
    v.summary.code
}

#[tokio::test]
async fn the_dossier_shows_the_first_appointment_beside_the_extended_one() {
    let d = demo_desk().await;
    let plain = received(&d).await;
    let v = dossier::get(&d.db, &plain).await.unwrap();
    assert_eq!(v.first_due_at, None);
    let code = extended(&d).await;
    let v = dossier::get(&d.db, &code).await.unwrap();
    let first = v.first_due_at.clone().expect("the first appointment");
    assert!(first < v.summary.due_at.clone().unwrap());
    assert_eq!(v.summary.due_at.as_deref(), Some("2026-03-05T02:00:00Z"));

    // The CLI shows both, and --json carries both.
    let o = motcua(&d.path, &["dossier", &code]);
    assert!(o.status.success());
    let shown = String::from_utf8_lossy(&o.stdout);
    assert!(
        shown.contains("Hẹn trả: 26/02/2026 09:00; gia hạn (Mẫu 04) đến 05/03/2026 09:00"),
        "{shown}"
    );
    let v = json(&motcua(&d.path, &["dossier", &code, "--json"]));
    assert_eq!(v["first_due_at"], "2026-02-26T02:00:00Z");
    assert_eq!(v["summary"]["due_at"], "2026-03-05T02:00:00Z");
    let o = motcua(&d.path, &["dossier", &plain]);
    assert!(String::from_utf8_lossy(&o.stdout).contains("Hẹn trả: "));
    assert!(!String::from_utf8_lossy(&o.stdout).contains("gia hạn"));
}

/// An extended dossier is late in QĐ 766's sense, even when the result is ready before the new
/// date (and before the first one).
#[tokio::test]
async fn an_extended_dossier_counts_as_late_in_the_day_report() {
    let d = demo_desk().await;
    let code = extended(&d).await;
    lifecycle::move_to(
        &d.db,
        &d.session,
        &code,
        Status::ResultReady,
        "",
        at("2026-02-26T08:00:00+07:00"),
    )
    .await
    .unwrap();
    let r = reports::day(
        &d.db,
        &d.supervisor,
        NaiveDate::from_ymd_opt(2026, 2, 26).unwrap(),
        None,
        at("2026-02-27T09:00:00+07:00"),
    )
    .await
    .unwrap();
    assert_eq!(r.on_time.resolved, 1);
    assert_eq!(r.on_time.late, 1);
    assert_eq!(r.on_time.on_time, 0);
}

// --- Item 8: a backdated intake is bounded and explained ----------------------------------

fn vn_year_now() -> i32 {
    use chrono::Datelike;
    clock::local(Utc::now()).year()
}

#[tokio::test]
async fn a_backdated_intake_needs_a_reason_stays_after_the_units_start_and_is_audited() {
    let d = demo_desk().await;
    let now = Utc::now();
    // A unit set up on this desk today (the shared test desk is set up in 2020).
    sqlx::query("UPDATE unit SET created_at = ? WHERE id = 1")
        .bind(motcua::clock::to_db(now))
        .execute(&d.db)
        .await
        .expect("set-up time");
    let save = |received: String, reason: Option<&str>| {
        let mut input = intake_input("2.000635", Some(&received));
        input.received_reason = reason.map(str::to_string);
        let db = d.db.clone();
        let s = d.session.clone();
        async move { intake::save(&db, &s, &input, now).await }
    };
    let year = vn_year_now();
    // Typed in late without a reason: refused, naming the field.
    let last_week = clock::to_db(now - chrono::Duration::days(7));
    let e = save(last_week.clone(), None).await.unwrap_err();
    assert_eq!(e.code(), "received_reason_required");
    assert_eq!(e.field(), Some("received_reason"));
    assert!(e.to_string().contains("lý do"), "{e}");
    let e = save(last_week.clone(), Some("   ")).await.unwrap_err();
    assert_eq!(e.code(), "received_reason_required");
    // Before 1 January of the year before the unit was set up on this desk: refused.
    let too_old = format!("{}-12-31T09:00:00+07:00", year - 2);
    let e = save(too_old, Some("Nhập hồ sơ cũ")).await.unwrap_err();
    assert_eq!(e.code(), "received_before_unit");
    assert!(
        e.to_string().contains(&format!("01/01/{}", year - 1)),
        "{e}"
    );
    // In the future beyond a small clock skew: refused; within it: "now", no reason needed.
    let e = save(clock::to_db(now + chrono::Duration::hours(1)), None)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "received_in_future");
    save(clock::to_db(now + chrono::Duration::minutes(2)), None)
        .await
        .unwrap();
    save(clock::to_db(now - chrono::Duration::minutes(2)), None)
        .await
        .unwrap();
    // The oldest day allowed, with a reason: recorded, and the reason is audited.
    let oldest = format!("{}-01-02T09:00:00+07:00", year - 1);
    let v = save(oldest, Some("Máy hỏng, nhập lại hồ sơ giấy"))
        .await
        .unwrap();
    let v2 = save(last_week.clone(), Some("Mất điện cả buổi chiều"))
        .await
        .unwrap();
    assert_eq!(v2.summary.received_at, last_week);
    let log = audit::list(&d.db, &d.admin, 100).await.unwrap();
    let backdated: Vec<_> = log
        .iter()
        .filter(|e| e.action == "dossier.backdated")
        .collect();
    assert_eq!(backdated.len(), 2, "only the backdated ones");
    let mine = backdated
        .iter()
        .find(|e| e.subject == v2.summary.code)
        .unwrap();
    assert_eq!(mine.actor, "mai");
    assert!(mine.detail.contains("Mất điện cả buổi chiều"));
    assert!(mine.detail.contains(&last_week));
    assert!(backdated.iter().any(|e| e.subject == v.summary.code));
}

#[test]
fn the_cli_refuses_a_backdated_intake_without_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.sqlite");
    json(&motcua(&db, &["init", "--demo", "--json"]));
    let yesterday = clock::to_db(Utc::now() - chrono::Duration::days(1));
    let args = [
        "intake",
        "--procedure",
        "2.000635",
        "--name",
        "Lê Văn Tâm",
        "--id-number",
        "036085001234",
        "--received",
        &yesterday,
    ];
    let o = motcua(&db, &args);
    assert!(!o.status.success());
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("cần ghi lý do"), "{err}");
    let mut with = args.to_vec();
    with.extend(["--received-reason", "Máy hỏng", "--json"]);
    let v = json(&motcua(&db, &with));
    assert_eq!(v["received_at"], yesterday.as_str());
}

// --- Item 1: the fee collected at hand-out in the ledger ----------------------------------

/// 2 × trích lục (16.000 đồng, collected at result), handed out on 03/03/2026 with the fee
/// settled as `fee`.
async fn handed_out_with(d: &TestDesk, name: &str, fee: motcua::dossier::handout_fee::HandoutFee) {
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
    let code = v.summary.code;
    for (to, t) in [
        (Status::InProcessing, "2026-03-02T10:00:00+07:00"),
        (Status::ResultReady, "2026-03-02T15:00:00+07:00"),
    ] {
        lifecycle::move_to(&d.db, &d.session, &code, to, "", at(t))
            .await
            .unwrap();
    }
    let recipient = lifecycle::Recipient {
        full_name: name.into(),
        id_number: "001190012345".into(),
        is_proxy: false,
        authorisation: None,
    };
    lifecycle::hand_out_settling(
        &d.db,
        &d.session,
        &code,
        recipient,
        Some(fee),
        at("2026-03-03T08:30:00+07:00"),
    )
    .await
    .unwrap();
}

#[tokio::test]
async fn the_ledger_shows_the_fee_settled_at_hand_out() {
    use calamine::{Reader, Xlsx};
    use motcua::dossier::handout_fee::HandoutFee;
    let d = demo_desk().await;
    handed_out_with(
        &d,
        "Nguyễn Văn An",
        HandoutFee {
            method: Some("cash".into()),
            ..Default::default()
        },
    )
    .await;
    handed_out_with(
        &d,
        "Trần Thị Bình",
        HandoutFee {
            unpaid_reason: Some("Xin nộp sau".into()),
            ..Default::default()
        },
    )
    .await;
    let day = NaiveDate::from_ymd_opt(2026, 3, 2).unwrap();
    let rows = motcua::reports::ledger::rows(&d.db, &d.supervisor, day, day)
        .await
        .unwrap();
    let collected = "Thu phí, lệ phí khi trả kết quả: 16.000 đồng (biên lai BLP-26 số 0000001)";
    let unpaid = "Chưa thu phí, lệ phí 16.000 đồng khi trả kết quả";
    assert_eq!(rows[0].handout_fee, collected);
    assert_eq!(rows[1].handout_fee, unpaid);
    let raw = pdf_text(
        &motcua::reports::ledger::pdf(&d.db, &d.supervisor, day, day)
            .await
            .unwrap(),
    );
    assert!(raw.contains("16.000 đồng (biên lai BLP-26 số"), "{raw}");
    assert!(raw.contains("Chưa thu phí, lệ phí 16.000"), "{raw}");
    let bytes = motcua::reports::ledger::xlsx(&d.db, &d.supervisor, day, day)
        .await
        .unwrap();
    let mut book = Xlsx::new(std::io::Cursor::new(bytes)).unwrap();
    let sheet = book.worksheet_range_at(0).unwrap().unwrap();
    let notes: Vec<String> = sheet.rows().skip(1).map(|r| r[12].to_string()).collect();
    assert!(notes[0].contains(collected), "{notes:?}");
    assert!(notes[1].contains(unpaid), "{notes:?}");
}

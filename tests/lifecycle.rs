//! The dossier's local state machine: only the allowed transitions; every move writes the status,
//! its national code, a history event and an outbox row; the supplement goes through the clock
//! pause/resume; handing out the result records who received it.

mod common;

use common::{json, motcua};

use std::process::Output;

use chrono::{DateTime, TimeZone, Utc};
use common::{TEST_CATALOGUE, TestDesk, demo_desk, intake_input};
use motcua::dossier::lifecycle::{self, Recipient, allowed};
use motcua::dossier::{Status, StatusExt};
use motcua::{clock, dossier::intake, reference::catalogue};
use serde_json::Value;

/// The expected table, written independently of the code: (from, to) pairs that are allowed.
const EXPECTED: &[(&str, &str)] = &[
    ("received", "in-processing"),
    ("received", "supplement-requested"),
    ("received", "withdrawn"),
    ("received", "stopped"),
    ("received", "result-ready"),
    ("in-processing", "supplement-requested"),
    ("in-processing", "withdrawn"),
    ("in-processing", "stopped"),
    ("in-processing", "result-ready"),
    ("supplement-requested", "received"),
    ("supplement-requested", "in-processing"),
    ("supplement-requested", "withdrawn"),
    ("supplement-requested", "stopped"),
    ("result-ready", "handed-out"),
];

#[test]
fn every_pair_of_statuses_matches_the_expected_table() {
    let mut checked = 0;
    for from in Status::ALL {
        for to in Status::ALL {
            let expected = EXPECTED.contains(&(from.as_str(), to.as_str()));
            assert_eq!(
                allowed(from, to),
                expected,
                "{} → {}",
                from.as_str(),
                to.as_str()
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 81);
    // Every expected pair names real statuses (a typo would silently pass the loop above).
    for (f, t) in EXPECTED {
        assert!(
            Status::parse(f).is_some() && Status::parse(t).is_some(),
            "{f} {t}"
        );
    }
    for s in [
        Status::Refused,
        Status::Withdrawn,
        Status::Stopped,
        Status::HandedOut,
        Status::SubmittedOnline,
    ] {
        assert!(
            Status::ALL.iter().all(|&to| !allowed(s, to)),
            "{s:?} is final"
        );
    }
}

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap()
}

async fn desk() -> TestDesk {
    let d = demo_desk().await;
    catalogue::import(&d.db, &d.admin, TEST_CATALOGUE, chrono::Utc::now())
        .await
        .unwrap();
    d
}

/// A received dossier, then put in `status` by a direct SQL update.
async fn dossier_in(d: &TestDesk, status: Status) -> String {
    let v = intake::save(
        &d.db,
        &d.session,
        &intake_input("9.999001", Some("2026-02-12T09:00:00+07:00")),
        now(),
    )
    .await
    .unwrap();
    sqlx::query("UPDATE dossier SET status = ?, national_status = ? WHERE code = ?")
        .bind(status.as_str())
        .bind(i64::from(status.national()))
        .bind(&v.summary.code)
        .execute(&d.db)
        .await
        .unwrap();
    v.summary.code
}

async fn national(d: &TestDesk, code: &str) -> i64 {
    sqlx::query_scalar("SELECT national_status FROM dossier WHERE code = ?")
        .bind(code)
        .fetch_one(&d.db)
        .await
        .unwrap()
}

async fn status_outbox(d: &TestDesk) -> Vec<Value> {
    let rows: Vec<String> =
        sqlx::query_scalar("SELECT payload_json FROM outbox WHERE op = 'status' ORDER BY seq")
            .fetch_all(&d.db)
            .await
            .unwrap();
    rows.iter()
        .map(|r| serde_json::from_str(r).unwrap())
        .collect()
}

#[tokio::test]
async fn allowed_moves_write_status_national_code_event_and_outbox() {
    let cases = [
        (Status::Received, Status::InProcessing, ""),
        (Status::Received, Status::ResultReady, ""),
        (
            Status::Received,
            Status::Stopped,
            "Cơ quan có thẩm quyền yêu cầu dừng",
        ),
        (Status::InProcessing, Status::ResultReady, "Đã ký kết quả"),
        (Status::InProcessing, Status::Withdrawn, "Công dân xin rút"),
        // A supplement requested at intake (Mẫu 02): no clock running, a plain move.
        (
            Status::SupplementRequested,
            Status::Withdrawn,
            "Không bổ sung được",
        ),
    ];
    for (from, to, reason) in cases {
        let d = desk().await;
        let code = dossier_in(&d, from).await;
        let v = lifecycle::move_to(&d.db, &d.session, &code, to, reason, now())
            .await
            .unwrap_or_else(|e| panic!("{from:?} → {to:?}: {e}"));
        assert_eq!(v.summary.status, to.as_str());
        assert_eq!(v.summary.status_label, to.label());
        assert_eq!(national(&d, &code).await, i64::from(to.national()));
        let ev = v.events.last().unwrap();
        assert_eq!(ev.kind, "status");
        assert_eq!(ev.actor, "Trần Thị Mai");
        assert_eq!(ev.from_status.as_deref(), Some(from.as_str()));
        assert_eq!(ev.to_status.as_deref(), Some(to.as_str()));
        assert!(ev.note.contains(&to.label()), "{}", ev.note);
        assert!(ev.note.contains(reason), "{}", ev.note);
        let ob = status_outbox(&d).await;
        assert_eq!(ob.len(), 1, "{from:?} → {to:?}");
        assert_eq!(ob[0]["from"], from.as_str());
        assert_eq!(ob[0]["to"], to.as_str());
        assert_eq!(ob[0]["national_status"], to.national());
        assert_eq!(ob[0]["reason"], reason);
    }
}

#[tokio::test]
async fn refused_moves_name_both_statuses_and_change_nothing() {
    let cases = [
        (Status::ResultReady, Status::InProcessing),
        (Status::InProcessing, Status::Received),
        (Status::Received, Status::Refused),
        (Status::Refused, Status::Received),
        (Status::Withdrawn, Status::InProcessing),
        (Status::Stopped, Status::ResultReady),
        (Status::HandedOut, Status::Received),
        (Status::SubmittedOnline, Status::Received),
        (Status::SupplementRequested, Status::ResultReady),
    ];
    for (from, to) in cases {
        let d = desk().await;
        let code = dossier_in(&d, from).await;
        let e = lifecycle::move_to(&d.db, &d.session, &code, to, "lý do", now())
            .await
            .unwrap_err();
        assert_eq!(e.code(), "transition_not_allowed", "{from:?} → {to:?}");
        let msg = e.to_string();
        assert!(
            msg.contains(&from.label()) && msg.contains(&to.label()),
            "{msg}"
        );
        let v = motcua::dossier::get(&d.db, &code).await.unwrap();
        assert_eq!(v.summary.status, from.as_str());
        assert_eq!(v.events.len(), 1, "only the intake event");
        assert!(status_outbox(&d).await.is_empty());
    }
}

#[tokio::test]
async fn withdrawn_and_stopped_need_a_reason() {
    let d = desk().await;
    let code = dossier_in(&d, Status::InProcessing).await;
    for to in [Status::Withdrawn, Status::Stopped] {
        let e = lifecycle::move_to(&d.db, &d.session, &code, to, "  ", now())
            .await
            .unwrap_err();
        assert_eq!((e.code(), e.field()), ("reason_required", Some("reason")));
        assert!(e.to_string().contains(&to.label()));
    }
    assert!(status_outbox(&d).await.is_empty());
    // Other moves do not need one.
    let v = lifecycle::move_to(&d.db, &d.session, &code, Status::ResultReady, "", now())
        .await
        .unwrap();
    assert_eq!(v.summary.status, "result-ready");
}

#[tokio::test]
async fn a_supplement_through_move_to_pauses_and_resuming_moves_the_due_time() {
    let d = desk().await;
    let code = dossier_in(&d, Status::Received).await;
    let paused = clock::parse("2026-02-23T09:00:00+07:00").unwrap();
    let v = lifecycle::move_to(
        &d.db,
        &d.session,
        &code,
        Status::SupplementRequested,
        "Thiếu giấy chứng sinh",
        paused,
    )
    .await
    .unwrap();
    assert_eq!(v.summary.status, "supplement-requested");
    assert_eq!(national(&d, &code).await, 5);
    let paused_at: Option<String> =
        sqlx::query_scalar("SELECT paused_at FROM dossier WHERE code = ?")
            .bind(&code)
            .fetch_one(&d.db)
            .await
            .unwrap();
    assert_eq!(paused_at.as_deref(), Some("2026-02-23T02:00:00Z"));

    // Resumed Wed 25/2 09:00 straight into processing: 3 working days left → Mon 2/3 09:00.
    let resumed = clock::parse("2026-02-25T09:00:00+07:00").unwrap();
    let v = lifecycle::move_to(&d.db, &d.session, &code, Status::InProcessing, "", resumed)
        .await
        .unwrap();
    assert_eq!(v.summary.status, "in-processing");
    assert_eq!(national(&d, &code).await, 4);
    assert_eq!(v.summary.due_at.as_deref(), Some("2026-03-02T02:00:00Z"));
    let kinds: Vec<&str> = v.events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(
        kinds,
        [
            "received",
            "supplement-requested",
            "supplement-received",
            "status"
        ]
    );
    let ops: Vec<String> = sqlx::query_scalar("SELECT op FROM outbox ORDER BY seq")
        .fetch_all(&d.db)
        .await
        .unwrap();
    assert!(
        ops.ends_with(&["pause".into(), "resume".into(), "status".into()]),
        "{ops:?}"
    );

    // A dossier paused while in processing does not go back to "received".
    let v = lifecycle::move_to(
        &d.db,
        &d.session,
        &code,
        Status::SupplementRequested,
        "Thiếu tờ khai",
        resumed,
    )
    .await
    .unwrap();
    assert_eq!(v.summary.status, "supplement-requested");
    let e = lifecycle::move_to(&d.db, &d.session, &code, Status::Received, "", resumed)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "transition_not_allowed");
    let v = lifecycle::move_to(&d.db, &d.session, &code, Status::InProcessing, "", resumed)
        .await
        .unwrap();
    assert_eq!(v.summary.status, "in-processing");
}

#[tokio::test]
async fn resuming_to_received_after_a_pause_from_received() {
    let d = desk().await;
    let code = dossier_in(&d, Status::Received).await;
    let paused = clock::parse("2026-02-23T09:00:00+07:00").unwrap();
    lifecycle::move_to(
        &d.db,
        &d.session,
        &code,
        Status::SupplementRequested,
        "",
        paused,
    )
    .await
    .unwrap();
    let resumed = clock::parse("2026-02-25T09:00:00+07:00").unwrap();
    let v = lifecycle::move_to(&d.db, &d.session, &code, Status::Received, "", resumed)
        .await
        .unwrap();
    assert_eq!(v.summary.status, "received");
    assert_eq!(v.summary.due_at.as_deref(), Some("2026-03-02T02:00:00Z"));
    assert_eq!(v.events.last().unwrap().kind, "supplement-received");
}

fn citizen() -> Recipient {
    Recipient {
        full_name: "Nguyễn Thị Hồng Đặng".into(),
        id_number: "001 190 012 345".into(),
        is_proxy: false,
        authorisation: None,
    }
}

#[tokio::test]
async fn handing_out_records_the_recipient() {
    let d = desk().await;
    let code = dossier_in(&d, Status::ResultReady).await;
    let e = lifecycle::move_to(&d.db, &d.session, &code, Status::HandedOut, "", now())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "use_hand_out");
    assert!(e.to_string().contains("hand-out"));

    let v = lifecycle::hand_out(&d.db, &d.session, &code, citizen(), now())
        .await
        .unwrap();
    assert_eq!(v.summary.status, "handed-out");
    assert_eq!(national(&d, &code).await, 10);
    let ev = v.events.last().unwrap();
    assert_eq!(ev.kind, "handed-out");
    assert_eq!(ev.from_status.as_deref(), Some("result-ready"));
    assert_eq!(ev.to_status.as_deref(), Some("handed-out"));
    assert!(
        ev.note.contains("Nguyễn Thị Hồng Đặng") && ev.note.contains("001190012345"),
        "{}",
        ev.note
    );
    let ob = status_outbox(&d).await;
    assert_eq!(ob.len(), 1);
    assert_eq!(ob[0]["national_status"], 10);
    assert_eq!(ob[0]["recipient"]["id_number"], "001190012345");
    assert_eq!(ob[0]["recipient"]["is_proxy"], false);
    assert!(ob[0]["handed_out_at"].is_string());
    // Final: not twice.
    let e = lifecycle::hand_out(&d.db, &d.session, &code, citizen(), now())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "transition_not_allowed");

    // A proxy with an authorisation.
    let code = dossier_in(&d, Status::ResultReady).await;
    let proxy = Recipient {
        full_name: "Phạm Văn Đức".into(),
        id_number: "036085001234".into(),
        is_proxy: true,
        authorisation: Some("Giấy ủy quyền số 12/2026, UBND xã Tân Phú chứng thực".into()),
    };
    let v = lifecycle::hand_out(&d.db, &d.session, &code, proxy, now())
        .await
        .unwrap();
    let note = &v.events.last().unwrap().note;
    assert!(
        note.contains("Phạm Văn Đức")
            && note.contains("036085001234")
            && note.contains("Giấy ủy quyền số 12/2026"),
        "{note}"
    );
    let ob = status_outbox(&d).await;
    assert_eq!(ob[1]["recipient"]["is_proxy"], true);
    assert_eq!(
        ob[1]["recipient"]["authorisation"],
        "Giấy ủy quyền số 12/2026, UBND xã Tân Phú chứng thực"
    );
}

#[tokio::test]
async fn handing_out_refuses_bad_recipients_and_other_statuses() {
    let d = desk().await;
    let code = dossier_in(&d, Status::InProcessing).await;
    let e = lifecycle::hand_out(&d.db, &d.session, &code, citizen(), now())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "transition_not_allowed");
    assert!(e.to_string().contains(&Status::InProcessing.label()));

    let code = dossier_in(&d, Status::ResultReady).await;
    let mut r = citizen();
    r.full_name = "  ".into();
    let e = lifecycle::hand_out(&d.db, &d.session, &code, r, now())
        .await
        .unwrap_err();
    assert_eq!((e.code(), e.field()), ("name_required", Some("full_name")));

    let mut r = citizen();
    r.id_number = String::new();
    let e = lifecycle::hand_out(&d.db, &d.session, &code, r, now())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "invalid_id_number");
    let mut r = citizen();
    r.id_number = "12345".into();
    let e = lifecycle::hand_out(&d.db, &d.session, &code, r, now())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "invalid_id_number");

    let mut r = citizen();
    r.is_proxy = true;
    let e = lifecycle::hand_out(&d.db, &d.session, &code, r.clone(), now())
        .await
        .unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        ("authorisation_required", Some("authorisation"))
    );
    r.authorisation = Some(" ".into());
    let e = lifecycle::hand_out(&d.db, &d.session, &code, r, now())
        .await
        .unwrap_err();
    assert_eq!(e.code(), "authorisation_required");

    let v = motcua::dossier::get(&d.db, &code).await.unwrap();
    assert_eq!(v.summary.status, "result-ready");
    assert!(status_outbox(&d).await.is_empty());
}

fn error_code(o: &Output) -> Value {
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_slice(&o.stdout).expect("JSON error on stdout");
    v["error"]["code"].clone()
}

#[test]
fn cli_moves_and_hands_out() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.sqlite");
    json(&motcua(&db, &["init", "--demo", "--json"]));
    let out = json(&motcua(
        &db,
        &[
            "intake",
            "--procedure",
            "2.000815",
            "--name",
            "Phạm Văn Đức",
            "--id-number",
            "036085001234",
            "--json",
        ],
    ));
    let code = out["code"].as_str().unwrap().to_string();

    let v = json(&motcua(
        &db,
        &["dossier", &code, "move", "--to", "in-processing", "--json"],
    ));
    assert_eq!(v["summary"]["status"], "in-processing");

    let o = motcua(&db, &["dossier", &code, "move", "--to", "done", "--json"]);
    assert_eq!(error_code(&o), "unknown_status");
    let o = motcua(
        &db,
        &["dossier", &code, "move", "--to", "withdrawn", "--json"],
    );
    assert_eq!(error_code(&o), "reason_required");
    let o = motcua(&db, &["dossier", &code, "move", "--to", "received"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("Đang xử lý") && err.contains("Đã tiếp nhận"),
        "{err}"
    );

    let v = json(&motcua(
        &db,
        &["dossier", &code, "move", "--to", "result-ready", "--json"],
    ));
    assert_eq!(v["summary"]["status"], "result-ready");

    let o = motcua(
        &db,
        &[
            "dossier",
            &code,
            "hand-out",
            "--name",
            "Lê Thị Lan",
            "--id-number",
            "001190012345",
            "--proxy",
            "--json",
        ],
    );
    assert_eq!(error_code(&o), "authorisation_required");
    let v = json(&motcua(
        &db,
        &[
            "dossier",
            &code,
            "hand-out",
            "--name",
            "Lê Thị Lan",
            "--id-number",
            "001190012345",
            "--proxy",
            "--authorisation",
            "Giấy ủy quyền ngày 20/02/2026",
            "--json",
        ],
    ));
    assert_eq!(v["summary"]["status"], "handed-out");
    let events = v["events"].as_array().unwrap();
    let last = events.last().unwrap();
    assert_eq!(last["kind"], "handed-out");
    assert!(last["note"].as_str().unwrap().contains("Lê Thị Lan"));

    let o = motcua(
        &db,
        &["dossier", &code, "move", "--to", "in-processing", "--json"],
    );
    assert_eq!(error_code(&o), "transition_not_allowed");
}

#[tokio::test]
async fn a_supplement_asked_at_intake_cannot_be_resumed() {
    let d = desk().await;
    // Status set by SQL: supplement-requested without a pause, as after a Mẫu 02 at intake.
    let code = dossier_in(&d, Status::SupplementRequested).await;
    for to in [Status::Received, Status::InProcessing] {
        let e = lifecycle::move_to(&d.db, &d.session, &code, to, "", now())
            .await
            .unwrap_err();
        assert_eq!(e.code(), "supplement_at_intake");
        assert!(e.to_string().contains("Mẫu 02"), "{e}");
    }
    let v = lifecycle::move_to(
        &d.db,
        &d.session,
        &code,
        Status::Stopped,
        "Không bổ sung",
        now(),
    )
    .await
    .unwrap();
    assert_eq!(v.summary.status, "stopped");
}

async fn stop_row(d: &TestDesk, code: &str) -> Option<(String, String, String, String)> {
    sqlx::query_as(
        "SELECT s.cause, s.reason, s.at, s.actor FROM dossier_stop s JOIN dossier d ON d.id = s.dossier_id WHERE d.code = ?",
    )
    .bind(code)
    .fetch_optional(&d.db)
    .await
    .unwrap()
}

#[tokio::test]
async fn withdrawing_and_stopping_keep_the_cause_and_reason_for_the_stop_notice() {
    let d = desk().await;
    let cases = [
        (Status::Received, Status::Withdrawn, "withdrawn"),
        (Status::InProcessing, Status::Stopped, "stopped"),
        (Status::SupplementRequested, Status::Withdrawn, "withdrawn"),
    ];
    for (from, to, cause) in cases {
        let code = dossier_in(&d, from).await;
        // Refused (no reason): nothing kept.
        lifecycle::move_to(&d.db, &d.session, &code, to, " ", now())
            .await
            .unwrap_err();
        assert_eq!(stop_row(&d, &code).await, None);
        let v = lifecycle::move_to(&d.db, &d.session, &code, to, " Công dân  xin rút ", now())
            .await
            .unwrap();
        assert_eq!(v.summary.status, to.as_str());
        assert_eq!(
            stop_row(&d, &code).await,
            Some((
                cause.to_string(),
                "Công dân  xin rút".to_string(),
                "2026-03-01T00:00:00Z".to_string(),
                "Trần Thị Mai".to_string()
            )),
            "{from:?} → {to:?}"
        );
    }
    // The shorthands do the same.
    let code = dossier_in(&d, Status::InProcessing).await;
    lifecycle::stop(&d.db, &d.session, &code, "Dừng theo đề nghị", now())
        .await
        .unwrap();
    assert_eq!(stop_row(&d, &code).await.unwrap().0, "stopped");
    let code = dossier_in(&d, Status::InProcessing).await;
    lifecycle::withdraw(&d.db, &d.session, &code, "Xin rút", now())
        .await
        .unwrap();
    assert_eq!(stop_row(&d, &code).await.unwrap().0, "withdrawn");
    // Other moves keep nothing.
    let code = dossier_in(&d, Status::InProcessing).await;
    lifecycle::move_to(
        &d.db,
        &d.session,
        &code,
        Status::ResultReady,
        "Đã ký",
        now(),
    )
    .await
    .unwrap();
    assert_eq!(stop_row(&d, &code).await, None);
}

#[tokio::test]
async fn handing_out_keeps_the_recipient_for_the_hand_over_note() {
    let d = desk().await;
    let code = dossier_in(&d, Status::ResultReady).await;
    let mut bad = citizen();
    bad.id_number = "12345".into();
    lifecycle::hand_out(&d.db, &d.session, &code, bad, now())
        .await
        .unwrap_err();
    let count = || async {
        sqlx::query_scalar::<_, i64>("SELECT COUNT(*) FROM dossier_handover")
            .fetch_one(&d.db)
            .await
            .unwrap()
    };
    assert_eq!(count().await, 0);
    let v = lifecycle::hand_out(&d.db, &d.session, &code, citizen(), now())
        .await
        .unwrap();
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
            "Nguyễn Thị Hồng Đặng".into(),
            "001190012345".into(),
            false,
            String::new(),
            "2026-03-01T00:00:00Z".into(),
            "Trần Thị Mai".into()
        )
    );
    assert!(v.forms.iter().any(|f| *f == "handover"), "{:?}", v.forms);
    // A second hand-out is refused and keeps one row.
    lifecycle::hand_out(&d.db, &d.session, &code, citizen(), now())
        .await
        .unwrap_err();
    assert_eq!(count().await, 1);
}

#[test]
fn cli_hand_out_then_print_the_hand_over_note() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.sqlite");
    json(&motcua(&db, &["init", "--demo", "--json"]));
    let out = json(&motcua(
        &db,
        &[
            "intake",
            "--procedure",
            "2.000815",
            "--name",
            "Phạm Văn Đức",
            "--id-number",
            "036085001234",
            "--json",
        ],
    ));
    let code = out["code"].as_str().unwrap().to_string();
    json(&motcua(
        &db,
        &["dossier", &code, "move", "--to", "result-ready", "--json"],
    ));
    let v = json(&motcua(
        &db,
        &[
            "dossier",
            &code,
            "hand-out",
            "--name",
            "Lê Thị Lan",
            "--id-number",
            "001190012345",
            "--proxy",
            "--authorisation",
            "Giấy ủy quyền ngày 20/02/2026",
            "--json",
        ],
    ));
    assert!(
        v["forms"]
            .as_array()
            .unwrap()
            .contains(&Value::from("handover")),
        "{}",
        v["forms"]
    );
    let file = dir.path().join("handover.pdf");
    let saved = json(&motcua(
        &db,
        &[
            "form",
            "handover",
            &code,
            "-o",
            file.to_str().unwrap(),
            "--json",
        ],
    ));
    assert_eq!(saved["kind"], "handover");
    let out = std::process::Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8(out.stdout).unwrap();
    let lines: Vec<&str> = text.lines().map(str::trim).collect();
    for line in [
        "BIÊN NHẬN TRẢ KẾT QUẢ GIẢI QUYẾT HỒ SƠ",
        "Ông/Bà: Lê Thị Lan",
        "Số căn cước/Hộ chiếu: 001190012345",
        "Nhận với tư cách: Người được ủy quyền",
        "Giấy ủy quyền: Giấy ủy quyền ngày 20/02/2026",
        "Chủ hồ sơ: Phạm Văn Đức",
    ] {
        assert!(lines.contains(&line), "{line:?} not in {text}");
    }
}

//! After intake: a manual due-time override needs a reason and is recorded; a supplement pause
//! stops the clock and the due time moves by the pause, keeping the old and new times.

mod common;

use chrono::{TimeZone, Utc};
use common::{TEST_CATALOGUE, demo_desk, intake_input};
use motcua::{clock, dossier::due_change, dossier::intake, reference::catalogue};

#[tokio::test]
async fn override_needs_a_reason_and_is_recorded_in_the_history() {
    let d = demo_desk().await;
    catalogue::import(&d.db, &d.admin, TEST_CATALOGUE, chrono::Utc::now())
        .await
        .unwrap();
    let now = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
    let v = intake::save(
        &d.db,
        &d.session,
        &intake_input("9.999001", Some("2026-02-12T09:00:00+07:00")),
        now,
    )
    .await
    .unwrap();
    let code = v.summary.code.clone();

    let e = due_change::override_due(
        &d.db,
        &d.session,
        &code,
        "2026-02-27T10:00:00+07:00",
        "  ",
        now,
    )
    .await
    .unwrap_err();
    assert_eq!(e.code(), "reason_required");
    // Sat 28/2/2026 is a weekend day.
    let e = due_change::override_due(
        &d.db,
        &d.session,
        &code,
        "2026-02-28T10:00:00+07:00",
        "Cần xác minh",
        now,
    )
    .await
    .unwrap_err();
    assert_eq!(e.code(), "due_on_day_off");
    let e = due_change::override_due(
        &d.db,
        &d.session,
        &code,
        "2026-02-10T10:00:00+07:00",
        "Nhầm",
        now,
    )
    .await
    .unwrap_err();
    assert_eq!(e.code(), "due_before_received");

    let v = due_change::override_due(
        &d.db,
        &d.session,
        &code,
        "2026-02-27T10:00:00+07:00",
        "Cần xác minh thêm",
        now,
    )
    .await
    .unwrap();
    assert_eq!(v.summary.due_at.as_deref(), Some("2026-02-27T03:00:00Z"));
    let ev = v.events.last().unwrap();
    assert_eq!(ev.kind, "due-override");
    assert!(
        ev.note.contains("09:00 26/02/2026")
            && ev.note.contains("10:00 27/02/2026")
            && ev.note.contains("Cần xác minh thêm"),
        "{}",
        ev.note
    );
    let (old, new, reason): (String, String, String) = sqlx::query_as(
        "SELECT old_due_at, new_due_at, reason FROM dossier_due_change WHERE kind = 'override'",
    )
    .fetch_one(&d.db)
    .await
    .unwrap();
    assert_eq!(
        (old.as_str(), new.as_str(), reason.as_str()),
        (
            "2026-02-26T02:00:00Z",
            "2026-02-27T03:00:00Z",
            "Cần xác minh thêm"
        )
    );
    let outbox: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM outbox WHERE op = 'due-override'")
        .fetch_one(&d.db)
        .await
        .unwrap();
    assert_eq!(outbox, 1);
}

#[tokio::test]
async fn a_supplement_pause_moves_the_due_time_by_the_pause() {
    let d = demo_desk().await;
    catalogue::import(&d.db, &d.admin, TEST_CATALOGUE, chrono::Utc::now())
        .await
        .unwrap();
    let now = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
    // Received Thu 12/2/2026 09:00, 5 working days over Tết → due Thu 26/2 09:00.
    let v = intake::save(
        &d.db,
        &d.session,
        &intake_input("9.999001", Some("2026-02-12T09:00:00+07:00")),
        now,
    )
    .await
    .unwrap();
    let code = v.summary.code.clone();
    assert_eq!(v.summary.due_at.as_deref(), Some("2026-02-26T02:00:00Z"));

    // Paused Mon 23/2 09:00: 3 working days were left (23, 24, 25 → 26 09:00).
    let paused = clock::parse("2026-02-23T09:00:00+07:00").unwrap();
    let v =
        motcua::dossier::pause::pause(&d.db, &d.session, &code, paused, "Thiếu giấy chứng sinh")
            .await
            .unwrap();
    assert_eq!(v.summary.status, "supplement-requested");
    assert!(
        motcua::dossier::pause::pause(&d.db, &d.session, &code, paused, "")
            .await
            .is_err(),
        "cannot pause twice"
    );

    // Resumed Wed 25/2 09:00: 3 working days from then → Mon 2/3 09:00.
    let resumed = clock::parse("2026-02-25T09:00:00+07:00").unwrap();
    let v = motcua::dossier::pause::resume(&d.db, &d.session, &code, resumed)
        .await
        .unwrap();
    assert_eq!(v.summary.status, "received");
    assert_eq!(v.summary.due_at.as_deref(), Some("2026-03-02T02:00:00Z"));
    let (old, new): (String, String) = sqlx::query_as(
        "SELECT old_due_at, new_due_at FROM dossier_due_change WHERE kind = 'resume'",
    )
    .fetch_one(&d.db)
    .await
    .unwrap();
    assert_eq!(
        (old.as_str(), new.as_str()),
        ("2026-02-26T02:00:00Z", "2026-03-02T02:00:00Z")
    );
    assert!(
        motcua::dossier::pause::resume(&d.db, &d.session, &code, resumed)
            .await
            .is_err(),
        "not paused any more"
    );
    let kinds: Vec<String> = v.events.iter().map(|e| e.kind.clone()).collect();
    assert_eq!(
        kinds,
        ["received", "supplement-requested", "supplement-received"]
    );
}

#[tokio::test]
async fn a_due_time_set_at_intake_keeps_the_computed_one_in_the_history() {
    let d = demo_desk().await;
    catalogue::import(&d.db, &d.admin, TEST_CATALOGUE, chrono::Utc::now())
        .await
        .unwrap();
    let now = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
    let mut input = intake_input("9.999001", Some("2026-02-12T09:00:00+07:00"));
    input.due_override = Some(motcua::dto::DueOverride {
        due_at: "2026-02-27T15:00:00+07:00".into(),
        reason: String::new(),
    });
    let e = intake::save(&d.db, &d.session, &input, now)
        .await
        .unwrap_err();
    assert_eq!((e.code(), e.field()), ("reason_required", Some("reason")));
    let none: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM dossier")
        .fetch_one(&d.db)
        .await
        .unwrap();
    assert_eq!(none, 0);

    input.due_override = Some(motcua::dto::DueOverride {
        due_at: "2026-02-27T15:00:00+07:00".into(),
        reason: "Hồ sơ phức tạp".into(),
    });
    let v = intake::save(&d.db, &d.session, &input, now).await.unwrap();
    assert_eq!(v.summary.due_at.as_deref(), Some("2026-02-27T08:00:00Z"));
    let kinds: Vec<&str> = v.events.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["received", "due-override"]);
    let (old, new): (String, String) =
        sqlx::query_as("SELECT old_due_at, new_due_at FROM dossier_due_change")
            .fetch_one(&d.db)
            .await
            .unwrap();
    assert_eq!(
        (old.as_str(), new.as_str()),
        ("2026-02-26T02:00:00Z", "2026-02-27T08:00:00Z")
    );
    assert!(v.due_explanation.contains("Hồ sơ phức tạp"));
}

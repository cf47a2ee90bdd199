//! Intake end to end in the core: set-up, catalogue search, saving a dossier in one transaction,
//! dossier codes, due times, validation messages, listing and the receipt.

mod common;

use chrono::{TimeZone, Utc};
use common::{TEST_CATALOGUE, demo_desk, intake_input};
use motcua::{dossier, dossier::intake, forms, reference::catalogue};

async fn count(db: &motcua::store::Db, table: &str) -> i64 {
    sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
        .fetch_one(db)
        .await
        .expect("count")
}

#[tokio::test]
async fn database_runs_in_wal_mode_with_foreign_keys() {
    let d = demo_desk().await;
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&d.db)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    let fk: i64 = sqlx::query_scalar("PRAGMA foreign_keys")
        .fetch_one(&d.db)
        .await
        .unwrap();
    assert_eq!(fk, 1);
}

#[tokio::test]
async fn demo_catalogue_has_twenty_real_procedures_and_searches_without_diacritics() {
    let d = demo_desk().await;
    let all = catalogue::list(&d.db).await.unwrap();
    assert!(
        all.len() >= 20,
        "demo catalogue has {} procedures",
        all.len()
    );
    let hits = catalogue::search(&d.db, "chung thuc", 50).await.unwrap();
    assert!(
        !hits.is_empty()
            && hits
                .iter()
                .all(|p| p.name.contains("hứng thực") || p.field.contains("Chứng thực")),
        "{hits:?}"
    );
    let hits = catalogue::search(&d.db, "dang ky", 50).await.unwrap();
    assert!(
        hits.iter().any(|p| p.name.starts_with("Đăng ký")),
        "{hits:?}"
    );
    let hits = catalogue::search(&d.db, "2.000815", 5).await.unwrap();
    assert_eq!(hits.first().map(|p| p.code.as_str()), Some("2.000815"));
    assert!(
        catalogue::search(&d.db, "khong co thu tuc nay xyz", 5)
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn saving_writes_dossier_documents_event_and_outbox_together() {
    let d = demo_desk().await;
    catalogue::import(&d.db, &d.admin, TEST_CATALOGUE, chrono::Utc::now())
        .await
        .unwrap();
    let view = intake::save(
        &d.db,
        &d.session,
        &intake_input("9.999001", None),
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!(count(&d.db, "dossier").await, 1);
    assert_eq!(count(&d.db, "dossier_document").await, 1);
    assert_eq!(count(&d.db, "dossier_event").await, 1);
    assert_eq!(count(&d.db, "outbox").await, 1);
    let payload: String = sqlx::query_scalar("SELECT payload_json FROM outbox")
        .fetch_one(&d.db)
        .await
        .unwrap();
    assert!(payload.contains(&view.summary.code));
    assert_eq!(
        view.submitter.phone, "0912345678",
        "phone stored normalised"
    );
    assert_eq!(view.summary.status, "received");
}

#[tokio::test]
async fn a_failure_inside_the_transaction_leaves_nothing_behind() {
    let d = demo_desk().await;
    catalogue::import(&d.db, &d.admin, TEST_CATALOGUE, chrono::Utc::now())
        .await
        .unwrap();
    // The last write of the transaction (the outbox row) fails.
    sqlx::query("CREATE TRIGGER fail_outbox BEFORE INSERT ON outbox BEGIN SELECT RAISE(ABORT, 'disk full'); END")
        .execute(&d.db)
        .await
        .unwrap();
    assert!(
        intake::save(
            &d.db,
            &d.session,
            &intake_input("9.999001", None),
            Utc::now()
        )
        .await
        .is_err()
    );
    for t in ["dossier", "dossier_document", "dossier_event", "outbox"] {
        assert_eq!(count(&d.db, t).await, 0, "{t} must be empty");
    }
    let seq: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM daily_sequence")
        .fetch_one(&d.db)
        .await
        .unwrap();
    assert_eq!(seq, 0, "the day's number is not consumed by a failed save");
}

#[tokio::test]
async fn codes_count_per_unit_per_vietnam_day() {
    let d = demo_desk().await;
    catalogue::import(&d.db, &d.admin, TEST_CATALOGUE, chrono::Utc::now())
        .await
        .unwrap();
    let now = Utc.with_ymd_and_hms(2026, 3, 10, 9, 0, 0).unwrap();
    // 16:59 UTC on 4 March is 23:59 in Vietnam (still 4 March); 17:00 UTC is 00:00 on 5 March.
    let a = intake::save(
        &d.db,
        &d.session,
        &intake_input("9.999001", Some("2026-03-04T16:59:00Z")),
        now,
    )
    .await
    .unwrap();
    let b = intake::save(
        &d.db,
        &d.session,
        &intake_input("9.999001", Some("2026-03-04T08:00:00+07:00")),
        now,
    )
    .await
    .unwrap();
    let c = intake::save(
        &d.db,
        &d.session,
        &intake_input("9.999001", Some("2026-03-04T17:00:00Z")),
        now,
    )
    .await
    .unwrap();
    assert_eq!(a.summary.code, "000.00.31.H29-260304-0001");
    assert_eq!(b.summary.code, "000.00.31.H29-260304-0002");
    assert_eq!(c.summary.code, "000.00.31.H29-260305-0001");
    assert_eq!(
        (a.ledger_book.as_str(), a.ledger_number, c.ledger_number),
        ("2026", 1, 3)
    );
}

#[tokio::test]
async fn a_desk_with_a_share_of_the_sequence_takes_only_its_numbers() {
    let d = demo_desk().await;
    catalogue::import(&d.db, &d.admin, TEST_CATALOGUE, chrono::Utc::now())
        .await
        .unwrap();
    sqlx::query("UPDATE desk SET seq_offset = 1, seq_stride = 3")
        .execute(&d.db)
        .await
        .unwrap();
    let now = Utc.with_ymd_and_hms(2026, 3, 10, 9, 0, 0).unwrap();
    let a = intake::save(
        &d.db,
        &d.session,
        &intake_input("9.999001", Some("2026-03-04T09:00:00+07:00")),
        now,
    )
    .await
    .unwrap();
    let b = intake::save(
        &d.db,
        &d.session,
        &intake_input("9.999001", Some("2026-03-04T09:05:00+07:00")),
        now,
    )
    .await
    .unwrap();
    assert!(a.summary.code.ends_with("-0002"), "{}", a.summary.code);
    assert!(b.summary.code.ends_with("-0005"), "{}", b.summary.code);
}

#[tokio::test]
async fn due_time_is_the_same_clock_time_five_working_days_later() {
    let d = demo_desk().await;
    catalogue::import(&d.db, &d.admin, TEST_CATALOGUE, chrono::Utc::now())
        .await
        .unwrap();
    let now = Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap();
    // A unit set up on its desk in 2023 (a backdated intake goes back no further than 1 January
    // of the year before the set-up: src/backdate.rs).
    sqlx::query("UPDATE unit SET created_at = '2023-06-01T00:00:00Z' WHERE id = 1")
        .execute(&d.db)
        .await
        .unwrap();
    // domain.md: Fri 27/10/2023 09:32 + 5 working days → Fri 03/11/2023 09:32.
    let v = intake::save(
        &d.db,
        &d.session,
        &intake_input("9.999001", Some("2023-10-27T09:32:00+07:00")),
        now,
    )
    .await
    .unwrap();
    assert_eq!(v.summary.due_at.as_deref(), Some("2023-11-03T02:32:00Z"));
    // Across Tết Bính Ngọ (14/2-22/2/2026 off): Thu 12/2 09:00 + 5 → 12, 13 | 23, 24, 25, 26 → Thu 26/2 09:00.
    let v = intake::save(
        &d.db,
        &d.session,
        &intake_input("9.999001", Some("2026-02-12T09:00:00+07:00")),
        now,
    )
    .await
    .unwrap();
    assert_eq!(v.summary.due_at.as_deref(), Some("2026-02-26T02:00:00Z"));
    assert!(v.due_explanation.contains("Tết"), "{}", v.due_explanation);
}

#[tokio::test]
async fn bad_input_gets_a_vietnamese_message_naming_the_field() {
    let d = demo_desk().await;
    catalogue::import(&d.db, &d.admin, TEST_CATALOGUE, chrono::Utc::now())
        .await
        .unwrap();
    let mut input = intake_input("9.999001", None);
    input.submitter.full_name = "   ".into();
    let e = intake::save(&d.db, &d.session, &input, Utc::now())
        .await
        .unwrap_err();
    assert_eq!((e.code(), e.field()), ("required", Some("full_name")));
    assert_eq!(e.to_string(), "Chưa nhập họ và tên người nộp hồ sơ.");

    let mut input = intake_input("9.999001", None);
    input.submitter.id_number = "12345".into();
    let e = intake::save(&d.db, &d.session, &input, Utc::now())
        .await
        .unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        ("invalid_id_number", Some("id_number"))
    );
    assert!(e.to_string().contains("12 chữ số"), "{e}");

    let e = intake::save(
        &d.db,
        &d.session,
        &intake_input("0.000000", None),
        Utc::now(),
    )
    .await
    .unwrap_err();
    assert_eq!(
        (e.code(), e.field()),
        ("unknown_procedure", Some("procedure_code"))
    );
    assert!(e.to_string().starts_with("Không tìm thấy thủ tục"), "{e}");

    let mut input = intake_input("9.999001", None);
    input.delivery = "online".into();
    let e = intake::save(&d.db, &d.session, &input, Utc::now())
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("delivery"));
    assert_eq!(count(&d.db, "dossier").await, 0, "nothing half-saved");
}

#[tokio::test]
async fn today_list_searches_by_code_name_and_id_number() {
    let d = demo_desk().await;
    catalogue::import(&d.db, &d.admin, TEST_CATALOGUE, chrono::Utc::now())
        .await
        .unwrap();
    let now = Utc::now();
    let v = intake::save(&d.db, &d.session, &intake_input("9.999001", None), now)
        .await
        .unwrap();
    let mut other = intake_input("9.999001", None);
    other.submitter.full_name = "Lê Văn Bình".into();
    other.submitter.id_number = "079095000111".into();
    intake::save(&d.db, &d.session, &other, now).await.unwrap();
    let by = |q: String| {
        let db = d.db.clone();
        let s = d.session.clone();
        async move {
            dossier::list(&db, &s, &q, true, now, 50)
                .await
                .unwrap()
                .into_iter()
                .map(|s| s.submitter_name)
                .collect::<Vec<_>>()
        }
    };
    assert_eq!(by(String::new()).await.len(), 2);
    assert_eq!(by("dang".into()).await, vec!["Nguyễn Thị Hồng Đặng"]);
    assert_eq!(by("Bình".into()).await, vec!["Lê Văn Bình"]);
    assert_eq!(by("0790950".into()).await, vec!["Lê Văn Bình"]);
    assert_eq!(
        by(v.summary.code.to_lowercase()).await,
        vec!["Nguyễn Thị Hồng Đặng"]
    );
    // Yesterday's dossiers are not in today's list.
    let yesterday = now - chrono::Duration::days(1);
    assert!(
        dossier::list(
            &d.db,
            &d.session,
            "",
            true,
            yesterday - chrono::Duration::days(1),
            50
        )
        .await
        .unwrap()
        .is_empty()
    );
}

#[tokio::test]
async fn receipt_is_saved_and_every_save_is_logged() {
    let d = demo_desk().await;
    catalogue::import(&d.db, &d.admin, TEST_CATALOGUE, chrono::Utc::now())
        .await
        .unwrap();
    let v = intake::save(
        &d.db,
        &d.session,
        &intake_input("9.999001", None),
        Utc::now(),
    )
    .await
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r.pdf");
    forms::save_to(
        &d.db,
        &d.session,
        forms::FormKind::Receipt,
        &v.summary.code,
        &file,
    )
    .await
    .unwrap();
    let bytes = std::fs::read(&file).unwrap();
    assert!(bytes.starts_with(b"%PDF"));
    forms::save_to(
        &d.db,
        &d.session,
        forms::FormKind::Receipt,
        &v.summary.code,
        &file,
    )
    .await
    .unwrap();
    let again = dossier::get(&d.db, &v.summary.code).await.unwrap();
    assert_eq!(again.prints.len(), 2);
    assert_eq!(
        forms::lookup_url("https://x.vn/tra-cuu", "A-1"),
        "https://x.vn/tra-cuu?ma=A-1"
    );
    assert_eq!(
        forms::lookup_url("https://x.vn/tc?u=1", "A-1"),
        "https://x.vn/tc?u=1&ma=A-1"
    );
}

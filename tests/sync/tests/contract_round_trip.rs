//! Desk → contract → portal, in one process, for every kind of change: the real desk records a
//! dossier's whole life (intake, due override, moves, pause and resume, extension, hand-out,
//! withdrawal, stop); each outbox row it wrote is read back as the contract's type (its text is
//! the canonical serialisation, its hash the contract's), and the real portal stores and applies
//! every one of them, ending in the desk's own state.

use chrono::{DateTime, Utc};
use motcua::dossier::Status;
use motcua::dossier::lifecycle::{self, Recipient};
use motcua::dto::{Applicant, DocumentReceived, IntakeInput};
use motcua::store::Db;
use motcua::{dossier::due_change, reference::desk};
use motcua_portal::desks::AuthDesk;
use motcua_portal::{dossiers, push, units};
use motcua_protocol::change::{DossierChange, Op};
use motcua_protocol::{Change, PushStatus, content_hash};

const UNIT: &str = "000.00.31.H29";

fn t(s: &str) -> DateTime<Utc> {
    motcua::clock::parse(s).expect("instant")
}

async fn intake(db: &Db, s: &motcua::accounts::Session, received: &str) -> String {
    let input = IntakeInput {
        // Đăng ký giám hộ: 3 working days, free, taken on paper (1.001193, birth registration,
        // is online-only in the demo catalogue and is recorded as an assisted online submission).
        procedure_code: "1.004837".into(),
        received_at: Some(received.into()),
        received_reason: Some("Nhập lại hồ sơ giấy".into()),
        submitter: Applicant {
            full_name: "Nguyễn Thị Hồng".into(),
            id_number: "001190012345".into(),
            phone: "0912 345 678".into(),
            email: String::new(),
            address: "Thôn Đông, xã Tân Phú".into(),
        },
        owner: None,
        documents: vec![DocumentReceived {
            name: "Tờ khai".into(),
            original: 1,
            certified: 0,
            photocopy: 0,
        }],
        sets_count: 1,
        delivery: "counter".into(),
        ..Default::default()
    };
    motcua::dossier::intake::save(db, s, &input, t(received))
        .await
        .expect("intake")
        .summary
        .code
}

/// The outbox rows in the order the desk sends them.
async fn outbox(db: &Db) -> Vec<Change> {
    let rows: Vec<(i64, String, String, String, String, String, String)> = sqlx::query_as(
        "SELECT seq, entity, entity_id, op, payload_json, content_hash, created_at FROM outbox ORDER BY seq",
    )
    .fetch_all(db)
    .await
    .expect("outbox");
    rows.into_iter()
        .map(
            |(seq, entity, entity_id, op, payload, content_hash, desk_time)| Change {
                seq,
                entity,
                entity_id,
                op,
                payload,
                content_hash,
                desk_time,
            },
        )
        .collect()
}

#[tokio::test]
async fn every_kind_of_change_goes_from_desk_to_portal() {
    motcua::i18n::set_locale("vi");
    let dir = tempfile::tempdir().expect("temp dir");
    let db = motcua::store::open(&dir.path().join("desk.sqlite"))
        .await
        .expect("desk db");
    desk::setup(&db, &desk::demo_setup("mat-khau-hop-dong"))
        .await
        .expect("setup");
    let s = motcua::accounts::sign_in(&db, "admin", "mat-khau-hop-dong", t("2026-11-24T01:00:00Z"))
        .await
        .expect("sign in");

    // One dossier through its whole life.
    let code = intake(&db, &s, "2026-11-24T01:32:00Z").await;
    let now = t("2026-11-24T02:00:00Z");
    due_change::override_due(
        &db,
        &s,
        &code,
        "2026-12-01T02:00:00Z",
        "Hẹn theo lịch trực",
        now,
    )
    .await
    .expect("override");
    lifecycle::move_to(
        &db,
        &s,
        &code,
        Status::InProcessing,
        "",
        t("2026-11-24T03:00:00Z"),
    )
    .await
    .expect("in processing");
    lifecycle::move_to(
        &db,
        &s,
        &code,
        Status::SupplementRequested,
        "Thiếu giấy chứng sinh",
        t("2026-11-25T02:00:00Z"),
    )
    .await
    .expect("pause");
    lifecycle::move_to(
        &db,
        &s,
        &code,
        Status::InProcessing,
        "",
        t("2026-11-26T02:00:00Z"),
    )
    .await
    .expect("resume");
    due_change::extend(
        &db,
        &s,
        &code,
        "2026-12-04T02:00:00Z",
        "Cần xác minh thêm",
        t("2026-11-27T02:00:00Z"),
    )
    .await
    .expect("extend");
    motcua::dossier::correction::correct(
        &db,
        &s,
        &code,
        "phone",
        "0912345679",
        "Gõ nhầm số cuối",
        t("2026-11-27T03:00:00Z"),
    )
    .await
    .expect("correct");
    lifecycle::move_to(
        &db,
        &s,
        &code,
        Status::ResultReady,
        "",
        t("2026-11-30T02:00:00Z"),
    )
    .await
    .expect("result ready");
    let recipient = Recipient {
        full_name: "Trần Văn Nam".into(),
        id_number: "001090012345".into(),
        is_proxy: true,
        authorisation: Some("Giấy ủy quyền số 12/2026".into()),
    };
    let handed = lifecycle::hand_out(&db, &s, &code, recipient, t("2026-12-01T02:00:00Z"))
        .await
        .expect("hand out");
    // Two that end early.
    let withdrawn = intake(&db, &s, "2026-11-24T01:40:00Z").await;
    lifecycle::withdraw(
        &db,
        &s,
        &withdrawn,
        "Công dân xin rút",
        t("2026-11-24T04:00:00Z"),
    )
    .await
    .expect("withdraw");
    let stopped = intake(&db, &s, "2026-11-24T01:50:00Z").await;
    lifecycle::stop(
        &db,
        &s,
        &stopped,
        "Hồ sơ giả mạo",
        t("2026-11-24T05:00:00Z"),
    )
    .await
    .expect("stop");

    // Every row is the contract's type, written in its one canonical form with its one hash.
    let rows = outbox(&db).await;
    let mut kinds = Vec::new();
    let mut hand_out_seen = false;
    let mut extension_seen = false;
    for row in &rows {
        let change = DossierChange::decode(&row.op, &row.payload)
            .unwrap_or_else(|e| panic!("the desk wrote a row the contract refuses: {e}\n{row:?}"));
        assert_eq!(change.payload(), row.payload, "not the canonical text");
        assert_eq!(row.content_hash, content_hash(&row.payload));
        assert_eq!(change.content_hash(), row.content_hash);
        assert_eq!(change.dossier_id(), row.entity_id);
        assert_eq!(row.entity, "dossier");
        match &change {
            DossierChange::Status(m) if m.recipient.is_some() => {
                hand_out_seen = true;
                assert_eq!(m.to, Status::HandedOut);
                assert_eq!(m.handed_out_at.as_ref(), Some(&m.at));
            }
            DossierChange::DueOverride(d) if d.extension => extension_seen = true,
            _ => {}
        }
        kinds.push(change.op());
    }
    for op in Op::ALL {
        assert!(kinds.contains(&op), "no {} change recorded", op.as_str());
    }
    assert!(hand_out_seen && extension_seen);

    // The portal takes every row and ends where the desk is.
    let pdir = tempfile::tempdir().expect("temp dir");
    let url = pdir.path().join("portal.db").display().to_string();
    let pdb = motcua_portal::open(&url).await.expect("portal db");
    units::add(
        &pdb,
        &units::NewUnit {
            code: UNIT.into(),
            name: "Trung tâm Phục vụ hành chính công xã Định Mỹ".into(),
            parent_authority: "UBND xã Định Mỹ".into(),
            place: "Định Mỹ".into(),
            hotline: "1900 0000".into(),
            lookup_url: "https://cong.example.vn/tra-cuu".into(),
            desk_slots: 1,
        },
    )
    .await
    .expect("unit");
    // A desk the portal knows (the push checks each code against the pushing desk's share).
    let desk = motcua_portal::desks::add(&pdb, UNIT, Some("Quầy 1"))
        .await
        .expect("desk");
    let auth = AuthDesk {
        id: desk.desk_id,
        unit_code: UNIT.into(),
        name: "Quầy 1".into(),
    };
    // Each row alone (the path that applies every kind), then the whole batch again.
    for row in &rows {
        let r = push::store_change(&pdb, &auth, row).await.expect("push");
        assert_eq!(r.status, PushStatus::Stored, "{:?}: {:?}", row.op, r.reason);
    }
    let again = push::store_batch(&pdb, &auth, &rows).await.expect("push");
    assert!(again.iter().all(|r| r.status == PushStatus::Duplicate));

    let on_portal = dossiers::list(&pdb, Some(UNIT)).await.expect("list");
    let status_of = |code: &str| {
        let d = on_portal
            .iter()
            .find(|d| d.code == code)
            .expect("dossier on the portal");
        (d.status.clone(), d.national_status, d.due_at.clone())
    };
    assert_eq!(
        status_of(&code),
        ("handed-out".to_string(), 10, handed.summary.due_at.clone())
    );
    assert_eq!(status_of(&withdrawn).0, "withdrawn");
    assert_eq!(status_of(&stopped).0, "stopped");
    let steps: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM processing_step")
        .fetch_one(&pdb.pool)
        .await
        .expect("steps");
    assert_eq!(steps, rows.len() as i64, "one processing step per change");
}

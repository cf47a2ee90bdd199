//! Hardening, round two (issue 14), the portal's points: whole dossier codes checked on push (2),
//! payload and conflict caps (7), no other unit's code in an answer (10), the database file
//! private (13). On SQLite and (with MOTCUA_PORTAL_TEST_PG) on PostgreSQL where the database
//! matters. Connection timeouts (3) are in `connections.rs`, the API description (11) in
//! `openapi_spec.rs`.

mod common;

use chrono::{Duration, Utc};
use common::{Env, TestDesk, change, create_payload, new_id};
use motcua_portal::push::{self, MAX_CONFLICT_PAYLOADS, MAX_PAYLOAD_BYTES};
use motcua_protocol::PushStatus;
use serde_json::{Value, json};

both_backends!(
    a_desk_cannot_take_another_desks_number,
    malformed_codes_are_quarantined_not_stored,
    codes_dated_far_ahead_are_refused,
    numbers_received_before_enrollment_are_kept,
    a_create_with_another_units_id_does_not_name_its_code,
    an_oversized_payload_is_rejected_before_it_is_stored,
    conflicting_payloads_are_kept_up_to_a_cap_and_counted_beyond,
    nul_characters_are_refused_not_a_server_error,
);

const UNIT: &str = "000.00.31.H29";

/// Today's `YYMMDD` in Vietnam time.
fn today() -> String {
    (Utc::now() + Duration::hours(7))
        .format("%y%m%d")
        .to_string()
}

/// A create of `desk`'s unit received now, with `code`.
fn create_now(id: &str, code: &str, unit: &str) -> Value {
    let mut p = create_payload(id, code, unit);
    let now = Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    p["received_at"] = json!(now);
    p["desk_time"] = json!(now);
    p
}

async fn push_create(env: &Env, desk: &TestDesk, seq: i64, code: &str) -> (PushStatus, String) {
    let id = new_id();
    let r = env
        .push(
            desk,
            &[change(seq, "create", &id, &create_now(&id, code, UNIT))],
        )
        .await;
    (
        r.results[0].status,
        r.results[0].reason.clone().unwrap_or_default(),
    )
}

async fn stored_codes(env: &Env) -> Vec<String> {
    sqlx::query_scalar("SELECT code FROM dossier ORDER BY code")
        .fetch_all(&env.db.pool)
        .await
        .unwrap()
}

/// Issue 14, point 2: slot 0 pushed `…-261208-0002` (slot 1's number); it was stored, and the
/// real 0002 was then refused as "code taken".
async fn a_desk_cannot_take_another_desks_number(env: Env) {
    env.unit(UNIT).await;
    let slot0 = env.desk(UNIT).await;
    let slot1 = env.desk(UNIT).await;
    assert_eq!(
        (slot0.enrolled.seq_offset, slot1.enrolled.seq_offset),
        (0, 1)
    );
    let theirs = format!("{UNIT}-{}-0002", today());
    let (status, reason) = push_create(&env, &slot0, 1, &theirs).await;
    assert_eq!(status, PushStatus::Rejected, "{reason}");
    assert!(reason.contains("không thuộc phần số thứ tự"), "{reason}");
    assert!(stored_codes(&env).await.is_empty());
    // The real owner's dossier is stored; slot 0's own numbers still are.
    let (status, reason) = push_create(&env, &slot1, 1, &theirs).await;
    assert_eq!(status, PushStatus::Stored, "{reason}");
    for (seq, n) in [(2, 1), (3, 4), (4, 7)] {
        let code = format!("{UNIT}-{}-{n:04}", today());
        let (status, reason) = push_create(&env, &slot0, seq, &code).await;
        assert_eq!(status, PushStatus::Stored, "{code}: {reason}");
    }
    // Several in one batch take the multi-row path: one bad number sends the batch row by row,
    // and only that row is refused.
    let t = today();
    let rows: Vec<_> = [10, 13, 14, 16]
        .iter()
        .enumerate()
        .map(|(i, n)| {
            let id = new_id();
            let code = format!("{UNIT}-{t}-{n:04}");
            change(10 + i as i64, "create", &id, &create_now(&id, &code, UNIT))
        })
        .collect();
    let r = env.push(&slot0, &rows).await;
    let statuses: Vec<_> = r.results.iter().map(|x| x.status).collect();
    assert_eq!(
        statuses,
        [
            PushStatus::Stored,
            PushStatus::Stored,
            PushStatus::Rejected,
            PushStatus::Stored
        ],
        "{:?}",
        r.results
    );
    assert_eq!(stored_codes(&env).await.len(), 7);
}

/// Issue 14, point 2: `…H29-<script>…`, `…H29-`, `…-991399-0001` and a 5,000-character code were
/// stored.
async fn malformed_codes_are_quarantined_not_stored(env: Env) {
    env.unit(UNIT).await;
    let desk = env.desk(UNIT).await;
    let long = format!("{UNIT}-{}-{}", today(), "1".repeat(5000 - UNIT.len() - 8));
    assert_eq!(long.len(), 5000);
    let cases = [
        format!("{UNIT}-<script>alert(1)</script>"),
        format!("{UNIT}-"),
        format!("{UNIT}-991399-0001"),
        long,
        format!("{UNIT}-{}-001", today()),
        format!("{UNIT}-{}-0000", today()),
        format!("{UNIT}-{}-00001", today()),
        format!("{UNIT}--{}-0001", today()),
    ];
    for (i, code) in cases.iter().enumerate() {
        let (status, reason) = push_create(&env, &desk, i as i64 + 1, code).await;
        assert_eq!(status, PushStatus::Rejected, "{code}");
        assert!(
            reason.contains("không đúng dạng")
                || reason.contains("không phải một ngày")
                || reason.contains("Số thứ tự"),
            "{code}: {reason}"
        );
        // The reason quotes at most 40 characters of what the desk sent.
        assert!(reason.chars().count() < 400, "{reason}");
    }
    assert!(stored_codes(&env).await.is_empty());
    assert_eq!(env.count("SELECT COUNT(*) FROM change").await, 0);
}

async fn codes_dated_far_ahead_are_refused(env: Env) {
    env.unit(UNIT).await;
    let desk = env.desk(UNIT).await;
    let ahead = Utc::now() + Duration::days(3);
    let day = (ahead + Duration::hours(7)).format("%y%m%d").to_string();
    let id = new_id();
    let mut p = create_payload(&id, &format!("{UNIT}-{day}-0001"), UNIT);
    p["received_at"] = json!(ahead.to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    let r = env.push(&desk, &[change(1, "create", &id, &p)]).await;
    assert_eq!(r.results[0].status, PushStatus::Rejected);
    assert!(
        r.results[0]
            .reason
            .as_deref()
            .unwrap()
            .contains("tương lai"),
        "{:?}",
        r.results[0]
    );
    // A code whose day is not the day the dossier was received.
    let id = new_id();
    let mut p = create_now(&id, &format!("{UNIT}-260101-0001"), UNIT);
    p["code"] = json!(format!("{UNIT}-260101-0001"));
    let r = env.push(&desk, &[change(2, "create", &id, &p)]).await;
    assert_eq!(r.results[0].status, PushStatus::Rejected);
    assert!(stored_codes(&env).await.is_empty());
}

/// A desk set up alone before it enrolled numbered its dossiers 1, 2, 3, …; they reach the
/// portal after enrollment and are kept (their day is before the desk took its share).
async fn numbers_received_before_enrollment_are_kept(env: Env) {
    env.unit(UNIT).await;
    let slot0 = env.desk(UNIT).await;
    let id = new_id();
    // create_payload's dossier was received on 27/11/2026, before this desk enrolled.
    let p = create_payload(&id, &format!("{UNIT}-261127-0002"), UNIT);
    let r = env.push(&slot0, &[change(1, "create", &id, &p)]).await;
    assert_eq!(r.results[0].status, PushStatus::Stored, "{:?}", r.results);
}

/// Issue 14, point 10: a desk that pushed a create with another unit's dossier id was told that
/// dossier's code.
async fn a_create_with_another_units_id_does_not_name_its_code(env: Env) {
    env.unit("UA").await;
    env.unit("UB").await;
    let a = env.desk("UA").await;
    let b = env.desk("UB").await;
    // A create of `desk` with dossier id `id` and `code` (received 27/11/2026): status, reason.
    let create = |desk: &TestDesk, seq: i64, id: &str, code: &str| {
        let (env, desk, id, code) = (env.clone(), desk.clone(), id.to_string(), code.to_string());
        async move {
            let unit = desk.unit_code.clone();
            let p = create_payload(&id, &code, &unit);
            let r = env.push(&desk, &[change(seq, "create", &id, &p)]).await;
            (
                r.results[0].status,
                r.results[0].reason.clone().unwrap_or_default(),
            )
        }
    };
    let id = new_id();
    assert_eq!(
        create(&b, 1, &id, "UB-261127-0001").await.0,
        PushStatus::Stored
    );
    let (status, reason) = create(&a, 1, &id, "UA-261127-0001").await;
    assert_eq!(status, PushStatus::Rejected);
    assert!(
        !reason.contains("UB-261127-0001") && !reason.contains("UB"),
        "{reason}"
    );
    // The same id twice in A's own unit still tells A its own code (that is A's data).
    let own = new_id();
    assert_eq!(
        create(&a, 2, &own, "UA-261127-0004").await.0,
        PushStatus::Stored
    );
    let (status, reason) = create(&a, 3, &own, "UA-261127-0007").await;
    assert_eq!(status, PushStatus::Rejected);
    assert!(reason.contains("UA-261127-0004"), "{reason}");
}

/// Issue 14, point 7: no size cap per row.
async fn an_oversized_payload_is_rejected_before_it_is_stored(env: Env) {
    env.unit(UNIT).await;
    let desk = env.desk(UNIT).await;
    let id = new_id();
    let mut p = create_payload(&id, &format!("{UNIT}-261127-0001"), UNIT);
    p["documents"] = json!([{ "name": "x".repeat(MAX_PAYLOAD_BYTES), "original": 1, "certified": 0, "photocopy": 0 }]);
    let r = env.push(&desk, &[change(1, "create", &id, &p)]).await;
    assert_eq!(r.results[0].status, PushStatus::Rejected);
    assert!(
        r.results[0].reason.as_deref().unwrap().contains("quá lớn"),
        "{:?}",
        r.results[0]
    );
    assert_eq!(env.count("SELECT COUNT(*) FROM change").await, 0);
    assert!(stored_codes(&env).await.is_empty());
    // Just under the cap is a payload like any other.
    let id = new_id();
    let mut p = create_payload(&id, &format!("{UNIT}-261127-0001"), UNIT);
    p["documents"] = json!([{ "name": "x".repeat(MAX_PAYLOAD_BYTES - 2000), "original": 1, "certified": 0, "photocopy": 0 }]);
    let r = env.push(&desk, &[change(2, "create", &id, &p)]).await;
    assert_eq!(r.results[0].status, PushStatus::Stored, "{:?}", r.results);
}

/// Issue 14, point 7: 20 pushes of 500 KB distinct payloads for one seq added 10 MB.
async fn conflicting_payloads_are_kept_up_to_a_cap_and_counted_beyond(env: Env) {
    env.unit(UNIT).await;
    let desk = env.desk(UNIT).await;
    let id = new_id();
    let p = create_payload(&id, &format!("{UNIT}-261127-0001"), UNIT);
    let r = env.push(&desk, &[change(1, "create", &id, &p)]).await;
    assert_eq!(r.results[0].status, PushStatus::Stored);
    let distinct = 12;
    for i in 0..distinct {
        let mut other = p.clone();
        other["documents"] = json!([{ "name": format!("{i}{}", "y".repeat(40_000)), "original": 1, "certified": 0, "photocopy": 0 }]);
        for _ in 0..2 {
            let r = env.push(&desk, &[change(1, "create", &id, &other)]).await;
            assert_eq!(r.results[0].status, PushStatus::Conflict);
        }
    }
    let kept = push::conflicts(&env.db).await.unwrap();
    assert_eq!(kept.len() as i64, MAX_CONFLICT_PAYLOADS);
    for c in &kept {
        assert_eq!(c.times_seen, 2, "a repeat is counted on its row");
        // Each of the other 7 payloads came twice: 14 pushes not kept.
        assert_eq!(c.payloads_dropped, (distinct - MAX_CONFLICT_PAYLOADS) * 2);
    }
    let bytes: i64 = env
        .count("SELECT COALESCE(SUM(LENGTH(incoming_payload) + LENGTH(stored_payload)), 0) FROM conflict")
        .await;
    assert!(
        bytes < MAX_CONFLICT_PAYLOADS * 2 * MAX_PAYLOAD_BYTES as i64,
        "{bytes}"
    );
    // The admin API shows the count too.
    let token = motcua_portal::admin::create_token(&env.db, "t")
        .await
        .unwrap();
    let list: Value = env
        .http
        .get(env.url("/api/v1/admin/conflicts"))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        list[0]["payloads_dropped"],
        json!((distinct - MAX_CONFLICT_PAYLOADS) * 2)
    );
}

/// Found by the OpenAPI fuzzer's kind of input: PostgreSQL text cannot hold NUL, so a value with
/// one failed its query with a 500 (and a push batch with one would be sent again forever).
async fn nul_characters_are_refused_not_a_server_error(env: Env) {
    env.unit(UNIT).await;
    let desk = env.desk(UNIT).await;
    let id = new_id();
    let mut in_payload = create_payload(&id, &format!("{UNIT}-261127-0001"), UNIT);
    in_payload["submitter"]["full_name"] = json!("Nguyễn\u{0}Hồng");
    let mut in_field = change(2, "create", "a\u{0}b", &create_payload(&id, "x", UNIT));
    in_field.desk_time = "2026-11-27T02:00:00Z\u{0}".into();
    let res = env
        .push_raw(&desk, &[change(1, "create", &id, &in_payload), in_field])
        .await;
    assert_eq!(res.status(), reqwest::StatusCode::OK);
    let r: motcua_protocol::PushResponse = res.json().await.unwrap();
    for x in &r.results {
        assert_eq!(x.status, PushStatus::Rejected, "{x:?}");
        assert!(x.reason.as_deref().unwrap().contains("NUL"), "{x:?}");
    }
    let res = env
        .post(motcua_protocol::ENROLL_PATH)
        .json(&json!({ "code": "K7QM-3XHP-TN9C-WR4D", "desk_name": "Quầy\u{0}1" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), reqwest::StatusCode::BAD_REQUEST);
    let token = motcua_portal::admin::create_token(&env.db, "t")
        .await
        .unwrap();
    for path in [
        "/api/v1/admin/dossiers?unit=U%001",
        "/api/v1/admin/dossiers/A%00B/advance",
    ] {
        let res = env
            .http
            .request(
                if path.ends_with("advance") {
                    reqwest::Method::POST
                } else {
                    reqwest::Method::GET
                },
                env.url(path),
            )
            .bearer_auth(&token)
            .json(&json!({ "to": "in-processing" }))
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), reqwest::StatusCode::BAD_REQUEST, "{path}");
    }
    let res = env
        .http
        .post(env.url("/api/v1/admin/dossiers/A/advance"))
        .bearer_auth(&token)
        .json(&json!({ "to": "stopped", "note": "lý do\u{0}" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), reqwest::StatusCode::BAD_REQUEST);
}

/// Issue 14, point 13: the database was created world-readable.
#[cfg(unix)]
#[tokio::test]
async fn the_sqlite_database_and_its_wal_and_shm_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("portal.db");
    let db = motcua_portal::open(&path.display().to_string())
        .await
        .unwrap();
    // A write so the WAL and shared-memory files exist.
    motcua_portal::units::add(&db, &common::unit_input("U1"))
        .await
        .unwrap();
    for f in motcua_portal::db_file::family(&path) {
        let mode = std::fs::metadata(&f)
            .unwrap_or_else(|e| panic!("{}: {e}", f.display()))
            .permissions()
            .mode();
        assert_eq!(mode & 0o777, 0o600, "{}: {mode:o}", f.display());
    }
    db.close().await;
    // A database made readable by others is narrowed when the portal opens it.
    for f in motcua_portal::db_file::family(&path) {
        if f.exists() {
            std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).unwrap();
        }
    }
    let db = motcua_portal::open(&path.display().to_string())
        .await
        .unwrap();
    let mode = std::fs::metadata(&path).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600, "{mode:o}");
    db.close().await;
}

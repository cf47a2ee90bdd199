//! The sync API against a real in-process portal, on SQLite and (with MOTCUA_PORTAL_TEST_PG) on
//! PostgreSQL.

mod common;

use common::{Env, change, create_payload, new_id, status_payload};
use motcua_portal::{desks, dossiers, push};
use motcua_protocol::{
    ApiError, EnrollRequest, MAX_PUSH_ROWS, PROTOCOL_HEADER, PullBody, PushStatus, SUPPORTED_HEADER,
};
use reqwest::StatusCode;

both_backends!(
    enroll_code_is_single_use_and_expires,
    push_stored_duplicate_conflict_rejected,
    same_batch_five_times_in_parallel,
    pull_pages_with_cursor,
    revoked_desk_gets_401,
    units_are_isolated,
    protocol_version_and_headers,
    batch_too_large_and_bad_tokens,
    back_office_advance_reaches_the_desk,
    stale_desk_moves_after_back_office,
    contract_refuses_unknown_fields_and_other_spellings,
    desk_version_and_last_seen,
);

async fn api_error(res: reqwest::Response) -> ApiError {
    res.json().await.expect("ApiError body")
}

async fn enroll_code_is_single_use_and_expires(env: Env) {
    env.unit("U1").await;
    let new = desks::add(&env.db, "u1", None).await.unwrap();
    assert_eq!((new.seq_offset, new.seq_stride), (0, 3));
    let second = desks::add(&env.db, "U1", Some("Quầy 2")).await.unwrap();
    assert_eq!((second.seq_offset, second.seq_stride), (1, 3));
    let enroll = |code: String| {
        env.post(motcua_protocol::ENROLL_PATH)
            .json(&EnrollRequest {
                code,
                desk_name: "Quầy tiếp nhận A".into(),
            })
            .send()
    };
    // Typed in lower case with spaces: still the same code.
    let typed = new.enrollment_code.to_lowercase().replace('-', " ");
    let res = enroll(typed).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let ok: motcua_protocol::EnrollResponse = res.json().await.unwrap();
    assert_eq!(ok.desk_id, new.desk_id);
    assert_eq!(ok.desk_name, "Quầy tiếp nhận A");
    assert_eq!(ok.unit.code, "U1");
    assert_eq!((ok.seq_offset, ok.seq_stride), (0, 3));
    assert_eq!(ok.token.len(), 64);
    // Only the hash of the token is stored.
    let stored: Option<String> = sqlx::query_scalar("SELECT token_hash FROM desk WHERE id = $1")
        .bind(&ok.desk_id)
        .fetch_one(&env.db.pool)
        .await
        .unwrap();
    assert_eq!(
        stored.as_deref(),
        Some(motcua_protocol::content_hash(&ok.token).as_str())
    );

    let again = enroll(new.enrollment_code.clone()).await.unwrap();
    assert_eq!(again.status(), StatusCode::UNAUTHORIZED);
    let e = api_error(again).await;
    assert_eq!(e.code, "unauthorized");
    assert!(e.message.contains("một lần"), "{}", e.message);

    let unknown = enroll("AAAA-BBBB-CCCC-DDDD".into()).await.unwrap();
    assert_eq!(unknown.status(), StatusCode::UNAUTHORIZED);

    sqlx::query("UPDATE desk SET enroll_expires_at = '2020-01-01T00:00:00Z' WHERE id = $1")
        .bind(&second.desk_id)
        .execute(&env.db.pool)
        .await
        .unwrap();
    let expired = enroll(second.enrollment_code.clone()).await.unwrap();
    assert_eq!(expired.status(), StatusCode::UNAUTHORIZED);
    let e = api_error(expired).await;
    assert!(e.message.contains("hết hạn"), "{}", e.message);

    let garbage = env
        .post(motcua_protocol::ENROLL_PATH)
        .body("not json")
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status(), StatusCode::BAD_REQUEST);
    assert_eq!(api_error(garbage).await.code, "invalid");
}

async fn push_stored_duplicate_conflict_rejected(env: Env) {
    env.unit("U1").await;
    let desk = env.desk("U1").await;
    let id = new_id();
    let create = change(
        1,
        "create",
        &id,
        &create_payload(&id, "U1-261127-0001", "U1"),
    );
    let r = env.push(&desk, std::slice::from_ref(&create)).await;
    assert_eq!(r.results[0].status, PushStatus::Stored);
    let r = env.push(&desk, std::slice::from_ref(&create)).await;
    assert_eq!(r.results[0].status, PushStatus::Duplicate);

    // Same (desk, seq), different content: a conflict, recorded once per distinct content.
    let mut other = create_payload(&id, "U1-261127-0001", "U1");
    other["procedure_code"] = "1.000948".into();
    let clash = change(1, "create", &id, &other);
    for _ in 0..2 {
        let r = env.push(&desk, std::slice::from_ref(&clash)).await;
        assert_eq!(r.results[0].status, PushStatus::Conflict);
        assert!(r.results[0].reason.is_some());
    }
    let conflicts = push::conflicts(&env.db).await.unwrap();
    assert_eq!(conflicts.len(), 1);
    assert_eq!(conflicts[0].stored_hash, create.content_hash);
    assert_eq!(conflicts[0].incoming_hash, clash.content_hash);
    assert_eq!(conflicts[0].incoming_payload, clash.payload);
    assert_eq!(conflicts[0].times_seen, 2);

    // A batch where some rows are refused: the others are still stored.
    let mut bad_hash = change(
        2,
        "status",
        &id,
        &status_payload(&id, "received", "in-processing"),
    );
    bad_hash.content_hash = "0".repeat(64);
    let unknown_op = change(3, "teleport", &id, &serde_json::json!({ "id": id }));
    let ghost = new_id();
    let no_dossier = change(
        4,
        "status",
        &ghost,
        &status_payload(&ghost, "received", "in-processing"),
    );
    let id2 = new_id();
    let code_taken = change(
        5,
        "create",
        &id2,
        &create_payload(&id2, "U1-261127-0001", "U1"),
    );
    let move_ok = change(
        6,
        "status",
        &id,
        &status_payload(&id, "received", "in-processing"),
    );
    let pause = change(
        7,
        "pause",
        &id,
        &serde_json::json!({ "id": id, "paused_at": "2026-11-27T04:00:00Z", "reason": "Thiếu giấy" }),
    );
    let resume = change(
        8,
        "resume",
        &id,
        &serde_json::json!({ "id": id, "paused_at": "2026-11-27T04:00:00Z", "resumed_at": "2026-11-28T04:00:00Z", "old_due_at": "2026-11-30T02:00:00Z", "new_due_at": "2026-12-01T02:00:00Z" }),
    );
    let batch = [
        bad_hash, unknown_op, no_dossier, code_taken, move_ok, pause, resume,
    ];
    let r = env.push(&desk, &batch).await;
    let statuses: Vec<_> = r.results.iter().map(|x| (x.seq, x.status)).collect();
    println!("mixed batch → {statuses:?}");
    assert_eq!(
        statuses,
        vec![
            (2, PushStatus::Rejected),
            (3, PushStatus::Rejected),
            (4, PushStatus::Rejected),
            (5, PushStatus::Rejected),
            (6, PushStatus::Stored),
            (7, PushStatus::Stored),
            (8, PushStatus::Stored),
        ]
    );
    assert!(
        r.results[0]
            .reason
            .as_deref()
            .unwrap()
            .contains("content_hash")
    );
    assert!(r.results[1].reason.as_deref().unwrap().contains("teleport"));
    assert!(
        r.results[3]
            .reason
            .as_deref()
            .unwrap()
            .contains("U1-261127-0001")
    );
    // A rejected row leaves nothing behind: no change row, no dossier.
    assert_eq!(
        env.count("SELECT COUNT(*) FROM change WHERE desk_seq IN (2, 3, 4, 5)")
            .await,
        0
    );
    assert_eq!(env.count("SELECT COUNT(*) FROM dossier").await, 1);
    assert_eq!(env.count("SELECT COUNT(*) FROM change").await, 4);

    let list = dossiers::list(&env.db, Some("U1")).await.unwrap();
    assert_eq!(list[0].status, "in-processing");
    assert_eq!(list[0].national_status, 4);
    assert_eq!(list[0].due_at.as_deref(), Some("2026-12-01T02:00:00Z"));
    assert_eq!(list[0].submitter_name, "Nguyễn Thị Hồng");
    let steps = env
        .count("SELECT COUNT(*) FROM processing_step WHERE source = 'desk'")
        .await;
    assert_eq!(steps, 4, "create, status, pause, resume");
    // Desk time and portal time are both kept.
    let (desk_time, received_at): (String, String) =
        sqlx::query_as("SELECT desk_time, received_at FROM change WHERE desk_seq = 1")
            .fetch_one(&env.db.pool)
            .await
            .unwrap();
    assert_eq!(desk_time, "2026-11-27T02:00:00Z");
    assert!(motcua_protocol::instant::parse(&received_at).is_some());
    assert_ne!(desk_time, received_at);
    // A rejected row can be fixed and sent again under the same seq.
    let fixed = change(
        5,
        "create",
        &id2,
        &create_payload(&id2, "U1-261127-0004", "U1"),
    );
    let r = env.push(&desk, &[fixed]).await;
    assert_eq!(r.results[0].status, PushStatus::Stored);
}

async fn same_batch_five_times_in_parallel(env: Env) {
    env.unit("U1").await;
    let desk = env.desk("U1").await;
    let mut batch = Vec::new();
    for i in 0..40_i64 {
        let id = new_id();
        let code = format!("U1-261127-{:04}", 1 + 3 * i);
        batch.push(change(
            2 * i + 1,
            "create",
            &id,
            &create_payload(&id, &code, "U1"),
        ));
        batch.push(change(
            2 * i + 2,
            "status",
            &id,
            &status_payload(&id, "received", "in-processing"),
        ));
    }
    let mut tasks = Vec::new();
    for _ in 0..5 {
        let env = env.clone();
        let desk = desk.clone();
        let batch = batch.clone();
        tasks.push(tokio::spawn(async move { env.push(&desk, &batch).await }));
    }
    let mut stored = vec![0; batch.len()];
    let mut duplicate = vec![0; batch.len()];
    for (n, t) in tasks.into_iter().enumerate() {
        let r = t.await.unwrap();
        let s = r
            .results
            .iter()
            .filter(|x| x.status == PushStatus::Stored)
            .count();
        let d = r
            .results
            .iter()
            .filter(|x| x.status == PushStatus::Duplicate)
            .count();
        println!(
            "[{:?}] request {n}: {s} stored, {d} duplicate, {} other",
            env.kind,
            r.results.len() - s - d
        );
        for (i, x) in r.results.iter().enumerate() {
            assert_eq!(x.seq, batch[i].seq);
            match x.status {
                PushStatus::Stored => stored[i] += 1,
                PushStatus::Duplicate => duplicate[i] += 1,
                other => panic!("seq {} got {other:?}: {:?}", x.seq, x.reason),
            }
        }
    }
    assert!(
        stored.iter().all(|&s| s == 1),
        "each change stored exactly once: {stored:?}"
    );
    assert!(duplicate.iter().all(|&d| d == 4));
    let rows = env.count("SELECT COUNT(*) FROM change").await;
    let dossiers = env.count("SELECT COUNT(*) FROM dossier").await;
    let moved = env
        .count("SELECT COUNT(*) FROM dossier WHERE status = 'in-processing'")
        .await;
    println!(
        "[{:?}] after 5 parallel sends of {} changes: {rows} change rows, {dossiers} dossiers",
        env.kind,
        batch.len()
    );
    assert_eq!(rows, 80);
    assert_eq!(dossiers, 40);
    assert_eq!(moved, 40);
}

async fn pull_pages_with_cursor(env: Env) {
    // Holidays before the unit and the desk exist: still delivered from cursor 0.
    let holidays = motcua_protocol::holidays::computed_schedule(2027).to_json();
    motcua_portal::reference::import_holidays(&env.db, &holidays)
        .await
        .unwrap();
    env.unit("U1").await;
    let catalogue = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../assets/catalogue/demo-catalogue.json"
    ))
    .unwrap();
    motcua_portal::reference::import_catalogue(&env.db, "U1", &catalogue)
        .await
        .unwrap();
    let desk = env.desk("U1").await;
    let id = new_id();
    env.push(
        &desk,
        &[change(
            1,
            "create",
            &id,
            &create_payload(&id, "U1-261127-0001", "U1"),
        )],
    )
    .await;
    for (to, note) in [
        ("in-processing", ""),
        ("supplement-requested", "Thiếu tờ khai"),
        ("in-processing", ""),
        ("result-ready", ""),
    ] {
        dossiers::advance(&env.db, "U1-261127-0001", to, note, "Phòng Tư pháp")
            .await
            .unwrap();
    }
    let mut cursor = 0;
    let mut all = Vec::new();
    let mut pages = 0;
    loop {
        let page = env.pull(&desk, cursor, Some(2)).await;
        pages += 1;
        assert!(page.changes.len() <= 2);
        for c in &page.changes {
            assert!(c.cursor > cursor, "cursor increases");
            cursor = c.cursor;
        }
        assert_eq!(page.next_cursor, cursor);
        all.extend(page.changes);
        if !page.has_more {
            break;
        }
    }
    assert_eq!(all.len(), 7, "holidays, unit, catalogue, 4 status changes");
    assert_eq!(pages, 4);
    assert!(
        matches!(&all[0].body, PullBody::Holidays { year: 2027, document } if *document == holidays)
    );
    assert!(
        matches!(&all[1].body, PullBody::Unit { unit } if unit.code == "U1" && unit.hotline == "0296 3 123 456")
    );
    assert!(matches!(&all[2].body, PullBody::Catalogue { document } if *document == catalogue));
    let statuses: Vec<_> = all[3..]
        .iter()
        .map(|c| match &c.body {
            PullBody::DossierStatus(s) => (s.status.clone(), s.national_status, s.by.clone()),
            other => panic!("unexpected {other:?}"),
        })
        .collect();
    assert_eq!(
        statuses[1],
        ("supplement-requested".into(), 5, "Phòng Tư pháp".into())
    );
    assert_eq!(
        statuses[3],
        ("result-ready".into(), 9, "Phòng Tư pháp".into())
    );
    // Nothing new: same cursor back, no more.
    let empty = env.pull(&desk, cursor, None).await;
    assert!(empty.changes.is_empty());
    assert_eq!(empty.next_cursor, cursor);
    assert!(!empty.has_more);
    // A whole page; a limit beyond the maximum is refused, not clamped (issue 14, point 11:
    // tests/openapi_spec.rs).
    let big = env
        .pull(&desk, 0, Some(motcua_protocol::MAX_PULL_LIMIT))
        .await;
    assert_eq!(big.changes.len(), 7);
    assert!(!big.has_more);
    let res = env.pull_raw(&desk, 0, Some(1_000_000)).await;
    assert_eq!(res.status(), reqwest::StatusCode::BAD_REQUEST);
    // From the middle.
    let mid = env.pull(&desk, all[4].cursor, None).await;
    assert_eq!(mid.changes.len(), 2);
    let bad = env.pull_raw(&desk, -1, None).await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let bad = env
        .get(&format!("{}?cursor=abc", motcua_protocol::PULL_PATH))
        .bearer_auth(&desk.token)
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    assert_eq!(api_error(bad).await.code, "invalid");
}

async fn revoked_desk_gets_401(env: Env) {
    env.unit("U1").await;
    let desk = env.desk("U1").await;
    assert_eq!(env.pull_raw(&desk, 0, None).await.status(), StatusCode::OK);
    desks::revoke(&env.db, &desk.desk_id).await.unwrap();
    let res = env.pull_raw(&desk, 0, None).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(api_error(res).await.code, "revoked");
    let id = new_id();
    let res = env
        .push_raw(
            &desk,
            &[change(
                1,
                "create",
                &id,
                &create_payload(&id, "U1-261127-0001", "U1"),
            )],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(api_error(res).await.code, "revoked");
    assert_eq!(env.count("SELECT COUNT(*) FROM change").await, 0);
    // Its slot stays taken: the next desk gets the next share.
    let next = desks::add(&env.db, "U1", None).await.unwrap();
    assert_eq!(next.seq_offset, 1);
    assert!(desks::revoke(&env.db, &desk.desk_id).await.is_err());
}

async fn units_are_isolated(env: Env) {
    env.unit("UA").await;
    env.unit("UB").await;
    let a = env.desk("UA").await;
    let b = env.desk("UB").await;
    // A desk of A cannot create a dossier of B…
    let id = new_id();
    let r = env
        .push(
            &a,
            &[change(
                1,
                "create",
                &id,
                &create_payload(&id, "UB-261127-0001", "UB"),
            )],
        )
        .await;
    assert_eq!(r.results[0].status, PushStatus::Rejected);
    assert!(r.results[0].reason.as_deref().unwrap().contains("UB"));
    // …nor move one of B's dossiers.
    let idb = new_id();
    let r = env
        .push(
            &b,
            &[change(
                1,
                "create",
                &idb,
                &create_payload(&idb, "UB-261127-0001", "UB"),
            )],
        )
        .await;
    assert_eq!(r.results[0].status, PushStatus::Stored);
    let r = env
        .push(
            &a,
            &[change(
                2,
                "status",
                &idb,
                &status_payload(&idb, "received", "withdrawn"),
            )],
        )
        .await;
    assert_eq!(r.results[0].status, PushStatus::Rejected);
    assert_eq!(
        dossiers::list(&env.db, Some("UB")).await.unwrap()[0].status,
        "received"
    );
    // The same seq number from two desks is two different keys.
    assert_eq!(
        env.count("SELECT COUNT(*) FROM change WHERE desk_seq = 1")
            .await,
        1
    );
    // B's back-office changes and settings never reach A.
    dossiers::advance(&env.db, "UB-261127-0001", "in-processing", "", "")
        .await
        .unwrap();
    let pa = env.pull(&a, 0, None).await;
    let pb = env.pull(&b, 0, None).await;
    let mentions_b = |p: &motcua_protocol::PullResponse| {
        p.changes.iter().any(|c| match &c.body {
            PullBody::Unit { unit } => unit.code == "UB",
            PullBody::DossierStatus(s) => s.code.starts_with("UB"),
            _ => false,
        })
    };
    assert!(!mentions_b(&pa), "A sees nothing of B: {:?}", pa.changes);
    assert!(mentions_b(&pb));
    assert_eq!(pa.changes.len(), 1);
    assert_eq!(pb.changes.len(), 2);
}

async fn protocol_version_and_headers(env: Env) {
    env.unit("U1").await;
    let desk = env.desk("U1").await;
    let url = env.url(motcua_protocol::PULL_PATH);
    let missing = env
        .http
        .get(&url)
        .bearer_auth(&desk.token)
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status(), StatusCode::BAD_REQUEST);
    assert_eq!(missing.headers().get(SUPPORTED_HEADER).unwrap(), "1");
    assert_eq!(api_error(missing).await.code, "protocol_version");
    let future = env
        .http
        .get(&url)
        .header(PROTOCOL_HEADER, "2")
        .bearer_auth(&desk.token)
        .send()
        .await
        .unwrap();
    assert_eq!(future.status(), StatusCode::BAD_REQUEST);
    assert_eq!(api_error(future).await.code, "protocol_version");
    for res in [
        env.pull_raw(&desk, 0, None).await,
        env.get("/khong-co").send().await.unwrap(),
        env.http.get(&url).send().await.unwrap(),
    ] {
        assert_eq!(
            res.headers().get(SUPPORTED_HEADER).unwrap(),
            "1",
            "{}",
            res.url()
        );
        let date = res
            .headers()
            .get(reqwest::header::DATE)
            .expect("Date header");
        let date = httpdate::parse_http_date(date.to_str().unwrap()).expect("HTTP date");
        let skew = std::time::SystemTime::now()
            .duration_since(date)
            .unwrap_or_default();
        assert!(skew.as_secs() < 5, "Date is the portal's clock");
        assert_eq!(
            res.headers().get(reqwest::header::CONTENT_TYPE).unwrap(),
            "application/json"
        );
    }
    let nf = env.get("/khong-co").send().await.unwrap();
    assert_eq!(nf.status(), StatusCode::NOT_FOUND);
    assert_eq!(api_error(nf).await.code, "not_found");
}

async fn batch_too_large_and_bad_tokens(env: Env) {
    env.unit("U1").await;
    let desk = env.desk("U1").await;
    let changes: Vec<_> = (1..=(MAX_PUSH_ROWS as i64 + 1))
        .map(|i| change(i, "teleport", "x", &serde_json::json!({ "id": "x" })))
        .collect();
    let res = env.push_raw(&desk, &changes).await;
    assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(api_error(res).await.code, "too_large");
    assert_eq!(env.count("SELECT COUNT(*) FROM change").await, 0);
    // Exactly the maximum is fine.
    let res = env.push_raw(&desk, &changes[..MAX_PUSH_ROWS]).await;
    assert_eq!(res.status(), StatusCode::OK);

    let no_token = env.get(motcua_protocol::PULL_PATH).send().await.unwrap();
    assert_eq!(no_token.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(api_error(no_token).await.code, "unauthorized");
    let mut fake = desk.clone();
    fake.token = "f".repeat(64);
    let res = env.pull_raw(&fake, 0, None).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(api_error(res).await.code, "unauthorized");
}

async fn back_office_advance_reaches_the_desk(env: Env) {
    env.unit("U1").await;
    let desk = env.desk("U1").await;
    let id = new_id();
    env.push(
        &desk,
        &[change(
            1,
            "create",
            &id,
            &create_payload(&id, "U1-261127-0001", "U1"),
        )],
    )
    .await;
    let err = dossiers::advance(&env.db, "U1-261127-0001", "handed-out", "", "")
        .await
        .unwrap_err();
    assert!(err.to_string().contains("quầy"), "{err}");
    let err = dossiers::advance(&env.db, "U1-261127-0001", "stopped", "", "")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "reason_required");
    let err = dossiers::advance(&env.db, "U1-261127-0001", "bay-len", "", "")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "invalid_status");
    let done = dossiers::advance(&env.db, "u1-261127-0001", "result-ready", "Đã ký", "")
        .await
        .unwrap();
    assert_eq!(done.national_status, 9);
    assert_eq!(done.by, "Bộ phận chuyên môn");
    let err = dossiers::advance(&env.db, "U1-261127-0001", "in-processing", "", "")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "transition_not_allowed");
    assert!(err.to_string().contains("Không thể chuyển"), "{err}");
    let err = dossiers::advance(&env.db, "U1-261127-9999", "in-processing", "", "")
        .await
        .unwrap_err();
    assert_eq!(err.code(), "dossier_not_found");
    let steps: Vec<(String, String, String)> =
        sqlx::query_as("SELECT source, kind, to_status FROM processing_step ORDER BY id")
            .fetch_all(&env.db.pool)
            .await
            .unwrap();
    assert_eq!(
        steps,
        vec![
            ("desk".into(), "create".into(), "received".into()),
            ("back-office".into(), "status".into(), "result-ready".into()),
        ]
    );
    let pulled = env.pull(&desk, 0, None).await;
    let last = pulled.changes.last().unwrap();
    match &last.body {
        PullBody::DossierStatus(s) => {
            assert_eq!(s.dossier_id, id);
            assert_eq!(s.status, "result-ready");
            assert_eq!(s.note, "Đã ký");
        }
        other => panic!("{other:?}"),
    }
    // The desk then hands the result out (9 → 10).
    let mut handed = status_payload(&id, "result-ready", "handed-out");
    handed["recipient"] = serde_json::json!({ "full_name": "Nguyễn Thị Hồng", "id_number": "001186012345", "is_proxy": false });
    let r = env.push(&desk, &[change(2, "status", &id, &handed)]).await;
    assert_eq!(r.results[0].status, PushStatus::Stored);
    let d = &dossiers::list(&env.db, None).await.unwrap()[0];
    assert_eq!((d.status.as_str(), d.national_status), ("handed-out", 10));
}

async fn stale_desk_moves_after_back_office(env: Env) {
    env.unit("U1").await;
    let desk = env.desk("U1").await;
    let (a, b) = (new_id(), new_id());
    let r = env
        .push(
            &desk,
            &[
                change(1, "create", &a, &create_payload(&a, "U1-261127-0001", "U1")),
                change(2, "create", &b, &create_payload(&b, "U1-261127-0004", "U1")),
            ],
        )
        .await;
    assert!(r.results.iter().all(|x| x.status == PushStatus::Stored));
    dossiers::advance(&env.db, "U1-261127-0001", "in-processing", "", "")
        .await
        .unwrap();
    dossiers::advance(&env.db, "U1-261127-0004", "result-ready", "", "")
        .await
        .unwrap();
    // Made at the desk before it pulled the back office's moves.
    let pause_b = change(
        5,
        "pause",
        &b,
        &serde_json::json!({ "id": b, "paused_at": "2026-11-27T04:00:00Z", "reason": "Thiếu giấy" }),
    );
    let r = env
        .push(
            &desk,
            &[
                // Still makes sense from in-processing: applied.
                change(
                    3,
                    "status",
                    &a,
                    &status_payload(&a, "received", "result-ready"),
                ),
                // Not from result-ready: rejected with the portal's status named.
                change(
                    4,
                    "status",
                    &b,
                    &status_payload(&b, "received", "withdrawn"),
                ),
                pause_b,
            ],
        )
        .await;
    let got: Vec<_> = r.results.iter().map(|x| x.status).collect();
    assert_eq!(
        got,
        [
            PushStatus::Stored,
            PushStatus::Rejected,
            PushStatus::Rejected
        ],
        "{:?}",
        r.results
    );
    let reason = r.results[1].reason.clone().unwrap();
    assert!(reason.contains("bộ phận xử lý"), "{reason}");
    let list = dossiers::list(&env.db, Some("U1")).await.unwrap();
    let status_of = |code: &str| {
        list.iter()
            .find(|d| d.code == code)
            .map(|d| d.status.clone())
            .unwrap()
    };
    assert_eq!(status_of("U1-261127-0001"), "result-ready");
    assert_eq!(status_of("U1-261127-0004"), "result-ready");
    assert_eq!(
        env.count("SELECT COUNT(*) FROM change WHERE desk_seq IN (4, 5)")
            .await,
        0
    );
}

/// The push body is read as the contract's types (motcua-protocol): one spelling per operation
/// and per field, unknown fields refused. In a payload, the row is rejected with the reason
/// (the desk quarantines it and sends the rest); in the envelope, the whole request is a 400
/// `{code, message}`.
async fn contract_refuses_unknown_fields_and_other_spellings(env: Env) {
    env.unit("U1").await;
    let desk = env.desk("U1").await;
    let id = new_id();
    let create = change(
        1,
        "create",
        &id,
        &create_payload(&id, "U1-261127-0001", "U1"),
    );
    assert_eq!(
        env.push(&desk, &[create]).await.results[0].status,
        PushStatus::Stored
    );

    let due = serde_json::json!({ "id": id, "old_due_at": "2026-11-30T02:00:00Z", "new_due_at": "2026-12-02T02:00:00Z", "reason": "Gia hạn", "extension": true });
    let mut extra = create_payload(&id, "U1-261127-0001", "U1");
    extra["priority"] = "high".into();
    let batch = [
        // An unknown field in a payload.
        change(
            2,
            "pause",
            &id,
            &serde_json::json!({ "id": id, "paused_at": "2026-11-27T04:00:00Z", "reason": "Thiếu giấy", "note": "?" }),
        ),
        // The old second spelling of an operation.
        change(3, "due_override", &id, &due),
        // A status spelt otherwise.
        change(
            4,
            "status",
            &id,
            &serde_json::json!({ "id": id, "from": "received", "to": "In-Processing", "reason": "", "at": "2026-11-27T03:00:00Z" }),
        ),
        // An unknown field in a nested object, and at the top of a create.
        change(5, "create", &new_id(), &{
            let mut p = create_payload(&id, "U1-261127-0002", "U1");
            p["submitter"]["nickname"] = "Hồng".into();
            p
        }),
        change(6, "create", &id, &extra),
        // The one spelling.
        change(7, "due-override", &id, &due),
    ];
    let r = env.push(&desk, &batch).await;
    let statuses: Vec<_> = r.results.iter().map(|x| x.status).collect();
    assert_eq!(
        statuses,
        vec![
            PushStatus::Rejected,
            PushStatus::Rejected,
            PushStatus::Rejected,
            PushStatus::Rejected,
            PushStatus::Rejected,
            PushStatus::Stored
        ]
    );
    let reason = |i: usize| r.results[i].reason.clone().unwrap_or_default();
    assert!(reason(0).contains("note"), "{}", reason(0));
    assert!(reason(1).contains("due_override"), "{}", reason(1));
    assert!(reason(2).contains("In-Processing"), "{}", reason(2));
    assert!(reason(3).contains("nickname"), "{}", reason(3));
    assert!(reason(4).contains("priority"), "{}", reason(4));
    assert_eq!(
        env.count("SELECT COUNT(*) FROM change WHERE desk_seq BETWEEN 2 AND 6")
            .await,
        0
    );
    assert_eq!(
        dossiers::list(&env.db, Some("U1")).await.unwrap()[0]
            .due_at
            .as_deref(),
        Some("2026-12-02T02:00:00Z")
    );

    // Unknown fields in the envelope: the request itself is refused.
    let row = change(8, "due-override", &id, &due);
    let mut row_json = serde_json::to_value(&row).unwrap();
    row_json["priority"] = 1.into();
    for body in [
        serde_json::json!({ "changes": [row_json] }),
        serde_json::json!({ "changes": [row], "compressed": false }),
    ] {
        let res = env
            .post(motcua_protocol::PUSH_PATH)
            .bearer_auth(&desk.token)
            .json(&body)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST);
        let e = api_error(res).await;
        assert_eq!(e.code, "invalid");
        assert!(
            e.message.contains("priority") || e.message.contains("compressed"),
            "{}",
            e.message
        );
    }
}

/// Every authenticated desk request records the desk's version header and the time
/// (`motcua-portal desk list`); a request without the header keeps the last version known, and
/// an overlong one is not stored.
async fn desk_version_and_last_seen(env: Env) {
    env.unit("U1").await;
    let desk = env.desk("U1").await;
    let listed = desks::list(&env.db, Some("U1")).await.unwrap();
    assert_eq!(listed[0].app_version, None);
    assert_eq!(listed[0].last_seen_at, None);
    let pull_as = |version: String| {
        env.get(&format!("{}?cursor=0", motcua_protocol::PULL_PATH))
            .header(motcua_protocol::DESK_VERSION_HEADER, version)
            .bearer_auth(&desk.token)
            .send()
    };
    assert_eq!(
        pull_as("0.2.0".into()).await.unwrap().status(),
        StatusCode::OK
    );
    let listed = desks::list(&env.db, Some("U1")).await.unwrap();
    assert_eq!(listed[0].app_version.as_deref(), Some("0.2.0"));
    let first_seen = listed[0].last_seen_at.clone().expect("last_seen_at");
    // Instants are stored to the second: wait past the next one.
    tokio::time::sleep(std::time::Duration::from_millis(1100)).await;
    env.pull(&desk, 0, None).await;
    assert_eq!(
        pull_as("9".repeat(200)).await.unwrap().status(),
        StatusCode::OK
    );
    let listed = desks::list(&env.db, Some("U1")).await.unwrap();
    assert_eq!(listed[0].app_version.as_deref(), Some("0.2.0"));
    assert!(listed[0].last_seen_at.clone().unwrap() > first_seen);
}

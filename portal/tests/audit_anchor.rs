//! Issue 14, point 5: the portal keeps the highest audit head each desk pushed and answers it in
//! every push acknowledgement (src/desk_anchor.rs, migration 0009).

mod common;

use common::{Env, TestDesk, change, create_payload, new_id};
use motcua_protocol::{AuditAnchor, PushRequest, PushResponse};
use reqwest::StatusCode;
use serde_json::{Value, json};

both_backends!(the_highest_audit_head_is_kept_and_acknowledged);

const UNIT: &str = "000.00.31.H29";

fn head(seq: i64, c: char) -> AuditAnchor {
    AuditAnchor {
        seq,
        hash: c.to_string().repeat(64),
    }
}

async fn push_json(env: &Env, desk: &TestDesk, body: &Value) -> reqwest::Response {
    env.post(motcua_protocol::PUSH_PATH)
        .bearer_auth(&desk.token)
        .json(body)
        .send()
        .await
        .expect("push")
}

async fn push_head(
    env: &Env,
    desk: &TestDesk,
    changes: Vec<motcua_protocol::Change>,
    audit_head: Option<AuditAnchor>,
) -> PushResponse {
    let body = serde_json::to_value(PushRequest {
        changes,
        audit_head,
    })
    .unwrap();
    let res = push_json(env, desk, &body).await;
    assert_eq!(res.status(), StatusCode::OK);
    res.json().await.expect("ack")
}

async fn the_highest_audit_head_is_kept_and_acknowledged(env: Env) {
    env.unit(UNIT).await;
    let desk = env.desk(UNIT).await;
    let other = env.desk(UNIT).await;

    // A push of the head alone.
    let ack = push_head(&env, &desk, vec![], Some(head(5, 'a'))).await;
    assert_eq!(ack.audit_anchor, Some(head(5, 'a')));
    // A lower head (the desk was put back) never lowers it; it is kept as the desk's last head.
    let ack = push_head(&env, &desk, vec![], Some(head(3, 'b'))).await;
    assert_eq!(ack.audit_anchor, Some(head(5, 'a')));
    let last: (i64, String) =
        sqlx::query_as("SELECT last_seq, last_hash FROM desk_audit_anchor WHERE desk_id = $1")
            .bind(&desk.desk_id)
            .fetch_one(&env.db.pool)
            .await
            .unwrap();
    assert_eq!(last, (3, "b".repeat(64)));
    // Another history at the same number does not replace it either.
    let ack = push_head(&env, &desk, vec![], Some(head(5, 'c'))).await;
    assert_eq!(ack.audit_anchor, Some(head(5, 'a')));
    // With changes, in the same transaction.
    let id = new_id();
    let ack = push_head(
        &env,
        &desk,
        vec![change(
            1,
            "create",
            &id,
            &create_payload(&id, &format!("{UNIT}-261127-0001"), UNIT),
        )],
        Some(head(8, 'd')),
    )
    .await;
    assert_eq!(ack.results.len(), 1);
    assert_eq!(ack.audit_anchor, Some(head(8, 'd')));
    // A push without a head (an earlier desk) still gets the anchor held.
    let ack = push_head(&env, &desk, vec![], None).await;
    assert_eq!(ack.audit_anchor, Some(head(8, 'd')));
    // Per desk: the other desk has none.
    let ack = push_head(&env, &other, vec![], None).await;
    assert_eq!(ack.audit_anchor, None);

    // Malformed heads are a JSON 400 and store nothing, not even the batch's changes.
    let id = new_id();
    let one = serde_json::to_value(change(
        2,
        "create",
        &id,
        &create_payload(&id, &format!("{UNIT}-261127-0004"), UNIT),
    ))
    .unwrap();
    for bad in [
        json!({"seq": 0, "hash": "e".repeat(64)}),
        json!({"seq": 9, "hash": "E".repeat(64)}),
        json!({"seq": 9, "hash": "e".repeat(63)}),
        json!({"seq": 9, "hash": "e".repeat(64), "extra": 1}),
        json!({"seq": "9", "hash": "e".repeat(64)}),
    ] {
        let res = push_json(
            &env,
            &desk,
            &json!({"changes": [one.clone()], "audit_head": bad}),
        )
        .await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{bad}");
        let e: Value = res.json().await.unwrap();
        assert_eq!(e["code"], "invalid", "{bad}: {e}");
    }
    assert_eq!(
        env.count(&format!(
            "SELECT count(*) FROM change WHERE desk_id = '{}' AND desk_seq = 2",
            desk.desk_id
        ))
        .await,
        0
    );
    let ack = push_head(&env, &desk, vec![], None).await;
    assert_eq!(ack.audit_anchor, Some(head(8, 'd')));
}

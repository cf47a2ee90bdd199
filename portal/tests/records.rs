//! Issue 13 on the portal: a correction (đính chính) from the desk reaches the portal's copy of
//! the dossier, and a fee due at result settled at hand-out is kept and shown; on SQLite and
//! (with MOTCUA_PORTAL_TEST_PG) on PostgreSQL.

mod common;

use common::{Env, change, create_payload, new_id, status_payload};
use motcua_portal::dossiers;
use motcua_protocol::PushStatus;

both_backends!(
    a_correction_changes_the_name_and_the_export_payload,
    the_fee_settled_at_hand_out_is_kept_and_listed,
);

async fn a_correction_changes_the_name_and_the_export_payload(env: Env) {
    env.unit("U1").await;
    let desk = env.desk("U1").await;
    let id = new_id();
    let create = change(
        1,
        "create",
        &id,
        &create_payload(&id, "U1-261127-0001", "U1"),
    );
    let fix = serde_json::json!({
        "id": id, "party": "submitter", "field": "full_name", "before": "Nguyễn Thị Hồng",
        "after": "Nguyễn Thị Hồng Nhung", "reason": "Gõ thiếu tên", "at": "2026-11-27T05:00:00Z"
    });
    let phone = serde_json::json!({
        "id": id, "party": "submitter", "field": "phone", "before": "0912345678",
        "after": "0912345679", "reason": "Gõ nhầm", "at": "2026-11-27T05:01:00Z"
    });
    let owner = serde_json::json!({
        "id": id, "party": "owner", "field": "full_name", "before": "A",
        "after": "B", "reason": "r", "at": "2026-11-27T05:02:00Z"
    });
    let r = env
        .push(
            &desk,
            &[
                create,
                change(2, "correction", &id, &fix),
                change(3, "correction", &id, &phone),
                // No owner on this dossier: refused, with the reason.
                change(4, "correction", &id, &owner),
            ],
        )
        .await;
    let got: Vec<_> = r.results.iter().map(|x| x.status).collect();
    assert_eq!(
        got,
        [
            PushStatus::Stored,
            PushStatus::Stored,
            PushStatus::Stored,
            PushStatus::Rejected
        ],
        "{:?}",
        r.results
    );
    assert!(
        r.results[3]
            .reason
            .as_deref()
            .unwrap_or("")
            .contains("chủ hồ sơ")
    );
    let list = dossiers::list(&env.db, Some("U1")).await.unwrap();
    assert_eq!(list[0].submitter_name, "Nguyễn Thị Hồng Nhung");
    let payload: String = sqlx::query_scalar("SELECT created_payload FROM dossier WHERE id = $1")
        .bind(&id)
        .fetch_one(&env.db.pool)
        .await
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&payload).unwrap();
    assert_eq!(v["submitter"]["full_name"], "Nguyễn Thị Hồng Nhung");
    assert_eq!(v["submitter"]["phone"], "0912345679");
    // The procedure and the received time stay as received.
    assert_eq!(v["procedure_code"], "2.000635");
    assert_eq!(v["received_at"], "2026-11-27T02:00:00Z");
    // One step per correction, naming what and why but not the values.
    let notes: Vec<String> = sqlx::query_scalar(
        "SELECT note FROM processing_step WHERE dossier_id = $1 AND kind = 'correction' ORDER BY id",
    )
    .bind(&id)
    .fetch_all(&env.db.pool)
    .await
    .unwrap();
    assert_eq!(notes.len(), 2, "{notes:?}");
    assert!(notes[0].contains("họ tên") && notes[0].contains("Gõ thiếu tên"));
    assert!(!notes[1].contains("0912345679"), "{}", notes[1]);
    // Sent again: a duplicate, applied once.
    let again = env.push(&desk, &[change(2, "correction", &id, &fix)]).await;
    assert_eq!(again.results[0].status, PushStatus::Duplicate);
    assert_eq!(
        env.count("SELECT COUNT(*) FROM processing_step WHERE kind = 'correction'")
            .await,
        2
    );
}

async fn the_fee_settled_at_hand_out_is_kept_and_listed(env: Env) {
    env.unit("U1").await;
    let desk = env.desk("U1").await;
    let (paid, unpaid) = (new_id(), new_id());
    let hand_out = |id: &str, fee: serde_json::Value| {
        let mut p = status_payload(id, "result-ready", "handed-out");
        p["recipient"] = serde_json::json!({ "full_name": "Nguyễn Thị Hồng", "id_number": "001186012345", "is_proxy": false, "authorisation": null });
        p["handed_out_at"] = "2026-11-28T03:00:00Z".into();
        p["fee"] = fee;
        p
    };
    let mut rows = Vec::new();
    for (i, (id, code)) in [(&paid, "U1-261127-0001"), (&unpaid, "U1-261127-0002")]
        .into_iter()
        .enumerate()
    {
        let seq = i as i64 * 3;
        rows.push(change(
            seq + 1,
            "create",
            id,
            &create_payload(id, code, "U1"),
        ));
        rows.push(change(
            seq + 2,
            "status",
            id,
            &status_payload(id, "received", "result-ready"),
        ));
    }
    rows.push(change(
        3,
        "status",
        &paid,
        &hand_out(
            &paid,
            serde_json::json!({ "state": "collected", "series": "BLP-26", "number": 7, "amount": 16000, "method": "cash", "collected_at": "2026-11-28T03:00:00Z", "e_receipt_state": "pending" }),
        ),
    ));
    rows.push(change(
        6,
        "status",
        &unpaid,
        &hand_out(
            &unpaid,
            serde_json::json!({ "state": "due-at-result", "amount": 8000, "unpaid_reason": "Hộ nghèo xin nộp sau" }),
        ),
    ));
    let r = env.push(&desk, &rows).await;
    assert!(
        r.results.iter().all(|x| x.status == PushStatus::Stored),
        "{:?}",
        r.results
    );
    let list = dossiers::list(&env.db, Some("U1")).await.unwrap();
    let of = |id: &str| list.iter().find(|d| d.id == id).unwrap().clone();
    let p = of(&paid);
    assert_eq!(p.status, "handed-out");
    assert_eq!(p.result_fee_state.as_deref(), Some("collected"));
    assert_eq!(p.result_fee_amount, Some(16000));
    assert_eq!(p.result_fee_receipt.as_deref(), Some("BLP-26/7"));
    let u = of(&unpaid);
    assert_eq!(u.result_fee_state.as_deref(), Some("due-at-result"));
    assert_eq!(u.result_fee_amount, Some(8000));
    assert_eq!(u.result_fee_receipt, None);
    // The admin API shows it too.
    let body: serde_json::Value = env
        .get("/api/v1/admin/dossiers?unit=U1")
        .bearer_auth(
            motcua_portal::admin::create_token(&env.db, "test")
                .await
                .unwrap(),
        )
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let shown = body
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["id"] == paid.as_str())
        .unwrap();
    assert_eq!(shown["result_fee_amount"], 16000);
    assert_eq!(shown["result_fee_receipt"], "BLP-26/7");
}

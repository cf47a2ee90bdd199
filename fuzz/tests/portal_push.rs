//! Fuzz target: `POST /api/v1/push` on the portal: the body a desk (or anyone holding a desk
//! token) sends, through the real axum router in-process (`tower::ServiceExt::oneshot`) on a
//! temporary SQLite portal; and `projection::check_create`, the content check of a new dossier.
//!
//! Mutations keep the body interesting: content hashes are mostly recomputed after the payload is
//! changed (else every row would stop at the hash check), ids and sequence numbers are often made
//! fresh, and payloads are mutated as JSON inside their string.
//!
//! Properties: never panics and never answers 500 (a bad body is the desk's fault, not a portal
//! fault); a 200 has one result per change, in order; a row is `stored` only when its hash
//! matches, and a stored `create` is a dossier of the desk's own unit; generated valid batches
//! are stored, acknowledged as duplicates when sent again, recorded as conflicts when changed,
//! and status moves are stored exactly when the lifecycle allows them.

use std::cell::Cell;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use motcua::dossier::Status;
use motcua::dossier::lifecycle;
use motcua_fuzz::{Mutation, Rng, class, generated, mutate, mutate_json};
use motcua_portal::desks::AuthDesk;
use motcua_portal::{AppState, Db, desks, projection, push, units};
use motcua_protocol::{
    Change, EnrollRequest, PROTOCOL_HEADER, PUSH_PATH, PushRequest, PushResponse, PushStatus,
    content_hash,
};
use proptest::prelude::*;
use serde_json::{Value, json};
use tower::ServiceExt;

const TARGET: &str = "portal_push";
const UNIT: &str = "000.00.31.H29";

const TOKENS: &[&str] = &[
    "changes",
    "seq",
    "entity",
    "entity_id",
    "op",
    "payload",
    "content_hash",
    "desk_time",
    "dossier",
    "create",
    "status",
    "pause",
    "resume",
    "correction",
    "party",
    "before",
    "after",
    "due-override",
    "due_override",
    "id",
    "code",
    "receiving_unit_code",
    "procedure_code",
    "procedure_name",
    "submitter",
    "full_name",
    "received_at",
    "due_at",
    "from",
    "to",
    "at",
    "reason",
    "recipient",
    "is_proxy",
    "paused_at",
    "resumed_at",
    "new_due_at",
    "received",
    "in-processing",
    "supplement-requested",
    "result-ready",
    "handed-out",
    "refused",
    "withdrawn",
    "stopped",
    "submitted-online",
    "000.00.31.H29",
    "000.00.31.H30",
    "2026-11-27T02:00:00Z",
    "2026-11-27T09:00:00+07:00",
    "2026-13-01T00:00:00Z",
];

struct Portal {
    _dir: tempfile::TempDir,
    rt: tokio::runtime::Runtime,
    db: Db,
    token: String,
    desk: AuthDesk,
}

/// A temporary directory in memory when the system has one (the portal syncs every commit).
fn temp_dir() -> tempfile::TempDir {
    let shm = std::path::Path::new("/dev/shm");
    if shm.is_dir()
        && let Ok(d) = tempfile::tempdir_in(shm)
    {
        return d;
    }
    tempfile::tempdir().expect("temp dir")
}

fn portal() -> Portal {
    let dir = temp_dir();
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    let url = dir.path().join("portal.db").display().to_string();
    let (db, token, desk) = rt.block_on(async {
        let db = motcua_portal::open(&url).await.expect("open portal db");
        units::add(
            &db,
            &units::NewUnit {
                code: UNIT.into(),
                name: "Trung tâm Phục vụ hành chính công xã Định Mỹ".into(),
                parent_authority: "UBND xã Định Mỹ".into(),
                place: "Định Mỹ".into(),
                hotline: "0296 3 123 456".into(),
                lookup_url: "https://cong.example.vn/tra-cuu".into(),
                desk_slots: 3,
            },
        )
        .await
        .expect("add unit");
        let new = desks::add(&db, UNIT, Some("Quầy 1"))
            .await
            .expect("add desk");
        let enrolled = desks::enroll(
            &db,
            &EnrollRequest {
                code: new.enrollment_code,
                desk_name: String::new(),
            },
        )
        .await
        .expect("enroll");
        let desk = desks::authenticate(&db, &enrolled.token)
            .await
            .expect("token works");
        (db, enrolled.token, desk)
    });
    Portal {
        _dir: dir,
        rt,
        db,
        token,
        desk,
    }
}

/// Makes a mutated body worth sending: fresh sequence numbers and ids (consistently inside the
/// payloads), payloads mutated as JSON, content hashes recomputed.
fn fixup(counter: &Cell<u64>, rng: &mut Rng, bytes: Vec<u8>) -> Vec<u8> {
    let Ok(mut doc) = serde_json::from_slice::<Value>(&bytes) else {
        return bytes;
    };
    let Some(changes) = doc.get_mut("changes").and_then(Value::as_array_mut) else {
        return bytes;
    };
    let renumber = rng.chance(1, 2);
    let rename = rng.chance(1, 2);
    let mut names: Vec<(String, String)> = Vec::new();
    for c in changes.iter_mut() {
        let Some(c) = c.as_object_mut() else { continue };
        if renumber {
            counter.set(counter.get() + 1);
            c.insert("seq".into(), json!(counter.get()));
        }
        let old_id = c
            .get("entity_id")
            .and_then(Value::as_str)
            .map(str::to_string);
        let new_id = match (&old_id, rename) {
            (Some(old), true) => {
                let known = names.iter().find(|(o, _)| o == old).map(|(_, n)| n.clone());
                Some(known.unwrap_or_else(|| {
                    counter.set(counter.get() + 1);
                    let n = format!("fz-{:08}", counter.get());
                    names.push((old.clone(), n.clone()));
                    n
                }))
            }
            _ => None,
        };
        if let Some(n) = &new_id {
            c.insert("entity_id".into(), json!(n));
        }
        if let Some(Value::String(p)) = c.get("payload")
            && let Ok(mut payload) = serde_json::from_str::<Value>(p)
        {
            if let Some(n) = &new_id {
                if payload.get("id").and_then(Value::as_str) == old_id.as_deref() {
                    payload["id"] = json!(n);
                }
                if payload.get("code").is_some() {
                    // A code the portal takes (issue 14: it checks the whole code): the day of
                    // the dossier's reception and a number of its own, new for each id.
                    payload["code"] = json!(format!("{UNIT}-261127-{:04}", counter.get()));
                    payload["received_at"] = json!("2026-11-27T02:00:00Z");
                }
            }
            if rng.chance(1, 3) {
                mutate_json(rng, &mut payload, TOKENS);
            }
            c.insert("payload".into(), json!(payload.to_string()));
        }
        if rng.chance(9, 10)
            && let Some(p) = c.get("payload").and_then(Value::as_str)
        {
            let h = content_hash(p);
            c.insert("content_hash".into(), json!(h));
        }
    }
    serde_json::to_vec(&doc).unwrap_or(bytes)
}

fn outcome(status: StatusCode, body: &[u8]) -> String {
    match serde_json::from_slice::<PushResponse>(body) {
        Ok(r) => {
            let mut kinds: Vec<String> = r
                .results
                .iter()
                .map(|x| {
                    class(
                        &format!("{:?}", x.status),
                        x.reason.as_deref().unwrap_or(""),
                    )
                })
                .collect();
            kinds.sort();
            kinds.dedup();
            format!("{} {}", status.as_u16(), kinds.join("|"))
        }
        Err(_) => class(&status.as_u16().to_string(), &String::from_utf8_lossy(body)),
    }
}

/// Checks the portal's answer to one push body against what it was sent and what it stored.
async fn check_answer(db: &Db, desk: &AuthDesk, sent: &[u8], status: StatusCode, body: &[u8]) {
    assert!(
        status != StatusCode::INTERNAL_SERVER_ERROR,
        "500 for a desk's body: {}",
        String::from_utf8_lossy(body)
    );
    if status != StatusCode::OK {
        let e: motcua_protocol::ApiError =
            serde_json::from_slice(body).expect("an error answer is a JSON ApiError");
        assert!(!e.code.is_empty() && !e.message.is_empty());
        return;
    }
    let req: PushRequest =
        serde_json::from_slice(sent).expect("200 for a body that does not parse");
    let res: PushResponse = serde_json::from_slice(body).expect("200 answer is a PushResponse");
    assert_eq!(
        res.results.len(),
        req.changes.len(),
        "one result per change"
    );
    for (c, r) in req.changes.iter().zip(&res.results) {
        assert_eq!(c.seq, r.seq, "results in the order sent");
        match r.status {
            PushStatus::Stored => {
                assert_eq!(
                    content_hash(&c.payload),
                    c.content_hash,
                    "stored with a bad hash"
                );
                assert_eq!(c.entity, "dossier");
                if c.op == "status"
                    && let Ok(p) = serde_json::from_str::<Value>(&c.payload)
                {
                    let st = |k: &str| {
                        p.get(k)
                            .and_then(Value::as_str)
                            .and_then(|s| Status::parse(s.trim()))
                    };
                    if let (Some(from), Some(to)) = (st("from"), st("to")) {
                        assert!(
                            from == to || lifecycle::allowed(from, to),
                            "stored a move the lifecycle forbids: {from:?} -> {to:?}"
                        );
                    }
                }
                if c.op == "create" {
                    let row: Option<(String,)> =
                        sqlx::query_as("SELECT unit_code FROM dossier WHERE id = $1")
                            .bind(&c.entity_id)
                            .fetch_optional(&db.pool)
                            .await
                            .expect("query");
                    assert_eq!(
                        row.map(|r| r.0).as_deref(),
                        Some(desk.unit_code.as_str()),
                        "a stored create is not a dossier of the desk's unit"
                    );
                }
            }
            PushStatus::Rejected | PushStatus::Conflict => {
                assert!(
                    r.reason.as_deref().is_some_and(|s| !s.is_empty()),
                    "no reason"
                );
            }
            PushStatus::Duplicate => {}
        }
    }
}

#[test]
fn mutate_push_bodies() {
    let p = portal();
    // The fuzzer sends thousands of pushes a second with one token: the rate limits (tested in
    // portal/tests/security.rs) are off here, or nearly every case would stop at 429.
    let off = motcua_portal::rate_limit::Rate::OFF;
    let router = motcua_portal::router(AppState::with_limits(
        p.db.clone(),
        "http://127.0.0.1:1",
        motcua_portal::rate_limit::LimitConfig {
            per_ip: off,
            per_token: off,
            lookup: off,
            enroll_failures: off,
            trusted_proxies: Vec::new(),
        },
    ));
    let counter = Cell::new(1_000);
    mutate(
        TARGET,
        Mutation {
            tokens: TOKENS,
            json: true,
            max_len: 256 * 1024,
        },
        |rng, b| fixup(&counter, rng, b),
        |bytes| {
            p.rt.block_on(async {
                let req = Request::post(PUSH_PATH)
                    .header(PROTOCOL_HEADER, "1")
                    .header("authorization", format!("Bearer {}", p.token))
                    .header("content-type", "application/json")
                    .body(Body::from(bytes.to_vec()))
                    .expect("request");
                let res = router.clone().oneshot(req).await.expect("infallible");
                let status = res.status();
                let body = axum::body::to_bytes(res.into_body(), usize::MAX)
                    .await
                    .expect("body");
                check_answer(&p.db, &p.desk, bytes, status, &body).await;
                outcome(status, &body)
            })
        },
    );
}

/// `check_create` alone, on mutated create payloads: never panics; what it accepts is the desk's
/// unit's, with a known status and an RFC 3339 reception time.
#[test]
fn mutate_check_create() {
    let desk = AuthDesk {
        id: "d".into(),
        unit_code: UNIT.into(),
        name: "Quầy 1".into(),
    };
    let seed: Vec<u8> =
        std::fs::read(motcua_fuzz::fuzz_dir().join("corpus/portal_push/one-create.json"))
            .expect("corpus file");
    let req: PushRequest = serde_json::from_slice(&seed).expect("corpus parses");
    let payload: Value = serde_json::from_str(&req.changes[0].payload).expect("payload");
    let mut rng = Rng::new(motcua_fuzz::base_seed());
    let start = std::time::Instant::now();
    let mut cases = 0u64;
    while start.elapsed() < motcua_fuzz::budget() / 2 || cases < 200 {
        let mut p = payload.clone();
        for _ in 0..1 + rng.below(4) {
            mutate_json(&mut rng, &mut p, TOKENS);
        }
        let id = p
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("x")
            .trim()
            .to_string();
        let r = std::panic::catch_unwind(|| {
            let create = serde_json::from_value::<motcua_protocol::change::Create>(p.clone());
            if let Ok(create) = &create
                && let Ok(row) = projection::check_create(&desk, &id, create)
            {
                assert!(row.id == id);
                let unit = p["receiving_unit_code"].as_str().unwrap_or_default().trim();
                assert!(
                    unit.eq_ignore_ascii_case(UNIT),
                    "other unit accepted: {unit}"
                );
                assert!(Status::parse(row.status.as_str()).is_some());
                assert!(motcua::clock::parse(row.received_at).is_some());
                assert!(!row.code.is_empty() && !row.procedure_code.is_empty());
            }
        });
        if r.is_err() {
            let bytes = p.to_string().into_bytes();
            let path =
                motcua_fuzz::save_artifact(TARGET, "check-create", &bytes, "check_create panicked");
            panic!(
                "check_create failed on {}\nsaved {}",
                motcua_fuzz::show(&bytes),
                path.display()
            );
        }
        cases += 1;
    }
    eprintln!(
        "FUZZ-STATS target={TARGET} mode=check_create cases={cases} seconds={:.1} rate={:.0}/s",
        start.elapsed().as_secs_f64(),
        cases as f64 / start.elapsed().as_secs_f64()
    );
}

fn create_payload(id: &str, code: &str, status: &str, name: &str) -> Value {
    json!({
        "id": id, "code": code, "procedure_code": "2.000635", "catalogue_version": 1,
        "procedure_name": name, "receiving_unit_code": UNIT, "channel": "direct",
        "submitter": { "full_name": "Nguyễn Thị Hồng", "id_number": "001186012345" },
        "documents": [], "sets_count": 1, "delivery": "counter",
        "received_at": "2026-11-27T02:00:00Z", "due_at": "2026-11-30T02:00:00Z",
        "status": status, "national_status": 2, "fee_amount": 8000
    })
}

fn change(seq: i64, op: &str, id: &str, payload: &Value) -> Change {
    let text = payload.to_string();
    Change {
        seq,
        entity: "dossier".into(),
        entity_id: id.into(),
        op: op.into(),
        content_hash: content_hash(&text),
        payload: text,
        desk_time: "2026-11-27T02:00:00Z".into(),
    }
}

fn statuses() -> impl Strategy<Value = Status> {
    proptest::sample::select(Status::ALL.to_vec())
}

#[test]
fn generated_batches() {
    let p = portal();
    let counter = Cell::new(0i64);
    generated(
        TARGET,
        (
            proptest::collection::vec(
                (
                    "[A-Za-zÀ-ỹ ]{1,30}",
                    prop_oneof![Just("received"), Just("submitted-online")],
                ),
                1..6,
            ),
            proptest::collection::vec((statuses(), statuses(), any::<bool>()), 0..8),
        ),
        |(creates, _)| format!("{creates:?}").into_bytes(),
        |(creates, moves)| {
            p.rt.block_on(async {
                let mut batch = Vec::new();
                let mut ids = Vec::new();
                for (name, status) in &creates {
                    counter.set(counter.get() + 1);
                    let n = counter.get();
                    let id = format!("gen-{n:08}");
                    let code = format!("{UNIT}-261127-{n:04}");
                    batch.push(change(n, "create", &id, &create_payload(&id, &code, status, name)));
                    ids.push((id, *status));
                }
                let r = push::store_batch(&p.db, &p.desk, &batch).await.map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert!(r.iter().all(|x| x.status == PushStatus::Stored), "{:?}", r);
                let again = push::store_batch(&p.db, &p.desk, &batch).await.map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert!(again.iter().all(|x| x.status == PushStatus::Duplicate), "{:?}", again);
                let changed: Vec<Change> = batch
                    .iter()
                    .map(|c| {
                        let mut v: Value = serde_json::from_str(&c.payload).unwrap_or_default();
                        v["procedure_name"] = json!("Đã đổi");
                        change(c.seq, "create", &c.entity_id, &v)
                    })
                    .collect();
                let conflicts = push::store_batch(&p.db, &p.desk, &changed).await.map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert!(conflicts.iter().all(|x| x.status == PushStatus::Conflict), "{:?}", conflicts);
                // Status moves of the first dossier, one at a time.
                let (id, first) = &ids[0];
                let mut current = Status::parse(first).unwrap_or(Status::Received);
                for (claimed, to, honest) in moves {
                    counter.set(counter.get() + 1);
                    // The desk says where it moves from: usually the portal's status, sometimes
                    // an older one (the back office moved the dossier meanwhile).
                    let from = if honest { current } else { claimed };
                    let payload = json!({"id": id, "from": from.as_str(), "to": to.as_str(), "reason": "", "at": "2026-11-27T03:00:00Z"});
                    let r = push::store_change(&p.db, &p.desk, &change(counter.get(), "status", id, &payload)).await.map_err(|e| TestCaseError::fail(e.to_string()))?;
                    // projection.rs `still_possible`: a move the lifecycle allows, applied when it
                    // starts from the portal's status, already ends there, or the lifecycle allows
                    // it from there.
                    let expected = lifecycle::allowed(from, to)
                        && (from == current || to == current || lifecycle::allowed(current, to));
                    prop_assert_eq!(r.status == PushStatus::Stored, expected, "{:?} -> {:?}: {:?}", current, to, r);
                    if expected {
                        current = to;
                    }
                }
                let stored: Option<(String,)> = sqlx::query_as("SELECT status FROM dossier WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&p.db.pool)
                    .await
                    .map_err(|e| TestCaseError::fail(e.to_string()))?;
                prop_assert_eq!(stored.map(|s| s.0), Some(current.as_str().to_string()));
                Ok(())
            })
        },
    );
}

//! Test harness: a real portal on 127.0.0.1:<random port>, in-process, over SQLite (temp file) or
//! PostgreSQL (a fresh database per test in the server named by MOTCUA_PORTAL_TEST_PG). With
//! CI=true and no MOTCUA_PORTAL_TEST_PG, PostgreSQL variants fail instead of skipping.
#![allow(dead_code)]

use std::future::Future;

use motcua_portal::{AppState, Db, desks, units};
use motcua_protocol::{
    Change, EnrollRequest, EnrollResponse, PROTOCOL_HEADER, PROTOCOL_VERSION, PullResponse,
    PushRequest, PushResponse, content_hash,
};
use reqwest::StatusCode;
use serde_json::{Value, json};
use sqlx::Connection;

pub const PG_ENV: &str = "MOTCUA_PORTAL_TEST_PG";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Sqlite,
    Postgres,
}

/// What a test gets: the server's base URL, the database (same one the server uses) and its URL.
#[derive(Clone)]
pub struct Env {
    pub kind: Kind,
    pub base: String,
    pub db: Db,
    pub db_url: String,
    pub http: reqwest::Client,
}

struct Storage {
    url: String,
    _dir: Option<tempfile::TempDir>,
    pg: Option<(String, String)>,
}

fn pg_database_url(admin: &str, name: &str) -> String {
    let (scheme, rest) = admin.split_once("://").expect("postgres URL has a scheme");
    let (authority, tail) = rest.split_once('/').unwrap_or((rest, ""));
    let query = tail
        .split_once('?')
        .map(|(_, q)| format!("?{q}"))
        .unwrap_or_default();
    format!("{scheme}://{authority}/{name}{query}")
}

async fn storage(kind: Kind) -> Option<Storage> {
    match kind {
        Kind::Sqlite => {
            let dir = tempfile::tempdir().expect("temp dir");
            let url = dir.path().join("portal.db").display().to_string();
            Some(Storage {
                url,
                _dir: Some(dir),
                pg: None,
            })
        }
        Kind::Postgres => {
            let admin = match std::env::var(PG_ENV) {
                Ok(u) if !u.trim().is_empty() => u,
                _ => {
                    if std::env::var("CI").as_deref() == Ok("true") {
                        panic!(
                            "{PG_ENV} is not set but CI=true: the PostgreSQL variant must run (start one with scripts/postgres.sh)"
                        );
                    }
                    eprintln!("SKIPPED: PostgreSQL variant ({PG_ENV} not set)");
                    return None;
                }
            };
            let name = format!("motcua_t_{}", uuid::Uuid::new_v4().simple());
            let mut conn = sqlx::PgConnection::connect(&admin)
                .await
                .expect("connect to MOTCUA_PORTAL_TEST_PG");
            sqlx::query(&format!("CREATE DATABASE {name}"))
                .execute(&mut conn)
                .await
                .expect("create test database");
            conn.close().await.ok();
            Some(Storage {
                url: pg_database_url(&admin, &name),
                _dir: None,
                pg: Some((admin, name)),
            })
        }
    }
}

/// Runs `test` against a fresh portal of the given kind, then shuts it down and drops its database.
pub async fn run<F, Fut>(kind: Kind, test: F)
where
    F: FnOnce(Env) -> Fut,
    Fut: Future<Output = ()> + Send + 'static,
{
    let Some(st) = storage(kind).await else {
        return;
    };
    let db = motcua_portal::open(&st.url).await.expect("open portal db");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let state = AppState::new(db.clone(), format!("http://{addr}"));
    let server = tokio::spawn(motcua_portal::serve(listener, state, async {
        let _ = stopped.await;
    }));
    let env = Env {
        kind,
        base: format!("http://{addr}"),
        db: db.clone(),
        db_url: st.url.clone(),
        http: reqwest::Client::new(),
    };
    let outcome = tokio::spawn(test(env)).await;
    let _ = stop.send(());
    let _ = server.await;
    db.close().await;
    if let Some((admin, name)) = &st.pg
        && let Ok(mut conn) = sqlx::PgConnection::connect(admin).await
    {
        let _ = sqlx::query(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
            .execute(&mut conn)
            .await;
    }
    if let Err(e) = outcome {
        std::panic::resume_unwind(e.into_panic());
    }
}

/// One test body, run against SQLite and against PostgreSQL.
#[macro_export]
macro_rules! both_backends {
    ($($name:ident),* $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                $crate::common::run($crate::common::Kind::Sqlite, super::$name).await
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                $crate::common::run($crate::common::Kind::Postgres, super::$name).await
            }
        }
    )*};
}

/// A desk as the tests drive it.
#[derive(Clone, Debug)]
pub struct TestDesk {
    pub token: String,
    pub desk_id: String,
    pub unit_code: String,
    pub enrolled: EnrollResponse,
}

pub fn unit_input(code: &str) -> units::NewUnit {
    units::NewUnit {
        code: code.into(),
        name: format!("Trung tâm Phục vụ hành chính công {code}"),
        parent_authority: "UBND xã Định Mỹ".into(),
        place: "Định Mỹ".into(),
        hotline: "0296 3 123 456".into(),
        lookup_url: "https://cong.example.vn/tra-cuu".into(),
        desk_slots: 3,
    }
}

/// A second portal on the same database (e.g. with other limits), stopped when dropped.
pub struct Extra {
    pub base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
}

impl Extra {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for Extra {
    fn drop(&mut self) {
        if let Some(s) = self.stop.take() {
            let _ = s.send(());
        }
    }
}

impl Env {
    /// Starts another portal over this test's database with the given limits.
    pub async fn serve_with(&self, limits: motcua_portal::rate_limit::LimitConfig) -> Extra {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let addr = listener.local_addr().expect("addr");
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let state = AppState::with_limits(self.db.clone(), format!("http://{addr}"), limits);
        tokio::spawn(motcua_portal::serve(listener, state, async {
            let _ = stopped.await;
        }));
        Extra {
            base: format!("http://{addr}"),
            stop: Some(stop),
        }
    }

    /// Sends raw bytes to the portal and returns the status and body of its answer (for requests
    /// an HTTP client will not make: a declared length it does not send, a chunked body).
    pub async fn raw(&self, request: &[u8]) -> (u16, String) {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let addr = self.base.trim_start_matches("http://");
        let mut s = tokio::net::TcpStream::connect(addr).await.expect("connect");
        // The portal may answer and close before reading all of it: that is the point.
        let _ = s.write_all(request).await;
        let mut out = Vec::new();
        let _ =
            tokio::time::timeout(std::time::Duration::from_secs(10), s.read_to_end(&mut out)).await;
        let text = String::from_utf8_lossy(&out).to_string();
        let status = text
            .split_whitespace()
            .nth(1)
            .and_then(|c| c.parse().ok())
            .unwrap_or(0);
        let body = text
            .split_once("\r\n\r\n")
            .map_or("", |(_, b)| b)
            .to_string();
        (status, body)
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn get(&self, path: &str) -> reqwest::RequestBuilder {
        self.http
            .get(self.url(path))
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
    }

    pub fn post(&self, path: &str) -> reqwest::RequestBuilder {
        self.http
            .post(self.url(path))
            .header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string())
    }

    pub async fn unit(&self, code: &str) -> units::Unit {
        units::add(&self.db, &unit_input(code))
            .await
            .expect("add unit")
    }

    /// `desk add` + `POST /api/v1/enroll`.
    pub async fn desk(&self, unit: &str) -> TestDesk {
        let new = desks::add(&self.db, unit, None).await.expect("add desk");
        let res = self
            .post(motcua_protocol::ENROLL_PATH)
            .json(&EnrollRequest {
                code: new.enrollment_code.clone(),
                desk_name: String::new(),
            })
            .send()
            .await
            .expect("enroll request");
        assert_eq!(res.status(), StatusCode::OK, "enroll");
        let enrolled: EnrollResponse = res.json().await.expect("enroll json");
        TestDesk {
            token: enrolled.token.clone(),
            desk_id: enrolled.desk_id.clone(),
            unit_code: enrolled.unit.code.clone(),
            enrolled,
        }
    }

    pub async fn push_raw(&self, desk: &TestDesk, changes: &[Change]) -> reqwest::Response {
        self.post(motcua_protocol::PUSH_PATH)
            .bearer_auth(&desk.token)
            .json(&PushRequest {
                changes: changes.to_vec(),
                audit_head: None,
            })
            .send()
            .await
            .expect("push request")
    }

    pub async fn push(&self, desk: &TestDesk, changes: &[Change]) -> PushResponse {
        let res = self.push_raw(desk, changes).await;
        assert_eq!(res.status(), StatusCode::OK, "push status");
        res.json().await.expect("push json")
    }

    pub async fn pull_raw(
        &self,
        desk: &TestDesk,
        cursor: i64,
        limit: Option<u32>,
    ) -> reqwest::Response {
        let mut path = format!("{}?cursor={cursor}", motcua_protocol::PULL_PATH);
        if let Some(l) = limit {
            path.push_str(&format!("&limit={l}"));
        }
        self.get(&path)
            .bearer_auth(&desk.token)
            .send()
            .await
            .expect("pull request")
    }

    pub async fn pull(&self, desk: &TestDesk, cursor: i64, limit: Option<u32>) -> PullResponse {
        let res = self.pull_raw(desk, cursor, limit).await;
        assert_eq!(res.status(), StatusCode::OK, "pull status");
        res.json().await.expect("pull json")
    }

    pub async fn count(&self, sql: &str) -> i64 {
        sqlx::query_scalar::<_, i64>(sql)
            .fetch_one(&self.db.pool)
            .await
            .expect("count query")
    }
}

pub fn change(seq: i64, op: &str, entity_id: &str, payload: &Value) -> Change {
    let text = payload.to_string();
    Change {
        seq,
        entity: "dossier".into(),
        entity_id: entity_id.into(),
        op: op.into(),
        content_hash: content_hash(&text),
        payload: text,
        desk_time: "2026-11-27T02:00:00Z".into(),
    }
}

/// A `create` payload shaped like the desk's (src/dossier/intake.rs).
pub fn create_payload(id: &str, code: &str, unit: &str) -> Value {
    json!({
        "id": id, "code": code, "procedure_code": "2.000635", "catalogue_version": 7,
        "procedure_name": "Cấp bản sao trích lục hộ tịch", "receiving_unit_code": unit,
        "competent_authority": "UBND xã", "channel": "direct", "outcome": "received",
        "submitter": { "full_name": "Nguyễn Thị Hồng", "id_number": "001186012345", "phone": "0912345678" },
        "owner": null, "documents": [], "missing": [], "sets_count": 1, "delivery": "counter",
        "received_at": "2026-11-27T02:00:00Z", "due_at": "2026-11-30T02:00:00Z", "due_rule": "working-days",
        "status": "received", "national_status": 2, "fee_amount": 8000, "desk_id": "d", "created_by": "c",
        "desk_time": "2026-11-27T02:00:00Z"
    })
}

pub fn status_payload(id: &str, from: &str, to: &str) -> Value {
    json!({ "id": id, "from": from, "to": to, "national_status": 0, "reason": "", "at": "2026-11-27T03:00:00Z" })
}

pub fn new_id() -> String {
    uuid::Uuid::now_v7().to_string()
}

//! The portal's protections (issue 7, item 6): a credential on every route but the public ones,
//! request size limits, rate limits, and units kept apart. On SQLite and (with
//! MOTCUA_PORTAL_TEST_PG) on PostgreSQL.

mod common;

use common::{Env, change, create_payload, new_id, status_payload};
use motcua_portal::access::{self, Access, ROUTES};
use motcua_portal::rate_limit::{LimitConfig, Rate};
use motcua_portal::{AppState, admin, desks, dossiers};
use motcua_protocol::release::RELEASE_FILE_PATH;
use motcua_protocol::{
    ApiError, EnrollRequest, PROTOCOL_HEADER, PROTOCOL_VERSION, PULL_PATH, PUSH_PATH, PushStatus,
};
use reqwest::StatusCode;
use serde_json::json;

both_backends!(
    every_route_needs_its_credential,
    a_route_missing_from_the_table_is_refused,
    oversized_requests_get_json_errors,
    lookup_is_limited_per_client_address,
    enroll_guesses_are_limited_but_enrollments_are_not,
    limits_per_token_and_per_address,
    defaults_let_fifty_desks_sync_at_once,
    a_desk_cannot_touch_another_units_data,
    unknown_pending_and_revoked_desks_are_refused,
);

async fn api_error(res: reqwest::Response) -> ApiError {
    res.json().await.expect("ApiError body")
}

/// A concrete path for a route (`{code}` → a code).
fn concrete(path: &str) -> String {
    path.replace("{code}", "U1-261127-0001")
        .replace("{platform}", "linux-deb")
        .replace("{version}", "9.9.9")
}

/// A request to `spec` with a harmless body of the route's shape.
fn request(
    http: &reqwest::Client,
    base: &str,
    spec: &access::RouteSpec,
) -> reqwest::RequestBuilder {
    let url = format!("{base}{}", concrete(spec.path));
    let rb = match spec.method {
        "GET" => http.get(url),
        "POST" => http.post(url),
        m => panic!("method {m} not handled by the test: add it"),
    };
    let rb = rb.header(PROTOCOL_HEADER, PROTOCOL_VERSION.to_string());
    match (spec.method, spec.access) {
        ("POST", Access::EnrollCode) => rb.json(&json!({ "code": "", "desk_name": "" })),
        ("POST", Access::Desk) => rb.json(&json!({ "changes": [] })),
        ("POST", _) => rb.json(&json!({ "to": "in-processing" })),
        _ => rb,
    }
}

async fn every_route_needs_its_credential(env: Env) {
    env.unit("U1").await;
    let desk = env.desk("U1").await;
    let admin_token = admin::create_token(&env.db, "kiểm thử").await.unwrap();
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
    for spec in ROUTES {
        let what = format!("{} {}", spec.method, spec.path);
        let anonymous = request(&env.http, &env.base, spec).send().await.unwrap();
        let status = anonymous.status();
        match spec.access {
            Access::Public | Access::Lookup => {
                // Served to anyone (the lookup page says 404 for a missing code, in HTML).
                assert_ne!(status, StatusCode::UNAUTHORIZED, "{what}");
                assert!(
                    status.is_success() || status == StatusCode::NOT_FOUND,
                    "{what}: {status}"
                );
                if spec.access == Access::Lookup {
                    let ct = anonymous.headers()[reqwest::header::CONTENT_TYPE].clone();
                    assert!(
                        ct.to_str().unwrap().starts_with("text/html"),
                        "{what}: the page, not the JSON 404"
                    );
                }
            }
            Access::EnrollCode | Access::Desk | Access::Admin => {
                assert_eq!(
                    status,
                    StatusCode::UNAUTHORIZED,
                    "{what} without a credential"
                );
                assert_eq!(api_error(anonymous).await.code, "unauthorized", "{what}");
            }
        }
        let with_desk = request(&env.http, &env.base, spec)
            .bearer_auth(&desk.token)
            .send()
            .await
            .unwrap();
        let with_admin = request(&env.http, &env.base, spec)
            .bearer_auth(&admin_token)
            .send()
            .await
            .unwrap();
        match spec.access {
            // Nothing is published here: the desk gets past the guard to the handler's 404.
            Access::Desk if spec.path == RELEASE_FILE_PATH => {
                assert_eq!(with_desk.status(), StatusCode::NOT_FOUND, "{what}");
                assert_eq!(api_error(with_desk).await.code, "release_not_found");
                assert_eq!(with_admin.status(), StatusCode::UNAUTHORIZED, "{what}");
            }
            Access::Desk => {
                assert_eq!(
                    with_desk.status(),
                    StatusCode::OK,
                    "{what} with a desk token"
                );
                assert_eq!(
                    with_admin.status(),
                    StatusCode::UNAUTHORIZED,
                    "{what}: an admin token is not a desk's"
                );
            }
            Access::Admin => {
                assert_eq!(
                    with_desk.status(),
                    StatusCode::UNAUTHORIZED,
                    "{what}: a desk token is not an admin's"
                );
                assert_eq!(api_error(with_desk).await.code, "unauthorized");
                assert!(
                    with_admin.status().is_success(),
                    "{what} with an admin token: {}",
                    with_admin.status()
                );
            }
            // The one-time code is the only credential; a bearer token is no substitute.
            Access::EnrollCode => {
                assert_eq!(with_desk.status(), StatusCode::UNAUTHORIZED, "{what}");
                assert_eq!(with_admin.status(), StatusCode::UNAUTHORIZED, "{what}");
            }
            Access::Public | Access::Lookup => {}
        }
    }
    // Another method on a listed route is 405, for everyone.
    for (method, path) in [("PUT", PUSH_PATH), ("DELETE", "/api/v1/admin/conflicts")] {
        let res = env
            .http
            .request(method.parse().unwrap(), env.url(path))
            .bearer_auth(&admin_token)
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            StatusCode::METHOD_NOT_ALLOWED,
            "{method} {path}"
        );
        assert_eq!(api_error(res).await.code, "method_not_allowed");
    }
    // Only the lookup page, the API description and the health check are public.
    let public: Vec<&str> = ROUTES
        .iter()
        .filter(|r| matches!(r.access, Access::Public | Access::Lookup))
        .map(|r| r.path)
        .collect();
    assert_eq!(public, ["/tra-cuu", "/openapi.json", "/healthz"]);
    let health: serde_json::Value = env
        .http
        .get(env.url("/healthz"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(health, json!({ "status": "ok" }));
}

/// Every route of the API description is in the access table and the other way round, so
/// neither can gain a route the other lacks.
#[test]
fn access_table_matches_the_api_description() {
    let api = motcua_portal::public::openapi_value();
    let paths = api["paths"].as_object().expect("openapi paths");
    let mut described: Vec<String> = Vec::new();
    for (path, ops) in paths {
        for method in ops.as_object().expect("operations").keys() {
            if ["get", "post", "put", "patch", "delete"].contains(&method.as_str()) {
                described.push(format!("{} {path}", method.to_uppercase()));
            }
        }
    }
    described.sort();
    let mut listed: Vec<String> = ROUTES
        .iter()
        .map(|r| format!("{} {}", r.method, r.path))
        .collect();
    listed.sort();
    assert_eq!(described, listed);
}

async fn a_route_missing_from_the_table_is_refused(env: Env) {
    env.unit("U1").await;
    let desk = env.desk("U1").await;
    let state = AppState::new(env.db.clone(), env.base.clone());
    let app = motcua_portal::router_with(
        state,
        motcua_portal::api::routes().route(
            "/api/v1/forgotten",
            axum::routing::get(|| async { "dữ liệu" }),
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<access::ClientAddr>(),
        )
        .with_graceful_shutdown(async {
            let _ = stopped.await;
        })
        .await
    });
    for token in [None, Some(desk.token.clone())] {
        let mut rb = env.http.get(format!("{base}/api/v1/forgotten"));
        if let Some(t) = &token {
            rb = rb.bearer_auth(t);
        }
        let res = rb.send().await.unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "token {token:?}");
        assert_eq!(api_error(res).await.code, "unauthorized");
    }
    // The listed routes next to it still work.
    let res = env
        .http
        .get(format!("{base}{PULL_PATH}"))
        .header(PROTOCOL_HEADER, "1")
        .bearer_auth(&desk.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let _ = stop.send(());
    let _ = server.await;
}

async fn oversized_requests_get_json_errors(env: Env) {
    env.unit("U1").await;
    let desk = env.desk("U1").await;
    let admin_token = admin::create_token(&env.db, "").await.unwrap();
    let port = env.base.rsplit(':').next().unwrap().to_string();
    for spec in ROUTES {
        let what = format!("{} {}", spec.method, spec.path);
        let token = match spec.access {
            Access::Desk => format!("Authorization: Bearer {}\r\n", desk.token),
            Access::Admin => format!("Authorization: Bearer {admin_token}\r\n"),
            _ => String::new(),
        };
        // Declared one byte over the route's limit; the body is not even sent.
        let head = format!(
            "{} {} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{PROTOCOL_HEADER}: 1\r\n{token}Content-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
            spec.method,
            concrete(spec.path),
            spec.max_body + 1
        );
        let (status, body) = env.raw(head.as_bytes()).await;
        assert_eq!(status, 413, "{what}: {body}");
        let e: ApiError = serde_json::from_str(&body).unwrap_or_else(|_| panic!("{what}: {body}"));
        assert_eq!(e.code, "too_large", "{what}");
        assert!(!e.message.is_empty());
    }
    // A chunked body (no declared length) is cut off at the limit while it is read.
    let chunk = "x".repeat(access::MAX_ENROLL_BODY + 1);
    let req = format!(
        "POST /api/v1/enroll HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n{PROTOCOL_HEADER}: 1\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{:x}\r\n{chunk}\r\n0\r\n\r\n",
        chunk.len()
    );
    let (status, body) = env.raw(req.as_bytes()).await;
    assert_eq!(status, 413, "{body}");
    assert_eq!(
        serde_json::from_str::<ApiError>(&body).unwrap().code,
        "too_large"
    );
    // Just under the limit is read (and is then only not JSON).
    let ok = env
        .post(motcua_protocol::ENROLL_PATH)
        .body("x".repeat(access::MAX_ENROLL_BODY))
        .send()
        .await
        .unwrap();
    assert_eq!(ok.status(), StatusCode::BAD_REQUEST);
    assert_eq!(api_error(ok).await.code, "invalid");
    // A real push over the limit, sent in full by an ordinary client.
    let big = json!({ "changes": [], "padding": "x".repeat(access::MAX_PUSH_BODY) });
    let res = env
        .post(PUSH_PATH)
        .bearer_auth(&desk.token)
        .json(&big)
        .send()
        .await;
    if let Ok(res) = res {
        // (The portal may also close the connection before the client finishes sending.)
        assert_eq!(res.status(), StatusCode::PAYLOAD_TOO_LARGE);
        assert_eq!(api_error(res).await.code, "too_large");
    }

    // The lookup page: a long address or long headers are refused before any database work.
    let long = env
        .http
        .get(env.url(&format!(
            "/tra-cuu?ma={}",
            "A".repeat(access::MAX_URI_BYTES)
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(long.status(), StatusCode::URI_TOO_LONG);
    assert_eq!(api_error(long).await.code, "uri_too_long");
    let mut rb = env.http.get(env.url("/tra-cuu?ma=U1-261127-0001"));
    for i in 0..4 {
        rb = rb.header(
            format!("x-padding-{i}"),
            "y".repeat(access::MAX_HEADER_BYTES / 4),
        );
    }
    let res = rb.send().await.unwrap();
    assert_eq!(res.status(), StatusCode::REQUEST_HEADER_FIELDS_TOO_LARGE);
    assert_eq!(api_error(res).await.code, "headers_too_large");
    // Unknown addresses too.
    let res = env
        .http
        .get(env.url(&format!("/{}", "z".repeat(access::MAX_URI_BYTES))))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::URI_TOO_LONG);
}

/// Limits with one rate changed and the others off; 127.0.0.1 is a trusted proxy so a test can
/// act as several clients through `X-Forwarded-For`.
fn only(change: impl FnOnce(&mut LimitConfig)) -> LimitConfig {
    let mut c = LimitConfig {
        per_ip: Rate::OFF,
        per_token: Rate::OFF,
        lookup: Rate::OFF,
        enroll_failures: Rate::OFF,
        trusted_proxies: vec!["127.0.0.1".parse().unwrap()],
    };
    change(&mut c);
    c
}

async fn assert_limited(res: reqwest::Response, wait_secs: std::ops::RangeInclusive<u64>) {
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = res.headers()[reqwest::header::RETRY_AFTER]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!(wait_secs.contains(&retry), "Retry-After {retry}");
    let e = api_error(res).await;
    assert_eq!(e.code, "rate_limited");
    assert!(e.message.contains("Xin thử lại sau"), "{}", e.message);
}

async fn lookup_is_limited_per_client_address(env: Env) {
    let portal = env
        .serve_with(only(|c| c.lookup = Rate::per_minute(3)))
        .await;
    let lookup = |client: &'static str| {
        env.http
            .get(portal.url("/tra-cuu?ma=U1-261127-0001"))
            .header("x-forwarded-for", client)
            .send()
    };
    for _ in 0..3 {
        assert_eq!(
            lookup("203.0.113.5").await.unwrap().status(),
            StatusCode::NOT_FOUND
        );
    }
    // One token every 20 s.
    assert_limited(lookup("203.0.113.5").await.unwrap(), 19..=20).await;
    // A browser gets the same answer as a page.
    let page = env
        .http
        .get(portal.url("/tra-cuu?ma=U1-261127-0002"))
        .header("x-forwarded-for", "203.0.113.5")
        .header("accept", "text/html,application/xhtml+xml")
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(page.headers().contains_key(reqwest::header::RETRY_AFTER));
    let html = page.text().await.unwrap();
    assert!(
        html.contains("<html lang=\"vi\">") && html.contains("Quá nhiều yêu cầu"),
        "{html}"
    );
    // Another citizen is not held up, nor are the desks' routes.
    assert_eq!(
        lookup("198.51.100.7").await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        env.http
            .get(portal.url("/openapi.json"))
            .header("x-forwarded-for", "203.0.113.5")
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::OK
    );
}

async fn enroll_guesses_are_limited_but_enrollments_are_not(env: Env) {
    env.unit("U1").await;
    let portal = env
        .serve_with(only(|c| c.enroll_failures = Rate::per_hour(3)))
        .await;
    let enroll = |client: &'static str, code: String| {
        env.http
            .post(portal.url(motcua_protocol::ENROLL_PATH))
            .header(PROTOCOL_HEADER, "1")
            .header("x-forwarded-for", client)
            .json(&EnrollRequest {
                code,
                desk_name: String::new(),
            })
            .send()
    };
    // Three desks enroll from one address, one after the other: a success costs nothing.
    for _ in 0..3 {
        let new = desks::add(&env.db, "U1", None).await.unwrap();
        let res = enroll("203.0.113.9", new.enrollment_code).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK);
    }
    // Guessing: three wrong codes, then even a right one must wait (one try every 20 min).
    for _ in 0..3 {
        let res = enroll("198.51.100.1", "AAAA-BBBB-CCCC-DDDD".into())
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    let unit = motcua_portal::units::add(&env.db, &common::unit_input("U2"))
        .await
        .unwrap();
    let real = desks::add(&env.db, &unit.code, None).await.unwrap();
    assert_limited(
        enroll("198.51.100.1", real.enrollment_code.clone())
            .await
            .unwrap(),
        1199..=1200,
    )
    .await;
    assert!(
        desks::list(&env.db, Some("U2")).await.unwrap()[0]
            .enrolled_at
            .is_none(),
        "the refused request did not use the code"
    );
    // From elsewhere the code still works.
    let res = enroll("198.51.100.2", real.enrollment_code).await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
}

async fn limits_per_token_and_per_address(env: Env) {
    env.unit("U1").await;
    let a = env.desk("U1").await;
    let b = env.desk("U1").await;
    let admin_token = admin::create_token(&env.db, "").await.unwrap();
    let portal = env
        .serve_with(only(|c| c.per_token = Rate::per_minute(2)))
        .await;
    let pull = |token: &str| {
        env.http
            .get(portal.url(&format!("{PULL_PATH}?cursor=0")))
            .header(PROTOCOL_HEADER, "1")
            .bearer_auth(token)
            .send()
    };
    for _ in 0..2 {
        assert_eq!(pull(&a.token).await.unwrap().status(), StatusCode::OK);
    }
    assert_limited(pull(&a.token).await.unwrap(), 29..=30).await;
    // A push of the same desk shares its bucket; the other desk has its own.
    let id = new_id();
    let res = env
        .http
        .post(portal.url(PUSH_PATH))
        .header(PROTOCOL_HEADER, "1")
        .bearer_auth(&a.token)
        .json(&json!({ "changes": [change(1, "create", &id, &create_payload(&id, "U1-261127-0001", "U1"))] }))
        .send()
        .await
        .unwrap();
    assert_limited(res, 29..=30).await;
    assert_eq!(env.count("SELECT COUNT(*) FROM change").await, 0);
    assert_eq!(pull(&b.token).await.unwrap().status(), StatusCode::OK);
    let conflicts = |t: &str| {
        env.http
            .get(portal.url("/api/v1/admin/conflicts"))
            .bearer_auth(t)
            .send()
    };
    for _ in 0..2 {
        assert_eq!(
            conflicts(&admin_token).await.unwrap().status(),
            StatusCode::OK
        );
    }
    assert_limited(conflicts(&admin_token).await.unwrap(), 29..=30).await;
    // A wrong token is refused as such, not counted against the real one's bucket.
    assert_eq!(
        conflicts("sai").await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );
    drop(portal);

    // Per address: every route counts, the public ones too.
    let portal = env
        .serve_with(only(|c| c.per_ip = Rate::per_minute(4)))
        .await;
    let get = |path: &str, client: &'static str| {
        env.http
            .get(portal.url(path))
            .header(PROTOCOL_HEADER, "1")
            .header("x-forwarded-for", client)
            .bearer_auth(&a.token)
            .send()
    };
    assert_eq!(
        get("/openapi.json", "203.0.113.1").await.unwrap().status(),
        StatusCode::OK
    );
    assert_eq!(
        get("/healthz", "203.0.113.1").await.unwrap().status(),
        StatusCode::OK
    );
    assert_eq!(
        get(PULL_PATH, "203.0.113.1").await.unwrap().status(),
        StatusCode::OK
    );
    assert_eq!(
        get("/tra-cuu?ma=X", "203.0.113.1").await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
    assert_limited(get(PULL_PATH, "203.0.113.1").await.unwrap(), 14..=15).await;
    assert_eq!(
        get(PULL_PATH, "203.0.113.2").await.unwrap().status(),
        StatusCode::OK
    );
    // X-Forwarded-For from an untrusted peer is ignored: this portal trusts no proxy.
    drop(portal);
    let portal = env
        .serve_with(LimitConfig {
            per_ip: Rate::per_minute(2),
            ..only(|c| c.trusted_proxies.clear())
        })
        .await;
    for (i, client) in ["203.0.113.1", "203.0.113.2", "203.0.113.3"]
        .iter()
        .enumerate()
    {
        let res = env
            .http
            .get(portal.url("/healthz"))
            .header("x-forwarded-for", *client)
            .send()
            .await
            .unwrap();
        let expected = if i < 2 {
            StatusCode::OK
        } else {
            StatusCode::TOO_MANY_REQUESTS
        };
        assert_eq!(
            res.status(),
            expected,
            "request {i}: all count as 127.0.0.1"
        );
    }
}

/// The default limits do not get in the way of the sync benchmark's shape: 50 desks of one
/// centre enrolling from one address, then pushing four batches each at once and pulling.
async fn defaults_let_fifty_desks_sync_at_once(env: Env) {
    let mut unit = common::unit_input("U1");
    unit.desk_slots = 50;
    motcua_portal::units::add(&env.db, &unit).await.unwrap();
    let mut desks_ = Vec::new();
    for _ in 0..50 {
        desks_.push(env.desk("U1").await);
    }
    let mut tasks = Vec::new();
    for (d, desk) in desks_.into_iter().enumerate() {
        let env = env.clone();
        tasks.push(tokio::spawn(async move {
            for b in 0..4_i64 {
                let id = new_id();
                let code = format!("U1-261127-{:05}", 10_000 + d as i64 * 10 + b);
                let r = env
                    .push(
                        &desk,
                        &[change(
                            b + 1,
                            "create",
                            &id,
                            &create_payload(&id, &code, "U1"),
                        )],
                    )
                    .await;
                assert_eq!(r.results[0].status, PushStatus::Stored);
                env.pull(&desk, 0, None).await;
            }
        }));
    }
    for t in tasks {
        t.await.expect("desk task");
    }
    assert_eq!(env.count("SELECT COUNT(*) FROM dossier").await, 200);
}

async fn a_desk_cannot_touch_another_units_data(env: Env) {
    env.unit("UA").await;
    env.unit("UB").await;
    let a = env.desk("UA").await;
    let b = env.desk("UB").await;
    // B's dossier.
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

    // A cannot take a number of B's sequence, even recording the dossier as its own…
    let id = new_id();
    let r = env
        .push(
            &a,
            &[change(
                1,
                "create",
                &id,
                &create_payload(&id, "UB-261127-0002", "UA"),
            )],
        )
        .await;
    assert_eq!(r.results[0].status, PushStatus::Rejected);
    let reason = r.results[0].reason.clone().unwrap();
    assert!(
        reason.contains("UB-261127-0002") && reason.contains("UA"),
        "{reason}"
    );
    // …nor B's existing code.
    let id2 = new_id();
    let r = env
        .push(
            &a,
            &[change(
                2,
                "create",
                &id2,
                &create_payload(&id2, "UB-261127-0001", "UA"),
            )],
        )
        .await;
    assert_eq!(r.results[0].status, PushStatus::Rejected);
    // …nor add a processing step to, nor hand out, B's dossier, by its id.
    let r = env
        .push(
            &a,
            &[
                change(
                    3,
                    "status",
                    &idb,
                    &status_payload(&idb, "received", "in-processing"),
                ),
                change(
                    4,
                    "status",
                    &idb,
                    &status_payload(&idb, "received", "result-ready"),
                ),
            ],
        )
        .await;
    for x in &r.results {
        assert_eq!(x.status, PushStatus::Rejected);
        let reason = x.reason.as_deref().unwrap_or_default();
        assert!(reason.contains(&idb) && reason.contains("UA"), "{reason}");
    }
    let theirs = dossiers::list(&env.db, Some("UB")).await.unwrap();
    assert_eq!(theirs.len(), 1);
    assert_eq!(theirs[0].status, "received");
    assert_eq!(dossiers::list(&env.db, Some("UA")).await.unwrap().len(), 0);

    // A procedure code A's catalogue does not list (procedure codes are national; a desk may hold
    // an older catalogue while offline) in a dossier of A is A's dossier: it lands in A's data
    // and B sees nothing of it.
    let id3 = new_id();
    let mut p = create_payload(&id3, "UA-261127-0001", "UA");
    p["procedure_code"] = json!("1.003560.000.00.00.H56");
    let r = env.push(&a, &[change(5, "create", &id3, &p)]).await;
    assert_eq!(r.results[0].status, PushStatus::Stored);
    let ours = dossiers::list(&env.db, Some("UA")).await.unwrap();
    assert_eq!(ours.len(), 1);
    assert_eq!(dossiers::list(&env.db, Some("UB")).await.unwrap().len(), 1);

    // B's back-office moves are not in A's pull, whatever cursor A asks from.
    dossiers::advance(&env.db, "UB-261127-0001", "in-processing", "", "")
        .await
        .unwrap();
    for cursor in [0, -1, i64::MAX] {
        let res = env.pull_raw(&a, cursor, Some(1000)).await;
        if res.status() != StatusCode::OK {
            assert_eq!(res.status(), StatusCode::BAD_REQUEST, "cursor {cursor}");
            continue;
        }
        let body = res.text().await.unwrap();
        assert!(
            !body.contains("UB-261127-0001") && !body.contains("\"UB\""),
            "cursor {cursor}: {body}"
        );
    }

    // The admin API (every unit's dossiers and conflicts) is closed to a desk's token.
    for path in [
        "/api/v1/admin/dossiers",
        "/api/v1/admin/dossiers?unit=UB",
        "/api/v1/admin/conflicts",
    ] {
        let res = env
            .http
            .get(env.url(path))
            .bearer_auth(&a.token)
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{path}");
        let body = res.text().await.unwrap();
        assert!(!body.contains("UB-261127"), "{path}: {body}");
    }
    let res = env
        .http
        .post(env.url("/api/v1/admin/dossiers/UB-261127-0001/advance"))
        .bearer_auth(&a.token)
        .json(&json!({ "to": "result-ready" }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(
        dossiers::list(&env.db, Some("UB")).await.unwrap()[0].status,
        "in-processing"
    );
}

async fn unknown_pending_and_revoked_desks_are_refused(env: Env) {
    env.unit("U1").await;
    let real = env.desk("U1").await;
    let id = new_id();
    let batch = [change(
        1,
        "create",
        &id,
        &create_payload(&id, "U1-261127-0001", "U1"),
    )];
    // A token nobody was given (same shape as a real one), and no token at all.
    let mut unknown = real.clone();
    unknown.token = "0123456789abcdef".repeat(4);
    let res = env.push_raw(&unknown, &batch).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(api_error(res).await.code, "unauthorized");
    let res = env
        .post(PUSH_PATH)
        .json(&json!({ "changes": batch }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    // A desk added but not enrolled has no token: its one-time code is not one.
    let pending = desks::add(&env.db, "U1", None).await.unwrap();
    let mut as_code = real.clone();
    as_code.token = pending.enrollment_code.clone();
    assert_eq!(
        env.push_raw(&as_code, &batch).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        env.pull_raw(&as_code, 0, None).await.status(),
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(env.count("SELECT COUNT(*) FROM change").await, 0);
    // Revoked before it enrolled: its code is dead.
    desks::revoke(&env.db, &pending.desk_id).await.unwrap();
    let res = env
        .post(motcua_protocol::ENROLL_PATH)
        .json(&EnrollRequest {
            code: pending.enrollment_code.clone(),
            desk_name: String::new(),
        })
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    // Revoked after it pushed: refused on push and pull at once, what it stored stays.
    assert_eq!(
        env.push(&real, &batch).await.results[0].status,
        PushStatus::Stored
    );
    desks::revoke(&env.db, &real.desk_id).await.unwrap();
    let id2 = new_id();
    let res = env
        .push_raw(
            &real,
            &[change(
                2,
                "create",
                &id2,
                &create_payload(&id2, "U1-261127-0004", "U1"),
            )],
        )
        .await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(api_error(res).await.code, "revoked");
    let res = env.pull_raw(&real, 0, None).await;
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(api_error(res).await.code, "revoked");
    assert_eq!(env.count("SELECT COUNT(*) FROM change").await, 1);
    assert_eq!(env.count("SELECT COUNT(*) FROM dossier").await, 1);
}

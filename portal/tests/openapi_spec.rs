//! Issue 14, point 11: the API description (portal/openapi.json, served at /openapi.json) did not
//! match what the portal does. These tests tie the two together so they cannot drift: the error
//! codes, the routes, the back office's target statuses, the pull limit, duplicate parameters.
//! (CI also runs an OpenAPI fuzzer against a real portal: scripts/ci/schemathesis.sh.)

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::Env;
use motcua_portal::access::ROUTES;
use motcua_portal::error::{CLI_ONLY_CODES, HTTP_CODES};
use motcua_portal::{admin, dossiers};
use reqwest::StatusCode;
use serde_json::Value;

both_backends!(
    pull_limits_outside_the_described_range_are_refused,
    a_query_parameter_given_twice_gets_a_json_400,
    a_move_the_status_does_not_allow_is_a_409,
);

fn spec() -> Value {
    let text = include_str!("../openapi.json");
    serde_json::from_str(text).expect("openapi.json is JSON")
}

/// Codes written as literals in the portal's source: `invalid("x"`, `not_found("x"`,
/// `code: "x"`, and `=> "x"` in error.rs.
fn codes_in_source() -> BTreeSet<String> {
    fn walk(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                walk(&p, out);
            } else if p.extension().is_some_and(|x| x == "rs") {
                out.push(p);
            }
        }
    }
    let mut files = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let mut found = BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap();
        // Unit tests at the end of a file hold sample data, not answers.
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        let mut needles = vec!["invalid(", "not_found(", "code: "];
        if f.ends_with("error.rs") {
            needles.push("=> ");
        }
        for needle in needles {
            for (at, _) in text.match_indices(needle) {
                let rest = text[at + needle.len()..].trim_start();
                let Some(rest) = rest.strip_prefix('"') else {
                    continue;
                };
                let Some(end) = rest.find('"') else { continue };
                let code = &rest[..end];
                if !code.is_empty() && code.bytes().all(|b| b.is_ascii_lowercase() || b == b'_') {
                    found.insert(code.to_string());
                }
            }
        }
    }
    found
}

#[test]
fn the_described_error_codes_are_exactly_the_ones_the_portal_answers() {
    let spec = spec();
    let listed: Vec<&str> = spec["components"]["schemas"]["ApiError"]["properties"]["code"]["enum"]
        .as_array()
        .expect("ApiError.code has an enum")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let described: BTreeSet<&str> = listed.iter().copied().collect();
    assert_eq!(described.len(), listed.len(), "no code twice");
    let http: BTreeSet<&str> = HTTP_CODES.iter().copied().collect();
    assert_eq!(
        described, http,
        "openapi.json ApiError.code vs error::HTTP_CODES"
    );
    let known: BTreeSet<&str> = HTTP_CODES.iter().chain(CLI_ONLY_CODES).copied().collect();
    let in_source = codes_in_source();
    for c in [
        "rate_limited",
        "uri_too_long",
        "invalid_status",
        "transition_not_allowed",
    ] {
        assert!(in_source.contains(c), "the scan finds {c}: {in_source:?}");
    }
    let unknown: Vec<_> = in_source
        .iter()
        .filter(|c| !known.contains(c.as_str()))
        .collect();
    assert!(
        unknown.is_empty(),
        "codes in portal/src missing from error::HTTP_CODES / CLI_ONLY_CODES: {unknown:?}"
    );
}

#[test]
fn every_route_is_described_and_every_description_is_a_route() {
    let spec = spec();
    let paths = spec["paths"].as_object().unwrap();
    let mut described = BTreeSet::new();
    for (path, ops) in paths {
        for method in ops.as_object().unwrap().keys() {
            described.insert((method.to_uppercase(), path.clone()));
        }
    }
    let served: BTreeSet<_> = ROUTES
        .iter()
        .map(|r| (r.method.to_string(), r.path.to_string()))
        .collect();
    assert_eq!(described, served);
    // Every error answer the portal can give anywhere is described on every route.
    for (path, ops) in paths {
        for (method, op) in ops.as_object().unwrap() {
            let responses = op["responses"].as_object().unwrap();
            for status in ["413", "414", "429", "431"] {
                assert!(
                    responses.contains_key(status),
                    "{method} {path} lacks {status}"
                );
            }
            if op.get("requestBody").is_some() {
                assert!(responses.contains_key("408"), "{method} {path} lacks 408");
            }
            if op.get("security").is_some() {
                assert!(responses.contains_key("401"), "{method} {path} lacks 401");
            }
            if op.get("parameters").is_some() || path.starts_with("/api/") {
                assert!(responses.contains_key("400"), "{method} {path} lacks 400");
            }
        }
    }
}

#[test]
fn advance_targets_are_the_back_offices() {
    let spec = spec();
    let to = &spec["paths"]["/api/v1/admin/dossiers/{code}/advance"]["post"]["requestBody"]["content"]
        ["application/json"]["schema"]["properties"]["to"]["enum"];
    let described: Vec<&str> = to
        .as_array()
        .expect("advance.to has an enum")
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let targets: Vec<&str> = dossiers::BACK_OFFICE_TARGETS
        .iter()
        .map(|s| s.as_str())
        .collect();
    assert_eq!(described, targets);
}

#[test]
fn the_pull_limit_range_is_the_protocols() {
    let spec = spec();
    let params = spec["paths"]["/api/v1/pull"]["get"]["parameters"]
        .as_array()
        .unwrap();
    let limit = params.iter().find(|p| p["name"] == "limit").unwrap();
    assert_eq!(limit["schema"]["minimum"], 1);
    assert_eq!(limit["schema"]["maximum"], motcua_protocol::MAX_PULL_LIMIT);
}

async fn pull_limits_outside_the_described_range_are_refused(env: Env) {
    env.unit("U1").await;
    let desk = env.desk("U1").await;
    for limit in [0, 1001, 5000] {
        let res = env.pull_raw(&desk, 0, Some(limit)).await;
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "limit={limit}");
        let e: motcua_protocol::ApiError = res.json().await.unwrap();
        assert_eq!(e.code, "invalid");
        assert!(e.message.contains("limit"), "{}", e.message);
    }
    for limit in [1, 1000] {
        let res = env.pull_raw(&desk, 0, Some(limit)).await;
        assert_eq!(res.status(), StatusCode::OK, "limit={limit}");
    }
}

async fn a_query_parameter_given_twice_gets_a_json_400(env: Env) {
    env.unit("U1").await;
    let desk = env.desk("U1").await;
    let token = admin::create_token(&env.db, "t").await.unwrap();
    for (path, bearer) in [
        ("/api/v1/pull?cursor=1&cursor=2", &desk.token),
        ("/api/v1/pull?limit=1&limit=2", &desk.token),
        ("/api/v1/admin/dossiers?unit=U1&unit=U2", &token),
    ] {
        let res = env.get(path).bearer_auth(bearer).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::BAD_REQUEST, "{path}");
        let ct = res.headers()["content-type"].to_str().unwrap().to_string();
        assert!(ct.starts_with("application/json"), "{path}: {ct}");
        let e: motcua_protocol::ApiError = res.json().await.unwrap();
        assert_eq!(e.code, "invalid", "{path}");
    }
}

/// The fuzzer moved the one dossier it found to «stopped» and then asked for «withdrawn»: a
/// well-formed request the dossier's state refuses is 409 (described), not 400.
async fn a_move_the_status_does_not_allow_is_a_409(env: Env) {
    env.unit("U1").await;
    let desk = env.desk("U1").await;
    let id = common::new_id();
    let p = common::create_payload(&id, "U1-261127-0001", "U1");
    let r = env
        .push(&desk, &[common::change(1, "create", &id, &p)])
        .await;
    assert_eq!(r.results[0].status, motcua_protocol::PushStatus::Stored);
    let token = admin::create_token(&env.db, "t").await.unwrap();
    let advance = |body: Value| {
        env.http
            .post(env.url("/api/v1/admin/dossiers/U1-261127-0001/advance"))
            .bearer_auth(&token)
            .json(&body)
            .send()
    };
    let res = advance(serde_json::json!({ "to": "stopped", "note": "Hồ sơ giả mạo" }))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let res = advance(serde_json::json!({ "to": "withdrawn", "note": "x" }))
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CONFLICT);
    let e: motcua_protocol::ApiError = res.json().await.unwrap();
    assert_eq!(e.code, "transition_not_allowed");
    let described = &spec()["paths"]["/api/v1/admin/dossiers/{code}/advance"]["post"]["responses"];
    assert!(described.get("409").is_some());
}

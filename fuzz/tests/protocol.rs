//! Fuzz target: the sync wire types (protocol/), as either end reads them from the network, and
//! the portal's `Date` header the desk reads (src/sync/client.rs `parse_http_date`).
//!
//! Properties: never panics; what parses serialises and parses back to the same value (both ends
//! agree on every message, including the tagged and flattened `PulledChange`); generated
//! messages round-trip exactly.

use motcua_fuzz::{Mutation, generated, mutate, no_fixup};
use motcua_protocol::{
    ApiError, Change, DossierStatusChange, EnrollRequest, EnrollResponse, PullBody, PullResponse,
    PulledChange, PushRequest, PushResponse, PushResult, PushStatus, UnitInfo,
};
use proptest::prelude::*;
use serde::Serialize;
use serde::de::DeserializeOwned;

const TARGET: &str = "protocol";

pub const TOKENS: &[&str] = &[
    "changes",
    "seq",
    "entity",
    "entity_id",
    "op",
    "payload",
    "content_hash",
    "desk_time",
    "results",
    "status",
    "reason",
    "stored",
    "duplicate",
    "conflict",
    "rejected",
    "kind",
    "unit",
    "catalogue",
    "holidays",
    "dossier_status",
    "document",
    "year",
    "cursor",
    "next_cursor",
    "has_more",
    "dossier_id",
    "code",
    "national_status",
    "at",
    "note",
    "by",
    "desk_id",
    "desk_name",
    "token",
    "seq_offset",
    "seq_stride",
    "message",
    "name",
    "parent_authority",
    "place",
    "lookup_url",
    "hotline",
];

/// Parses `bytes` as `T`; when it parses, the value must survive a round trip.
fn round_trip<T>(name: &str, bytes: &[u8]) -> bool
where
    T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug,
{
    let Ok(v) = serde_json::from_slice::<T>(bytes) else {
        return false;
    };
    let text = serde_json::to_string(&v).expect("serialises");
    let back: T = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{name}: own output {text} does not parse: {e}"));
    assert_eq!(back, v, "{name}: round trip changed the value");
    true
}

fn check(bytes: &[u8]) -> String {
    let parsed = [
        (
            "push_request",
            round_trip::<PushRequest>("PushRequest", bytes),
        ),
        (
            "push_response",
            round_trip::<PushResponse>("PushResponse", bytes),
        ),
        (
            "pull_response",
            round_trip::<PullResponse>("PullResponse", bytes),
        ),
        (
            "pulled_change",
            round_trip::<PulledChange>("PulledChange", bytes),
        ),
        (
            "enroll_request",
            round_trip::<EnrollRequest>("EnrollRequest", bytes),
        ),
        (
            "enroll_response",
            round_trip::<EnrollResponse>("EnrollResponse", bytes),
        ),
        ("api_error", round_trip::<ApiError>("ApiError", bytes)),
        ("change", round_trip::<Change>("Change", bytes)),
    ];
    let kinds: Vec<&str> = parsed
        .iter()
        .filter(|(_, ok)| *ok)
        .map(|(n, _)| *n)
        .collect();
    // The portal's `Date` header, which the desk reads to compare clocks.
    let line = String::from_utf8_lossy(bytes);
    let date = match motcua::sync::parse_http_date(line.lines().next().unwrap_or_default()) {
        Some(t) => {
            // What the desk does with it (src/sync/state.rs): an offset and maybe a warning.
            let offset = (t - chrono::Utc::now()).num_milliseconds();
            let _ = motcua::sync::clock_warning(offset);
            // RFC 2822 has four-digit years; the parser also takes longer ones (harmless: the
            // desk then warns that the clocks differ).
            if (1..=9999).contains(&chrono::Datelike::year(&t)) {
                let again = t.to_rfc2822();
                assert_eq!(motcua::sync::parse_http_date(&again), Some(t), "{again}");
            }
            "date"
        }
        None => "no-date",
    };
    format!("parsed:{} {date}", kinds.join(","))
}

#[test]
fn mutate_wire_messages() {
    mutate(
        TARGET,
        Mutation {
            tokens: TOKENS,
            json: true,
            max_len: 128 * 1024,
        },
        no_fixup,
        check,
    );
}

fn s() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[a-zA-Z0-9 .:-]{0,20}",
        Just(String::new())
    ]
}

fn unit() -> impl Strategy<Value = UnitInfo> {
    (s(), s(), s(), s(), s(), s()).prop_map(
        |(code, name, parent_authority, place, lookup_url, hotline)| UnitInfo {
            code,
            name,
            parent_authority,
            place,
            lookup_url,
            hotline,
        },
    )
}

fn pull_body() -> impl Strategy<Value = PullBody> {
    prop_oneof![
        unit().prop_map(|unit| PullBody::Unit { unit }),
        s().prop_map(|document| PullBody::Catalogue { document }),
        (any::<i32>(), s()).prop_map(|(year, document)| PullBody::Holidays { year, document }),
        (s(), s(), s(), any::<u8>(), s(), s(), s()).prop_map(
            |(dossier_id, code, status, national_status, at, note, by)| {
                PullBody::DossierStatus(DossierStatusChange {
                    dossier_id,
                    code,
                    status,
                    national_status,
                    at,
                    note,
                    by,
                })
            }
        ),
    ]
}

fn change() -> impl Strategy<Value = Change> {
    (any::<i64>(), s(), s(), s(), s(), s(), s()).prop_map(
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
}

fn status() -> impl Strategy<Value = PushStatus> {
    prop_oneof![
        Just(PushStatus::Stored),
        Just(PushStatus::Duplicate),
        Just(PushStatus::Conflict),
        Just(PushStatus::Rejected)
    ]
}

#[derive(Debug, Clone)]
struct Messages {
    pull: PullResponse,
    push: PushRequest,
    results: PushResponse,
    enrolled: EnrollResponse,
}

fn messages() -> impl Strategy<Value = Messages> {
    (
        proptest::collection::vec((any::<i64>(), pull_body()), 0..4),
        any::<i64>(),
        any::<bool>(),
        proptest::collection::vec(change(), 0..4),
        proptest::collection::vec((any::<i64>(), status(), proptest::option::of(s())), 0..4),
        (s(), s(), s(), unit(), any::<i64>(), any::<i64>()),
    )
        .prop_map(
            |(pulled, next_cursor, has_more, changes, results, e)| Messages {
                pull: PullResponse {
                    changes: pulled
                        .into_iter()
                        .map(|(cursor, body)| PulledChange { cursor, body })
                        .collect(),
                    next_cursor,
                    has_more,
                },
                push: PushRequest {
                    changes,
                    audit_head: None,
                },
                results: PushResponse {
                    results: results
                        .into_iter()
                        .map(|(seq, status, reason)| PushResult {
                            seq,
                            status,
                            reason,
                        })
                        .collect(),
                    audit_anchor: None,
                },
                enrolled: EnrollResponse {
                    desk_id: e.0,
                    desk_name: e.1,
                    token: e.2,
                    unit: e.3,
                    seq_offset: e.4,
                    seq_stride: e.5,
                },
            },
        )
}

fn again<T: Serialize + DeserializeOwned>(v: &T) -> Result<T, TestCaseError> {
    let text = serde_json::to_string(v).map_err(|e| TestCaseError::fail(e.to_string()))?;
    serde_json::from_str(&text).map_err(|e| TestCaseError::fail(format!("{e}: {text}")))
}

#[test]
fn generated_messages_round_trip() {
    generated(
        TARGET,
        messages(),
        |m| serde_json::to_vec(&m.pull).unwrap_or_default(),
        |m| {
            prop_assert_eq!(&again(&m.pull)?, &m.pull);
            for c in &m.pull.changes {
                prop_assert_eq!(&again(c)?, c);
            }
            prop_assert_eq!(&again(&m.push)?, &m.push);
            prop_assert_eq!(&again(&m.results)?, &m.results);
            prop_assert_eq!(&again(&m.enrolled)?, &m.enrolled);
            Ok(())
        },
    );
}

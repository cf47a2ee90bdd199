//! Giao thức đồng bộ quầy ⇄ cổng: the wire types of the desk ⇄ portal sync, shared by both ends.
//!
//! Every request carries [`PROTOCOL_HEADER`] with [`PROTOCOL_VERSION`]; every response carries
//! [`SUPPORTED_HEADER`] with the versions the portal speaks, and a standard `Date` header the desk
//! compares with its own clock. Every call but [`ENROLL_PATH`] and the public lookup page is
//! authenticated with `Authorization: Bearer <desk token>`. Errors are JSON [`ApiError`]s.
//!
//! Endpoints (all JSON):
//! - `POST /api/v1/enroll`  [`EnrollRequest`] → [`EnrollResponse`] (one-time code → credential)
//! - `POST /api/v1/push`    [`PushRequest`]   → [`PushResponse`]   (outbox rows, idempotent)
//! - `GET  /api/v1/pull?cursor=N&limit=M`     → [`PullResponse`]   (changes after the cursor)
//! - `GET  /tra-cuu?ma=CODE` public HTML lookup page for citizens (masked, no personal data)
//! - `GET  /openapi.json`
//!
//! Besides the envelope, this crate is THE contract both ends compile against: the dossier
//! statuses and their moves ([`status`]), every kind of change as a type with one canonical
//! serialisation ([`change`]), the catalogue and holiday file formats with their parsers
//! ([`catalogue`], [`holidays`]) and the instant format ([`instant`]). The portal depends on this
//! crate and never on the desk's.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub mod catalogue;
pub mod change;
pub mod instant;
pub mod release;
pub mod status;

pub use change::{DossierChange, Op};
pub use status::Status;

/// Lịch nghỉ: the `motcua-holidays/1` file format (one year's schedule) and its parser, from the
/// calendar crate both ends use for due times.
pub mod holidays {
    pub use motcua_calendar::{
        CalendarError, HOLIDAY_FILE_FORMAT, HolidayEntry, YearSchedule, computed_schedule,
    };

    /// Parses and checks a holiday file.
    pub fn parse(text: &str) -> Result<YearSchedule, CalendarError> {
        YearSchedule::from_json(text)
    }
}

pub const PROTOCOL_VERSION: u32 = 1;
/// Request header naming the protocol version the desk speaks.
pub const PROTOCOL_HEADER: &str = "x-motcua-protocol";
/// Every desk request also names the desk app's version (e.g. `0.1.0`), so the portal can show
/// which desks run which version (`motcua-portal desk list`).
pub const DESK_VERSION_HEADER: &str = "x-motcua-desk-version";
/// Response header listing the versions the portal supports, comma-separated.
pub const SUPPORTED_HEADER: &str = "x-motcua-protocol-supported";
pub const ENROLL_PATH: &str = "/api/v1/enroll";
pub const PUSH_PATH: &str = "/api/v1/push";
pub const PULL_PATH: &str = "/api/v1/pull";
/// Largest push batch the portal accepts (rows); larger batches are refused with 413.
pub const MAX_PUSH_ROWS: usize = 500;
/// Largest pull page.
pub const MAX_PULL_LIMIT: u32 = 1000;

/// Hex SHA-256 of a change's payload text: the content hash both ends compare.
pub fn content_hash(payload: &str) -> String {
    Sha256::digest(payload.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// `{code, message}` error body of every non-2xx answer. `code` is stable and machine-readable
/// (`unauthorized`, `revoked`, `protocol_version`, `invalid`, `too_large`, `not_found`,
/// `internal`); `message` is Vietnamese, for a person.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ApiError {
    pub code: String,
    pub message: String,
}

/// Đăng ký quầy: the desk trades the admin's one-time code for its own credential.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct EnrollRequest {
    pub code: String,
    /// Tên quầy as the desk wants it shown (e.g. "Quầy số 2"); the portal keeps its own if empty.
    pub desk_name: String,
}

// The one type of a unit's settings: the desk's `motcua::dto::UnitSettings` is this type, and
// with the `ts` feature it is the UI's `UnitSettings` TypeScript type.
/// The unit's settings as printed on the receipt (same fields as the desk's `unit` table).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[cfg_attr(
    feature = "ts",
    derive(ts_rs::TS),
    ts(export_to = "../ui/src/lib/bindings/", rename = "UnitSettings")
)]
pub struct UnitInfo {
    /// Mã đơn vị, e.g. `000.00.31.H29`.
    pub code: String,
    pub name: String,
    pub parent_authority: String,
    pub place: String,
    pub lookup_url: String,
    pub hotline: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct EnrollResponse {
    /// The desk's id, assigned by the portal (uuid).
    pub desk_id: String,
    pub desk_name: String,
    /// Bearer token for every later call. Shown once; the portal stores only its hash.
    pub token: String,
    pub unit: UnitInfo,
    /// This desk's share of the unit's daily dossier sequence: numbers
    /// `seq_offset + 1 + k * seq_stride`, k = 0, 1, … (so desks never collide while offline).
    pub seq_offset: i64,
    pub seq_stride: i64,
}

/// One outbox row as the desk sends it. `payload` is a [`DossierChange::payload`]; the portal
/// reads it with [`DossierChange::decode`].
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Change {
    /// The desk's own monotonic outbox sequence; (desk, seq) is the idempotency key.
    pub seq: i64,
    /// `dossier` for now.
    pub entity: String,
    pub entity_id: String,
    /// [`Op::as_str`]: `create`, `status`, `due-override`, `pause`, `resume`.
    pub op: String,
    /// The change as JSON text, exactly as stored in the desk's outbox.
    pub payload: String,
    /// [`content_hash`] of `payload`; the portal refuses a row whose hash does not match.
    pub content_hash: String,
    /// When the desk recorded it (desk clock, RFC 3339 UTC): kept, never used for ordering.
    pub desk_time: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct PushRequest {
    pub changes: Vec<Change>,
    /// The head of the desk's audit chain when it sent this batch (issue 14, point 5). A push
    /// may carry no change and only this.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_head: Option<AuditAnchor>,
}

/// Mốc nhật ký: one entry of a desk's hash-chained audit log, by number and hash. The portal
/// keeps the highest it was sent per desk and returns it in each push acknowledgement, so a
/// desk whose database was put back to an earlier state finds out at its next sync.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct AuditAnchor {
    /// The entry's number (1, 2, …).
    pub seq: i64,
    /// Its hash: 64 lower-case hex digits (SHA-256).
    pub hash: String,
}

impl AuditAnchor {
    /// A number of at least 1 and a hash of 64 lower-case hex digits.
    pub fn is_well_formed(&self) -> bool {
        self.seq >= 1
            && self.hash.len() == 64
            && self
                .hash
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
    }
}

#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum PushStatus {
    /// Stored now.
    Stored,
    /// Already stored with the same content hash: acknowledged again.
    Duplicate,
    /// Already stored with a DIFFERENT content hash: recorded as a conflict for a person.
    Conflict,
    /// Not acceptable as sent (bad hash, unknown op, invalid payload, code taken, …): the desk
    /// quarantines the row with `reason` and goes on with the rest.
    Rejected,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PushResult {
    pub seq: i64,
    pub status: PushStatus,
    /// Why, in Vietnamese, for conflicts and rejections.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct PushResponse {
    /// One result per change sent, in the same order.
    pub results: Vec<PushResult>,
    /// The highest audit head the portal has acknowledged for this desk (after this push), when
    /// the desk ever sent one. The desk keeps it and checks its chain reaches it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audit_anchor: Option<AuditAnchor>,
}

/// What a pulled change carries.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PullBody {
    /// The unit's settings changed (or are sent first after enrollment).
    Unit { unit: UnitInfo },
    /// A whole catalogue in the `motcua-catalogue/1` format, as JSON text.
    Catalogue { document: String },
    /// One year's holiday schedule in the calendar's export format, as JSON text.
    Holidays { year: i32, document: String },
    /// A back-office change of one of this unit's dossiers.
    DossierStatus(DossierStatusChange),
}

/// Xử lý ở bộ phận chuyên môn: the back office moved a dossier.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct DossierStatusChange {
    pub dossier_id: String,
    pub code: String,
    /// Local status name as the desk knows it (`in-processing`, `supplement-requested`,
    /// `result-ready`, `stopped`, …).
    pub status: String,
    /// TrangThaiHoSo 1-10.
    pub national_status: u8,
    /// Portal time of the change (RFC 3339 UTC).
    pub at: String,
    #[serde(default)]
    pub note: String,
    /// Who in the back office (name), for the history.
    #[serde(default)]
    pub by: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PulledChange {
    /// Portal-assigned, strictly increasing; a desk never sees a smaller one after a larger one.
    pub cursor: i64,
    #[serde(flatten)]
    pub body: PullBody,
}

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct PullResponse {
    pub changes: Vec<PulledChange>,
    /// Ask again from here. Equal to the request's cursor when there was nothing new.
    pub next_cursor: i64,
    pub has_more: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_is_sha256_hex() {
        assert_eq!(
            content_hash("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
    }

    #[test]
    fn pulled_change_wire_shape() {
        let c = PulledChange {
            cursor: 7,
            body: PullBody::DossierStatus(DossierStatusChange {
                dossier_id: "d".into(),
                code: "000.00.31.H29-261127-0001".into(),
                status: "result-ready".into(),
                national_status: 5,
                at: "2026-11-27T02:00:00Z".into(),
                note: String::new(),
                by: "Phòng Tư pháp".into(),
            }),
        };
        let v = serde_json::to_value(&c).unwrap();
        assert_eq!(v["kind"], "dossier_status");
        assert_eq!(v["cursor"], 7);
        assert_eq!(v["status"], "result-ready");
        let back: PulledChange = serde_json::from_value(v).unwrap();
        assert_eq!(back, c);
    }

    #[test]
    fn push_request_audit_head_is_typed() {
        let head = AuditAnchor {
            seq: 12,
            hash: "ab".repeat(32),
        };
        assert!(head.is_well_formed());
        let req = PushRequest {
            changes: vec![],
            audit_head: Some(head.clone()),
        };
        let v = serde_json::to_value(&req).unwrap();
        assert_eq!(v["audit_head"]["seq"], 12);
        assert_eq!(serde_json::from_value::<PushRequest>(v).unwrap(), req);
        // Unknown fields are refused, in the head as in the request.
        let extra =
            serde_json::json!({"changes": [], "audit_head": {"seq": 1, "hash": "00", "x": 1}});
        assert!(serde_json::from_value::<PushRequest>(extra).is_err());
        // An earlier desk sends no head.
        let old: PushRequest = serde_json::from_str(r#"{"changes": []}"#).unwrap();
        assert_eq!(old.audit_head, None);
        for bad in [
            AuditAnchor {
                seq: 0,
                hash: "ab".repeat(32),
            },
            AuditAnchor {
                seq: 1,
                hash: "AB".repeat(32),
            },
            AuditAnchor {
                seq: 1,
                hash: "ab".repeat(31),
            },
        ] {
            assert!(!bad.is_well_formed(), "{bad:?}");
        }
    }
}

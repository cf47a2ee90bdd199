//! Thay đổi hồ sơ: every kind of change a desk sends to the portal, as types. The desk builds a
//! [`DossierChange`] and queues [`DossierChange::payload`] (the one canonical serialisation) with
//! [`DossierChange::content_hash`]; the portal reads it back with [`DossierChange::decode`].
//!
//! One spelling per field and per operation: a payload with a field this contract does not know,
//! or an operation spelt otherwise than [`Op::as_str`], is refused (never half read).
//!
//! Optional fields (`#[serde(default)]`) are those a desk of an earlier version could leave out;
//! the desk of this version always writes every field.

use serde::{Deserialize, Deserializer, Serialize};

use crate::instant::Instant;
use crate::status::Status;

/// What an outbox row is about (`Change::entity`).
pub const ENTITY_DOSSIER: &str = "dossier";

/// The operation of a change (`Change::op` on the wire).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Op {
    /// Tiếp nhận: a new dossier ([`Create`]).
    Create,
    /// A status move, the hand-out of the result included ([`StatusMove`]).
    Status,
    /// A due time set by hand or extended ([`DueOverride`]).
    DueOverride,
    /// Chờ bổ sung: the clock pauses ([`Pause`]).
    Pause,
    /// The supplement arrived: the clock resumes ([`Resume`]).
    Resume,
    /// Đính chính: a typo in the applicant's or owner's details corrected ([`Correction`]).
    Correction,
}

impl Op {
    pub const ALL: [Op; 6] = [
        Op::Create,
        Op::Status,
        Op::DueOverride,
        Op::Pause,
        Op::Resume,
        Op::Correction,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Op::Create => "create",
            Op::Status => "status",
            Op::DueOverride => "due-override",
            Op::Pause => "pause",
            Op::Resume => "resume",
            Op::Correction => "correction",
        }
    }

    /// Exactly one spelling per operation (`due_override` is not `due-override`).
    pub fn parse(s: &str) -> Option<Op> {
        Op::ALL.into_iter().find(|o| o.as_str() == s)
    }
}

/// Người nộp / chủ hồ sơ as sent with a new dossier.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Person {
    pub full_name: String,
    pub id_number: String,
    pub phone: String,
    pub email: String,
    pub address: String,
}

/// A document received (thành phần hồ sơ) with its counts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Document {
    pub name: String,
    pub original: u32,
    pub certified: u32,
    pub photocopy: u32,
}

/// A paper still missing (Mẫu 02) and why.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Missing {
    pub name: String,
    pub reason: String,
}

/// The fee receipt (biên lai) issued at intake.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FeeReceipt {
    pub series: String,
    pub number: i64,
    pub amount: i64,
    pub e_receipt_state: String,
}

/// A `null` where a text, a number or a list is expected reads as its empty value (desks of an
/// earlier version wrote `null` for an empty authorisation or list).
fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// `create`: a dossier received (or refused, or sent for a supplement) at the desk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Create {
    /// The dossier's id (uuid), the same as `Change::entity_id`.
    pub id: String,
    /// Mã hồ sơ `<unit code>-YYMMDD-NNNN`.
    pub code: String,
    pub procedure_code: String,
    /// The desk's catalogue version the procedure was read from.
    #[serde(default, deserialize_with = "null_as_default")]
    pub catalogue_version: i64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub procedure_name: String,
    pub receiving_unit_code: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub competent_authority: String,
    /// `direct` | `online` | `post`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub channel: String,
    /// The intake outcome (`accepted`, `supplement`, `refused`, `assisted-online`).
    #[serde(default, deserialize_with = "null_as_default")]
    pub outcome: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub submitter: Person,
    #[serde(default)]
    pub owner: Option<Person>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub owner_kind: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub submitter_role: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub authorisation: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub documents: Vec<Document>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub missing: Vec<Missing>,
    #[serde(default)]
    pub refusal_reason: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub sets_count: u32,
    /// `counter` | `post` | `online`.
    #[serde(default, deserialize_with = "null_as_default")]
    pub delivery: String,
    pub received_at: Instant,
    #[serde(default)]
    pub due_at: Option<Instant>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub due_rule: String,
    pub status: Status,
    /// TrangThaiHoSo of `status` (informative; the portal derives it from `status`).
    #[serde(default, deserialize_with = "null_as_default")]
    pub national_status: u8,
    /// Integer đồng.
    #[serde(default, deserialize_with = "null_as_default")]
    pub fee_amount: i64,
    #[serde(default, deserialize_with = "null_as_default")]
    pub fee_state: String,
    #[serde(default)]
    pub fee_receipt: Option<FeeReceipt>,
    /// The citizen's lookup token printed in the receipt's QR (`/tra-cuu?ma=CODE&t=TOKEN`): 24-64
    /// hex digits; the portal keeps only its SHA-256. Absent on dossiers from before tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lookup_token: Option<String>,
    #[serde(default, deserialize_with = "null_as_default")]
    pub desk_id: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub created_by: String,
    #[serde(default, deserialize_with = "null_as_default")]
    pub desk_time: String,
}

/// Who received the result (Trả kết quả): the owner or a proxy with an authorisation.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recipient {
    pub full_name: String,
    pub id_number: String,
    pub is_proxy: bool,
    /// The proxy's authorisation (giấy ủy quyền); `None` for the owner.
    pub authorisation: Option<String>,
}

/// `status`: a move of the dossier, `from` → `to`, with the reason. Handing the result out
/// (9 → 10) is a move that also carries `recipient` and `handed_out_at`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StatusMove {
    pub id: String,
    pub from: Status,
    pub to: Status,
    #[serde(default)]
    pub national_status: u8,
    #[serde(default)]
    pub reason: String,
    pub at: Instant,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recipient: Option<Recipient>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub handed_out_at: Option<Instant>,
    /// A fee due at result (thu khi trả kết quả), settled with the hand-out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fee: Option<SettledFee>,
}

/// How a fee due at result was settled at hand-out (`fee` of a `handed-out` status move).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "kebab-case", deny_unknown_fields)]
pub enum SettledFee {
    /// Thu phí: a fee receipt (biên lai) numbered like intake's.
    Collected {
        series: String,
        number: i64,
        /// Integer đồng.
        amount: i64,
        /// `cash` | `transfer`.
        method: String,
        collected_at: Instant,
        e_receipt_state: String,
    },
    /// Miễn thu, with the reason.
    Exempt { exempt_reason: String },
    /// Handed out unpaid: the explicit, audited reason.
    DueAtResult { amount: i64, unpaid_reason: String },
}

/// `due-override`: the due time set by hand, or extended (gia hạn, Mẫu 04) when `extension`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DueOverride {
    pub id: String,
    #[serde(default)]
    pub old_due_at: Option<Instant>,
    /// `None`: no due time any more (không hẹn ngày trả).
    #[serde(default)]
    pub new_due_at: Option<Instant>,
    #[serde(default)]
    pub reason: String,
    #[serde(default)]
    pub extension: bool,
}

/// `pause`: a supplement was requested after reception; the clock stops.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Pause {
    pub id: String,
    #[serde(default)]
    pub paused_at: Option<Instant>,
    #[serde(default)]
    pub reason: String,
}

/// `resume`: the supplement arrived; the clock goes on with the new due time.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resume {
    pub id: String,
    #[serde(default)]
    pub paused_at: Option<Instant>,
    #[serde(default)]
    pub resumed_at: Option<Instant>,
    #[serde(default)]
    pub old_due_at: Option<Instant>,
    #[serde(default)]
    pub new_due_at: Option<Instant>,
}

/// Whose details a [`Correction`] changes: the submitter (người nộp) or the owner (chủ hồ sơ).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Party {
    Submitter,
    Owner,
}

impl Party {
    pub fn as_str(self) -> &'static str {
        match self {
            Party::Submitter => "submitter",
            Party::Owner => "owner",
        }
    }
}

/// The detail a [`Correction`] changes: what the desk may correct after intake. The procedure,
/// the code and the received time are not among them (they are fixed once received).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CorrectedField {
    FullName,
    IdNumber,
    Phone,
    Email,
    Address,
}

impl CorrectedField {
    pub const ALL: [CorrectedField; 5] = [
        CorrectedField::FullName,
        CorrectedField::IdNumber,
        CorrectedField::Phone,
        CorrectedField::Email,
        CorrectedField::Address,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            CorrectedField::FullName => "full_name",
            CorrectedField::IdNumber => "id_number",
            CorrectedField::Phone => "phone",
            CorrectedField::Email => "email",
            CorrectedField::Address => "address",
        }
    }

    /// The field of `p` this names.
    pub fn of(self, p: &Person) -> &str {
        match self {
            CorrectedField::FullName => &p.full_name,
            CorrectedField::IdNumber => &p.id_number,
            CorrectedField::Phone => &p.phone,
            CorrectedField::Email => &p.email,
            CorrectedField::Address => &p.address,
        }
    }

    /// Sets the field of `p` this names to `value`.
    pub fn set(self, p: &mut Person, value: &str) {
        let slot = match self {
            CorrectedField::FullName => &mut p.full_name,
            CorrectedField::IdNumber => &mut p.id_number,
            CorrectedField::Phone => &mut p.phone,
            CorrectedField::Email => &mut p.email,
            CorrectedField::Address => &mut p.address,
        };
        *slot = value.to_string();
    }
}

/// `correction`: đính chính, a typo in a received dossier's submitter or owner details corrected
/// at the desk, with the value before and after and the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    pub id: String,
    pub party: Party,
    pub field: CorrectedField,
    pub before: String,
    pub after: String,
    pub reason: String,
    pub at: Instant,
}

/// One change of one dossier.
#[derive(Debug, Clone, PartialEq)]
pub enum DossierChange {
    Create(Box<Create>),
    Status(StatusMove),
    DueOverride(DueOverride),
    Pause(Pause),
    Resume(Resume),
    Correction(Correction),
}

/// Why a change cannot be read: the reason a portal gives back to the desk (Vietnamese).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("Thao tác «{0}» không được cổng hỗ trợ.")]
    UnknownOp(String),
    #[error("Nội dung thay đổi «{op}» không hợp lệ: {detail}")]
    Invalid { op: &'static str, detail: String },
}

impl DecodeError {
    /// Stable machine-readable code: `unknown_op` or `invalid_payload`.
    pub fn code(&self) -> &'static str {
        match self {
            DecodeError::UnknownOp(_) => "unknown_op",
            DecodeError::Invalid { .. } => "invalid_payload",
        }
    }
}

impl DossierChange {
    pub fn op(&self) -> Op {
        match self {
            DossierChange::Create(_) => Op::Create,
            DossierChange::Status(_) => Op::Status,
            DossierChange::DueOverride(_) => Op::DueOverride,
            DossierChange::Pause(_) => Op::Pause,
            DossierChange::Resume(_) => Op::Resume,
            DossierChange::Correction(_) => Op::Correction,
        }
    }

    /// The dossier's id (`Change::entity_id`).
    pub fn dossier_id(&self) -> &str {
        match self {
            DossierChange::Create(c) => &c.id,
            DossierChange::Status(c) => &c.id,
            DossierChange::DueOverride(c) => &c.id,
            DossierChange::Pause(c) => &c.id,
            DossierChange::Resume(c) => &c.id,
            DossierChange::Correction(c) => &c.id,
        }
    }

    /// The canonical serialisation: compact JSON with the keys in byte order and every field
    /// written (absent optional ones as `null`, but for a move's hand-out fields).
    pub fn payload(&self) -> String {
        let value = match self {
            DossierChange::Create(c) => serde_json::to_value(c),
            DossierChange::Status(c) => serde_json::to_value(c),
            DossierChange::DueOverride(c) => serde_json::to_value(c),
            DossierChange::Pause(c) => serde_json::to_value(c),
            DossierChange::Resume(c) => serde_json::to_value(c),
            DossierChange::Correction(c) => serde_json::to_value(c),
        };
        // Plain structs of strings, numbers, booleans and options: serialising them cannot fail.
        value.map(|v| v.to_string()).unwrap_or_default()
    }

    /// [`crate::content_hash`] of [`DossierChange::payload`].
    pub fn content_hash(&self) -> String {
        crate::content_hash(&self.payload())
    }

    /// Reads a change sent as `op` with `payload`: exactly one spelling per operation and per
    /// field; unknown fields are refused.
    pub fn decode(op: &str, payload: &str) -> Result<DossierChange, DecodeError> {
        let op = Op::parse(op).ok_or_else(|| DecodeError::UnknownOp(op.to_string()))?;
        let bad = |e: serde_json::Error| DecodeError::Invalid {
            op: op.as_str(),
            detail: e.to_string(),
        };
        Ok(match op {
            Op::Create => {
                DossierChange::Create(Box::new(serde_json::from_str(payload).map_err(bad)?))
            }
            Op::Status => DossierChange::Status(serde_json::from_str(payload).map_err(bad)?),
            Op::DueOverride => {
                DossierChange::DueOverride(serde_json::from_str(payload).map_err(bad)?)
            }
            Op::Pause => DossierChange::Pause(serde_json::from_str(payload).map_err(bad)?),
            Op::Resume => DossierChange::Resume(serde_json::from_str(payload).map_err(bad)?),
            Op::Correction => {
                DossierChange::Correction(serde_json::from_str(payload).map_err(bad)?)
            }
        })
    }

    /// The outbox row as the desk sends it.
    pub fn to_wire(&self, seq: i64, desk_time: &str) -> crate::Change {
        let payload = self.payload();
        crate::Change {
            seq,
            entity: ENTITY_DOSSIER.to_string(),
            entity_id: self.dossier_id().to_string(),
            op: self.op().as_str().to_string(),
            content_hash: crate::content_hash(&payload),
            payload,
            desk_time: desk_time.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> Instant {
        Instant::from_text(s).unwrap()
    }

    pub(crate) fn samples() -> Vec<DossierChange> {
        let id = "0190a1b2-0000-7000-8000-000000000001".to_string();
        vec![
            DossierChange::Create(Box::new(Create {
                id: id.clone(),
                code: "000.00.31.H29-261127-0001".into(),
                procedure_code: "2.000635".into(),
                catalogue_version: 3,
                procedure_name: "Cấp bản sao trích lục hộ tịch".into(),
                receiving_unit_code: "000.00.31.H29".into(),
                competent_authority: "UBND xã".into(),
                channel: "direct".into(),
                outcome: "accepted".into(),
                submitter: Person {
                    full_name: "Nguyễn Thị Hồng".into(),
                    id_number: "001186012345".into(),
                    ..Person::default()
                },
                owner: None,
                owner_kind: "citizen".into(),
                submitter_role: "owner".into(),
                authorisation: String::new(),
                documents: vec![Document {
                    name: "Tờ khai".into(),
                    original: 1,
                    certified: 0,
                    photocopy: 0,
                }],
                missing: vec![],
                refusal_reason: None,
                sets_count: 1,
                delivery: "counter".into(),
                received_at: at("2026-11-27T02:00:00Z"),
                due_at: Some(at("2026-11-30T02:00:00Z")),
                due_rule: "working-days".into(),
                status: Status::Received,
                national_status: 2,
                fee_amount: 8000,
                fee_state: "collected".into(),
                fee_receipt: Some(FeeReceipt {
                    series: "BLP-26".into(),
                    number: 1,
                    amount: 8000,
                    e_receipt_state: "pending".into(),
                }),
                lookup_token: Some("0123456789abcdef01234567".into()),
                desk_id: "d".into(),
                created_by: "c".into(),
                desk_time: "2026-11-27T02:00:00Z".into(),
            })),
            DossierChange::Status(StatusMove {
                id: id.clone(),
                from: Status::Received,
                to: Status::Stopped,
                national_status: 8,
                reason: "Công dân không bổ sung".into(),
                at: at("2026-11-27T03:00:00Z"),
                recipient: None,
                handed_out_at: None,
                fee: None,
            }),
            DossierChange::Status(StatusMove {
                id: id.clone(),
                from: Status::ResultReady,
                to: Status::HandedOut,
                national_status: 10,
                reason: String::new(),
                at: at("2026-11-28T03:00:00Z"),
                recipient: Some(Recipient {
                    full_name: "Trần Văn Nam".into(),
                    id_number: "001086000001".into(),
                    is_proxy: true,
                    authorisation: Some("Giấy ủy quyền số 12".into()),
                }),
                handed_out_at: Some(at("2026-11-28T03:00:00Z")),
                fee: Some(SettledFee::Collected {
                    series: "BLP-26".into(),
                    number: 2,
                    amount: 16000,
                    method: "cash".into(),
                    collected_at: at("2026-11-28T03:00:00Z"),
                    e_receipt_state: "pending".into(),
                }),
            }),
            DossierChange::DueOverride(DueOverride {
                id: id.clone(),
                old_due_at: Some(at("2026-11-30T02:00:00Z")),
                new_due_at: Some(at("2026-12-02T02:00:00Z")),
                reason: "Gia hạn".into(),
                extension: true,
            }),
            DossierChange::Pause(Pause {
                id: id.clone(),
                paused_at: Some(at("2026-11-27T04:00:00Z")),
                reason: "Thiếu giấy".into(),
            }),
            DossierChange::Resume(Resume {
                id: id.clone(),
                paused_at: Some(at("2026-11-27T04:00:00Z")),
                resumed_at: Some(at("2026-11-28T04:00:00Z")),
                old_due_at: Some(at("2026-11-30T02:00:00Z")),
                new_due_at: None,
            }),
            DossierChange::Correction(Correction {
                id,
                party: Party::Submitter,
                field: CorrectedField::FullName,
                before: "Nguyễn Thị Hông".into(),
                after: "Nguyễn Thị Hồng".into(),
                reason: "Gõ nhầm dấu".into(),
                at: at("2026-11-27T05:00:00Z"),
            }),
        ]
    }

    #[test]
    fn every_kind_round_trips_through_its_canonical_text() {
        for c in samples() {
            let text = c.payload();
            let back = DossierChange::decode(c.op().as_str(), &text).unwrap();
            assert_eq!(back, c);
            assert_eq!(back.payload(), text, "canonical text is stable");
            assert_eq!(c.content_hash(), crate::content_hash(&text));
            let wire = c.to_wire(4, "2026-11-27T02:00:00Z");
            assert_eq!(wire.entity, "dossier");
            assert_eq!(wire.entity_id, c.dossier_id());
            assert_eq!(wire.content_hash, crate::content_hash(&wire.payload));
        }
    }

    /// The canonical text is what the desk's `json!` payloads were: keys in byte order, nulls kept.
    #[test]
    fn canonical_text_sorts_keys_and_keeps_nulls() {
        let c = &samples()[4];
        assert_eq!(
            c.payload(),
            r#"{"id":"0190a1b2-0000-7000-8000-000000000001","paused_at":"2026-11-27T04:00:00Z","reason":"Thiếu giấy"}"#
        );
        let r = &samples()[5];
        assert!(r.payload().contains(r#""new_due_at":null"#));
        let moved = &samples()[1];
        assert!(!moved.payload().contains("recipient"));
    }

    #[test]
    fn unknown_fields_other_spellings_and_bad_values_are_refused() {
        let pause = r#"{"id":"x","paused_at":"2026-11-27T04:00:00Z","reason":"","note":"?"}"#;
        let e = DossierChange::decode("pause", pause).unwrap_err();
        assert_eq!(e.code(), "invalid_payload");
        assert!(e.to_string().contains("note"), "{e}");
        let due = r#"{"id":"x","new_due_at":"2026-12-02T02:00:00Z","reason":""}"#;
        assert!(DossierChange::decode("due-override", due).is_ok());
        let e = DossierChange::decode("due_override", due).unwrap_err();
        assert_eq!(e, DecodeError::UnknownOp("due_override".into()));
        let bad_status =
            r#"{"id":"x","from":"received","to":"paused","at":"2026-11-27T04:00:00Z"}"#;
        assert!(DossierChange::decode("status", bad_status).is_err());
        let bad_time = r#"{"id":"x","from":"received","to":"stopped","at":"2026-13-01T00:00:00Z"}"#;
        assert!(DossierChange::decode("status", bad_time).is_err());
        let correction = r#"{"after":"B","at":"2026-11-27T05:00:00Z","before":"A","field":"full_name","id":"x","party":"owner","reason":"r"}"#;
        assert!(DossierChange::decode("correction", correction).is_ok());
        // A field the desk may not correct, another spelling, or an extra key: refused.
        for bad in [
            correction.replace("full_name", "procedure_code"),
            correction.replace("full_name", "received_at"),
            correction.replace("\"owner\"", "\"Owner\""),
            correction.replace("\"reason\":\"r\"", "\"reason\":\"r\",\"code\":\"c\""),
            correction.replace(",\"reason\":\"r\"", ""),
        ] {
            let e = DossierChange::decode("correction", &bad).unwrap_err();
            assert_eq!(e.code(), "invalid_payload", "{bad}");
        }
        let nested = r#"{"id":"x","code":"c","procedure_code":"p","receiving_unit_code":"u","received_at":"2026-11-27T04:00:00Z","status":"received","submitter":{"full_name":"A","nick":"b"}}"#;
        assert!(DossierChange::decode("create", nested).is_err());
    }
}

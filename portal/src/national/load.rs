//! Reads what the portal stores of a dossier (its `create` payload, its steps, its unit and its
//! procedure in the unit's catalogue) and builds the national payloads with [`super::payload`].

use std::collections::HashMap;

use motcua_protocol::catalogue;
use motcua_protocol::status::{Status, processing_ended_at};
use serde_json::Value;

use super::payload::{self, DossierFacts, Sector, StepFacts, StepKind, SupplementRound};
use crate::db::Db;
use crate::error::Result;

/// One stored processing step.
#[derive(Debug, Clone)]
pub struct StoredStep {
    pub id: i64,
    pub source: String,
    pub kind: String,
    pub to: Option<Status>,
    pub note: String,
    pub by: String,
    pub at: String,
    /// The desk's change payload behind the step (`null` for the back office's moves).
    pub change: Value,
}

impl StoredStep {
    /// A `due-override` that is a gia hạn (Mẫu 04: extended with an apology).
    pub fn is_extension(&self) -> bool {
        self.kind == "due-override" && self.change["extension"] == true
    }
}

/// A dossier with everything its payloads need.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub id: String,
    pub unit_code: String,
    pub code: String,
    pub status: Status,
    pub created: Value,
    pub due_at: Option<String>,
    pub steps: Vec<StoredStep>,
}

/// Per unit: its name and its catalogue's procedures (sector, fee text) by code.
#[derive(Debug, Default)]
pub struct UnitInfo {
    pub name: String,
    pub procedures: HashMap<String, (Sector, String)>,
}

type DossierRow = (String, String, String, String, String, Option<String>);
type StepRow = (
    i64,
    String,
    String,
    Option<String>,
    String,
    String,
    Option<String>,
    String,
    Option<String>,
);

pub async fn dossier(db: &Db, id: &str) -> Result<Option<Loaded>> {
    let row: Option<DossierRow> = sqlx::query_as(
        "SELECT id, unit_code, code, status, created_payload, due_at FROM dossier WHERE id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    let Some((id, unit_code, code, status, payload, due_at)) = row else {
        return Ok(None);
    };
    let steps: Vec<StepRow> = sqlx::query_as(
        "SELECT s.id, s.source, s.kind, s.to_status, s.note, s.by_name, s.event_at, s.recorded_at, c.payload
         FROM processing_step s LEFT JOIN change c ON c.id = s.change_id
         WHERE s.dossier_id = $1 ORDER BY s.id",
    )
    .bind(&id)
    .fetch_all(&db.pool)
    .await?;
    Ok(Some(Loaded {
        status: Status::parse(&status).unwrap_or(Status::Received),
        created: serde_json::from_str(&payload).unwrap_or(Value::Null),
        id,
        unit_code,
        code,
        due_at,
        steps: steps
            .into_iter()
            .map(
                |(id, source, kind, to, note, by, event_at, recorded_at, change)| StoredStep {
                    id,
                    source,
                    kind,
                    to: to.as_deref().and_then(Status::parse),
                    note,
                    by,
                    at: event_at.unwrap_or(recorded_at),
                    change: change
                        .as_deref()
                        .and_then(|c| serde_json::from_str(c).ok())
                        .unwrap_or(Value::Null),
                },
            )
            .collect(),
    }))
}

/// The unit's name and its current catalogue.
pub async fn unit(db: &Db, unit_code: &str) -> Result<UnitInfo> {
    let name: Option<String> = sqlx::query_scalar("SELECT name FROM unit WHERE code = $1")
        .bind(unit_code)
        .fetch_optional(&db.pool)
        .await?;
    let doc: Option<String> = sqlx::query_scalar(
        "SELECT document FROM catalogue WHERE unit_code = $1 ORDER BY id DESC LIMIT 1",
    )
    .bind(unit_code)
    .fetch_optional(&db.pool)
    .await?;
    let procedures = doc
        .and_then(|d| catalogue::parse(&d).ok())
        .map(|f| {
            f.procedures
                .into_iter()
                .map(|p| {
                    let sector = Sector {
                        code: p.field_code.clone().unwrap_or_default(),
                        name: p.field.clone(),
                    };
                    (p.code, (sector, p.fee_text))
                })
                .collect()
        })
        .unwrap_or_default();
    Ok(UnitInfo {
        name: name.unwrap_or_default(),
        procedures,
    })
}

/// NgayKetThucXuLy of a loaded dossier: the one definition ([`processing_ended_at`]).
pub fn finished_at(d: &Loaded) -> Option<&str> {
    processing_ended_at(d.steps.iter().map(|s| (s.to, s.at.as_str())))
}

/// The supplement rounds: each pause opens one, the next resume closes it.
pub fn supplement_rounds(d: &Loaded) -> Vec<SupplementRound> {
    let mut rounds: Vec<SupplementRound> = Vec::new();
    for s in &d.steps {
        if s.kind == "pause" || (s.kind == "status" && s.to == Some(Status::SupplementRequested)) {
            rounds.push(SupplementRound {
                requested_by: s.by.clone(),
                requested_at: Some(s.at.clone()),
                content: s.note.clone(),
                ..SupplementRound::default()
            });
        } else if s.kind == "resume" {
            let due = |key: &str| s.change[key].as_str().map(str::to_string);
            let closing = SupplementRound {
                received_by: s.by.clone(),
                received_at: Some(s.at.clone()),
                received_note: s.note.clone(),
                old_due_at: due("old_due_at"),
                new_due_at: due("new_due_at"),
                ..SupplementRound::default()
            };
            match rounds.last_mut() {
                Some(r) if r.received_at.is_none() => {
                    *r = SupplementRound {
                        requested_by: std::mem::take(&mut r.requested_by),
                        requested_at: r.requested_at.take(),
                        content: std::mem::take(&mut r.content),
                        ..closing
                    };
                }
                _ => rounds.push(closing),
            }
        }
    }
    rounds
}

/// The DongBoHoSoMC payload of a loaded dossier.
pub fn dossier_payload(d: &Loaded, unit: &UnitInfo) -> Value {
    let procedure_code = d
        .created
        .get("procedure_code")
        .and_then(Value::as_str)
        .unwrap_or("");
    let (sector, fee_text) = unit
        .procedures
        .get(procedure_code)
        .cloned()
        .unwrap_or_else(|| {
            // A procedure the catalogue no longer lists: the name the desk recorded, no code.
            (Sector::default(), String::new())
        });
    let handed_out_at = d
        .steps
        .iter()
        .rev()
        .find(|s| s.to == Some(Status::HandedOut))
        .map(|s| s.at.as_str());
    let rounds = supplement_rounds(d);
    payload::dossier(&DossierFacts {
        created: &d.created,
        status: d.status,
        unit_name: &unit.name,
        sector: &sector,
        fee_text: &fee_text,
        due_at: d.due_at.as_deref(),
        finished_at: finished_at(d),
        handed_out_at,
        supplements: &rounds,
        files: &[],
    })
}

/// The department a step's source stands for.
fn department(source: &str) -> &'static str {
    if source == "back-office" {
        "Bộ phận chuyên môn"
    } else {
        "Bộ phận tiếp nhận và trả kết quả"
    }
}

/// The CapNhatTienDoHoSoMC payload of each of the dossier's steps, with the step's id.
pub fn step_payloads(d: &Loaded) -> Vec<(i64, Value)> {
    let mut status = Status::Received;
    d.steps
        .iter()
        .map(|s| {
            if let Some(to) = s.to {
                status = to;
            }
            let v = payload::step(&StepFacts {
                code: &d.code,
                kind: StepKind::parse(&s.kind),
                by: &s.by,
                department: department(&s.source),
                note: &s.note,
                at: &s.at,
                to: s.to,
                status_after: status,
            });
            (s.id, v)
        })
        .collect()
}

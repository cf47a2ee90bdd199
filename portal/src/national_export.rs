//! Xuất dữ liệu lên cổng quốc gia: reads the portal's dossiers and processing steps and maps them
//! with [`crate::national`] (`motcua-portal dossiers export-national`).

use serde_json::{Value, json};

use crate::db::Db;
use crate::error::Result;
use crate::national::{self, DossierFacts, Step, SupplementRound};

type StepRow = (
    String,
    String,
    Option<String>,
    Option<String>,
    Option<i64>,
    String,
    String,
    Option<String>,
    String,
    Option<String>,
);

/// `{"HoSo": [...], "QuaTrinhXuLy": [...]}` for one unit or all.
pub async fn export(db: &Db, unit_code: Option<&str>) -> Result<Value> {
    let unit = unit_code.map(|u| u.trim().to_uppercase());
    let dossiers: Vec<(String, String, String, i64, Option<String>)> = sqlx::query_as(
        "SELECT id, code, created_payload, national_status, due_at FROM dossier
         WHERE ($1 = '' OR unit_code = $1) ORDER BY received_at, code",
    )
    .bind(unit.clone().unwrap_or_default())
    .fetch_all(&db.pool)
    .await?;
    let mut hoso = Vec::with_capacity(dossiers.len());
    let mut steps_out = Vec::new();
    for (id, code, payload, national_status, due_at) in dossiers {
        let created: Value = serde_json::from_str(&payload).unwrap_or(Value::Null);
        let steps: Vec<StepRow> = sqlx::query_as(
            "SELECT s.source, s.kind, s.from_status, s.to_status, s.national_status, s.note, s.by_name, s.event_at, s.recorded_at, c.payload
             FROM processing_step s LEFT JOIN change c ON c.id = s.change_id
             WHERE s.dossier_id = $1 ORDER BY s.id",
        )
        .bind(&id)
        .fetch_all(&db.pool)
        .await?;
        let mut finished_at = None;
        let mut handed_out_at = None;
        let mut rounds: Vec<SupplementRound> = Vec::new();
        for (source, kind, _from, to, nat, note, by, event_at, recorded_at, change_payload) in
            &steps
        {
            let at = event_at.clone().unwrap_or_else(|| recorded_at.clone());
            match to.as_deref() {
                Some("result-ready" | "refused" | "stopped" | "withdrawn")
                    if finished_at.is_none() =>
                {
                    finished_at = Some(at.clone())
                }
                Some("handed-out") => handed_out_at = Some(at.clone()),
                _ => {}
            }
            let change: Value = change_payload
                .as_deref()
                .and_then(|p| serde_json::from_str(p).ok())
                .unwrap_or(Value::Null);
            if kind == "pause" || to.as_deref() == Some("supplement-requested") {
                rounds.push(SupplementRound {
                    requested_at: Some(at.clone()),
                    received_at: None,
                    old_due_at: None,
                    new_due_at: None,
                });
            } else if kind == "resume" {
                let old = change["old_due_at"].as_str().map(str::to_string);
                let new = change["new_due_at"].as_str().map(str::to_string);
                match rounds.last_mut() {
                    Some(r) if r.received_at.is_none() => {
                        r.received_at = Some(at.clone());
                        r.old_due_at = old;
                        r.new_due_at = new;
                    }
                    _ => rounds.push(SupplementRound {
                        requested_at: None,
                        received_at: Some(at.clone()),
                        old_due_at: old,
                        new_due_at: new,
                    }),
                }
            }
            let department = if source == "back-office" {
                "Bộ phận chuyên môn"
            } else {
                "Bộ phận tiếp nhận và trả kết quả"
            };
            let content = if note.trim().is_empty() {
                kind.clone()
            } else {
                note.clone()
            };
            steps_out.push(national::step(&Step {
                code: &code,
                by,
                title: "",
                department,
                content: &content,
                at: &at,
                national_status: nat
                    .and_then(|n| u8::try_from(n).ok())
                    .unwrap_or(u8::try_from(national_status).unwrap_or(0)),
            }));
        }
        hoso.push(national::dossier(&DossierFacts {
            created: &created,
            national_status: u8::try_from(national_status).unwrap_or(0),
            due_at: due_at.as_deref(),
            finished_at: finished_at.as_deref(),
            handed_out_at: handed_out_at.as_deref(),
            supplements: &rounds,
        }));
    }
    Ok(json!({ "HoSo": hoso, "QuaTrinhXuLy": steps_out }))
}

//! Người nộp quay lại: finding people the desk has seen before, to reuse their details, and
//! warning when the same person already has an open dossier for the same procedure.

use crate::Result;
use crate::accounts::{Permission, Session};
use crate::dossier::Status;
use crate::dto::{Applicant, ApplicantHit, DossierSummary};
use crate::search_text::fold;
use crate::store::Db;

/// Statuses of a dossier that is still open at the desk or in the back office.
const OPEN: [Status; 4] = [
    Status::Received,
    Status::InProcessing,
    Status::SupplementRequested,
    Status::ResultReady,
];

/// People seen before whose ID number starts with `query` or whose name contains it
/// (diacritic-insensitive), most recent first, with their latest details.
/// Audited (`applicant.search`, the query masked) when it finds someone.
pub async fn search(db: &Db, s: &Session, query: &str, limit: i64) -> Result<Vec<ApplicantHit>> {
    s.require(Permission::ViewDossier)?;
    crate::limits::text("query", query, crate::limits::QUERY)?;
    let q = query.trim();
    if q.chars().count() < 3 {
        return Ok(Vec::new());
    }
    let rows: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT (SELECT d2.submitter_json FROM dossier d2 WHERE d2.id_number = d.id_number ORDER BY d2.received_at DESC LIMIT 1),
                MAX(d.received_at), COUNT(*)
         FROM dossier d
         WHERE d.id_number LIKE ? OR d.search_folded LIKE ?
         GROUP BY d.id_number ORDER BY MAX(d.received_at) DESC LIMIT ?",
    )
    .bind(format!("{}%", q.to_uppercase()))
    .bind(format!("%{}%", fold(q)))
    .bind(limit)
    .fetch_all(db)
    .await?;
    if !rows.is_empty() {
        crate::accounts::audit::record(
            db,
            s.actor(),
            "applicant.search",
            "",
            serde_json::json!({ "query": q, "hits": rows.len() }),
            chrono::Utc::now(),
        )
        .await?;
    }
    Ok(rows
        .into_iter()
        .filter_map(|(json, last_seen, count)| {
            let applicant: Applicant = serde_json::from_str(&json).ok()?;
            Some(ApplicantHit {
                applicant,
                last_seen,
                dossier_count: u32::try_from(count).unwrap_or(u32::MAX),
            })
        })
        .collect())
}

/// Open dossiers of a person (as submitter or owner) for one procedure: the intake screen warns
/// about them (not a block: the same person may rightly file twice).
pub async fn open_dossiers(
    db: &Db,
    id_number: &str,
    procedure_code: &str,
) -> Result<Vec<DossierSummary>> {
    crate::limits::text("id_number", id_number, crate::limits::SHORT)?;
    crate::limits::text("procedure_code", procedure_code, crate::limits::SHORT)?;
    let id = id_number.trim().to_uppercase();
    if id.is_empty() {
        return Ok(Vec::new());
    }
    let open: Vec<&str> = OPEN.iter().map(|s| s.as_str()).collect();
    let codes: Vec<String> = sqlx::query_scalar(
        "SELECT code FROM dossier WHERE (id_number = ? OR owner_id_number = ?) AND procedure_code = ?
           AND status IN (?, ?, ?, ?) ORDER BY received_at DESC LIMIT 20",
    )
    .bind(&id)
    .bind(&id)
    .bind(procedure_code.trim())
    .bind(open[0])
    .bind(open[1])
    .bind(open[2])
    .bind(open[3])
    .fetch_all(db)
    .await?;
    let mut out = Vec::new();
    for code in codes {
        out.push(crate::dossier::get(db, &code).await?.summary);
    }
    Ok(out)
}

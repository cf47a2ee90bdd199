//! Danh mục thủ tục hành chính: the procedure catalogue as versioned data.
//!
//! The file format `motcua-catalogue/1` (see `assets/catalogue/demo-catalogue.json`) is strict:
//! unknown fields are rejected so a typo in an admin's file never silently drops a rule.
//! Each import becomes a new catalogue version; dossiers keep the version they were received under.

use chrono::Utc;
use rust_i18n::t;
use sha2::{Digest, Sha256};

use crate::dto::{FeeKind, ProcedureSummary, ProcedureView, RequiredDocumentView};
use crate::search_text::{fold, matches_words, nfc};
use crate::store::Db;
use crate::{Error, Result, clock};

/// The demo catalogue shipped with the app (real commune-level procedures, each value tagged
/// verified / inferred / unknown).
pub const DEMO_CATALOGUE: &str = include_str!("../../assets/catalogue/demo-catalogue.json");

/// The `motcua-catalogue/1` file format: the contract's (`motcua_protocol::catalogue`), which the
/// portal checks imports with.
pub use motcua_protocol::catalogue::{
    CatalogueError, CatalogueFile, Certainty, Channel, Delivery, Duration, FORMAT, Fee, MAX_FEE,
    PageTier, Procedure, ProcedureProblem, Provenance, RequiredDocument,
};

/// The wording of a delivery channel printed on the receipt (item 6), in the current language.
pub fn receipt_text(d: Delivery) -> String {
    t!(format!("delivery.{}", d.as_str())).to_string()
}

/// The catalogue in force as a file in the import format (to edit and import again).
pub async fn export(db: &Db) -> Result<String> {
    let row: Option<(String, Option<String>, String)> = sqlx::query_as(
        "SELECT version, effective_from, note FROM catalogue_version ORDER BY id DESC LIMIT 1",
    )
    .fetch_optional(db)
    .await?;
    let (version, effective_from, note) =
        row.ok_or_else(|| Error::not_found("no_catalogue", t!("catalogue.none")))?;
    let file = CatalogueFile {
        format: FORMAT.to_string(),
        version,
        effective_from: effective_from.and_then(|d| d.parse().ok()),
        note,
        procedures: list(db).await?,
    };
    serde_json::to_string_pretty(&file).map_err(|e| Error::invalid("internal", None, e.to_string()))
}

/// Parses and checks a catalogue file; every problem names the procedure it is in (the
/// contract's parser, its errors in the current language).
pub fn parse(text: &str) -> Result<CatalogueFile> {
    motcua_protocol::catalogue::parse(text).map_err(Error::from)
}

/// Imports a catalogue file as a new version (or returns the existing version when the very
/// same content was imported before). Returns `(version id, procedure count)`. Admin; audited.
pub async fn import(
    db: &Db,
    s: &crate::accounts::Session,
    text: &str,
    now: chrono::DateTime<Utc>,
) -> Result<(i64, usize)> {
    s.require(crate::accounts::Permission::ImportCatalogue)?;
    import_as(db, s.actor(), text, now).await
}

/// [`import`] without a role check, attributed to `actor`: first-run setup, or the portal.
pub(crate) async fn import_as(
    db: &Db,
    actor: crate::accounts::audit::Actor<'_>,
    text: &str,
    now: chrono::DateTime<Utc>,
) -> Result<(i64, usize)> {
    let file = parse(text)?;
    let hash = hex(&Sha256::digest(text.as_bytes()));
    if let Some(id) = sqlx::query_scalar::<_, i64>(
        "SELECT id FROM catalogue_version WHERE content_hash = ? AND id = (SELECT MAX(id) FROM catalogue_version)",
    )
    .bind(&hash)
    .fetch_optional(db)
    .await?
    {
        return Ok((id, file.procedures.len()));
    }
    let mut tx = crate::store::write_tx(db).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO catalogue_version (version, effective_from, note, content_hash, imported_at) VALUES (?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(&file.version)
    .bind(file.effective_from.map(|d| d.to_string()))
    .bind(&file.note)
    .bind(&hash)
    .bind(clock::to_db(Utc::now()))
    .fetch_one(&mut *tx)
    .await?;
    for p in &file.procedures {
        let mut p = p.clone();
        p.name = nfc(&p.name);
        p.field = nfc(&p.field);
        let search = fold(&format!(
            "{} {} {} {}",
            p.code,
            p.local_code.as_deref().unwrap_or(""),
            p.name,
            p.field
        ));
        let json = serde_json::to_string(&p)
            .map_err(|e| Error::invalid("invalid_catalogue", None, e.to_string()))?;
        sqlx::query(
            "INSERT INTO procedure (catalogue_version_id, code, name, field, search_text, online_only, data_json) VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(&p.code)
        .bind(&p.name)
        .bind(&p.field)
        .bind(search)
        .bind(p.online_only)
        .bind(json)
        .execute(&mut *tx)
        .await?;
    }
    crate::accounts::audit::append(
        &mut tx,
        actor,
        "catalogue.import",
        &file.version,
        serde_json::json!({ "version_id": id, "procedures": file.procedures.len(), "sha256": hash }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok((id, file.procedures.len()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The catalogue version in force on this desk (the latest import).
pub async fn current_version(db: &Db) -> Result<Option<i64>> {
    Ok(sqlx::query_scalar("SELECT MAX(id) FROM catalogue_version")
        .fetch_one(db)
        .await?)
}

/// A procedure of the current catalogue, with its version id.
pub async fn get(db: &Db, code: &str) -> Result<(i64, Procedure)> {
    let row: Option<(i64, String)> = sqlx::query_as(
        "SELECT catalogue_version_id, data_json FROM procedure WHERE code = ? AND catalogue_version_id = (SELECT MAX(id) FROM catalogue_version)",
    )
    .bind(code.trim())
    .fetch_optional(db)
    .await?;
    let (version, json) = row.ok_or_else(|| {
        Error::invalid(
            "unknown_procedure",
            Some("procedure_code"),
            t!("catalogue.unknown_procedure", code = code.trim()),
        )
    })?;
    let mut p = serde_json::from_str(&json)
        .map_err(|e| Error::invalid("invalid_catalogue", None, e.to_string()))?;
    crate::reference::online_only::apply(
        &crate::reference::online_only::decisions(db).await?,
        &mut p,
    );
    Ok((version, p))
}

/// The procedure as it stood in the catalogue version a dossier was received under.
pub async fn get_for_dossier(db: &Db, dossier_id: &str) -> Result<Procedure> {
    let json: Option<String> = sqlx::query_scalar(
        "SELECT p.data_json FROM dossier d JOIN procedure p ON p.catalogue_version_id = d.catalogue_version_id AND p.code = d.procedure_code WHERE d.id = ?",
    )
    .bind(dossier_id)
    .fetch_optional(db)
    .await?;
    let json = json.ok_or_else(|| {
        Error::not_found(
            "dossier_not_found",
            t!("dossier.not_found", code = dossier_id),
        )
    })?;
    serde_json::from_str(&json)
        .map_err(|e| Error::invalid("invalid_catalogue", None, e.to_string()))
}

/// Every procedure of the current catalogue, in catalogue order.
pub async fn list(db: &Db) -> Result<Vec<Procedure>> {
    let rows: Vec<String> = sqlx::query_scalar(
        "SELECT data_json FROM procedure WHERE catalogue_version_id = (SELECT MAX(id) FROM catalogue_version) ORDER BY rowid",
    )
    .fetch_all(db)
    .await?;
    let decisions = crate::reference::online_only::decisions(db).await?;
    rows.iter()
        .map(|j| {
            let mut p = serde_json::from_str(j)
                .map_err(|e| Error::invalid("invalid_catalogue", None, e.to_string()))?;
            crate::reference::online_only::apply(&decisions, &mut p);
            Ok(p)
        })
        .collect()
}

/// Diacritic-insensitive search over code, name and field: "chung thuc" finds "Chứng thực".
/// Procedures whose code starts with the query or whose name starts with it come first.
pub async fn search(db: &Db, query: &str, limit: usize) -> Result<Vec<ProcedureSummary>> {
    crate::limits::text("query", query, crate::limits::QUERY)?;
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT search_text, data_json FROM procedure WHERE catalogue_version_id = (SELECT MAX(id) FROM catalogue_version) ORDER BY rowid",
    )
    .fetch_all(db)
    .await?;
    let q = fold(query);
    let decisions = crate::reference::online_only::decisions(db).await?;
    let mut hits: Vec<(u8, Procedure)> = Vec::new();
    for (text, json) in rows {
        if !matches_words(&text, &q) {
            continue;
        }
        let mut p: Procedure = serde_json::from_str(&json)
            .map_err(|e| Error::invalid("invalid_catalogue", None, e.to_string()))?;
        crate::reference::online_only::apply(&decisions, &mut p);
        let name = fold(&p.name);
        let rank = if p.code.starts_with(query.trim()) {
            0
        } else if name.starts_with(&q) {
            1
        } else {
            2
        };
        hits.push((rank, p));
    }
    hits.sort_by_key(|(r, _)| *r);
    Ok(hits
        .into_iter()
        .take(limit)
        .map(|(_, p)| summary(&p))
        .collect())
}

pub fn summary(p: &Procedure) -> ProcedureSummary {
    ProcedureSummary {
        code: p.code.clone(),
        name: p.name.clone(),
        field: p.field.clone(),
        duration_text: p.duration_text.clone(),
        fee_text: p.fee_text.clone(),
        online_only: p.online_only,
    }
}

pub fn view(p: &Procedure) -> ProcedureView {
    ProcedureView {
        code: p.code.clone(),
        local_code: p.local_code.clone(),
        name: p.name.clone(),
        field: p.field.clone(),
        authority: p.authority.clone(),
        duration_text: p.duration_text.clone(),
        fee_text: p.fee_text.clone(),
        documents: p
            .documents
            .iter()
            .map(|d| RequiredDocumentView {
                name: d.name.clone(),
                required: d.required,
                original: d.original,
                certified: d.certified,
                photocopy: d.photocopy,
            })
            .collect(),
        channels: p.channels.clone(),
        delivery: p.delivery.clone(),
        online_only: p.online_only,
        sets: p.sets,
        fee_kind: match p.fee {
            Fee::Free => FeeKind::Free,
            Fee::Fixed { .. } => FeeKind::Fixed,
            Fee::PerPage { .. } => FeeKind::PerPage,
            Fee::Unknown => FeeKind::Unknown,
        },
    }
}

/// The fee collected at intake for one case, when the rule gives a fixed amount.
pub fn fixed_fee(p: &Procedure) -> i64 {
    match &p.fee {
        Fee::Fixed { amount, .. } => *amount,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn with_procedure(duration: &str, fee: &str) -> String {
        format!(
            r#"{{"format": "motcua-catalogue/1", "version": "t", "effective_from": null, "procedures": [{{
              "code": "9.000001", "local_code": null, "name": "Thử", "field": "Thử", "authority": "UBND",
              "duration": {duration}, "duration_text": "", "fee": {fee}, "fee_text": "",
              "documents": [], "channels": ["direct"], "delivery": ["counter"], "online_only": false,
              "sets": 1, "provenance": {{"code": "unknown", "name": "unknown", "duration": "unknown",
              "fee": "unknown", "documents": "unknown", "online_only": "unknown"}} }}]}}"#
        )
    }

    fn refused(text: &str) -> bool {
        matches!(
            parse(text),
            Err(Error::Invalid {
                code: "invalid_catalogue",
                ..
            })
        )
    }

    const FIVE_DAYS: &str = r#"{"amount": 5, "unit": "working-days", "cutoff": null}"#;

    /// Found by fuzzing (fuzz/ target `catalogue`): these were accepted, then intake failed on
    /// the duration or overflowed (debug: panicked) computing the fee.
    #[test]
    fn refuses_durations_and_fees_intake_cannot_use() {
        let free = r#"{"kind": "free"}"#;
        assert!(parse(&with_procedure(FIVE_DAYS, free)).is_ok());
        for d in [
            r#"{"amount": 7000, "unit": "working-days", "cutoff": null}"#,
            r#"{"amount": 0, "unit": "days", "cutoff": null}"#,
            r#"{"amount": 4294967295, "unit": "hours", "cutoff": null}"#,
        ] {
            assert!(refused(&with_procedure(d, free)), "{d}");
        }
        let fixed = |a: i64| format!(r#"{{"kind": "fixed", "amount": {a}, "per": "bản"}}"#);
        assert!(parse(&with_procedure(FIVE_DAYS, &fixed(MAX_FEE))).is_ok());
        for a in [-1, MAX_FEE + 1, i64::MAX] {
            assert!(refused(&with_procedure(FIVE_DAYS, &fixed(a))), "{a}");
        }
        for fee in [
            r#"{"kind": "per-page", "tiers": [{"from_page": 1, "amount": -2000}], "cap": null, "per": "bản"}"#,
            r#"{"kind": "per-page", "tiers": [{"from_page": 1, "amount": 2000}], "cap": 9223372036854775807, "per": "bản"}"#,
        ] {
            assert!(refused(&with_procedure(FIVE_DAYS, fee)), "{fee}");
        }
    }
}

//! Cờ "chỉ tiếp nhận trực tuyến" (Chỉ thị 24/CT-TTg) decided by the unit: an administrator can
//! switch a procedure's flag when the catalogue's rests on inferred evidence (the demo
//! catalogue's hộ tịch flags do, and make the desk refuse paper birth, marriage and death
//! registrations). The decision is stored apart from the catalogue versions and applied over
//! whichever version is in force, so a catalogue re-import never silently undoes it; clearing it
//! gives the catalogue's flag back. Every change is audited with its reason.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde_json::json;

use crate::accounts::{Permission, Session};
use crate::reference::catalogue::Procedure;
use crate::search_text::nfc;
use crate::store::Db;
use crate::{Error, Result, accounts::audit, clock, limits};

/// The unit's decisions: procedure code → online only.
pub async fn decisions(db: &Db) -> Result<HashMap<String, bool>> {
    let rows: Vec<(String, bool)> =
        sqlx::query_as("SELECT code, online_only FROM procedure_online_only")
            .fetch_all(db)
            .await?;
    Ok(rows.into_iter().collect())
}

/// Applies the unit's decision, if any, to a procedure of the catalogue.
pub fn apply(decisions: &HashMap<String, bool>, p: &mut Procedure) {
    if let Some(flag) = decisions.get(&p.code) {
        p.online_only = *flag;
    }
}

/// Sets (`Some`) or clears (`None`, back to the catalogue's flag) the unit's decision for a
/// procedure of the current catalogue. Admin; the reason is required and audited.
pub async fn set(
    db: &Db,
    s: &Session,
    code: &str,
    online_only: Option<bool>,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    s.require(Permission::ImportCatalogue)?;
    limits::text("reason", reason, limits::REASON)?;
    let reason = nfc(reason);
    if reason.is_empty() {
        return Err(Error::invalid(
            "reason_required",
            Some("reason"),
            "Phải ghi lý do thay đổi cờ chỉ tiếp nhận trực tuyến.",
        ));
    }
    // The code must be a procedure of the catalogue in force.
    let (_, procedure) = crate::reference::catalogue::get(db, code).await?;
    let mut tx = crate::store::write_tx(db).await?;
    let old: Option<bool> =
        sqlx::query_scalar("SELECT online_only FROM procedure_online_only WHERE code = ?")
            .bind(&procedure.code)
            .fetch_optional(&mut *tx)
            .await?;
    match online_only {
        Some(flag) => {
            sqlx::query(
                "INSERT INTO procedure_online_only (code, online_only, reason, at, actor) VALUES (?, ?, ?, ?, ?)
                 ON CONFLICT (code) DO UPDATE SET online_only = excluded.online_only,
                   reason = excluded.reason, at = excluded.at, actor = excluded.actor",
            )
            .bind(&procedure.code)
            .bind(flag)
            .bind(&reason)
            .bind(clock::to_db(now))
            .bind(s.full_name())
            .execute(&mut *tx)
            .await?;
        }
        None => {
            sqlx::query("DELETE FROM procedure_online_only WHERE code = ?")
                .bind(&procedure.code)
                .execute(&mut *tx)
                .await?;
        }
    }
    audit::append(
        &mut tx,
        s.actor(),
        "catalogue.online_only",
        &procedure.code,
        json!({ "from": old, "to": online_only, "reason": reason }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

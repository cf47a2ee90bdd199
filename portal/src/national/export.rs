//! Xuất dữ liệu quốc gia ra tệp: `motcua-portal dossiers export-national` writes
//! `{"HoSo": [...], "QuaTrinhXuLy": [...]}`, each entry in the exact shape the sync sends
//! (DongBoHoSoMC dossiers, CapNhatTienDoHoSoMC steps), for checking or a manual upload.

use serde_json::{Value, json};

use super::load;
use crate::db::Db;
use crate::error::Result;

pub async fn export(db: &Db, unit_code: Option<&str>) -> Result<Value> {
    let unit = unit_code
        .map(|u| u.trim().to_uppercase())
        .unwrap_or_default();
    let ids: Vec<(String, String)> = sqlx::query_as(
        "SELECT id, unit_code FROM dossier WHERE ($1 = '' OR unit_code = $1) ORDER BY received_at, code",
    )
    .bind(&unit)
    .fetch_all(&db.pool)
    .await?;
    let mut units = std::collections::HashMap::new();
    let mut hoso = Vec::new();
    let mut steps = Vec::new();
    for (id, unit_code) in ids {
        let Some(d) = load::dossier(db, &id).await? else {
            continue;
        };
        if !units.contains_key(&unit_code) {
            units.insert(unit_code.clone(), load::unit(db, &unit_code).await?);
        }
        hoso.push(load::dossier_payload(&d, &units[&unit_code]));
        steps.extend(load::step_payloads(&d).into_iter().map(|(_, v)| v));
    }
    Ok(json!({ "HoSo": hoso, "QuaTrinhXuLy": steps }))
}

//! Dữ liệu dùng chung gửi xuống quầy: a unit's procedure catalogue and the yearly holiday
//! schedules. Both are validated with the contract's parsers, the ones the desks use (so an admin
//! sees at once what a desk would refuse), stored as text, and queued in the feed.

use motcua_protocol::{PullBody, catalogue, holidays};
use serde::Serialize;

use crate::db::{Db, now};
use crate::error::{Error, Result};
use crate::{feed, units};

#[derive(Debug, Clone, Serialize)]
pub struct CatalogueImported {
    pub unit_code: String,
    pub version: String,
    pub procedures: usize,
    pub cursor: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct HolidaysImported {
    pub year: i32,
    pub entries: usize,
    pub cursor: i64,
}

/// Checks a `motcua-catalogue/1` document and makes it the unit's current catalogue.
pub async fn import_catalogue(db: &Db, unit_code: &str, text: &str) -> Result<CatalogueImported> {
    let unit = units::get(db, unit_code).await?;
    let file = catalogue::parse(text).map_err(|e| Error::invalid(e.code(), e.to_string()))?;
    let procedures = file.procedures.len();
    let mut w = db.begin_feed_write().await?;
    sqlx::query(
        "INSERT INTO catalogue (unit_code, version, procedures, document, content_hash, imported_at) VALUES ($1, $2, $3, $4, $5, $6)",
    )
    .bind(&unit.code)
    .bind(&file.version)
    .bind(i64::try_from(procedures).unwrap_or(i64::MAX))
    .bind(text)
    .bind(motcua_protocol::content_hash(text))
    .bind(now())
    .execute(&mut *w.tx)
    .await?;
    let cursor = feed::append(
        &mut w.tx,
        Some(&unit.code),
        &PullBody::Catalogue {
            document: text.to_string(),
        },
    )
    .await?;
    w.commit().await?;
    Ok(CatalogueImported {
        unit_code: unit.code,
        version: file.version.clone(),
        procedures,
        cursor,
    })
}

/// Checks a `motcua-holidays/1` document and sends it to every unit (replacing that year's).
pub async fn import_holidays(db: &Db, text: &str) -> Result<HolidaysImported> {
    let schedule = holidays::parse(text).map_err(|e| {
        Error::invalid(
            "invalid_holidays",
            format!("Tệp lịch nghỉ không hợp lệ: {e}"),
        )
    })?;
    let mut w = db.begin_feed_write().await?;
    sqlx::query(
        "INSERT INTO holiday_schedule (year, document, imported_at) VALUES ($1, $2, $3) \
         ON CONFLICT (year) DO UPDATE SET document = excluded.document, imported_at = excluded.imported_at",
    )
    .bind(i64::from(schedule.year))
    .bind(text)
    .bind(now())
    .execute(&mut *w.tx)
    .await?;
    let cursor = feed::append(
        &mut w.tx,
        None,
        &PullBody::Holidays {
            year: schedule.year,
            document: text.to_string(),
        },
    )
    .await?;
    w.commit().await?;
    Ok(HolidaysImported {
        year: schedule.year,
        entries: schedule.entries.len(),
        cursor,
    })
}

/// The file's text, or a Vietnamese error naming it.
pub fn read_file(path: &std::path::Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|e| {
        Error::invalid(
            "file_unreadable",
            format!("Không đọc được tệp {}: {e}", path.display()),
        )
    })
}

//! Đơn vị: the one-stop-shop centres the portal serves. Adding one also queues its settings for
//! its desks (a `unit` feed row).

use motcua_protocol::{PullBody, UnitInfo};
use serde::Serialize;

use crate::db::{Db, now};
use crate::error::{Error, Result};
use crate::feed;

/// Default number of desks that may share a unit's daily dossier sequence.
pub const DEFAULT_DESK_SLOTS: i64 = 10;

#[derive(Debug, Clone)]
pub struct NewUnit {
    pub code: String,
    pub name: String,
    pub parent_authority: String,
    pub place: String,
    pub hotline: String,
    pub lookup_url: String,
    pub desk_slots: i64,
}

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Unit {
    pub code: String,
    pub name: String,
    pub parent_authority: String,
    pub place: String,
    pub hotline: String,
    pub lookup_url: String,
    pub desk_slots: i64,
    pub created_at: String,
}

impl Unit {
    pub fn info(&self) -> UnitInfo {
        UnitInfo {
            code: self.code.clone(),
            name: self.name.clone(),
            parent_authority: self.parent_authority.clone(),
            place: self.place.clone(),
            lookup_url: self.lookup_url.clone(),
            hotline: self.hotline.clone(),
        }
    }
}

const COLUMNS: &str =
    "code, name, parent_authority, place, hotline, lookup_url, desk_slots, created_at";

fn required(value: &str, what: &str) -> Result<String> {
    let v = value.trim();
    if v.is_empty() {
        return Err(Error::invalid(
            "invalid",
            format!("Thiếu {what} của đơn vị."),
        ));
    }
    Ok(v.to_string())
}

/// Adds a unit; refuses a code already used.
pub async fn add(db: &Db, u: &NewUnit) -> Result<Unit> {
    let code = required(&u.code, "mã đơn vị")?.to_uppercase();
    if code.chars().any(char::is_whitespace) {
        return Err(Error::invalid(
            "invalid",
            format!("Mã đơn vị «{code}» không được chứa khoảng trắng."),
        ));
    }
    if !(1..=1000).contains(&u.desk_slots) {
        return Err(Error::invalid(
            "invalid",
            "Số suất quầy phải từ 1 đến 1000.",
        ));
    }
    let unit = Unit {
        code,
        name: required(&u.name, "tên")?,
        parent_authority: required(&u.parent_authority, "cơ quan chủ quản")?,
        place: required(&u.place, "địa danh")?,
        hotline: required(&u.hotline, "đường dây nóng")?,
        lookup_url: required(&u.lookup_url, "địa chỉ tra cứu")?,
        desk_slots: u.desk_slots,
        created_at: now(),
    };
    let mut w = db.begin_feed_write().await?;
    let done = sqlx::query(
        "INSERT INTO unit (code, name, parent_authority, place, hotline, lookup_url, desk_slots, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (code) DO NOTHING",
    )
    .bind(&unit.code)
    .bind(&unit.name)
    .bind(&unit.parent_authority)
    .bind(&unit.place)
    .bind(&unit.hotline)
    .bind(&unit.lookup_url)
    .bind(unit.desk_slots)
    .bind(&unit.created_at)
    .execute(&mut *w.tx)
    .await?;
    if done.rows_affected() == 0 {
        w.rollback().await?;
        return Err(Error::invalid(
            "unit_exists",
            format!("Đơn vị mã «{}» đã có.", unit.code),
        ));
    }
    feed::append(
        &mut w.tx,
        Some(&unit.code),
        &PullBody::Unit { unit: unit.info() },
    )
    .await?;
    w.commit().await?;
    Ok(unit)
}

pub async fn list(db: &Db) -> Result<Vec<Unit>> {
    Ok(
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM unit ORDER BY code"))
            .fetch_all(&db.pool)
            .await?,
    )
}

pub async fn get(db: &Db, code: &str) -> Result<Unit> {
    let code = code.trim().to_uppercase();
    sqlx::query_as(&format!("SELECT {COLUMNS} FROM unit WHERE code = $1"))
        .bind(&code)
        .fetch_optional(&db.pool)
        .await?
        .ok_or_else(|| Error::not_found("unit_not_found", format!("Không có đơn vị mã «{code}».")))
}

/// New values for a unit's printed settings (`None` = keep). The number of desk slots cannot
/// change: it is the stride of every desk's share of the daily sequence.
#[derive(Debug, Clone, Default)]
pub struct UnitChanges {
    pub name: Option<String>,
    pub parent_authority: Option<String>,
    pub place: Option<String>,
    pub hotline: Option<String>,
    pub lookup_url: Option<String>,
}

/// Changes a unit's settings and queues them for its desks.
pub async fn update(db: &Db, code: &str, ch: &UnitChanges) -> Result<Unit> {
    let mut unit = get(db, code).await?;
    let pick = |new: &Option<String>, old: &str, what: &str| match new {
        Some(v) => required(v, what),
        None => Ok(old.to_string()),
    };
    unit.name = pick(&ch.name, &unit.name, "tên")?;
    unit.parent_authority = pick(
        &ch.parent_authority,
        &unit.parent_authority,
        "cơ quan chủ quản",
    )?;
    unit.place = pick(&ch.place, &unit.place, "địa danh")?;
    unit.hotline = pick(&ch.hotline, &unit.hotline, "đường dây nóng")?;
    unit.lookup_url = pick(&ch.lookup_url, &unit.lookup_url, "địa chỉ tra cứu")?;
    let mut w = db.begin_feed_write().await?;
    sqlx::query(
        "UPDATE unit SET name = $1, parent_authority = $2, place = $3, hotline = $4, lookup_url = $5 WHERE code = $6",
    )
    .bind(&unit.name)
    .bind(&unit.parent_authority)
    .bind(&unit.place)
    .bind(&unit.hotline)
    .bind(&unit.lookup_url)
    .bind(&unit.code)
    .execute(&mut *w.tx)
    .await?;
    feed::append(
        &mut w.tx,
        Some(&unit.code),
        &PullBody::Unit { unit: unit.info() },
    )
    .await?;
    w.commit().await?;
    Ok(unit)
}

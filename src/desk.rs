//! Thiết lập quầy: the receiving unit, this desk and its clerk (first run), and the status the
//! app shows in its header.

use chrono::Utc;
use rust_i18n::t;
use uuid::Uuid;

use crate::calendar::WorkingHours;
use crate::dto::{AppStatus, SetupInput, UnitSettings};
use crate::search_text::nfc;
use crate::store::{self, Db};
use crate::{Error, Result, catalogue, clock, i18n};

/// The signed-in context every write is attributed to.
#[derive(Debug, Clone)]
pub struct Context {
    pub unit: UnitSettings,
    pub hours: WorkingHours,
    pub desk_id: String,
    pub desk_name: String,
    pub seq_offset: i64,
    pub seq_stride: i64,
    pub clerk_id: String,
    pub clerk_name: String,
}

/// A demo commune centre (the receipt must look real, so every field is filled).
pub fn demo_setup() -> SetupInput {
    SetupInput {
        unit: UnitSettings {
            code: "000.00.31.H29".into(),
            name: "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN PHÚ".into(),
            parent_authority: "ỦY BAN NHÂN DÂN XÃ TÂN PHÚ".into(),
            place: "Tân Phú".into(),
            lookup_url: "https://dichvucong.demo.motcua.vn/tra-cuu".into(),
            hotline: "1900 0000".into(),
        },
        desk_name: "Quầy số 1".into(),
        clerk_name: "Trần Thị Mai".into(),
        load_demo_catalogue: true,
    }
}

/// Checks the unit settings a person typed; the error names the field.
pub fn validate_unit(u: &UnitSettings) -> Result<UnitSettings> {
    let req = |v: &str, field: &'static str| -> Result<String> {
        let v = nfc(v);
        if v.is_empty() {
            Err(Error::invalid(
                "required",
                Some(field),
                t!("setup.required", field = t!(format!("field.{field}"))),
            ))
        } else {
            Ok(v)
        }
    };
    let code = req(&u.code, "unit_code")?.to_uppercase();
    // Mã đơn vị (QCVN 102:2016 / QĐ 20/2020): dot-separated groups of letters and digits. It is printed
    // as a Code 39 barcode, so only those characters are allowed.
    let code_ok = code
        .split('.')
        .all(|g| !g.is_empty() && g.chars().all(|c| c.is_ascii_alphanumeric()));
    if !code_ok || code.len() > 30 {
        return Err(Error::invalid(
            "invalid_unit_code",
            Some("unit_code"),
            t!("setup.unit_code", value = code),
        ));
    }
    let lookup_url = req(&u.lookup_url, "lookup_url")?;
    if !(lookup_url.starts_with("https://") || lookup_url.starts_with("http://"))
        || lookup_url.contains(char::is_whitespace)
    {
        return Err(Error::invalid(
            "invalid_url",
            Some("lookup_url"),
            t!("setup.lookup_url", value = lookup_url),
        ));
    }
    Ok(UnitSettings {
        code,
        name: req(&u.name, "unit_name")?,
        parent_authority: req(&u.parent_authority, "parent_authority")?,
        place: req(&u.place, "place")?,
        lookup_url,
        hotline: req(&u.hotline, "hotline")?,
    })
}

/// First run: creates the unit, the desk and its clerk, optionally loading the demo catalogue.
/// Refuses to run twice (the unit of a desk that has dossiers must not change under them).
pub async fn setup(db: &Db, input: &SetupInput) -> Result<()> {
    let unit = validate_unit(&input.unit)?;
    let desk_name = nfc(&input.desk_name);
    let clerk_name = nfc(&input.clerk_name);
    if desk_name.is_empty() {
        return Err(Error::invalid(
            "required",
            Some("desk_name"),
            t!("setup.required", field = t!("field.desk_name")),
        ));
    }
    if clerk_name.is_empty() {
        return Err(Error::invalid(
            "required",
            Some("clerk_name"),
            t!("setup.required", field = t!("field.clerk_name")),
        ));
    }
    if is_initialized(db).await? {
        return Err(Error::invalid(
            "already_initialized",
            None,
            t!("setup.already"),
        ));
    }
    let now = clock::to_db(Utc::now());
    let hours = serde_json::to_string(&WorkingHours::default())
        .map_err(|e| Error::invalid("internal", None, e.to_string()))?;
    let desk_id = Uuid::now_v7().to_string();
    let clerk_id = Uuid::now_v7().to_string();
    let mut tx = crate::store::write_tx(db).await?;
    sqlx::query("INSERT INTO unit (id, code, name, parent_authority, place, lookup_url, hotline, working_hours_json, created_at) VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(&unit.code)
        .bind(&unit.name)
        .bind(&unit.parent_authority)
        .bind(&unit.place)
        .bind(&unit.lookup_url)
        .bind(&unit.hotline)
        .bind(hours)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO desk (id, name, created_at) VALUES (?, ?, ?)")
        .bind(&desk_id)
        .bind(&desk_name)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
    sqlx::query("INSERT INTO clerk (id, full_name, role, created_at) VALUES (?, ?, 'clerk', ?)")
        .bind(&clerk_id)
        .bind(&clerk_name)
        .bind(&now)
        .execute(&mut *tx)
        .await?;
    for (k, v) in [("desk_id", &desk_id), ("clerk_id", &clerk_id)] {
        sqlx::query("INSERT INTO setting (key, value) VALUES (?, ?)")
            .bind(k)
            .bind(v)
            .execute(&mut *tx)
            .await?;
    }
    tx.commit().await?;
    if input.load_demo_catalogue {
        catalogue::import(db, catalogue::DEMO_CATALOGUE).await?;
    }
    Ok(())
}

pub async fn is_initialized(db: &Db) -> Result<bool> {
    Ok(store::setting(db, "desk_id").await?.is_some())
}

/// The unit, desk and signed-in clerk; `NotInitialized` before first-run setup.
pub async fn context(db: &Db) -> Result<Context> {
    let desk_id = store::setting(db, "desk_id")
        .await?
        .ok_or(Error::NotInitialized)?;
    let clerk_id = store::setting(db, "clerk_id")
        .await?
        .ok_or(Error::NotInitialized)?;
    let (code, name, parent_authority, place, lookup_url, hotline, hours_json): (String, String, String, String, String, String, String) =
        sqlx::query_as("SELECT code, name, parent_authority, place, lookup_url, hotline, working_hours_json FROM unit WHERE id = 1")
            .fetch_optional(db)
            .await?
            .ok_or(Error::NotInitialized)?;
    let (desk_name, seq_offset, seq_stride): (String, i64, i64) =
        sqlx::query_as("SELECT name, seq_offset, seq_stride FROM desk WHERE id = ?")
            .bind(&desk_id)
            .fetch_optional(db)
            .await?
            .ok_or(Error::NotInitialized)?;
    let clerk_name: String = sqlx::query_scalar("SELECT full_name FROM clerk WHERE id = ?")
        .bind(&clerk_id)
        .fetch_optional(db)
        .await?
        .ok_or(Error::NotInitialized)?;
    let hours = serde_json::from_str(&hours_json).unwrap_or_default();
    Ok(Context {
        unit: UnitSettings {
            code,
            name,
            parent_authority,
            place,
            lookup_url,
            hotline,
        },
        hours,
        desk_id,
        desk_name,
        seq_offset,
        seq_stride,
        clerk_id,
        clerk_name,
    })
}

/// What the app header shows.
pub async fn status(db: &Db, db_path: &str) -> Result<AppStatus> {
    let ctx = match context(db).await {
        Ok(c) => Some(c),
        Err(Error::NotInitialized) => None,
        Err(e) => return Err(e),
    };
    Ok(AppStatus {
        initialized: ctx.is_some(),
        unit: ctx.as_ref().map(|c| c.unit.clone()),
        desk_name: ctx.as_ref().map(|c| c.desk_name.clone()),
        clerk_name: ctx.as_ref().map(|c| c.clerk_name.clone()),
        locale: i18n::current(),
        db_path: db_path.to_string(),
    })
}

/// Parses "07:00-11:30,13:30-17:00" into sessions (an empty text is no session).
pub fn parse_sessions(text: &str) -> Result<Vec<(chrono::NaiveTime, chrono::NaiveTime)>> {
    let bad = || {
        Error::invalid(
            "invalid_hours",
            Some("working_hours"),
            t!("setup.hours", value = text),
        )
    };
    text.split(',')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(|part| {
            let (a, b) = part.split_once('-').ok_or_else(bad)?;
            let a = chrono::NaiveTime::parse_from_str(a.trim(), "%H:%M").map_err(|_| bad())?;
            let b = chrono::NaiveTime::parse_from_str(b.trim(), "%H:%M").map_err(|_| bad())?;
            Ok((a, b))
        })
        .collect()
}

/// Giờ làm việc của đơn vị: replaces the unit's working hours (used for every later due time).
pub async fn set_working_hours(db: &Db, hours: &WorkingHours) -> Result<()> {
    hours.validate()?;
    let json = serde_json::to_string(hours)
        .map_err(|e| Error::invalid("internal", None, e.to_string()))?;
    let done = sqlx::query("UPDATE unit SET working_hours_json = ? WHERE id = 1")
        .bind(json)
        .execute(db)
        .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotInitialized);
    }
    Ok(())
}

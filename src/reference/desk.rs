//! Thiết lập quầy: the receiving unit, this desk and its clerk (first run), and the status the
//! app shows in its header.

use chrono::{DateTime, Utc};
use rust_i18n::t;
use serde_json::json;
use uuid::Uuid;

use crate::accounts::{self, NewAccount, Permission, Role, Session};
use crate::calendar::WorkingHours;
use crate::dto::{AppStatus, SetupInput, UnitSettings};
use crate::search_text::nfc;
use crate::store::{self, Db};
use crate::{Error, Result, accounts::audit, clock, i18n, limits, reference::catalogue};

/// The signed-in context every write is attributed to (the clerk fields come from the
/// [`Session`]).
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
    /// The clerk's sign-in name (the audit log's actor).
    pub username: String,
}

impl Context {
    pub(crate) fn actor(&self) -> audit::Actor<'_> {
        audit::Actor {
            clerk_id: Some(&self.clerk_id),
            name: &self.username,
        }
    }
}

/// A demo commune centre (the receipt must look real, so every field is filled); its first
/// account is the administrator `admin` with `password`.
pub fn demo_setup(password: &str) -> SetupInput {
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
        clerk_name: "Nguyễn Văn Quản".into(),
        username: "admin".into(),
        password: password.into(),
        load_demo_catalogue: true,
    }
}

/// Checks the unit settings a person typed; the error names the field.
pub fn validate_unit(u: &UnitSettings) -> Result<UnitSettings> {
    // Lengths first: every other check (and the PDFs these fields end up in) assumes sane sizes.
    limits::text("unit_code", &u.code, limits::SHORT)?;
    limits::text("unit_name", &u.name, limits::NAME)?;
    limits::text("parent_authority", &u.parent_authority, limits::NAME)?;
    limits::text("place", &u.place, limits::SHORT)?;
    limits::text("lookup_url", &u.lookup_url, limits::ADDRESS)?;
    limits::text("hotline", &u.hotline, limits::SHORT)?;
    for (field, v) in [
        ("unit_name", &u.name),
        ("parent_authority", &u.parent_authority),
        ("place", &u.place),
        ("hotline", &u.hotline),
    ] {
        crate::printable::one_line(field, v)?;
    }
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

/// First run: creates the unit, the desk and its first account (an administrator, who then signs
/// in), optionally loading the demo catalogue. Refuses to run twice (the unit of a desk that has
/// dossiers must not change under them).
pub async fn setup(db: &Db, input: &SetupInput) -> Result<()> {
    let unit = validate_unit(&input.unit)?;
    limits::text("desk_name", &input.desk_name, limits::SHORT)?;
    limits::text("clerk_name", &input.clerk_name, limits::NAME)?;
    limits::text("username", &input.username, limits::SHORT)?;
    limits::text("password", &input.password, limits::PASSWORD)?;
    crate::printable::one_line("desk_name", &input.desk_name)?;
    crate::printable::one_line("clerk_name", &input.clerk_name)?;
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
    let at = Utc::now();
    let now = clock::to_db(at);
    let hours = serde_json::to_string(&WorkingHours::default())
        .map_err(|e| Error::invalid("internal", None, e.to_string()))?;
    let desk_id = Uuid::now_v7().to_string();
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
    let admin = NewAccount {
        username: input.username.clone(),
        full_name: clerk_name,
        role: Role::Admin,
        password: input.password.clone(),
    };
    let clerk_id = accounts::insert(&mut tx, &admin, at).await?;
    let username = admin.username.trim().to_lowercase();
    for (k, v) in [("desk_id", &desk_id), ("clerk_id", &clerk_id)] {
        sqlx::query("INSERT INTO setting (key, value) VALUES (?, ?)")
            .bind(k)
            .bind(v)
            .execute(&mut *tx)
            .await?;
    }
    let actor = audit::Actor {
        clerk_id: Some(&clerk_id),
        name: &username,
    };
    audit::append(
        &mut tx,
        actor,
        "desk.setup",
        &unit.code,
        json!({ "desk": desk_name, "admin": username }),
        at,
    )
    .await?;
    tx.commit().await?;
    if input.load_demo_catalogue {
        catalogue::import_as(db, actor, catalogue::DEMO_CATALOGUE, at).await?;
    }
    Ok(())
}

pub async fn is_initialized(db: &Db) -> Result<bool> {
    Ok(store::setting(db, "desk_id").await?.is_some())
}

/// The unit, desk and the signed-in clerk of `s`; `NotInitialized` before first-run setup.
pub async fn context(db: &Db, s: &Session) -> Result<Context> {
    let mut ctx = unit_context(db).await?;
    ctx.clerk_id = s.clerk_id().to_string();
    ctx.clerk_name = s.full_name().to_string();
    ctx.username = s.username().to_string();
    Ok(ctx)
}

/// The unit and desk without a clerk (empty clerk fields): for computations that act for no one
/// (a due-time preview, what the portal sent).
pub async fn unit_context(db: &Db) -> Result<Context> {
    let desk_id = store::setting(db, "desk_id")
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
        clerk_id: String::new(),
        clerk_name: String::new(),
        username: String::new(),
    })
}

/// What the app header shows; the clerk is the signed-in one, if any.
pub async fn status(db: &Db, db_path: &str, s: Option<&Session>) -> Result<AppStatus> {
    let ctx = match unit_context(db).await {
        Ok(c) => Some(c),
        Err(Error::NotInitialized) => None,
        Err(e) => return Err(e),
    };
    Ok(AppStatus {
        initialized: ctx.is_some(),
        unit: ctx.as_ref().map(|c| c.unit.clone()),
        desk_name: ctx.as_ref().map(|c| c.desk_name.clone()),
        clerk_name: s.map(|s| s.full_name().to_string()),
        locale: crate::dto::Locale::parse(&i18n::current()).unwrap_or(crate::dto::Locale::Vi),
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
/// Admin; audited.
pub async fn set_working_hours(
    db: &Db,
    s: &Session,
    hours: &WorkingHours,
    now: DateTime<Utc>,
) -> Result<()> {
    s.require(Permission::UnitSettings)?;
    hours.validate()?;
    let json = serde_json::to_string(hours)
        .map_err(|e| Error::invalid("internal", None, e.to_string()))?;
    let mut tx = crate::store::write_tx(db).await?;
    let old: Option<String> =
        sqlx::query_scalar("SELECT working_hours_json FROM unit WHERE id = 1")
            .fetch_optional(&mut *tx)
            .await?;
    let done = sqlx::query("UPDATE unit SET working_hours_json = ? WHERE id = 1")
        .bind(&json)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotInitialized);
    }
    let old: serde_json::Value = old
        .and_then(|o| serde_json::from_str(&o).ok())
        .unwrap_or_default();
    let new: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
    audit::append(
        &mut tx,
        s.actor(),
        "setting.hours",
        "working_hours",
        json!({ "from": old, "to": new }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

//! Quầy: desks of a unit, their one-time enrollment codes, their tokens and revocation.
//!
//! Dossier codes stay unique with every desk offline because each desk owns one share of the
//! unit's daily sequence: desk slot `s` of a unit with `n` slots issues `s+1, s+1+n, s+1+2n, …`
//! (`seq_offset = s`, `seq_stride = n`). A slot is taken at `desk add` and never given to another
//! desk, even after revocation, so numbers already issued are never issued again.

use chrono::Utc;
use motcua_protocol::{EnrollRequest, EnrollResponse};
use serde::Serialize;

use crate::db::{Db, now};
use crate::error::{Error, Result};
use crate::{secret, units};

/// How long an enrollment code stays valid.
pub const ENROLL_CODE_DAYS: i64 = 7;

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct Desk {
    pub id: String,
    pub unit_code: String,
    pub name: String,
    pub slot: i64,
    pub enroll_expires_at: Option<String>,
    pub enrolled_at: Option<String>,
    pub revoked_at: Option<String>,
    pub created_at: String,
    /// The desk app's version at its last request (`x-motcua-desk-version`), and when.
    pub app_version: Option<String>,
    pub last_seen_at: Option<String>,
}

/// What `desk add` hands to the admin: the code is shown once and never stored.
#[derive(Debug, Clone, Serialize)]
pub struct NewDesk {
    pub desk_id: String,
    pub unit_code: String,
    pub name: String,
    pub enrollment_code: String,
    pub expires_at: String,
    pub seq_offset: i64,
    pub seq_stride: i64,
}

/// The desk behind a request's token.
#[derive(Debug, Clone)]
pub struct AuthDesk {
    pub id: String,
    pub unit_code: String,
    pub name: String,
}

const COLUMNS: &str = "id, unit_code, name, slot, enroll_expires_at, enrolled_at, revoked_at, created_at, app_version, last_seen_at";

/// The longest version text kept (a header is the desk's word, not to be trusted for size).
const MAX_VERSION_CHARS: usize = 40;

/// Notes that the desk was seen now running `version` (when it said; an unreadable or overlong
/// header keeps the last known version).
pub async fn seen(db: &Db, desk_id: &str, version: Option<&str>) -> Result<()> {
    let version = version.map(str::trim).filter(|v| {
        !v.is_empty() && v.len() <= MAX_VERSION_CHARS && v.chars().all(|c| c.is_ascii_graphic())
    });
    let mut w = db.begin_write().await?;
    sqlx::query(
        "UPDATE desk SET last_seen_at = $1, app_version = COALESCE($2, app_version) WHERE id = $3",
    )
    .bind(now())
    .bind(version)
    .bind(desk_id)
    .execute(&mut *w.tx)
    .await?;
    w.commit().await?;
    Ok(())
}

/// Creates a desk in the first free slot of the unit, with a fresh one-time enrollment code.
pub async fn add(db: &Db, unit_code: &str, name: Option<&str>) -> Result<NewDesk> {
    let unit = units::get(db, unit_code).await?;
    let code = secret::new_enroll_code()?;
    let expires_at =
        motcua_protocol::instant::to_db(Utc::now() + chrono::Duration::days(ENROLL_CODE_DAYS));
    let id = uuid::Uuid::now_v7().to_string();
    let mut w = db.begin_write().await?;
    let taken: Vec<i64> = sqlx::query_scalar("SELECT slot FROM desk WHERE unit_code = $1")
        .bind(&unit.code)
        .fetch_all(&mut *w.tx)
        .await?;
    let Some(slot) = (0..unit.desk_slots).find(|s| !taken.contains(s)) else {
        w.rollback().await?;
        return Err(Error::invalid(
            "desk_slots_full",
            format!(
                "Đơn vị «{}» đã dùng hết {} suất quầy; không thể thêm quầy mới.",
                unit.code, unit.desk_slots
            ),
        ));
    };
    let name = name
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
        .unwrap_or_else(|| format!("Quầy số {}", slot + 1));
    // UNIQUE (unit_code, slot) guards against a second admin taking the same slot meanwhile.
    let done = sqlx::query(
        "INSERT INTO desk (id, unit_code, name, slot, enroll_code_hash, enroll_expires_at, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
    )
    .bind(&id)
    .bind(&unit.code)
    .bind(&name)
    .bind(slot)
    .bind(secret::hash(&secret::normalize_enroll_code(&code)))
    .bind(&expires_at)
    .bind(now())
    .execute(&mut *w.tx)
    .await?;
    if done.rows_affected() != 1 {
        w.rollback().await?;
        return Err(Error::invalid(
            "busy",
            "Suất quầy vừa bị lấy bởi thao tác khác; hãy thử lại.",
        ));
    }
    w.commit().await?;
    Ok(NewDesk {
        desk_id: id,
        unit_code: unit.code,
        name,
        enrollment_code: code,
        expires_at,
        seq_offset: slot,
        seq_stride: unit.desk_slots,
    })
}

pub async fn list(db: &Db, unit_code: Option<&str>) -> Result<Vec<Desk>> {
    let rows = match unit_code {
        Some(u) => {
            sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM desk WHERE unit_code = $1 ORDER BY unit_code, slot"
            ))
            .bind(u.trim().to_uppercase())
            .fetch_all(&db.pool)
            .await?
        }
        None => {
            sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM desk ORDER BY unit_code, slot"
            ))
            .fetch_all(&db.pool)
            .await?
        }
    };
    Ok(rows)
}

/// Revokes a desk: its token stops working at once and its unused code with it.
pub async fn revoke(db: &Db, id: &str) -> Result<()> {
    let mut w = db.begin_write().await?;
    let done = sqlx::query(
        "UPDATE desk SET revoked_at = $1, enroll_code_hash = NULL WHERE id = $2 AND revoked_at IS NULL",
    )
    .bind(now())
    .bind(id.trim())
    .execute(&mut *w.tx)
    .await?;
    w.commit().await?;
    if done.rows_affected() == 0 {
        let exists: Option<String> = sqlx::query_scalar("SELECT id FROM desk WHERE id = $1")
            .bind(id.trim())
            .fetch_optional(&db.pool)
            .await?;
        return Err(match exists {
            Some(_) => Error::invalid(
                "already_revoked",
                format!("Quầy {id} đã bị thu hồi trước đó."),
            ),
            None => Error::not_found("desk_not_found", format!("Không có quầy mã «{id}».")),
        });
    }
    Ok(())
}

/// Trades a one-time code for the desk's token. The code is consumed by the same UPDATE that
/// checks it, so two desks racing with one code cannot both win.
pub async fn enroll(db: &Db, req: &EnrollRequest) -> Result<EnrollResponse> {
    let code_hash = secret::hash(&secret::normalize_enroll_code(&req.code));
    let token = secret::new_token()?;
    let at = now();
    let wanted = req.desk_name.trim();
    let mut w = db.begin_write().await?;
    let row: Option<(String, String, String, i64)> = sqlx::query_as(
        "UPDATE desk SET enroll_code_hash = NULL, enroll_expires_at = NULL, enrolled_at = $1, token_hash = $2, \
         name = CASE WHEN $3 = '' THEN name ELSE $3 END \
         WHERE enroll_code_hash = $4 AND enroll_expires_at > $1 AND revoked_at IS NULL \
         RETURNING id, unit_code, name, slot",
    )
    .bind(&at)
    .bind(secret::hash(&token))
    .bind(wanted)
    .bind(&code_hash)
    .fetch_optional(&mut *w.tx)
    .await?;
    w.commit().await?;
    let Some((desk_id, unit_code, desk_name, slot)) = row else {
        let expired: Option<String> =
            sqlx::query_scalar("SELECT id FROM desk WHERE enroll_code_hash = $1")
                .bind(&code_hash)
                .fetch_optional(&db.pool)
                .await?;
        return Err(Error::Auth {
            code: "unauthorized",
            message: if expired.is_some() {
                "Mã đăng ký quầy đã hết hạn. Xin quản trị cổng cấp mã mới.".into()
            } else {
                "Mã đăng ký quầy không đúng hoặc đã được dùng. Mỗi mã chỉ dùng được một lần.".into()
            },
        });
    };
    let unit = units::get(db, &unit_code).await?;
    Ok(EnrollResponse {
        desk_id,
        desk_name,
        token,
        unit: unit.info(),
        seq_offset: slot,
        seq_stride: unit.desk_slots,
    })
}

/// The desk a bearer token belongs to: 401 `unauthorized` when unknown, `revoked` when revoked.
pub async fn authenticate(db: &Db, token: &str) -> Result<AuthDesk> {
    let row: Option<(String, String, String, Option<String>)> =
        sqlx::query_as("SELECT id, unit_code, name, revoked_at FROM desk WHERE token_hash = $1")
            .bind(secret::hash(token.trim()))
            .fetch_optional(&db.pool)
            .await?;
    match row {
        None => Err(Error::unauthorized()),
        Some((_, _, _, Some(_))) => Err(Error::revoked()),
        Some((id, unit_code, name, None)) => Ok(AuthDesk {
            id,
            unit_code,
            name,
        }),
    }
}

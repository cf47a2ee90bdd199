//! Người ký văn bản của cơ quan có thẩm quyền (Mẫu 04, Mẫu 05): per competent authority, with
//! the unit's default, set by an administrator and audited. Without any setting the letter is
//! issued in the name of the unit's parent authority (e.g. "ỦY BAN NHÂN DÂN XÃ TÂN PHÚ") and
//! signed by hand under "THỦ TRƯỞNG CƠ QUAN".

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::accounts::{Permission, Session};
use crate::documents::AuthoritySigner;
use crate::dto::UnitSettings;
use crate::search_text::nfc;
use crate::store::Db;
use crate::{Error, Result, accounts::audit, clock, limits};

/// A signer setting as stored: `authority` '' is the unit's default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignerSetting {
    /// The competent authority as the catalogue names it ("Ủy ban nhân dân cấp xã"); '' = default.
    pub authority: String,
    pub parent: String,
    pub name: String,
    pub symbol: String,
    pub signer_title: String,
    pub signer_name: String,
}

impl SignerSetting {
    fn into_signer(self) -> AuthoritySigner {
        AuthoritySigner {
            parent: self.parent,
            name: self.name,
            symbol: self.symbol,
            signer_title: self.signer_title,
            signer_name: self.signer_name,
        }
    }
}

type Row = (String, String, String, String, String, String);

fn from_row(r: Row) -> SignerSetting {
    SignerSetting {
        authority: r.0,
        parent: r.1,
        name: r.2,
        symbol: r.3,
        signer_title: r.4,
        signer_name: r.5,
    }
}

/// Every setting, the default first.
pub async fn list(db: &Db) -> Result<Vec<SignerSetting>> {
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT authority, parent, name, symbol, signer_title, signer_name FROM authority_signer ORDER BY authority",
    )
    .fetch_all(db)
    .await?;
    Ok(rows.into_iter().map(from_row).collect())
}

/// Who signs a letter of `authority` for this unit: its own setting, else the unit's default,
/// else the unit's parent authority with the title left generic.
pub async fn for_authority(
    db: &Db,
    unit: &UnitSettings,
    authority: &str,
) -> Result<AuthoritySigner> {
    let row: Option<Row> = sqlx::query_as(
        "SELECT authority, parent, name, symbol, signer_title, signer_name FROM authority_signer
         WHERE authority IN (?, '') ORDER BY authority = '' LIMIT 1",
    )
    .bind(authority.trim())
    .fetch_optional(db)
    .await?;
    Ok(match row {
        Some(r) => from_row(r).into_signer(),
        None => AuthoritySigner {
            parent: String::new(),
            name: unit.parent_authority.clone(),
            symbol: String::new(),
            signer_title: String::new(),
            signer_name: String::new(),
        },
    })
}

/// Sets who signs for `setting.authority` ('' = the unit's default). Admin; audited with the
/// previous value.
pub async fn set(db: &Db, s: &Session, setting: &SignerSetting, now: DateTime<Utc>) -> Result<()> {
    s.require(Permission::UnitSettings)?;
    limits::text("authority", &setting.authority, limits::NAME)?;
    limits::text("parent_authority", &setting.parent, limits::NAME)?;
    limits::text("unit_name", &setting.name, limits::NAME)?;
    limits::text("symbol", &setting.symbol, limits::SHORT)?;
    limits::text("signer_title", &setting.signer_title, limits::NAME)?;
    limits::text("signer_name", &setting.signer_name, limits::NAME)?;
    let clean = SignerSetting {
        authority: nfc(&setting.authority),
        parent: nfc(&setting.parent),
        name: nfc(&setting.name),
        symbol: nfc(&setting.symbol),
        signer_title: nfc(&setting.signer_title),
        signer_name: nfc(&setting.signer_name),
    };
    if clean.name.is_empty() {
        return Err(Error::invalid(
            "required",
            Some("unit_name"),
            "Phải ghi tên cơ quan ban hành văn bản.",
        ));
    }
    let mut tx = crate::store::write_tx(db).await?;
    let old: Option<Row> = sqlx::query_as(
        "SELECT authority, parent, name, symbol, signer_title, signer_name FROM authority_signer WHERE authority = ?",
    )
    .bind(&clean.authority)
    .fetch_optional(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO authority_signer (authority, parent, name, symbol, signer_title, signer_name, updated_at, updated_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (authority) DO UPDATE SET parent = excluded.parent, name = excluded.name,
           symbol = excluded.symbol, signer_title = excluded.signer_title,
           signer_name = excluded.signer_name, updated_at = excluded.updated_at,
           updated_by = excluded.updated_by",
    )
    .bind(&clean.authority)
    .bind(&clean.parent)
    .bind(&clean.name)
    .bind(&clean.symbol)
    .bind(&clean.signer_title)
    .bind(&clean.signer_name)
    .bind(clock::to_db(now))
    .bind(s.full_name())
    .execute(&mut *tx)
    .await?;
    audit::append(
        &mut tx,
        s.actor(),
        "setting.signer",
        &clean.authority,
        json!({ "from": old.map(from_row), "to": clean }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The unit's tax code (mã số thuế of the unit that collects fees; '' = not set).
pub async fn unit_tax_code(db: &Db) -> Result<String> {
    let code: Option<String> = sqlx::query_scalar("SELECT tax_code FROM unit WHERE id = 1")
        .fetch_optional(db)
        .await?;
    Ok(code.unwrap_or_default())
}

/// Sets the unit's tax code (checked with its check digit; '' clears it). Admin; audited.
pub async fn set_unit_tax_code(db: &Db, s: &Session, code: &str, now: DateTime<Utc>) -> Result<()> {
    s.require(Permission::UnitSettings)?;
    let code: String = code.chars().filter(|c| !c.is_whitespace()).collect();
    if !code.is_empty() {
        crate::identity::tax_code::check_tax_code(&code)?;
    }
    let mut tx = crate::store::write_tx(db).await?;
    let old: Option<String> = sqlx::query_scalar("SELECT tax_code FROM unit WHERE id = 1")
        .fetch_optional(&mut *tx)
        .await?;
    let done = sqlx::query("UPDATE unit SET tax_code = ? WHERE id = 1")
        .bind(&code)
        .execute(&mut *tx)
        .await?;
    if done.rows_affected() == 0 {
        return Err(Error::NotInitialized);
    }
    audit::append(
        &mut tx,
        s.actor(),
        "setting.tax_code",
        "unit",
        json!({ "from": old, "to": code }),
        now,
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

//! Đăng ký quầy với cổng: trades the admin's one-time code for this desk's own credential.
//!
//! Works on a fresh database too: the unit's settings come from the portal (and the catalogue and
//! calendar with the first pull). On a desk already set up alone, the unit must be the same one;
//! the desk then takes the share of the unit's daily sequence the portal gives it.

use std::path::Path;

use chrono::Utc;
use motcua_protocol as proto;
use rust_i18n::t;

use super::client::PortalClient;
use super::credential::{self, Credential};
use crate::accounts::{Permission, Session};
use crate::dto::{SetupInput, UnitSettings};
use crate::store::Db;
use crate::{Error, Result, accounts::audit, clock, reference::desk};

#[derive(Debug, Clone)]
pub struct EnrollInput {
    pub portal_url: String,
    pub code: String,
    /// Desk name to register; empty keeps the portal's (or the local one).
    pub desk_name: String,
    /// Needed on a fresh database: the full name of the desk's first account (an administrator).
    pub clerk_name: Option<String>,
    /// On a fresh database: that account's sign-in name and password (ignored otherwise).
    pub username: String,
    pub password: String,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct Enrolled {
    pub portal_desk_id: String,
    pub unit_code: String,
    pub unit_name: String,
    pub desk_name: String,
    pub seq_offset: i64,
    pub seq_stride: i64,
    /// Where the credential went: the OS keyring, or the owner-only file.
    pub credential_storage: credential::Storage,
}

/// Enrolls the desk. On a desk already set up, an administrator's session is needed (`by`); on a
/// fresh database the first account is made from the input and the enrollment is attributed to it.
pub async fn enroll(
    db: &Db,
    db_path: &Path,
    by: Option<&Session>,
    input: &EnrollInput,
) -> Result<Enrolled> {
    let code = input.code.trim().to_uppercase();
    if code.is_empty() {
        return Err(Error::invalid(
            "required",
            Some("code"),
            t!("sync.code_required"),
        ));
    }
    let initialized = desk::is_initialized(db).await?;
    if initialized {
        by.ok_or(Error::NotSignedIn)?.require(Permission::Enroll)?;
    }
    if !initialized
        && input
            .clerk_name
            .as_deref()
            .is_none_or(|n| n.trim().is_empty())
    {
        return Err(Error::invalid(
            "required",
            Some("clerk_name"),
            t!("sync.clerk_required"),
        ));
    }
    let client = PortalClient::new(&input.portal_url, None).map_err(sync_err)?;
    let answer = client
        .enroll(&proto::EnrollRequest {
            code,
            desk_name: input.desk_name.trim().to_string(),
        })
        .await
        .map_err(sync_err)?;
    let r = answer.body;
    let unit: UnitSettings = r.unit.clone();
    if r.seq_stride < 1 || r.seq_offset < 0 || r.seq_offset >= r.seq_stride {
        return Err(Error::invalid(
            "bad_share",
            None,
            t!(
                "sync.bad_share",
                offset = r.seq_offset,
                stride = r.seq_stride
            ),
        ));
    }
    if initialized {
        let ctx = desk::unit_context(db).await?;
        if ctx.unit.code != unit.code {
            return Err(Error::invalid(
                "other_unit",
                Some("code"),
                t!("sync.other_unit", local = ctx.unit.code, portal = unit.code),
            ));
        }
    } else {
        desk::setup(
            db,
            &SetupInput {
                unit,
                desk_name: r.desk_name.clone(),
                clerk_name: input.clerk_name.clone().unwrap_or_default(),
                username: input.username.clone(),
                password: input.password.clone(),
                load_demo_catalogue: false,
            },
        )
        .await?;
    }
    // The credential first: if the desk stops between the two, enrolling again just works.
    let storage = credential::store(
        &credential::path_for(db_path),
        &Credential {
            portal_url: client.base().to_string(),
            desk_id: r.desk_id.clone(),
            token: r.token.clone(),
        },
        credential::keyring_wanted(),
    )?;
    let mut tx = crate::store::write_tx(db).await?;
    sqlx::query("UPDATE desk SET seq_offset = ?, seq_stride = ? WHERE id = (SELECT value FROM setting WHERE key = 'desk_id')")
        .bind(r.seq_offset)
        .bind(r.seq_stride)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "INSERT INTO sync_state (id, portal_url, portal_desk_id, pull_cursor, enrolled_at) VALUES (1, ?, ?, 0, ?)
         ON CONFLICT (id) DO UPDATE SET portal_url = excluded.portal_url, portal_desk_id = excluded.portal_desk_id,
           pull_cursor = 0, enrolled_at = excluded.enrolled_at, last_error = NULL, last_error_kind = NULL",
    )
    .bind(client.base())
    .bind(&r.desk_id)
    .bind(clock::to_db(Utc::now()))
    .execute(&mut *tx)
    .await?;
    let first: Option<(String, String)> = match by {
        Some(_) => None,
        None => {
            sqlx::query_as("SELECT id, username FROM clerk WHERE username = ?")
                .bind(input.username.trim().to_lowercase())
                .fetch_optional(&mut *tx)
                .await?
        }
    };
    let actor = match (by, &first) {
        (Some(s), _) => s.actor(),
        (None, Some((id, name))) => audit::Actor {
            clerk_id: Some(id),
            name,
        },
        (None, None) => return Err(Error::NotSignedIn),
    };
    audit::append(
        &mut tx,
        actor,
        "desk.enroll",
        &r.unit.code,
        serde_json::json!({ "portal": client.base(), "portal_desk_id": r.desk_id, "seq_offset": r.seq_offset, "seq_stride": r.seq_stride }),
        Utc::now(),
    )
    .await?;
    tx.commit().await?;
    Ok(Enrolled {
        portal_desk_id: r.desk_id,
        unit_code: r.unit.code,
        unit_name: r.unit.name,
        desk_name: r.desk_name,
        seq_offset: r.seq_offset,
        seq_stride: r.seq_stride,
        credential_storage: storage,
    })
}

fn sync_err(e: crate::error::sync::SyncError) -> Error {
    Error::Sync(e)
}

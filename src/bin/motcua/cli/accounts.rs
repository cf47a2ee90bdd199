//! `motcua account ...` and `motcua audit ...`.

use std::process::ExitCode;

use chrono::Utc;
use clap::Subcommand;
use rust_i18n::t;
use serde_json::json;

use super::Out;
use motcua::accounts::{self, NewAccount, Role, Session};
use motcua::store::Db;
use motcua::{Error, accounts::audit};

#[derive(Subcommand)]
pub enum AccountCmd {
    /// Create an account (administrator); its password comes from MOTCUA_NEW_PASSWORD or a prompt
    Add {
        #[arg(long)]
        username: String,
        #[arg(long)]
        full_name: String,
        /// clerk | supervisor | admin
        #[arg(long, default_value = "clerk")]
        role: String,
    },
    /// List the accounts (administrator)
    List,
    /// Set a password (new one from MOTCUA_NEW_PASSWORD or a prompt): your own (current password
    /// in MOTCUA_PASSWORD), another account's (administrator), or the first password of an account
    /// that has none (a desk set up before accounts existed: `motcua account passwd admin`)
    Passwd { username: String },
    /// Disable an account (administrator)
    Disable { username: String },
    /// Enable an account and clear its lockout (administrator)
    Enable { username: String },
    /// Set the idle time after which the app locks itself, 1-240 minutes (administrator)
    IdleLock { minutes: u32 },
}

#[derive(Subcommand)]
pub enum AuditCmd {
    /// Check the hash chain; names the first edited, deleted or inserted row (exit code 1)
    Verify,
    /// The latest entries, newest first
    List {
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
}

fn new_password() -> Result<String, Error> {
    super::password("MOTCUA_NEW_PASSWORD", &t!("accounts.prompt_new_password"))
}

pub async fn account(
    db: &Db,
    user: Option<&str>,
    c: &AccountCmd,
    out: &Out,
) -> Result<ExitCode, Error> {
    let now = Utc::now();
    if let AccountCmd::Passwd { username } = c {
        // The first password of an account without one needs no sign-in (see set_first_password).
        let target = accounts::find(db, username).await?;
        let has_password: bool =
            sqlx::query_scalar("SELECT password_hash IS NOT NULL FROM clerk WHERE id = ?")
                .bind(&target.clerk_id)
                .fetch_one(db)
                .await?;
        if !has_password {
            accounts::set_first_password(db, username, &new_password()?, now).await?;
        } else {
            let s = super::sign_in(db, user).await?;
            if s.clerk_id() == target.clerk_id {
                let old = super::password("MOTCUA_PASSWORD", "")?;
                accounts::change_own_password(db, &s, &old, &new_password()?, now).await?;
            } else {
                accounts::reset_password(db, &s, &target.clerk_id, &new_password()?, now).await?;
            }
        }
        out.print(&json!({ "username": target.username }), || {
            t!("accounts.password_set", username = target.username).to_string()
        })?;
        return Ok(ExitCode::SUCCESS);
    }
    let s = super::sign_in(db, user).await?;
    match c {
        AccountCmd::Add {
            username,
            full_name,
            role,
        } => {
            let role = Role::parse(role).ok_or_else(|| {
                Error::invalid(
                    "invalid_role",
                    Some("role"),
                    t!("accounts.invalid_role", value = role),
                )
            })?;
            let input = NewAccount {
                username: username.clone(),
                full_name: full_name.clone(),
                role,
                password: new_password()?,
            };
            let a = accounts::create(db, &s, &input, now).await?;
            out.print(&a, || {
                t!(
                    "accounts.created",
                    username = a.username,
                    role = a.role.label()
                )
                .to_string()
            })?;
        }
        AccountCmd::List => {
            let list = accounts::list(db, &s).await?;
            out.print(&list, || {
                list.iter()
                    .map(|a| {
                        let state = if !a.active {
                            t!("accounts.state_disabled").to_string()
                        } else if a.locked_until.is_some() {
                            t!("accounts.state_locked").to_string()
                        } else {
                            String::new()
                        };
                        format!(
                            "{}\t{}\t{}\t{}",
                            a.username,
                            a.role.label(),
                            a.full_name,
                            state
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })?;
        }
        AccountCmd::Disable { username } | AccountCmd::Enable { username } => {
            let active = matches!(c, AccountCmd::Enable { .. });
            let target = accounts::find(db, username).await?;
            accounts::set_active(db, &s, &target.clerk_id, active, now).await?;
            out.print(
                &json!({ "username": target.username, "active": active }),
                || {
                    if active {
                        t!("accounts.enabled", username = target.username).to_string()
                    } else {
                        t!("accounts.disabled", username = target.username).to_string()
                    }
                },
            )?;
        }
        AccountCmd::IdleLock { minutes } => {
            accounts::set_idle_lock_minutes(db, &s, *minutes, now).await?;
            out.print(&json!({ "idle_lock_minutes": minutes }), || {
                t!("accounts.idle_lock_set", minutes = minutes).to_string()
            })?;
        }
        AccountCmd::Passwd { .. } => {}
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn audit(db: &Db, s: &Session, c: &AuditCmd, out: &Out) -> Result<ExitCode, Error> {
    match c {
        AuditCmd::Verify => {
            let r = audit::verify(db, s).await?;
            out.print(&r, || r.message.clone())?;
            Ok(if r.ok {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        AuditCmd::List { limit } => {
            let rows = audit::list(db, s, *limit).await?;
            out.print(&rows, || {
                rows.iter()
                    .map(|e| {
                        format!(
                            "{}\t{}\t{}\t{}\t{}\t{}",
                            e.seq, e.at, e.actor, e.action, e.subject, e.detail
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

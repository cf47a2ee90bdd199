//! `motcua enroll` and `motcua sync`.

use std::path::Path;
use std::process::ExitCode;

use clap::Args;
use rust_i18n::t;

use super::Out;
use motcua::store::Db;
use motcua::{Error, dossier, sync};

#[derive(Args)]
pub struct EnrollArgs {
    /// The portal's address, e.g. http://127.0.0.1:8080
    #[arg(long)]
    portal: String,
    /// The one-time enrollment code from `motcua-portal desk add`
    #[arg(long)]
    code: String,
    /// This desk's name (default: the portal's)
    #[arg(long, default_value = "")]
    desk_name: String,
    /// The full name of the desk's first account, an administrator (needed on a fresh database;
    /// its sign-in name is --user / MOTCUA_USER, its password MOTCUA_PASSWORD)
    #[arg(long)]
    clerk_name: Option<String>,
}

/// On a desk already set up, an administrator signs in first; on a fresh database the first
/// account is created from --clerk-name, --user / MOTCUA_USER and MOTCUA_PASSWORD.
pub async fn enroll(
    db: &Db,
    db_path: &Path,
    user: Option<&str>,
    a: &EnrollArgs,
    out: &Out,
) -> Result<ExitCode, Error> {
    let initialized = motcua::reference::desk::is_initialized(db).await?;
    let session = if initialized {
        Some(super::sign_in(db, user).await?)
    } else {
        None
    };
    let (username, password) = if initialized {
        (String::new(), String::new())
    } else {
        (
            super::username(user).ok_or(Error::NotSignedIn)?,
            super::password("MOTCUA_PASSWORD", &t!("accounts.prompt_new_password"))?,
        )
    };
    let done = sync::enroll(
        db,
        db_path,
        session.as_ref(),
        &sync::EnrollInput {
            portal_url: a.portal.clone(),
            code: a.code.clone(),
            desk_name: a.desk_name.clone(),
            clerk_name: a.clerk_name.clone(),
            username,
            password,
        },
    )
    .await?;
    // The unit's catalogue and calendar arrive with the first pull.
    let report = sync::run_once(db, db_path).await?;
    let first = dossier::next_after(None, done.seq_offset, done.seq_stride);
    let second = dossier::next_after(Some(first), done.seq_offset, done.seq_stride);
    out.print(
        &serde_json::json!({ "enrolled": done, "sync": report }),
        || {
            let mut s = t!(
                "sync.enrolled",
                desk = done.desk_name,
                unit = done.unit_name,
                code = done.unit_code,
                first = first,
                second = second
            )
            .to_string();
            s.push('\n');
            s.push_str(&human(&report));
            s
        },
    )?;
    Ok(if report.error.is_some() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

#[derive(Args)]
pub struct SyncArgs {}

pub async fn run(
    db: &Db,
    s: &motcua::accounts::Session,
    db_path: &Path,
    _a: &SyncArgs,
    out: &Out,
) -> Result<ExitCode, Error> {
    let report = sync::sync_now(db, s, db_path).await?;
    out.print(&report, || human(&report))?;
    Ok(if report.error.is_some() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn human(r: &sync::SyncReport) -> String {
    let mut s = match &r.error {
        None => t!(
            "sync.done",
            pushed = r.pushed,
            pulled = r.pulled,
            pending = r.status.pending,
            problems = r.status.problems
        )
        .to_string(),
        Some(e) => t!("sync.failed", error = e, pending = r.status.pending).to_string(),
    };
    if let Some(w) = &r.status.clock_warning {
        s.push('\n');
        s.push_str(w);
    }
    s
}

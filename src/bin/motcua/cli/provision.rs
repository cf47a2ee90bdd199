//! `motcua provision [FILE]`: sets a desk up from a provisioning file (see `motcua::provision`).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;
use rust_i18n::t;

use super::Out;
use motcua::{Error, provision, store};

#[derive(Args)]
pub struct ProvisionArgs {
    /// The provisioning file (default: provision.json beside the executable, else
    /// /etc/motcua/provision.json)
    file: Option<PathBuf>,
}

/// A fresh desk is set up from the file alone; a desk already set up needs an administrator to
/// sign in (--user / MOTCUA_USER, MOTCUA_PASSWORD) and is enrolled with the file's code.
pub async fn run(
    db_path: &Path,
    user: Option<&str>,
    a: &ProvisionArgs,
    out: &Out,
) -> Result<ExitCode, Error> {
    let Some(source) = provision::find(a.file.as_deref()) else {
        let places = provision::candidates(a.file.as_deref())
            .iter()
            .map(|p| p.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        return Err(Error::not_found(
            "provision_file_missing",
            t!("provision.none", places = places),
        ));
    };
    let db = store::open(db_path).await?;
    let initialized = motcua::reference::desk::is_initialized(&db).await;
    let done = match initialized {
        Ok(true) => match super::sign_in(&db, user).await {
            Ok(s) => provision::provision_set_up(&db, db_path, &s, &source).await,
            Err(e) => Err(e),
        },
        Ok(false) => {
            db.close().await;
            provision::provision_fresh(db_path, &source).await
        }
        Err(e) => Err(e),
    };
    if !db.is_closed() {
        db.close().await;
    }
    let done = done.map_err(|e| {
        Error::invalid(
            e.code(),
            None,
            t!(
                "provision.refused",
                path = source.display().to_string(),
                message = e.to_string()
            ),
        )
    })?;
    out.print(&done, || {
        t!(
            "provision.done",
            desk = done.enrolled.desk_name,
            unit = done.enrolled.unit_name,
            unit_code = done.enrolled.unit_code
        )
        .to_string()
    })?;
    Ok(ExitCode::SUCCESS)
}

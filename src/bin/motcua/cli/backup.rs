//! `motcua backup -o FILE` and `motcua restore FILE` (src/store/backup.rs does the work).

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::{Args, Subcommand};
use rust_i18n::t;

use super::Out;
use motcua::accounts::Permission;
use motcua::store::{self, backup, key};
use motcua::{Error, Result};

#[derive(Subcommand)]
pub enum BackupCmd {
    /// Make a checked, encrypted copy of the desk database while it may be in use (key:
    /// MOTCUA_BACKUP_PASSPHRASE, else the database's own key)
    Backup(BackupArgs),
    /// Restore a backup into the --db database (verified first; refuses to replace newer data
    /// without --force). Close the desk app first.
    Restore(RestoreArgs),
}

#[derive(Args)]
pub struct BackupArgs {
    /// The backup file to write (must not exist)
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
}

#[derive(Args)]
pub struct RestoreArgs {
    /// The backup file
    file: PathBuf,
    /// Replace the database even when it holds changes newer than the backup
    #[arg(long)]
    force: bool,
    /// The backup was made with this database's key (default: MOTCUA_BACKUP_PASSPHRASE, else
    /// the key of the --db database)
    #[arg(long, value_name = "DB")]
    backup_key_of: Option<PathBuf>,
}

/// Both need an administrator (`Permission::Backup`), checked in the core. Backing up signs in on
/// the database itself. Restoring onto an existing desk signs in on that desk; restoring into a new
/// path needs no account there (there is none yet), and whoever has the backup's key can already
/// read everything in it.
pub async fn run(
    cmd: &BackupCmd,
    db_path: &Path,
    user: Option<&str>,
    out: &Out,
) -> Result<ExitCode, Error> {
    match cmd {
        BackupCmd::Backup(a) => {
            let db = store::open(db_path).await?;
            let signed_in = super::sign_in(&db, user)
                .await
                .and_then(|s| s.require(Permission::Backup));
            if let Err(e) = signed_in {
                db.close().await;
                return Err(e);
            }
            let report = backup::backup(&db, &a.output).await;
            db.close().await;
            let report = report?;
            out.print(&report, || {
                t!(
                    "store.backup_done",
                    dossiers = report.dossiers,
                    path = report.path.clone()
                )
                .to_string()
            })?;
        }
        BackupCmd::Restore(a) => {
            if db_path.exists() {
                let db = store::open(db_path).await?;
                let signed_in = match motcua::reference::desk::is_initialized(&db).await {
                    Ok(true) => super::sign_in(&db, user)
                        .await
                        .and_then(|s| s.require(Permission::Backup)),
                    Ok(false) => Ok(()),
                    Err(e) => Err(e),
                };
                db.close().await;
                signed_in?;
            }
            let backup_key = restore_key(db_path, a)?;
            let report = backup::restore(db_path, &a.file, &backup_key, a.force).await?;
            out.print(&report, || {
                t!(
                    "store.restore_done",
                    dossiers = report.dossiers,
                    backup = report.backup.clone(),
                    path = report.path.clone()
                )
                .to_string()
            })?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// The key the backup was made with.
fn restore_key(db_path: &Path, a: &RestoreArgs) -> Result<key::Key> {
    if let Some(k) = key::passphrase_from_env(backup::PASSPHRASE_VAR) {
        return Ok(k);
    }
    let of = a.backup_key_of.as_deref().unwrap_or(db_path);
    Ok(key::resolve(of, false)?.0)
}

//! Cài bản cập nhật: runs the platform's installer on the verified package.
//!
//! - Debian/Ubuntu: `apt-get install -y ./motcua-desk_….deb` (apt resolves the dependencies the
//!   new version may add). As root it runs directly: that is the fleet path, an administrator's
//!   unattended job (`motcua update apply` from cron, a systemd timer or the admin's own tool).
//!   Otherwise it goes through `pkexec`, which asks for an administrator's password.
//! - Windows: the NSIS installer with `/S` (silent; it asks for elevation itself). It replaces
//!   the running program, so it is started and left running: the caller exits right after.
//!
//! The package is verified again right before (a file left in the updates folder could have been
//! changed since it was downloaded).

use std::path::Path;
use std::process::Command;

use serde::Serialize;

use super::{Ready, UpdateError, key, package, ready};
use crate::Result;

/// What [`apply`] did.
#[derive(Debug, Clone, Serialize)]
pub struct Applied {
    pub version: String,
    pub package: String,
    /// The installer command line.
    pub command: Vec<String>,
    /// `true`: finished (Linux); `false`: started and still running (Windows).
    pub finished: bool,
}

/// The installer command for a verified package.
pub fn command_for(r: &Ready) -> Vec<String> {
    let pkg = r.path.clone();
    if r.release.platform == "windows-nsis" {
        return vec![pkg, "/S".into()];
    }
    let mut cmd = vec![
        "apt-get".to_string(),
        "install".into(),
        "-y".into(),
        "-o".into(),
        "DPkg::Lock::Timeout=300".into(),
        pkg,
    ];
    if !is_root() {
        cmd.insert(0, "pkexec".into());
    }
    cmd
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// Installs the package waiting in the updates folder of the database at `db_path`.
pub fn apply(db_path: &Path) -> Result<Applied> {
    let r = ready(db_path)?.ok_or(UpdateError::NothingReady)?;
    let file = Path::new(&r.path);
    package::verify_file(file, &r.release, &key::trusted_key()?)?;
    let cmd = command_for(&r);
    let mut c = Command::new(&cmd[0]);
    c.args(&cmd[1..]);
    let windows = r.release.platform == "windows-nsis";
    if windows {
        c.spawn()
            .map_err(|e| UpdateError::Install(format!("{}: {e}", cmd[0])))?;
    } else {
        c.env("DEBIAN_FRONTEND", "noninteractive");
        let out = c
            .output()
            .map_err(|e| UpdateError::Install(format!("{}: {e}", cmd[0])))?;
        if !out.status.success() {
            let err = String::from_utf8_lossy(&out.stderr);
            let tail: Vec<&str> = err.lines().rev().take(3).collect();
            return Err(UpdateError::Install(format!(
                "{} ({})",
                tail.into_iter().rev().collect::<Vec<_>>().join(" / "),
                out.status
            ))
            .into());
        }
        // Installed: the package and its note are no longer needed.
        let _ = std::fs::remove_file(file);
        let _ = std::fs::remove_file(super::dir(db_path).join("ready.json"));
    }
    Ok(Applied {
        version: r.release.version.clone(),
        package: r.path.clone(),
        command: cmd,
        finished: !windows,
    })
}

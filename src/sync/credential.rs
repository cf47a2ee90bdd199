//! Khóa truy cập của quầy: the credential the portal gave this desk at enrollment.
//!
//! Stored in a file beside the database that only the desk's OS user can read (mode 0600 on
//! Unix; on Windows the file inherits the user's profile ACL, since the data directory lives under
//! `%APPDATA%`). Never in the database, so a copied or backed-up database carries no credential.

use std::path::{Path, PathBuf};

use rust_i18n::t;
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Credential {
    pub portal_url: String,
    pub desk_id: String,
    pub token: String,
}

/// Where the credential of the database at `db_path` lives: `desk.sqlite` → `desk.sqlite.credential`.
pub fn path_for(db_path: &Path) -> PathBuf {
    let mut name = db_path.as_os_str().to_os_string();
    name.push(".credential");
    PathBuf::from(name)
}

/// Reads the credential; `None` when the desk was never enrolled.
pub fn load(path: &Path) -> Result<Option<Credential>> {
    match std::fs::read(path) {
        Ok(bytes) => serde_json::from_slice(&bytes).map(Some).map_err(|e| {
            Error::invalid(
                "bad_credential",
                None,
                t!(
                    "sync.bad_credential",
                    path = path.display().to_string(),
                    detail = e.to_string()
                ),
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e.into()),
    }
}

/// Writes the credential atomically (temp file, fsync, rename), readable by the owner only.
pub fn store(path: &Path, cred: &Credential) -> Result<()> {
    use std::io::Write;
    let text = serde_json::to_vec_pretty(cred)
        .map_err(|e| Error::invalid("internal", None, e.to_string()))?;
    let tmp = path.with_extension("credential.tmp");
    let _ = std::fs::remove_file(&tmp);
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(&tmp)?;
    f.write_all(&text)?;
    f.sync_all()?;
    drop(f);
    std::fs::rename(&tmp, path)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.sqlite");
        let p = path_for(&db);
        assert!(p.to_string_lossy().ends_with("desk.sqlite.credential"));
        assert_eq!(load(&p).unwrap(), None);
        let c = Credential {
            portal_url: "http://127.0.0.1:9".into(),
            desk_id: "d1".into(),
            token: "secret".into(),
        };
        store(&p, &c).unwrap();
        assert_eq!(load(&p).unwrap(), Some(c.clone()));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode, 0o600);
        }
        // Overwrite (re-enrollment) keeps it owner-only.
        store(
            &p,
            &Credential {
                token: "new".into(),
                ..c
            },
        )
        .unwrap();
        assert_eq!(load(&p).unwrap().unwrap().token, "new");
    }
}

//! Khóa truy cập của quầy: the credential the portal gave this desk at enrollment.
//!
//! The token goes to the OS keyring where there is one (Windows Credential Manager, macOS
//! Keychain, the Secret Service of a Linux desktop), under the service `motcua-desk` and the
//! database's path. Where there is none (a headless Linux box, CI), it goes to a file beside the
//! database that only the desk's OS user can read (mode 0600 on Unix). The file always exists
//! and says where the token is; it never holds the token when the keyring took it. Never in the
//! database, so a copied or backed-up database carries no credential.

use crate::store::secrets;
use std::path::{Path, PathBuf};

use rust_i18n::t;
use serde::{Deserialize, Serialize};

use crate::{Error, Result};

/// The keyring's service name.
pub const KEYRING_SERVICE: &str = "motcua-desk";

#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Credential {
    pub portal_url: String,
    pub desk_id: String,
    pub token: String,
}

/// What the file beside the database holds.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
struct CredentialFile {
    portal_url: String,
    desk_id: String,
    /// The token, when no keyring took it.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    token: String,
    /// The keyring account holding the token, when one did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    keyring_account: Option<String>,
}

/// Where the credential is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Storage {
    Keyring,
    File,
}

/// Where the credential of the database at `db_path` lives: `desk.sqlite` → `desk.sqlite.credential`.
pub fn path_for(db_path: &Path) -> PathBuf {
    let mut name = db_path.as_os_str().to_os_string();
    name.push(".credential");
    PathBuf::from(name)
}

fn bad(path: &Path, detail: impl std::fmt::Display) -> Error {
    Error::invalid(
        "bad_credential",
        None,
        t!(
            "sync.bad_credential",
            path = path.display().to_string(),
            detail = detail.to_string()
        ),
    )
}

/// Reads the credential; `None` when the desk was never enrolled.
pub fn load(path: &Path) -> Result<Option<Credential>> {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let f: CredentialFile = serde_json::from_slice(&bytes).map_err(|e| bad(path, e))?;
    let token = match &f.keyring_account {
        None => f.token,
        Some(account) => match secrets::keyring_read(KEYRING_SERVICE, account) {
            secrets::KeyringRead::Found(token) => token,
            secrets::KeyringRead::NoEntry => return Err(bad(path, "no keyring entry")),
            secrets::KeyringRead::Unavailable(e) => return Err(bad(path, e)),
        },
    };
    Ok(Some(Credential {
        portal_url: f.portal_url,
        desk_id: f.desk_id,
        token,
    }))
}

/// Stores the credential: the token in the OS keyring when `use_keyring` and one answers, else in
/// the file. Returns where it went.
pub fn store(path: &Path, cred: &Credential, use_keyring: bool) -> Result<Storage> {
    let account = path.display().to_string();
    let in_keyring = use_keyring && secrets::keyring_write(KEYRING_SERVICE, &account, &cred.token);
    let file = CredentialFile {
        portal_url: cred.portal_url.clone(),
        desk_id: cred.desk_id.clone(),
        token: if in_keyring {
            String::new()
        } else {
            cred.token.clone()
        },
        keyring_account: in_keyring.then_some(account),
    };
    let text = serde_json::to_vec_pretty(&file)
        .map_err(|e| Error::invalid("internal", None, e.to_string()))?;
    secrets::write_owner_only(path, &text)?;
    Ok(if in_keyring {
        Storage::Keyring
    } else {
        Storage::File
    })
}

/// Whether to try the OS keyring: yes, unless `MOTCUA_CREDENTIAL_STORE=file` says otherwise
/// (for machines whose keyring would prompt a person, and for tests).
pub fn keyring_wanted() -> bool {
    secrets::keyring_wanted("MOTCUA_CREDENTIAL_STORE")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_fallback_round_trip_and_owner_only() {
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
        assert_eq!(store(&p, &c, false).unwrap(), Storage::File);
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
            false,
        )
        .unwrap();
        assert_eq!(load(&p).unwrap().unwrap().token, "new");
    }

    #[test]
    fn a_keyring_entry_that_is_gone_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let p = path_for(&dir.path().join("desk.sqlite"));
        std::fs::write(
            &p,
            r#"{"portal_url":"http://127.0.0.1:9","desk_id":"d1","keyring_account":"/nowhere/desk.sqlite"}"#,
        )
        .unwrap();
        let e = load(&p).unwrap_err();
        assert_eq!(e.code(), "bad_credential");
    }

    #[test]
    fn where_there_is_no_keyring_the_file_holds_the_token() {
        // On this machine (no Secret Service on the session bus) the keyring is unavailable,
        // so even when asked for, the token lands in the owner-only file.
        if std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some() {
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let p = path_for(&dir.path().join("desk.sqlite"));
        let c = Credential {
            portal_url: "http://127.0.0.1:9".into(),
            desk_id: "d1".into(),
            token: "tok".into(),
        };
        assert_eq!(store(&p, &c, true).unwrap(), Storage::File);
        assert!(std::fs::read_to_string(&p).unwrap().contains("tok"));
        assert_eq!(load(&p).unwrap(), Some(c));
    }
}

//! Keyring-or-file: where the desk keeps its secrets (the database key, [`super::key`]; the sync
//! token, [`crate::sync::credential`]). The OS keyring (Windows Credential Manager, macOS
//! Keychain, the Secret Service of a Linux session) when one answers and the environment does not
//! say `file`; otherwise a file beside the database, readable by the owner only.

use std::path::{Path, PathBuf};

use crate::Result;

/// Whether to try the OS keyring: yes, unless the environment variable `var` is `file`.
pub fn keyring_wanted(var: &str) -> bool {
    std::env::var(var).map_or(true, |v| v != "file")
}

/// What the OS keyring answered for one entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyringRead {
    Found(String),
    /// The keyring answers but holds no such entry.
    NoEntry,
    /// No usable keyring service (or it failed): the reason.
    Unavailable(String),
}

/// Reads the secret of `account` under `service`.
pub fn keyring_read(service: &str, account: &str) -> KeyringRead {
    match keyring::Entry::new(service, account).and_then(|e| e.get_password()) {
        Ok(secret) => KeyringRead::Found(secret),
        Err(keyring::Error::NoEntry) => KeyringRead::NoEntry,
        Err(e) => KeyringRead::Unavailable(e.to_string()),
    }
}

/// Stores `secret` for `account` under `service`; whether the keyring took it.
pub fn keyring_write(service: &str, account: &str, secret: &str) -> bool {
    keyring::Entry::new(service, account)
        .and_then(|e| e.set_password(secret))
        .is_ok()
}

/// Writes `bytes` to `path` atomically (a temp file beside it, fsync, rename), readable by the
/// owner only (mode 0600 on Unix): the file half of keyring-or-file, for the database key file
/// and the sync credential file alike.
pub fn write_owner_only(path: &Path, bytes: &[u8]) -> Result<()> {
    use std::io::Write;
    super::create_parent(path)?;
    let mut tmp_name = path.as_os_str().to_os_string();
    tmp_name.push(".tmp");
    let tmp = PathBuf::from(tmp_name);
    let _ = std::fs::remove_file(&tmp);
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(&tmp)?;
    f.write_all(bytes)?;
    f.sync_all()?;
    drop(f);
    std::fs::rename(&tmp, path)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_environment_turns_the_keyring_off() {
        // A variable no one sets: the keyring is wanted.
        assert!(keyring_wanted("MOTCUA_SECRETS_TEST_UNSET_VARIABLE"));
    }

    #[cfg(unix)]
    #[test]
    fn written_owner_only_and_replaced_whole() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().expect("dir");
        let p = dir.path().join("sub").join("secret");
        write_owner_only(&p, b"one").expect("write");
        write_owner_only(&p, b"two").expect("rewrite");
        assert_eq!(std::fs::read(&p).expect("read"), b"two");
        let mode = std::fs::metadata(&p).expect("meta").permissions().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert!(!p.with_file_name("secret.tmp").exists());
    }
}

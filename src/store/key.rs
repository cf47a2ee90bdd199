//! Khóa mã hóa cơ sở dữ liệu: where the key of the encrypted desk database (SQLCipher) comes from.
//!
//! In this order:
//! 1. `MOTCUA_DB_PASSPHRASE` (not empty): a passphrase chosen by the unit's admin (mật khẩu quản
//!    trị). SQLCipher derives the key from it (PBKDF2-HMAC-SHA512, 256 000 rounds), so every
//!    connection costs a fraction of a second to open. This is the only source that protects the
//!    database on a stolen laptop whose OS account is also compromised, as long as the
//!    passphrase is not written down on the machine.
//! 2. The OS keyring (Windows Credential Manager, macOS Keychain, the Secret Service of a Linux
//!    desktop), service [`KEYRING_SERVICE`], account = the database's absolute path, holding a
//!    random 32-byte key (64 hex digits) used as a raw key `x'…'` (no key derivation). The
//!    keyring is unlocked by the OS sign-in, so this protects a copied database file or a disk
//!    taken out of a machine whose OS account has a password.
//! 3. Where there is no keyring service (a headless Linux box, CI), or `MOTCUA_KEY_STORE=file`
//!    says so: the same random key in the file `<db path>.key` beside the database, readable by
//!    the OS user only (mode 0600 on Unix). Said plainly: this protects copies of the database
//!    (a backup sent somewhere, a file copied off the machine without its key file), NOT a stolen
//!    disk or laptop, which carries the key file with it.
//!
//! Losing the key means losing the database: keep `MOTCUA_BACKUP_PASSPHRASE` backups
//! (src/store/backup.rs) somewhere else.
//!
//! A new key is only ever made for a database that does not exist yet (or a plaintext one being
//! converted): an existing encrypted database whose key cannot be found is an error, never a
//! fresh key.

use super::secrets;
use std::path::{Path, PathBuf};

use rust_i18n::t;

use crate::{Error, Result};

/// The keyring's service name for database keys (the sync credential uses `motcua-desk`).
pub const KEYRING_SERVICE: &str = "motcua-desk-db";

/// The environment variable holding an admin passphrase for the database.
pub const PASSPHRASE_VAR: &str = "MOTCUA_DB_PASSPHRASE";

/// A database key. `Debug` never shows it.
#[derive(Clone, PartialEq, Eq)]
pub enum Key {
    /// A passphrase; SQLCipher derives the key from it.
    Passphrase(String),
    /// A random 256-bit key used as it is.
    Raw([u8; 32]),
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Key::Passphrase(_) => f.write_str("Key::Passphrase(<hidden>)"),
            Key::Raw(_) => f.write_str("Key::Raw(<hidden>)"),
        }
    }
}

impl Key {
    /// A fresh random raw key from the OS's random source.
    pub fn random() -> Result<Key> {
        let mut k = [0u8; 32];
        getrandom::fill(&mut k).map_err(|e| {
            Error::invalid(
                "internal",
                None,
                t!("error.internal", detail = e.to_string()),
            )
        })?;
        Ok(Key::Raw(k))
    }

    /// The text SQLCipher takes as a key (`ATTACH … KEY ?`, bound as a parameter): the passphrase
    /// itself, or `x'<64 hex digits>'` for a raw key.
    pub fn sqlcipher_text(&self) -> String {
        match self {
            Key::Passphrase(p) => p.clone(),
            Key::Raw(k) => format!("x'{}'", to_hex(k)),
        }
    }

    /// The key as an SQL string literal, for `PRAGMA key = …` (which takes no bound parameter;
    /// sqlx writes pragma values into the statement as they are).
    pub fn pragma_literal(&self) -> String {
        format!("'{}'", self.sqlcipher_text().replace('\'', "''"))
    }
}

/// Where a key came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Source {
    Passphrase,
    Keyring,
    File,
}

/// The key file of the database at `db_path`: `desk.sqlite` → `desk.sqlite.key`.
pub fn file_path(db_path: &Path) -> PathBuf {
    let mut name = db_path.as_os_str().to_os_string();
    name.push(".key");
    PathBuf::from(name)
}

/// A non-empty environment variable, as a passphrase.
pub fn passphrase_from_env(var: &str) -> Option<Key> {
    match std::env::var(var) {
        Ok(p) if !p.is_empty() => Some(Key::Passphrase(p)),
        _ => None,
    }
}

/// Whether to try the OS keyring for database keys: yes, unless `MOTCUA_KEY_STORE=file` says
/// otherwise (machines whose keyring would prompt a person, and tests, which should not leave
/// keyring entries).
pub fn keyring_wanted() -> bool {
    secrets::keyring_wanted("MOTCUA_KEY_STORE")
}

/// The key of the database at `db_path` (see the module comment for the order). `create`: the
/// database does not exist yet (or is a plaintext one about to be encrypted), so a new random
/// key may be made and stored when none is found; otherwise a missing key is the error
/// `db_key_missing`.
pub fn resolve(db_path: &Path, create: bool) -> Result<(Key, Source)> {
    resolve_with(
        db_path,
        create,
        passphrase_from_env(PASSPHRASE_VAR),
        keyring_wanted(),
    )
}

/// [`resolve`] with the environment's answers given.
fn resolve_with(
    db_path: &Path,
    create: bool,
    passphrase: Option<Key>,
    use_keyring: bool,
) -> Result<(Key, Source)> {
    if let Some(k) = passphrase {
        return Ok((k, Source::Passphrase));
    }
    let key_file = file_path(db_path);
    if use_keyring {
        let account = account_for(db_path);
        match secrets::keyring_read(KEYRING_SERVICE, &account) {
            secrets::KeyringRead::Found(hex) => {
                let k = parse_raw(&hex).ok_or_else(|| {
                    bad_key(&format!("{KEYRING_SERVICE}/{account}"), "not 64 hex digits")
                })?;
                return Ok((k, Source::Keyring));
            }
            // The keyring answers but holds no key for this database: a key file made while
            // the keyring was off still counts; else a new key goes to the keyring.
            secrets::KeyringRead::NoEntry => {
                if !key_file.exists() && create {
                    let k = Key::random()?;
                    if let Key::Raw(raw) = &k
                        && secrets::keyring_write(KEYRING_SERVICE, &account, &to_hex(raw))
                    {
                        return Ok((k, Source::Keyring));
                    }
                }
            }
            // No usable keyring service: the file.
            secrets::KeyringRead::Unavailable(_) => {}
        }
    }
    match std::fs::read_to_string(&key_file) {
        Ok(text) => {
            let k = parse_raw(&text)
                .ok_or_else(|| bad_key(&key_file.display().to_string(), "not 64 hex digits"))?;
            Ok((k, Source::File))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && create => {
            let k = Key::random()?;
            if let Key::Raw(raw) = &k {
                secrets::write_owner_only(&key_file, format!("{}\n", to_hex(raw)).as_bytes())?;
            }
            Ok((k, Source::File))
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(Error::invalid(
            "db_key_missing",
            None,
            t!(
                "store.key_missing",
                path = db_path.display().to_string(),
                var = PASSPHRASE_VAR
            ),
        )),
        Err(e) => Err(e.into()),
    }
}

/// The keyring account of a database: its absolute path.
fn account_for(db_path: &Path) -> String {
    std::path::absolute(db_path)
        .unwrap_or_else(|_| db_path.to_path_buf())
        .display()
        .to_string()
}

fn bad_key(place: &str, detail: &str) -> Error {
    Error::invalid(
        "bad_db_key",
        None,
        t!("store.bad_key", place = place, detail = detail),
    )
}

fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02X}")).collect()
}

fn parse_raw(text: &str) -> Option<Key> {
    let t = text.trim();
    if t.len() != 64 || !t.is_ascii() {
        return None;
    }
    let mut k = [0u8; 32];
    for (i, chunk) in t.as_bytes().chunks(2).enumerate() {
        let s = std::str::from_utf8(chunk).ok()?;
        k[i] = u8::from_str_radix(s, 16).ok()?;
    }
    Some(Key::Raw(k))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_keys_round_trip_and_quote() {
        let Key::Raw(raw) = Key::random().unwrap() else {
            panic!("random gives a raw key")
        };
        let hex = to_hex(&raw);
        assert_eq!(parse_raw(&format!("{hex}\n")), Some(Key::Raw(raw)));
        assert_eq!(parse_raw("abc"), None);
        assert_eq!(parse_raw(&"zz".repeat(32)), None);
        let text = Key::Raw(raw).sqlcipher_text();
        assert_eq!(text.len(), 67);
        assert!(text.starts_with("x'") && text.ends_with('\''));
        assert_eq!(Key::Raw(raw).pragma_literal(), format!("'x''{hex}'''"));
        assert_eq!(Key::Passphrase("it's".into()).pragma_literal(), "'it''s'");
        assert!(!format!("{:?}", Key::Passphrase("secret".into())).contains("secret"));
    }

    #[test]
    fn the_key_file_is_owner_only_and_made_only_when_allowed() {
        // The file store only (no keyring entries left behind).
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.sqlite");
        let e = resolve_with(&db, false, None, false).unwrap_err();
        assert_eq!(e.code(), "db_key_missing");
        let (k, src) = resolve_with(&db, true, None, false).unwrap();
        assert_eq!(src, Source::File);
        assert_eq!(resolve_with(&db, false, None, false).unwrap().0, k);
        // A passphrase wins over the file.
        let p = Key::Passphrase("mật khẩu".into());
        let (k2, src2) = resolve_with(&db, false, Some(p.clone()), false).unwrap();
        assert_eq!((k2, src2), (p, Source::Passphrase));
        // A damaged key file is a clear error, not a new key.
        std::fs::write(file_path(&db), "not a key").unwrap();
        assert_eq!(
            resolve_with(&db, true, None, false).unwrap_err().code(),
            "bad_db_key"
        );
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(file_path(&db))
                .unwrap()
                .permissions()
                .mode()
                & 0o777;
            assert_eq!(mode, 0o600);
        }
    }
}

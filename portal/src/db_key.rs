//! Khoá mã hoá cơ sở dữ liệu của cổng: the SQLite default encrypted at rest with SQLCipher
//! (issue 14, point 13), in builds with the `sqlcipher` feature (off by default: it links
//! OpenSSL's libcrypto). The key comes from a file readable by the portal's user only
//! (`--db-key-file` / `MOTCUA_PORTAL_DB_KEY_FILE`): 64 hex digits are a raw 256-bit key, anything
//! else (at least 16 characters, one line) a passphrase. `PRAGMA key` is the first statement on
//! every pooled connection that touches the file ([`crate::db::open_with_key`]); SQLCipher being
//! linked is checked (`PRAGMA cipher_version`), so a build where the pragma would silently do
//! nothing refuses to start instead of writing a plaintext file.
//!
//! A wrong key, or no key for an encrypted file, is the typed error `db_key` (not SQLite's
//! "file is not a database"). PostgreSQL is encrypted at rest by its disk or tablespace and in
//! transit by TLS (SECURITY.md), never by this key.

use std::path::Path;

use crate::error::{Error, Result};

/// Shortest passphrase accepted.
const MIN_PASSPHRASE: usize = 16;

/// The key as `PRAGMA key`'s value (a quoted literal; never logged, never shown).
#[derive(Clone)]
pub struct DbKey(String);

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbKey(…)")
    }
}

fn key_error(message: impl Into<String>) -> Error {
    Error::invalid("db_key", message)
}

impl DbKey {
    /// Reads the key file: it must exist, be readable by its owner only (no group or other
    /// bits, as for an SSH key) and hold a key.
    pub fn from_file(path: &Path) -> Result<DbKey> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            key_error(format!(
                "Không đọc được tệp khoá cơ sở dữ liệu {}: {e}",
                path.display()
            ))
        })?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(path)?.permissions().mode();
            if mode & 0o077 != 0 {
                return Err(key_error(format!(
                    "Tệp khoá {} mở cho người khác đọc (quyền {:o}); hãy đặt chmod 600.",
                    path.display(),
                    mode & 0o777
                )));
            }
        }
        Self::parse(&text)
    }

    /// The key from the file's text: 64 hex digits (raw key) or a passphrase.
    pub fn parse(text: &str) -> Result<DbKey> {
        let t = text.trim_end_matches(['\n', '\r']);
        if t.len() == 64 && t.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(DbKey(format!("\"x'{}'\"", t.to_ascii_lowercase())));
        }
        if t.chars().count() < MIN_PASSPHRASE || t.contains(['\n', '\r', '\0']) {
            return Err(key_error(format!(
                "Tệp khoá phải chứa 64 chữ số hex (khoá 256 bit) hoặc một cụm mật khẩu một dòng từ {MIN_PASSPHRASE} ký tự."
            )));
        }
        Ok(DbKey(format!("'{}'", t.replace('\'', "''"))))
    }

    /// `PRAGMA key = …` for this key.
    pub(crate) fn pragma(&self) -> String {
        format!("PRAGMA key = {}", self.0)
    }
}

/// Whether this build can encrypt the SQLite database.
pub const SUPPORTED: bool = cfg!(feature = "sqlcipher");

/// The error of a build without the `sqlcipher` feature given a key.
pub fn unsupported() -> Error {
    key_error(
        "Bản cổng này không có SQLCipher: không mã hoá được cơ sở dữ liệu. Hãy build với `--features sqlcipher`.",
    )
}

/// The error of a key given for PostgreSQL.
pub fn not_for_postgres() -> Error {
    key_error(
        "Khoá tệp chỉ dành cho cơ sở dữ liệu SQLite; PostgreSQL được mã hoá bằng ổ đĩa/tablespace và TLS.",
    )
}

/// SQLCipher's "file is not a database" (SQLITE_NOTADB) on opening the portal's SQLite file:
/// a wrong key, no key for an encrypted file, a key for a plaintext one, or not a database at all.
pub fn is_wrong_key(e: &sqlx::Error) -> bool {
    match e {
        sqlx::Error::Database(d) => {
            d.code().as_deref() == Some("26") || d.message().contains("file is not a database")
        }
        _ => false,
    }
}

/// The typed error for [`is_wrong_key`].
pub fn wrong_key(path: &str, keyed: bool) -> Error {
    key_error(if keyed {
        format!(
            "Không mở được cơ sở dữ liệu {path}: sai khoá (--db-key-file), tệp chưa được mã hoá, hoặc không phải cơ sở dữ liệu của cổng."
        )
    } else {
        format!(
            "Không mở được cơ sở dữ liệu {path}: tệp đã được mã hoá (cần --db-key-file / MOTCUA_PORTAL_DB_KEY_FILE) hoặc không phải cơ sở dữ liệu SQLite."
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_file_text() {
        let hex = "ab".repeat(32);
        assert_eq!(
            DbKey::parse(&format!("{hex}\n")).unwrap().pragma(),
            format!("PRAGMA key = \"x'{hex}'\"")
        );
        assert_eq!(
            DbKey::parse("it's a long passphrase\n").unwrap().pragma(),
            "PRAGMA key = 'it''s a long passphrase'"
        );
        for bad in ["", "short", "two\nlines of a passphrase"] {
            let e = DbKey::parse(bad).unwrap_err();
            assert_eq!(e.code(), "db_key", "{bad:?}");
        }
        assert_eq!(format!("{:?}", DbKey::parse(&hex).unwrap()), "DbKey(…)");
    }

    /// A build without the feature refuses a key rather than write a plaintext file.
    #[cfg(not(feature = "sqlcipher"))]
    #[tokio::test]
    async fn without_the_feature_a_key_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.db");
        let key = DbKey::parse(&"ab".repeat(32)).unwrap();
        let e = crate::db::open_with_key(&path.display().to_string(), Some(&key))
            .await
            .err()
            .expect("refused");
        assert_eq!(e.code(), "db_key");
        assert!(!path.exists());
    }

    #[cfg(unix)]
    #[test]
    fn key_file_must_be_private() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let f = dir.path().join("key");
        std::fs::write(&f, "cd".repeat(32)).unwrap();
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert_eq!(DbKey::from_file(&f).unwrap_err().code(), "db_key");
        std::fs::set_permissions(&f, std::fs::Permissions::from_mode(0o600)).unwrap();
        assert!(DbKey::from_file(&f).is_ok());
        assert_eq!(
            DbKey::from_file(&dir.path().join("missing"))
                .unwrap_err()
                .code(),
            "db_key"
        );
    }
}

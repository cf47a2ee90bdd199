//! The desk database: SQLite through sqlx, WAL, foreign keys on, migrations embedded and applied
//! when the database is opened. Encrypted at rest with SQLCipher (libsqlite3-sys's bundled
//! SQLCipher under sqlx): every connection starts with `PRAGMA key`; where the key comes from is
//! in [`key`]. A plaintext database made before encryption is converted when first opened.

pub mod audit_anchor;
pub mod backup;
pub mod integrity;
pub mod key;
pub mod output_path;
pub mod secrets;
pub mod upgrade;

use std::path::{Path, PathBuf};

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{Connection, SqlitePool};

use crate::{Error, Result};
pub use key::Key;

/// The desk's database handle.
pub type Db = SqlitePool;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// Where the database lives when neither `--db` nor `MOTCUA_DB` says otherwise:
/// the OS data directory (`~/.local/share/motcua-desk/desk.sqlite` on Linux,
/// `%APPDATA%\motcua-desk\desk.sqlite` on Windows).
pub fn default_path() -> PathBuf {
    dirs::data_dir()
        .unwrap_or_else(|| PathBuf::from("."))
        .join("motcua-desk")
        .join("desk.sqlite")
}

/// `explicit` (the CLI's `--db`), else `MOTCUA_DB`, else [`default_path`].
pub fn resolve_path(explicit: Option<&Path>) -> PathBuf {
    if let Some(p) = explicit {
        return p.to_path_buf();
    }
    match std::env::var_os("MOTCUA_DB") {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => default_path(),
    }
}

/// Starts a write transaction with `BEGIN IMMEDIATE`: the write lock is taken at once, waiting
/// (busy timeout) for another writer to finish. A deferred `BEGIN` that reads first and writes
/// later fails at once with SQLITE_BUSY when another connection (the background sync, a second
/// process) committed in between, which would show the clerk an error for nothing.
pub async fn write_tx(db: &Db) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>> {
    Ok(db.begin_with("BEGIN IMMEDIATE").await?)
}

/// Opens (creating when missing) the database at `path` and applies pending migrations, keyed
/// from [`key::resolve`]. A plaintext database (made before encryption) is encrypted first.
pub async fn open(path: &Path) -> Result<Db> {
    let create = !has_data(path) || is_plaintext(path)?;
    let (key, _) = key::resolve(path, create)?;
    match open_with_key(path, &key).await {
        Ok(db) => Ok(db),
        // A damaged file looks like a wrong key to SQLCipher: tell them apart.
        Err(e) => Err(integrity::diagnose_open(path, &key, e).await),
    }
}

/// The page cache of each pooled connection, in KiB (decrypted pages).
const CACHE_KIB: u32 = 64 * 1024;

/// [`open`] with a given key.
pub async fn open_with_key(path: &Path, key: &Key) -> Result<Db> {
    crypto_init();
    create_parent(path)?;
    remove_plaintext_leftover(path)?;
    if is_plaintext(path)? {
        encrypt_plaintext(path, key).await?;
    }
    let options = connect_options(path, key)
        .create_if_missing(true)
        .journal_mode(SqliteJournalMode::Wal)
        .synchronous(SqliteSynchronous::Full)
        .foreign_keys(true)
        // SQLCipher decrypts and checks (HMAC) a page each time it leaves SQLite's own page
        // cache; at the default 2 MiB cache a register search re-decrypted the same index pages
        // over and over (p95 15 → 132 ms at 1M dossiers, BENCHMARKS.md). The cache only grows
        // as pages are read, so a small desk database costs no more memory than before.
        .pragma("cache_size", format!("-{}", CACHE_KIB))
        .busy_timeout(std::time::Duration::from_secs(10));
    let pool = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(options)
        .await
        .map_err(|e| key_error(path, e))?;
    // A newer program backs the database up before migrating it (src/store/upgrade.rs).
    crate::store::upgrade::before_migrations(&pool, path, key).await?;
    MIGRATOR.run(&pool).await?;
    crate::store::upgrade::record(&pool).await?;
    Ok(pool)
}

/// Connection options for the database at `path` keyed with `key` (`PRAGMA key` is the first
/// statement sqlx runs on each connection, before any other pragma). Statement logging is off:
/// that first statement holds the key in its text, and sqlx would log it as a slow statement
/// (a passphrase's key derivation can take over a second on a busy machine) to whatever logger
/// the app installs.
pub(crate) fn connect_options(path: &Path, key: &Key) -> SqliteConnectOptions {
    use sqlx::ConnectOptions;
    crypto_init();
    SqliteConnectOptions::new()
        .filename(path)
        .pragma("key", key.pragma_literal())
        .disable_statement_logging()
}

/// One connection to an existing database, keyed (for checking and copying files).
pub(crate) async fn connect_one(
    path: &Path,
    key: &Key,
    read_only: bool,
) -> Result<SqliteConnection> {
    let options = connect_options(path, key)
        .read_only(read_only)
        // SQLITE_OPEN_CREATE also lets an ATTACH on this connection create its file; callers
        // only open files that exist.
        .create_if_missing(!read_only)
        .busy_timeout(std::time::Duration::from_secs(10));
    let mut conn = SqliteConnection::connect_with(&options)
        .await
        .map_err(|e| key_error(path, e))?;
    // Opening alone reads nothing: the first read is where a wrong key shows.
    sqlx::query("SELECT count(*) FROM sqlite_master")
        .execute(&mut conn)
        .await
        .map_err(|e| key_error(path, e))?;
    Ok(conn)
}

/// SQLITE_NOTADB ("file is not a database"): what SQLCipher says when the key is wrong.
fn key_error(path: &Path, e: sqlx::Error) -> Error {
    match &e {
        sqlx::Error::Database(d) if d.code().as_deref() == Some("26") => Error::WrongKey {
            path: path.display().to_string(),
        },
        _ => Error::Database(e),
    }
}

/// Tells OpenSSL (SQLCipher's cryptography) not to free its global state in an exit handler.
/// sqlx closes a dropped pool's connections on their own threads, which may still be running
/// when the process exits; OpenSSL's `atexit` clean-up then raced them and a CLI run crashed
/// after finishing its work ("double free or corruption", about 1 run in 50 under load; the
/// core showed `OPENSSL_cleanup` beside `sqlite3_close`). The OS frees the memory at exit anyway.
/// Must run before OpenSSL's first use, hence here, on the way to every keyed connection.
/// Not on macOS, where SQLCipher uses CommonCrypto unless OPENSSL_DIR was given at build time.
fn crypto_init() {
    #[cfg(not(target_os = "macos"))]
    {
        static ONCE: std::sync::Once = std::sync::Once::new();
        ONCE.call_once(|| {
            unsafe extern "C" {
                fn OPENSSL_init_crypto(
                    opts: u64,
                    settings: *const std::ffi::c_void,
                ) -> std::ffi::c_int;
            }
            /// `OPENSSL_INIT_NO_ATEXIT` (openssl/crypto.h, OpenSSL 1.1.1b and later).
            const NO_ATEXIT: u64 = 0x0008_0000;
            // SAFETY: a documented OpenSSL entry point called with valid arguments (no
            // settings), once, before any other OpenSSL use by this process.
            unsafe {
                OPENSSL_init_crypto(NO_ATEXIT, std::ptr::null());
            }
        });
    }
}

/// A sibling file of the database: `desk.sqlite` + `-wal` → `desk.sqlite-wal`.
pub(crate) fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_os_string();
    name.push(suffix);
    PathBuf::from(name)
}

fn has_data(path: &Path) -> bool {
    std::fs::metadata(path).is_ok_and(|m| m.len() > 0)
}

/// Whether the file at `path` is a plaintext SQLite database (its first 16 bytes are the SQLite
/// header; an SQLCipher file starts with its random salt).
pub fn is_plaintext(path: &Path) -> Result<bool> {
    use std::io::Read;
    let mut f = match std::fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(false),
        Err(e) => return Err(e.into()),
    };
    let mut head = [0u8; 16];
    match f.read_exact(&mut head) {
        Ok(()) => Ok(&head == b"SQLite format 3\0"),
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Encrypts a plaintext database in place: `sqlcipher_export` into `<db>.encrypting`, checked,
/// then renamed over the database. The plaintext file is kept as a hard link
/// (`<db>.plaintext-old`) until the rename is done, then overwritten with zeros and deleted, as
/// are its `-wal` and `-shm`; a crash in between leaves either the plaintext database (converted
/// again next time) or the encrypted one plus the leftover, which the next open wipes. Zeroing
/// is best effort: an SSD or a copy-on-write file system may still keep old blocks.
async fn encrypt_plaintext(path: &Path, key: &Key) -> Result<()> {
    let tmp = sibling(path, ".encrypting");
    for p in [&tmp, &sibling(&tmp, "-journal")] {
        remove_if_exists(p)?;
    }
    {
        // `create_if_missing`: so that the ATTACH may create the new file.
        let plain = SqliteConnectOptions::new()
            .filename(path)
            .create_if_missing(true)
            .busy_timeout(std::time::Duration::from_secs(10));
        let mut conn = SqliteConnection::connect_with(&plain).await?;
        sqlx::query("ATTACH DATABASE ? AS encrypted KEY ?")
            .bind(tmp.display().to_string())
            .bind(key.sqlcipher_text())
            .execute(&mut conn)
            .await?;
        sqlx::query("SELECT sqlcipher_export('encrypted')")
            .execute(&mut conn)
            .await?;
        sqlx::query("DETACH DATABASE encrypted")
            .execute(&mut conn)
            .await?;
        // Closing the last connection checkpoints the plaintext WAL into the plaintext file.
        conn.close().await?;
    }
    {
        let mut conn = connect_one(&tmp, key, false).await?;
        let ok: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&mut conn)
            .await?;
        conn.close().await?;
        if ok != "ok" {
            return Err(Error::invalid(
                "internal",
                None,
                rust_i18n::t!("error.internal", detail = ok),
            ));
        }
    }
    std::fs::File::open(&tmp)?.sync_all()?;
    let old = sibling(path, ".plaintext-old");
    remove_if_exists(&old)?;
    std::fs::hard_link(path, &old)?;
    for suffix in ["-wal", "-shm"] {
        remove_if_exists(&sibling(path, suffix))?;
    }
    std::fs::rename(&tmp, path)?;
    sync_dir(path);
    remove_plaintext_leftover(path)
}

/// Wipes and deletes `<db>.plaintext-old` left by [`encrypt_plaintext`].
fn remove_plaintext_leftover(path: &Path) -> Result<()> {
    let old = sibling(path, ".plaintext-old");
    if let Ok(meta) = std::fs::metadata(&old) {
        use std::io::Write;
        let mut f = std::fs::OpenOptions::new().write(true).open(&old)?;
        let zeros = vec![0u8; 1 << 16];
        let mut left = meta.len();
        while left > 0 {
            let n = left.min(zeros.len() as u64) as usize;
            f.write_all(&zeros[..n])?;
            left -= n as u64;
        }
        f.sync_all()?;
        drop(f);
        std::fs::remove_file(&old)?;
        sync_dir(path);
    }
    Ok(())
}

/// Creates the folder `path` goes in, when it has one.
pub(crate) fn create_parent(path: &Path) -> Result<()> {
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
    {
        std::fs::create_dir_all(dir)?;
    }
    Ok(())
}

pub(crate) fn remove_if_exists(p: &Path) -> Result<()> {
    match std::fs::remove_file(p) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e.into()),
    }
}

/// Makes a rename in the folder of `path` durable (Unix; a no-op elsewhere).
pub(crate) fn sync_dir(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
}

/// Reads a `setting` value.
pub async fn setting(db: &Db, key: &str) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar("SELECT value FROM setting WHERE key = ?")
            .bind(key)
            .fetch_optional(db)
            .await?,
    )
}

/// Writes a `setting` value.
pub async fn set_setting(db: &Db, key: &str, value: &str) -> Result<()> {
    sqlx::query("INSERT INTO setting (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value")
        .bind(key)
        .bind(value)
        .execute(db)
        .await?;
    Ok(())
}

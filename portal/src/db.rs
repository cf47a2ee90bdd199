//! Kho dữ liệu của cổng: one storage layer over SQLite (default) and PostgreSQL, through sqlx's
//! `Any` driver with SQL both accept (`$1` placeholders, `ON CONFLICT`, `RETURNING`). Each backend
//! has its own migration folder. The few places where the two differ are here:
//! - write transactions: SQLite `BEGIN IMMEDIATE` behind an in-process gate (no busy-upgrade
//!   deadlocks, no busy-wait between the server's own tasks); PostgreSQL plain `BEGIN`;
//! - feed ordering: on PostgreSQL a sequence value can commit after a larger one, so a desk could
//!   skip it; every transaction that inserts into `feed` first takes one advisory lock, which makes
//!   feed rows commit in cursor order. SQLite writers are serialised anyway.

use std::path::Path;
use std::str::FromStr;
use std::sync::Arc;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::{Any, AnyPool, Transaction};
use tokio::sync::{Mutex, OwnedMutexGuard};

use crate::db_key::{self, DbKey};
use crate::error::Result;

/// What a keyed connection reports when the linked SQLite is not SQLCipher.
const NO_SQLCIPHER: &str = "SQLCipher is not linked";

static SQLITE_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/sqlite");
static POSTGRES_MIGRATIONS: sqlx::migrate::Migrator = sqlx::migrate!("./migrations/postgres");

/// Key of the advisory lock that orders feed inserts on PostgreSQL.
const FEED_LOCK_KEY: i64 = 0x6d6f_7463_7561; // "motcua"

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

#[derive(Clone)]
pub struct Db {
    pub pool: AnyPool,
    pub backend: Backend,
    gate: Option<Arc<Mutex<()>>>,
}

/// A write transaction (and, on SQLite, the in-process gate it holds until it ends).
pub struct WriteTx {
    pub tx: Transaction<'static, Any>,
    _gate: Option<OwnedMutexGuard<()>>,
}

impl WriteTx {
    pub async fn commit(self) -> Result<()> {
        self.tx.commit().await?;
        Ok(())
    }

    pub async fn rollback(self) -> Result<()> {
        self.tx.rollback().await?;
        Ok(())
    }
}

/// Normalises what `--db` accepts: `postgres://…` / `postgresql://…`, `sqlite://PATH`,
/// `sqlite:PATH` or a bare file path (SQLite, created on first use).
pub fn normalize_url(url: &str) -> (Backend, String) {
    let url = url.trim();
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        return (Backend::Postgres, url.to_string());
    }
    let path = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
        .unwrap_or(url);
    let (path, query) = match path.split_once('?') {
        Some((p, q)) => (p, Some(q)),
        None => (path, None),
    };
    let mut out = format!("sqlite://{path}");
    match query {
        Some(q) if q.contains("mode=") => out.push_str(&format!("?{q}")),
        Some(q) => out.push_str(&format!("?{q}&mode=rwc")),
        None => out.push_str("?mode=rwc"),
    }
    (Backend::Sqlite, out)
}

/// Opens (and creates, for SQLite) the portal database and brings its schema up to date.
pub async fn open(url: &str) -> Result<Db> {
    open_with_key(url, None).await
}

/// [`open`], the SQLite file encrypted with `key` (SQLCipher, the `sqlcipher` feature;
/// src/db_key.rs): `PRAGMA key` is the first statement on every pooled connection that reads the
/// file. A wrong or missing key is the typed error `db_key`.
pub async fn open_with_key(url: &str, key: Option<&DbKey>) -> Result<Db> {
    sqlx::any::install_default_drivers();
    let (backend, url) = normalize_url(url);
    if key.is_some() {
        if backend == Backend::Postgres {
            return Err(db_key::not_for_postgres());
        }
        if !db_key::SUPPORTED {
            return Err(db_key::unsupported());
        }
    }
    if backend == Backend::Sqlite {
        let path = url
            .trim_start_matches("sqlite://")
            .split('?')
            .next()
            .unwrap_or_default();
        if let Some(dir) = Path::new(path).parent()
            && !dir.as_os_str().is_empty()
            && !dir.exists()
        {
            std::fs::create_dir_all(dir)?;
        }
        if !path.is_empty() && !path.starts_with(':') && !url.contains("mode=memory") {
            crate::db_file::make_private(Path::new(path), url.contains("mode=rwc"))?;
        }
    }
    let mut options = AnyConnectOptions::from_str(&url)?;
    let max = match backend {
        Backend::Sqlite => 4,
        Backend::Postgres => 10,
    };
    let mut pool_options = AnyPoolOptions::new().max_connections(max);
    if let Some(key) = key {
        // The first statement holds the key in its text: never logged.
        options = sqlx::ConnectOptions::disable_statement_logging(options);
        let pragma = key.pragma();
        pool_options = pool_options.after_connect(move |conn, _| {
            let pragma = pragma.clone();
            Box::pin(async move {
                sqlx::query(&pragma).execute(&mut *conn).await?;
                Ok(())
            })
        });
    }
    let file = url
        .trim_start_matches("sqlite://")
        .split('?')
        .next()
        .unwrap_or_default()
        .to_string();
    let keyed = key.is_some();
    let opened = async {
        let pool = pool_options.connect_with(options).await?;
        if keyed {
            // Without SQLCipher the key pragma does nothing and the file would be plaintext.
            let cipher: Option<String> = sqlx::query_scalar("PRAGMA cipher_version")
                .fetch_optional(&pool)
                .await?;
            if cipher.is_none_or(|v| v.is_empty()) {
                return Err(sqlx::Error::Configuration(NO_SQLCIPHER.into()));
            }
            // Opening reads nothing: the first read is where a wrong key shows.
            sqlx::query("SELECT count(*) FROM sqlite_master")
                .execute(&pool)
                .await?;
        }
        if backend == Backend::Sqlite {
            // WAL is a property of the file: set once, kept by every later connection.
            sqlx::query("PRAGMA journal_mode = WAL")
                .execute(&pool)
                .await?;
        }
        Ok::<_, sqlx::Error>(pool)
    };
    let pool = match opened.await {
        Ok(p) => p,
        Err(e) if backend == Backend::Sqlite && db_key::is_wrong_key(&e) => {
            return Err(db_key::wrong_key(&file, keyed));
        }
        Err(sqlx::Error::Configuration(m)) if m.to_string() == NO_SQLCIPHER => {
            return Err(db_key::unsupported());
        }
        Err(e) => return Err(e.into()),
    };
    match backend {
        Backend::Sqlite => SQLITE_MIGRATIONS.run(&pool).await?,
        Backend::Postgres => POSTGRES_MIGRATIONS.run(&pool).await?,
    }
    let gate = (backend == Backend::Sqlite).then(|| Arc::new(Mutex::new(())));
    Ok(Db {
        pool,
        backend,
        gate,
    })
}

impl Db {
    /// Begins a transaction that will write.
    pub async fn begin_write(&self) -> Result<WriteTx> {
        let guard = match &self.gate {
            Some(g) => Some(g.clone().lock_owned().await),
            None => None,
        };
        let tx = match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await?,
            Backend::Postgres => self.pool.begin().await?,
        };
        Ok(WriteTx { tx, _gate: guard })
    }

    /// Begins a transaction that will insert into `feed` (see the module documentation).
    pub async fn begin_feed_write(&self) -> Result<WriteTx> {
        let mut w = self.begin_write().await?;
        if self.backend == Backend::Postgres {
            // The function returns `void`, which the Any driver cannot decode: select a constant.
            sqlx::query("SELECT 1 FROM pg_advisory_xact_lock($1)")
                .bind(FEED_LOCK_KEY)
                .execute(&mut *w.tx)
                .await?;
        }
        Ok(w)
    }

    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Portal time, RFC 3339 UTC with seconds (the same text form as the desk's database).
pub fn now() -> String {
    motcua_protocol::instant::to_db(chrono::Utc::now())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(
            normalize_url("/tmp/p.db"),
            (Backend::Sqlite, "sqlite:///tmp/p.db?mode=rwc".to_string())
        );
        assert_eq!(
            normalize_url("sqlite://x.db"),
            (Backend::Sqlite, "sqlite://x.db?mode=rwc".to_string())
        );
        assert_eq!(normalize_url("postgres://u:p@h/db").0, Backend::Postgres);
    }
}

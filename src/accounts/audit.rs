//! Nhật ký kiểm tra: an append-only, hash-chained log of who did what. Each row's `hash` is
//! SHA-256 over the canonical text of the row and the hash of the row before it, so an edited,
//! deleted or inserted row breaks the chain at that row; [`verify`] walks it and names the first
//! bad row. SQLite triggers also refuse UPDATE and DELETE on the table (migration 0007); the chain
//! still catches changes made by someone who dropped them.
//!
//! Rows are appended inside the transaction of the change they record ([`append`]), so there is
//! no change without its entry and no entry without its change. Details never hold a whole ID
//! number or phone: [`append`] masks them ([`crate::mask::text`]).

use chrono::{DateTime, Utc};
use rust_i18n::t;
use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};
use sqlx::{Sqlite, Transaction};
use ts_rs::TS;

use crate::accounts::{Permission, Session};
use crate::store::Db;
use crate::store::audit_anchor::Standing;
use crate::{Result, clock, mask};

/// The `prev_hash` of the first row.
pub use crate::store::audit_anchor::GENESIS;

/// Who an entry is attributed to: a signed-in clerk, the portal (back-office changes applied by
/// sync) or a sign-in name that matched no account.
#[derive(Debug, Clone, Copy)]
pub struct Actor<'a> {
    pub clerk_id: Option<&'a str>,
    pub name: &'a str,
}

/// Back-office changes applied by sync.
pub const PORTAL: Actor<'static> = Actor {
    clerk_id: None,
    name: "portal",
};

impl Session {
    pub fn actor(&self) -> Actor<'_> {
        Actor {
            clerk_id: Some(self.clerk_id()),
            name: self.username(),
        }
    }
}

/// One row of the log.
#[derive(Debug, Clone, Serialize, TS, sqlx::FromRow, PartialEq)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct AuditEntry {
    #[ts(type = "number")]
    pub seq: i64,
    /// RFC 3339, UTC.
    pub at: String,
    pub clerk_id: Option<String>,
    pub actor: String,
    pub action: String,
    pub subject: String,
    /// JSON text; ID numbers and phones masked.
    pub detail: String,
    pub prev_hash: String,
    pub hash: String,
}

/// What is wrong with the first bad row.
#[derive(Debug, Clone, Copy, Serialize, TS, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub enum Breach {
    /// The row's content no longer matches its hash.
    Edited,
    /// The row with this number is missing.
    Deleted,
    /// The row does not follow the row before it (put in, or the one before was replaced).
    Inserted,
    /// Rows recorded in the anchor kept outside the database are gone: the database was put back
    /// to an earlier state (a truncated `-wal`, an older copy of the file). `seq`..=`to_seq` are
    /// missing.
    #[serde(rename = "rolled_back")]
    RolledBack,
    /// The database file itself is damaged (its integrity check failed).
    Damaged,
}

#[derive(Debug, Clone, Serialize, TS, PartialEq)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct AuditProblem {
    #[ts(type = "number")]
    pub seq: i64,
    pub kind: Breach,
    pub message: String,
    /// For a rollback: the last missing row (`seq` is the first).
    #[ts(type = "number | null")]
    pub to_seq: Option<i64>,
}

/// The result of [`verify`].
#[derive(Debug, Clone, Serialize, TS, PartialEq)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct AuditVerify {
    pub ok: bool,
    /// Rows checked (up to the first bad one).
    #[ts(type = "number")]
    pub rows: i64,
    /// The hash of the last row checked: note it down to detect later truncation.
    pub head: String,
    pub problem: Option<AuditProblem>,
    pub message: String,
    /// The anchor kept outside the database (src/store/audit_anchor.rs): `reached`, `missing` (none
    /// yet), `unreadable`, `rolled_back`, `diverged`, or `not_checked` (the chain broke first).
    pub anchor: String,
    /// The database's integrity check (SQLCipher page HMACs and SQLite's own) failed.
    pub damaged: bool,
    /// The anchor the portal acknowledged at the last push (`<db>.audit-ack`): `reached`,
    /// `missing` (never acknowledged), `rolled_back`, `diverged`, or `not_checked`.
    pub portal_anchor: String,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// SHA-256 of the canonical text of a row: the JSON array
/// `[seq, at, clerk_id, actor, action, subject, detail]`, a newline, and `prev_hash`.
#[allow(clippy::too_many_arguments)]
pub fn row_hash(
    seq: i64,
    at: &str,
    clerk_id: Option<&str>,
    actor: &str,
    action: &str,
    subject: &str,
    detail: &str,
    prev_hash: &str,
) -> String {
    let canonical =
        serde_json::json!([seq, at, clerk_id, actor, action, subject, detail]).to_string();
    let mut h = Sha256::new();
    h.update(canonical.as_bytes());
    h.update(b"\n");
    h.update(prev_hash.as_bytes());
    hex(&h.finalize())
}

/// Appends an entry inside `tx` (the transaction of the change it records).
pub async fn append(
    tx: &mut Transaction<'_, Sqlite>,
    actor: Actor<'_>,
    action: &str,
    subject: &str,
    detail: Value,
    now: DateTime<Utc>,
) -> Result<i64> {
    let last: Option<(i64, String)> =
        sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
            .fetch_optional(&mut **tx)
            .await?;
    let (seq, prev) = match last {
        Some((s, h)) => (s + 1, h),
        None => (1, GENESIS.to_string()),
    };
    let at = clock::to_db(now);
    let detail = mask::text(&detail.to_string());
    let anchor_db = main_file(tx).await?;
    let subject = mask::text(subject);
    let name = mask::text(actor.name);
    let hash = row_hash(
        seq,
        &at,
        actor.clerk_id,
        &name,
        action,
        &subject,
        &detail,
        &prev,
    );
    sqlx::query("INSERT INTO audit_log (seq, at, clerk_id, actor, action, subject, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .bind(seq)
        .bind(&at)
        .bind(actor.clerk_id)
        .bind(&name)
        .bind(action)
        .bind(&subject)
        .bind(&detail)
        .bind(&prev)
        .bind(&hash)
        .execute(&mut **tx)
        .await?;
    // Compared while this transaction holds the write lock, moved after it commits: see
    // src/store/audit_anchor.rs. A failure to write it must not stop the clerk's work: it is said on
    // stderr, and the next commit writes it again.
    if let Some(path) = anchor_db {
        crate::store::audit_anchor::watch_commits(&mut **tx).await?;
        if let Err(e) = crate::store::audit_anchor::advance(&path, seq, &prev) {
            eprintln!(
                "motcua: mốc nhật ký không ghi được: {}",
                mask::text(&e.to_string())
            );
        }
    }
    Ok(seq)
}

/// The file of the connection's main database (`None` for an in-memory one).
async fn main_file(tx: &mut Transaction<'_, Sqlite>) -> Result<Option<std::path::PathBuf>> {
    let file: Option<String> =
        sqlx::query_scalar("SELECT file FROM pragma_database_list WHERE name = 'main'")
            .fetch_optional(&mut **tx)
            .await?;
    Ok(file.filter(|f| !f.is_empty()).map(std::path::PathBuf::from))
}

/// Appends an entry in a transaction of its own (for actions that change nothing else: a view, an
/// export, a print).
pub async fn record(
    db: &Db,
    actor: Actor<'_>,
    action: &str,
    subject: &str,
    detail: Value,
    now: DateTime<Utc>,
) -> Result<()> {
    let mut tx = crate::store::write_tx(db).await?;
    append(&mut tx, actor, action, subject, detail, now).await?;
    tx.commit().await?;
    Ok(())
}

/// The latest `limit` entries, newest first (admin).
pub async fn list(db: &Db, by: &Session, limit: u32) -> Result<Vec<AuditEntry>> {
    by.require(Permission::VerifyAudit)?;
    Ok(sqlx::query_as::<_, AuditEntry>(
        "SELECT seq, at, clerk_id, actor, action, subject, detail, prev_hash, hash FROM audit_log ORDER BY seq DESC LIMIT ?",
    )
    .bind(i64::from(limit.clamp(1, 100_000)))
    .fetch_all(db)
    .await?)
}

/// Walks the chain (admin); see [`check_chain`].
pub async fn verify(db: &Db, by: &Session) -> Result<AuditVerify> {
    by.require(Permission::VerifyAudit)?;
    // A damaged file first: nothing read from it can be trusted, and writing to it makes it worse.
    let damage = match crate::store::integrity::check(db).await? {
        Some(d) => Some(d),
        None => match check_chain(db).await {
            Ok(report) => {
                record(
                    db,
                    by.actor(),
                    "audit.verify",
                    "",
                    serde_json::json!({ "ok": report.ok, "rows": report.rows, "problem": report.problem.as_ref().map(|p| p.seq) }),
                    Utc::now(),
                )
                .await?;
                return Ok(report);
            }
            Err(e) => Some(e.to_string()),
        },
    };
    Ok(damaged(db, damage.unwrap_or_default()).await)
}

/// The report of a damaged database, naming the newest backup that verifies.
async fn damaged(db: &Db, detail: String) -> AuditVerify {
    let db_path = crate::store::backup::db_path(db);
    let backup = match crate::store::integrity::last_good_backup(&db_path).await {
        Ok(Some(b)) => t!("audit.last_backup", path = b.path, date = b.date).to_string(),
        _ => t!("audit.no_backup").to_string(),
    };
    let message = t!("audit.damaged", detail = detail, backup = backup).to_string();
    AuditVerify {
        ok: false,
        rows: 0,
        head: String::new(),
        problem: Some(AuditProblem {
            seq: 0,
            kind: Breach::Damaged,
            message: message.clone(),
            to_seq: None,
        }),
        message,
        anchor: "not_checked".into(),
        damaged: true,
        portal_anchor: "not_checked".into(),
    }
}

/// The report of a chain broken at `seq`, after `checked` good rows ending in `head`.
fn broken(checked: i64, head: String, seq: i64, kind: Breach) -> AuditVerify {
    let message = match kind {
        Breach::Edited => t!("audit.edited", seq = seq),
        Breach::Deleted => t!("audit.deleted", seq = seq),
        Breach::Inserted => t!("audit.inserted", seq = seq),
        Breach::RolledBack | Breach::Damaged => t!("audit.deleted", seq = seq),
    }
    .to_string();
    AuditVerify {
        ok: false,
        rows: checked,
        head,
        problem: Some(AuditProblem {
            seq,
            kind,
            message: message.clone(),
            to_seq: None,
        }),
        message,
        anchor: "not_checked".into(),
        damaged: false,
        portal_anchor: "not_checked".into(),
    }
}

/// Walks the chain from the first row and reports the first bad one: a missing number
/// (`deleted`), a row whose content does not match its hash (`edited`), a row whose `prev_hash`
/// is not the hash of the row before (`inserted`).
pub async fn check_chain(db: &Db) -> Result<AuditVerify> {
    let rows = sqlx::query_as::<_, AuditEntry>(
        "SELECT seq, at, clerk_id, actor, action, subject, detail, prev_hash, hash FROM audit_log ORDER BY seq",
    )
    .fetch_all(db)
    .await?;
    let mut prev = GENESIS.to_string();
    let mut checked = 0i64;
    for (expected, r) in (1i64..).zip(rows.iter()) {
        let problem = if r.seq != expected {
            Some((expected, Breach::Deleted))
        } else if row_hash(
            r.seq,
            &r.at,
            r.clerk_id.as_deref(),
            &r.actor,
            &r.action,
            &r.subject,
            &r.detail,
            &r.prev_hash,
        ) != r.hash
        {
            Some((r.seq, Breach::Edited))
        } else if r.prev_hash != prev {
            Some((r.seq, Breach::Inserted))
        } else {
            None
        };
        if let Some((seq, kind)) = problem {
            return Ok(broken(checked, prev, seq, kind));
        }
        prev = r.hash.clone();
        checked += 1;
    }
    // Rows cut off the end leave no gap inside the chain; SQLite's record of the highest seq
    // it ever issued (AUTOINCREMENT) shows them.
    let issued: Option<i64> =
        sqlx::query_scalar("SELECT seq FROM sqlite_sequence WHERE name = 'audit_log'")
            .fetch_optional(db)
            .await?;
    if issued.is_some_and(|n| n > checked) {
        return Ok(broken(checked, prev, checked + 1, Breach::Deleted));
    }
    let db_path = crate::store::backup::db_path(db);
    let hash_at = |s: i64| {
        usize::try_from(s - 1)
            .ok()
            .and_then(|i| rows.get(i))
            .map(|r| r.hash.clone())
    };
    // Against the key store's anchor, then against the portal's acknowledged one: the first
    // that the chain does not reach is reported.
    let anchor = match crate::store::audit_anchor::load(&db_path) {
        crate::store::audit_anchor::Loaded::Missing => "missing",
        crate::store::audit_anchor::Loaded::Unreadable => "unreadable",
        crate::store::audit_anchor::Loaded::Found(a) => {
            match crate::store::audit_anchor::check(&a, checked, hash_at) {
                Standing::Reached => "reached",
                standing => return Ok(against(checked, prev, standing, a.seq, Witness::KeyStore)),
            }
        }
    };
    let portal_anchor = match crate::store::audit_anchor::load_acknowledged(&db_path) {
        None => "missing",
        Some(ack) => {
            let a = crate::store::audit_anchor::from_acknowledged(&ack);
            match crate::store::audit_anchor::check(&a, checked, hash_at) {
                Standing::Reached => "reached",
                standing => {
                    let mut r = against(checked, prev, standing, a.seq, Witness::Portal);
                    r.anchor = anchor.into();
                    return Ok(r);
                }
            }
        }
    };
    Ok(AuditVerify {
        ok: true,
        rows: checked,
        message: t!("audit.intact", rows = checked, head = prev.clone()).to_string(),
        head: prev,
        problem: None,
        anchor: anchor.into(),
        damaged: false,
        portal_anchor: portal_anchor.into(),
    })
}

/// Which anchor showed a rollback.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Witness {
    /// `<db>.audit-anchor`, beside the key.
    KeyStore,
    /// The portal's acknowledgement (`<db>.audit-ack`).
    Portal,
}

/// The report of a chain that does not reach an anchor (at `anchor_seq`).
fn against(
    checked: i64,
    head: String,
    standing: Standing,
    anchor_seq: i64,
    witness: Witness,
) -> AuditVerify {
    let (from, to, state) = match standing {
        Standing::RolledBack { from, to } => (from, to, "rolled_back"),
        Standing::Diverged { seq } => (seq, anchor_seq, "diverged"),
        Standing::Reached => (anchor_seq, anchor_seq, "reached"),
    };
    let mut r = rolled_back(checked, head, from, to, state, witness);
    if witness == Witness::Portal {
        r.portal_anchor = state.into();
    }
    r
}

/// The report of a database put back to an earlier state: rows `from..=to` are missing.
fn rolled_back(
    checked: i64,
    head: String,
    from: i64,
    to: i64,
    anchor: &str,
    witness: Witness,
) -> AuditVerify {
    let count = to - from + 1;
    let message = match witness {
        Witness::KeyStore => t!("audit.rolled_back", from = from, to = to, count = count),
        Witness::Portal => t!(
            "audit.rolled_back_portal",
            from = from,
            to = to,
            count = count
        ),
    }
    .to_string();
    AuditVerify {
        ok: false,
        rows: checked,
        head,
        problem: Some(AuditProblem {
            seq: from,
            kind: Breach::RolledBack,
            message: message.clone(),
            to_seq: Some(to),
        }),
        message,
        anchor: anchor.into(),
        damaged: false,
        portal_anchor: "not_checked".into(),
    }
}

/// The database's integrity and, when damaged, the newest backup that verifies, for an
/// administrator ([`Permission::Backup`]).
pub async fn integrity_status(
    db: &crate::store::Db,
    by: &Session,
) -> Result<crate::store::integrity::IntegrityStatus> {
    by.require(Permission::Backup)?;
    crate::store::integrity::status(db).await
}

//! Mốc nhật ký ngoài cơ sở dữ liệu: the audit chain's last (seq, hash), kept outside the database
//! file so that putting the database back to an earlier state (a truncated `-wal` after a crash,
//! an older copy of `desk.sqlite` put in place) is seen by `audit verify` as a rollback, with the
//! rows that are missing.
//!
//! The anchor is a small file `<db>.audit-anchor` beside the database and its key file (the key
//! store's folder), readable by the OS user only. [`crate::accounts::audit::append`] rewrites it inside the
//! transaction of each entry (write lock held, so writers of several processes are in order): it
//! holds the entry being written (`seq`, `hash`) and the hash of the row before it (`prev`).
//!
//! When it moves, said plainly (issue 14, point 5):
//! - only after a commit: a WAL hook on each connection that appends entries
//!   ([`watch_commits`], called by [`crate::accounts::audit::append`]) reads the chain's last row once the
//!   transaction is committed and moves the anchor to it ([`confirm`]). So the anchor names only
//!   entries that were committed, and losing even the single last committed transaction (a
//!   `-wal` cut back by one commit, a copy of the file taken just before it) is reported;
//! - before the commit, under the write lock, [`advance`] only compares: when the database has
//!   lost entries the anchor knew about, the anchor is marked ([`Anchor::broken_at`]) and kept as
//!   the evidence, since the entry being written starts a new history at those numbers;
//! - no fsync: one write of a fixed-size record in place (BENCHMARKS.md, "Audit anchor"). A
//!   process crash (SIGKILL) keeps it; a power cut may lose its last updates or leave it
//!   unreadable, which only makes the check weaker (an older anchor, or none), never a false
//!   alarm; a crash between a commit and its hook does the same;
//! - whoever can write the database's folder can also rewrite this file: it detects accidents and
//!   clumsy rollbacks, not an attacker who edits both. The portal is the second witness: each push
//!   carries the chain's head, the portal keeps the highest one per desk and returns it in its
//!   acknowledgement, which the desk keeps in `<db>.audit-ack` ([`store_acknowledged`]); a lost
//!   or rolled-back anchor file is caught against it, and a desk that lost both learns the
//!   portal's at its next sync;
//! - a restore from a backup is a rollback on purpose: it removes the anchor ([`forget`]), and the
//!   next commit sets it again. Without an anchor (a desk from before this check) there is nothing
//!   to compare and the check says so.

use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};

use serde::{Deserialize, Serialize};

use crate::Result;

/// The `prev_hash` of the audit chain's first row.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// The anchor's file: `desk.sqlite` → `desk.sqlite.audit-anchor`.
pub fn file_path(db_path: &Path) -> PathBuf {
    crate::store::sibling(db_path, ".audit-anchor")
}

/// The portal's acknowledged anchor: `desk.sqlite` → `desk.sqlite.audit-ack`.
pub fn acknowledged_path(db_path: &Path) -> PathBuf {
    crate::store::sibling(db_path, ".audit-ack")
}

/// What the anchor holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    /// The last entry known to be in the database (committed, when [`Anchor::committed`]).
    pub seq: i64,
    pub hash: String,
    /// The hash of the entry before it.
    pub prev: String,
    /// Written after the commit ([`confirm`]). An anchor written by an earlier version (before
    /// its transaction committed) is `false`: a chain that stops just before it is accepted.
    #[serde(default)]
    pub committed: bool,
    /// Set when an entry was written on a chain that had lost rows the anchor knew about: the
    /// first seq of that new history. The anchor then stays as it was (it is the evidence) until
    /// an admin clears it ([`forget`]) or a restore does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub broken_at: Option<i64>,
}

static ENABLED: AtomicBool = AtomicBool::new(true);

/// Turns the anchor off (`false`) or on for this process: only for measuring what it costs
/// (examples/bench_anchor.rs). On by default.
pub fn set_enabled(on: bool) {
    ENABLED.store(on, Ordering::Relaxed);
}

fn enabled() -> bool {
    ENABLED.load(Ordering::Relaxed)
}

/// Called by [`crate::accounts::audit::append`] for the entry `seq` (after `prev`), inside its transaction
/// (write lock held, so the database's head is `seq - 1`): when the anchor shows that rows it
/// knew about are gone, marks it [`Anchor::broken_at`] and keeps it, so that the next
/// `audit verify` (which itself signs in and writes entries) still reports the rollback.
/// Otherwise writes nothing: the anchor moves after the commit ([`confirm`]).
pub fn advance(db_path: &Path, seq: i64, prev: &str) -> Result<()> {
    if !enabled() {
        return Ok(());
    }
    let Loaded::Found(a) = load(db_path) else {
        return Ok(());
    };
    if a.broken_at.is_some() {
        return Ok(());
    }
    let lost = if a.committed {
        // A committed entry at or after this number is not in the database, or the entry just
        // before this one is another.
        a.seq >= seq || (a.seq == seq - 1 && a.hash != prev)
    } else {
        // Written before its commit: an entry with this number that did not commit is no loss.
        (a.seq > seq || (a.seq == seq && a.prev != prev)) || (a.seq == seq - 1 && a.hash != prev)
    };
    if lost {
        let from = if a.committed { seq } else { seq.min(a.seq) };
        store(
            db_path,
            &Anchor {
                broken_at: Some(from),
                ..a
            },
        )?;
    }
    Ok(())
}

/// The highest seq this process has confirmed per database, so that commits that add no entry
/// cost no file access.
static CONFIRMED: Mutex<Option<HashMap<PathBuf, i64>>> = Mutex::new(None);

fn confirmed_here(db_path: &Path) -> Option<i64> {
    CONFIRMED
        .lock()
        .ok()
        .and_then(|m| m.as_ref().and_then(|m| m.get(db_path).copied()))
}

fn remember_confirmed(db_path: &Path, seq: i64) {
    if let Ok(mut m) = CONFIRMED.lock() {
        m.get_or_insert_with(HashMap::new)
            .insert(db_path.to_path_buf(), seq);
    }
}

/// Moves the anchor to the committed entry `seq` (hash `hash`, after `prev`), read from the
/// database after a commit. Never backwards, never over a mark of a rollback: a hook that runs
/// late (another process committed and confirmed meanwhile) leaves the newer anchor alone.
pub fn confirm(db_path: &Path, seq: i64, hash: &str, prev: &str) -> Result<()> {
    if !enabled() || confirmed_here(db_path).is_some_and(|s| s >= seq) {
        return Ok(());
    }
    if let Loaded::Found(a) = load(db_path)
        && (a.broken_at.is_some() || a.seq > seq || (a.seq == seq && a.committed))
    {
        remember_confirmed(db_path, a.seq.min(seq));
        return Ok(());
    }
    store(
        db_path,
        &Anchor {
            seq,
            hash: hash.to_string(),
            prev: prev.to_string(),
            committed: true,
            broken_at: None,
        },
    )?;
    remember_confirmed(db_path, seq);
    Ok(())
}

/// Size of the record in an anchor file: the JSON, padded with blanks.
const RECORD: usize = 512;

/// Writes `value` as JSON to `path`, owner-only. An existing record is overwritten in place
/// with one write of the same size: replacing it by a rename made ext4 write the new file out
/// first (its `auto_da_alloc`), about 1 ms per intake on the project's machine (BENCHMARKS.md).
/// A new file, or a record of another size, goes through a new temporary file of this process
/// and a rename.
fn write_private(path: &Path, value: &impl Serialize) -> Result<()> {
    static N: AtomicU64 = AtomicU64::new(0);
    let mut text = serde_json::to_string(value)
        .map_err(|e| crate::Error::invalid("internal", None, e.to_string()))?;
    if text.len() < RECORD {
        text.push_str(&" ".repeat(RECORD - text.len()));
    }
    if text.len() == RECORD
        && let Ok(mut f) = std::fs::OpenOptions::new().write(true).open(path)
        && f.metadata().is_ok_and(|m| m.len() == RECORD as u64)
    {
        f.write_all(text.as_bytes())?;
        return Ok(());
    }
    let tmp = crate::store::sibling(
        path,
        &format!(
            ".{}-{}.tmp",
            std::process::id(),
            N.fetch_add(1, Ordering::Relaxed)
        ),
    );
    let _ = std::fs::remove_file(&tmp);
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(&tmp)?;
    f.write_all(text.as_bytes())?;
    drop(f);
    if let Err(e) = std::fs::rename(&tmp, path) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e.into());
    }
    Ok(())
}

/// Writes the anchor of the database at `db_path`.
pub fn store(db_path: &Path, anchor: &Anchor) -> Result<()> {
    write_private(&file_path(db_path), anchor)
}

/// What reading the anchor found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Loaded {
    Missing,
    Unreadable,
    Found(Anchor),
}

/// Reads the anchor of the database at `db_path`.
pub fn load(db_path: &Path) -> Loaded {
    match std::fs::read_to_string(file_path(db_path)) {
        Ok(text) => serde_json::from_str(&text).map_or(Loaded::Unreadable, Loaded::Found),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Loaded::Missing,
        Err(_) => Loaded::Unreadable,
    }
}

/// Removes the anchor (after a restore, which puts older data back on purpose) and the portal's
/// acknowledged one kept beside it.
pub fn forget(db_path: &Path) -> Result<()> {
    // (The hook knows the file by its absolute name: forget them all, it only costs a re-read.)
    if let Ok(mut m) = CONFIRMED.lock() {
        *m = None;
    }
    crate::store::remove_if_exists(&acknowledged_path(db_path))?;
    crate::store::remove_if_exists(&file_path(db_path))
}

/// Keeps the anchor the portal acknowledged (its highest for this desk).
pub fn store_acknowledged(db_path: &Path, ack: &motcua_protocol::AuditAnchor) -> Result<()> {
    if let Some(old) = load_acknowledged(db_path)
        && old == *ack
    {
        return Ok(());
    }
    write_private(&acknowledged_path(db_path), ack)
}

/// The anchor the portal last acknowledged, if any (an unreadable file counts as none).
pub fn load_acknowledged(db_path: &Path) -> Option<motcua_protocol::AuditAnchor> {
    let text = std::fs::read_to_string(acknowledged_path(db_path)).ok()?;
    serde_json::from_str(&text).ok()
}

/// The portal's acknowledged anchor as an [`Anchor`] to [`check`] against: committed by
/// definition (the desk sent it from its database).
pub fn from_acknowledged(ack: &motcua_protocol::AuditAnchor) -> Anchor {
    Anchor {
        seq: ack.seq,
        hash: ack.hash.clone(),
        prev: String::new(),
        committed: true,
        broken_at: None,
    }
}

/// How the database's chain stands against the anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// The chain reaches the anchor (or, for an anchor of an earlier version written before its
    /// commit, stops just before it).
    Reached,
    /// Entries `from..=to` were in the database and are gone.
    RolledBack { from: i64, to: i64 },
    /// The chain has the anchor's number but another row there: a different history.
    Diverged { seq: i64 },
}

/// Compares the chain (its rows' hashes by seq through `hash_at`, and its last seq `head`) with
/// `anchor`.
pub fn check(anchor: &Anchor, head: i64, hash_at: impl Fn(i64) -> Option<String>) -> Standing {
    if let Some(from) = anchor.broken_at {
        return Standing::RolledBack {
            from,
            to: anchor.seq,
        };
    }
    if head >= anchor.seq {
        return if hash_at(anchor.seq).as_deref() == Some(anchor.hash.as_str()) {
            Standing::Reached
        } else {
            Standing::Diverged { seq: anchor.seq }
        };
    }
    // An anchor of an earlier version whose transaction did not commit: the chain ends with
    // the anchor's `prev`.
    if !anchor.committed && head == anchor.seq - 1 {
        let last = if head == 0 {
            Some(GENESIS.to_string())
        } else {
            hash_at(head)
        };
        if last.as_deref() == Some(anchor.prev.as_str()) {
            return Standing::Reached;
        }
    }
    Standing::RolledBack {
        from: head + 1,
        to: anchor.seq,
    }
}

/// Installs the post-commit hook ([`confirm`]) on `conn` (idempotent; it stays for the
/// connection's life). A WAL hook runs after each commit, once the write lock is released;
/// installing one replaces SQLite's automatic checkpoint, which [`after_commit`] does itself at
/// the same threshold.
pub(crate) async fn watch_commits(conn: &mut sqlx::SqliteConnection) -> Result<()> {
    if !enabled() {
        return Ok(());
    }
    let mut handle = conn.lock_handle().await?;
    let raw = handle.as_raw_handle().as_ptr();
    // SAFETY: `raw` is the live connection, locked for us; the hook holds no pointer of ours.
    unsafe {
        libsqlite3_sys::sqlite3_wal_hook(raw, Some(after_commit), std::ptr::null_mut());
    }
    Ok(())
}

/// SQLite's default `wal_autocheckpoint`, in pages.
const AUTOCHECKPOINT_PAGES: std::ffi::c_int = 1000;

/// The WAL hook: after a commit on `db`, checkpoints when the WAL has grown past SQLite's default
/// threshold (what the hook replaces), then confirms the chain's last committed row.
extern "C" fn after_commit(
    _arg: *mut std::ffi::c_void,
    db: *mut libsqlite3_sys::sqlite3,
    schema: *const std::ffi::c_char,
    pages: std::ffi::c_int,
) -> std::ffi::c_int {
    // SAFETY: SQLite calls this with its live connection and schema name; both may be used for
    // reading and checkpointing here (sqlite3_wal_hook's documentation).
    unsafe {
        if pages >= AUTOCHECKPOINT_PAGES {
            libsqlite3_sys::sqlite3_wal_checkpoint(db, schema);
        }
        if !enabled() {
            return libsqlite3_sys::SQLITE_OK;
        }
        let _ = std::panic::catch_unwind(|| {
            if let Some((path, seq, hash, prev)) = committed_head(db, schema)
                && let Err(e) = confirm(&path, seq, &hash, &prev)
            {
                eprintln!(
                    "motcua: mốc nhật ký không ghi được: {}",
                    crate::mask::text(&e.to_string())
                );
            }
        });
    }
    libsqlite3_sys::SQLITE_OK
}

/// The database file of `schema` on `db` and the chain's last committed row (seq, hash, prev).
///
/// # Safety
/// `db` and `schema` must be a live connection and one of its schema names.
unsafe fn committed_head(
    db: *mut libsqlite3_sys::sqlite3,
    schema: *const std::ffi::c_char,
) -> Option<(PathBuf, i64, String, String)> {
    use libsqlite3_sys as ffi;
    unsafe {
        if std::ffi::CStr::from_ptr(schema).to_bytes() != b"main" {
            return None;
        }
        let file = ffi::sqlite3_db_filename(db, schema);
        if file.is_null() {
            return None;
        }
        let path = PathBuf::from(std::ffi::CStr::from_ptr(file).to_str().ok()?);
        if path.as_os_str().is_empty() {
            return None;
        }
        let sql = c"SELECT seq, hash, prev_hash FROM audit_log ORDER BY seq DESC LIMIT 1";
        let mut stmt: *mut ffi::sqlite3_stmt = std::ptr::null_mut();
        if ffi::sqlite3_prepare_v2(db, sql.as_ptr(), -1, &mut stmt, std::ptr::null_mut())
            != ffi::SQLITE_OK
        {
            ffi::sqlite3_finalize(stmt);
            return None;
        }
        let text = |i: std::ffi::c_int| {
            let p = ffi::sqlite3_column_text(stmt, i);
            (!p.is_null()).then(|| {
                std::ffi::CStr::from_ptr(p.cast())
                    .to_string_lossy()
                    .into_owned()
            })
        };
        let row = if ffi::sqlite3_step(stmt) == ffi::SQLITE_ROW {
            let seq = ffi::sqlite3_column_int64(stmt, 0);
            text(1).zip(text(2)).map(|(h, p)| (path, seq, h, p))
        } else {
            None
        };
        ffi::sqlite3_finalize(stmt);
        row
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> impl Fn(i64) -> Option<String> {
        move |s| (s >= 1 && s <= n).then(|| format!("h{s}"))
    }

    fn anchor(seq: i64, committed: bool) -> Anchor {
        Anchor {
            seq,
            hash: format!("h{seq}"),
            prev: format!("h{}", seq - 1),
            committed,
            broken_at: None,
        }
    }

    #[test]
    fn standing_against_the_anchor() {
        let a = anchor(40, true);
        assert_eq!(check(&a, 40, chain(40)), Standing::Reached);
        assert_eq!(check(&a, 45, chain(45)), Standing::Reached);
        // The last committed transaction (entry 40) is gone: that is a rollback.
        assert_eq!(
            check(&a, 39, chain(39)),
            Standing::RolledBack { from: 40, to: 40 }
        );
        assert_eq!(
            check(&a, 30, chain(30)),
            Standing::RolledBack { from: 31, to: 40 }
        );
        assert_eq!(
            check(&a, 41, |s| Some(format!("x{s}"))),
            Standing::Diverged { seq: 40 }
        );
        // An anchor of the earlier version (written before its commit) keeps its tolerance.
        let old = anchor(40, false);
        assert_eq!(check(&old, 39, chain(39)), Standing::Reached);
        assert_eq!(
            check(&old, 38, chain(38)),
            Standing::RolledBack { from: 39, to: 40 }
        );
    }

    #[test]
    fn only_committed_entries_move_it_and_a_rollback_keeps_the_evidence() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.sqlite");
        for s in 1..=12 {
            advance(&db, s, &format!("h{}", s - 1)).unwrap();
            confirm(&db, s, &format!("h{s}"), &format!("h{}", s - 1)).unwrap();
        }
        // Before its commit an entry writes nothing.
        advance(&db, 13, "h12").unwrap();
        assert_eq!(load(&db), Loaded::Found(anchor(12, true)));
        // A late hook never moves it back.
        confirm(&db, 11, "h11", "h10").unwrap();
        assert_eq!(load(&db), Loaded::Found(anchor(12, true)));
        // The database lost 12 (the last transaction); the next entry is 12 again, after h11.
        advance(&db, 12, "h11").unwrap();
        confirm(&db, 12, "n12", "h11").unwrap();
        let Loaded::Found(a) = load(&db) else {
            panic!("anchor")
        };
        assert_eq!((a.seq, a.hash.as_str(), a.broken_at), (12, "h12", Some(12)));
        assert_eq!(
            check(&a, 12, |s| Some(format!("n{s}"))),
            Standing::RolledBack { from: 12, to: 12 }
        );
    }

    #[test]
    fn stored_owner_only_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.sqlite");
        assert_eq!(load(&db), Loaded::Missing);
        let a = anchor(3, true);
        store(&db, &a).unwrap();
        assert_eq!(load(&db), Loaded::Found(a));
        let ack = motcua_protocol::AuditAnchor {
            seq: 3,
            hash: "c".repeat(64),
        };
        store_acknowledged(&db, &ack).unwrap();
        assert_eq!(load_acknowledged(&db), Some(ack));
        #[cfg(unix)]
        for f in [file_path(&db), acknowledged_path(&db)] {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(f).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(file_path(&db), "garbage").unwrap();
        assert_eq!(load(&db), Loaded::Unreadable);
        forget(&db).unwrap();
        assert_eq!(load(&db), Loaded::Missing);
        assert_eq!(load_acknowledged(&db), None);
    }
}

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
//! Cost and window, said plainly:
//! - no fsync: a temporary file and a rename (tens of microseconds, within the intake budget).
//!   A process crash (SIGKILL) keeps it; a power cut may lose its last updates, which only makes
//!   the check weaker (an older anchor), never a false alarm;
//! - the anchor is written before the transaction commits, so a transaction that was rolled back
//!   or cut by a crash leaves the anchor one entry ahead. [`check`] accepts a database whose last
//!   row is exactly the anchor's `prev` (the last transaction did not commit), so the loss of the
//!   single last transaction is not detected; losing two or more is reported;
//! - whoever can write the database's folder can also rewrite this file: it detects accidents and
//!   clumsy rollbacks, not an attacker who edits both (the portal's copy of the desk's changes is
//!   the second witness);
//! - a restore from a backup is a rollback on purpose: it removes the anchor ([`forget`]), and the
//!   next entry sets it again. Without an anchor (a desk from before this check) there is nothing
//!   to compare and the check says so.

use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::Result;

/// The anchor's file: `desk.sqlite` → `desk.sqlite.audit-anchor`.
pub fn file_path(db_path: &Path) -> PathBuf {
    crate::store::audit_anchor_path(db_path)
}

/// What the anchor holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Anchor {
    /// The last entry written (its transaction may not have committed).
    pub seq: i64,
    pub hash: String,
    /// The hash of the entry before it (the last committed one when that transaction did not
    /// commit).
    pub prev: String,
    /// Set when an entry was written on a chain that had lost rows the anchor knew about: the
    /// first seq of that new history. The anchor then stays as it was (it is the evidence) until
    /// an admin clears it ([`forget`]) or a restore does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub broken_at: Option<i64>,
}

/// Called by [`crate::accounts::audit::append`] for the entry `seq` (hash `hash`, after `prev`), inside its
/// transaction: moves the anchor forward, unless the anchor shows that rows it knew about are
/// gone (then it is kept, marked [`Anchor::broken_at`], so that the next `audit verify`, which
/// itself signs in and writes entries, still reports the rollback).
pub fn advance(db_path: &Path, seq: i64, hash: &str, prev: &str) -> Result<()> {
    if let Loaded::Found(a) = load(db_path) {
        // The anchor is ahead of (or level with) this entry, other than a transaction with this
        // number that did not commit; or it is the entry just before but with another hash.
        let lost = (a.seq > seq || (a.seq == seq && a.prev != prev))
            || (a.seq == seq - 1 && a.hash != prev);
        if lost {
            if a.broken_at.is_none() {
                store(
                    db_path,
                    &Anchor {
                        broken_at: Some(seq.min(a.seq)),
                        ..a
                    },
                )?;
            }
            return Ok(());
        }
    }
    store(
        db_path,
        &Anchor {
            seq,
            hash: hash.to_string(),
            prev: prev.to_string(),
            broken_at: None,
        },
    )
}

/// Writes the anchor of the database at `db_path` (temporary file and rename, owner-only).
pub fn store(db_path: &Path, anchor: &Anchor) -> Result<()> {
    let path = file_path(db_path);
    let tmp = crate::store::sibling(&path, ".tmp");
    let text = serde_json::to_string(anchor)
        .map_err(|e| crate::Error::invalid("internal", None, e.to_string()))?;
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
    std::fs::rename(&tmp, &path)?;
    Ok(())
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

/// Removes the anchor (after a restore, which puts older data back on purpose).
pub fn forget(db_path: &Path) -> Result<()> {
    crate::store::remove_if_exists(&file_path(db_path))
}

/// How the database's chain stands against the anchor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// The chain reaches the anchor (or stops just before it: the last transaction did not
    /// commit).
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
    // The last transaction did not commit: the chain ends with the anchor's `prev`.
    if head == anchor.seq - 1 {
        let last = if head == 0 {
            Some(crate::accounts::audit::GENESIS.to_string())
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

#[cfg(test)]
mod tests {
    use super::*;

    fn chain(n: i64) -> impl Fn(i64) -> Option<String> {
        move |s| (s >= 1 && s <= n).then(|| format!("h{s}"))
    }

    #[test]
    fn standing_against_the_anchor() {
        let a = Anchor {
            seq: 40,
            hash: "h40".into(),
            prev: "h39".into(),
            broken_at: None,
        };
        assert_eq!(check(&a, 40, chain(40)), Standing::Reached);
        assert_eq!(check(&a, 45, chain(45)), Standing::Reached);
        // The transaction of 40 was rolled back.
        assert_eq!(check(&a, 39, chain(39)), Standing::Reached);
        assert_eq!(
            check(&a, 30, chain(30)),
            Standing::RolledBack { from: 31, to: 40 }
        );
        assert_eq!(
            check(&a, 41, |s| Some(format!("x{s}"))),
            Standing::Diverged { seq: 40 }
        );
    }

    #[test]
    fn an_entry_after_a_rollback_keeps_the_evidence() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.sqlite");
        for s in 1..=12 {
            advance(&db, s, &format!("h{s}"), &format!("h{}", s - 1)).unwrap();
        }
        // The database lost 9-12; the next entry is 9 again, after h8.
        advance(&db, 9, "n9", "h8").unwrap();
        advance(&db, 10, "n10", "n9").unwrap();
        let Loaded::Found(a) = load(&db) else {
            panic!("anchor")
        };
        assert_eq!((a.seq, a.broken_at), (12, Some(9)));
        assert_eq!(
            check(&a, 10, |s| Some(format!("n{s}"))),
            Standing::RolledBack { from: 9, to: 12 }
        );
        // A transaction that did not commit is not a loss.
        let db2 = dir.path().join("other.sqlite");
        advance(&db2, 1, "a1", crate::accounts::audit::GENESIS).unwrap();
        advance(&db2, 2, "a2", "a1").unwrap();
        advance(&db2, 2, "b2", "a1").unwrap();
        let Loaded::Found(b) = load(&db2) else {
            panic!("anchor")
        };
        assert_eq!((b.seq, b.hash.as_str(), b.broken_at), (2, "b2", None));
    }

    #[test]
    fn stored_owner_only_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.sqlite");
        assert_eq!(load(&db), Loaded::Missing);
        let a = Anchor {
            seq: 3,
            hash: "c".into(),
            prev: "b".into(),
            broken_at: None,
        };
        store(&db, &a).unwrap();
        assert_eq!(load(&db), Loaded::Found(a));
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(file_path(&db))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(file_path(&db), "garbage").unwrap();
        assert_eq!(load(&db), Loaded::Unreadable);
        forget(&db).unwrap();
        assert_eq!(load(&db), Loaded::Missing);
    }
}

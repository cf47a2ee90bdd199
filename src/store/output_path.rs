//! Tệp xuất ra: where a form, report, ledger, export or backup may be written. Every command
//! that writes a file a person named (the CLI's `-o`, the app's save buttons) goes through
//! [`check`] / [`write`], so that:
//!
//! - the desk's own files are never replaced: the database, its `-wal`, `-shm` and `-journal`,
//!   its key file (and the key's temporary file), the audit anchor, and every file in the daily
//!   backup folder. They are compared both as canonical paths and by file identity (device and
//!   inode on Unix), so a symbolic link or a hard link to one of them is refused too;
//! - an existing file (or a symbolic link, even a dangling one) is replaced only with `force`;
//! - the folder must exist: a missing folder is an error, never created on the way.
//!
//! Writing is atomic: a new temporary file beside the target (`create_new`, never following a
//! link), then a rename over the target (which replaces a link itself, not what it points to).

use std::io::Write;
use std::path::{Path, PathBuf};

use rust_i18n::t;

use crate::{Error, Result};

/// The desk files beside the database at `db_path` that nothing may overwrite.
pub fn protected_files(db_path: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = ["", "-wal", "-shm", "-journal"]
        .iter()
        .map(|s| crate::store::sibling(db_path, s))
        .collect();
    let key = crate::store::key::file_path(db_path);
    files.push(crate::store::sibling(&key, ".tmp"));
    files.push(key);
    files.push(super::audit_anchor::file_path(db_path));
    files.push(super::audit_anchor::acknowledged_path(db_path));
    let backups = crate::store::backup::daily_dir(db_path);
    if let Ok(entries) = std::fs::read_dir(&backups) {
        files.extend(entries.filter_map(|e| e.ok()).map(|e| e.path()));
    }
    files
}

/// The file identity (device, inode) of what `path` points to, when it exists.
#[cfg(unix)]
fn identity(path: &Path) -> Option<(u64, u64)> {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(path).ok().map(|m| (m.dev(), m.ino()))
}

#[cfg(not(unix))]
fn identity(_path: &Path) -> Option<(u64, u64)> {
    None
}

/// The absolute, canonical form of `path`: the folder canonicalised (links resolved) and the file
/// name kept, so that a target that does not exist yet still compares.
fn canonical(path: &Path) -> PathBuf {
    if let Ok(c) = std::fs::canonicalize(path) {
        return c;
    }
    let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
    match (abs.parent(), abs.file_name()) {
        (Some(dir), Some(name)) => std::fs::canonicalize(dir)
            .map(|d| d.join(name))
            .unwrap_or(abs.clone()),
        _ => abs,
    }
}

fn refused(code: &'static str, message: String) -> Error {
    Error::invalid(code, Some("output"), message)
}

/// Whether `target` may be written as an output of the desk whose database is `db_path`; see the
/// module comment. `force`: an existing file may be replaced.
pub fn check(db_path: &Path, target: &Path, force: bool) -> Result<()> {
    let shown = target.display().to_string();
    if target.as_os_str().is_empty() || target.file_name().is_none() {
        return Err(refused(
            "output_invalid",
            t!("output.invalid", path = shown).to_string(),
        ));
    }
    let target_canon = canonical(target);
    let target_id = identity(target);
    for p in protected_files(db_path) {
        let same_path = canonical(&p) == target_canon;
        let same_file = target_id.is_some() && identity(&p) == target_id;
        if same_path || same_file {
            return Err(refused(
                "output_protected",
                t!("output.protected", path = shown).to_string(),
            ));
        }
    }
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    if !dir.is_dir() {
        return Err(refused(
            "output_dir_missing",
            t!("output.dir_missing", dir = dir.display().to_string()).to_string(),
        ));
    }
    match std::fs::symlink_metadata(target) {
        Ok(m) if m.is_dir() => Err(refused(
            "output_invalid",
            t!("output.invalid", path = shown).to_string(),
        )),
        Ok(_) if !force => Err(refused(
            "output_exists",
            t!("output.exists", path = shown).to_string(),
        )),
        _ => Ok(()),
    }
}

/// [`check`], then writes `bytes` to `target` atomically; returns the path written.
pub fn write(db_path: &Path, target: &Path, bytes: &[u8], force: bool) -> Result<PathBuf> {
    check(db_path, target, force)?;
    let tmp = crate::store::sibling(target, &format!(".part-{}", uuid::Uuid::now_v7().simple()));
    let written = (|| -> Result<()> {
        let mut f = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        Ok(())
    })();
    if let Err(e) = written {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    // Checked again right before the rename: a link put in place meanwhile is refused too.
    if let Err(e) = check(db_path, target, force) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e);
    }
    if let Err(e) = std::fs::rename(&tmp, target) {
        let _ = std::fs::remove_file(&tmp);
        return Err(e.into());
    }
    Ok(target.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_desk_files_missing_folders_and_existing_files() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("desk.sqlite");
        std::fs::write(&db, b"db").unwrap();
        std::fs::write(crate::store::key::file_path(&db), b"key").unwrap();
        for name in ["desk.sqlite", "desk.sqlite-wal", "desk.sqlite.key"] {
            let e = check(&db, &dir.path().join(name), true).unwrap_err();
            assert_eq!(e.code(), "output_protected", "{name}");
        }
        // Through a relative-looking path with `..`.
        let sub = dir.path().join("sub");
        std::fs::create_dir(&sub).unwrap();
        let e = check(&db, &sub.join("../desk.sqlite.key"), true).unwrap_err();
        assert_eq!(e.code(), "output_protected");
        #[cfg(unix)]
        {
            let hard = dir.path().join("hard.pdf");
            std::fs::hard_link(&db, &hard).unwrap();
            assert_eq!(
                check(&db, &hard, true).unwrap_err().code(),
                "output_protected"
            );
        }
        let e = check(&db, &dir.path().join("nope/x.pdf"), false).unwrap_err();
        assert_eq!(e.code(), "output_dir_missing");
        let f = dir.path().join("x.pdf");
        write(&db, &f, b"one", false).unwrap();
        assert_eq!(
            write(&db, &f, b"two", false).unwrap_err().code(),
            "output_exists"
        );
        write(&db, &f, b"two", true).unwrap();
        assert_eq!(std::fs::read(&f).unwrap(), b"two");
        assert!(!dir.path().join("nope").exists());
    }
}

//! Tệp in tạm: where a form waits for the OS printer (`lp`). The PDF holds a citizen's whole ID
//! number, so it never goes to a shared folder:
//!
//! - the folder is private to the OS user: `$XDG_RUNTIME_DIR/motcua-print` when the session has
//!   one, else `<temp>/motcua-print-<uid>`; created with mode 0700; an existing one must be a real
//!   folder (not a symbolic link), owned by this user and closed to others, else printing is
//!   refused;
//! - each job's file is new (`create_new`, mode 0600, a random name part), so a link planted under
//!   its name is never followed;
//! - the file is deleted as soon as `lp` has answered (CUPS has copied the job into its spool by
//!   then), whether it accepted the job or not ([`SpoolFile`] removes it when dropped).

use std::io::Write;
use std::path::{Path, PathBuf};

use rust_i18n::t;

use crate::{Error, Result};

/// The private folder's name.
const NAME: &str = "motcua-print";

/// The private print folder for this OS user (see the module comment); made when missing.
pub fn dir() -> Result<PathBuf> {
    let base = match std::env::var_os("XDG_RUNTIME_DIR").filter(|d| !d.is_empty()) {
        Some(run) => PathBuf::from(run).join(NAME),
        None => std::env::temp_dir().join(format!("{NAME}-{}", uid())),
    };
    ensure_private_dir(&base)?;
    Ok(base)
}

#[cfg(unix)]
fn uid() -> u32 {
    // SAFETY: getuid has no preconditions and cannot fail.
    unsafe { libc::getuid() }
}

#[cfg(not(unix))]
fn uid() -> u32 {
    0
}

fn refused(dir: &Path, why: &str) -> Error {
    Error::Print(
        t!(
            "print.unsafe_dir",
            dir = dir.display().to_string(),
            why = why
        )
        .to_string(),
    )
}

/// Makes `dir` (mode 0700) or checks the one that is there: a folder, not a link, this user's,
/// nobody else's to read.
pub fn ensure_private_dir(dir: &Path) -> Result<()> {
    let mut builder = std::fs::DirBuilder::new();
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    match builder.create(dir) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(e.into()),
    }
    let m = std::fs::symlink_metadata(dir)?;
    if m.file_type().is_symlink() {
        return Err(refused(dir, "symlink"));
    }
    if !m.is_dir() {
        return Err(refused(dir, "not a folder"));
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        if m.uid() != uid() {
            return Err(refused(dir, "owned by another user"));
        }
        if m.mode() & 0o077 != 0 {
            return Err(refused(dir, "open to other users"));
        }
    }
    Ok(())
}

/// A job's file in the private folder, removed when dropped.
pub struct SpoolFile {
    path: PathBuf,
}

impl SpoolFile {
    /// Writes `bytes` to a new file named after `name` (`<name>-<random>.pdf`) in [`dir`].
    pub fn write(name: &str, bytes: &[u8]) -> Result<SpoolFile> {
        let dir = dir()?;
        let safe: String = name
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        let path = dir.join(format!("{safe}-{}.pdf", uuid::Uuid::now_v7().simple()));
        let mut opts = std::fs::OpenOptions::new();
        opts.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            opts.mode(0o600);
        }
        let file = SpoolFile { path };
        let mut f = opts.open(&file.path)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        Ok(file)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl Drop for SpoolFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_private_folder_and_nothing_else() {
        let t = tempfile::tempdir().unwrap();
        let d = t.path().join("p");
        ensure_private_dir(&d).unwrap();
        let mode = std::fs::metadata(&d).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700);
        // A link to another folder.
        let other = t.path().join("other");
        std::fs::create_dir(&other).unwrap();
        let link = t.path().join("link");
        std::os::unix::fs::symlink(&other, &link).unwrap();
        assert_eq!(ensure_private_dir(&link).unwrap_err().code(), "print");
        // A folder others can read.
        std::fs::set_permissions(&other, std::fs::Permissions::from_mode(0o755)).unwrap();
        assert_eq!(ensure_private_dir(&other).unwrap_err().code(), "print");
    }
}

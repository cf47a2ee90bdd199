//! Tệp cơ sở dữ liệu của cổng: the SQLite file holds ID numbers and phone numbers, so it and its
//! `-wal` / `-shm` companions are readable by the portal's own user only (0600; issue 14,
//! point 13). SQLite gives the companions the main file's mode when it creates them, so creating
//! the main file 0600 before the first connection is enough for a new database; an existing one
//! with wider modes is narrowed when the portal opens it.

use std::path::{Path, PathBuf};

/// The file and its companions.
pub fn family(path: &Path) -> [PathBuf; 3] {
    let with = |suffix: &str| {
        let mut s = path.as_os_str().to_owned();
        s.push(suffix);
        PathBuf::from(s)
    };
    [path.to_path_buf(), with("-wal"), with("-shm")]
}

/// Creates `path` empty with mode 0600 when it does not exist and `create`; narrows the mode of it and its
/// existing `-wal` / `-shm` to 0600 when they are wider.
#[cfg(unix)]
pub fn make_private(path: &Path, create: bool) -> std::io::Result<()> {
    use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
    if create {
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .mode(0o600)
            .open(path)
        {
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(e) => return Err(e),
        }
    }
    for file in family(path) {
        match std::fs::metadata(&file) {
            Ok(m) if m.permissions().mode() & 0o077 != 0 => {
                std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))?;
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}

/// Elsewhere the file inherits its folder's access list.
#[cfg(not(unix))]
pub fn make_private(_path: &Path, _create: bool) -> std::io::Result<()> {
    Ok(())
}

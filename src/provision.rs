//! Cài đặt quầy không cần gõ phím: a new desk set up from a provisioning file (tệp cài đặt quầy).
//!
//! A province's IT admin writes one small JSON file per desk PC (portal address, the one-time
//! enrollment code from `motcua-portal desk add`, optionally the desk's name and its first
//! administrator) and places it beside the executable, in `/etc/motcua/provision.json`, or passes
//! it on the command line (`motcua-desk --provision FILE`, `motcua provision FILE`). The first
//! start enrolls the desk with the portal (the same code path as `motcua enroll`), and the app
//! opens on the sign-in screen.
//!
//! All or nothing: the first account is checked before the code is sent, so a typo in the file
//! never burns the one-time code; a bad or expired code writes nothing; and a local failure after
//! the portal accepted the code removes the half-made database again, so the desk is back on the
//! setup screen. The file is then consumed: rewritten as `FILE.used` (or `FILE.rejected`) without
//! the code and the password, and the original removed. When the file cannot be removed (a
//! root-owned file in /etc), a record beside the database (`desk.sqlite.provision`) keeps it from
//! being tried again, and the app shows that record's message on the setup screen.

use std::path::{Path, PathBuf};

use chrono::Utc;
use rust_i18n::t;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::accounts::Session;
use crate::store::{self, Db};
use crate::sync::{self, EnrollInput, Enrolled, SyncErrorKind};
use crate::{Error, Result, limits, reference::desk};

/// The file's name beside the executable and in /etc/motcua.
pub const FILE_NAME: &str = "provision.json";

/// The system-wide place on Linux (and other Unixes).
pub const SYSTEM_PATH: &str = "/etc/motcua/provision.json";

/// What the admin writes. Unknown fields are refused, so a misspelt key is an error, not a
/// silently ignored setting.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProvisionFile {
    /// The portal's address, e.g. `https://congmotcua.tinh.gov.vn`.
    pub portal_url: String,
    /// The one-time code from `motcua-portal desk add`.
    pub enrollment_code: String,
    /// Tên quầy; empty or absent keeps the name the portal gave the desk.
    #[serde(default)]
    pub desk_name: Option<String>,
    /// The desk's first account, an administrator (needed on a fresh desk).
    #[serde(default)]
    pub admin: Option<FirstAdmin>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FirstAdmin {
    pub username: String,
    pub full_name: String,
    pub password: String,
}

/// How a provisioning file ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    Enrolled,
    Rejected,
}

/// The record beside the database: which file was used, how it ended, and (when refused) why.
/// Never holds the code or a password.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Record {
    pub source: String,
    pub file_sha256: String,
    pub outcome: Outcome,
    pub at: String,
    pub portal_url: String,
    pub portal_desk_id: Option<String>,
    pub code: Option<String>,
    pub message: Option<String>,
}

/// A finished provisioning.
#[derive(Debug, Clone, Serialize)]
pub struct Provisioned {
    pub source: String,
    pub enrolled: Enrolled,
    /// Where the used file went (`FILE.used`), when the original could be removed.
    pub used_file: Option<String>,
}

/// Where a provisioning file is looked for, in order: the one given on the command line, then
/// `provision.json` beside the executable, then `/etc/motcua/provision.json` (Unix).
pub fn candidates(explicit: Option<&Path>) -> Vec<PathBuf> {
    if let Some(p) = explicit {
        return vec![p.to_path_buf()];
    }
    let mut out = Vec::new();
    if let Some(dir) = std::env::current_exe()
        .ok()
        .and_then(|e| e.parent().map(Path::to_path_buf))
    {
        out.push(dir.join(FILE_NAME));
    }
    if cfg!(unix) {
        out.push(PathBuf::from(SYSTEM_PATH));
    }
    out
}

/// The first candidate that exists.
pub fn find(explicit: Option<&Path>) -> Option<PathBuf> {
    candidates(explicit).into_iter().find(|p| p.is_file())
}

/// Reads and parses a provisioning file.
pub fn read(path: &Path) -> Result<(ProvisionFile, String)> {
    let bytes = std::fs::read(path).map_err(|e| bad_file(path, &e.to_string()))?;
    if bytes.len() > 64 * 1024 {
        return Err(bad_file(path, "> 64 KiB"));
    }
    let file: ProvisionFile =
        serde_json::from_slice(&bytes).map_err(|e| bad_file(path, &e.to_string()))?;
    Ok((file, hex(&Sha256::digest(&bytes))))
}

fn bad_file(path: &Path, detail: &str) -> Error {
    Error::invalid(
        "provision_file",
        None,
        t!(
            "provision.bad_file",
            path = path.display().to_string(),
            detail = detail
        ),
    )
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

impl ProvisionFile {
    /// The enrollment input; on a fresh desk the first account is checked here, before the
    /// one-time code is sent, so a mistake in the file does not burn the code.
    fn enroll_input(&self, fresh: bool) -> Result<EnrollInput> {
        let url = self.portal_url.trim();
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(Error::invalid(
                "invalid_portal_url",
                None,
                t!("sync.bad_url", url = url),
            ));
        }
        if self.enrollment_code.trim().is_empty() {
            return Err(Error::invalid(
                "required",
                Some("code"),
                t!("sync.code_required"),
            ));
        }
        let desk_name = self.desk_name.clone().unwrap_or_default();
        limits::text("desk_name", &desk_name, limits::SHORT)?;
        let (clerk_name, username, password) = match (&self.admin, fresh) {
            (_, false) => (None, String::new(), String::new()),
            (None, true) => {
                return Err(Error::invalid(
                    "provision_admin_required",
                    None,
                    t!("provision.admin_required"),
                ));
            }
            (Some(a), true) => {
                limits::text("clerk_name", &a.full_name, limits::NAME)?;
                if a.full_name.trim().is_empty() {
                    return Err(Error::invalid(
                        "required",
                        Some("clerk_name"),
                        t!("sync.clerk_required"),
                    ));
                }
                let username = crate::accounts::normalize_username(&a.username)?;
                // Checks the length rules (the hash itself is thrown away).
                crate::accounts::hash_password(&a.password)?;
                (Some(a.full_name.clone()), username, a.password.clone())
            }
        };
        Ok(EnrollInput {
            portal_url: self.portal_url.clone(),
            code: self.enrollment_code.clone(),
            desk_name,
            clerk_name,
            username,
            password,
        })
    }
}

/// The record beside the database at `db_path`: `desk.sqlite` → `desk.sqlite.provision`.
pub fn record_path(db_path: &Path) -> PathBuf {
    let mut name = db_path.as_os_str().to_os_string();
    name.push(".provision");
    PathBuf::from(name)
}

/// The record of the last provisioning of this database, if any.
pub fn record(db_path: &Path) -> Option<Record> {
    let bytes = std::fs::read(record_path(db_path)).ok()?;
    serde_json::from_slice(&bytes).ok()
}

/// Sets up a fresh desk from the file at `source`: checks the first account, enrolls, and
/// consumes the file. On any failure the database is left as it was: not set up.
pub async fn provision_fresh(db_path: &Path, source: &Path) -> Result<Provisioned> {
    let (file, sha) = read(source)?;
    let input = file.enroll_input(true)?;
    let db = store::open(db_path).await?;
    match desk::is_initialized(&db).await {
        Ok(false) => {}
        Ok(true) => {
            db.close().await;
            return Err(Error::invalid(
                "already_initialized",
                None,
                t!("provision.already_set_up"),
            ));
        }
        Err(e) => {
            db.close().await;
            return Err(e);
        }
    }
    // From here the one-time code is sent: whatever happens, the file is not tried again unless
    // the portal could not be reached.
    let result = sync::enroll(&db, db_path, None, &input).await;
    let half = result.is_err() && desk::is_initialized(&db).await.unwrap_or(true);
    if result.is_ok() {
        // The first pull brings the unit's catalogue and calendar, so the desk is ready to work
        // at the sign-in; when it fails the background sync brings them later.
        let _ = sync::run_once(&db, db_path).await;
    }
    db.close().await;
    if half {
        // Anything of the set-up that was written before the failure goes again.
        remove_half_set_up(db_path);
    }
    finish(db_path, source, &file, &sha, result, half)
}

/// Consumes the file after the code was sent (unless the portal could not be reached and nothing
/// was set up) and makes the answer.
fn finish(
    db_path: &Path,
    source: &Path,
    file: &ProvisionFile,
    sha: &str,
    result: Result<Enrolled>,
    half: bool,
) -> Result<Provisioned> {
    match result {
        Ok(enrolled) => {
            let used_file = consume(
                db_path,
                source,
                file,
                sha,
                Outcome::Enrolled,
                Some(&enrolled),
                None,
            );
            Ok(Provisioned {
                source: source.display().to_string(),
                enrolled,
                used_file,
            })
        }
        Err(e) => {
            if is_final(&e) || half {
                consume(
                    db_path,
                    source,
                    file,
                    sha,
                    Outcome::Rejected,
                    None,
                    Some(&e),
                );
            }
            Err(e)
        }
    }
}

/// Enrolls a desk that is already set up, as the signed-in administrator `by`, from the file.
pub async fn provision_set_up(
    db: &Db,
    db_path: &Path,
    by: &Session,
    source: &Path,
) -> Result<Provisioned> {
    let (file, sha) = read(source)?;
    let input = file.enroll_input(false)?;
    by.require(crate::accounts::Permission::Enroll)?;
    let result = sync::enroll(db, db_path, Some(by), &input).await;
    if result.is_ok() {
        let _ = sync::run_once(db, db_path).await;
    }
    finish(db_path, source, &file, &sha, result, false)
}

/// Whether trying the same file again cannot help: the code reached the portal and was refused
/// or consumed (a bad, used or expired code, a desk of another unit, a failure after the portal
/// accepted it). Only a portal that could not be reached (or answered 5xx) is worth another try.
fn is_final(e: &Error) -> bool {
    !matches!(e, Error::Sync(s) if s.kind == SyncErrorKind::Retryable)
}

/// Removes what a set-up that failed half way wrote: the database (it was fresh: nothing else is
/// in it) and the desk's credential. The database key stays, for the next try.
fn remove_half_set_up(db_path: &Path) {
    let mut paths = vec![db_path.to_path_buf(), sync::credential::path_for(db_path)];
    for suffix in ["-wal", "-shm", "-journal"] {
        let mut p = db_path.as_os_str().to_os_string();
        p.push(suffix);
        paths.push(PathBuf::from(p));
    }
    for p in paths {
        if p.is_file() {
            let _ = std::fs::remove_file(&p);
        }
    }
}

/// Consumes the file: the record beside the database, `FILE.used` / `FILE.rejected` without the
/// code and the password, and the original removed. Returns the renamed file when that worked.
fn consume(
    db_path: &Path,
    source: &Path,
    file: &ProvisionFile,
    sha: &str,
    outcome: Outcome,
    enrolled: Option<&Enrolled>,
    error: Option<&Error>,
) -> Option<String> {
    let record = Record {
        source: source.display().to_string(),
        file_sha256: sha.to_string(),
        outcome,
        at: crate::clock::to_db(Utc::now()),
        portal_url: file.portal_url.clone(),
        portal_desk_id: enrolled.map(|e| e.portal_desk_id.clone()),
        code: error.map(|e| e.code().to_string()),
        message: error.map(|e| e.to_string()),
    };
    let _ = std::fs::write(
        record_path(db_path),
        serde_json::to_vec_pretty(&record).unwrap_or_default(),
    );
    let scrubbed = serde_json::json!({
        "portal_url": file.portal_url,
        "desk_name": file.desk_name,
        "admin": file.admin.as_ref().map(|a| serde_json::json!({ "username": a.username, "full_name": a.full_name })),
        "outcome": outcome,
        "at": record.at,
        "portal_desk_id": record.portal_desk_id,
        "message": record.message,
    });
    let suffix = match outcome {
        Outcome::Enrolled => "used",
        Outcome::Rejected => "rejected",
    };
    let mut name = source.as_os_str().to_os_string();
    name.push(".");
    name.push(suffix);
    let target = PathBuf::from(name);
    let text = serde_json::to_vec_pretty(&scrubbed).ok()?;
    // The original goes first: the code must not stay in clear when the rename cannot happen.
    std::fs::remove_file(source).ok()?;
    std::fs::write(&target, text).ok()?;
    Some(target.display().to_string())
}

/// At the app's first start: when the database is not set up and a provisioning file is found
/// (`explicit`, else beside the executable, else /etc/motcua), sets the desk up from it. `None`
/// when there is nothing to do: no file, a desk already set up, or a file already used or
/// refused (the record beside the database has the same file's SHA-256).
pub async fn at_first_start(
    db_path: &Path,
    explicit: Option<&Path>,
) -> Option<Result<Provisioned>> {
    let source = find(explicit)?;
    if let (Some(r), Ok((_, sha))) = (record(db_path), read(&source))
        && r.file_sha256 == sha
    {
        return None;
    }
    if std::fs::metadata(db_path).is_ok_and(|m| m.len() > 0) {
        let initialized = match store::open(db_path).await {
            Ok(db) => {
                let done = desk::is_initialized(&db).await;
                db.close().await;
                done
            }
            Err(e) => Err(e),
        };
        match initialized {
            Ok(false) => {}
            Ok(true) => return None,
            Err(e) => return Some(Err(e)),
        }
    }
    Some(provision_fresh(db_path, &source).await)
}

/// What the setup screen shows: the message of a provisioning that was refused, while the desk
/// is still not set up.
pub fn notice(db_path: &Path) -> Option<Record> {
    record(db_path).filter(|r| r.outcome == Outcome::Rejected)
}

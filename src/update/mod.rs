//! Cập nhật phần mềm: signed desk updates from the portal.
//!
//! The portal serves releases (`motcua-portal release publish`); each is a package (`.deb` or the
//! NSIS installer) with a detached Ed25519 signature made on the release manager's machine
//! (`motcua release sign`, [`signing`]). The desk:
//!
//! 1. asks the portal for the newest release of its platform ([`check`]), a few times a day
//!    ([`run_forever`]) or when told (`motcua update check`);
//! 2. downloads it in the background, resumable with HTTP `Range` and at a bounded rate
//!    ([`download`]);
//! 3. verifies size, SHA-256, the signature with the public key built into this program
//!    ([`key`]) and that the version is newer than the running one ([`package`]); anything else is
//!    refused with a Vietnamese message and the running version goes on as before;
//! 4. keeps the verified package and a note ([`ready`]) until someone restarts into it: the app
//!    offers it at a quiet moment, an administrator can run `motcua update apply`
//!    ([`install`]: `apt-get install` of the `.deb`, or the installer with `/S`);
//! 5. the new version, on first opening the database, takes a checked backup before its
//!    migrations run ([`upgrade`]).

pub mod download;
pub mod error;
pub mod install;
pub mod key;
pub mod package;
pub mod signing;

use std::path::{Path, PathBuf};
use std::time::Duration;

use motcua_protocol::release::{LatestRelease, RELEASE_LATEST_PATH, ReleaseInfo, Version};
use serde::{Deserialize, Serialize};

use crate::version;
pub use error::UpdateError;

use crate::sync::credential;
use crate::{Error, Result};

/// The package format this build installs from.
pub const PLATFORM: &str = if cfg!(windows) {
    "windows-nsis"
} else {
    "linux-deb"
};

/// How often the app asks the portal (and after a failure, how long it waits).
pub const CHECK_INTERVAL: Duration = Duration::from_secs(4 * 3600);
const RETRY_INTERVAL: Duration = Duration::from_secs(30 * 60);
/// Delay before the app's first check (the clerk is signing in; the sync goes first).
const FIRST_CHECK_DELAY: Duration = Duration::from_secs(120);

/// The download rate limit, KiB/s: `MOTCUA_UPDATE_RATE_KIB`, else this.
pub const DEFAULT_RATE_KIB: u64 = 512;

/// `MOTCUA_UPDATE_RATE_KIB` (0: no limit), else [`DEFAULT_RATE_KIB`].
pub fn rate_from_env() -> Option<u64> {
    let kib = std::env::var("MOTCUA_UPDATE_RATE_KIB")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
        .unwrap_or(DEFAULT_RATE_KIB);
    (kib > 0).then_some(kib * 1024)
}

/// Where downloads and the ready note live: `updates/` beside the database.
pub fn dir(db_path: &Path) -> PathBuf {
    db_path
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
        .join("updates")
}

/// What a check found.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Offer {
    /// Nothing newer than the running version (`offered`: what the portal has, if anything).
    UpToDate { offered: Option<String> },
    /// A newer release.
    Newer { release: ReleaseInfo },
}

/// Asks the portal of the enrolled desk at `db_path` for the newest release of [`PLATFORM`].
pub async fn check(db_path: &Path) -> Result<Offer> {
    let cred = credential::load(&credential::path_for(db_path))?
        .ok_or_else(|| Error::Sync(crate::sync::SyncError::not_enrolled()))?;
    let url = format!(
        "{}{}?platform={PLATFORM}",
        cred.portal_url.trim().trim_end_matches('/'),
        RELEASE_LATEST_PATH
    );
    let resp = download::http()?
        .get(url)
        .bearer_auth(&cred.token)
        .send()
        .await
        .map_err(|e| UpdateError::Network(e.to_string()))?;
    let latest: LatestRelease = download::json_answer(resp).await?;
    Ok(match latest.release {
        Some(r) if is_newer(&r.version) => Offer::Newer { release: r },
        other => Offer::UpToDate {
            offered: other.map(|r| r.version),
        },
    })
}

/// Whether `version` is newer than the running one.
pub fn is_newer(version: &str) -> bool {
    match (Version::parse(version), Version::parse(version::CURRENT)) {
        (Some(v), Some(current)) => v > current,
        _ => false,
    }
}

/// The note beside a verified package waiting to be installed.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Ready {
    pub release: ReleaseInfo,
    /// The verified package file.
    pub path: String,
}

/// The verified package waiting to be installed, if any (and still newer than this version).
pub fn ready(db_path: &Path) -> Result<Option<Ready>> {
    let note = dir(db_path).join("ready.json");
    let text = match std::fs::read_to_string(&note) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(e.into()),
    };
    let Ok(r) = serde_json::from_str::<Ready>(&text) else {
        return Ok(None);
    };
    Ok((is_newer(&r.release.version) && Path::new(&r.path).is_file()).then_some(r))
}

fn write_ready(db_path: &Path, r: &Ready) -> Result<()> {
    let text = serde_json::to_string_pretty(r)
        .map_err(|e| Error::invalid("internal", None, e.to_string()))?;
    let note = dir(db_path).join("ready.json");
    let tmp = dir(db_path).join("ready.json.tmp");
    std::fs::write(&tmp, text)?;
    std::fs::rename(tmp, note)?;
    Ok(())
}

/// What [`fetch`] did (`motcua update download --json`).
#[derive(Debug, Clone, Serialize)]
pub struct FetchReport {
    pub current: String,
    pub offer: Offer,
    /// The verified package ready to install.
    pub ready: Option<Ready>,
    /// Bytes fetched by this run (a resumed download counts only the rest).
    pub downloaded: u64,
}

/// Checks, downloads (resuming a partial download) at `rate` bytes/s and verifies the newest
/// release; on success it is [`ready`]. A failed check of any kind leaves the running version
/// as it is.
pub async fn fetch(db_path: &Path, rate: Option<u64>) -> Result<FetchReport> {
    let offer = check(db_path).await?;
    let mut report = FetchReport {
        current: version::CURRENT.to_string(),
        offer: offer.clone(),
        ready: None,
        downloaded: 0,
    };
    let Offer::Newer { release } = offer else {
        return Ok(report);
    };
    if let Some(r) = ready(db_path)?
        && r.release == release
    {
        report.ready = Some(r);
        return Ok(report);
    }
    let cred = credential::load(&credential::path_for(db_path))?
        .ok_or_else(|| Error::Sync(crate::sync::SyncError::not_enrolled()))?;
    let dir = dir(db_path);
    std::fs::create_dir_all(&dir)?;
    let target = dir.join(package::file_name(&release));
    let got = download::fetch(&cred.portal_url, &cred.token, &release, &target, rate).await?;
    report.downloaded = got;
    let path = download::part_path(&target);
    if let Err(e) = package::verify_file(&path, &release, &key::trusted_key()?) {
        // A package that is whole but wrong is never kept: the next try starts afresh.
        let _ = std::fs::remove_file(&path);
        return Err(e.into());
    }
    std::fs::rename(&path, &target)?;
    let r = Ready {
        release,
        path: target.display().to_string(),
    };
    write_ready(db_path, &r)?;
    report.ready = Some(r);
    Ok(report)
}

/// The app's background task: [`fetch`] a little after start, then every [`CHECK_INTERVAL`]
/// (after a failure, every half hour). Failures go to stderr as code and message; the running
/// version is never touched here, only a verified package is left [`ready`].
pub async fn run_forever(db_path: PathBuf) {
    tokio::time::sleep(FIRST_CHECK_DELAY).await;
    loop {
        let wait = match fetch(&db_path, rate_from_env()).await {
            Ok(_) => CHECK_INTERVAL,
            Err(Error::Sync(e)) if e.kind == crate::sync::SyncErrorKind::NotEnrolled => {
                CHECK_INTERVAL
            }
            Err(e) => {
                let wire = e.to_wire();
                eprintln!("motcua: cập nhật: {} [{}]", wire.message, wire.code);
                RETRY_INTERVAL
            }
        };
        tokio::time::sleep(wait).await;
    }
}

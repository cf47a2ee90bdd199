//! Đồng bộ với cổng trung tâm: the desk's side of the sync protocol (`motcua-protocol`).
//!
//! One run ([`run_once`]) pushes the whole outbox, then pulls everything after the stored cursor.
//! [`run_forever`] repeats runs: right away when woken (a dossier was just saved, the clerk asked
//! for "Đồng bộ cuối ngày"), every minute otherwise, with backoff after network failures, and not
//! at all after an auth failure until the desk is enrolled again.

mod backoff;
mod client;
pub mod credential;
mod enroll;

mod pull;
mod push;
mod state;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use serde::Serialize;
use tokio::sync::Notify;

pub use crate::error::sync::{SyncError, SyncErrorKind};
pub use backoff::Backoff;
pub use client::{PortalClient, parse_http_date};
pub use enroll::{EnrollInput, Enrolled, enroll};
pub use pull::apply as apply_pulled;
pub use push::{PushCounts, PushError};
pub use state::{CLOCK_TOLERANCE_MS, SyncProblem, SyncStatus, clock_warning, problems, status};

use crate::store::Db;
use crate::{Error, Result};

static RUN_LOCK: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// What one run did, and where things stand after it (`motcua sync --json`).
#[derive(Debug, Clone, Serialize)]
pub struct SyncReport {
    pub pushed: i64,
    pub conflicts: i64,
    pub rejected: i64,
    pub pulled: i64,
    pub status: SyncStatus,
    /// The error that ended the run early, if any.
    pub error: Option<String>,
}

/// "Đồng bộ ngay" asked by a clerk: [`run_once`] after the role check.
pub async fn sync_now(db: &Db, s: &crate::accounts::Session, db_path: &Path) -> Result<SyncReport> {
    s.require(crate::accounts::Permission::SyncNow)?;
    run_once(db, db_path).await
}

/// One full run: push everything, then pull everything. Records the outcome in `sync_state`.
pub async fn run_once(db: &Db, db_path: &Path) -> Result<SyncReport> {
    // The background loop and "Đồng bộ cuối ngày" may ask at the same moment: one run at a time
    // (both would be safe, every step is idempotent, but twice the work for nothing).
    let _one_at_a_time = RUN_LOCK.lock().await;
    let Some(_) = state::enrollment(db).await? else {
        return Err(Error::Sync(SyncError::not_enrolled()));
    };
    let cred = credential::load(&credential::path_for(db_path))?
        .ok_or_else(|| Error::Sync(SyncError::not_enrolled()))?;
    state::attempt_started(db, Utc::now()).await?;
    let client = PortalClient::new(&cred.portal_url, Some(cred.token))?;
    let mut report = SyncReport {
        pushed: 0,
        conflicts: 0,
        rejected: 0,
        pulled: 0,
        status: state::status(db).await?,
        error: None,
    };
    // Counted as the batches are acknowledged: an error in a later batch (the portal gone
    // mid-run) does not hide what was sent before it.
    let mut counts = PushCounts::default();
    let pushed = push::push_all(db, &client, &mut counts).await;
    report.pushed = counts.acknowledged;
    report.conflicts = counts.conflicts;
    report.rejected = counts.rejected;
    let outcome = match pushed {
        Ok(()) => pull::pull_all(db, &client).await.map(|n| report.pulled = n),
        Err(e) => Err(e),
    };
    match outcome {
        Ok(()) => state::succeeded(db, Utc::now()).await?,
        Err(PushError::Sync(mut e)) => {
            if counts.acknowledged > 0 {
                // The status bar shows this sentence: the part that went through, then the error.
                e.message = rust_i18n::t!(
                    "sync.partly_done",
                    pushed = counts.acknowledged,
                    error = e.message
                )
                .to_string();
            }
            state::failed(db, &e).await?;
            report.error = Some(e.message.clone());
        }
        Err(PushError::Store(e)) => return Err(e),
    }
    report.status = state::status(db).await?;
    Ok(report)
}

/// How long to wait when all is well before looking again.
pub const IDLE_INTERVAL: Duration = Duration::from_secs(60);

/// Syncs forever (the app's background task). `wake` starts a run at once. Survives the portal
/// being away, the machine sleeping (timers just fire late) and restarts (all state is in the
/// database). Never returns unless the database itself fails.
pub async fn run_forever(db: Db, db_path: PathBuf, wake: Arc<Notify>) {
    let mut backoff = Backoff::standard();
    loop {
        let wait = match run_once(&db, &db_path).await {
            Ok(r) if r.error.is_none() => {
                backoff.reset();
                IDLE_INTERVAL
            }
            Ok(r) => match r.status.last_error_kind.as_deref() {
                // Credential refused: nothing will change until someone enrolls again.
                Some("auth") => Duration::from_secs(3600),
                _ => backoff.next_delay(),
            },
            Err(Error::Sync(e)) if e.kind == SyncErrorKind::NotEnrolled => {
                Duration::from_secs(3600)
            }
            Err(_) => backoff.next_delay(),
        };
        tokio::select! {
            _ = tokio::time::sleep(wait) => {}
            _ = wake.notified() => {}
        }
    }
}

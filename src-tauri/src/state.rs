//! What every command shares: the open desk database, where it lives, the bell that wakes the
//! background sync, and the signed-in clerk with the time of their last command (the idle lock).

use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use motcua::accounts::{self, Presence, Session, SessionSlot};
use motcua::store::{self, Db};
use tokio::sync::Notify;

pub struct AppState {
    pub db: Db,
    pub db_path: PathBuf,
    /// Rung after every saved change and by "Đồng bộ cuối ngày": the background sync runs at once.
    pub sync_wake: Arc<Notify>,
    /// The signed-in clerk, locked or not, and the time of their last command.
    pub session: Mutex<SessionSlot>,
}

impl AppState {
    pub async fn open() -> Result<Self, motcua::Error> {
        let db_path = store::resolve_path(None);
        let db = store::open(&db_path).await?;
        Ok(AppState {
            db,
            db_path,
            sync_wake: Arc::new(Notify::new()),
            session: Mutex::new(SessionSlot::new()),
        })
    }

    fn slot(&self) -> std::sync::MutexGuard<'_, SessionSlot> {
        // A panic while holding the lock leaves a consistent slot: keep using it.
        self.session.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The signed-in, unlocked clerk every command acts for: `not_signed_in`, or `session_locked`
    /// once `idle_lock_minutes` have passed without a command (the lock is audited).
    pub async fn session(&self) -> Result<Session, motcua::Error> {
        let idle =
            Duration::from_secs(u64::from(accounts::idle_lock_minutes(&self.db).await?) * 60);
        let presence = self.slot().check(Instant::now(), idle);
        match presence {
            Presence::Active(s) => Ok(s),
            Presence::SignedOut => Err(motcua::Error::NotSignedIn),
            Presence::Locked(_) => Err(motcua::Error::SessionLocked),
            Presence::JustLocked(s) => {
                accounts::lock(&self.db, &s, true, chrono::Utc::now()).await?;
                Err(motcua::Error::SessionLocked)
            }
        }
    }

    /// Applies the idle lock without counting as activity (the status poll).
    pub async fn expire_idle(&self) -> Result<(), motcua::Error> {
        let idle =
            Duration::from_secs(u64::from(accounts::idle_lock_minutes(&self.db).await?) * 60);
        let just_locked = self.slot().expire(Instant::now(), idle);
        if let Some(s) = just_locked {
            accounts::lock(&self.db, &s, true, chrono::Utc::now()).await?;
        }
        Ok(())
    }

    /// Like [`AppState::session`] for what the UI polls by itself (the sync status bar): needs an
    /// unlocked session but is no activity, so polling does not keep the app from locking.
    pub async fn session_passive(&self) -> Result<Session, motcua::Error> {
        self.expire_idle().await?;
        match self.peek() {
            None => Err(motcua::Error::NotSignedIn),
            Some((_, true)) => Err(motcua::Error::SessionLocked),
            Some((s, false)) => Ok(s),
        }
    }

    /// Starts a session (after sign-in or unlock).
    pub fn start(&self, s: Session) {
        self.slot().start(s, Instant::now());
    }

    /// Ends the session; returns it.
    pub fn end(&self) -> Option<Session> {
        self.slot().end()
    }

    /// Locks the session; returns it when it was not locked already.
    pub fn lock(&self) -> Option<Session> {
        self.slot().lock()
    }

    /// The session as it is (locked or not), without counting as activity.
    pub fn peek(&self) -> Option<(Session, bool)> {
        self.slot().peek().map(|(s, l)| (s.clone(), l))
    }
}

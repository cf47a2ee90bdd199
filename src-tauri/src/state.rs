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
        self.session_at(Instant::now()).await
    }

    async fn idle(&self) -> Result<Duration, motcua::Error> {
        Ok(Duration::from_secs(
            u64::from(accounts::idle_lock_minutes(&self.db).await?) * 60,
        ))
    }

    /// [`AppState::session`] at the instant `now`.
    pub async fn session_at(&self, now: Instant) -> Result<Session, motcua::Error> {
        let idle = self.idle().await?;
        let presence = self.slot().check(now, idle);
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
        self.expire_idle_at(Instant::now()).await
    }

    async fn expire_idle_at(&self, now: Instant) -> Result<(), motcua::Error> {
        let idle = self.idle().await?;
        let just_locked = self.slot().expire(now, idle);
        if let Some(s) = just_locked {
            accounts::lock(&self.db, &s, true, chrono::Utc::now()).await?;
        }
        Ok(())
    }

    /// Like [`AppState::session`] for what the UI polls by itself (the sync status bar): needs an
    /// unlocked session but is no activity, so polling does not keep the app from locking.
    pub async fn session_passive(&self) -> Result<Session, motcua::Error> {
        self.session_passive_at(Instant::now()).await
    }

    /// [`AppState::session_passive`] at the instant `now`.
    pub async fn session_passive_at(&self, now: Instant) -> Result<Session, motcua::Error> {
        self.expire_idle_at(now).await?;
        match self.peek() {
            None => Err(motcua::Error::NotSignedIn),
            Some((_, true)) => Err(motcua::Error::SessionLocked),
            Some((s, false)) => Ok(s),
        }
    }

    /// Starts a session (after sign-in or unlock).
    pub fn start(&self, s: Session) {
        self.start_at(s, Instant::now());
    }

    fn start_at(&self, s: Session, now: Instant) {
        self.slot().start(s, now);
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

#[cfg(test)]
mod tests {
    use super::*;

    const PW: &str = "mat-khau-thu-nghiem";

    async fn state() -> (AppState, tempfile::TempDir) {
        let dir = tempfile::tempdir().expect("tempdir");
        let db_path = dir.path().join("desk.sqlite");
        let db = store::open(&db_path).await.expect("open");
        motcua::reference::desk::setup(&db, &motcua::reference::desk::demo_setup(PW))
            .await
            .expect("setup");
        let state = AppState {
            db,
            db_path,
            sync_wake: Arc::new(Notify::new()),
            session: Mutex::new(SessionSlot::new()),
        };
        (state, dir)
    }

    fn code(r: Result<Session, motcua::Error>) -> &'static str {
        r.map(|_| "ok").unwrap_or_else(|e| e.code())
    }

    async fn locks(state: &AppState) -> Vec<String> {
        sqlx::query_scalar("SELECT detail FROM audit_log WHERE action = 'auth.lock' ORDER BY seq")
            .fetch_all(&state.db)
            .await
            .expect("audit")
    }

    #[tokio::test]
    async fn commands_after_the_idle_time_find_the_session_locked() {
        let (state, _dir) = state().await;
        let t0 = Instant::now();
        assert_eq!(code(state.session_at(t0).await), "not_signed_in");
        let s = accounts::sign_in(&state.db, "admin", PW, chrono::Utc::now())
            .await
            .expect("sign in");
        state.start_at(s.clone(), t0);
        // Default 10 minutes; each command moves the last-activity time.
        let min = |m: u64| Duration::from_secs(m * 60);
        assert_eq!(code(state.session_at(t0 + min(9)).await), "ok");
        assert_eq!(code(state.session_at(t0 + min(18)).await), "ok");
        // A status poll is no activity: 9 more minutes of polling, then a command after 10.
        state.expire_idle_at(t0 + min(27)).await.expect("poll");
        assert_eq!(state.peek().map(|(_, l)| l), Some(false));
        assert_eq!(code(state.session_at(t0 + min(28)).await), "session_locked");
        assert_eq!(code(state.session_at(t0 + min(28)).await), "session_locked");
        assert_eq!(locks(&state).await, vec![r#"{"idle":true}"#.to_string()]);
        // The same clerk unlocks; a shorter idle time applies at once.
        let again = accounts::unlock(&state.db, &s, PW, chrono::Utc::now())
            .await
            .expect("unlock");
        state.start_at(again.clone(), t0 + min(30));
        accounts::set_idle_lock_minutes(&state.db, &again, 1, chrono::Utc::now())
            .await
            .expect("1 minute");
        let t1 = t0 + min(30) + Duration::from_secs(59);
        assert_eq!(code(state.session_at(t1).await), "ok");
        assert_eq!(code(state.session_at(t0 + min(32)).await), "session_locked");
        assert_eq!(locks(&state).await.len(), 2);
        // Signing out leaves no session.
        assert!(state.end().is_some());
        assert_eq!(code(state.session_at(t0 + min(33)).await), "not_signed_in");
    }

    #[tokio::test]
    async fn polling_the_result_ready_count_does_not_keep_the_session_open() {
        let (state, _dir) = state().await;
        let t0 = Instant::now();
        let s = accounts::sign_in(&state.db, "admin", PW, chrono::Utc::now())
            .await
            .expect("sign in");
        state.start_at(s, t0);
        // What `result_ready_count` does, every 5 s as the header polls it: counts while the
        // clerk is away, until the idle time (10 minutes) has passed since the last command.
        let poll = |at: Instant| {
            let state = &state;
            async move {
                let s = state.session_passive_at(at).await?;
                motcua::dossier::register::result_ready_count(&state.db, &s, chrono::Utc::now())
                    .await
            }
        };
        let mut t = t0;
        while t < t0 + Duration::from_secs(600) {
            assert_eq!(poll(t).await.map_err(|e| e.code()), Ok(0));
            t += Duration::from_secs(5);
        }
        assert_eq!(
            poll(t0 + Duration::from_secs(601))
                .await
                .map_err(|e| e.code()),
            Err("session_locked")
        );
        assert_eq!(state.peek().map(|(_, l)| l), Some(true));
        assert_eq!(locks(&state).await, vec![r#"{"idle":true}"#.to_string()]);
        // A command is refused too: the lock held.
        assert_eq!(
            code(state.session_at(t0 + Duration::from_secs(602)).await),
            "session_locked"
        );
    }
}

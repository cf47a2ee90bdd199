//! What every command shares: the open desk database, where it lives, and the bell that wakes the
//! background sync.

use std::path::PathBuf;
use std::sync::Arc;

use motcua::store::{self, Db};
use tokio::sync::Notify;

pub struct AppState {
    pub db: Db,
    pub db_path: PathBuf,
    /// Rung after every saved change and by "Đồng bộ cuối ngày": the background sync runs at once.
    pub sync_wake: Arc<Notify>,
}

impl AppState {
    pub async fn open() -> Result<Self, motcua::Error> {
        let db_path = store::resolve_path(None);
        let db = store::open(&db_path).await?;
        Ok(AppState {
            db,
            db_path,
            sync_wake: Arc::new(Notify::new()),
        })
    }
}

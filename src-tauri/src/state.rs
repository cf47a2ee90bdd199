//! What every command shares: the open desk database and where it lives.

use std::path::PathBuf;

use motcua::store::{self, Db};

pub struct AppState {
    pub db: Db,
    pub db_path: PathBuf,
}

impl AppState {
    pub async fn open() -> Result<Self, motcua::Error> {
        let db_path = store::resolve_path(None);
        let db = store::open(&db_path).await?;
        Ok(AppState { db, db_path })
    }
}

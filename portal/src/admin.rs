//! Khóa quản trị: the admin API's credentials. Like desk tokens: random, shown once, stored only
//! as a hash; `motcua-portal admin token [--label L]` makes one.

use crate::db::{Db, now};
use crate::error::{Error, Result};
use crate::secret;

/// Makes a new admin token and returns it (the only time it is shown).
pub async fn create_token(db: &Db, label: &str) -> Result<String> {
    let token = secret::new_token()?;
    sqlx::query("INSERT INTO admin_token (token_hash, label, created_at) VALUES ($1, $2, $3)")
        .bind(secret::hash(&token))
        .bind(label.trim())
        .bind(now())
        .execute(&db.pool)
        .await?;
    Ok(token)
}

/// Checks an admin bearer token.
pub async fn authenticate(db: &Db, token: &str) -> Result<()> {
    let row: Option<(Option<String>,)> =
        sqlx::query_as("SELECT revoked_at FROM admin_token WHERE token_hash = $1")
            .bind(secret::hash(token.trim()))
            .fetch_optional(&db.pool)
            .await?;
    match row {
        Some((None,)) => Ok(()),
        Some((Some(_),)) => Err(Error::Auth {
            code: "revoked",
            message: "Khóa quản trị này đã bị thu hồi.".into(),
        }),
        None => Err(Error::Auth {
            code: "unauthorized",
            message: "Cần khóa quản trị (Authorization: Bearer …) do lệnh `motcua-portal admin token` cấp.".into(),
        }),
    }
}

//! `GET /api/v1/pull?cursor=N&limit=M`: the desk's unit's changes after its cursor.

use axum::Json;
use axum::extract::State;
use motcua_protocol::{MAX_PULL_LIMIT, PullResponse};
use serde::Deserialize;

use super::{Authed, JsonQuery};
use crate::AppState;
use crate::error::{Error, Result};
use crate::feed;

#[derive(Deserialize)]
pub struct PullQuery {
    cursor: Option<String>,
    limit: Option<String>,
}

fn number<T: std::str::FromStr>(value: Option<&str>, name: &str, default: T) -> Result<T> {
    // Absent: the default. Present but empty or not a number: refused (the spec's integer).
    match value.map(str::trim) {
        None => Ok(default),
        Some(v) => v.parse().map_err(|_| {
            Error::invalid(
                "invalid",
                format!("Tham số {name}={v} không phải số hợp lệ."),
            )
        }),
    }
}

pub async fn pull(
    State(state): State<AppState>,
    Authed(desk): Authed,
    JsonQuery(q): JsonQuery<PullQuery>,
) -> Result<Json<PullResponse>> {
    let cursor: i64 = number(q.cursor.as_deref(), "cursor", 0)?;
    let limit: u32 = number(q.limit.as_deref(), "limit", feed::DEFAULT_PULL_LIMIT)?;
    // Refused, not clamped: a client that asks for 0 or 5000 rows has a bug it should hear of,
    // and the API description says 1..=MAX_PULL_LIMIT.
    if !(1..=MAX_PULL_LIMIT).contains(&limit) {
        return Err(Error::invalid(
            "invalid",
            format!("Tham số limit={limit} ngoài khoảng cho phép (1 đến {MAX_PULL_LIMIT})."),
        ));
    }
    Ok(Json(
        feed::pull(&state.db, &desk.unit_code, cursor, limit).await?,
    ))
}

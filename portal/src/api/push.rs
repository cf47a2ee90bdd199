//! `POST /api/v1/push`: a batch of outbox rows; one result per row, in order.

use axum::Json;
use axum::extract::State;
use motcua_protocol::{MAX_PUSH_ROWS, PushRequest, PushResponse};

use super::{Authed, Body, parse_body};
use crate::AppState;
use crate::error::{Error, Result};
use crate::push;

pub async fn push(
    State(state): State<AppState>,
    Authed(desk): Authed,
    Body(body): Body,
) -> Result<Json<PushResponse>> {
    let req: PushRequest = parse_body(&body)?;
    if req.changes.len() > MAX_PUSH_ROWS {
        return Err(Error::TooLarge(format!(
            "Lô gửi có {} thay đổi, quá giới hạn {MAX_PUSH_ROWS}; hãy chia nhỏ.",
            req.changes.len()
        )));
    }
    let db = state.db.clone();
    let results =
        super::to_completion(async move { push::store_batch(&db, &desk, &req.changes).await })
            .await?;
    Ok(Json(PushResponse { results }))
}

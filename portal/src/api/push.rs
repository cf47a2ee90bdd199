//! `POST /api/v1/push`: a batch of outbox rows; one result per row, in order, and the audit
//! anchor the portal holds for the desk (src/desk_anchor.rs).

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
    // A malformed audit head refuses the batch before anything is stored.
    if let Some(h) = &req.audit_head {
        crate::desk_anchor::check(h)?;
    }
    let db = state.db.clone();
    let (results, audit_anchor) = super::to_completion(async move {
        push::store_batch_with_head(&db, &desk, &req.changes, req.audit_head.as_ref()).await
    })
    .await?;
    Ok(Json(PushResponse {
        results,
        audit_anchor,
    }))
}

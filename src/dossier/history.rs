//! Lịch sử hồ sơ: the one writer of a dossier's history. Every event (intake, each status move,
//! due changes, hand-out, a back-office move pulled from the portal) is a `dossier_event` row and,
//! in the same transaction, an entry of the hash-chained audit log.

use chrono::{DateTime, Utc};
use serde_json::{Value, json};
use sqlx::{Sqlite, Transaction};

use crate::accounts::audit::Actor;
use crate::reference::desk::Context;
use crate::{Result, clock};

/// One history event.
pub(crate) struct Entry<'a> {
    pub dossier_id: &'a str,
    /// What happened (`received`, `supplement-received`, `due-override`, `portal_status`, …).
    pub kind: &'a str,
    pub from: Option<&'a str>,
    pub to: Option<&'a str>,
    pub note: &'a str,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// The name the history shows (the clerk, or the back-office officer).
    pub actor_name: &'a str,
    /// Who the audit entry names, and when it is written.
    pub audit_actor: Actor<'a>,
    pub audit_at: DateTime<Utc>,
    /// The audit entry's detail; by default `{kind, from, to, note}`.
    pub audit_detail: Option<Value>,
}

/// Writes `e` to the history and the audit log, inside `tx`.
pub(crate) async fn write(tx: &mut Transaction<'_, Sqlite>, e: Entry<'_>) -> Result<()> {
    sqlx::query("INSERT INTO dossier_event (dossier_id, at, actor, kind, from_status, to_status, note) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .bind(e.dossier_id)
        .bind(clock::to_db(e.at))
        .bind(e.actor_name)
        .bind(e.kind)
        .bind(e.from)
        .bind(e.to)
        .bind(e.note)
        .execute(&mut **tx)
        .await?;
    let code: String = sqlx::query_scalar("SELECT code FROM dossier WHERE id = ?")
        .bind(e.dossier_id)
        .fetch_one(&mut **tx)
        .await?;
    let action = if e.from.is_none() && e.to.is_some() {
        "dossier.create".to_string()
    } else {
        format!("dossier.{}", e.kind)
    };
    let detail = e
        .audit_detail
        .unwrap_or_else(|| json!({ "kind": e.kind, "from": e.from, "to": e.to, "note": e.note }));
    crate::accounts::audit::append(tx, e.audit_actor, &action, &code, detail, e.audit_at).await?;
    Ok(())
}

/// An event done at this desk by the signed-in clerk of `ctx`.
#[allow(clippy::too_many_arguments)]
pub(crate) async fn event(
    tx: &mut Transaction<'_, Sqlite>,
    ctx: &Context,
    id: &str,
    kind: &str,
    from: Option<&str>,
    to: Option<&str>,
    note: &str,
    at: DateTime<Utc>,
) -> Result<()> {
    write(
        tx,
        Entry {
            dossier_id: id,
            kind,
            from,
            to,
            note,
            at,
            actor_name: &ctx.clerk_name,
            audit_actor: ctx.actor(),
            audit_at: at,
            audit_detail: None,
        },
    )
    .await
}

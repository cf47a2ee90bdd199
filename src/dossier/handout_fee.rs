//! Phí, lệ phí thu khi trả kết quả: a fee the dossier owes at result ("Thu khi trả kết quả",
//! e.g. trích lục 2 × 8.000 đồng) is settled when the result is handed out, in the hand-out's
//! transaction: collected (cash or transfer) with a fee receipt numbered like those issued at
//! intake (`BLP-YY`, this desk's share of the year's numbers), exempted with its reason, or left
//! unpaid with an explicit reason. Each is audited; the hand-out's sync change carries it.

use chrono::{DateTime, Utc};
use motcua_protocol::change::SettledFee;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};
use sqlx::{Sqlite, Transaction};

use crate::documents::format_dong;
use crate::dto::Applicant;
use crate::reference::desk::Context;
use crate::search_text::nfc;
use crate::{Error, Result, accounts::audit, clock};

/// What the clerk says about a fee due at result when handing the result out.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct HandoutFee {
    /// `cash` (default) or `transfer`: the fee is collected.
    pub method: Option<String>,
    /// Miễn with the reason (e.g. hộ nghèo): nothing is collected.
    pub exempt_reason: Option<String>,
    /// Why the fee is not collected now although it is owed (audited).
    pub unpaid_reason: Option<String>,
}

fn given(v: &Option<String>) -> Option<String> {
    v.as_deref().map(nfc).filter(|r| !r.is_empty())
}

/// Settles the fee of dossier `id` at hand-out inside `tx`. Nothing to do (`None`) unless the
/// dossier owes its fee at result; then `fee` must say how it is settled. Returns the change
/// for the sync payload.
pub async fn settle(
    tx: &mut Transaction<'_, Sqlite>,
    ctx: &Context,
    id: &str,
    fee: Option<&HandoutFee>,
    now: DateTime<Utc>,
) -> Result<Option<SettledFee>> {
    let (code, state, amount, fee_json, submitter_json, owner_json): (
        String,
        String,
        i64,
        Option<String>,
        String,
        Option<String>,
    ) = sqlx::query_as(
        "SELECT code, fee_state, fee_amount, fee_json, submitter_json, owner_json FROM dossier WHERE id = ?",
    )
    .bind(id)
    .fetch_one(&mut **tx)
    .await?;
    if state != "due-at-result" {
        return Ok(None);
    }
    let owed = || {
        Error::invalid(
            "fee_due_at_result",
            Some("fee"),
            format!(
                "Phí, lệ phí {} thu khi trả kết quả chưa thu: ghi hình thức thu (tiền mặt hoặc \
                 chuyển khoản), lý do miễn, hoặc lý do chưa thu.",
                format_dong(amount)
            ),
        )
    };
    let fee = fee.ok_or_else(owed)?;
    crate::limits::opt_text(
        "fee_exempt_reason",
        fee.exempt_reason.as_deref(),
        crate::limits::REASON,
    )?;
    crate::limits::opt_text(
        "fee_unpaid_reason",
        fee.unpaid_reason.as_deref(),
        crate::limits::REASON,
    )?;
    let at = clock::to_db(now);
    if let Some(reason) = given(&fee.unpaid_reason) {
        audit::append(
            tx,
            ctx.actor(),
            "fee.unpaid_at_handout",
            &code,
            json!({ "amount": amount, "reason": reason }),
            now,
        )
        .await?;
        return Ok(Some(SettledFee::DueAtResult {
            amount,
            unpaid_reason: reason,
        }));
    }
    if let Some(reason) = given(&fee.exempt_reason) {
        let detail = json!({ "amount": amount, "reason": reason });
        set_state(tx, ctx, id, &code, "exempt", detail, now).await?;
        return Ok(Some(SettledFee::Exempt {
            exempt_reason: reason,
        }));
    }
    let method = given(&fee.method).unwrap_or_else(|| "cash".into());
    if !matches!(method.as_str(), "cash" | "transfer") {
        return Err(owed());
    }
    let lines = fee_json
        .as_deref()
        .and_then(|j| serde_json::from_str::<Value>(j).ok())
        .map(|v| v["amount"]["lines"].clone())
        .filter(Value::is_array)
        .unwrap_or_else(|| json!([]));
    let payer = owner_json
        .as_deref()
        .and_then(|j| serde_json::from_str::<Applicant>(j).ok())
        .or_else(|| serde_json::from_str::<Applicant>(&submitter_json).ok())
        .map(|a| a.full_name)
        .unwrap_or_default();
    let year = clock::local(now).format("%Y").to_string();
    let number = crate::dossier::next_in_share(
        tx,
        "ledger_sequence",
        &format!("fee:{year}"),
        ctx.seq_offset,
        ctx.seq_stride,
    )
    .await?;
    let series = crate::dossier::intake::fee_series(&year);
    sqlx::query(
        "INSERT INTO fee_receipt (dossier_id, series, year, number, amount, lines_json, method, payer_name, collected_at, collected_by)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(id)
    .bind(&series)
    .bind(year.parse::<i64>().unwrap_or(0))
    .bind(number)
    .bind(amount)
    .bind(lines.to_string())
    .bind(&method)
    .bind(&payer)
    .bind(&at)
    .bind(&ctx.clerk_id)
    .execute(&mut **tx)
    .await?;
    let detail = json!({ "amount": amount, "series": series, "number": number, "method": method });
    set_state(tx, ctx, id, &code, "collected", detail, now).await?;
    Ok(Some(SettledFee::Collected {
        series,
        number,
        amount,
        method,
        collected_at: motcua_protocol::instant::Instant::new(now),
        e_receipt_state: "pending".into(),
    }))
}

/// Sets the dossier's fee state and audits it as `fee.<state>_at_handout`.
async fn set_state(
    tx: &mut Transaction<'_, Sqlite>,
    ctx: &Context,
    id: &str,
    code: &str,
    state: &str,
    detail: Value,
    now: DateTime<Utc>,
) -> Result<()> {
    sqlx::query("UPDATE dossier SET fee_state = ? WHERE id = ?")
        .bind(state)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    let action = format!("fee.{state}_at_handout");
    audit::append(tx, ctx.actor(), &action, code, detail, now).await?;
    Ok(())
}

//! Tiếp nhận bổ sung vào máy (backdated intake): a dossier received on paper while the desk could
//! not record it (power cut, a broken machine, a desk being installed or replaced) is typed in
//! later with the time it was really received (`received_at`, `motcua intake --received`).
//! That time is printed on the receipt, counted in the ledger and the statistics, and sent to
//! the portal, so it is bounded and explained:
//!
//! - not in the future: at most [`MAX_FUTURE_SECONDS`] ahead of the desk's clock (two clocks a
//!   few minutes apart must not refuse an honest "now");
//! - not before the unit's records on this desk can begin: the first day (Vietnam time) of the
//!   calendar year before the unit's set-up on this desk (`unit.created_at`, written by `init`
//!   or provisioning). The unit as a body exists before its desk is installed, and a desk set up
//!   or replaced in early January must still take the paper dossiers of December; but the
//!   ledger (sổ theo dõi, `ledger_book`) and the fee receipts (`BLP-YY`) are numbered per
//!   calendar year, so a dossier of an older year belongs to a book already closed and is not
//!   recorded here;
//! - with a reason once it is more than [`MAX_FUTURE_SECONDS`] in the past, which goes into the
//!   audit log (`dossier.backdated`) with the real time and the time it was typed in.

use chrono::{DateTime, Datelike, NaiveDate, TimeZone, Utc};
use rust_i18n::t;
use serde_json::json;
use sqlx::{Sqlite, Transaction};

use crate::reference::desk::Context;
use crate::search_text::nfc;
use crate::store::Db;
use crate::{Error, Result, accounts::audit, clock};

/// A received instant may be at most this far from the desk clock and still be "now".
pub const MAX_FUTURE_SECONDS: i64 = 300;

/// The earliest received time the desk accepts, from the unit's set-up time: 00:00 on 1 January
/// (Vietnam time) of the year before.
pub fn earliest(set_up: DateTime<Utc>) -> Option<DateTime<Utc>> {
    let year = clock::local(set_up).year() - 1;
    let day = NaiveDate::from_ymd_opt(year, 1, 1)?;
    let midnight = day.and_hms_opt(0, 0, 0)?;
    clock::vietnam()
        .from_local_datetime(&midnight)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

/// The unit's set-up time on this desk.
async fn set_up(db: &Db) -> Result<Option<DateTime<Utc>>> {
    let at: Option<String> = sqlx::query_scalar("SELECT created_at FROM unit WHERE id = 1")
        .fetch_optional(db)
        .await?;
    Ok(at.as_deref().and_then(clock::parse))
}

/// Checks a received time (already known not to be in the future) against `now` and the unit's
/// set-up: `Ok(None)` for "now", the normalised reason of a backdated intake, or an error.
pub async fn check(
    db: &Db,
    received: DateTime<Utc>,
    reason: Option<&str>,
    now: DateTime<Utc>,
) -> Result<Option<String>> {
    // The future bound is `intake`'s (the same for the due-time preview).
    let shown = || clock::display(received);
    if (now - received).num_seconds() <= MAX_FUTURE_SECONDS {
        return Ok(None);
    }
    if let Some(first) = set_up(db).await?.and_then(earliest)
        && received < first
    {
        return Err(Error::invalid(
            "received_before_unit",
            Some("received_at"),
            t!(
                "intake.received_before_unit",
                value = shown(),
                first = clock::local(first).format("%d/%m/%Y").to_string()
            ),
        ));
    }
    let reason = reason.unwrap_or("");
    crate::limits::text("received_reason", reason, crate::limits::REASON)?;
    crate::printable::multi_line("received_reason", reason)?;
    let reason = nfc(reason);
    if reason.is_empty() {
        return Err(Error::invalid(
            "received_reason_required",
            Some("received_reason"),
            t!("intake.received_reason_required", value = shown()),
        ));
    }
    Ok(Some(reason))
}

/// Audits a backdated intake inside its transaction: when it was received, when it was typed
/// in, and why.
pub async fn record(
    tx: &mut Transaction<'_, Sqlite>,
    ctx: &Context,
    code: &str,
    received: DateTime<Utc>,
    reason: &str,
    now: DateTime<Utc>,
) -> Result<()> {
    audit::append(
        tx,
        ctx.actor(),
        "dossier.backdated",
        code,
        json!({
            "received_at": clock::to_db(received),
            "entered_at": clock::to_db(now),
            "reason": reason,
        }),
        now,
    )
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_earliest_day_is_the_first_of_january_of_the_year_before_set_up() {
        let set_up = clock::parse("2026-12-07T23:00:00Z").unwrap(); // 08/12/2026 in Vietnam
        assert_eq!(
            earliest(set_up).map(clock::to_db).as_deref(),
            Some("2024-12-31T17:00:00Z")
        );
        let new_year = clock::parse("2026-12-31T17:30:00Z").unwrap(); // 01/01/2027 00:30
        assert_eq!(
            earliest(new_year).map(clock::to_db).as_deref(),
            Some("2025-12-31T17:00:00Z")
        );
    }
}

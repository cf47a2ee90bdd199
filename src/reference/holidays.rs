//! Lịch nghỉ của đơn vị: the built-in holiday calendar plus the official schedules imported into
//! this desk's database (an imported year overrides the computed default for that year).

use chrono::Utc;
use rust_i18n::t;

use crate::calendar::{HolidayCalendar, YearSchedule};
use crate::store::Db;
use crate::{Error, Result, clock};

/// The calendar due times are computed with on this desk.
pub async fn load(db: &Db) -> Result<HolidayCalendar> {
    let rows: Vec<String> =
        sqlx::query_scalar("SELECT schedule_json FROM holiday_schedule ORDER BY year")
            .fetch_all(db)
            .await?;
    let mut cal = HolidayCalendar::builtin();
    for json in rows {
        let schedule: YearSchedule = serde_json::from_str(&json).map_err(|e| {
            Error::invalid(
                "invalid_holidays",
                None,
                t!("holidays.bad_file", detail = e.to_string()),
            )
        })?;
        cal = cal.with_schedule(schedule);
    }
    Ok(cal)
}

/// Stores a year's schedule (replacing an earlier import of the same year).
pub async fn import(db: &Db, schedule: &YearSchedule) -> Result<()> {
    import_as(db, None, schedule).await
}

/// [`import`] with an audit entry (`setting.holidays`) for `actor` in the same transaction.
pub async fn import_as(
    db: &Db,
    actor: Option<crate::accounts::audit::Actor<'_>>,
    schedule: &YearSchedule,
) -> Result<()> {
    let json = serde_json::to_string(schedule)
        .map_err(|e| Error::invalid("invalid_holidays", None, e.to_string()))?;
    let mut tx = crate::store::write_tx(db).await?;
    sqlx::query(
        "INSERT INTO holiday_schedule (year, schedule_json, source, imported_at) VALUES (?, ?, ?, ?)
         ON CONFLICT (year) DO UPDATE SET schedule_json = excluded.schedule_json, source = excluded.source, imported_at = excluded.imported_at",
    )
    .bind(schedule.year)
    .bind(json)
    .bind(&schedule.source)
    .bind(clock::to_db(Utc::now()))
    .execute(&mut *tx)
    .await?;
    if let Some(actor) = actor {
        crate::accounts::audit::append(
            &mut tx,
            actor,
            "setting.holidays",
            &schedule.year.to_string(),
            serde_json::json!({ "entries": schedule.entries.len(), "source": schedule.source }),
            Utc::now(),
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}

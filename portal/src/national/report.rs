//! Tình trạng đồng bộ quốc gia và chỉ số của đơn vị: what `motcua-portal national status` shows
//! per unit — the queue (queued, sent, failed with the national portal's message) and the
//! figures QĐ 766 scores from what arrives nationally, computed with the same definitions the
//! payload uses: on time ([`motcua_protocol::status::on_time`] over NgayKetThucXuLy,
//! [`super::load::finished_at`]) and digitised (the payload's HoSoCoThanhPhanSoHoa).

use chrono::{DateTime, Utc};
use motcua_protocol::status::on_time;
use serde::Serialize;

use super::load;
use crate::db::Db;
use crate::error::Result;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Failure {
    pub code: String,
    pub message: String,
    pub attempts: i64,
    pub next_attempt_at: String,
}

/// The QĐ 766 figures of a unit, as the national portal will compute them.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct Figures {
    /// Dossiers whose processing ended (NgayKetThucXuLy set).
    pub finished: u32,
    pub on_time: u32,
    pub late: u32,
    /// Dossiers sent or to be sent.
    pub dossiers: u32,
    /// Of those, with a digitised component (HoSoCoThanhPhanSoHoa = "1").
    pub digitised: u32,
}

#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq)]
pub struct UnitStatus {
    pub unit_code: String,
    pub dossiers_queued: i64,
    pub dossiers_sent: i64,
    pub dossiers_failed: i64,
    pub steps_queued: i64,
    pub steps_sent: i64,
    pub steps_failed: i64,
    pub failures: Vec<Failure>,
    pub figures: Figures,
}

fn instant(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// On time, by the one definition, for a loaded dossier that finished; `None` while processing.
pub fn dossier_on_time(d: &load::Loaded) -> Option<bool> {
    let ended = instant(load::finished_at(d)?)?;
    let due = d.due_at.as_deref().and_then(instant);
    let rounds = u32::try_from(load::supplement_rounds(d).len()).unwrap_or(u32::MAX);
    // An appointment extended with an apology (gia hạn, Mẫu 04) is late whatever the new date.
    let extended = d.steps.iter().any(load::StoredStep::is_extension);
    Some(on_time(ended, due, rounds, extended))
}

/// The figures of one unit.
pub async fn figures(db: &Db, unit_code: &str) -> Result<Figures> {
    let unit = load::unit(db, unit_code).await?;
    let ids: Vec<String> =
        sqlx::query_scalar("SELECT id FROM dossier WHERE unit_code = $1 ORDER BY id")
            .bind(unit_code)
            .fetch_all(&db.pool)
            .await?;
    let mut f = Figures::default();
    for id in ids {
        let Some(d) = load::dossier(db, &id).await? else {
            continue;
        };
        f.dossiers += 1;
        if load::dossier_payload(&d, &unit)["HoSoCoThanhPhanSoHoa"] == "1" {
            f.digitised += 1;
        }
        match dossier_on_time(&d) {
            Some(true) => {
                f.finished += 1;
                f.on_time += 1;
            }
            Some(false) => {
                f.finished += 1;
                f.late += 1;
            }
            None => {}
        }
    }
    Ok(f)
}

async fn count(db: &Db, sql: &str, unit: &str, state: &str) -> Result<i64> {
    Ok(sqlx::query_scalar(sql)
        .bind(unit)
        .bind(state)
        .fetch_one(&db.pool)
        .await?)
}

/// The status of every unit (or one).
pub async fn status(db: &Db, unit: Option<&str>) -> Result<Vec<UnitStatus>> {
    super::queue::refresh(db).await?;
    let units: Vec<String> =
        sqlx::query_scalar("SELECT code FROM unit WHERE ($1 = '' OR code = $1) ORDER BY code")
            .bind(unit.map(|u| u.trim().to_uppercase()).unwrap_or_default())
            .fetch_all(&db.pool)
            .await?;
    let d_sql = "SELECT COUNT(*) FROM national_dossier WHERE unit_code = $1 AND state = $2";
    let s_sql = "SELECT COUNT(*) FROM national_step s JOIN national_dossier n ON n.dossier_id = s.dossier_id WHERE n.unit_code = $1 AND s.state = $2";
    let mut out = Vec::new();
    for u in units {
        let failures: Vec<(String, Option<String>, i64, String)> = sqlx::query_as(
            "SELECT code, last_error, attempts, next_attempt_at FROM national_dossier WHERE unit_code = $1 AND state = 'failed' ORDER BY code",
        )
        .bind(&u)
        .fetch_all(&db.pool)
        .await?;
        let step_failures: Vec<(String, Option<String>, i64, String)> = sqlx::query_as(
            "SELECT n.code, MAX(s.last_error), MAX(s.attempts), MIN(s.next_attempt_at) FROM national_step s JOIN national_dossier n ON n.dossier_id = s.dossier_id
             WHERE n.unit_code = $1 AND s.state = 'failed' GROUP BY n.code ORDER BY n.code",
        )
        .bind(&u)
        .fetch_all(&db.pool)
        .await?;
        out.push(UnitStatus {
            dossiers_queued: count(db, d_sql, &u, "queued").await?,
            dossiers_sent: count(db, d_sql, &u, "sent").await?,
            dossiers_failed: count(db, d_sql, &u, "failed").await?,
            steps_queued: count(db, s_sql, &u, "queued").await?,
            steps_sent: count(db, s_sql, &u, "sent").await?,
            steps_failed: count(db, s_sql, &u, "failed").await?,
            failures: failures
                .into_iter()
                .chain(step_failures)
                .map(|(code, message, attempts, next_attempt_at)| Failure {
                    code,
                    message: message.unwrap_or_default(),
                    attempts,
                    next_attempt_at,
                })
                .collect(),
            figures: figures(db, &u).await?,
            unit_code: u,
        });
    }
    Ok(out)
}

//! Hồ sơ trên cổng: listing, and the back office's moves (`dossiers advance`), each of which
//! updates the dossier, appends a processing step and queues a `dossier_status` change for the
//! unit's desks.

use motcua_protocol::status::{self, MOVE_SQL, PAUSE_SQL, Status, UNPAUSE_SQL};
use motcua_protocol::{DossierStatusChange, PullBody};
use serde::Serialize;

use crate::db::{Db, now};
use crate::error::{Error, Result};
use crate::feed;
use crate::projection::{Step, append_step};

#[derive(Debug, Clone, Serialize, sqlx::FromRow)]
pub struct DossierRow {
    pub id: String,
    pub unit_code: String,
    pub code: String,
    pub procedure_code: String,
    pub procedure_name: String,
    pub submitter_name: String,
    pub status: String,
    pub national_status: i64,
    pub received_at: String,
    pub due_at: Option<String>,
    pub updated_at: String,
    /// A fee due at result settled at hand-out: `collected`, `exempt` or `due-at-result`
    /// (handed out unpaid); `None` when the hand-out settled none.
    pub result_fee_state: Option<String>,
    /// Integer đồng (collected, or left unpaid).
    pub result_fee_amount: Option<i64>,
    /// The fee receipt, `series/number`, when collected.
    pub result_fee_receipt: Option<String>,
}

const COLUMNS: &str = "id, unit_code, code, procedure_code, procedure_name, submitter_name, status, national_status, received_at, due_at, updated_at, result_fee_state, result_fee_amount, result_fee_receipt";

pub async fn list(db: &Db, unit_code: Option<&str>) -> Result<Vec<DossierRow>> {
    let rows = match unit_code {
        Some(u) => {
            sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM dossier WHERE unit_code = $1 ORDER BY received_at, code"
            ))
            .bind(u.trim().to_uppercase())
            .fetch_all(&db.pool)
            .await?
        }
        None => {
            sqlx::query_as(&format!(
                "SELECT {COLUMNS} FROM dossier ORDER BY unit_code, received_at, code"
            ))
            .fetch_all(&db.pool)
            .await?
        }
    };
    Ok(rows)
}

/// The moves the back office may make. Handing the result out (10) belongs to the desk.
pub const BACK_OFFICE_TARGETS: [Status; 5] = [
    Status::InProcessing,
    Status::SupplementRequested,
    Status::ResultReady,
    Status::Stopped,
    Status::Withdrawn,
];

fn targets_text() -> String {
    BACK_OFFICE_TARGETS
        .iter()
        .map(|s| format!("{} ({})", s.as_str(), s.national()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Moves a dossier as the back office (bộ phận chuyên môn) would.
pub async fn advance(
    db: &Db,
    code: &str,
    to: &str,
    note: &str,
    by: &str,
) -> Result<DossierStatusChange> {
    let to = Status::parse(to.trim()).ok_or_else(|| {
        Error::invalid(
            "invalid_status",
            format!(
                "Trạng thái «{}» không hợp lệ. Chọn một trong: {}.",
                to.trim(),
                targets_text()
            ),
        )
    })?;
    if to == Status::HandedOut {
        return Err(Error::invalid(
            "transition_not_allowed",
            "Trả kết quả cho công dân (10) do quầy một cửa thực hiện, không chuyển từ bộ phận xử lý.",
        ));
    }
    if !BACK_OFFICE_TARGETS.contains(&to) {
        return Err(Error::invalid(
            "transition_not_allowed",
            format!(
                "Bộ phận xử lý không chuyển hồ sơ sang «{}». Chọn một trong: {}.",
                to.label_vi(),
                targets_text()
            ),
        ));
    }
    let note = note.trim();
    if status::needs_reason(to) && note.is_empty() {
        return Err(Error::invalid(
            "reason_required",
            format!(
                "Cần ghi lý do (--note) khi chuyển hồ sơ sang «{}».",
                to.label_vi()
            ),
        ));
    }
    let by = match by.trim() {
        "" => "Bộ phận chuyên môn",
        b => b,
    };
    let code = code.trim().to_uppercase();
    let at = now();
    let mut w = db.begin_feed_write().await?;
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("SELECT id, unit_code, status FROM dossier WHERE code = $1")
            .bind(&code)
            .fetch_all(&mut *w.tx)
            .await?;
    let (id, unit_code, raw) = match rows.as_slice() {
        [one] => one.clone(),
        [] => {
            w.rollback().await?;
            return Err(Error::not_found(
                "dossier_not_found",
                format!("Cổng không có hồ sơ mã «{code}»."),
            ));
        }
        _ => {
            w.rollback().await?;
            return Err(Error::invalid(
                "ambiguous",
                format!("Mã hồ sơ «{code}» có ở nhiều đơn vị."),
            ));
        }
    };
    let from = Status::parse(&raw).ok_or_else(|| {
        Error::Internal(format!("Hồ sơ {code} có trạng thái không hợp lệ «{raw}»."))
    })?;
    if !status::allowed(from, to) {
        w.rollback().await?;
        return Err(Error::invalid(
            "transition_not_allowed",
            format!(
                "Không thể chuyển hồ sơ {code} từ «{}» sang «{}».",
                from.label_vi(),
                to.label_vi()
            ),
        ));
    }
    let sql = if to == Status::SupplementRequested {
        PAUSE_SQL
    } else if from == Status::SupplementRequested {
        UNPAUSE_SQL
    } else {
        MOVE_SQL
    };
    let mut q = sqlx::query(sql)
        .bind(to.as_str())
        .bind(i64::from(to.national()))
        .bind(&at)
        .bind(&id)
        .bind(from.as_str());
    if to == Status::SupplementRequested {
        q = q.bind(&at);
    }
    q.execute(&mut *w.tx).await?;
    append_step(
        &mut w.tx,
        &Step {
            dossier_id: &id,
            source: "back-office",
            kind: "status",
            from_status: Some(from.as_str()),
            to_status: Some(to.as_str()),
            note: note.to_string(),
            by_name: by,
            event_at: Some(&at),
            recorded_at: &at,
            change_id: None,
        },
    )
    .await?;
    let change = DossierStatusChange {
        dossier_id: id,
        code,
        status: to.as_str().to_string(),
        national_status: to.national(),
        at,
        note: note.to_string(),
        by: by.to_string(),
    };
    feed::append(
        &mut w.tx,
        Some(&unit_code),
        &PullBody::DossierStatus(change.clone()),
    )
    .await?;
    w.commit().await?;
    Ok(change)
}

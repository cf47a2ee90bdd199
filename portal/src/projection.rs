//! Hồ sơ trên cổng dựng từ thay đổi của quầy: applies one stored desk change to the portal's
//! dossier table, inside the caller's transaction (the one that stored the change). A change that
//! cannot be applied is rejected with a Vietnamese reason and the caller rolls the whole row back.
//!
//! The changes are the contract's types (`motcua_protocol::change`), read once by
//! [`DossierChange::decode`] in `push.rs`: a payload with an unknown field, a missing field or
//! an operation spelt otherwise never reaches this module.

use motcua_protocol::change::{
    Correction, Create, DossierChange, DueOverride, Party, Pause, Resume, SettledFee, StatusMove,
};
use motcua_protocol::status::{self, Status};
use sqlx::{Any, Transaction};

use crate::desks::AuthDesk;
use crate::error::Result;

/// Why a change was refused, for the desk's quarantine.
pub type Reject = String;

/// One processing step (quá trình xử lý) to append.
pub struct Step<'a> {
    pub dossier_id: &'a str,
    pub source: &'a str,
    pub kind: &'a str,
    pub from_status: Option<&'a str>,
    pub to_status: Option<&'a str>,
    pub note: String,
    pub by_name: &'a str,
    pub event_at: Option<&'a str>,
    pub recorded_at: &'a str,
    pub change_id: Option<i64>,
}

pub async fn append_step(tx: &mut Transaction<'_, Any>, s: &Step<'_>) -> Result<()> {
    let national = s
        .to_status
        .and_then(Status::parse)
        .map(|st| i64::from(st.national()));
    sqlx::query(
        "INSERT INTO processing_step (dossier_id, source, kind, from_status, to_status, national_status, note, by_name, event_at, recorded_at, change_id) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)",
    )
    .bind(s.dossier_id)
    .bind(s.source)
    .bind(s.kind)
    .bind(s.from_status)
    .bind(s.to_status)
    .bind(national)
    .bind(&s.note)
    .bind(s.by_name)
    .bind(s.event_at)
    .bind(s.recorded_at)
    .bind(s.change_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn required<'a>(value: &'a str, key: &str) -> Result<&'a str, Reject> {
    match value.trim() {
        "" => Err(format!("Thiếu trường «{key}» trong nội dung thay đổi.")),
        v => Ok(v),
    }
}

/// Whether a desk's move still makes sense from the portal's current status. The back office may
/// have moved the dossier since the desk last pulled: a desk move is applied when it starts from
/// the portal's status, already ends there, or is allowed from it by the contract's table
/// ([`status::allowed`]); otherwise it is rejected, the desk shows the reason to the clerk and
/// the back office's status reaches the desk by pull.
fn still_possible(current: &str, from: Status, to: Status) -> Result<(), Reject> {
    // The move itself must be one the table allows: a desk never sends another, so one that is
    // not (handed-out → received, received → handed-out) is refused even when it starts from the
    // portal's status (found by fuzzing; before, any such move was applied).
    if !status::allowed(from, to) {
        return Err(format!(
            "Không thể chuyển hồ sơ từ «{}» sang «{}».",
            from.label_vi(),
            to.label_vi()
        ));
    }
    if current == from.as_str() || current == to.as_str() {
        return Ok(());
    }
    match Status::parse(current) {
        Some(cur) if status::allowed(cur, to) => Ok(()),
        Some(cur) => Err(format!(
            "Hồ sơ trên cổng đang ở trạng thái «{}» (bộ phận xử lý đã cập nhật); không thể chuyển sang «{}». Hãy đồng bộ để nhận trạng thái mới.",
            cur.label_vi(),
            to.label_vi()
        )),
        None => Err(format!("Hồ sơ trên cổng có trạng thái lạ «{current}».")),
    }
}

/// The status's Vietnamese name, or the raw text when the portal does not know it.
fn shown(raw: &str) -> String {
    Status::parse(raw).map_or_else(|| raw.to_string(), |s| s.label_vi().to_string())
}

/// Applies the change. `Ok(Err(reason))` = rejected (roll back); `Err` = a database fault.
/// `payload` is the change's text as the desk sent it (kept with a new dossier).
pub async fn apply(
    tx: &mut Transaction<'_, Any>,
    desk: &AuthDesk,
    change: &DossierChange,
    entity_id: &str,
    payload: &str,
    change_id: i64,
    recorded_at: &str,
) -> Result<Result<(), Reject>> {
    let id = match required(change.dossier_id(), "id") {
        Ok(id) => id,
        Err(r) => return Ok(Err(r)),
    };
    if id != entity_id {
        return Ok(Err(format!(
            "Mã hồ sơ trong nội dung ({id}) khác mã của thay đổi ({entity_id})."
        )));
    }
    let ctx = Ctx {
        desk,
        id,
        change_id,
        recorded_at,
    };
    match change {
        DossierChange::Create(c) => create(tx, &ctx, c, payload).await,
        DossierChange::Status(m) => move_status(tx, &ctx, m).await,
        DossierChange::DueOverride(d) => due_override(tx, &ctx, d).await,
        DossierChange::Pause(p) => pause(tx, &ctx, p).await,
        DossierChange::Resume(r) => resume(tx, &ctx, r).await,
        DossierChange::Correction(k) => correct(tx, &ctx, k).await,
    }
}

struct Ctx<'a> {
    desk: &'a AuthDesk,
    id: &'a str,
    change_id: i64,
    recorded_at: &'a str,
}

impl Ctx<'_> {
    fn step<'s>(
        &'s self,
        kind: &'s str,
        from: Option<&'s str>,
        to: Option<&'s str>,
        note: String,
        at: Option<&'s str>,
    ) -> Step<'s> {
        Step {
            dossier_id: self.id,
            source: "desk",
            kind,
            from_status: from,
            to_status: to,
            note,
            by_name: &self.desk.name,
            event_at: at,
            recorded_at: self.recorded_at,
            change_id: Some(self.change_id),
        }
    }
}

macro_rules! reject_on_err {
    ($e:expr) => {
        match $e {
            Ok(v) => v,
            Err(reason) => return Ok(Err(reason)),
        }
    };
}

/// A `create` change checked and ready to insert: what the dossier row and its first step need.
pub struct CreateRow<'a> {
    pub id: &'a str,
    pub code: String,
    pub status: Status,
    pub received_at: &'a str,
    pub due_at: Option<&'a str>,
    pub procedure_code: &'a str,
    pub procedure_name: &'a str,
    pub submitter: &'a str,
    /// The first processing step's note.
    pub note: String,
    /// SHA-256 (hex) of the dossier's lookup token, when the desk sent one
    /// ([`crate::lookup_page::token_hash`]).
    pub lookup_token_hash: Option<String>,
}

/// Checks a `create` change of `desk` (the same rules whether the row is stored alone or in a
/// batch): the ids agree, the dossier is the desk's unit's, the fields are there and well formed.
pub fn check_create<'a>(
    desk: &AuthDesk,
    entity_id: &str,
    p: &'a Create,
) -> Result<CreateRow<'a>, Reject> {
    let id = required(&p.id, "id")?;
    if id != entity_id {
        return Err(format!(
            "Mã hồ sơ trong nội dung ({id}) khác mã của thay đổi ({entity_id})."
        ));
    }
    let code = required(&p.code, "code")?.to_uppercase();
    let unit = required(&p.receiving_unit_code, "receiving_unit_code")?;
    if !unit.eq_ignore_ascii_case(&desk.unit_code) {
        return Err(format!(
            "Hồ sơ {code} thuộc đơn vị «{unit}», nhưng quầy thuộc đơn vị «{}»: quầy chỉ được gửi hồ sơ của đơn vị mình.",
            desk.unit_code
        ));
    }
    // The code is `<unit code>-YYMMDD-NNNN` (domain.md): a desk must not take a number of another
    // unit's sequence, which would refuse that unit's own dossier later and show this one on the
    // public page under the other unit's code.
    let prefix = format!("{}-", desk.unit_code.to_uppercase());
    if !code.starts_with(&prefix) {
        return Err(format!(
            "Mã hồ sơ {code} không thuộc đơn vị «{}» (phải bắt đầu bằng «{prefix}»): quầy chỉ được cấp mã của đơn vị mình.",
            desk.unit_code
        ));
    }
    let procedure_code = required(&p.procedure_code, "procedure_code")?;
    let lookup_token_hash = match &p.lookup_token {
        None => None,
        Some(t) if crate::lookup_page::token_well_formed(t) => {
            Some(crate::lookup_page::token_hash(t))
        }
        Some(_) => {
            return Err(
                "Mã tra cứu (lookup_token) không hợp lệ: cần 20 đến 64 chữ cái hoặc chữ số.".into(),
            );
        }
    };
    Ok(CreateRow {
        id,
        code,
        status: p.status,
        received_at: p.received_at.as_str(),
        due_at: p.due_at.as_ref().map(|d| d.as_str()),
        procedure_code,
        procedure_name: p.procedure_name.trim(),
        submitter: &p.submitter.full_name,
        note: format!("Tiếp nhận hồ sơ tại {}", desk.name),
        lookup_token_hash,
    })
}

async fn create(
    tx: &mut Transaction<'_, Any>,
    c: &Ctx<'_>,
    p: &Create,
    payload: &str,
) -> Result<Result<(), Reject>> {
    let row = reject_on_err!(check_create(c.desk, c.id, p));
    let (code, st, received_at, due_at) =
        (row.code.clone(), row.status, row.received_at, row.due_at);
    let (procedure_code, procedure_name, submitter) =
        (row.procedure_code, row.procedure_name, row.submitter);
    let done = sqlx::query(
        "INSERT INTO dossier (id, unit_code, code, procedure_code, procedure_name, submitter_name, status, national_status, received_at, due_at, desk_id, created_payload, created_at, updated_at, lookup_token_hash) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13, $14) ON CONFLICT DO NOTHING",
    )
    .bind(c.id)
    .bind(&c.desk.unit_code)
    .bind(&code)
    .bind(procedure_code)
    .bind(procedure_name)
    .bind(submitter)
    .bind(st.as_str())
    .bind(i64::from(st.national()))
    .bind(received_at)
    .bind(due_at)
    .bind(&c.desk.id)
    .bind(payload)
    .bind(c.recorded_at)
    .bind(row.lookup_token_hash.as_deref())
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        let same_id: Option<String> = sqlx::query_scalar("SELECT code FROM dossier WHERE id = $1")
            .bind(c.id)
            .fetch_optional(&mut **tx)
            .await?;
        return Ok(Err(match same_id {
            Some(existing) => format!(
                "Hồ sơ {} đã có trên cổng (mã {existing}); không tạo lại.",
                c.id
            ),
            None => format!(
                "Mã hồ sơ {code} đã được dùng cho một hồ sơ khác của đơn vị; kiểm tra lại suất số thứ tự của quầy."
            ),
        }));
    }
    append_step(
        tx,
        &c.step(
            "create",
            None,
            Some(st.as_str()),
            row.note,
            Some(received_at),
        ),
    )
    .await?;
    Ok(Ok(()))
}

/// The dossier's current status and status before a pause, if it is this desk's unit's.
async fn current(
    tx: &mut Transaction<'_, Any>,
    c: &Ctx<'_>,
) -> Result<Result<(String, Option<String>), Reject>> {
    let row: Option<(String, Option<String>)> = sqlx::query_as(
        "SELECT status, status_before_pause FROM dossier WHERE id = $1 AND unit_code = $2",
    )
    .bind(c.id)
    .bind(&c.desk.unit_code)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.ok_or_else(|| {
        format!(
            "Cổng chưa có hồ sơ {} của đơn vị {}; thay đổi tạo hồ sơ phải được gửi trước.",
            c.id, c.desk.unit_code
        )
    }))
}

async fn move_status(
    tx: &mut Transaction<'_, Any>,
    c: &Ctx<'_>,
    m: &StatusMove,
) -> Result<Result<(), Reject>> {
    let (to, from) = (m.to, m.from);
    let (now_status, _) = reject_on_err!(current(tx, c).await?);
    reject_on_err!(still_possible(&now_status, from, to));
    sqlx::query(status::MOVE_SQL)
        .bind(to.as_str())
        .bind(i64::from(to.national()))
        .bind(c.recorded_at)
        .bind(c.id)
        .bind(&now_status)
        .execute(&mut **tx)
        .await?;
    let mut note = m.reason.trim().to_string();
    if let Some(fee) = &m.fee {
        record_result_fee(tx, c, fee).await?;
    }
    if let Some(r) = &m.recipient {
        note = format!(
            "Trả kết quả cho {}{}",
            r.full_name,
            if r.is_proxy {
                " (người được ủy quyền)"
            } else {
                ""
            }
        );
    }
    if from.as_str() != now_status {
        note = format!(
            "{note} [trên cổng trước đó là «{now_status}», quầy ghi «{}»]",
            from.as_str()
        )
        .trim()
        .to_string();
    }
    append_step(
        tx,
        &c.step(
            "status",
            Some(from.as_str()),
            Some(to.as_str()),
            note,
            Some(m.at.as_str()),
        ),
    )
    .await?;
    Ok(Ok(()))
}

/// Keeps how a fee due at result was settled at hand-out (thu khi trả kết quả) on the dossier:
/// the state, the amount (integer đồng), the fee receipt's series/number or the desk's reason.
async fn record_result_fee(
    tx: &mut Transaction<'_, Any>,
    c: &Ctx<'_>,
    fee: &SettledFee,
) -> Result<()> {
    let (state, amount, receipt, note): (&str, Option<i64>, Option<String>, String) = match fee {
        SettledFee::Collected {
            series,
            number,
            amount,
            method,
            ..
        } => (
            "collected",
            Some(*amount),
            Some(format!("{series}/{number}")),
            method.clone(),
        ),
        SettledFee::Exempt { exempt_reason } => ("exempt", None, None, exempt_reason.clone()),
        SettledFee::DueAtResult {
            amount,
            unpaid_reason,
        } => ("due-at-result", Some(*amount), None, unpaid_reason.clone()),
    };
    sqlx::query(
        "UPDATE dossier SET result_fee_state = $1, result_fee_amount = $2, result_fee_receipt = $3, result_fee_note = $4 WHERE id = $5",
    )
    .bind(state)
    .bind(amount)
    .bind(receipt)
    .bind(note)
    .bind(c.id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

async fn due_override(
    tx: &mut Transaction<'_, Any>,
    c: &Ctx<'_>,
    d: &DueOverride,
) -> Result<Result<(), Reject>> {
    let new_due = d.new_due_at.as_ref().map(|i| i.as_str());
    reject_on_err!(current(tx, c).await?);
    sqlx::query("UPDATE dossier SET due_at = $1, updated_at = $2 WHERE id = $3")
        .bind(new_due)
        .bind(c.recorded_at)
        .bind(c.id)
        .execute(&mut **tx)
        .await?;
    let note = format!(
        "Đổi ngày hẹn trả thành {}. {}",
        new_due.unwrap_or("(không hẹn)"),
        d.reason.trim()
    );
    append_step(
        tx,
        &c.step("due-override", None, None, note.trim().to_string(), None),
    )
    .await?;
    Ok(Ok(()))
}

async fn pause(
    tx: &mut Transaction<'_, Any>,
    c: &Ctx<'_>,
    p: &Pause,
) -> Result<Result<(), Reject>> {
    let at = p.paused_at.as_ref().map(|i| i.as_str());
    let (now_status, _) = reject_on_err!(current(tx, c).await?);
    let to = Status::SupplementRequested;
    if !matches!(
        Status::parse(&now_status),
        Some(Status::Received | Status::InProcessing)
    ) {
        return Ok(Err(format!(
            "Không thể yêu cầu bổ sung: hồ sơ trên cổng đang ở trạng thái «{}».",
            shown(&now_status)
        )));
    }
    sqlx::query(status::PAUSE_SQL)
        .bind(to.as_str())
        .bind(i64::from(to.national()))
        .bind(c.recorded_at)
        .bind(c.id)
        .bind(&now_status)
        .bind(at.unwrap_or(c.recorded_at))
        .execute(&mut **tx)
        .await?;
    let note = format!(
        "Yêu cầu bổ sung hồ sơ; tạm dừng tính thời hạn. {}",
        p.reason.trim()
    );
    append_step(
        tx,
        &c.step(
            "pause",
            Some(&now_status),
            Some(to.as_str()),
            note.trim().to_string(),
            at,
        ),
    )
    .await?;
    Ok(Ok(()))
}

async fn resume(
    tx: &mut Transaction<'_, Any>,
    c: &Ctx<'_>,
    r: &Resume,
) -> Result<Result<(), Reject>> {
    let at = r.resumed_at.as_ref().map(|i| i.as_str());
    let new_due = r.new_due_at.as_ref().map(|i| i.as_str());
    let (now_status, before) = reject_on_err!(current(tx, c).await?);
    if now_status != Status::SupplementRequested.as_str() {
        return Ok(Err(format!(
            "Không thể tiếp tục tính hạn: hồ sơ trên cổng không chờ bổ sung (đang «{}»).",
            shown(&now_status)
        )));
    }
    let back = before
        .as_deref()
        .and_then(Status::parse)
        .unwrap_or(Status::Received);
    sqlx::query(
        "UPDATE dossier SET status = $1, national_status = $2, due_at = $3, paused_at = NULL, status_before_pause = NULL, updated_at = $4 WHERE id = $5",
    )
    .bind(back.as_str())
    .bind(i64::from(back.national()))
    .bind(new_due)
    .bind(c.recorded_at)
    .bind(c.id)
    .execute(&mut **tx)
    .await?;
    let note = format!(
        "Đã nhận hồ sơ bổ sung; tính tiếp thời hạn, hẹn trả mới {}.",
        new_due.unwrap_or("(không hẹn)")
    );
    append_step(
        tx,
        &c.step("resume", Some(&now_status), Some(back.as_str()), note, at),
    )
    .await?;
    Ok(Ok(()))
}

/// Đính chính: the desk corrected a typo in the submitter's or owner's details. The portal's
/// copy of the dossier follows: the submitter's name column, and the `create` payload it keeps
/// for the national export (`created_payload`: as sent, with the desk's later corrections
/// applied, so the export names the person as corrected). The processing step names what was
/// corrected and why, never the values (the step list is shown beside the public lookup).
async fn correct(
    tx: &mut Transaction<'_, Any>,
    c: &Ctx<'_>,
    k: &Correction,
) -> Result<Result<(), Reject>> {
    reject_on_err!(current(tx, c).await?);
    let payload: String = sqlx::query_scalar("SELECT created_payload FROM dossier WHERE id = $1")
        .bind(c.id)
        .fetch_one(&mut **tx)
        .await?;
    let mut created = match DossierChange::decode("create", &payload) {
        Ok(DossierChange::Create(created)) => created,
        _ => {
            return Ok(Err(format!(
                "Không đọc được nội dung tiếp nhận của hồ sơ {} trên cổng để đính chính.",
                c.id
            )));
        }
    };
    let person = match k.party {
        Party::Submitter => &mut created.submitter,
        Party::Owner => match created.owner.as_mut() {
            Some(owner) => owner,
            None => {
                return Ok(Err(
                    "Hồ sơ trên cổng không có chủ hồ sơ khác người nộp để đính chính.".into(),
                ));
            }
        },
    };
    k.field.set(person, &k.after);
    let submitter_name = created.submitter.full_name.clone();
    let corrected = DossierChange::Create(created).payload();
    sqlx::query(
        "UPDATE dossier SET submitter_name = $1, created_payload = $2, updated_at = $3 WHERE id = $4",
    )
    .bind(&submitter_name)
    .bind(&corrected)
    .bind(c.recorded_at)
    .bind(c.id)
    .execute(&mut **tx)
    .await?;
    let whose = match k.party {
        Party::Submitter => "người nộp",
        Party::Owner => "chủ hồ sơ",
    };
    let what = match k.field {
        motcua_protocol::change::CorrectedField::FullName => "họ tên",
        motcua_protocol::change::CorrectedField::IdNumber => "số định danh",
        motcua_protocol::change::CorrectedField::Phone => "số điện thoại",
        motcua_protocol::change::CorrectedField::Email => "thư điện tử",
        motcua_protocol::change::CorrectedField::Address => "địa chỉ",
    };
    let note = format!("Đính chính {what} của {whose}. Lý do: {}", k.reason.trim());
    append_step(
        tx,
        &c.step("correction", None, None, note, Some(k.at.as_str())),
    )
    .await?;
    Ok(Ok(()))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Found by the `portal_push` fuzz target: a move the lifecycle forbids was applied whenever
    /// the desk claimed to start from the portal's status.
    #[test]
    fn moves_the_lifecycle_forbids_are_refused() {
        use Status::*;
        assert!(still_possible("received", Received, InProcessing).is_ok());
        assert!(still_possible("result-ready", ResultReady, HandedOut).is_ok());
        assert!(still_possible("received", Received, HandedOut).is_err());
        assert!(still_possible("handed-out", HandedOut, Received).is_err());
        assert!(still_possible("stopped", Stopped, InProcessing).is_err());
        // The back office moved it meanwhile: judged from the portal's status, as before.
        assert!(still_possible("in-processing", Received, ResultReady).is_ok());
        assert!(still_possible("result-ready", Received, Stopped).is_err());
    }
}

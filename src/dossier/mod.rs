//! Hồ sơ: the dossier's status, its code (mã hồ sơ) and how it is read back.

pub mod applicants;
pub mod backdate;
pub mod correction;
pub mod due_change;
pub mod handout_fee;
pub(crate) mod history;
pub mod intake;
pub mod lifecycle;
pub mod lookup_token;
pub mod outbox;
pub mod pause;
pub mod register;

use chrono::{DateTime, Utc};
use rust_i18n::t;
use sqlx::{Sqlite, Transaction};

use crate::accounts::{Permission, Session};
use crate::dto::FormKind;
use crate::dto::{
    Applicant, DocumentReceived, DossierEvent, DossierOutcome, DossierSummary, DossierView,
    EReceiptState, FeeReceiptInfo, FeeState, MissingItem, OwnerKind, PrintRecord, SubmitterRole,
};
use crate::reference::catalogue::Delivery;
use crate::store::Db;
use crate::{Error, Result};

/// The dossier's status and its national code: the contract's (`motcua_protocol::status`), so
/// the desk and the portal judge moves by one table.
pub use motcua_protocol::status::Status;

/// What only the desk does with a [`Status`]: name it in the clerk's language, read it from a
/// person's input with a translated error.
pub trait StatusExt: Sized {
    /// The status in the current language.
    fn label(self) -> String;
    /// [`Status::parse`] for input from a person: an unknown name is an `unknown_status` error
    /// on the field `to`, in the current language.
    fn from_name(s: &str) -> Result<Self>;
}

impl StatusExt for Status {
    fn label(self) -> String {
        t!(format!("status.{}", self.as_str())).to_string()
    }

    fn from_name(s: &str) -> Result<Status> {
        Status::parse(s.trim()).ok_or_else(|| {
            Error::invalid(
                "unknown_status",
                Some("to"),
                rust_i18n::t!("lifecycle.unknown_status", value = s.trim()),
            )
        })
    }
}

/// Mã hồ sơ `<unit code>-YYMMDD-NNNN`: NNNN is the ordinal of the day in the unit, at least four
/// digits. Several desks of one unit can all be offline, so each desk takes only its own share of
/// the day's numbers: `offset + 1, offset + 1 + stride, ...` (one desk alone: 1, 2, 3, ...).
pub fn format_code(unit_code: &str, yymmdd: &str, seq: i64) -> String {
    format!("{unit_code}-{yymmdd}-{seq:04}")
}

/// The smallest number of the share `offset + 1 + k * stride` above `last`. `last` may lie
/// outside the share when the share changed during the day (a desk enrolled with a portal after
/// it had already received dossiers alone), so this never assumes `last` is in it.
pub fn next_after(last: Option<i64>, offset: i64, stride: i64) -> i64 {
    let base = offset + 1;
    let stride = stride.max(1);
    match last {
        Some(l) if l >= base => base + ((l - base) / stride + 1) * stride,
        _ => base,
    }
}

/// Takes the next number of this desk's share of a counter (daily dossier numbers, yearly ledger
/// numbers), inside the caller's transaction.
pub async fn next_in_share(
    tx: &mut Transaction<'_, Sqlite>,
    table: &'static str,
    key: &str,
    offset: i64,
    stride: i64,
) -> Result<i64> {
    let (key_col, sql_get) = match table {
        "daily_sequence" => ("day", "SELECT last_seq FROM daily_sequence WHERE day = ?"),
        _ => (
            "book",
            "SELECT last_seq FROM ledger_sequence WHERE book = ?",
        ),
    };
    let last: Option<i64> = sqlx::query_scalar(sql_get)
        .bind(key)
        .fetch_optional(&mut **tx)
        .await?;
    let next = next_after(last, offset, stride);
    let upsert = format!(
        "INSERT INTO {table} ({key_col}, last_seq) VALUES (?, ?) ON CONFLICT ({key_col}) DO UPDATE SET last_seq = excluded.last_seq"
    );
    sqlx::query(&upsert)
        .bind(key)
        .bind(next)
        .execute(&mut **tx)
        .await?;
    Ok(next)
}

#[derive(sqlx::FromRow)]
pub(crate) struct SummaryRow {
    id: String,
    code: String,
    procedure_code: String,
    procedure_name: String,
    submitter_name: String,
    id_number: String,
    received_at: String,
    due_at: Option<String>,
    status: String,
}

/// The columns of a [`SummaryRow`], prefixed by the table alias `d`.
pub(crate) const SUMMARY_COLUMNS_D: &str = "d.id, d.code, d.procedure_code, d.procedure_name, d.submitter_name, d.id_number, d.received_at, d.due_at, d.status";
const SUMMARY_COLUMNS: &str = "id, code, procedure_code, procedure_name, submitter_name, id_number, received_at, due_at, status";

impl SummaryRow {
    pub(crate) fn into_dto(self) -> Result<DossierSummary> {
        let status = stored("status", &self.status, |s| Status::parse(s))?;
        Ok(DossierSummary {
            id: self.id,
            code: self.code,
            procedure_code: self.procedure_code,
            procedure_name: self.procedure_name,
            submitter_name: self.submitter_name,
            id_number: self.id_number,
            received_at: self.received_at,
            due_at: self.due_at,
            status,
            status_label: status.label(),
        })
    }
}

/// A value the desk itself wrote into a closed column, read back; anything else means the row
/// was changed behind the desk's back.
pub(crate) fn stored<T>(column: &str, value: &str, parse: impl Fn(&str) -> Option<T>) -> Result<T> {
    parse(value).ok_or_else(|| {
        Error::invalid(
            "corrupt_record",
            None,
            t!("dossier.corrupt_value", column = column, value = value),
        )
    })
}

/// The desk's dossiers, newest first: all of them, or those received today (Vietnam date),
/// searched by code, name (diacritic-insensitive), ID number or phone. A shorthand for
/// [`crate::dossier::register::search`] (exact matches first when the query is narrow enough to rank).
pub async fn list(
    db: &Db,
    s: &Session,
    query: &str,
    today_only: bool,
    now: DateTime<Utc>,
    limit: i64,
) -> Result<Vec<DossierSummary>> {
    let q = crate::dossier::register::RegisterQuery {
        query: query.to_string(),
        filters: if today_only {
            vec![crate::dossier::register::Filter::Today]
        } else {
            Vec::new()
        },
        sort: crate::dossier::register::Sort::default(),
        offset: 0,
        limit: u32::try_from(limit.clamp(1, i64::from(crate::dossier::register::MAX_PAGE)))
            .unwrap_or(50),
    };
    Ok(crate::dossier::register::search(db, s, &q, now).await?.rows)
}

/// Mở hồ sơ: one dossier with its personal data, for a person. Audited (`dossier.view`).
pub async fn view(db: &Db, s: &Session, code: &str) -> Result<DossierView> {
    s.require(Permission::ViewDossier)?;
    let d = get(db, code).await?;
    crate::accounts::audit::record(
        db,
        s.actor(),
        "dossier.view",
        &d.summary.code,
        serde_json::json!({}),
        Utc::now(),
    )
    .await?;
    Ok(d)
}

/// One dossier with its documents, history and print log (no role check, not audited: what the
/// core returns after a change it made; a person opening a dossier goes through [`view`]).
pub async fn get(db: &Db, code: &str) -> Result<DossierView> {
    let code = code.trim();
    let row: Option<SummaryRow> = sqlx::query_as(&format!(
        "SELECT {SUMMARY_COLUMNS} FROM dossier WHERE code = ? OR id = ?"
    ))
    .bind(code.to_uppercase())
    .bind(code)
    .fetch_optional(db)
    .await?;
    let row = row.ok_or_else(|| {
        Error::not_found("dossier_not_found", t!("dossier.not_found", code = code))
    })?;
    let id = row.id.clone();
    let (submitter_json, owner_json, sets_count, delivery, due_explanation, fee_text, ledger_book, ledger_number): (
        String,
        Option<String>,
        i64,
        String,
        String,
        String,
        String,
        i64,
    ) = sqlx::query_as("SELECT submitter_json, owner_json, sets_count, delivery, due_explanation, fee_text, ledger_book, ledger_number FROM dossier WHERE id = ?")
        .bind(&id)
        .fetch_one(db)
        .await?;
    let extra: Extra = sqlx::query_as(
        "SELECT d.outcome, d.outcome_json, d.owner_kind, d.submitter_role, d.authorisation, d.fee_amount, d.fee_state,
                r.series, r.number, r.e_receipt_state
         FROM dossier d LEFT JOIN fee_receipt r ON r.dossier_id = d.id WHERE d.id = ?",
    )
    .bind(&id)
    .fetch_one(db)
    .await?;
    let submitter: Applicant = serde_json::from_str(&submitter_json).unwrap_or_default();
    let owner: Option<Applicant> = owner_json
        .as_deref()
        .and_then(|j| serde_json::from_str(j).ok());
    let documents = sqlx::query_as::<_, (String, i64, i64, i64)>(
        "SELECT name, original, certified, photocopy FROM dossier_document WHERE dossier_id = ? ORDER BY position",
    )
    .bind(&id)
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|(name, o, c, p)| DocumentReceived { name, original: o as u32, certified: c as u32, photocopy: p as u32 })
    .collect();
    let events = sqlx::query_as::<_, (String, String, String, Option<String>, Option<String>, String)>(
        "SELECT at, actor, kind, from_status, to_status, note FROM dossier_event WHERE dossier_id = ? ORDER BY id",
    )
    .bind(&id)
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|(at, actor, kind, from_status, to_status, note)| DossierEvent { at, actor, kind, from_status, to_status, note })
    .collect();
    let prints = sqlx::query_as::<_, (String, String, String, String)>(
        "SELECT at, actor, kind, target FROM print_log WHERE dossier_id = ? ORDER BY id",
    )
    .bind(&id)
    .fetch_all(db)
    .await?
    .into_iter()
    .map(|(at, actor, kind, target)| PrintRecord {
        at,
        actor,
        kind,
        target,
    })
    .collect();
    let outcome_data: serde_json::Value = extra
        .outcome_json
        .as_deref()
        .and_then(|j| serde_json::from_str(j).ok())
        .unwrap_or_default();
    let missing: Vec<MissingItem> =
        serde_json::from_value(outcome_data["missing"].clone()).unwrap_or_default();
    let refusal_reason = outcome_data["reason"].as_str().map(str::to_string);
    let fee_receipt = match (extra.series, extra.number, extra.e_receipt_state) {
        (Some(series), Some(number), Some(e_receipt_state)) => Some(FeeReceiptInfo {
            series,
            number: u32::try_from(number).unwrap_or(0),
            e_receipt_state: stored("e_receipt_state", &e_receipt_state, EReceiptState::parse)?,
        }),
        _ => None,
    };
    let after = after_intake(db, &id, &row.status).await?;
    let outcome = stored("outcome", &extra.outcome, DossierOutcome::parse)?;
    let forms = forms_for(outcome, fee_receipt.is_some(), &after);
    let warnings = applicant_warnings(&submitter);
    // The appointment before the first extension (gia hạn, Mẫu 04), shown beside the current one.
    let first_due_at: Option<String> = sqlx::query_scalar(
        "SELECT old_due_at FROM dossier_extension WHERE dossier_id = ? ORDER BY id LIMIT 1",
    )
    .bind(&id)
    .fetch_optional(db)
    .await?;
    Ok(DossierView {
        warnings,
        first_due_at,
        outcome,
        missing,
        refusal_reason,
        owner_kind: stored("owner_kind", &extra.owner_kind, OwnerKind::parse)?,
        submitter_role: stored(
            "submitter_role",
            &extra.submitter_role,
            SubmitterRole::parse,
        )?,
        authorisation: extra.authorisation,
        fee_amount: extra.fee_amount,
        fee_state: stored("fee_state", &extra.fee_state, FeeState::parse)?,
        fee_receipt,
        forms,
        summary: row.into_dto()?,
        submitter,
        owner,
        documents,
        sets_count: sets_count as u32,
        delivery: stored("delivery", &delivery, Delivery::parse)?,
        due_explanation,
        fee_text,
        ledger_book,
        ledger_number,
        events,
        prints,
    })
}

/// Things about the submitter's details that are allowed but worth a second look (a legacy
/// 9-digit ID, an unusual passport shape, a landline): warnings, never blocks.
pub fn applicant_warnings(a: &Applicant) -> Vec<String> {
    let mut out: Vec<String> = crate::identity::check_personal_id_with(&a.id_number, None, None)
        .map(|w| w.into_iter().map(|w| w.message).collect())
        .unwrap_or_default();
    if !a.phone.is_empty() {
        if let Ok((_, _, w)) = crate::identity::check_phone(&a.phone) {
            out.extend(w.into_iter().map(|w| w.message));
        }
    }
    out
}

#[derive(sqlx::FromRow)]
struct Extra {
    outcome: String,
    outcome_json: Option<String>,
    owner_kind: String,
    submitter_role: String,
    authorisation: String,
    fee_amount: i64,
    fee_state: String,
    series: Option<String>,
    number: Option<i64>,
    e_receipt_state: Option<String>,
}

/// The forms a dossier prints, by its intake outcome: Mẫu 01 for a received dossier (plus the fee
/// receipt when the fee was collected), Mẫu 02 for a supplement request, Mẫu 03 for a refusal,
/// nothing on paper for an assisted online submission. A received dossier then also prints, as
/// its history grows: Mẫu 06 (control sheet) once it has left "received", Mẫu 04 (apology and
/// extension) after an extension, Mẫu 05 (stop notice) once withdrawn or stopped, and the
/// hand-over note once the result was handed out.
pub fn forms_for(
    outcome: DossierOutcome,
    has_fee_receipt: bool,
    after: &AfterIntake,
) -> Vec<FormKind> {
    let mut forms: Vec<FormKind> = match outcome {
        DossierOutcome::Accepted => vec![FormKind::Receipt],
        DossierOutcome::Supplement => vec![FormKind::SupplementRequest],
        DossierOutcome::Refused => vec![FormKind::Refusal],
        DossierOutcome::AssistedOnline => Vec::new(),
    };
    if has_fee_receipt {
        forms.push(FormKind::FeeReceipt);
    }
    if outcome == DossierOutcome::Accepted {
        // Mẫu 06 goes with "Liên 1: Lưu" of the receipt from intake on (TT 01/2018 Art. 14:
        // the control sheet accompanies the dossier from the moment it is received).
        forms.push(FormKind::ControlSheet);
        if after.extended {
            forms.push(FormKind::Apology);
        }
        if after.stopped {
            forms.push(FormKind::Stop);
        }
        if after.handed_out {
            forms.push(FormKind::Handover);
        }
    }
    forms
}

/// What happened to a dossier after intake that decides which later forms it prints (see
/// [`dossier::forms_for`]).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AfterIntake {
    /// The dossier's status (`None` if unknown).
    pub status: Option<Status>,
    /// At least one extension was given (Mẫu 04).
    pub extended: bool,
    /// Withdrawn or stopped, with the reason kept (Mẫu 05).
    pub stopped: bool,
    /// The result was handed out and the recipient kept (hand-over note).
    pub handed_out: bool,
}

/// Reads [`AfterIntake`] for a dossier.
pub async fn after_intake(db: &Db, dossier_id: &str, status: &str) -> Result<AfterIntake> {
    let (extended, stopped, handed_out): (bool, bool, bool) = sqlx::query_as(
        "SELECT EXISTS (SELECT 1 FROM dossier_extension WHERE dossier_id = ?1),
                EXISTS (SELECT 1 FROM dossier_stop WHERE dossier_id = ?1),
                EXISTS (SELECT 1 FROM dossier_handover WHERE dossier_id = ?1)",
    )
    .bind(dossier_id)
    .fetch_one(db)
    .await?;
    Ok(AfterIntake {
        status: Status::parse(status),
        extended,
        stopped,
        handed_out,
    })
}

#[cfg(test)]
mod tests {
    /// The portal names statuses with the contract's Vietnamese labels, the desk with its locale
    /// file: both must say the same.
    #[test]
    fn the_contracts_vietnamese_labels_are_the_locale_files() {
        for s in super::Status::ALL {
            let desk = rust_i18n::t!(format!("status.{}", s.as_str()), locale = "vi");
            assert_eq!(desk, s.label_vi(), "{}", s.as_str());
        }
    }

    #[test]
    fn share_numbers_stay_in_the_share() {
        // Alone: 1, 2, 3 …
        assert_eq!(next_after(None, 0, 1), 1);
        assert_eq!(next_after(Some(1), 0, 1), 2);
        // Desk 3 of 10: 3, 13, 23 …
        assert_eq!(next_after(None, 2, 10), 3);
        assert_eq!(next_after(Some(3), 2, 10), 13);
        // Share changed mid-day after numbers 1..=5 were used alone: next in the new share above 5.
        assert_eq!(next_after(Some(5), 2, 10), 13);
        assert_eq!(next_after(Some(2), 2, 10), 3);
        assert_eq!(next_after(Some(13), 2, 10), 23);
        for last in 0..200 {
            let n = next_after(Some(last), 4, 7);
            assert!(
                n > last && (n - 5) % 7 == 0 && n - last <= 7,
                "{last} -> {n}"
            );
        }
    }
    use super::*;

    #[test]
    fn codes_have_four_digits_at_least() {
        assert_eq!(
            format_code("000.00.06.H56", "231027", 361),
            "000.00.06.H56-231027-0361"
        );
        assert_eq!(
            format_code("H01.151.01", "260205", 12345),
            "H01.151.01-260205-12345"
        );
    }

    #[test]
    fn every_status_maps_to_a_national_code() {
        for s in Status::ALL {
            assert!((1..=10).contains(&s.national()));
            assert_eq!(Status::parse(s.as_str()), Some(s));
        }
    }
}

//! Tiếp nhận hồ sơ: checking a walk-in dossier and saving it, with its documents, its first
//! history event and its outbox row, in ONE transaction.

use chrono::{DateTime, Utc};
use motcua_protocol::change::{self as wire, DossierChange};
use motcua_protocol::instant::Instant;
use rust_i18n::t;
use serde_json::json;
use uuid::Uuid;

use crate::accounts::{Permission, Session};
use crate::calendar::{Due, HolidayCalendar, WorkingHours, compute_due};
use crate::dossier::{self, Status, format_code, next_in_share};
use crate::dto::{Applicant, DocumentReceived, DossierView, DuePreview, IntakeInput, MissingItem};
use crate::identity::{check_email, check_id_number, normalize_phone};
use crate::reference::catalogue::{self, Delivery, Procedure};
use crate::reference::desk::{self, Context};
use crate::reference::fees::{self, FeeAmount, FeeInput};
use crate::search_text::{fold, nfc};
use crate::store::Db;
use crate::{Error, Result, clock, dossier::due_change, dossier::outbox, reference::holidays};

/// A received instant may be at most this far in the desk clock's future.
const MAX_FUTURE_SECONDS: i64 = crate::dossier::backdate::MAX_FUTURE_SECONDS;

/// Due time of a procedure for a dossier received at `received_at`.
pub fn due_for(
    procedure: &Procedure,
    received_at: DateTime<Utc>,
    hours: &WorkingHours,
    cal: &HolidayCalendar,
) -> Result<Due> {
    let spec = procedure.duration.to_spec()?;
    Ok(compute_due(received_at, &spec, hours, cal)?)
}

/// The explanation in the current language.
pub fn explanation(due: &Due) -> String {
    if crate::i18n::current() == "en" {
        due.explanation_en.clone()
    } else {
        due.explanation_vi.clone()
    }
}

/// What the intake screen shows while the clerk types: the due time and why.
pub async fn preview_due(
    db: &Db,
    procedure_code: &str,
    received_at: Option<&str>,
) -> Result<DuePreview> {
    let ctx = desk::unit_context(db).await?;
    let (_, procedure) = catalogue::get(db, procedure_code).await?;
    let received = parse_received(received_at, Utc::now())?;
    let cal = holidays::load(db).await?;
    let due = due_for(&procedure, received, &ctx.hours, &cal)?;
    Ok(DuePreview {
        due_at: due.due_at.map(clock::to_db),
        due_local_text: due
            .due_at
            .map(clock::display)
            .unwrap_or_else(|| t!("due.none").to_string()),
        explanation: explanation(&due),
    })
}

fn parse_received(raw: Option<&str>, now: DateTime<Utc>) -> Result<DateTime<Utc>> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(now),
        Some(s) => {
            let t = clock::parse(s).ok_or_else(|| {
                Error::invalid(
                    "invalid_received_at",
                    Some("received_at"),
                    t!("intake.received_at", value = s),
                )
            })?;
            if (t - now).num_seconds() > MAX_FUTURE_SECONDS {
                return Err(Error::invalid(
                    "received_in_future",
                    Some("received_at"),
                    t!("intake.received_future", value = s),
                ));
            }
            Ok(t)
        }
    }
}

/// Checks and normalises an applicant block. `prefix` tells which block a field error is in.
pub fn check_applicant(a: &Applicant, owner: bool) -> Result<Applicant> {
    let f = |plain: &'static str, own: &'static str| if owner { own } else { plain };
    let name = nfc(&a.full_name);
    if name.is_empty() {
        return Err(Error::invalid(
            "required",
            Some(f("full_name", "owner_full_name")),
            t!("intake.name_required"),
        ));
    }
    if name.chars().count() > 120 || name.chars().any(|c| c.is_control() || c.is_ascii_digit()) {
        return Err(Error::invalid(
            "invalid_name",
            Some(f("full_name", "owner_full_name")),
            t!("intake.name_invalid"),
        ));
    }
    let id_number: String = a
        .id_number
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_uppercase();
    check_id_number(&id_number).map_err(|e| match e {
        Error::Invalid { code, message, .. } => Error::Invalid {
            code,
            field: Some(f("id_number", "owner_id_number")),
            message,
        },
        other => other,
    })?;
    let phone = if a.phone.trim().is_empty() {
        String::new()
    } else {
        normalize_phone(&a.phone).map_err(|e| match e {
            Error::Invalid { code, message, .. } => Error::Invalid {
                code,
                field: Some(f("phone", "owner_phone")),
                message,
            },
            other => other,
        })?
    };
    let email = if a.email.trim().is_empty() {
        String::new()
    } else {
        check_email(&a.email).map_err(|e| match e {
            Error::Invalid { code, message, .. } => Error::Invalid {
                code,
                field: Some(f("email", "owner_email")),
                message,
            },
            other => other,
        })?
    };
    Ok(Applicant {
        full_name: name,
        id_number,
        phone,
        email,
        address: nfc(&a.address),
    })
}

/// Keeps the documents actually received (a row with no copy was not received). A procedure whose
/// catalogue entry lists documents needs at least one of them ticked.
fn check_documents(
    docs: &[DocumentReceived],
    procedure_lists_documents: bool,
) -> Result<Vec<DocumentReceived>> {
    let mut out = Vec::new();
    for d in docs {
        let name = nfc(&d.name);
        let total = d.original + d.certified + d.photocopy;
        if total == 0 {
            continue; // not received
        }
        if name.is_empty() {
            return Err(Error::invalid(
                "invalid_document",
                Some("documents"),
                t!("intake.document_name"),
            ));
        }
        if d.original > 999 || d.certified > 999 || d.photocopy > 999 {
            return Err(Error::invalid(
                "invalid_document",
                Some("documents"),
                t!("intake.document_count", name = name),
            ));
        }
        out.push(DocumentReceived { name, ..d.clone() });
    }
    if out.is_empty() && procedure_lists_documents {
        return Err(Error::invalid(
            "no_documents",
            Some("documents"),
            t!("intake.no_documents"),
        ));
    }
    Ok(out)
}

/// What the intake ends in (kết quả tiếp nhận).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Complete: received, Mẫu 01.
    Accepted,
    /// Incomplete: Mẫu 02 lists every missing document once.
    Supplement,
    /// Refused: Mẫu 03 with the reason.
    Refused,
    /// An online-only procedure (Chỉ thị 24): the desk helped the citizen file online.
    AssistedOnline,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Accepted => "accepted",
            Outcome::Supplement => "supplement",
            Outcome::Refused => "refused",
            Outcome::AssistedOnline => "assisted-online",
        }
    }

    fn status(self) -> Status {
        match self {
            Outcome::Accepted => Status::Received,
            Outcome::Supplement => Status::SupplementRequested,
            Outcome::Refused => Status::Refused,
            Outcome::AssistedOnline => Status::SubmittedOnline,
        }
    }
}

/// Everything an intake needs, checked.
struct Checked {
    version: i64,
    procedure: Procedure,
    outcome: Outcome,
    submitter: Applicant,
    owner: Option<Applicant>,
    owner_kind: String,
    submitter_role: String,
    authorisation: String,
    documents: Vec<DocumentReceived>,
    missing: Vec<MissingItem>,
    refusal_reason: Option<String>,
    sets_count: u32,
    delivery: Delivery,
    received_at: DateTime<Utc>,
    /// The reason of a backdated intake (audited), `None` when received now.
    backdated: Option<String>,
    due: Due,
    computed: Due,
    manual: Option<ManualDue>,
    fee: Option<(FeeInput, FeeAmount)>,
}

const OWNER_KINDS: [&str; 4] = ["citizen", "business", "agency", "organisation"];
const SUBMITTER_ROLES: [&str; 3] = ["owner", "relative", "proxy"];

pub(crate) fn check_owner(o: &Applicant, kind: &str) -> Result<Applicant> {
    if kind == "citizen" {
        return check_applicant(o, true);
    }
    // A business, agency or organisation: its name and tax code (mã số thuế).
    let name = nfc(&o.full_name);
    if name.is_empty() {
        return Err(Error::invalid(
            "required",
            Some("owner_full_name"),
            t!("intake.owner_name_required"),
        ));
    }
    let tax: String = o.id_number.chars().filter(|c| !c.is_whitespace()).collect();
    if !tax.is_empty() {
        crate::identity::tax_code::check_tax_code(&tax).map_err(|e| match e {
            Error::Invalid { code, message, .. } => Error::Invalid {
                code,
                field: Some("owner_id_number"),
                message,
            },
            other => other,
        })?;
    }
    let phone = if o.phone.trim().is_empty() {
        String::new()
    } else {
        normalize_phone(&o.phone)?
    };
    Ok(Applicant {
        full_name: name,
        id_number: tax,
        phone,
        email: o.email.trim().to_string(),
        address: nfc(&o.address),
    })
}

fn check_missing(items: &[MissingItem]) -> Result<Vec<MissingItem>> {
    let mut out: Vec<MissingItem> = Vec::new();
    for m in items {
        let name = nfc(&m.name);
        if name.is_empty() {
            continue;
        }
        // Every missing document is listed once (the rules forbid asking twice).
        if out.iter().any(|x| fold(&x.name) == fold(&name)) {
            continue;
        }
        out.push(MissingItem {
            name,
            reason: nfc(&m.reason),
        });
    }
    if out.is_empty() {
        return Err(Error::invalid(
            "missing_required",
            Some("missing"),
            t!("intake.missing_required"),
        ));
    }
    Ok(out)
}

/// Longest documents / missing-items list an intake takes (a catalogue entry lists a handful).
const MAX_ITEMS: usize = 100;

/// Every free-text field of an intake against [`limits`], before anything else looks at it.
fn check_lengths(input: &IntakeInput) -> Result<()> {
    use crate::limits::{self, ADDRESS, NAME, REASON, SHORT, opt_text, text};
    text("procedure_code", &input.procedure_code, SHORT)?;
    opt_text("received_at", input.received_at.as_deref(), SHORT)?;
    let people = [(&input.submitter, false)]
        .into_iter()
        .chain(input.owner.as_ref().map(|o| (o, true)));
    for (a, owner) in people {
        let f = |plain: &'static str, own: &'static str| if owner { own } else { plain };
        text(f("full_name", "owner_full_name"), &a.full_name, NAME)?;
        text(f("id_number", "owner_id_number"), &a.id_number, SHORT)?;
        text(f("phone", "owner_phone"), &a.phone, SHORT)?;
        text(f("email", "owner_email"), &a.email, NAME)?;
        text(f("address", "owner_address"), &a.address, ADDRESS)?;
    }
    limits::count("documents", input.documents.len(), MAX_ITEMS)?;
    for d in &input.documents {
        text("documents", &d.name, ADDRESS)?;
    }
    let missing = input.missing.as_deref().unwrap_or(&[]);
    limits::count("missing", missing.len(), MAX_ITEMS)?;
    for m in missing {
        text("missing", &m.name, ADDRESS)?;
        text("missing", &m.reason, REASON)?;
    }
    text("delivery", &input.delivery, SHORT)?;
    opt_text("outcome", input.outcome.as_deref(), SHORT)?;
    opt_text("refusal_reason", input.refusal_reason.as_deref(), REASON)?;
    opt_text("owner_kind", input.owner_kind.as_deref(), SHORT)?;
    opt_text("submitter_role", input.submitter_role.as_deref(), SHORT)?;
    opt_text("authorisation", input.authorisation.as_deref(), NAME)?;
    if let Some(o) = &input.due_override {
        text("due_at", &o.due_at, SHORT)?;
        text("reason", &o.reason, REASON)?;
    }
    Ok(())
}

async fn check(db: &Db, ctx: &Context, input: &IntakeInput, now: DateTime<Utc>) -> Result<Checked> {
    check_lengths(input)?;
    crate::printable::intake(input)?;
    let (version, procedure) = catalogue::get(db, &input.procedure_code).await?;
    let submitter = check_applicant(&input.submitter, false)?;
    let owner_kind = input
        .owner_kind
        .as_deref()
        .map(str::trim)
        .filter(|k| !k.is_empty())
        .unwrap_or("citizen")
        .to_string();
    if !OWNER_KINDS.contains(&owner_kind.as_str()) {
        return Err(Error::invalid(
            "invalid_owner_kind",
            Some("owner_kind"),
            t!("intake.owner_kind", value = owner_kind),
        ));
    }
    let owner = match &input.owner {
        Some(o) if !(o.full_name.trim().is_empty() && o.id_number.trim().is_empty()) => {
            Some(check_owner(o, &owner_kind)?)
        }
        _ => None,
    };
    let default_role = if owner.is_some() { "relative" } else { "owner" };
    let submitter_role = input
        .submitter_role
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .unwrap_or(default_role)
        .to_string();
    if !SUBMITTER_ROLES.contains(&submitter_role.as_str()) {
        return Err(Error::invalid(
            "invalid_role",
            Some("submitter_role"),
            t!("intake.role", value = submitter_role),
        ));
    }
    let authorisation = nfc(input.authorisation.as_deref().unwrap_or(""));
    if submitter_role == "proxy" && authorisation.is_empty() {
        return Err(Error::invalid(
            "authorisation_required",
            Some("authorisation"),
            t!("intake.authorisation_required"),
        ));
    }
    if submitter_role == "proxy" && owner.is_none() {
        return Err(Error::invalid(
            "owner_required",
            Some("owner_full_name"),
            t!("intake.proxy_needs_owner"),
        ));
    }
    let requested = match input.outcome.as_deref().map(str::trim).unwrap_or("accept") {
        "" | "accept" | "accepted" => Outcome::Accepted,
        "supplement" => Outcome::Supplement,
        "refuse" | "refused" => Outcome::Refused,
        other => {
            return Err(Error::invalid(
                "invalid_outcome",
                Some("outcome"),
                t!("intake.outcome", value = other),
            ));
        }
    };
    // Online-only procedures take no paper: the desk records an assisted online submission.
    let outcome = if procedure.online_only && requested == Outcome::Accepted {
        Outcome::AssistedOnline
    } else {
        requested
    };
    let documents = match outcome {
        Outcome::Accepted => check_documents(&input.documents, !procedure.documents.is_empty())?,
        _ => check_documents(&input.documents, false)?,
    };
    let missing = if outcome == Outcome::Supplement {
        check_missing(input.missing.as_deref().unwrap_or(&[]))?
    } else {
        Vec::new()
    };
    let refusal_reason = if outcome == Outcome::Refused {
        let r = nfc(input.refusal_reason.as_deref().unwrap_or(""));
        if r.is_empty() {
            return Err(Error::invalid(
                "reason_required",
                Some("refusal_reason"),
                t!("intake.refusal_reason"),
            ));
        }
        Some(r)
    } else {
        None
    };
    if input.sets_count == 0 || input.sets_count > 99 {
        return Err(Error::invalid(
            "invalid_sets",
            Some("sets_count"),
            t!("intake.sets"),
        ));
    }
    let delivery = Delivery::parse(input.delivery.trim())
        .filter(|d| procedure.delivery.contains(d))
        .ok_or_else(|| {
            Error::invalid(
                "invalid_delivery",
                Some("delivery"),
                t!("intake.delivery", value = input.delivery.trim()),
            )
        })?;
    let received_at = parse_received(input.received_at.as_deref(), now)?;
    let backdated =
        crate::dossier::backdate::check(db, received_at, input.received_reason.as_deref(), now)
            .await?;
    let cal = holidays::load(db).await?;
    // Only an accepted paper dossier gets an appointment: the others are not received (yet).
    let computed = if outcome == Outcome::Accepted {
        due_for(&procedure, received_at, &ctx.hours, &cal)?
    } else {
        let text = t!(format!(
            "intake.no_due_{}",
            outcome.as_str().replace('-', "_")
        ))
        .to_string();
        Due {
            due_at: None,
            explanation_vi: text.clone(),
            explanation_en: text,
            rule: format!("not-received:{}", outcome.as_str()),
            skipped: Vec::new(),
        }
    };
    let manual = match (&input.due_override, outcome) {
        (Some(o), Outcome::Accepted) => {
            let (at, reason) =
                due_change::check_override(&cal, Some(received_at), &o.due_at, &o.reason)?;
            let note = due_change::override_note(computed.due_at, at, &reason);
            Some(ManualDue { at, reason, note })
        }
        _ => None,
    };
    let due = match &manual {
        None => computed.clone(),
        Some(m) => Due {
            due_at: Some(m.at),
            explanation_vi: m.note.clone(),
            explanation_en: m.note.clone(),
            rule: "manual".into(),
            skipped: Vec::new(),
        },
    };
    let fee = if outcome == Outcome::Accepted {
        let fi = input.fee.clone().unwrap_or_default();
        // fees::compute checks the collect-at and method values and the exemption reason.
        let amount = fees::compute(&procedure.fee, &fee_name(&procedure), &fi)?;
        Some((fi, amount))
    } else {
        None
    };
    Ok(Checked {
        version,
        procedure,
        outcome,
        submitter,
        owner,
        owner_kind,
        submitter_role,
        authorisation,
        documents,
        missing,
        refusal_reason,
        sets_count: input.sets_count,
        delivery,
        received_at,
        backdated,
        due,
        computed,
        manual,
        fee,
    })
}

/// The fee line's name on the receipt: "Lệ phí <procedure>".
fn fee_name(p: &Procedure) -> String {
    format!("Phí, lệ phí: {}", p.name)
}

/// What a fee leads to: its state, and whether a fee receipt is made now.
fn fee_state(fee: Option<&(FeeInput, FeeAmount)>) -> &'static str {
    match fee {
        None => "none",
        Some((_, a)) if a.exempt => "exempt",
        Some((_, a)) if a.amount == 0 => "none",
        Some((fi, _)) if fi.collect_at == "result" => "due-at-result",
        Some(_) => "collected",
    }
}

/// Computes the fee the intake screen shows while the clerk types.
pub async fn preview_fee(
    db: &Db,
    procedure_code: &str,
    input: &FeeInput,
) -> Result<crate::dto::FeePreview> {
    crate::limits::text("procedure_code", procedure_code, crate::limits::SHORT)?;
    let (_, procedure) = catalogue::get(db, procedure_code).await?;
    let a = fees::compute(&procedure.fee, &fee_name(&procedure), input)?;
    Ok(crate::dto::FeePreview {
        amount: a.amount,
        text: fees::format_vnd(a.amount),
        explanation: a.explanation,
    })
}

/// Records a walk-in dossier with its outcome. Everything is checked first; then one transaction
/// writes the dossier, its documents, its history event(s), the fee receipt when the fee is
/// collected now, and the outbox row, so a crash leaves either all of it or none of it.
pub async fn save(
    db: &Db,
    s: &Session,
    input: &IntakeInput,
    now: DateTime<Utc>,
) -> Result<DossierView> {
    s.require(Permission::RecordIntake)?;
    let ctx = desk::context(db, s).await?;
    let c = check(db, &ctx, input, now).await?;
    let code = insert(db, &ctx, &c, now).await?;
    dossier::get(db, &code).await
}

/// A due time the clerk set by hand at intake.
struct ManualDue {
    at: DateTime<Utc>,
    reason: String,
    note: String,
}

async fn insert(db: &Db, ctx: &Context, c: &Checked, now: DateTime<Utc>) -> Result<String> {
    let local = clock::local(c.received_at);
    let yymmdd = local.format("%y%m%d").to_string();
    let book = local.format("%Y").to_string();
    let id = Uuid::now_v7().to_string();
    let status = c.outcome.status();
    let now_s = clock::to_db(now);
    let received_s = clock::to_db(c.received_at);
    let due_s = c.due.due_at.map(clock::to_db);
    let fee_state = fee_state(c.fee.as_ref());
    let fee_amount = c.fee.as_ref().map(|(_, a)| a.amount).unwrap_or(0);
    let fee_text = match &c.fee {
        Some((_, a)) if a.amount > 0 || a.exempt => format!(
            "{} ({})",
            a.explanation,
            t!(format!("fees.state_{}", fee_state.replace('-', "_")))
        ),
        _ => c.procedure.fee_text.clone(),
    };
    let submitter_json = to_json(&c.submitter)?;
    let owner_json = c.owner.as_ref().map(to_json).transpose()?;
    let outcome_json = match c.outcome {
        Outcome::Supplement => Some(to_json(&json!({ "missing": c.missing }))?),
        Outcome::Refused => Some(to_json(&json!({ "reason": c.refusal_reason }))?),
        _ => None,
    };
    let fee_json = c
        .fee
        .as_ref()
        .map(|(fi, a)| to_json(&json!({ "input": fi, "amount": a })))
        .transpose()?;
    let folded = fold(&format!(
        "{} {}",
        c.submitter.full_name,
        c.owner.as_ref().map(|o| o.full_name.as_str()).unwrap_or("")
    ));
    let channel = if c.outcome == Outcome::AssistedOnline {
        "online"
    } else {
        "direct"
    };

    let mut tx = crate::store::write_tx(db).await?;
    let seq = next_in_share(
        &mut tx,
        "daily_sequence",
        &yymmdd,
        ctx.seq_offset,
        ctx.seq_stride,
    )
    .await?;
    let ledger_number = next_in_share(
        &mut tx,
        "ledger_sequence",
        &book,
        ctx.seq_offset,
        ctx.seq_stride,
    )
    .await?;
    let code = format_code(&ctx.unit.code, &yymmdd, seq);
    sqlx::query(
        "INSERT INTO dossier (id, code, procedure_code, catalogue_version_id, procedure_name, receiving_unit_code, competent_authority, channel,
            submitter_json, owner_json, submitter_name, search_folded, id_number, phone, sets_count, delivery, received_at, due_at, due_rule,
            due_explanation, status, national_status, fee_amount, fee_text, ledger_book, ledger_number, desk_id, created_by, created_at, updated_at,
            outcome, outcome_json, owner_kind, owner_id_number, submitter_role, authorisation, fee_state, fee_json)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(&id)
    .bind(&code)
    .bind(&c.procedure.code)
    .bind(c.version)
    .bind(&c.procedure.name)
    .bind(&ctx.unit.code)
    .bind(&c.procedure.authority)
    .bind(channel)
    .bind(&submitter_json)
    .bind(&owner_json)
    .bind(&c.submitter.full_name)
    .bind(&folded)
    .bind(&c.submitter.id_number)
    .bind(&c.submitter.phone)
    .bind(i64::from(c.sets_count))
    .bind(c.delivery.as_str())
    .bind(&received_s)
    .bind(&due_s)
    .bind(&c.due.rule)
    .bind(&c.due.explanation_vi)
    .bind(status.as_str())
    .bind(i64::from(status.national()))
    .bind(fee_amount)
    .bind(&fee_text)
    .bind(&book)
    .bind(ledger_number)
    .bind(&ctx.desk_id)
    .bind(&ctx.clerk_id)
    .bind(&now_s)
    .bind(&now_s)
    .bind(c.outcome.as_str())
    .bind(&outcome_json)
    .bind(&c.owner_kind)
    .bind(c.owner.as_ref().map(|o| o.id_number.as_str()).unwrap_or(""))
    .bind(&c.submitter_role)
    .bind(&c.authorisation)
    .bind(fee_state)
    .bind(&fee_json)
    .execute(&mut *tx)
    .await?;
    let lookup_token = crate::dossier::lookup_token::new()?;
    crate::dossier::lookup_token::assign(&mut tx, &id, &lookup_token).await?;
    for (i, d) in c.documents.iter().enumerate() {
        sqlx::query("INSERT INTO dossier_document (dossier_id, position, name, original, certified, photocopy) VALUES (?, ?, ?, ?, ?, ?)")
            .bind(&id)
            .bind(i as i64)
            .bind(&d.name)
            .bind(i64::from(d.original))
            .bind(i64::from(d.certified))
            .bind(i64::from(d.photocopy))
            .execute(&mut *tx)
            .await?;
    }
    let event_kind = match c.outcome {
        Outcome::Accepted => "received",
        Outcome::Supplement => "supplement-requested",
        Outcome::Refused => "refused",
        Outcome::AssistedOnline => "assisted-online",
    };
    let event_note = match c.outcome {
        Outcome::Supplement => c
            .missing
            .iter()
            .map(|m| m.name.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        Outcome::Refused => c.refusal_reason.clone().unwrap_or_default(),
        _ => c.computed.explanation_vi.clone(),
    };
    // The history event, the fee receipt and Mẫu 06 carry the time the dossier was received,
    // which a backdated intake (`received_at`) sets, not the time it was typed in.
    super::history::event(
        &mut tx,
        ctx,
        &id,
        event_kind,
        None,
        Some(status.as_str()),
        &event_note,
        c.received_at,
    )
    .await?;
    if let Some(reason) = &c.backdated {
        crate::dossier::backdate::record(&mut tx, ctx, &code, c.received_at, reason, now).await?;
    }
    if let Some(m) = &c.manual {
        let old = c.computed.due_at.map(clock::to_db);
        let new = clock::to_db(m.at);
        due_change::record(
            &mut tx,
            ctx,
            &id,
            "override",
            old.as_deref(),
            Some(&new),
            None,
            None,
            &m.reason,
            &m.note,
            now,
        )
        .await?;
        super::history::event(&mut tx, ctx, &id, "due-override", None, None, &m.note, now).await?;
    }
    let receipt = match &c.fee {
        Some((fi, a)) if fee_state == "collected" => {
            let year = local.format("%Y").to_string();
            let number = next_in_share(
                &mut tx,
                "ledger_sequence",
                &format!("fee:{year}"),
                ctx.seq_offset,
                ctx.seq_stride,
            )
            .await?;
            let series = fee_series(&year);
            sqlx::query(
                "INSERT INTO fee_receipt (dossier_id, series, year, number, amount, lines_json, method, payer_name, collected_at, collected_by)
                 VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            )
            .bind(&id)
            .bind(&series)
            .bind(year.parse::<i64>().unwrap_or(0))
            .bind(number)
            .bind(a.amount)
            .bind(to_json(&a.lines)?)
            .bind(&fi.method)
            .bind(c.owner.as_ref().map(|o| o.full_name.as_str()).unwrap_or(c.submitter.full_name.as_str()))
            .bind(&received_s)
            .bind(&ctx.clerk_id)
            .execute(&mut *tx)
            .await?;
            Some(wire::FeeReceipt {
                series,
                number,
                amount: a.amount,
                e_receipt_state: "pending".to_string(),
            })
        }
        _ => None,
    };
    let change = DossierChange::Create(Box::new(wire::Create {
        id: id.clone(),
        code: code.clone(),
        procedure_code: c.procedure.code.clone(),
        catalogue_version: c.version,
        procedure_name: c.procedure.name.clone(),
        receiving_unit_code: ctx.unit.code.clone(),
        competent_authority: c.procedure.authority.clone(),
        channel: channel.to_string(),
        outcome: c.outcome.as_str().to_string(),
        submitter: person(&c.submitter),
        owner: c.owner.as_ref().map(person),
        owner_kind: c.owner_kind.clone(),
        submitter_role: c.submitter_role.clone(),
        authorisation: c.authorisation.clone(),
        documents: c.documents.iter().map(document).collect(),
        missing: c
            .missing
            .iter()
            .map(|m| wire::Missing {
                name: m.name.clone(),
                reason: m.reason.clone(),
            })
            .collect(),
        refusal_reason: c.refusal_reason.clone(),
        sets_count: c.sets_count,
        delivery: c.delivery.as_str().to_string(),
        received_at: Instant::new(c.received_at),
        due_at: c.due.due_at.map(Instant::new),
        due_rule: c.due.rule.clone(),
        status,
        national_status: status.national(),
        fee_amount,
        fee_state: fee_state.to_string(),
        fee_receipt: receipt,
        lookup_token: Some(lookup_token),
        desk_id: ctx.desk_id.clone(),
        created_by: ctx.clerk_id.clone(),
        desk_time: now_s.clone(),
    }));
    outbox::enqueue(&mut tx, &change, now).await?;
    tx.commit().await?;
    Ok(code)
}

/// The submitter or owner as the contract sends them (every field named, so a field added to
/// [`Applicant`] must be placed here too).
fn person(a: &Applicant) -> wire::Person {
    let Applicant {
        full_name,
        id_number,
        phone,
        email,
        address,
    } = a;
    wire::Person {
        full_name: full_name.clone(),
        id_number: id_number.clone(),
        phone: phone.clone(),
        email: email.clone(),
        address: address.clone(),
    }
}

fn document(d: &DocumentReceived) -> wire::Document {
    let DocumentReceived {
        name,
        original,
        certified,
        photocopy,
    } = d;
    wire::Document {
        name: name.clone(),
        original: *original,
        certified: *certified,
        photocopy: *photocopy,
    }
}

/// Ký hiệu biên lai: one series per year, e.g. `BLP-26`.
pub fn fee_series(year: &str) -> String {
    format!("BLP-{}", year.get(2..).unwrap_or(year))
}

fn to_json<T: serde::Serialize>(v: &T) -> Result<String> {
    serde_json::to_string(v).map_err(|e| Error::invalid("internal", None, e.to_string()))
}

/// The documents a procedure asks for, with their default counts: what the CLI records when it
/// is not told otherwise, and what the intake screen pre-ticks.
pub fn default_documents(procedure: &Procedure) -> Vec<DocumentReceived> {
    procedure
        .documents
        .iter()
        .filter(|d| d.required)
        .map(|d| DocumentReceived {
            name: d.name.clone(),
            original: d.original,
            certified: d.certified,
            photocopy: d.photocopy,
        })
        .collect()
}

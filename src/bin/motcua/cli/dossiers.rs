//! `motcua intake`, `motcua receipt`, `motcua dossiers list`, `motcua dossier CODE`.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Utc;
use clap::{Args, Subcommand};
use rust_i18n::t;
use serde_json::json;

use super::Out;
use motcua::accounts::Session;
use motcua::dossier::StatusExt as _;
use motcua::dto::{Applicant, DueOverride, IntakeInput, MissingItem};
use motcua::forms::{self, FormKind};
use motcua::reference::fees::FeeInput;
use motcua::store::Db;
use motcua::{Error, clock, dossier, dossier::due_change, dossier::intake, reference::catalogue};

#[derive(Args)]
pub struct IntakeArgs {
    /// Procedure code (mã TTHC), e.g. 2.000815
    #[arg(long)]
    procedure: String,
    /// Submitter's full name
    #[arg(long)]
    name: String,
    /// Personal ID (12 digits), legacy ID (9 digits) or passport
    #[arg(long)]
    id_number: String,
    #[arg(long, default_value = "")]
    phone: String,
    #[arg(long, default_value = "")]
    email: String,
    #[arg(long, default_value = "")]
    address: String,
    /// When the dossier was received (RFC 3339); default now. Not before 1 January of the year
    /// before the unit was set up here; needs --received-reason when in the past
    #[arg(long)]
    received: Option<String>,
    /// Why a dossier received earlier is entered only now (audited)
    #[arg(long)]
    received_reason: Option<String>,
    /// counter | post | online (default: the procedure's first option)
    #[arg(long)]
    delivery: Option<String>,
    /// Number of sets (default: the procedure's)
    #[arg(long)]
    sets: Option<u32>,
    /// Set the due time by hand (RFC 3339) instead of the computed one; needs --due-reason
    #[arg(long)]
    due_at: Option<String>,
    /// Why the due time is set by hand (recorded in the history)
    #[arg(long)]
    due_reason: Option<String>,
    /// accept (default) | supplement (Mẫu 02) | refuse (Mẫu 03)
    #[arg(long, default_value = "accept")]
    outcome: String,
    /// A missing document (repeat for each), for --outcome supplement
    #[arg(long)]
    missing: Vec<String>,
    /// The reason of the i-th --missing document (repeat, in the same order)
    #[arg(long)]
    missing_reason: Vec<String>,
    /// Reason: of the refusal, or of the missing documents that have no --missing-reason
    /// (printed once on Mẫu 02 when it is the reason of them all)
    #[arg(long)]
    reason: Option<String>,
    /// Owner (chủ hồ sơ) when not the submitter: name
    #[arg(long)]
    owner_name: Option<String>,
    /// Owner's ID number, or tax code for a business/agency/organisation
    #[arg(long)]
    owner_id: Option<String>,
    /// citizen | business | agency | organisation
    #[arg(long)]
    owner_kind: Option<String>,
    /// owner | relative | proxy
    #[arg(long)]
    role: Option<String>,
    /// The authorisation document of a proxy (giấy ủy quyền)
    #[arg(long)]
    authorisation: Option<String>,
    /// Copies (fee)
    #[arg(long, default_value_t = 1)]
    copies: u32,
    /// Pages of the original (per-page fees)
    #[arg(long, default_value_t = 1)]
    pages: u32,
    /// Fee exemption reason
    #[arg(long)]
    exempt: Option<String>,
    /// intake | result
    #[arg(long, default_value = "intake")]
    collect_at: String,
}

pub async fn intake(db: &Db, s: &Session, a: &IntakeArgs, out: &Out) -> Result<ExitCode, Error> {
    motcua::reference::desk::context(db, s).await?;
    let (_, procedure) = catalogue::get(db, &a.procedure).await?;
    let input = IntakeInput {
        procedure_code: procedure.code.clone(),
        received_at: a.received.clone(),
        received_reason: a.received_reason.clone(),
        submitter: Applicant {
            full_name: a.name.clone(),
            id_number: a.id_number.clone(),
            phone: a.phone.clone(),
            email: a.email.clone(),
            address: a.address.clone(),
        },
        documents: intake::default_documents(&procedure),
        sets_count: a.sets.unwrap_or(procedure.sets),
        delivery: a.delivery.clone().unwrap_or_else(|| {
            procedure
                .delivery
                .first()
                .map(|d| d.as_str())
                .unwrap_or("counter")
                .to_string()
        }),
        due_override: a.due_at.as_ref().map(|at| DueOverride {
            due_at: at.clone(),
            reason: a.due_reason.clone().unwrap_or_default(),
        }),
        outcome: Some(a.outcome.clone()),
        missing: Some(
            a.missing
                .iter()
                .enumerate()
                .map(|(i, m)| MissingItem {
                    name: m.clone(),
                    reason: a
                        .missing_reason
                        .get(i)
                        .filter(|r| !r.trim().is_empty())
                        .or(a.reason.as_ref())
                        .cloned()
                        .unwrap_or_default(),
                })
                .collect(),
        ),
        refusal_reason: a.reason.clone(),
        owner_kind: a.owner_kind.clone(),
        owner: a.owner_name.as_ref().map(|n| Applicant {
            full_name: n.clone(),
            id_number: a.owner_id.clone().unwrap_or_default(),
            ..Applicant::default()
        }),
        submitter_role: a.role.clone(),
        authorisation: a.authorisation.clone(),
        fee: Some(FeeInput {
            copies: a.copies,
            pages: a.pages,
            exempt_reason: a.exempt.clone(),
            collect_at: a.collect_at.clone(),
            method: "cash".into(),
        }),
    };
    let view = intake::save(db, s, &input, Utc::now()).await?;
    let s = &view.summary;
    let due_vn = s
        .due_at
        .as_deref()
        .and_then(clock::parse)
        .map(clock::to_vn_rfc3339);
    out.print(
        &json!({
            "id": s.id, "code": s.code, "procedure_code": s.procedure_code, "received_at": s.received_at,
            "due_at": s.due_at, "due_at_local": due_vn, "due_explanation": view.due_explanation, "status": s.status,
            "outcome": view.outcome, "forms": view.forms, "fee_amount": view.fee_amount, "fee_state": view.fee_state,
            "fee_receipt": view.fee_receipt,
        }),
        || {
            t!("cli.intake_done", code = s.code, due = due_vn.clone().unwrap_or_else(|| t!("due.none").to_string()), explanation = view.due_explanation)
                .to_string()
        },
    )?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Args)]
pub struct ReceiptArgs {
    /// Dossier code
    code: String,
    /// Output PDF file (its folder must exist)
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
    /// Replace the output file when it exists
    #[arg(long)]
    force: bool,
}

pub async fn receipt(db: &Db, s: &Session, a: &ReceiptArgs, out: &Out) -> Result<ExitCode, Error> {
    let path = forms::save_as(db, s, FormKind::Receipt, &a.code, &a.output, a.force).await?;
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    out.print(
        &json!({ "code": a.code.trim(), "path": path, "bytes": size }),
        || t!("cli.receipt_saved", path = path.display().to_string()).to_string(),
    )?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Args)]
pub struct FormArgs {
    /// receipt | supplement-request | refusal | fee-receipt | apology | stop | control-sheet |
    /// handover
    kind: String,
    /// Dossier code
    code: String,
    /// Output PDF file (its folder must exist)
    #[arg(short = 'o', long = "output")]
    output: PathBuf,
    /// Replace the output file when it exists
    #[arg(long)]
    force: bool,
}

pub async fn form(db: &Db, s: &Session, a: &FormArgs, out: &Out) -> Result<ExitCode, Error> {
    let kind = FormKind::parse(&a.kind)?;
    let path = forms::save_as(db, s, kind, &a.code, &a.output, a.force).await?;
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    out.print(
        &json!({ "kind": kind.as_str(), "code": a.code.trim(), "path": path, "bytes": size }),
        || {
            match kind {
                FormKind::Receipt => t!("cli.receipt_saved", path = path.display().to_string()),
                _ => t!("cli.form_saved", path = path.display().to_string()),
            }
            .to_string()
        },
    )?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Subcommand)]
pub enum DossiersCmd {
    /// List dossiers, newest first
    List {
        /// Only those received today (Vietnam time)
        #[arg(long)]
        today: bool,
        /// Search by code, name, ID number or phone
        #[arg(long, default_value = "")]
        query: String,
        #[command(flatten)]
        page: PageArgs,
    },
    /// Search all dossiers by code, name (without diacritics too), ID number or phone
    Search {
        query: String,
        #[command(flatten)]
        page: PageArgs,
    },
}

/// Filters, order and page of the register.
#[derive(Args)]
pub struct PageArgs {
    /// today | due-soon | overdue | supplement | result-ready | handed-out (repeat or comma-separate; all apply)
    #[arg(long)]
    filter: Vec<String>,
    /// received (newest first, the default) | due (earliest first) | code
    #[arg(long, default_value = "received")]
    sort: String,
    /// Page size (at most 500)
    #[arg(long, default_value_t = 200)]
    limit: u32,
    /// Dossiers to skip (paging)
    #[arg(long, default_value_t = 0)]
    offset: u32,
}

pub async fn list(db: &Db, s: &Session, c: &DossiersCmd, out: &Out) -> Result<ExitCode, Error> {
    let (query, today, page) = match c {
        DossiersCmd::List { today, query, page } => (query.as_str(), *today, page),
        DossiersCmd::Search { query, page } => (query.as_str(), false, page),
    };
    let (mut filters, sort) = motcua::dossier::register::parse_options(&page.filter, &page.sort)?;
    if today {
        filters.push(motcua::dossier::register::Filter::Today);
    }
    let q = motcua::dossier::register::RegisterQuery {
        query: query.to_string(),
        filters,
        sort,
        offset: page.offset,
        limit: page.limit,
    };
    let result = motcua::dossier::register::search(db, s, &q, Utc::now()).await?;
    let rows = &result.rows;
    out.print(rows, || {
        let mut lines: Vec<String> = rows
            .iter()
            .map(|d| {
                let due = d
                    .due_at
                    .as_deref()
                    .and_then(clock::parse)
                    .map(clock::display)
                    .unwrap_or_default();
                format!(
                    "{}\t{}\t{}\t{}\t{}",
                    d.code, d.submitter_name, d.procedure_name, due, d.status_label
                )
            })
            .collect();
        let total = if result.total_exact {
            result.total.to_string()
        } else {
            format!("{}+", result.total)
        };
        lines.push(
            t!(
                "register.page",
                shown = result.offset as usize + rows.len(),
                total = total
            )
            .to_string(),
        );
        lines.join("\n")
    })?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Args)]
pub struct DossierArgs {
    /// Dossier code
    code: String,
    #[command(subcommand)]
    action: Option<DossierAction>,
}

#[derive(Subcommand)]
pub enum DossierAction {
    /// Show the dossier (the default)
    Show,
    /// Set the due time by hand (a reason is required and recorded in the history)
    SetDue {
        /// New due time, RFC 3339
        #[arg(long)]
        at: String,
        #[arg(long)]
        reason: String,
    },
    /// Stop the clock: the dossier waits for the citizen's supplement
    Pause {
        /// When (RFC 3339); default now
        #[arg(long)]
        at: Option<String>,
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// The supplement arrived: the due time moves by the pause
    Resume {
        #[arg(long)]
        at: Option<String>,
    },
    /// Extend the processing time (Mẫu 04, apology and extension): a later due time and why
    Extend {
        /// New due time, RFC 3339; after the current one
        #[arg(long)]
        at: String,
        #[arg(long)]
        reason: String,
    },
    /// The citizen withdraws the dossier (national 7); the stop notice (Mẫu 05) follows
    Withdraw {
        #[arg(long)]
        reason: String,
    },
    /// Stop processing (national 8); the stop notice (Mẫu 05) follows
    Stop {
        #[arg(long)]
        reason: String,
    },
    /// Move the dossier to another status (only the allowed transitions)
    Move {
        /// Target status, kebab-case: in-processing, supplement-requested, withdrawn, stopped, ...
        #[arg(long)]
        to: String,
        /// Required for withdrawn and stopped
        #[arg(long, default_value = "")]
        reason: String,
    },
    /// Correct a typo in the submitter's or owner's details (đính chính); the procedure, code
    /// and received time cannot be corrected
    Correct {
        /// full_name | id_number | phone | email | address (owner_full_name, owner_id_number, …
        /// for the owner)
        #[arg(long)]
        field: String,
        /// The corrected value
        #[arg(long)]
        value: String,
        /// Why (recorded in the history and the audit log)
        #[arg(long)]
        reason: String,
    },
    /// Hand the result to the citizen (national 10): who received it
    HandOut {
        /// Recipient's full name
        #[arg(long)]
        name: String,
        /// Recipient's ID number
        #[arg(long)]
        id_number: String,
        /// The recipient is a proxy (needs --authorisation)
        #[arg(long)]
        proxy: bool,
        /// The proxy's authorisation document (giấy ủy quyền)
        #[arg(long)]
        authorisation: Option<String>,
        /// A fee due at result: collected now by cash or transfer
        #[arg(long)]
        fee_method: Option<String>,
        /// A fee due at result: exempted, with the reason
        #[arg(long)]
        fee_exempt: Option<String>,
        /// A fee due at result: not collected now, with the reason (audited)
        #[arg(long)]
        fee_unpaid: Option<String>,
    },
}

/// "Hẹn trả: …", or after an extension the first appointment and the extended one side by side
/// ("Hẹn trả: 26/02/2026 09:00; gia hạn (Mẫu 04) đến 05/03/2026 09:00").
fn appointment_line(d: &motcua::dto::DossierView) -> String {
    let shown = |at: Option<&str>| {
        at.and_then(clock::parse)
            .map(|t| clock::local(t).format("%d/%m/%Y %H:%M").to_string())
            .unwrap_or_else(|| t!("due.none").to_string())
    };
    match &d.first_due_at {
        Some(first) => t!(
            "cli.appointment_extended",
            first = shown(Some(first)),
            extended = shown(d.summary.due_at.as_deref())
        )
        .to_string(),
        None => t!("cli.appointment", at = shown(d.summary.due_at.as_deref())).to_string(),
    }
}

fn instant(at: &Option<String>) -> Result<chrono::DateTime<Utc>, Error> {
    match at {
        None => Ok(Utc::now()),
        Some(s) => clock::parse(s).ok_or_else(|| {
            Error::invalid("invalid_time", None, t!("due_change.bad_time", value = s))
        }),
    }
}

/// `motcua dossier CODE correct`: the correction, ID numbers and phones masked as in every
/// other output that names them.
async fn correct(
    db: &Db,
    s: &Session,
    code: &str,
    (field, value, reason): (&str, &str, &str),
    out: &Out,
) -> Result<ExitCode, Error> {
    let (d, c) =
        motcua::dossier::correction::correct(db, s, code, field, value, reason, Utc::now()).await?;
    let before = motcua::mask::text(&c.before);
    let after = motcua::mask::text(&c.after);
    out.print(
        &json!({
            "code": d.summary.code, "party": c.party, "field": c.field, "before": before,
            "after": after, "reason": c.reason, "at": c.at,
        }),
        || {
            t!(
                "correction.done",
                field = motcua::dossier::correction::field_label(c.party, c.field),
                code = d.summary.code,
                before = before,
                after = after
            )
            .to_string()
        },
    )?;
    Ok(ExitCode::SUCCESS)
}

pub async fn show(db: &Db, s: &Session, a: &DossierArgs, out: &Out) -> Result<ExitCode, Error> {
    let d =
        match &a.action {
            Some(DossierAction::Correct {
                field,
                value,
                reason,
            }) => return correct(db, s, &a.code, (field, value, reason), out).await,
            None | Some(DossierAction::Show) => dossier::view(db, s, &a.code).await?,
            Some(DossierAction::SetDue { at, reason }) => {
                due_change::override_due(db, s, &a.code, at, reason, Utc::now()).await?
            }
            Some(DossierAction::Pause { at, reason }) => {
                motcua::dossier::pause::pause(db, s, &a.code, instant(at)?, reason).await?
            }
            Some(DossierAction::Resume { at }) => {
                motcua::dossier::pause::resume(db, s, &a.code, instant(at)?).await?
            }
            Some(DossierAction::Extend { at, reason }) => {
                due_change::extend(db, s, &a.code, at, reason, Utc::now()).await?
            }
            Some(DossierAction::Withdraw { reason }) => {
                motcua::dossier::lifecycle::withdraw(db, s, &a.code, reason, Utc::now()).await?
            }
            Some(DossierAction::Stop { reason }) => {
                motcua::dossier::lifecycle::stop(db, s, &a.code, reason, Utc::now()).await?
            }
            Some(DossierAction::Move { to, reason }) => {
                let to = dossier::Status::from_name(to)?;
                motcua::dossier::lifecycle::move_to(db, s, &a.code, to, reason, Utc::now()).await?
            }
            Some(DossierAction::HandOut {
                name,
                id_number,
                proxy,
                authorisation,
                fee_method,
                fee_exempt,
                fee_unpaid,
            }) => {
                let recipient = motcua::dossier::lifecycle::Recipient {
                    full_name: name.clone(),
                    id_number: id_number.clone(),
                    is_proxy: *proxy,
                    authorisation: authorisation.clone(),
                };
                let fee = (fee_method.is_some() || fee_exempt.is_some() || fee_unpaid.is_some())
                    .then(|| motcua::dossier::handout_fee::HandoutFee {
                        method: fee_method.clone(),
                        exempt_reason: fee_exempt.clone(),
                        unpaid_reason: fee_unpaid.clone(),
                    });
                motcua::dossier::lifecycle::hand_out_settling(
                    db,
                    s,
                    &a.code,
                    recipient,
                    fee,
                    Utc::now(),
                )
                .await?
            }
        };
    out.print(&d, || {
        format!(
            "{}\n{}\n{} ({})\n{}\n{}: {}",
            d.summary.code,
            d.summary.procedure_name,
            d.submitter.full_name,
            d.submitter.id_number,
            appointment_line(&d),
            d.summary.status_label,
            d.due_explanation
        )
    })?;
    Ok(ExitCode::SUCCESS)
}

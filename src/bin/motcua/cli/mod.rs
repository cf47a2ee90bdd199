//! The `motcua` command line. Each area has its own file; all of them call the same core
//! functions the app calls. `--json` output is stable: field names only ever get added.

mod accounts;
mod backup;
mod calendar;
mod desk;
mod dossiers;
mod identity;
mod ledger;
mod print;
mod provision;
mod report;
mod sync;
mod unit;
mod update;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use serde::Serialize;

use motcua::{Error, i18n, store};

#[derive(Parser)]
#[command(
    name = "motcua",
    version = motcua::version::CURRENT,
    about = "Một Cửa Desk: bàn tiếp nhận hồ sơ một cửa (dòng lệnh)"
)]
pub struct Cli {
    /// Desk database file (default: MOTCUA_DB, else the OS data directory)
    #[arg(long, global = true)]
    db: Option<PathBuf>,
    /// Print machine-readable JSON
    #[arg(long, global = true)]
    json: bool,
    /// Language of messages: vi (default) or en
    #[arg(long, global = true)]
    lang: Option<String>,
    /// Sign-in name (default: MOTCUA_USER); the password comes from MOTCUA_PASSWORD or a prompt
    #[arg(long, global = true)]
    user: Option<String>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Set up the unit, desk and clerk (first run)
    Init(desk::InitArgs),
    /// The procedure catalogue
    #[command(subcommand)]
    Catalogue(desk::CatalogueCmd),
    /// Record a walk-in dossier
    Intake(dossiers::IntakeArgs),
    /// Write a dossier's receipt (Mẫu 01) as PDF
    Receipt(dossiers::ReceiptArgs),
    /// Write one of a dossier's forms as PDF (receipt, supplement-request, refusal, fee-receipt)
    Form(dossiers::FormArgs),
    /// The desk's dossiers
    #[command(subcommand)]
    Dossiers(dossiers::DossiersCmd),
    /// One dossier
    Dossier(dossiers::DossierArgs),
    /// The unit's working hours (giờ làm việc)
    #[command(subcommand)]
    Hours(desk::HoursCmd),
    /// Working-day calendar: lunar dates, holidays, due times
    #[command(subcommand)]
    Calendar(calendar::CalendarCmd),
    /// Chip ID card (CCCD / thẻ căn cước) QR strings
    #[command(subcommand)]
    Idcard(identity::IdcardCmd),
    /// Check an ID number, tax code or phone number
    #[command(subcommand)]
    Validate(identity::ValidateCmd),
    /// Mẫu 07 Sổ theo dõi hồ sơ for a period, as PDF or Excel (.xlsx)
    Ledger(ledger::LedgerArgs),
    /// Reports for the supervisor (báo cáo cuối ngày)
    #[command(subcommand)]
    Report(report::ReportCmd),
    /// Enroll this desk with the central portal (one-time code from the admin)
    Enroll(sync::EnrollArgs),
    /// Send pending changes to the portal and fetch what it has for this desk, now
    Sync(sync::SyncArgs),
    /// Clerk accounts (add, list, passwd, disable, enable, idle-lock)
    #[command(subcommand)]
    Account(accounts::AccountCmd),
    /// The audit log (verify, list)
    #[command(subcommand)]
    Audit(accounts::AuditCmd),
    #[command(flatten)]
    Backup(backup::BackupCmd),
    /// Set a new desk up from a provisioning file (portal, one-time code, first admin)
    Provision(provision::ProvisionArgs),
    /// Unit settings: who signs the authority's letters (Mẫu 04, Mẫu 05)
    #[command(subcommand)]
    Unit(unit::UnitCmd),
    /// The machine's printers (the default one marked *)
    Printers,
    /// Send one of a dossier's forms to a printer through the OS (as the app's "In" button)
    Print(print::PrintArgs),
    /// Software updates from the portal (check, download, apply, status)
    #[command(subcommand)]
    Update(update::UpdateCmd),
    /// Release signing, on the release manager's machine (keygen, sign)
    #[command(subcommand)]
    Release(update::ReleaseCmd),
}

/// Output settings shared by every command.
pub(crate) struct Out {
    pub json: bool,
}

impl Out {
    /// Prints `value` as JSON, or `human` otherwise.
    pub fn print<T: Serialize>(
        &self,
        value: &T,
        human: impl FnOnce() -> String,
    ) -> Result<(), Error> {
        if self.json {
            let s = serde_json::to_string_pretty(value)
                .map_err(|e| Error::invalid("internal", None, e.to_string()))?;
            stdout_line(&s);
        } else {
            stdout_line(&human());
        }
        Ok(())
    }
}

/// Writes one line to standard output. `println!` panics when the reader has gone
/// (`motcua … | head`); a closed pipe is not the command's failure, so the rest of the output
/// is dropped quietly and the command finishes as it would have (its work is already done).
pub(crate) fn stdout_line(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    // Any write error (EPIPE above all) only means nobody reads the output any more.
    let _ = writeln!(out, "{text}").and_then(|()| out.flush());
}

pub fn main() -> ExitCode {
    i18n::init_from_env();
    let cli = Cli::parse();
    if let Some(l) = &cli.lang {
        i18n::set_locale(l);
    }
    let out = Out { json: cli.json };
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    match rt.block_on(run(cli, &out)) {
        Ok(code) => code,
        Err(e) => {
            // stdout (JSON, often piped into logs by scripts) and stderr alike: never a whole ID
            // number, tax code or phone in an error.
            let mut wire = e.to_wire();
            wire.message = motcua::mask::text(&wire.message);
            if out.json {
                stdout_line(&serde_json::json!({ "error": wire }).to_string());
            }
            eprintln!("{} [{}]", wire.message, wire.code);
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli, out: &Out) -> Result<ExitCode, Error> {
    let db_path = store::resolve_path(cli.db.as_deref());
    // Commands that need no database.
    if let Command::Calendar(cmd) = &cli.command {
        if cli.db.is_none() && std::env::var_os("MOTCUA_DB").is_none() && !cmd.needs_db() {
            return calendar::run(cmd, None, None, out).await;
        }
    }
    match &cli.command {
        Command::Idcard(c) => return identity::idcard(c, out),
        Command::Validate(c) => return identity::validate(c, out),
        Command::Backup(c) => return backup::run(c, &db_path, cli.user.as_deref(), out).await,
        Command::Provision(a) => {
            return provision::run(&db_path, cli.user.as_deref(), a, out).await;
        }
        Command::Printers => return print::printers(out).await,
        Command::Update(c) => return update::run_update(c, &db_path, out).await,
        Command::Release(c) => return update::run_release(c, out),
        _ => {}
    }
    let db = store::open(&db_path).await?;
    let result = match run_on(&cli, &db, &db_path, out).await {
        // A database error may be a damaged page read for the first time: say so.
        Err(e @ (Error::Database(_) | Error::Migration(_))) => {
            Err(store::integrity::damaged_or(&db, &db_path, e).await)
        }
        r => r,
    };
    // Closing checkpoints the WAL into the (encrypted) database file and ends sqlx's connection
    // threads before the process exits.
    db.close().await;
    result
}

/// The commands that work on the open desk database.
async fn run_on(
    cli: &Cli,
    db: &store::Db,
    db_path: &std::path::Path,
    out: &Out,
) -> Result<ExitCode, Error> {
    let (db, db_path) = (db.clone(), db_path.to_path_buf());
    let user = cli.user.as_deref();
    // Commands that need no signed-in clerk (or sign in their own way).
    match &cli.command {
        Command::Init(a) => return desk::init(&db, a, out).await,
        Command::Calendar(c) => return calendar::run(c, Some(&db), user, out).await,
        Command::Idcard(c) => return identity::idcard(c, out),
        Command::Validate(c) => return identity::validate(c, out),
        Command::Enroll(a) => return sync::enroll(&db, &db_path, user, a, out).await,
        Command::Account(c) => return accounts::account(&db, user, c, out).await,
        _ => {}
    }
    let s = sign_in(&db, user).await?;
    match &cli.command {
        Command::Catalogue(c) => desk::catalogue(&db, &s, c, out).await,
        Command::Intake(a) => dossiers::intake(&db, &s, a, out).await,
        Command::Receipt(a) => dossiers::receipt(&db, &s, a, out).await,
        Command::Form(a) => dossiers::form(&db, &s, a, out).await,
        Command::Dossiers(c) => dossiers::list(&db, &s, c, out).await,
        Command::Dossier(a) => dossiers::show(&db, &s, a, out).await,
        Command::Hours(c) => desk::hours(&db, &s, c, out).await,
        Command::Ledger(a) => ledger::run(&db, &s, a, out).await,
        Command::Report(c) => report::run(&db, &s, c, out).await,
        Command::Sync(a) => sync::run(&db, &s, &db_path, a, out).await,
        Command::Print(a) => print::print(&db, &s, a, out).await,
        Command::Audit(c) => accounts::audit(&db, &s, c, out).await,
        Command::Unit(c) => unit::run(&db, &s, c, out).await,
        Command::Init(_)
        | Command::Calendar(_)
        | Command::Idcard(_)
        | Command::Validate(_)
        | Command::Enroll(_)
        | Command::Account(_)
        | Command::Backup(_)
        | Command::Provision(_)
        | Command::Printers
        | Command::Update(_)
        | Command::Release(_) => Ok(ExitCode::SUCCESS),
    }
}

/// The sign-in name: `--user`, else `MOTCUA_USER`.
pub(crate) fn username(user: Option<&str>) -> Option<String> {
    user.map(str::to_string)
        .or_else(|| std::env::var("MOTCUA_USER").ok())
        .map(|u| u.trim().to_string())
        .filter(|u| !u.is_empty())
}

/// A password from the environment variable `var`, else asked for on the terminal (not echoed).
pub(crate) fn password(var: &str, prompt: &str) -> Result<String, Error> {
    if let Some(p) = std::env::var(var).ok().filter(|p| !p.is_empty()) {
        return Ok(p);
    }
    use std::io::IsTerminal;
    if std::io::stdin().is_terminal() {
        return rpassword::prompt_password(prompt).map_err(Error::from);
    }
    Err(Error::invalid(
        "password_required",
        Some("password"),
        rust_i18n::t!("accounts.password_env", var = var),
    ))
}

/// Signs in the clerk named by `--user` / `MOTCUA_USER` with `MOTCUA_PASSWORD` (or a prompt).
pub(crate) async fn sign_in(
    db: &store::Db,
    user: Option<&str>,
) -> Result<motcua::accounts::Session, Error> {
    if !motcua::reference::desk::is_initialized(db).await? {
        return Err(Error::NotInitialized);
    }
    let name = username(user).ok_or(Error::NotSignedIn)?;
    let pw = password(
        "MOTCUA_PASSWORD",
        &rust_i18n::t!("accounts.prompt_password", user = name),
    )?;
    motcua::accounts::sign_in(db, &name, &pw, chrono::Utc::now()).await
}

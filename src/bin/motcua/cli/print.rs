//! `motcua printers` and `motcua print`: the machine's printers, and a form sent to one of them
//! through the OS, exactly as the app's "In" button does (see `print_os`).

use std::process::ExitCode;

use clap::Args;
use rust_i18n::t;
use serde_json::json;

use super::Out;
use motcua::Error;
use motcua::accounts::Session;
use motcua::forms::{self, FormKind};
use motcua::store::Db;

#[derive(Args)]
pub struct PrintArgs {
    /// receipt | supplement-request | refusal | fee-receipt | apology | stop | control-sheet |
    /// handover
    kind: String,
    /// Dossier code
    code: String,
    /// Printer (its name as `motcua printers` lists it; default: MOTCUA_PRINTER, else the OS
    /// default printer)
    #[arg(long)]
    printer: Option<String>,
}

/// Lists the machine's printers, the default one marked with `*`.
pub async fn printers(out: &Out) -> Result<ExitCode, Error> {
    let list = motcua::forms::print_os::list().await?;
    out.print(&list, || {
        if list.is_empty() {
            return t!("cli.no_printers").to_string();
        }
        list.iter()
            .map(|p| format!("{} {}", if p.is_default { "*" } else { " " }, p.name))
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    Ok(ExitCode::SUCCESS)
}

pub async fn print(db: &Db, s: &Session, a: &PrintArgs, out: &Out) -> Result<ExitCode, Error> {
    let kind = FormKind::parse(&a.kind)?;
    let printer = a
        .printer
        .clone()
        .filter(|p| !p.trim().is_empty())
        .or_else(motcua::forms::print_os::chosen_printer);
    let outcome = forms::print_to(db, s, kind, &a.code, printer.as_deref()).await?;
    out.print(
        &json!({ "kind": kind.as_str(), "code": a.code.trim(), "printer": outcome.printer, "job": outcome.job }),
        || outcome.message.clone(),
    )?;
    Ok(ExitCode::SUCCESS)
}

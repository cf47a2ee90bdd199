//! `motcua init` and `motcua catalogue ...`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use rust_i18n::t;
use serde_json::json;

use super::Out;
use motcua::accounts::{self, Permission, Session};
use motcua::dto::{SetupInput, UnitSettings};
use motcua::store::Db;
use motcua::{Error, reference::catalogue, reference::desk};

#[derive(Args)]
pub struct InitArgs {
    /// Set up a demo commune centre and load the demo catalogue
    #[arg(long)]
    demo: bool,
    #[arg(long, required_unless_present = "demo")]
    unit_code: Option<String>,
    #[arg(long, required_unless_present = "demo")]
    unit_name: Option<String>,
    #[arg(long, required_unless_present = "demo")]
    parent_authority: Option<String>,
    #[arg(long, required_unless_present = "demo")]
    place: Option<String>,
    #[arg(long, required_unless_present = "demo")]
    lookup_url: Option<String>,
    #[arg(long, required_unless_present = "demo")]
    hotline: Option<String>,
    #[arg(long, default_value = "Quầy số 1")]
    desk_name: String,
    /// Full name of the first account (an administrator)
    #[arg(long, required_unless_present = "demo")]
    clerk_name: Option<String>,
    /// Sign-in name of the first account; its password comes from MOTCUA_PASSWORD (or a prompt)
    #[arg(long, default_value = "admin")]
    username: String,
    /// Also load the demo catalogue (always on with --demo)
    #[arg(long)]
    demo_catalogue: bool,
}

pub async fn init(db: &Db, a: &InitArgs, out: &Out) -> Result<ExitCode, Error> {
    let password = super::password("MOTCUA_PASSWORD", &t!("accounts.prompt_new_password"))?;
    let input = if a.demo {
        desk::demo_setup(&password)
    } else {
        let s = |v: &Option<String>| v.clone().unwrap_or_default();
        SetupInput {
            unit: UnitSettings {
                code: s(&a.unit_code),
                name: s(&a.unit_name),
                parent_authority: s(&a.parent_authority),
                place: s(&a.place),
                lookup_url: s(&a.lookup_url),
                hotline: s(&a.hotline),
            },
            desk_name: a.desk_name.clone(),
            clerk_name: s(&a.clerk_name),
            username: a.username.clone(),
            password: password.clone(),
            load_demo_catalogue: a.demo_catalogue,
        }
    };
    desk::setup(db, &input).await?;
    let now = chrono::Utc::now();
    let admin = accounts::sign_in(db, &input.username, &password, now).await?;
    if a.demo {
        accounts::create_demo_accounts(db, &admin, &password, now).await?;
    }
    let ctx = desk::context(db, &admin).await?;
    let procedures = catalogue::list(db).await.map(|l| l.len()).unwrap_or(0);
    out.print(&json!({ "unit": ctx.unit, "desk": ctx.desk_name, "clerk": ctx.clerk_name, "admin": admin.username(), "procedures": procedures }), || {
        t!("cli.init_done", unit = ctx.unit.name, code = ctx.unit.code, count = procedures).to_string()
    })?;
    Ok(ExitCode::SUCCESS)
}

#[derive(Subcommand)]
pub enum CatalogueCmd {
    /// List the procedures of the current catalogue
    List {
        /// Filter (diacritic-insensitive)
        #[arg(long, default_value = "")]
        query: String,
    },
    /// Import a catalogue file (format motcua-catalogue/1) as a new version
    Import { file: PathBuf },
    /// Export the catalogue in force as a file (the import format)
    Export {
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// Replace the output file when it exists
        #[arg(long)]
        force: bool,
    },
    /// The unit's decision on a procedure's online-only flag (Chỉ thị 24), kept over re-imports:
    /// online-only CODE --set on|off|catalogue --reason R
    OnlineOnly {
        code: String,
        /// on, off, or catalogue (drop the decision: the catalogue's flag applies again)
        #[arg(long = "set")]
        value: String,
        #[arg(long)]
        reason: String,
    },
}

pub async fn catalogue(
    db: &Db,
    s: &Session,
    c: &CatalogueCmd,
    out: &Out,
) -> Result<ExitCode, Error> {
    s.require(Permission::SearchRegister)?;
    match c {
        CatalogueCmd::List { query } => {
            let items = catalogue::search(db, query, usize::MAX).await?;
            out.print(&items, || {
                items
                    .iter()
                    .map(|p| format!("{}\t{}\t{}", p.code, p.field, p.name))
                    .collect::<Vec<_>>()
                    .join("\n")
            })?;
        }
        CatalogueCmd::Import { file } => {
            let text = std::fs::read_to_string(file).map_err(|e| {
                Error::invalid(
                    "file_unreadable",
                    None,
                    t!(
                        "cli.file_unreadable",
                        path = file.display().to_string(),
                        detail = e.to_string()
                    ),
                )
            })?;
            let (version, count) = catalogue::import(db, s, &text, chrono::Utc::now()).await?;
            out.print(
                &json!({ "version_id": version, "procedures": count }),
                || t!("cli.catalogue_imported", count = count, version = version).to_string(),
            )?;
        }
        CatalogueCmd::Export { output, force } => {
            let text = catalogue::export(db).await?;
            motcua::store::output_path::write(
                &motcua::store::backup::db_path(db),
                output,
                text.as_bytes(),
                *force,
            )?;
            out.print(&json!({ "path": output }), || output.display().to_string())?;
        }
        CatalogueCmd::OnlineOnly {
            code,
            value,
            reason,
        } => {
            let flag = match value.trim() {
                "on" => Some(true),
                "off" => Some(false),
                "catalogue" => None,
                other => {
                    return Err(Error::invalid(
                        "invalid_value",
                        Some("online_only"),
                        format!("\"{other}\": on, off hoặc catalogue."),
                    ));
                }
            };
            motcua::reference::online_only::set(db, s, code, flag, reason, chrono::Utc::now())
                .await?;
            let (_, p) = catalogue::get(db, code).await?;
            out.print(
                &json!({ "code": p.code, "online_only": p.online_only }),
                || format!("{}\tonline_only={}", p.code, p.online_only),
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[derive(Subcommand)]
pub enum HoursCmd {
    /// Show the unit's working hours
    Show,
    /// Set the unit's working hours, e.g. --sessions "07:00-11:30,13:30-17:00" --saturday "07:30-11:30"
    Set {
        #[arg(long)]
        sessions: String,
        /// Saturday morning reception (empty: closed on Saturday)
        #[arg(long, default_value = "")]
        saturday: String,
    },
}

pub async fn hours(db: &Db, s: &Session, c: &HoursCmd, out: &Out) -> Result<ExitCode, Error> {
    if let HoursCmd::Set { sessions, saturday } = c {
        let hours = motcua::calendar::WorkingHours {
            sessions: desk::parse_sessions(sessions)?,
            saturday_sessions: desk::parse_sessions(saturday)?,
        };
        desk::set_working_hours(db, s, &hours, chrono::Utc::now()).await?;
    }
    let h = desk::context(db, s).await?.hours;
    let fmt = |v: &[(chrono::NaiveTime, chrono::NaiveTime)]| {
        v.iter()
            .map(|(a, b)| format!("{}-{}", a.format("%H:%M"), b.format("%H:%M")))
            .collect::<Vec<_>>()
            .join(",")
    };
    out.print(
        &json!({ "sessions": fmt(&h.sessions), "saturday": fmt(&h.saturday_sessions) }),
        || format!("{}\n{}", fmt(&h.sessions), fmt(&h.saturday_sessions)),
    )?;
    Ok(ExitCode::SUCCESS)
}

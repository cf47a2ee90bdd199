//! `motcua calendar ...`: lunar conversion, the year's days off, due times, schedule import/export.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::NaiveDate;
use clap::{Args, Subcommand};
use rust_i18n::t;
use serde_json::json;

use super::Out;
use motcua::calendar::{
    self as cal, DurationSpec, DurationUnit, HolidayCalendar, LunarDate, WorkingHours, YearSchedule,
};
use motcua::store::Db;
use motcua::{Error, clock, reference::desk, reference::holidays};

#[derive(Subcommand)]
pub enum CalendarCmd {
    /// Solar date (YYYY-MM-DD) to Vietnamese lunar date: prints d/m/yyyy (+ " nhuận")
    ToLunar { date: String },
    /// Vietnamese lunar date to solar date: prints YYYY-MM-DD
    ToSolar {
        day: u32,
        month: u32,
        year: i32,
        /// The leap (nhuận) month
        #[arg(long)]
        leap: bool,
    },
    /// Days off of a year and why
    Holidays { year: i32 },
    /// Due time (ngày hẹn trả) of a dossier
    Due(DueArgs),
    /// Import a year's official schedule (format motcua-holidays/1)
    Import { file: PathBuf },
    /// Export a year's schedule in force (official or computed) as a file
    Export {
        year: i32,
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// Replace the output file when it exists
        #[arg(long)]
        force: bool,
    },
}

#[derive(Args)]
pub struct DueArgs {
    /// Received at (RFC 3339, e.g. 2026-02-12T09:00:00+07:00)
    #[arg(long)]
    received: String,
    #[arg(long, default_value_t = 0)]
    duration: u32,
    /// working-days | days | hours | same-day | none
    #[arg(long)]
    unit: String,
    /// Cut-off hour HH:MM (same-day procedures)
    #[arg(long)]
    cutoff: Option<String>,
}

impl CalendarCmd {
    /// Conversions need nothing stored; the rest use the desk's table when `--db` is given.
    pub fn needs_db(&self) -> bool {
        matches!(self, CalendarCmd::Import { .. })
    }
}

fn bad(code: &'static str, msg: String) -> Error {
    Error::invalid(code, None, msg)
}

fn parse_date(s: &str) -> Result<NaiveDate, Error> {
    NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
        bad(
            "invalid_date",
            t!("calendar.bad_date", value = s).to_string(),
        )
    })
}

/// Holiday table and working hours: from the desk database when there is one, else built in.
async fn sources(db: Option<&Db>) -> Result<(HolidayCalendar, WorkingHours), Error> {
    match db {
        Some(db) => {
            let cal = holidays::load(db).await?;
            let hours = match desk::unit_context(db).await {
                Ok(ctx) => ctx.hours,
                Err(Error::NotInitialized) => WorkingHours::default(),
                Err(e) => return Err(e),
            };
            Ok((cal, hours))
        }
        None => Ok((HolidayCalendar::builtin(), WorkingHours::default())),
    }
}

/// Reading the calendar needs no sign-in; importing a schedule into a desk that is set up is an
/// administrator's setting change (signed in with `user`, audited).
pub async fn run(
    cmd: &CalendarCmd,
    db: Option<&Db>,
    user: Option<&str>,
    out: &Out,
) -> Result<ExitCode, Error> {
    match cmd {
        CalendarCmd::ToLunar { date } => {
            let l = cal::solar_to_lunar(parse_date(date)?)?;
            let text = format!(
                "{}/{}/{}{}",
                l.day,
                l.month,
                l.year,
                if l.leap { " nhuận" } else { "" }
            );
            out.print(
                &json!({ "day": l.day, "month": l.month, "year": l.year, "leap": l.leap }),
                || text.clone(),
            )?;
        }
        CalendarCmd::ToSolar {
            day,
            month,
            year,
            leap,
        } => {
            let d = cal::lunar_to_solar(LunarDate {
                day: *day,
                month: *month,
                year: *year,
                leap: *leap,
            })?;
            out.print(&json!({ "date": d.to_string() }), || d.to_string())?;
        }
        CalendarCmd::Holidays { year } => {
            let (cal, _) = sources(db).await?;
            let days = cal.year_days_off(*year);
            // Each day says whether it was announced (official) or computed from the Labour Code
            // and not yet announced.
            let status_of = |d: &NaiveDate| {
                cal.entry(*d)
                    .map(|e| e.status)
                    .or_else(|| cal.year_status(*year))
                    .map(|s| match s {
                        cal::HolidayStatus::Official => "official",
                        cal::HolidayStatus::Computed => "computed",
                    })
            };
            let rows: Vec<_> = days
                .iter()
                .map(|(d, reason, kind)| {
                    json!({ "date": d.to_string(), "weekday": d.format("%a").to_string(), "reason": reason, "kind": kind, "status": status_of(d) })
                })
                .collect();
            out.print(&rows, || {
                days.iter()
                    .map(|(d, reason, kind)| {
                        let k = kind
                            .as_ref()
                            .and_then(|k| serde_json::to_value(k).ok())
                            .and_then(|v| v.as_str().map(str::to_string))
                            .unwrap_or_default();
                        let st = match status_of(d) {
                            Some("computed") => t!("calendar.computed").to_string(),
                            Some(_) => t!("calendar.official").to_string(),
                            None => String::new(),
                        };
                        format!("{}\t{}\t{}\t{}\t{}", d, d.format("%a"), k, reason, st)
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })?;
        }
        CalendarCmd::Due(a) => {
            let received = clock::parse(&a.received).ok_or_else(|| {
                bad(
                    "invalid_received_at",
                    t!("intake.received_at", value = a.received).to_string(),
                )
            })?;
            let unit: DurationUnit = a.unit.parse().map_err(|_| {
                bad(
                    "invalid_unit",
                    t!("calendar.bad_unit", value = a.unit).to_string(),
                )
            })?;
            let cutoff = match &a.cutoff {
                None => None,
                Some(c) => Some(chrono::NaiveTime::parse_from_str(c, "%H:%M").map_err(|_| {
                    bad(
                        "invalid_cutoff",
                        t!("calendar.bad_cutoff", value = c).to_string(),
                    )
                })?),
            };
            let (cal, hours) = sources(db).await?;
            let due = cal::compute_due(
                received,
                &DurationSpec {
                    amount: a.duration,
                    unit,
                    cutoff,
                },
                &hours,
                &cal,
            )?;
            let explanation = motcua::dossier::intake::explanation(&due);
            let first = due
                .due_at
                .map(clock::to_vn_rfc3339)
                .unwrap_or_else(|| "none".to_string());
            out.print(
                &json!({ "due_at": due.due_at.map(clock::to_vn_rfc3339), "rule": due.rule, "explanation": explanation }),
                || format!("{first}\n{explanation}"),
            )?;
        }
        CalendarCmd::Import { file } => {
            let db = db.ok_or_else(|| bad("no_database", t!("calendar.needs_db").to_string()))?;
            let text = std::fs::read_to_string(file).map_err(|e| {
                bad(
                    "file_unreadable",
                    t!(
                        "cli.file_unreadable",
                        path = file.display().to_string(),
                        detail = e.to_string()
                    )
                    .to_string(),
                )
            })?;
            let schedule = YearSchedule::from_json(&text)?;
            // Before setup there is no account and no dossier: the schedule is imported as it is.
            let s = if desk::is_initialized(db).await? {
                let s = super::sign_in(db, user).await?;
                s.require(motcua::accounts::Permission::UnitSettings)?;
                Some(s)
            } else {
                None
            };
            holidays::import_as(db, s.as_ref().map(|s| s.actor()), &schedule).await?;
            out.print(
                &json!({ "year": schedule.year, "entries": schedule.entries.len() }),
                || {
                    t!(
                        "calendar.imported",
                        year = schedule.year,
                        count = schedule.entries.len()
                    )
                    .to_string()
                },
            )?;
        }
        CalendarCmd::Export {
            year,
            output,
            force,
        } => {
            let (cal, _) = sources(db).await?;
            let schedule = cal
                .schedule(*year)
                .cloned()
                .unwrap_or_else(|| cal::computed_schedule(*year));
            let text = schedule.to_json();
            let db_path = db.map_or_else(
                || motcua::store::resolve_path(None),
                motcua::store::backup::db_path,
            );
            motcua::store::output_path::write(&db_path, output, text.as_bytes(), *force)?;
            out.print(&json!({ "year": year, "path": output }), || {
                output.display().to_string()
            })?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

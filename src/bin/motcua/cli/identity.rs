//! `motcua idcard parse ...` and `motcua validate ...`: identity checks that need no database.

use std::io::Read;
use std::process::ExitCode;

use clap::Subcommand;
use rust_i18n::t;
use serde::Serialize;
use serde_json::json;

use super::Out;
use motcua::identity::{self, Sex, Warning};
use motcua::{Error, identity::idcard, identity::tax_code};

#[derive(Subcommand)]
pub enum IdcardCmd {
    /// Read the QR string of a chip ID card (CCCD / thẻ căn cước); "-" reads it from stdin.
    /// Exit 1 and the list of problems when it is not valid.
    Parse {
        #[arg(allow_hyphen_values = true)]
        qr: String,
    },
}

#[derive(Subcommand)]
pub enum ValidateCmd {
    /// Số định danh cá nhân / CMND / hộ chiếu; prints the number as stored
    IdNumber {
        #[arg(allow_hyphen_values = true)]
        value: String,
        /// Declared birth date (YYYY-MM-DD), checked against a personal ID
        #[arg(long)]
        birth_date: Option<String>,
        /// Declared sex (nam | nu), checked against a personal ID
        #[arg(long)]
        sex: Option<String>,
    },
    /// Mã số thuế; prints the code as stored
    TaxCode {
        #[arg(allow_hyphen_values = true)]
        value: String,
    },
    /// Số điện thoại; prints it as 0xxxxxxxxx
    Phone {
        #[arg(allow_hyphen_values = true)]
        value: String,
    },
}

pub fn idcard(cmd: &IdcardCmd, out: &Out) -> Result<ExitCode, Error> {
    let IdcardCmd::Parse { qr } = cmd;
    let input = if qr == "-" {
        let mut s = String::new();
        std::io::stdin().read_to_string(&mut s)?;
        s
    } else {
        qr.clone()
    };
    match idcard::parse(&input) {
        Ok(card) => {
            out.print(&card, || {
                let rows = [
                    (t!("identity.label_id_number"), card.id_number.clone()),
                    (
                        t!("identity.label_old_id_number"),
                        card.old_id_number
                            .clone()
                            .unwrap_or_else(|| t!("ui.common.none").to_string()),
                    ),
                    (t!("identity.label_full_name"), card.full_name.clone()),
                    (
                        t!("identity.label_birth_date"),
                        identity::vn_date(card.birth_date),
                    ),
                    (t!("identity.label_sex"), card.sex.label()),
                    (t!("identity.label_address"), card.address.clone()),
                    (
                        t!("identity.label_issue_date"),
                        identity::vn_date(card.issue_date),
                    ),
                ];
                rows.iter()
                    .map(|(label, value)| format!("{label}: {value}"))
                    .collect::<Vec<_>>()
                    .join("\n")
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Err(problems) => {
            if out.json {
                super::stdout_line(&json!({ "problems": problems }).to_string());
            }
            for p in &problems {
                eprintln!("{} [{}]", motcua::mask::text(&p.message), p.field);
            }
            Ok(ExitCode::FAILURE)
        }
    }
}

/// What `validate --json` prints for a valid value.
#[derive(Serialize)]
struct Validated<K: Serialize> {
    value: String,
    kind: K,
    warnings: Vec<Warning>,
}

fn report<K: Serialize>(v: Validated<K>, out: &Out) -> Result<ExitCode, Error> {
    if !out.json {
        for w in &v.warnings {
            eprintln!(
                "{}: {} [{}]",
                t!("identity.warning_prefix"),
                motcua::mask::text(&w.message),
                w.code
            );
        }
    }
    out.print(&v, || v.value.clone())?;
    Ok(ExitCode::SUCCESS)
}

pub fn validate(cmd: &ValidateCmd, out: &Out) -> Result<ExitCode, Error> {
    match cmd {
        ValidateCmd::IdNumber {
            value,
            birth_date,
            sex,
        } => {
            let birth_date = match birth_date {
                None => None,
                Some(s) => Some(
                    chrono::NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").map_err(|_| {
                        Error::invalid(
                            "invalid_date",
                            Some("birth_date"),
                            t!("calendar.bad_date", value = s).to_string(),
                        )
                    })?,
                ),
            };
            let sex = match sex {
                None => None,
                Some(s) => Some(Sex::parse(s).ok_or_else(|| {
                    Error::invalid(
                        "invalid_sex",
                        Some("sex"),
                        t!("identity.qr_sex", value = s).to_string(),
                    )
                })?),
            };
            let warnings = identity::check_personal_id_with(value, birth_date, sex)?;
            let kind = identity::check_id_number(value)?;
            let value = identity::normalize_id_number(value)?;
            report(
                Validated {
                    value,
                    kind,
                    warnings,
                },
                out,
            )
        }
        ValidateCmd::TaxCode { value } => {
            let (value, kind) = tax_code::normalize_tax_code(value)?;
            report(
                Validated {
                    value,
                    kind,
                    warnings: Vec::new(),
                },
                out,
            )
        }
        ValidateCmd::Phone { value } => {
            let (value, kind, warnings) = identity::check_phone(value)?;
            report(
                Validated {
                    value,
                    kind,
                    warnings,
                },
                out,
            )
        }
    }
}

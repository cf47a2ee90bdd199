//! `motcua unit signer ...`: who signs the letters of the competent authority (Mẫu 04, Mẫu 05).

use std::process::ExitCode;

use clap::Subcommand;

use super::Out;
use motcua::Error;
use motcua::accounts::Session;
use motcua::reference::signers::{self, SignerSetting};
use motcua::store::Db;

#[derive(Subcommand)]
pub enum UnitCmd {
    /// Set the unit's tax code (mã số thuế), printed on fee receipts ("" clears it)
    SetTaxCode { tax_code: String },
    /// List who signs Mẫu 04 and Mẫu 05 per competent authority ('' = the unit's default)
    Signers,
    /// Set who signs Mẫu 04 and Mẫu 05, for one competent authority (as the catalogue names it)
    /// or, without --authority, for the whole unit
    SetSigner {
        #[arg(long, default_value = "")]
        authority: String,
        /// Cơ quan ban hành, e.g. "ỦY BAN NHÂN DÂN XÃ TÂN PHÚ"
        #[arg(long)]
        issuer: String,
        /// Its parent authority (printed above it), e.g. "ỦY BAN NHÂN DÂN TỈNH ĐỒNG NAI"
        #[arg(long, default_value = "")]
        parent: String,
        /// Ký hiệu after "Số: …/", e.g. "UBND-VP"
        #[arg(long, default_value = "")]
        symbol: String,
        /// Quyền hạn, chức vụ, e.g. "CHỦ TỊCH" or "KT. CHỦ TỊCH PHÓ CHỦ TỊCH"
        #[arg(long)]
        title: String,
        /// Họ tên người ký (empty = written by hand)
        #[arg(long, default_value = "")]
        name: String,
    },
}

pub async fn run(db: &Db, s: &Session, c: &UnitCmd, out: &Out) -> Result<ExitCode, Error> {
    match c {
        UnitCmd::SetTaxCode { tax_code } => {
            signers::set_unit_tax_code(db, s, tax_code, chrono::Utc::now()).await?;
            let code = signers::unit_tax_code(db).await?;
            out.print(&serde_json::json!({ "tax_code": code }), || code.clone())?;
            return Ok(ExitCode::SUCCESS);
        }
        UnitCmd::Signers => {}
        UnitCmd::SetSigner {
            authority,
            issuer,
            parent,
            symbol,
            title,
            name,
        } => {
            let setting = SignerSetting {
                authority: authority.clone(),
                parent: parent.clone(),
                name: issuer.clone(),
                symbol: symbol.clone(),
                signer_title: title.clone(),
                signer_name: name.clone(),
            };
            signers::set(db, s, &setting, chrono::Utc::now()).await?;
        }
    }
    let all = signers::list(db).await?;
    out.print(&all, || {
        all.iter()
            .map(|x| {
                format!(
                    "{}\t{}\t{}\t{} {}",
                    if x.authority.is_empty() {
                        "(đơn vị)"
                    } else {
                        x.authority.as_str()
                    },
                    x.name,
                    x.symbol,
                    x.signer_title,
                    x.signer_name
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    })?;
    Ok(ExitCode::SUCCESS)
}

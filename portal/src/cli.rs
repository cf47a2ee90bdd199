//! `motcua-portal`: the portal's command line (serve, and the admin's commands). Every command that
//! lists things has `--json`; errors print in Vietnamese and exit non-zero.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use serde::Serialize;

use crate::error::{Error, Result};
use crate::{AppState, Db, desks, dossiers, push, reference, units};

#[derive(Parser)]
#[command(
    name = "motcua-portal",
    version,
    about = "Cổng trung tâm đồng bộ với các quầy một cửa"
)]
pub struct Cli {
    /// Database: a file path or sqlite://PATH (SQLite, created on first use) or postgres://…
    #[arg(
        long,
        env = "MOTCUA_PORTAL_DB",
        default_value = "motcua-portal.db",
        global = true
    )]
    pub db: String,
    /// SQLite encrypted at rest (builds with the `sqlcipher` feature): the key file, owner-only
    /// (64 hex digits, or a passphrase of 16+ characters on one line)
    #[arg(long, env = "MOTCUA_PORTAL_DB_KEY_FILE", global = true)]
    pub db_key_file: Option<PathBuf>,
    /// The portal's public base URL (default lookup URL of new units: <public-url>/tra-cuu)
    #[arg(long, env = "MOTCUA_PORTAL_PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
    /// Print JSON instead of text
    #[arg(long, global = true)]
    pub json: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Serve the sync API, the lookup page and the admin API
    Serve {
        #[arg(long, default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// HTTPS: certificate chain (PEM, leaf first); needs --tls-key
        #[arg(long, env = "MOTCUA_PORTAL_TLS_CERT", requires = "tls_key")]
        tls_cert: Option<PathBuf>,
        /// HTTPS: private key (PEM: PKCS#8, PKCS#1 or SEC1); needs --tls-cert
        #[arg(long, env = "MOTCUA_PORTAL_TLS_KEY", requires = "tls_cert")]
        tls_key: Option<PathBuf>,
        #[command(flatten)]
        limits: LimitArgs,
        #[command(flatten)]
        national: NationalArgs,
    },
    /// Units (đơn vị)
    #[command(subcommand)]
    Unit(UnitCmd),
    /// Desks (quầy)
    #[command(subcommand)]
    Desk(DeskCmd),
    /// Procedure catalogue of a unit
    #[command(subcommand)]
    Catalogue(CatalogueCmd),
    /// Holiday schedules (for every unit)
    #[command(subcommand)]
    Holidays(HolidaysCmd),
    /// Dossiers known to the portal
    #[command(subcommand)]
    Dossiers(DossiersCmd),
    /// Push conflicts waiting for a person
    #[command(subcommand)]
    Conflicts(ConflictsCmd),
    /// Admin API credentials
    #[command(subcommand)]
    Admin(AdminCmd),
    /// Desk releases (signed updates the desks download)
    #[command(subcommand)]
    Release(crate::releases::ReleaseCmd),
    /// Sync with the national public-service portal (Cổng DVC quốc gia)
    #[command(subcommand)]
    National(NationalCmd),
}

/// Where the national portal is: its endpoint and the session token (from a file or
/// MOTCUA_NATIONAL_TOKEN; never printed).
#[derive(clap::Args, Clone, Debug)]
pub struct NationalArgs {
    /// The national integration endpoint (DongBoHoSoMC / CapNhatTienDoHoSoMC); unset: no sync
    #[arg(long = "national-url", env = crate::national::client::URL_ENV)]
    pub national_url: Option<String>,
    /// A file holding the session token (else MOTCUA_NATIONAL_TOKEN)
    #[arg(long = "national-token-file", env = crate::national::client::TOKEN_FILE_ENV)]
    pub national_token_file: Option<PathBuf>,
    /// Seconds each national request may take
    #[arg(long = "national-timeout", default_value_t = 30)]
    pub national_timeout: u64,
    /// Seconds between sync passes (serve)
    #[arg(long = "national-interval", default_value_t = 60)]
    pub national_interval: u64,
    /// First retry wait in milliseconds within a pass (doubles each attempt)
    #[arg(long = "national-backoff-ms", default_value_t = 2000)]
    pub national_backoff_ms: u64,
}

impl NationalArgs {
    /// The client, or `None` when no endpoint is configured.
    pub fn client(&self) -> Result<Option<crate::national::Client>> {
        let Some(url) = self
            .national_url
            .as_deref()
            .filter(|u| !u.trim().is_empty())
        else {
            return Ok(None);
        };
        let bad = |e: crate::national::client::CallError| {
            Error::invalid("invalid_national_config", e.to_string())
        };
        let mut config =
            crate::national::NationalConfig::new(url.trim(), self.national_token_file.as_deref())
                .map_err(bad)?;
        config.timeout = std::time::Duration::from_secs(self.national_timeout.max(1));
        config.backoff = std::time::Duration::from_millis(self.national_backoff_ms);
        Ok(Some(crate::national::Client::new(config).map_err(bad)?))
    }
}

#[derive(Subcommand)]
pub enum NationalCmd {
    /// Per unit: dossiers and steps queued, sent, failed (with the national portal's message),
    /// and the on-time and digitisation figures QĐ 766 scores
    Status {
        #[arg(long)]
        unit: Option<String>,
    },
    /// Send a dossier again now (its failed or waiting rows, attempts reset)
    Retry { code: String },
    /// Run one sync pass now (what `serve` does every --national-interval seconds)
    Push {
        #[command(flatten)]
        national: NationalArgs,
    },
}

/// Rate limits of `serve`: N/s, N/min or N/h (a burst of N, refilled at N per period), or off.
#[derive(clap::Args, Clone, Debug)]
pub struct LimitArgs {
    /// Requests from one client address, to any route
    #[arg(long, default_value = "1200/min")]
    pub rate_per_ip: crate::rate_limit::Rate,
    /// Requests made with one desk token or admin token
    #[arg(long, default_value = "600/min")]
    pub rate_per_token: crate::rate_limit::Rate,
    /// Lookups (/tra-cuu) from one client address
    #[arg(long, default_value = "30/min")]
    pub rate_lookup: crate::rate_limit::Rate,
    /// Failed enrollments (wrong one-time code) from one client address
    #[arg(long, default_value = "20/h")]
    pub rate_enroll_failures: crate::rate_limit::Rate,
    /// A reverse proxy whose X-Forwarded-For gives the client address (repeat for several)
    #[arg(long = "trusted-proxy")]
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// Seconds a client has to send a request's headers; also the longest idle time of a
    /// kept-alive connection
    #[arg(long, default_value_t = 15)]
    pub header_timeout: u64,
    /// Seconds the portal waits for the next piece of a request body (then 408)
    #[arg(long, default_value_t = 30)]
    pub body_timeout: u64,
    /// Open connections per client address (0: no cap; trusted proxies are never capped)
    #[arg(long, default_value_t = 64)]
    pub max_connections_per_address: usize,
}

impl LimitArgs {
    pub fn config(&self) -> crate::rate_limit::LimitConfig {
        crate::rate_limit::LimitConfig {
            per_ip: self.rate_per_ip,
            per_token: self.rate_per_token,
            lookup: self.rate_lookup,
            enroll_failures: self.rate_enroll_failures,
            trusted_proxies: self.trusted_proxies.clone(),
        }
    }

    /// The connection bounds ([`crate::connections`]).
    pub fn connections(&self) -> crate::connections::ConnLimits {
        crate::connections::ConnLimits {
            header_read: std::time::Duration::from_secs(self.header_timeout.max(1)),
            body_read: std::time::Duration::from_secs(self.body_timeout.max(1)),
            per_address: self.max_connections_per_address,
            uncapped: self.trusted_proxies.clone(),
            ..crate::connections::ConnLimits::default()
        }
    }
}

#[derive(Subcommand)]
pub enum AdminCmd {
    /// Make an admin API token (printed once; only its hash is kept)
    Token {
        #[arg(long, default_value = "")]
        label: String,
    },
}

#[derive(Subcommand)]
pub enum UnitCmd {
    Add {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: String,
        #[arg(long)]
        parent_authority: String,
        #[arg(long)]
        place: String,
        #[arg(long)]
        hotline: String,
        #[arg(long)]
        lookup_url: Option<String>,
        #[arg(long, default_value_t = units::DEFAULT_DESK_SLOTS)]
        desk_slots: i64,
    },
    /// Change a unit's printed settings (sent to its desks); desk slots cannot change
    Update {
        #[arg(long)]
        code: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        parent_authority: Option<String>,
        #[arg(long)]
        place: Option<String>,
        #[arg(long)]
        hotline: Option<String>,
        #[arg(long)]
        lookup_url: Option<String>,
    },
    List,
}

#[derive(Subcommand)]
pub enum DeskCmd {
    /// New desk: prints its id and a one-time enrollment code (valid 7 days)
    Add {
        #[arg(long)]
        unit: String,
        #[arg(long)]
        name: Option<String>,
    },
    List {
        #[arg(long)]
        unit: Option<String>,
    },
    Revoke {
        id: String,
    },
}

#[derive(Subcommand)]
pub enum CatalogueCmd {
    /// Import a motcua-catalogue/1 file for a unit
    Import {
        #[arg(long)]
        unit: String,
        file: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum HolidaysCmd {
    /// Import one year's schedule (motcua-holidays/1, as `motcua calendar export` writes it)
    Import { file: PathBuf },
}

#[derive(Subcommand)]
pub enum DossiersCmd {
    List {
        #[arg(long)]
        unit: Option<String>,
    },
    /// Move a dossier as the back office: in-processing, supplement-requested, result-ready,
    /// stopped, withdrawn
    Advance {
        code: String,
        #[arg(long)]
        to: String,
        #[arg(long, default_value = "")]
        note: String,
        #[arg(long, default_value = "")]
        by: String,
    },
    /// The dossiers and their processing steps in the national portal's field shape (JSON)
    ExportNational {
        #[arg(long)]
        unit: Option<String>,
        /// Write to this file instead of stdout
        #[arg(short = 'o', long)]
        output: Option<PathBuf>,
    },
}

#[derive(Subcommand)]
pub enum ConflictsCmd {
    List,
}

pub(crate) fn print<T: Serialize>(
    json: bool,
    value: &T,
    text: impl FnOnce() -> String,
) -> Result<()> {
    if json {
        let s = serde_json::to_string_pretty(value).map_err(|e| Error::Internal(e.to_string()))?;
        println!("{s}");
    } else {
        let t = text();
        if !t.is_empty() {
            println!("{t}");
        }
    }
    Ok(())
}

fn public_url(cli: &Cli, listen: Option<SocketAddr>, scheme: &str) -> String {
    cli.public_url
        .clone()
        .unwrap_or_else(|| {
            format!(
                "{scheme}://{}",
                listen.map_or("127.0.0.1:8080".to_string(), |a| a.to_string())
            )
        })
        .trim_end_matches('/')
        .to_string()
}

/// Runs the command line; prints errors in Vietnamese and returns a non-zero exit code.
pub async fn main_with(cli: Cli) -> ExitCode {
    match run(&cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            if cli.json {
                eprintln!(
                    "{}",
                    serde_json::to_string(&e.to_api()).unwrap_or_else(|_| e.to_string())
                );
            } else {
                eprintln!("Lỗi: {e}");
            }
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: &Cli) -> Result<()> {
    let key = match &cli.db_key_file {
        Some(path) => Some(crate::db_key::DbKey::from_file(path)?),
        None => None,
    };
    let db = crate::open_with_key(&cli.db, key.as_ref()).await?;
    let out = run_with(cli, &db).await;
    db.close().await;
    out
}

async fn run_with(cli: &Cli, db: &Db) -> Result<()> {
    let json = cli.json;
    match &cli.command {
        Command::Serve {
            listen,
            tls_cert,
            tls_key,
            limits,
            national,
        } => {
            // A wrong national configuration fails at once; a national portal that is down
            // never does (the sync runs on its own task and retries).
            if let Some(client) = national.client()? {
                let every = std::time::Duration::from_secs(national.national_interval.max(1));
                tokio::spawn(crate::national::run_forever(db.clone(), client, every));
            }
            // Read the certificate before binding: a wrong path fails at once.
            let tls = match (tls_cert, tls_key) {
                (Some(cert), Some(key)) => Some(crate::tls::server_config(cert, key)?),
                _ => None,
            };
            let scheme = if tls.is_some() { "https" } else { "http" };
            let listener = tokio::net::TcpListener::bind(listen).await?;
            let addr = listener.local_addr()?;
            let config = limits.config();
            eprintln!(
                "motcua-portal: đang phục vụ tại {scheme}://{addr} (giới hạn: {} mỗi địa chỉ, {} mỗi khóa, tra cứu {}, đăng ký sai {})",
                config.per_ip, config.per_token, config.lookup, config.enroll_failures
            );
            let state =
                AppState::with_limits(db.clone(), public_url(cli, Some(addr), scheme), config);
            let stop = async {
                let _ = tokio::signal::ctrl_c().await;
            };
            let conn = limits.connections();
            match tls {
                Some(tls) => {
                    crate::serve_tls_with_connections(listener, tls, state, conn, stop).await?
                }
                None => crate::serve_with_connections(listener, state, conn, stop).await?,
            }
        }
        Command::Unit(UnitCmd::Add {
            code,
            name,
            parent_authority,
            place,
            hotline,
            lookup_url,
            desk_slots,
        }) => {
            let lookup_url = lookup_url
                .clone()
                .unwrap_or_else(|| format!("{}/tra-cuu", public_url(cli, None, "http")));
            let u = units::add(
                db,
                &units::NewUnit {
                    code: code.clone(),
                    name: name.clone(),
                    parent_authority: parent_authority.clone(),
                    place: place.clone(),
                    hotline: hotline.clone(),
                    lookup_url,
                    desk_slots: *desk_slots,
                },
            )
            .await?;
            print(json, &u, || {
                format!("Đã thêm đơn vị {} — {}", u.code, u.name)
            })?;
        }
        Command::Unit(UnitCmd::Update {
            code,
            name,
            parent_authority,
            place,
            hotline,
            lookup_url,
        }) => {
            let u = units::update(
                db,
                code,
                &units::UnitChanges {
                    name: name.clone(),
                    parent_authority: parent_authority.clone(),
                    place: place.clone(),
                    hotline: hotline.clone(),
                    lookup_url: lookup_url.clone(),
                },
            )
            .await?;
            print(json, &u, || {
                format!("Đã cập nhật đơn vị {} — {}", u.code, u.name)
            })?;
        }
        Command::Unit(UnitCmd::List) => {
            let list = units::list(db).await?;
            print(json, &list, || {
                list.iter()
                    .map(|u| {
                        format!(
                            "{}\t{}\t{} suất quầy\t{}",
                            u.code, u.name, u.desk_slots, u.lookup_url
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })?;
        }
        Command::Desk(DeskCmd::Add { unit, name }) => {
            let d = desks::add(db, unit, name.as_deref()).await?;
            print(json, &d, || {
                format!(
                    "Mã quầy: {}\nTên quầy: {}\nMã đăng ký (dùng một lần, hết hạn {}): {}\nSuất số thứ tự: offset {} / bước {}",
                    d.desk_id, d.name, d.expires_at, d.enrollment_code, d.seq_offset, d.seq_stride
                )
            })?;
        }
        Command::Desk(DeskCmd::List { unit }) => {
            let list = desks::list(db, unit.as_deref()).await?;
            print(json, &list, || {
                list.iter()
                    .map(|d| {
                        let state = if d.revoked_at.is_some() {
                            "đã thu hồi"
                        } else if d.enrolled_at.is_some() {
                            "đang hoạt động"
                        } else {
                            "chờ đăng ký"
                        };
                        format!(
                            "{}\t{}\t{}\tsuất {}\t{}\tphiên bản {}\tlần cuối {}",
                            d.id,
                            d.unit_code,
                            d.name,
                            d.slot,
                            state,
                            d.app_version.as_deref().unwrap_or("?"),
                            d.last_seen_at.as_deref().unwrap_or("chưa kết nối")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })?;
        }
        Command::Desk(DeskCmd::Revoke { id }) => {
            desks::revoke(db, id).await?;
            print(json, &serde_json::json!({ "revoked": id }), || {
                format!("Đã thu hồi quầy {id}")
            })?;
        }
        Command::Catalogue(CatalogueCmd::Import { unit, file }) => {
            let text = reference::read_file(file)?;
            let r = reference::import_catalogue(db, unit, &text).await?;
            print(json, &r, || {
                format!(
                    "Đã nhập danh mục phiên bản {} ({} thủ tục) cho đơn vị {}",
                    r.version, r.procedures, r.unit_code
                )
            })?;
        }
        Command::Holidays(HolidaysCmd::Import { file }) => {
            let text = reference::read_file(file)?;
            let r = reference::import_holidays(db, &text).await?;
            print(json, &r, || {
                format!("Đã nhập lịch nghỉ năm {} ({} ngày)", r.year, r.entries)
            })?;
        }
        Command::Dossiers(DossiersCmd::List { unit }) => {
            let list = dossiers::list(db, unit.as_deref()).await?;
            print(json, &list, || {
                list.iter()
                    .map(|d| {
                        let fee = match (&d.result_fee_state, d.result_fee_amount) {
                            (Some(state), Some(amount)) => {
                                format!("\tphí khi trả: {state} {amount} đồng")
                            }
                            (Some(state), None) => format!("\tphí khi trả: {state}"),
                            _ => String::new(),
                        };
                        format!(
                            "{}\t{}\t{} ({})\t{}\t{}{fee}",
                            d.code,
                            d.procedure_code,
                            d.status,
                            d.national_status,
                            d.submitter_name,
                            d.due_at.as_deref().unwrap_or("-")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })?;
        }
        Command::Release(c) => crate::releases::run_cli(db, &cli.db, c, json).await?,
        Command::Admin(AdminCmd::Token { label }) => {
            let token = crate::admin::create_token(db, label).await?;
            print(json, &serde_json::json!({ "token": token }), || {
                token.clone()
            })?;
        }
        Command::Dossiers(DossiersCmd::ExportNational { unit, output }) => {
            let v = crate::national::export::export(db, unit.as_deref()).await?;
            let text =
                serde_json::to_string_pretty(&v).map_err(|e| Error::Internal(e.to_string()))?;
            match output {
                Some(path) => {
                    std::fs::write(path, text)?;
                    let n = v["HoSo"].as_array().map_or(0, Vec::len);
                    eprintln!("Đã xuất {n} hồ sơ ra {}", path.display());
                }
                None => println!("{text}"),
            }
        }
        Command::Dossiers(DossiersCmd::Advance { code, to, note, by }) => {
            let c = dossiers::advance(db, code, to, note, by).await?;
            print(json, &c, || {
                format!(
                    "Hồ sơ {} chuyển sang {} (mã quốc gia {})",
                    c.code, c.status, c.national_status
                )
            })?;
        }
        Command::National(c) => run_national(db, c, json).await?,
        Command::Conflicts(ConflictsCmd::List) => {
            let list = push::conflicts(db).await?;
            print(json, &list, || {
                if list.is_empty() {
                    return "Không có xung đột.".to_string();
                }
                list.iter()
                    .map(|c| {
                        format!(
                            "#{}\tquầy {} ({})\tthay đổi số {}\tđã lưu {}…\tgửi lại {}…\t{} lần",
                            c.id,
                            c.desk_id,
                            c.unit_code,
                            c.desk_seq,
                            &c.stored_hash[..12.min(c.stored_hash.len())],
                            &c.incoming_hash[..12.min(c.incoming_hash.len())],
                            c.times_seen
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })?;
        }
    }
    Ok(())
}

async fn run_national(db: &Db, cmd: &NationalCmd, json: bool) -> Result<()> {
    match cmd {
        NationalCmd::Status { unit } => {
            let list = crate::national::report::status(db, unit.as_deref()).await?;
            print(json, &list, || {
                list.iter()
                    .map(|u| {
                        let f = &u.figures;
                        let mut t = format!(
                            "{}\thồ sơ: {} chờ gửi, {} đã gửi, {} lỗi\ttiến độ: {} chờ gửi, {} đã gửi, {} lỗi\tđúng hạn {}/{} hồ sơ đã xử lý xong\tsố hóa {}/{}",
                            u.unit_code,
                            u.dossiers_queued,
                            u.dossiers_sent,
                            u.dossiers_failed,
                            u.steps_queued,
                            u.steps_sent,
                            u.steps_failed,
                            f.on_time,
                            f.finished,
                            f.digitised,
                            f.dossiers
                        );
                        for x in &u.failures {
                            t.push_str(&format!(
                                "\n  {}\t{} lần\tthử lại lúc {}\t{}",
                                x.code, x.attempts, x.next_attempt_at, x.message
                            ));
                        }
                        t
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })?;
        }
        NationalCmd::Retry { code } => {
            if !crate::national::queue::retry(db, code).await? {
                return Err(Error::not_found(
                    "dossier_not_found",
                    format!("Không có hồ sơ {code} trong hàng đợi quốc gia."),
                ));
            }
            print(json, &serde_json::json!({ "queued": code }), || {
                format!("Hồ sơ {code} sẽ được gửi lại ở lượt đồng bộ tới.")
            })?;
        }
        NationalCmd::Push { national } => {
            let Some(client) = national.client()? else {
                return Err(Error::invalid(
                    "invalid_national_config",
                    "Chưa cấu hình địa chỉ Cổng DVC quốc gia (--national-url hoặc MOTCUA_NATIONAL_URL).",
                ));
            };
            let r = crate::national::run_pass(db, &client, 0).await?;
            print(json, &r, || {
                format!(
                    "Đã gửi {} hồ sơ, {} bước xử lý; lỗi: {} hồ sơ, {} lô tiến độ",
                    r.dossiers_sent, r.steps_sent, r.dossiers_failed, r.step_batches_failed
                )
            })?;
        }
    }
    Ok(())
}

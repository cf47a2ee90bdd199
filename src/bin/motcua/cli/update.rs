//! `motcua update …` (the desk: check, download, apply, status) and `motcua release …` (the
//! release manager's machine: keygen, sign). src/update/ does the work.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Subcommand;

use super::Out;
use motcua::update::{self, Offer, signing};
use motcua::version;
use motcua::{Error, Result};

#[derive(Subcommand)]
pub enum UpdateCmd {
    /// Ask the portal whether a newer version is published
    Check,
    /// Check, download (resumable, rate-limited) and verify the newest version
    Download {
        /// Bandwidth limit in KiB/s (0: none; default MOTCUA_UPDATE_RATE_KIB, else 512)
        #[arg(long)]
        rate_kib: Option<u64>,
    },
    /// Install the downloaded, verified version (an administrator's command: apt-get on
    /// Debian/Ubuntu, the installer with /S on Windows). Close the desk app first.
    Apply,
    /// The running version, the built-in release key and any version waiting to be installed
    Status,
}

#[derive(Subcommand)]
pub enum ReleaseCmd {
    /// Make a release key pair: KEYFILE (private: keep it offline) and KEYFILE.pub
    Keygen {
        /// The private key file to write
        #[arg(long)]
        out: PathBuf,
    },
    /// Sign a package: writes FILE.sig for `motcua-portal release publish --signature`
    Sign {
        file: PathBuf,
        #[arg(long)]
        version: String,
        /// linux-deb or windows-nsis
        #[arg(long)]
        platform: String,
        /// The private key file (from `motcua release keygen`)
        #[arg(long)]
        key: PathBuf,
        /// Where to write the signature (default FILE.sig)
        #[arg(short = 'o', long)]
        output: Option<PathBuf>,
    },
}

pub async fn run_update(cmd: &UpdateCmd, db_path: &Path, out: &Out) -> Result<ExitCode, Error> {
    match cmd {
        UpdateCmd::Check => {
            let offer = update::check(db_path).await?;
            let report = serde_json::json!({ "current": version::CURRENT, "offer": offer });
            out.print(&report, || offer_text(&offer))?;
        }
        UpdateCmd::Download { rate_kib } => {
            let rate = match rate_kib {
                Some(0) => None,
                Some(k) => Some(k * 1024),
                None => update::rate_from_env(),
            };
            let r = update::fetch(db_path, rate).await?;
            out.print(&r, || match &r.ready {
                Some(ready) => format!(
                    "Đã tải và kiểm tra chữ ký bản {} ({} byte): sẵn sàng cài khi khởi động lại \
                     (quản trị viên: `motcua update apply`).",
                    ready.release.version, ready.release.size
                ),
                None => offer_text(&r.offer),
            })?;
        }
        UpdateCmd::Apply => {
            let a = update::install::apply(db_path)?;
            out.print(&a, || {
                if a.finished {
                    format!(
                        "Đã cài bản {}. Mở lại phần mềm để dùng bản mới (dữ liệu được sao lưu tự động trước khi nâng cấp).",
                        a.version
                    )
                } else {
                    format!(
                        "Đang cài bản {} ({}); phần mềm sẽ mở lại khi cài xong.",
                        a.version,
                        a.command.join(" ")
                    )
                }
            })?;
        }
        UpdateCmd::Status => {
            let ready = update::ready(db_path)?;
            let report = serde_json::json!({
                "current": version::CURRENT,
                "platform": update::PLATFORM,
                "release_key": update::key::fingerprint(),
                "ready": ready,
            });
            out.print(&report, || {
                let mut s = format!(
                    "Phiên bản đang chạy: {}\nKhóa phát hành: {}",
                    version::CURRENT,
                    update::key::fingerprint()
                );
                if let Some(r) = &ready {
                    s.push_str(&format!(
                        "\nĐã tải sẵn bản {}: chờ cài ({}).",
                        r.release.version, r.path
                    ));
                }
                s
            })?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn offer_text(offer: &Offer) -> String {
    match offer {
        Offer::Newer { release } => format!(
            "Có bản mới {} ({} byte) trên cổng; bản đang chạy {}.",
            release.version,
            release.size,
            version::CURRENT
        ),
        Offer::UpToDate { offered: Some(v) } if v != version::CURRENT => format!(
            "Bản trên cổng ({v}) không mới hơn bản đang chạy ({}): không cập nhật.",
            version::CURRENT
        ),
        Offer::UpToDate { .. } => {
            format!("Đang dùng bản mới nhất ({}).", version::CURRENT)
        }
    }
}

pub fn run_release(cmd: &ReleaseCmd, out: &Out) -> Result<ExitCode, Error> {
    match cmd {
        ReleaseCmd::Keygen { out: file } => {
            let (public, hex) = signing::keygen(file)?;
            out.print(
                &serde_json::json!({
                    "private_key": file.display().to_string(),
                    "public_key_file": public.display().to_string(),
                    "public_key": hex,
                }),
                || {
                    format!(
                        "Khóa bí mật: {} (giữ ngoại tuyến, không bao giờ để trên cổng)\nKhóa công khai: {} = {hex}\n\
                         Bản dựng dùng khóa này khi đặt MOTCUA_RELEASE_PUBKEY={hex} hoặc chép tệp .pub vào keys/release.pub.",
                        file.display(),
                        public.display()
                    )
                },
            )?;
        }
        ReleaseCmd::Sign {
            file,
            version,
            platform,
            key,
            output,
        } => {
            let s = signing::sign(file, version, platform, key, output.as_deref())?;
            out.print(&s, || {
                format!(
                    "Đã ký {} {} (sha256 {}): chữ ký ở {}",
                    s.platform, s.version, s.sha256, s.signature_file
                )
            })?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

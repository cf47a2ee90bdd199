//! Bản cập nhật quầy: the desk releases the portal serves (`motcua-portal release publish | list |
//! withdraw`) and the two desk routes that offer and deliver them (see
//! `motcua_protocol::release`).
//!
//! A package is copied into the releases folder (beside the SQLite database by default) under a
//! name that holds its platform, version and hash; the database keeps its size, SHA-256 and the
//! detached signature it was published with. Publishing checks that signature with the release
//! public key built into the portal (the same key the desks have): the private key never comes
//! here, so a portal that is broken into can refuse service but cannot make desks install
//! anything. A version is published once per platform; a bad one is withdrawn (no longer offered
//! or served) and a higher version published instead.

use std::path::{Path, PathBuf};

use axum::Json;
use axum::Router;
use axum::body::Body;
use axum::extract::{Path as UrlPath, State};
use axum::http::header::{ACCEPT_RANGES, CONTENT_LENGTH, CONTENT_RANGE, CONTENT_TYPE, ETAG, RANGE};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use motcua_protocol::release::ed25519_dalek::VerifyingKey;
use motcua_protocol::release::{
    self as proto, LatestRelease, PLATFORMS, RELEASE_FILE_PATH, RELEASE_LATEST_PATH, ReleaseInfo,
    Version,
};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use tokio::io::{AsyncReadExt, AsyncSeekExt};

use crate::AppState;
use crate::db::{Db, now};
use crate::error::{Error, Result};

/// The release public key (hex), fixed when the portal is built: `MOTCUA_RELEASE_PUBKEY` at
/// build time, else the project's key in `keys/release.pub`. Tests build with their own.
pub const TRUSTED_KEY: &str = match option_env!("MOTCUA_RELEASE_PUBKEY") {
    Some(k) => k,
    None => include_str!("../../keys/release.pub"),
};

/// The built-in release public key.
pub fn trusted_key() -> Result<VerifyingKey> {
    proto::public_key(TRUSTED_KEY).map_err(|e| Error::Internal(e.to_string()))
}

/// Where packages are kept when `--releases-dir` is not given: `releases/` beside a SQLite
/// database, `./releases` for PostgreSQL.
pub fn default_dir(db_url: &str) -> PathBuf {
    let (backend, url) = crate::db::normalize_url(db_url);
    if backend == crate::Backend::Sqlite {
        let path = url
            .trim_start_matches("sqlite://")
            .split('?')
            .next()
            .unwrap_or_default();
        if let Some(parent) = Path::new(path).parent() {
            return parent.join("releases");
        }
    }
    PathBuf::from("releases")
}

/// One row of `release list`.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Release {
    #[serde(flatten)]
    pub info: ReleaseInfo,
    pub file_path: String,
    pub withdrawn_at: Option<String>,
}

fn check_platform(platform: &str) -> Result<()> {
    if PLATFORMS.contains(&platform) {
        Ok(())
    } else {
        Err(Error::invalid(
            "invalid_platform",
            format!(
                "Nền tảng «{platform}» không hợp lệ; dùng một trong: {}.",
                PLATFORMS.join(", ")
            ),
        ))
    }
}

fn check_version(version: &str) -> Result<Version> {
    Version::parse(version).ok_or_else(|| {
        Error::invalid(
            "invalid_version",
            format!("Phiên bản «{version}» không hợp lệ; cần dạng SỐ.SỐ.SỐ, ví dụ 1.4.0."),
        )
    })
}

/// The package looks like its platform's format: a Debian archive (`!<arch>`) or a Windows
/// program (`MZ`). Catches the wrong file given to the right platform.
fn check_format(platform: &str, head: &[u8]) -> Result<()> {
    let ok = match platform {
        "linux-deb" => head.starts_with(b"!<arch>\n"),
        "windows-nsis" => head.starts_with(b"MZ"),
        _ => false,
    };
    if ok {
        Ok(())
    } else {
        Err(Error::invalid(
            "wrong_package_format",
            format!(
                "Tệp này không phải gói {}: kiểm tra lại tệp và --platform.",
                if platform == "linux-deb" {
                    ".deb"
                } else {
                    "cài đặt Windows (.exe)"
                }
            ),
        ))
    }
}

/// Publishes `file` as `version` for `platform` with the detached `signature` (hex), checked
/// against `key`. The file is copied into `dir`.
pub async fn publish(
    db: &Db,
    dir: &Path,
    file: &Path,
    version: &str,
    platform: &str,
    signature: &str,
    key: &VerifyingKey,
) -> Result<Release> {
    check_platform(platform)?;
    let parsed = check_version(version)?;
    let version = parsed.to_string();
    let bytes = tokio::fs::read(file).await.map_err(|e| {
        Error::invalid(
            "file_unreadable",
            format!("Không đọc được tệp {}: {e}", file.display()),
        )
    })?;
    check_format(platform, &bytes)?;
    let sha256 = proto::to_hex(&Sha256::digest(&bytes));
    let signature = signature.trim().to_ascii_lowercase();
    proto::verify(key, platform, &version, &sha256, &signature).map_err(|e| {
        Error::invalid(
            "bad_signature",
            format!("Từ chối phát hành {platform} {version}: {e}."),
        )
    })?;
    let existing: Option<(String,)> =
        sqlx::query_as("SELECT version FROM desk_release WHERE platform = $1 AND version = $2")
            .bind(platform)
            .bind(&version)
            .fetch_optional(&db.pool)
            .await?;
    if existing.is_some() {
        return Err(Error::invalid(
            "release_exists",
            format!(
                "Phiên bản {version} cho {platform} đã được phát hành; mỗi phiên bản chỉ phát hành một lần (hãy tăng số phiên bản)."
            ),
        ));
    }
    tokio::fs::create_dir_all(dir).await?;
    let dir = tokio::fs::canonicalize(dir).await?;
    let ext = if platform == "linux-deb" {
        "deb"
    } else {
        "exe"
    };
    let target = dir.join(format!(
        "motcua-desk_{version}_{platform}_{}.{ext}",
        &sha256[..12]
    ));
    write_durably(&target, &bytes).await?;
    let info = ReleaseInfo {
        version: version.clone(),
        platform: platform.to_string(),
        size: bytes.len() as u64,
        sha256,
        signature,
        published_at: now(),
    };
    let stored = sqlx::query(
        "INSERT INTO desk_release (platform, version, size, sha256, signature, file_path, published_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(&info.platform)
    .bind(&info.version)
    .bind(info.size as i64)
    .bind(&info.sha256)
    .bind(&info.signature)
    .bind(target.display().to_string())
    .bind(&info.published_at)
    .execute(&db.pool)
    .await;
    if let Err(e) = stored {
        let _ = tokio::fs::remove_file(&target).await;
        return Err(e.into());
    }
    Ok(Release {
        info,
        file_path: target.display().to_string(),
        withdrawn_at: None,
    })
}

/// Writes `bytes` to `target` through a temporary file, synced, then renamed.
async fn write_durably(target: &Path, bytes: &[u8]) -> Result<()> {
    use tokio::io::AsyncWriteExt;
    let mut tmp = target.as_os_str().to_os_string();
    tmp.push(".part");
    let tmp = PathBuf::from(tmp);
    let mut f = tokio::fs::File::create(&tmp).await?;
    f.write_all(bytes).await?;
    f.sync_all().await?;
    drop(f);
    tokio::fs::rename(&tmp, target).await?;
    Ok(())
}

type Row = (
    String,
    String,
    i64,
    String,
    String,
    String,
    String,
    Option<String>,
);

const COLUMNS: &str =
    "platform, version, size, sha256, signature, file_path, published_at, withdrawn_at";

fn from_row(r: Row) -> Release {
    Release {
        info: ReleaseInfo {
            platform: r.0,
            version: r.1,
            size: r.2.max(0) as u64,
            sha256: r.3,
            signature: r.4,
            published_at: r.6,
        },
        file_path: r.5,
        withdrawn_at: r.7,
    }
}

/// Every release, newest version first within each platform.
pub async fn list(db: &Db) -> Result<Vec<Release>> {
    let rows: Vec<Row> = sqlx::query_as(&format!("SELECT {COLUMNS} FROM desk_release"))
        .fetch_all(&db.pool)
        .await?;
    let mut all: Vec<Release> = rows.into_iter().map(from_row).collect();
    all.sort_by(|a, b| {
        a.info
            .platform
            .cmp(&b.info.platform)
            .then_with(|| Version::parse(&b.info.version).cmp(&Version::parse(&a.info.version)))
    });
    Ok(all)
}

/// Withdraws a release: no longer offered or served (the row and file stay, for the record).
pub async fn withdraw(db: &Db, version: &str, platform: &str) -> Result<Release> {
    check_platform(platform)?;
    let version = check_version(version)?.to_string();
    let done = sqlx::query(
        "UPDATE desk_release SET withdrawn_at = $1 \
         WHERE platform = $2 AND version = $3 AND withdrawn_at IS NULL",
    )
    .bind(now())
    .bind(platform)
    .bind(&version)
    .execute(&db.pool)
    .await?;
    let release = find(db, platform, &version).await?.ok_or_else(|| {
        Error::not_found(
            "release_not_found",
            format!("Không có bản phát hành {version} cho {platform}."),
        )
    })?;
    if done.rows_affected() == 0 {
        return Err(Error::invalid(
            "already_withdrawn",
            format!("Bản {version} cho {platform} đã được thu hồi trước đó."),
        ));
    }
    Ok(release)
}

async fn find(db: &Db, platform: &str, version: &str) -> Result<Option<Release>> {
    let row: Option<Row> = sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM desk_release WHERE platform = $1 AND version = $2"
    ))
    .bind(platform)
    .bind(version)
    .fetch_optional(&db.pool)
    .await?;
    Ok(row.map(from_row))
}

/// The highest version of `platform` that is not withdrawn.
pub async fn latest(db: &Db, platform: &str) -> Result<Option<Release>> {
    check_platform(platform)?;
    Ok(list(db)
        .await?
        .into_iter()
        .filter(|r| r.info.platform == platform && r.withdrawn_at.is_none())
        .max_by_key(|r| Version::parse(&r.info.version)))
}

/// The two desk routes. Mount into [`crate::router`]; both are in [`crate::access::ROUTES`].
pub fn routes() -> Router<AppState> {
    Router::new()
        .route(RELEASE_LATEST_PATH, get(latest_route))
        .route(RELEASE_FILE_PATH, get(file_route))
}

#[derive(Deserialize)]
struct LatestQuery {
    platform: Option<String>,
}

/// `GET /api/v1/releases/latest?platform=P`: the newest release for P (`null` when there is
/// none, or when no platform is named).
async fn latest_route(
    State(state): State<AppState>,
    _desk: crate::api::Authed,
    crate::api::JsonQuery(q): crate::api::JsonQuery<LatestQuery>,
) -> Result<Json<LatestRelease>> {
    // No platform named: nothing to offer. A named one must be a platform (an empty or unknown
    // one is a 400, as the spec's enum says).
    let release = match q.platform.as_deref() {
        None => None,
        Some(p) => {
            check_platform(p)?;
            latest(&state.db, p).await?.map(|r| r.info)
        }
    };
    Ok(Json(LatestRelease { release }))
}

/// `GET /api/v1/releases/{platform}/{version}`: the package, whole or from a `Range`.
async fn file_route(
    State(state): State<AppState>,
    _desk: crate::api::Authed,
    UrlPath((platform, version)): UrlPath<(String, String)>,
    headers: HeaderMap,
) -> Result<Response> {
    check_platform(&platform)?;
    let missing = || {
        Error::not_found(
            "release_not_found",
            format!("Không có bản phát hành {version} cho {platform} (hoặc đã bị thu hồi)."),
        )
    };
    let release = find(&state.db, &platform, &version)
        .await?
        .filter(|r| r.withdrawn_at.is_none())
        .ok_or_else(missing)?;
    let mut file = tokio::fs::File::open(&release.file_path)
        .await
        .map_err(|e| Error::Internal(format!("không mở được gói đã phát hành: {e}")))?;
    let size = file.metadata().await?.len();
    let etag = format!("\"{}\"", release.info.sha256);
    let range = headers.get(RANGE).and_then(|v| v.to_str().ok());
    let (status, start, end) = match range.map(|r| parse_range(r, size)) {
        None => (StatusCode::OK, 0, size),
        Some(Some((s, e))) => (StatusCode::PARTIAL_CONTENT, s, e),
        Some(None) => {
            let mut res = (
                StatusCode::RANGE_NOT_SATISFIABLE,
                Json(motcua_protocol::ApiError {
                    code: "range_not_satisfiable".into(),
                    message: format!("Đoạn yêu cầu nằm ngoài gói ({size} byte)."),
                }),
            )
                .into_response();
            if let Ok(v) = HeaderValue::from_str(&format!("bytes */{size}")) {
                res.headers_mut().insert(CONTENT_RANGE, v);
            }
            return Ok(res);
        }
    };
    file.seek(std::io::SeekFrom::Start(start)).await?;
    let len = end - start;
    let body = Body::from_stream(tokio_util::io::ReaderStream::with_capacity(
        file.take(len),
        64 * 1024,
    ));
    let mut res = Response::new(body);
    *res.status_mut() = status;
    let h = res.headers_mut();
    h.insert(
        CONTENT_TYPE,
        HeaderValue::from_static("application/octet-stream"),
    );
    h.insert(ACCEPT_RANGES, HeaderValue::from_static("bytes"));
    h.insert(CONTENT_LENGTH, HeaderValue::from(len));
    if let Ok(v) = HeaderValue::from_str(&etag) {
        h.insert(ETAG, v);
    }
    if status == StatusCode::PARTIAL_CONTENT
        && let Ok(v) = HeaderValue::from_str(&format!("bytes {start}-{}/{size}", end - 1))
    {
        h.insert(CONTENT_RANGE, v);
    }
    Ok(res)
}

/// One `bytes=` range of a file of `size` bytes as a half-open `(start, end)`; `None` when it
/// cannot be satisfied (or is not a single byte range, which desks never ask for).
pub fn parse_range(header: &str, size: u64) -> Option<(u64, u64)> {
    let spec = header.trim().strip_prefix("bytes=")?.trim();
    if spec.contains(',') {
        return None;
    }
    let (a, b) = spec.split_once('-')?;
    let (a, b) = (a.trim(), b.trim());
    let (start, end) = if a.is_empty() {
        // The last N bytes.
        let n: u64 = b.parse().ok()?;
        if n == 0 {
            return None;
        }
        (size.saturating_sub(n), size)
    } else {
        let start: u64 = a.parse().ok()?;
        let end = if b.is_empty() {
            size
        } else {
            b.parse::<u64>().ok()?.saturating_add(1).min(size)
        };
        (start, end)
    };
    (start < end && start < size).then_some((start, end))
}

/// `motcua-portal release …`.
#[derive(clap::Subcommand)]
pub enum ReleaseCmd {
    /// Publish a signed package (signature from `motcua release sign`, made where the private
    /// key is kept: never on the portal)
    Publish {
        /// The package: motcua-desk_*.deb or the NSIS installer .exe
        file: PathBuf,
        #[arg(long)]
        version: String,
        /// linux-deb or windows-nsis
        #[arg(long)]
        platform: String,
        /// The detached signature: a .sig file from `motcua release sign`, or its hex text
        #[arg(long)]
        signature: String,
        /// Where packages are kept (default: releases/ beside the SQLite database)
        #[arg(long, env = "MOTCUA_PORTAL_RELEASES_DIR")]
        releases_dir: Option<PathBuf>,
    },
    /// Every published release
    List,
    /// Stop offering and serving a release
    Withdraw {
        version: String,
        #[arg(long)]
        platform: String,
    },
}

/// Runs a `release` command.
pub async fn run_cli(db: &Db, db_url: &str, cmd: &ReleaseCmd, json: bool) -> Result<()> {
    use crate::cli::print;
    match cmd {
        ReleaseCmd::Publish {
            file,
            version,
            platform,
            signature,
            releases_dir,
        } => {
            let sig = signature_text(signature)?;
            let dir = releases_dir.clone().unwrap_or_else(|| default_dir(db_url));
            let r = publish(db, &dir, file, version, platform, &sig, &trusted_key()?).await?;
            print(json, &r, || {
                format!(
                    "Đã phát hành {} {} ({} byte, sha256 {}): các quầy sẽ nhận ở lần kiểm tra tới.",
                    r.info.platform, r.info.version, r.info.size, r.info.sha256
                )
            })
        }
        ReleaseCmd::List => {
            let all = list(db).await?;
            print(json, &all, || {
                if all.is_empty() {
                    return "Chưa có bản phát hành nào.".into();
                }
                all.iter()
                    .map(|r| {
                        format!(
                            "{}\t{}\t{} byte\t{}\t{}",
                            r.info.platform,
                            r.info.version,
                            r.info.size,
                            r.info.published_at,
                            match &r.withdrawn_at {
                                Some(t) => format!("đã thu hồi {t}"),
                                None => "đang phát hành".into(),
                            }
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        }
        ReleaseCmd::Withdraw { version, platform } => {
            let r = withdraw(db, version, platform).await?;
            print(json, &r, || {
                format!(
                    "Đã thu hồi {} {}: các quầy không còn được mời cập nhật lên bản này.",
                    r.info.platform, r.info.version
                )
            })
        }
    }
}

/// `--signature`: a file's text when it names a file, else the hex itself.
fn signature_text(arg: &str) -> Result<String> {
    let p = Path::new(arg);
    if p.is_file() {
        let text = std::fs::read_to_string(p)?;
        return Ok(text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .collect());
    }
    Ok(arg.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::parse_range;

    #[test]
    fn ranges() {
        assert_eq!(parse_range("bytes=0-", 10), Some((0, 10)));
        assert_eq!(parse_range("bytes=4-", 10), Some((4, 10)));
        assert_eq!(parse_range("bytes=2-5", 10), Some((2, 6)));
        assert_eq!(parse_range("bytes=2-50", 10), Some((2, 10)));
        assert_eq!(parse_range("bytes=-3", 10), Some((7, 10)));
        assert_eq!(parse_range("bytes=10-", 10), None);
        assert_eq!(parse_range("bytes=5-2", 10), None);
        assert_eq!(parse_range("bytes=0-1,4-5", 10), None);
        assert_eq!(parse_range("items=0-1", 10), None);
    }
}

//! Tải gói cập nhật: the package download. Resumable (a `.part` file grows across attempts;
//! each attempt asks for `Range: bytes=N-`) and bounded in bandwidth (a desk on a provincial line
//! must not starve the clerks' sync and web use).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use motcua_protocol::release::{ReleaseInfo, file_path};
use serde::de::DeserializeOwned;

use super::UpdateError;

/// The HTTP client for update calls (no overall timeout: a slow line may take many minutes for
/// a package; a stalled read still ends after a minute).
pub fn http() -> Result<reqwest::Client, UpdateError> {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10))
        .read_timeout(Duration::from_secs(60))
        .user_agent(format!("motcua-desk/{}", crate::version::CURRENT))
        .build()
        .map_err(|e| UpdateError::Network(e.to_string()))
}

/// A JSON answer, or the portal's `{code, message}` as [`UpdateError::Portal`].
pub async fn json_answer<T: DeserializeOwned>(resp: reqwest::Response) -> Result<T, UpdateError> {
    let status = resp.status();
    let bytes = resp
        .bytes()
        .await
        .map_err(|e| UpdateError::Network(e.to_string()))?;
    if status.is_success() {
        return serde_json::from_slice(&bytes).map_err(|e| UpdateError::Portal(e.to_string()));
    }
    Err(portal_error(status, &bytes))
}

fn portal_error(status: reqwest::StatusCode, body: &[u8]) -> UpdateError {
    match serde_json::from_slice::<motcua_protocol::ApiError>(body) {
        Ok(e) => UpdateError::Portal(format!("{} [{}]", e.message, e.code)),
        Err(_) => UpdateError::Portal(format!("HTTP {status}")),
    }
}

/// The partial download of `target`: `target` + `.part`.
pub fn part_path(target: &Path) -> PathBuf {
    let mut s = target.as_os_str().to_os_string();
    s.push(".part");
    PathBuf::from(s)
}

/// Paces a transfer to `rate` bytes per second (`None`: as fast as it comes).
pub struct Pacer {
    rate: Option<u64>,
    start: Instant,
    sent: u64,
}

impl Pacer {
    pub fn new(rate: Option<u64>) -> Pacer {
        Pacer {
            rate,
            start: Instant::now(),
            sent: 0,
        }
    }

    /// Counts `n` more bytes and waits as long as the transfer is ahead of the rate.
    pub async fn take(&mut self, n: u64) {
        self.sent += n;
        let Some(rate) = self.rate.filter(|r| *r > 0) else {
            return;
        };
        let due = Duration::from_secs_f64(self.sent as f64 / rate as f64);
        let elapsed = self.start.elapsed();
        if due > elapsed {
            tokio::time::sleep(due - elapsed).await;
        }
    }
}

/// Downloads `release` from the portal into `target`'s `.part` file, continuing a partial one.
/// Returns the bytes fetched now. On return the `.part` file holds exactly `release.size`
/// bytes; a shorter one is kept for the next attempt ([`UpdateError::Truncated`]), a longer or
/// unusable one deleted.
pub async fn fetch(
    portal_url: &str,
    token: &str,
    release: &ReleaseInfo,
    target: &Path,
    rate: Option<u64>,
) -> Result<u64, UpdateError> {
    let part = part_path(target);
    let size = release.size;
    let mut have = std::fs::metadata(&part).map(|m| m.len()).unwrap_or(0);
    if have > size {
        let _ = std::fs::remove_file(&part);
        have = 0;
    }
    if have == size {
        return Ok(0);
    }
    let url = format!(
        "{}{}",
        portal_url.trim().trim_end_matches('/'),
        file_path(&release.platform, &release.version)
    );
    let mut rb = http()?.get(url).bearer_auth(token);
    if have > 0 {
        rb = rb.header(reqwest::header::RANGE, format!("bytes={have}-"));
    }
    let mut resp = rb
        .send()
        .await
        .map_err(|e| UpdateError::Network(e.to_string()))?;
    let status = resp.status();
    let io = |e: std::io::Error| UpdateError::Network(e.to_string());
    let mut file = match status.as_u16() {
        206 => std::fs::OpenOptions::new()
            .append(true)
            .open(&part)
            .map_err(io)?,
        200 => {
            // The whole file (the portal ignored the range, or there was none).
            have = 0;
            std::fs::File::create(&part).map_err(io)?
        }
        416 => {
            let _ = std::fs::remove_file(&part);
            return Err(UpdateError::Truncated { got: 0, size });
        }
        _ => {
            let body = resp.bytes().await.unwrap_or_default();
            return Err(portal_error(status, &body));
        }
    };
    let mut pacer = Pacer::new(rate);
    let mut fetched = 0u64;
    let outcome = loop {
        match resp.chunk().await {
            Ok(Some(bytes)) => {
                if have + fetched + bytes.len() as u64 > size {
                    break Err(UpdateError::HashMismatch);
                }
                file.write_all(&bytes).map_err(io)?;
                fetched += bytes.len() as u64;
                pacer.take(bytes.len() as u64).await;
            }
            Ok(None) => break Ok(()),
            // Cut off: what arrived is kept for the next attempt.
            Err(_) => break Ok(()),
        }
    };
    file.sync_all().map_err(io)?;
    drop(file);
    if let Err(e) = outcome {
        let _ = std::fs::remove_file(&part);
        return Err(e);
    }
    let got = have + fetched;
    if got < size {
        return Err(UpdateError::Truncated { got, size });
    }
    Ok(fetched)
}

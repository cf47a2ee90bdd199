//! Gọi Cổng DVC quốc gia: the HTTP client of the outbound sync. One POST per call to the
//! configured endpoint with opencps-v2's request wrapper (`syncData`): `{"session": <token>,
//! "madonvi": <the unit's MaDinhDanh>, "service": "DongBoHoSoMC" | "CapNhatTienDoHoSoMC",
//! "isUpdating": "False" | "True" (dossiers only), "data": [...]}`; the answer is
//! `{"error_code": "0", "message": "..."}` (both implementations read these two fields).
//! Transient failures (no connection, timeout, HTTP 5xx, 429) are retried with exponential
//! backoff; the token is never logged (its Debug is redacted) and never part of an error.

use std::time::Duration;

use serde::Deserialize;
use serde_json::{Value, json};

/// The national endpoint and its credentials.
#[derive(Clone)]
pub struct NationalConfig {
    /// The integration endpoint (opencps: adapter_url + integration_endpoint).
    pub url: String,
    /// The session token (opencps `session`), from a file or the environment.
    pub token: String,
    /// Per-request timeout.
    pub timeout: Duration,
    /// Attempts per call before the call counts as failed (at least 1).
    pub attempts: u32,
    /// First backoff; doubles after each failed attempt.
    pub backoff: Duration,
}

impl std::fmt::Debug for NationalConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("NationalConfig")
            .field("url", &self.url)
            .field("token", &"<redacted>")
            .field("timeout", &self.timeout)
            .field("attempts", &self.attempts)
            .field("backoff", &self.backoff)
            .finish()
    }
}

/// Environment variables of the configuration.
pub const URL_ENV: &str = "MOTCUA_NATIONAL_URL";
pub const TOKEN_ENV: &str = "MOTCUA_NATIONAL_TOKEN";
pub const TOKEN_FILE_ENV: &str = "MOTCUA_NATIONAL_TOKEN_FILE";

impl NationalConfig {
    /// `url` with the token read from `token_file` when given, else from `MOTCUA_NATIONAL_TOKEN`.
    pub fn new(url: &str, token_file: Option<&std::path::Path>) -> Result<Self, CallError> {
        let token = match token_file {
            Some(p) => std::fs::read_to_string(p)
                .map_err(|e| {
                    CallError::Config(format!("không đọc được tệp khóa {}: {e}", p.display()))
                })?
                .trim()
                .to_string(),
            None => std::env::var(TOKEN_ENV)
                .unwrap_or_default()
                .trim()
                .to_string(),
        };
        if token.is_empty() {
            return Err(CallError::Config(format!(
                "chưa có khóa phiên kết nối Cổng DVC quốc gia (đặt {TOKEN_ENV} hoặc {TOKEN_FILE_ENV})"
            )));
        }
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            return Err(CallError::Config(format!(
                "địa chỉ Cổng DVC quốc gia không hợp lệ: {url}"
            )));
        }
        Ok(NationalConfig {
            url: url.trim_end_matches('/').to_string(),
            token,
            timeout: Duration::from_secs(30),
            attempts: 4,
            backoff: Duration::from_secs(2),
        })
    }
}

/// Why a call failed. The Display is Vietnamese and never holds the token.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    #[error("cấu hình: {0}")]
    Config(String),
    /// Not reachable, timed out, or an HTTP error after every attempt.
    #[error("không gửi được: {0}")]
    Transport(String),
    /// The national portal answered and refused: its error_code and message.
    #[error("Cổng DVC quốc gia từ chối (mã {code}): {message}")]
    Refused { code: String, message: String },
}

/// The national portal's answer.
#[derive(Debug, Clone, Deserialize)]
pub struct Answer {
    #[serde(default, deserialize_with = "string_or_number")]
    pub error_code: String,
    #[serde(default)]
    pub message: String,
}

fn string_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    let v = Value::deserialize(d)?;
    Ok(match v {
        Value::String(s) => s,
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    })
}

impl Answer {
    pub fn ok(&self) -> bool {
        self.error_code.trim() == "0"
    }

    /// "Hồ sơ đã tồn tại": the create must become an update (Thanh Hóa checks the message
    /// whatever the code: 0, 3 or -3).
    pub fn already_exists(&self) -> bool {
        self.message.to_lowercase().contains("đã tồn tại")
    }
}

pub struct Client {
    http: reqwest::Client,
    pub config: NationalConfig,
}

impl Client {
    pub fn new(config: NationalConfig) -> Result<Client, CallError> {
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout)
            .build()
            .map_err(|e| CallError::Config(e.to_string()))?;
        Ok(Client { http, config })
    }

    /// One service call with retries; `Ok` is any parsed answer (the caller reads the code).
    pub async fn call(
        &self,
        madonvi: &str,
        service: &str,
        updating: Option<bool>,
        data: &[Value],
    ) -> Result<Answer, CallError> {
        let mut body = json!({
            "session": self.config.token,
            "madonvi": madonvi,
            "service": service,
            "data": data,
        });
        if let Some(u) = updating {
            // opencps sends "True"/"False" as strings.
            body["isUpdating"] = json!(if u { "True" } else { "False" });
        }
        let mut delay = self.config.backoff;
        let mut last = String::new();
        for attempt in 0..self.config.attempts.max(1) {
            if attempt > 0 {
                tokio::time::sleep(delay).await;
                delay = delay.saturating_mul(2);
            }
            match self.http.post(&self.config.url).json(&body).send().await {
                Ok(resp) => {
                    let status = resp.status();
                    let text = resp.text().await.unwrap_or_default();
                    if status.is_server_error() || status.as_u16() == 429 {
                        last = format!("HTTP {}", status.as_u16());
                        continue;
                    }
                    return match serde_json::from_str::<Answer>(&text) {
                        Ok(a) => Ok(a),
                        Err(_) if !status.is_success() => Err(CallError::Refused {
                            code: format!("HTTP {}", status.as_u16()),
                            message: short(&text),
                        }),
                        // Thanh Hóa reads the progress answer as plain text: "thành công" is success.
                        Err(_) if text.to_lowercase().contains("thành công") => Ok(Answer {
                            error_code: "0".into(),
                            message: short(&text),
                        }),
                        Err(_) => Err(CallError::Refused {
                            code: String::new(),
                            message: short(&text),
                        }),
                    };
                }
                Err(e) => {
                    // reqwest's error names the URL, never the body: no token in it.
                    last = if e.is_timeout() {
                        "hết thời gian chờ".to_string()
                    } else {
                        e.without_url().to_string()
                    };
                }
            }
        }
        Err(CallError::Transport(last))
    }
}

fn short(s: &str) -> String {
    s.chars().take(500).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_never_shows_in_debug_or_errors() {
        let c = NationalConfig {
            url: "http://127.0.0.1:1/x".into(),
            token: "bi-mat-123".into(),
            timeout: Duration::from_secs(1),
            attempts: 1,
            backoff: Duration::from_millis(1),
        };
        assert!(!format!("{c:?}").contains("bi-mat-123"));
        let missing = NationalConfig::new(
            "http://127.0.0.1:1/x",
            Some(std::path::Path::new("/nonexistent/token")),
        )
        .unwrap_err();
        assert!(matches!(missing, CallError::Config(_)));
        let answer: Answer =
            serde_json::from_str(r#"{"error_code": -3, "message": "Hồ sơ X đã tồn tại"}"#).unwrap();
        assert!(answer.already_exists() && !answer.ok());
        let answer: Answer =
            serde_json::from_str(r#"{"error_code": "0", "message": "Thành công"}"#).unwrap();
        assert!(answer.ok() && !answer.already_exists());
    }
}

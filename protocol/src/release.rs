//! Bản cập nhật quầy: the desk releases the portal serves, and how they are signed.
//!
//! A release is a package file (a `.deb` for Debian/Ubuntu desks, an NSIS `.exe` for Windows)
//! plus a detached Ed25519 signature made on the release manager's machine (`motcua release
//! sign`). The signature is not over the file alone but over a short [`statement`] naming the
//! platform, the version and the file's SHA-256: a desk that verifies it knows the file is the one
//! signed **as that version for that platform**, so an old signed package cannot be served again
//! as a "newer" one (a downgrade) or a Windows package as a Linux one.
//!
//! The private key never reaches the portal; the portal checks the signature when a release is
//! published (a typo'd file is refused there already) and the desk checks it again before it
//! installs anything, with the public key built into it.
//!
//! Endpoints (desk token, `Authorization: Bearer`):
//! - `GET /api/v1/releases/latest?platform=P` → [`LatestRelease`]
//! - `GET /api/v1/releases/{platform}/{version}` → the package bytes (HTTP `Range` honoured)

pub use ed25519_dalek;
use ed25519_dalek::{Signature, VerifyingKey};
use serde::{Deserialize, Serialize};

/// The newest-release question.
pub const RELEASE_LATEST_PATH: &str = "/api/v1/releases/latest";
/// A release's package (axum path syntax).
pub const RELEASE_FILE_PATH: &str = "/api/v1/releases/{platform}/{version}";

/// The package formats a desk runs from.
pub const PLATFORMS: [&str; 2] = ["linux-deb", "windows-nsis"];

/// The package path of one release.
pub fn file_path(platform: &str, version: &str) -> String {
    format!("/api/v1/releases/{platform}/{version}")
}

/// One published release, as the portal describes it to a desk.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct ReleaseInfo {
    pub version: String,
    pub platform: String,
    /// Package size in bytes.
    pub size: u64,
    /// Hex SHA-256 of the package.
    pub sha256: String,
    /// Hex Ed25519 signature of [`statement`] (128 hex digits).
    pub signature: String,
    /// RFC 3339 UTC.
    pub published_at: String,
}

/// `GET /api/v1/releases/latest` answer: `release` is `None` when nothing is published.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct LatestRelease {
    pub release: Option<ReleaseInfo>,
}

/// What is signed: `motcua-release-v1`, platform, version and hex SHA-256, one per line.
pub fn statement(platform: &str, version: &str, sha256_hex: &str) -> Vec<u8> {
    format!(
        "motcua-release-v1\n{platform}\n{version}\n{}\n",
        sha256_hex.to_ascii_lowercase()
    )
    .into_bytes()
}

/// Why a signature or key was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SignatureError {
    #[error("khóa công khai không hợp lệ: {0}")]
    BadKey(String),
    #[error("chữ ký không đúng định dạng (cần 128 chữ số hex)")]
    Malformed,
    #[error("chữ ký không khớp với khóa phát hành: gói không do nhóm phát hành ký hoặc đã bị sửa")]
    Mismatch,
}

/// Reads a key file's text: lines starting with `#` are comments, the rest is hex.
pub fn parse_hex_key<const N: usize>(text: &str) -> Result<[u8; N], SignatureError> {
    let hex: String = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    let bytes = from_hex(&hex).ok_or_else(|| SignatureError::BadKey("không phải hex".into()))?;
    bytes
        .try_into()
        .map_err(|b: Vec<u8>| SignatureError::BadKey(format!("{} byte, cần {N}", b.len())))
}

/// A public key from its file text (see [`parse_hex_key`]).
pub fn public_key(text: &str) -> Result<VerifyingKey, SignatureError> {
    let bytes = parse_hex_key::<32>(text)?;
    VerifyingKey::from_bytes(&bytes).map_err(|e| SignatureError::BadKey(e.to_string()))
}

/// Checks `signature_hex` over the [`statement`] of (platform, version, sha256) with `key`.
pub fn verify(
    key: &VerifyingKey,
    platform: &str,
    version: &str,
    sha256_hex: &str,
    signature_hex: &str,
) -> Result<(), SignatureError> {
    let bytes: [u8; 64] = from_hex(signature_hex.trim())
        .and_then(|b| b.try_into().ok())
        .ok_or(SignatureError::Malformed)?;
    let sig = Signature::from_bytes(&bytes);
    key.verify_strict(&statement(platform, version, sha256_hex), &sig)
        .map_err(|_| SignatureError::Mismatch)
}

/// Lower-case hex.
pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Hex to bytes; `None` on an odd length or a non-hex digit.
pub fn from_hex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| s.get(i..i + 2).and_then(|d| u8::from_str_radix(d, 16).ok()))
        .collect()
}

/// A release version: `MAJOR.MINOR.PATCH`, numbers only, compared as numbers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version(pub u32, pub u32, pub u32);

impl Version {
    pub fn parse(s: &str) -> Option<Version> {
        let mut parts = s.trim().split('.');
        let mut next = || -> Option<u32> {
            let p = parts.next()?;
            if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) || p.len() > 6 {
                return None;
            }
            p.parse().ok()
        };
        let v = Version(next()?, next()?, next()?);
        parts.next().is_none().then_some(v)
    }
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}.{}.{}", self.0, self.1, self.2)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use ed25519_dalek::{Signer, SigningKey};

    #[test]
    fn a_signature_binds_platform_version_and_hash() {
        let sk = SigningKey::from_bytes(&[7u8; 32]);
        let vk = sk.verifying_key();
        let hash = "ab".repeat(32);
        let sig = to_hex(&sk.sign(&statement("linux-deb", "1.2.3", &hash)).to_bytes());
        assert_eq!(verify(&vk, "linux-deb", "1.2.3", &hash, &sig), Ok(()));
        for (p, v, h) in [
            ("windows-nsis", "1.2.3", hash.clone()),
            ("linux-deb", "1.2.4", hash.clone()),
            ("linux-deb", "1.2.3", "cd".repeat(32)),
        ] {
            assert_eq!(
                verify(&vk, p, v, &h, &sig),
                Err(SignatureError::Mismatch),
                "{p} {v}"
            );
        }
        let other = SigningKey::from_bytes(&[8u8; 32]).verifying_key();
        assert_eq!(
            verify(&other, "linux-deb", "1.2.3", &hash, &sig),
            Err(SignatureError::Mismatch)
        );
        assert_eq!(
            verify(&vk, "linux-deb", "1.2.3", &hash, "zz"),
            Err(SignatureError::Malformed)
        );
    }

    #[test]
    fn versions_compare_as_numbers() {
        assert!(Version::parse("0.10.0").unwrap() > Version::parse("0.9.9").unwrap());
        assert_eq!(Version::parse("1.2.3"), Some(Version(1, 2, 3)));
        for bad in ["1.2", "1.2.3.4", "1.2.x", "", "1..2", "-1.2.3", "1.2.3-rc1"] {
            assert_eq!(Version::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn key_files_allow_comments() {
        let vk = SigningKey::from_bytes(&[7u8; 32]).verifying_key();
        let text = format!("# motcua release key\n{}\n", to_hex(vk.as_bytes()));
        assert_eq!(public_key(&text).unwrap(), vk);
        assert!(public_key("# nothing\n").is_err());
    }
}

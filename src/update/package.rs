//! Kiểm tra gói: a downloaded package is installed only when its size and SHA-256 are the ones
//! the portal announced, the release signature over (platform, version, SHA-256) verifies with
//! the built-in key, and the version is newer than the running one.

use std::io::Read;
use std::path::Path;

use motcua_protocol::release::{self, ReleaseInfo, ed25519_dalek::VerifyingKey};
use sha2::{Digest, Sha256};

use super::{UpdateError, is_newer};
use crate::version;

/// The package's file name in the updates folder.
pub fn file_name(r: &ReleaseInfo) -> String {
    let ext = if r.platform == "windows-nsis" {
        "exe"
    } else {
        "deb"
    };
    let safe: String = r
        .version
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '.')
        .collect();
    format!("motcua-desk_{safe}_{}.{ext}", r.platform)
}

/// Hex SHA-256 and length of a file, read in pieces.
pub fn sha256_file(path: &Path) -> std::io::Result<(String, u64)> {
    let mut f = std::fs::File::open(path)?;
    let mut h = Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    let mut len = 0u64;
    loop {
        let n = f.read(&mut buf)?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
        len += n as u64;
    }
    Ok((release::to_hex(&h.finalize()), len))
}

/// All the checks of the module comment, with `key`.
pub fn verify_file(path: &Path, r: &ReleaseInfo, key: &VerifyingKey) -> Result<(), UpdateError> {
    if !is_newer(&r.version) {
        return Err(UpdateError::NotNewer {
            offered: r.version.clone(),
            current: version::CURRENT.to_string(),
        });
    }
    if r.platform != super::PLATFORM {
        return Err(UpdateError::Signature(format!(
            "gói dành cho {}, quầy này là {}",
            r.platform,
            super::PLATFORM
        )));
    }
    let (hash, len) = sha256_file(path).map_err(|e| UpdateError::Install(e.to_string()))?;
    if len < r.size {
        return Err(UpdateError::Truncated {
            got: len,
            size: r.size,
        });
    }
    if len != r.size || !hash.eq_ignore_ascii_case(&r.sha256) {
        return Err(UpdateError::HashMismatch);
    }
    release::verify(key, &r.platform, &r.version, &hash, &r.signature)
        .map_err(|e| UpdateError::Signature(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use motcua_protocol::release::ed25519_dalek::{Signer, SigningKey};

    fn signed(sk: &SigningKey, bytes: &[u8], version: &str) -> ReleaseInfo {
        let sha = release::to_hex(&Sha256::digest(bytes));
        let sig = sk.sign(&release::statement(super::super::PLATFORM, version, &sha));
        ReleaseInfo {
            version: version.into(),
            platform: super::super::PLATFORM.into(),
            size: bytes.len() as u64,
            sha256: sha,
            signature: release::to_hex(&sig.to_bytes()),
            published_at: "2026-12-07T00:00:00Z".into(),
        }
    }

    #[test]
    fn only_a_whole_signed_newer_package_passes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p.deb");
        let bytes = b"!<arch>\npackage bytes".repeat(100);
        std::fs::write(&path, &bytes).unwrap();
        let sk = SigningKey::from_bytes(&[3u8; 32]);
        let vk = sk.verifying_key();
        let newer = "999.0.0";
        let r = signed(&sk, &bytes, newer);
        verify_file(&path, &r, &vk).unwrap();
        // Another key.
        let other = SigningKey::from_bytes(&[4u8; 32]).verifying_key();
        assert!(matches!(
            verify_file(&path, &r, &other),
            Err(UpdateError::Signature(_))
        ));
        // Same version as running, and older.
        for v in [version::CURRENT, "0.0.1"] {
            let r = signed(&sk, &bytes, v);
            assert!(matches!(
                verify_file(&path, &r, &vk),
                Err(UpdateError::NotNewer { .. })
            ));
        }
        // One byte changed, same length.
        let mut tampered = bytes.clone();
        tampered[20] ^= 1;
        std::fs::write(&path, &tampered).unwrap();
        assert!(matches!(
            verify_file(&path, &r, &vk),
            Err(UpdateError::HashMismatch)
        ));
        // Cut short.
        std::fs::write(&path, &bytes[..100]).unwrap();
        assert!(matches!(
            verify_file(&path, &r, &vk),
            Err(UpdateError::Truncated { .. })
        ));
        // The signature of an older version's statement does not pass for a newer version.
        std::fs::write(&path, &bytes).unwrap();
        let mut relabelled = signed(&sk, &bytes, "0.0.1");
        relabelled.version = newer.into();
        assert!(matches!(
            verify_file(&path, &relabelled, &vk),
            Err(UpdateError::Signature(_))
        ));
    }
}

//! Ký bản phát hành: the release manager's side (`motcua release keygen | sign`). Runs on the
//! machine that keeps the private key, never on the portal.
//!
//! Key files are hex text with `#` comment lines: the private key file holds the 32-byte seed
//! (written readable by its owner only), the public one the 32-byte key (`keys/release.pub`).

use std::path::{Path, PathBuf};

use motcua_protocol::release::{
    self, PLATFORMS, Version,
    ed25519_dalek::{Signer, SigningKey},
};
use serde::Serialize;

use super::package::sha256_file;
use crate::{Error, Result};

fn invalid(code: &'static str, msg: String) -> Error {
    Error::invalid(code, None, msg)
}

/// A new key pair written to `secret` and `secret` + `.pub`. Neither may exist.
pub fn keygen(secret: &Path) -> Result<(PathBuf, String)> {
    let public = PathBuf::from(format!("{}.pub", secret.display()));
    for p in [secret, public.as_path()] {
        if p.exists() {
            return Err(invalid(
                "key_exists",
                format!("Tệp {} đã có; không ghi đè khóa.", p.display()),
            ));
        }
    }
    let mut seed = [0u8; 32];
    getrandom::fill(&mut seed)
        .map_err(|e| invalid("random", format!("Không lấy được số ngẫu nhiên: {e}")))?;
    let sk = SigningKey::from_bytes(&seed);
    let pub_hex = release::to_hex(sk.verifying_key().as_bytes());
    write_private(
        secret,
        &format!(
            "# motcua release private key: keep offline, never on the portal\n{}\n",
            release::to_hex(&seed)
        ),
    )?;
    std::fs::write(
        &public,
        format!("# motcua release public key (Ed25519)\n{pub_hex}\n"),
    )?;
    Ok((public, pub_hex))
}

fn write_private(path: &Path, text: &str) -> Result<()> {
    use std::io::Write;
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600);
    }
    let mut f = opts.open(path)?;
    f.write_all(text.as_bytes())?;
    f.sync_all()?;
    Ok(())
}

/// What `motcua release sign` made.
#[derive(Debug, Clone, Serialize)]
pub struct Signed {
    pub file: String,
    pub version: String,
    pub platform: String,
    pub size: u64,
    pub sha256: String,
    pub signature: String,
    pub signature_file: String,
    /// The public key that verifies it (compare with keys/release.pub).
    pub public_key: String,
}

/// Signs `file` as `version` for `platform` with the private key file `key`; writes the
/// signature (hex) to `out`, default `file` + `.sig`.
pub fn sign(
    file: &Path,
    version: &str,
    platform: &str,
    key: &Path,
    out: Option<&Path>,
) -> Result<Signed> {
    if !PLATFORMS.contains(&platform) {
        return Err(invalid(
            "invalid_platform",
            format!(
                "Nền tảng «{platform}» không hợp lệ; dùng một trong: {}.",
                PLATFORMS.join(", ")
            ),
        ));
    }
    let version = Version::parse(version)
        .ok_or_else(|| {
            invalid(
                "invalid_version",
                format!("Phiên bản «{version}» không hợp lệ; cần dạng SỐ.SỐ.SỐ."),
            )
        })?
        .to_string();
    let seed = release::parse_hex_key::<32>(&std::fs::read_to_string(key)?)
        .map_err(|e| invalid("bad_key", format!("Tệp khóa {}: {e}", key.display())))?;
    let sk = SigningKey::from_bytes(&seed);
    let (sha256, size) = sha256_file(file)?;
    let sig = release::to_hex(
        &sk.sign(&release::statement(platform, &version, &sha256))
            .to_bytes(),
    );
    let out = out
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from(format!("{}.sig", file.display())));
    std::fs::write(&out, format!("{sig}\n"))?;
    Ok(Signed {
        file: file.display().to_string(),
        version,
        platform: platform.to_string(),
        size,
        sha256,
        signature: sig,
        signature_file: out.display().to_string(),
        public_key: release::to_hex(sk.verifying_key().as_bytes()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keygen_then_sign_verifies_with_the_public_file() {
        let dir = tempfile::tempdir().unwrap();
        let secret = dir.path().join("release.key");
        let (public, hex) = keygen(&secret).unwrap();
        assert!(keygen(&secret).is_err(), "never overwrites a key");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&secret).unwrap().permissions().mode();
            assert_eq!(mode & 0o077, 0, "private key readable by its owner only");
        }
        let pkg = dir.path().join("p.deb");
        std::fs::write(&pkg, b"!<arch>\nx").unwrap();
        let s = sign(&pkg, "1.2.3", "linux-deb", &secret, None).unwrap();
        let vk = release::public_key(&std::fs::read_to_string(&public).unwrap()).unwrap();
        assert_eq!(release::to_hex(vk.as_bytes()), hex);
        release::verify(&vk, "linux-deb", "1.2.3", &s.sha256, &s.signature).unwrap();
        assert_eq!(
            std::fs::read_to_string(&s.signature_file).unwrap().trim(),
            s.signature
        );
        assert!(sign(&pkg, "1.2", "linux-deb", &secret, None).is_err());
        assert!(sign(&pkg, "1.2.3", "macos", &secret, None).is_err());
    }
}

//! Khóa phát hành: the release public key built into this program.
//!
//! Fixed at build time: `MOTCUA_RELEASE_PUBKEY` (hex) when set, else the project's key committed
//! in `keys/release.pub`. There is no way to change it at run time: a desk only installs what
//! the holder of the matching private key signed. The update tests build with a key pair of
//! their own (scripts/ci/updates.sh), so the test key is never in a shipped build.

use motcua_protocol::release::{self, ed25519_dalek::VerifyingKey};

use super::UpdateError;

/// The key's text (hex, `#` comment lines allowed).
pub const TRUSTED_KEY: &str = match option_env!("MOTCUA_RELEASE_PUBKEY") {
    Some(k) => k,
    None => include_str!("../../keys/release.pub"),
};

/// The built-in key.
pub fn trusted_key() -> Result<VerifyingKey, UpdateError> {
    release::public_key(TRUSTED_KEY).map_err(|e| UpdateError::Signature(e.to_string()))
}

/// Hex of the built-in key (shown by `motcua update status`, for an admin to compare).
pub fn fingerprint() -> String {
    trusted_key()
        .map(|k| release::to_hex(k.as_bytes()))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_built_in_key_parses() {
        assert_eq!(super::fingerprint().len(), 64);
    }
}

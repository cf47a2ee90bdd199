//! Bí mật: desk tokens and one-time enrollment codes. Both are random; the portal keeps only
//! their SHA-256.

use crate::error::{Error, Result};

/// Letters and digits a person cannot confuse (no 0/O, 1/I/L).
const CODE_ALPHABET: &[u8] = b"ABCDEFGHJKMNPQRSTUVWXYZ23456789";

fn random_bytes<const N: usize>() -> Result<[u8; N]> {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf)
        .map_err(|e| Error::Internal(format!("Không lấy được số ngẫu nhiên: {e}")))?;
    Ok(buf)
}

/// A desk's bearer token: 32 random bytes, hex.
pub fn new_token() -> Result<String> {
    Ok(hex(&random_bytes::<32>()?))
}

/// A one-time enrollment code, e.g. `K7QM-3XHP-TN9C-WR4D` (4 groups of 4, ≈ 79 bits).
pub fn new_enroll_code() -> Result<String> {
    let bytes = random_bytes::<16>()?;
    let chars: Vec<char> = bytes
        .iter()
        .map(|b| {
            // 256 is not a multiple of 31: reject-free, a small bias is harmless for a 7-day code.
            CODE_ALPHABET[usize::from(*b) % CODE_ALPHABET.len()] as char
        })
        .collect();
    Ok(chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join("-"))
}

/// The form of an enrollment code that is hashed: upper case, no spaces or dashes.
pub fn normalize_enroll_code(code: &str) -> String {
    code.chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// Hex SHA-256 of a secret (what the database keeps).
pub fn hash(secret: &str) -> String {
    motcua_protocol::content_hash(secret)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enroll_code_shape() {
        let c = new_enroll_code().unwrap();
        assert_eq!(c.len(), 19);
        assert_eq!(c.split('-').count(), 4);
        assert!(
            normalize_enroll_code(&c)
                .bytes()
                .all(|b| CODE_ALPHABET.contains(&b))
        );
        assert_ne!(c, new_enroll_code().unwrap());
        assert_eq!(
            normalize_enroll_code(" k7qm-3xhp tn9c-wr4d "),
            "K7QM3XHPTN9CWR4D"
        );
    }

    #[test]
    fn token_is_64_hex() {
        let t = new_token().unwrap();
        assert_eq!(t.len(), 64);
        assert!(t.bytes().all(|b| b.is_ascii_hexdigit()));
    }
}

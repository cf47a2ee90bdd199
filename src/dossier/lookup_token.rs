//! Mã tra cứu: the unguessable part of a dossier's public lookup URL. The code alone
//! (`<unit>-YYMMDD-NNNN`) can be walked day by day and number by number, so the portal shows a
//! dossier's details (procedure, owner's initials, dates) only with this token, which only the
//! receipt carries (QR code and printed URL). 128 random bits from the OS, written in base32
//! (RFC 4648, lower case, no padding: 26 characters `a-z2-7`, short enough for the printed URL to
//! stay on one line); made at intake (migration 0011) and sent to the portal in the `create`
//! change (`lookup_token`).

use sqlx::{Sqlite, Transaction};

use crate::store::Db;
use crate::{Error, Result};

/// A fresh token.
pub fn new() -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| Error::invalid("internal", None, e.to_string()))?;
    Ok(base32(&bytes))
}

/// RFC 4648 base32, lower case, without padding.
fn base32(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 32] = b"abcdefghijklmnopqrstuvwxyz234567";
    let mut out = String::with_capacity(bytes.len().div_ceil(5) * 8);
    let (mut buffer, mut bits) = (0u32, 0u32);
    for &b in bytes {
        buffer = (buffer << 8) | u32::from(b);
        bits += 8;
        while bits >= 5 {
            bits -= 5;
            out.push(char::from(ALPHABET[((buffer >> bits) & 31) as usize]));
        }
    }
    if bits > 0 {
        out.push(char::from(ALPHABET[((buffer << (5 - bits)) & 31) as usize]));
    }
    out
}

/// Stores `token` on the dossier `id` inside the intake's transaction.
pub async fn assign(tx: &mut Transaction<'_, Sqlite>, id: &str, token: &str) -> Result<()> {
    sqlx::query("UPDATE dossier SET lookup_token = ? WHERE id = ?")
        .bind(token)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// The token of the dossier `id` (`None` for a dossier received before tokens existed).
pub async fn of(db: &Db, id: &str) -> Result<Option<String>> {
    Ok(
        sqlx::query_scalar::<_, Option<String>>("SELECT lookup_token FROM dossier WHERE id = ?")
            .bind(id)
            .fetch_optional(db)
            .await?
            .flatten(),
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn tokens_are_128_bit_base32_and_differ() {
        let a = super::new().unwrap();
        let b = super::new().unwrap();
        assert_eq!(a.len(), 26);
        assert!(
            a.chars()
                .all(|c| c.is_ascii_lowercase() || ('2'..='7').contains(&c))
        );
        assert_ne!(a, b);
        // RFC 4648 test vectors.
        assert_eq!(super::base32(b"foobar"), "mzxw6ytboi");
        assert_eq!(super::base32(b"f"), "my");
    }
}

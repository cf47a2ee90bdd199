//! Thời điểm: the instant format both ends store and send, RFC 3339 in UTC to the second
//! (`2026-02-05T02:32:00Z`).

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Deserializer, Serialize};

/// Storage and wire form: `2026-02-05T02:32:00Z`.
pub fn to_db(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Secs, true)
}

/// Parses a stored, sent or user-given RFC 3339 instant (any offset; surrounding blanks ignored).
pub fn parse(s: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s.trim())
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// An instant as text that [`parse`] accepts, kept exactly as written (so a payload serialises
/// back to the same bytes and its content hash does not change).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Instant(String);

impl Instant {
    pub fn new(t: DateTime<Utc>) -> Self {
        Instant(to_db(t))
    }

    /// `None` unless `s` is an RFC 3339 instant.
    pub fn from_text(s: &str) -> Option<Self> {
        parse(s).map(|_| Instant(s.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn at(&self) -> DateTime<Utc> {
        // Checked when built: `from_text`, `new` and `Deserialize` only hold parseable text.
        parse(&self.0).unwrap_or_default()
    }
}

impl From<DateTime<Utc>> for Instant {
    fn from(t: DateTime<Utc>) -> Self {
        Instant::new(t)
    }
}

impl std::fmt::Display for Instant {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Instant {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Instant::from_text(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("«{s}» không phải thời điểm RFC 3339")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn storage_form_and_kept_text() {
        let t = parse("2026-02-05T09:32:00+07:00").unwrap();
        assert_eq!(to_db(t), "2026-02-05T02:32:00Z");
        let i: Instant = serde_json::from_str("\"2026-02-05T09:32:00+07:00\"").unwrap();
        assert_eq!(i.as_str(), "2026-02-05T09:32:00+07:00");
        assert_eq!(i.at(), t);
        assert!(serde_json::from_str::<Instant>("\"2026-13-01T00:00:00Z\"").is_err());
        assert_eq!(
            serde_json::to_string(&Instant::new(t)).unwrap(),
            "\"2026-02-05T02:32:00Z\""
        );
    }
}

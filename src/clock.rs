//! Time: instants are UTC; people see Vietnam time (UTC+7, no daylight saving since 1975).

use chrono::{DateTime, FixedOffset, NaiveDateTime, SecondsFormat, Utc};

/// Asia/Ho_Chi_Minh as a fixed offset.
pub fn vietnam() -> FixedOffset {
    FixedOffset::east_opt(7 * 3600).expect("UTC+7 is a valid offset")
}

/// The local (Vietnam) wall time of an instant.
pub fn local(t: DateTime<Utc>) -> NaiveDateTime {
    t.with_timezone(&vietnam()).naive_local()
}

/// Storage form `2026-02-05T02:32:00Z` and its parser: the contract's instant format, which the
/// portal reads and writes too.
pub use motcua_protocol::instant::{parse, to_db};

/// RFC 3339 with the Vietnam offset, e.g. `2026-02-26T09:00:00+07:00`.
pub fn to_vn_rfc3339(t: DateTime<Utc>) -> String {
    t.with_timezone(&vietnam())
        .to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// "09:32 05/02/2026" in Vietnam time.
pub fn display(t: DateTime<Utc>) -> String {
    local(t).format("%H:%M %d/%m/%Y").to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shows_vietnam_time() {
        let t = parse("2026-02-05T02:32:00Z").expect("valid");
        assert_eq!(display(t), "09:32 05/02/2026");
        assert_eq!(to_vn_rfc3339(t), "2026-02-05T09:32:00+07:00");
        assert_eq!(to_db(t), "2026-02-05T02:32:00Z");
    }
}

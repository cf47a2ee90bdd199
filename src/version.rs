//! Phiên bản đang chạy: the version this program was built as.

/// `MOTCUA_BUILD_VERSION` at build time (release builds and the update tests set it), else the
/// crate version from Cargo.toml.
pub const CURRENT: &str = match option_env!("MOTCUA_BUILD_VERSION") {
    Some(v) => v,
    None => env!("CARGO_PKG_VERSION"),
};

/// [`CURRENT`] as one number for the database header (`PRAGMA user_version`):
/// MAJOR·1 000 000 + MINOR·1 000 + PATCH; 0 when it does not parse or does not fit.
pub fn as_number(version: &str) -> i32 {
    match motcua_protocol::release::Version::parse(version) {
        Some(v) if v.1 < 1000 && v.2 < 1000 && v.0 < 2000 => {
            (v.0 * 1_000_000 + v.1 * 1000 + v.2) as i32
        }
        _ => 0,
    }
}

/// The inverse of [`as_number`] (for messages).
pub fn from_number(n: i32) -> String {
    let n = n.max(0);
    format!("{}.{}.{}", n / 1_000_000, (n / 1000) % 1000, n % 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_keep_the_order() {
        assert_eq!(as_number("0.1.0"), 1000);
        assert_eq!(as_number("1.2.3"), 1_002_003);
        assert!(as_number("0.10.0") > as_number("0.9.999"));
        assert_eq!(from_number(as_number("12.34.56")), "12.34.56");
        assert_eq!(as_number("x"), 0);
        assert!(as_number(CURRENT) > 0, "{CURRENT}");
    }
}

//! Tra cứu hồ sơ: the public page the receipt's QR code opens (`/tra-cuu?ma=CODE&t=TOKEN`). With
//! the dossier's lookup token (`t`, printed only on the receipt) it shows the status in
//! Vietnamese, the procedure, the appointment and where to collect the result, and no personal
//! data beyond the owner's masked initials: anyone holding the paper can open it. With the bare
//! code (which can be guessed: unit, date, number) it shows only that the dossier exists and its
//! status ([`render_status_only`]), so a unit's day cannot be read by walking the numbers.

use chrono::{DateTime, FixedOffset, Utc};
use sha2::{Digest, Sha256};

/// SHA-256 (hex) of a lookup token: what the portal keeps (`dossier.lookup_token_hash`).
pub fn token_hash(token: &str) -> String {
    Sha256::digest(token.trim().to_ascii_lowercase().as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A token the desk makes: 20 to 64 letters and digits (base32 or hex: at least 96 bits; the
/// desk sends 128 bits as 26 base32 characters).
pub fn token_well_formed(token: &str) -> bool {
    (20..=64).contains(&token.len()) && token.chars().all(|c| c.is_ascii_alphanumeric())
}

/// Whether `given` (the `t` of the URL) is the token whose hash is `stored`; the comparison of the
/// hashes takes the same time wherever they differ.
pub fn token_matches(stored: Option<&str>, given: &str) -> bool {
    let Some(stored) = stored else {
        return false;
    };
    if !token_well_formed(given.trim()) {
        return false;
    }
    let h = token_hash(given);
    h.len() == stored.len()
        && h.bytes()
            .zip(stored.bytes())
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0
}

/// What the page may show of one dossier.
#[derive(Debug, Clone)]
pub struct LookupView {
    pub code: String,
    pub procedure_name: String,
    pub owner_name: String,
    /// TrangThaiHoSo 1-10.
    pub national_status: u8,
    pub received_at: Option<String>,
    pub due_at: Option<String>,
    pub unit_name: String,
    pub unit_place: String,
    pub hotline: String,
}

/// "Đặng Thị Lan" → "Đ. T. L.": initials only.
pub fn mask_name(name: &str) -> String {
    name.split_whitespace()
        .filter_map(|w| w.chars().next())
        .flat_map(|c| c.to_uppercase())
        .map(|c| format!("{c}."))
        .collect::<Vec<_>>()
        .join(" ")
}

/// The national status in words (domain.md).
pub fn status_words(national: u8) -> &'static str {
    match national {
        1 => "Mới đăng ký",
        2 => "Đã tiếp nhận, đang chờ xử lý",
        3 => "Không được tiếp nhận",
        4 => "Đang xử lý",
        5 => "Yêu cầu bổ sung giấy tờ",
        6 => "Yêu cầu thực hiện nghĩa vụ tài chính",
        7 => "Công dân đã rút hồ sơ",
        8 => "Dừng xử lý",
        9 => "Đã có kết quả, mời đến nhận",
        10 => "Đã trả kết quả",
        _ => "Không rõ",
    }
}

fn vn_time(rfc3339: Option<&str>) -> String {
    let tz = FixedOffset::east_opt(7 * 3600).expect("UTC+7");
    rfc3339
        .and_then(|s| DateTime::parse_from_rfc3339(s).ok())
        .map(|t| {
            t.with_timezone(&Utc)
                .with_timezone(&tz)
                .format("%H giờ %M, ngày %d/%m/%Y")
                .to_string()
        })
        .unwrap_or_else(|| "—".to_string())
}

/// Escapes text for HTML.
pub fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

fn page(title: &str, body: &str) -> String {
    format!(
        "<!doctype html>\n<html lang=\"vi\"><head><meta charset=\"utf-8\">\
<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
<title>{}</title><style>body{{font-family:system-ui,sans-serif;max-width:36rem;margin:2rem auto;padding:0 1rem;color:#1a1a1a}}\
h1{{font-size:1.3rem}}dt{{font-weight:600;margin-top:.8rem}}dd{{margin:0}}.status{{font-size:1.2rem;color:#0b5}}</style>\
</head><body>{}</body></html>\n",
        esc(title),
        body
    )
}

/// The page for a dossier.
pub fn render(v: &LookupView) -> String {
    let body = format!(
        "<h1>Tra cứu hồ sơ {code}</h1>\n<p class=\"status\">{status}</p>\n<dl>\
<dt>Thủ tục</dt><dd>{proc}</dd>\
<dt>Chủ hồ sơ</dt><dd>{owner}</dd>\
<dt>Ngày tiếp nhận</dt><dd>{received}</dd>\
<dt>Ngày hẹn trả kết quả</dt><dd>{due}</dd>\
<dt>Nơi nhận kết quả</dt><dd>{unit}, {place}</dd>\
<dt>Đường dây nóng</dt><dd>{hotline}</dd></dl>\n",
        code = esc(&v.code),
        status = esc(status_words(v.national_status)),
        proc = esc(&v.procedure_name),
        owner = esc(&mask_name(&v.owner_name)),
        received = esc(&vn_time(v.received_at.as_deref())),
        due = esc(&vn_time(v.due_at.as_deref())),
        unit = esc(&v.unit_name),
        place = esc(&v.unit_place),
        hotline = esc(&v.hotline),
    );
    page(&format!("Tra cứu hồ sơ {}", v.code), &body)
}

/// The page for a code without its token: the dossier exists, and its status; nothing else (no
/// procedure, no initials, no dates, no place).
pub fn render_status_only(code: &str, national_status: u8) -> String {
    let body = format!(
        "<h1>Tra cứu hồ sơ {code}</h1>\n<p class=\"status\">{status}</p>\n\
<p>Để xem chi tiết (thủ tục, ngày hẹn trả, nơi nhận kết quả), hãy quét mã QR trên giấy tiếp nhận \
hoặc nhập đúng địa chỉ tra cứu in trên giấy.</p>\n",
        code = esc(code),
        status = esc(status_words(national_status)),
    );
    page(&format!("Tra cứu hồ sơ {code}"), &body)
}

/// The page when no dossier has that code (or it has not reached the portal yet).
pub fn not_found(code: &str) -> String {
    let body = format!(
        "<h1>Không tìm thấy hồ sơ</h1>\n<p>Chưa có hồ sơ mã <strong>{}</strong> trên cổng. \
Hồ sơ vừa nộp có thể chưa được đồng bộ; xin thử lại sau ít phút hoặc gọi đường dây nóng ghi trên giấy tiếp nhận.</p>\n",
        esc(code)
    );
    page("Không tìm thấy hồ sơ", &body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn view() -> LookupView {
        LookupView {
            code: "000.00.31.H29-261124-0003".into(),
            procedure_name: "Thủ tục đăng ký khai sinh".into(),
            owner_name: "Đặng Thị Lan".into(),
            national_status: 9,
            received_at: Some("2026-11-24T01:32:00Z".into()),
            due_at: Some("2026-11-27T10:00:00Z".into()),
            unit_name: "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN PHÚ".into(),
            unit_place: "Tân Phú".into(),
            hotline: "1900 0000".into(),
        }
    }

    #[test]
    fn initials_only() {
        assert_eq!(mask_name("Đặng Thị Lan"), "Đ. T. L.");
        assert_eq!(mask_name("  nguyễn   văn a "), "N. V. A.");
        assert_eq!(mask_name(""), "");
    }

    #[test]
    fn page_shows_status_due_and_place_but_no_name() {
        let html = render(&view());
        assert!(html.contains("Đã có kết quả, mời đến nhận"), "{html}");
        assert!(html.contains("17 giờ 00, ngày 27/11/2026"), "{html}");
        assert!(html.contains("Đ. T. L."));
        assert!(!html.contains("Đặng"), "full name leaked: {html}");
        assert!(!html.contains("Lan<"), "{html}");
    }

    #[test]
    fn the_status_only_page_shows_nothing_else() {
        let v = view();
        let html = render_status_only(&v.code, v.national_status);
        assert!(html.contains(&v.code) && html.contains("Đã có kết quả, mời đến nhận"));
        for detail in [
            "khai sinh",
            "Đ. T. L.",
            "27/11/2026",
            "Tân Phú",
            "1900 0000",
        ] {
            assert!(
                !html.contains(detail),
                "{detail} shown without the token: {html}"
            );
        }
    }

    #[test]
    fn tokens_match_only_themselves() {
        let t = "5f0c3a9e1b7d4c2a8e6f0b1d3c5a7e9f";
        let stored = token_hash(t);
        assert!(token_matches(Some(&stored), t));
        assert!(token_matches(Some(&stored), &t.to_uppercase()));
        assert!(!token_matches(
            Some(&stored),
            "5f0c3a9e1b7d4c2a8e6f0b1d3c5a7e9e"
        ));
        assert!(!token_matches(Some(&stored), ""));
        assert!(!token_matches(None, t));
        assert!(!token_matches(Some(&stored), "x".repeat(65).as_str()));
        assert!(!token_matches(Some(&stored), "a-b"));
        assert!(!token_well_formed("abc"));
    }

    #[test]
    fn text_is_escaped() {
        let mut v = view();
        v.procedure_name = "<script>alert(1)</script>".into();
        let html = render(&v);
        assert!(!html.contains("<script>"));
        assert!(html.contains("&lt;script&gt;"));
        assert!(not_found("<x>").contains("&lt;x&gt;"));
    }
}

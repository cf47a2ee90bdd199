//! Viết tên đơn vị trong câu: "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN PHÚ"
//! (as printed in the header) becomes "Trung tâm Phục vụ hành chính công xã
//! Tân Phú" inside the sentence "... tiếp nhận hồ sơ của: ...".

/// Known unit-name prefixes in upper case and their written form.
const PREFIXES: [(&str, &str); 6] = [
    (
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG",
        "Trung tâm Phục vụ hành chính công",
    ),
    (
        "BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ",
        "Bộ phận Tiếp nhận và Trả kết quả",
    ),
    ("BỘ PHẬN MỘT CỬA", "Bộ phận Một cửa"),
    ("ỦY BAN NHÂN DÂN", "Ủy ban nhân dân"),
    ("UỶ BAN NHÂN DÂN", "Ủy ban nhân dân"),
    ("UBND", "UBND"),
];

/// Administrative-level words, written in lower case before a place name.
const LEVELS: [&str; 9] = [
    "THÀNH PHỐ",
    "ĐẶC KHU",
    "THỊ TRẤN",
    "THỊ XÃ",
    "PHƯỜNG",
    "TỈNH",
    "XÃ",
    "QUẬN",
    "HUYỆN",
];

fn title_case(word: &str) -> String {
    let mut chars = word.chars();
    match chars.next() {
        Some(first) => first
            .to_uppercase()
            .chain(chars.flat_map(char::to_lowercase))
            .collect(),
        None => String::new(),
    }
}

/// Tên đơn vị viết trong câu. A name that already has lower-case letters, or
/// whose prefix is not a known unit kind, is returned unchanged.
pub fn unit_name_in_sentence(name: &str) -> String {
    if name.chars().any(char::is_lowercase) {
        return name.to_owned();
    }
    let Some((prefix, written)) = PREFIXES.iter().find(|(p, _)| {
        name.strip_prefix(p)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with(' '))
    }) else {
        return name.to_owned();
    };
    let mut out = String::from(*written);
    let mut rest = name[prefix.len()..].trim_start();
    while !rest.is_empty() {
        out.push(' ');
        let level = LEVELS.iter().find(|l| {
            rest.strip_prefix(*l)
                .is_some_and(|r| r.is_empty() || r.starts_with(' '))
        });
        let taken = match level {
            Some(l) => {
                out.push_str(&l.to_lowercase());
                l.len()
            }
            None => {
                let word = rest.split(' ').next().unwrap_or(rest);
                out.push_str(&title_case(word));
                word.len()
            }
        };
        rest = rest[taken..].trim_start();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::unit_name_in_sentence;

    #[test]
    fn centre_of_a_commune() {
        assert_eq!(
            unit_name_in_sentence("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN PHÚ"),
            "Trung tâm Phục vụ hành chính công xã Tân Phú"
        );
        assert_eq!(
            unit_name_in_sentence("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG THÀNH PHỐ HỒ CHÍ MINH"),
            "Trung tâm Phục vụ hành chính công thành phố Hồ Chí Minh"
        );
    }

    #[test]
    fn reception_unit_and_unknown_names() {
        assert_eq!(
            unit_name_in_sentence("BỘ PHẬN TIẾP NHẬN VÀ TRẢ KẾT QUẢ"),
            "Bộ phận Tiếp nhận và Trả kết quả"
        );
        assert_eq!(unit_name_in_sentence("PHÒNG TƯ PHÁP"), "PHÒNG TƯ PHÁP");
        assert_eq!(unit_name_in_sentence("Bộ phận Một cửa"), "Bộ phận Một cửa");
    }
}

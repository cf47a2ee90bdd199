//! Can Chi (sexagenary) names of lunar years, e.g. 2026 = "Bính Ngọ".

const CAN: [&str; 10] = [
    "Giáp", "Ất", "Bính", "Đinh", "Mậu", "Kỷ", "Canh", "Tân", "Nhâm", "Quý",
];
const CHI: [&str; 12] = [
    "Tý", "Sửu", "Dần", "Mão", "Thìn", "Tỵ", "Ngọ", "Mùi", "Thân", "Dậu", "Tuất", "Hợi",
];

/// The Can Chi name of lunar year `year` (1984 = Giáp Tý starts a cycle).
pub fn year_name(year: i32) -> String {
    let can = CAN[(year + 6).rem_euclid(10) as usize];
    let chi = CHI[(year + 8).rem_euclid(12) as usize];
    format!("{can} {chi}")
}

#[cfg(test)]
mod tests {
    use super::year_name;

    #[test]
    fn known_years() {
        assert_eq!(year_name(1984), "Giáp Tý");
        assert_eq!(year_name(1985), "Ất Sửu");
        assert_eq!(year_name(2007), "Đinh Hợi");
        assert_eq!(year_name(2024), "Giáp Thìn");
        assert_eq!(year_name(2025), "Ất Tỵ");
        assert_eq!(year_name(2026), "Bính Ngọ");
        assert_eq!(year_name(1900), "Canh Tý");
    }
}

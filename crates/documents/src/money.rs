//! Tiền đồng: amounts in whole đồng, written with '.' thousands separators
//! ("8.000 đồng") and read out in Vietnamese words ("Tám nghìn đồng").
//!
//! Reading rules (cách đọc số tiếng Việt):
//! - a zero tens digit after a hundreds digit reads "linh" (not "lẻ"):
//!   105 = "một trăm linh năm";
//! - tens: 10-19 "mười ...", 20-99 "... mươi ...";
//! - units: 1 after a tens digit ≥ 2 reads "mốt" (21 = "hai mươi mốt", but
//!   11 = "mười một"); 5 after any tens digit reads "lăm" (15 = "mười lăm",
//!   25 = "hai mươi lăm", but 105 = "một trăm linh năm"); 4 is always "bốn";
//! - a group of three digits after a higher non-zero group is read in full
//!   ("không trăm ..."), a group of zeros is left out: 2.015.000 = "hai triệu
//!   không trăm mười lăm nghìn", 1.000.005 = "một triệu không trăm linh năm";
//! - units of groups: nghìn, triệu, tỷ; above a tỷ the count of tỷ is read the
//!   same way ("một nghìn tỷ", "một tỷ tỷ");
//! - the result starts with a capital letter and ends with "đồng".

const DIGITS: [&str; 10] = [
    "không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín",
];

const BILLION: u64 = 1_000_000_000;

/// Số có dấu chấm phân cách hàng nghìn: 8000 → "8.000", -1234567 → "-1.234.567".
pub fn format_thousands_vn(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

/// Số tiền kèm đơn vị: 8000 → "8.000 đồng".
pub fn format_dong(n: i64) -> String {
    format!("{} đồng", format_thousands_vn(n))
}

fn digit(d: u64) -> &'static str {
    DIGITS.get(d as usize).copied().unwrap_or("")
}

/// Reads a group of three digits (0 < n < 1000). `full` = a higher group was
/// read before it, so its hundreds (and "linh") are read even when zero.
fn read_group(n: u64, full: bool, words: &mut Vec<&'static str>) {
    let (hundreds, tens, units) = (n / 100, n / 10 % 10, n % 10);
    if full || hundreds > 0 {
        words.extend([digit(hundreds), "trăm"]);
    }
    let after_hundreds = full || hundreds > 0;
    match tens {
        0 => {
            if units > 0 {
                if after_hundreds {
                    words.push("linh");
                }
                words.push(digit(units));
            }
        }
        1 => {
            words.push("mười");
            match units {
                0 => {}
                5 => words.push("lăm"),
                u => words.push(digit(u)),
            }
        }
        t => {
            words.extend([digit(t), "mươi"]);
            match units {
                0 => {}
                1 => words.push("mốt"),
                5 => words.push("lăm"),
                u => words.push(digit(u)),
            }
        }
    }
}

/// Reads 0 < n < 10^9 as groups of millions, thousands and units.
fn read_below_billion(n: u64, full: bool, words: &mut Vec<&'static str>) {
    let groups = [
        (n / 1_000_000, Some("triệu")),
        (n / 1_000 % 1_000, Some("nghìn")),
        (n % 1_000, None),
    ];
    let mut read_before = full;
    for (group, unit) in groups {
        if group == 0 {
            continue;
        }
        read_group(group, read_before, words);
        words.extend(unit);
        read_before = true;
    }
}

/// Reads n > 0; numbers of a tỷ and more read their count of tỷ first.
fn read_number(n: u64, full: bool, words: &mut Vec<&'static str>) {
    if n >= BILLION {
        read_number(n / BILLION, full, words);
        words.push("tỷ");
        let rest = n % BILLION;
        if rest > 0 {
            read_below_billion(rest, true, words);
        }
    } else {
        read_below_billion(n, full, words);
    }
}

/// Số tiền bằng chữ: 8000 → "Tám nghìn đồng", 105000 → "Một trăm linh năm
/// nghìn đồng", 2015000 → "Hai triệu không trăm mười lăm nghìn đồng",
/// 0 → "Không đồng"; a negative amount starts with "Âm".
pub fn amount_in_words_vi(n: i64) -> String {
    let mut words: Vec<&'static str> = Vec::new();
    if n < 0 {
        words.push("âm");
    }
    let magnitude = n.unsigned_abs();
    if magnitude == 0 {
        words.push("không");
    } else {
        read_number(magnitude, false, &mut words);
    }
    words.push("đồng");
    let sentence = words.join(" ");
    let mut chars = sentence.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => sentence,
    }
}

#[cfg(test)]
mod tests {
    use super::{amount_in_words_vi, format_dong, format_thousands_vn};

    fn words(n: i64) -> String {
        amount_in_words_vi(n)
    }

    fn check(cases: &[(i64, &str)]) {
        for (n, expected) in cases {
            assert_eq!(words(*n), *expected, "{n}");
        }
    }

    #[test]
    fn examples_from_the_brief() {
        assert_eq!(words(8_000), "Tám nghìn đồng");
        assert_eq!(words(105_000), "Một trăm linh năm nghìn đồng");
        assert_eq!(words(2_015_000), "Hai triệu không trăm mười lăm nghìn đồng");
        assert_eq!(words(0), "Không đồng");
    }

    #[test]
    fn units_and_tens() {
        let cases = [
            (1, "Một đồng"),
            (4, "Bốn đồng"),
            (5, "Năm đồng"),
            (9, "Chín đồng"),
            (10, "Mười đồng"),
            (11, "Mười một đồng"),
            (14, "Mười bốn đồng"),
            (15, "Mười lăm đồng"),
            (19, "Mười chín đồng"),
            (20, "Hai mươi đồng"),
            (21, "Hai mươi mốt đồng"),
            (24, "Hai mươi bốn đồng"),
            (25, "Hai mươi lăm đồng"),
            (50, "Năm mươi đồng"),
            (55, "Năm mươi lăm đồng"),
            (71, "Bảy mươi mốt đồng"),
            (99, "Chín mươi chín đồng"),
        ];
        check(&cases);
    }

    #[test]
    fn hundreds_and_linh() {
        let cases = [
            (100, "Một trăm đồng"),
            (101, "Một trăm linh một đồng"),
            (104, "Một trăm linh bốn đồng"),
            (105, "Một trăm linh năm đồng"),
            (110, "Một trăm mười đồng"),
            (111, "Một trăm mười một đồng"),
            (115, "Một trăm mười lăm đồng"),
            (121, "Một trăm hai mươi mốt đồng"),
            (205, "Hai trăm linh năm đồng"),
            (999, "Chín trăm chín mươi chín đồng"),
        ];
        check(&cases);
    }

    #[test]
    fn thousands_and_inner_zero_groups() {
        let cases = [
            (1_000, "Một nghìn đồng"),
            (1_001, "Một nghìn không trăm linh một đồng"),
            (1_010, "Một nghìn không trăm mười đồng"),
            (1_021, "Một nghìn không trăm hai mươi mốt đồng"),
            (1_100, "Một nghìn một trăm đồng"),
            (2_000, "Hai nghìn đồng"),
            (15_000, "Mười lăm nghìn đồng"),
            (21_000, "Hai mươi mốt nghìn đồng"),
            (25_500, "Hai mươi lăm nghìn năm trăm đồng"),
            (100_000, "Một trăm nghìn đồng"),
            (200_000, "Hai trăm nghìn đồng"),
            (1_000_000, "Một triệu đồng"),
            (1_000_005, "Một triệu không trăm linh năm đồng"),
            (1_005_000, "Một triệu không trăm linh năm nghìn đồng"),
            (1_500_000, "Một triệu năm trăm nghìn đồng"),
            (10_000_000, "Mười triệu đồng"),
            (
                12_345_678,
                "Mười hai triệu ba trăm bốn mươi lăm nghìn sáu trăm bảy mươi tám đồng",
            ),
            (
                99_999_999,
                "Chín mươi chín triệu chín trăm chín mươi chín nghìn chín trăm chín mươi chín đồng",
            ),
        ];
        check(&cases);
    }

    #[test]
    fn billions() {
        let cases = [
            (1_000_000_000, "Một tỷ đồng"),
            (1_000_000_001, "Một tỷ không trăm linh một đồng"),
            (1_001_000_000, "Một tỷ không trăm linh một triệu đồng"),
            (2_500_000_000, "Hai tỷ năm trăm triệu đồng"),
            (21_000_000_000, "Hai mươi mốt tỷ đồng"),
            (1_000_000_000_000, "Một nghìn tỷ đồng"),
            (
                1_000_000_015_000,
                "Một nghìn tỷ không trăm mười lăm nghìn đồng",
            ),
            (1_000_000_000_000_000_000, "Một tỷ tỷ đồng"),
        ];
        check(&cases);
        // The largest amount reads without panicking.
        let max = words(i64::MAX);
        assert!(
            max.starts_with("Chín tỷ hai trăm hai mươi ba triệu"),
            "{max}"
        );
        assert!(max.ends_with("tám trăm linh bảy đồng"), "{max}");
    }

    #[test]
    fn negative_amounts() {
        assert_eq!(words(-8_000), "Âm tám nghìn đồng");
        assert!(words(i64::MIN).starts_with("Âm chín tỷ"));
    }

    #[test]
    fn capital_letter_is_only_the_first() {
        let text = words(2_015_000);
        let mut chars = text.chars();
        assert!(chars.next().is_some_and(char::is_uppercase));
        assert!(chars.all(|c| !c.is_uppercase()));
        // "Đ" capitalises too (no amount starts with đ, but "Âm" shows accents survive).
        assert!(words(-1).starts_with("Âm"));
    }

    #[test]
    fn thousands_separators() {
        assert_eq!(format_thousands_vn(0), "0");
        assert_eq!(format_thousands_vn(999), "999");
        assert_eq!(format_thousands_vn(8_000), "8.000");
        assert_eq!(format_thousands_vn(105_000), "105.000");
        assert_eq!(format_thousands_vn(1_234_567), "1.234.567");
        assert_eq!(format_thousands_vn(-1_234_567), "-1.234.567");
        assert_eq!(format_thousands_vn(i64::MIN), "-9.223.372.036.854.775.808");
        assert_eq!(format_dong(8_000), "8.000 đồng");
    }
}

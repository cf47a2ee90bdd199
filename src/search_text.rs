//! Diacritic-insensitive text folding for search: "chung thuc" finds "Chứng thực",
//! "dang ky" finds "Đăng ký" (đ/Đ fold to d, which Unicode decomposition alone does not do).

use unicode_normalization::UnicodeNormalization;

/// Lower-case, strip combining marks, fold đ→d, collapse white space.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut last_space = true;
    for c in s.nfd() {
        if unicode_normalization::char::is_combining_mark(c) {
            continue;
        }
        let c = match c {
            'đ' | 'Đ' => 'd',
            c => c,
        };
        if c.is_whitespace() {
            if !last_space {
                out.push(' ');
                last_space = true;
            }
            continue;
        }
        for l in c.to_lowercase() {
            out.push(l);
        }
        last_space = false;
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// NFC form: what we store and print (decomposed accents draw misplaced in PDFs).
pub fn nfc(s: &str) -> String {
    s.trim().nfc().collect()
}

/// True when every word of `query` is a prefix of some word in `haystack_folded`
/// (both folded), so "dk kh" finds "đăng ký khai sinh".
pub fn matches_words(haystack_folded: &str, query: &str) -> bool {
    let q = fold(query);
    if q.is_empty() {
        return true;
    }
    q.split(' ').all(|w| {
        haystack_folded.split(' ').any(|h| h.starts_with(w)) || haystack_folded.contains(w)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_vietnamese() {
        assert_eq!(fold("Chứng thực"), "chung thuc");
        assert_eq!(fold("ĐĂNG KÝ  khai sinh"), "dang ky khai sinh");
        assert_eq!(fold("Nguyễn Thị Hồng Đặng"), "nguyen thi hong dang");
    }

    #[test]
    fn word_matching() {
        let h = fold("Đăng ký khai sinh");
        assert!(matches_words(&h, "dang ky"));
        assert!(matches_words(&h, "khai"));
        assert!(!matches_words(&h, "ket hon"));
    }

    #[test]
    fn nfc_composes() {
        let decomposed = "Nguye\u{0302}\u{0303}n";
        assert_eq!(nfc(decomposed), "Nguyễn");
    }
}

//! Che số: ID numbers and phone numbers shown in part (`001******345`, `0912***678`) wherever
//! they must not appear whole: logs (stderr), sync problem texts, audit details, and exports for
//! a role without [`crate::accounts::Permission::FullIdentifiers`].

/// Masks every run of 7 or more digits in `text`: a phone (10 or 11 digits starting with 0) keeps
/// its first 4 and last 3 digits, a run of 9+ digits (ID numbers) its first 3 and last 3, a shorter
/// run its first 2 and last 2. Spaces inside a run (`0912 345 678`) are read as part of it.
/// Everything else is left as it is.
pub fn text(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !chars[i].is_ascii_digit() {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        // A run: digits, possibly with single spaces between groups of digits.
        let mut j = i;
        let mut digits = String::new();
        let mut end = i;
        while j < chars.len() {
            if chars[j].is_ascii_digit() {
                digits.push(chars[j]);
                j += 1;
                end = j;
            } else if chars[j] == ' ' && chars.get(j + 1).is_some_and(char::is_ascii_digit) {
                j += 1;
            } else {
                break;
            }
        }
        if digits.len() >= 7 {
            out.push_str(&digits_masked(&digits));
        } else {
            out.extend(&chars[i..end]);
        }
        i = end;
    }
    out
}

fn digits_masked(d: &str) -> String {
    let n = d.len();
    let phone = d.starts_with('0') && (n == 10 || n == 11);
    let (head, tail) = if phone {
        (4, 3)
    } else if n >= 9 {
        (3, 3)
    } else {
        (2, 2)
    };
    format!(
        "{}{}{}",
        &d[..head],
        "*".repeat(n - head - tail),
        &d[n - tail..]
    )
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn masks_id_numbers_and_phones() {
        assert_eq!(text("001190012345"), "001******345");
        assert_eq!(text("0912345678"), "0912***678");
        assert_eq!(text("SĐT 0912 345 678."), "SĐT 0912***678.");
        assert_eq!(text("CMND 123456789"), "CMND 123***789");
        assert_eq!(text("cố định 02838123456"), "cố định 0283****456");
        assert_eq!(
            text("Nhận: Lê Văn B, số giấy tờ 001190012345"),
            "Nhận: Lê Văn B, số giấy tờ 001******345"
        );
    }

    #[test]
    fn leaves_short_numbers_codes_and_times() {
        for s in [
            "000.00.31.H29-260205-0001",
            "2026-02-05T02:32:00Z",
            "15.000 đồng",
            "Quầy số 1",
            "",
        ] {
            assert_eq!(text(s), s);
        }
    }
}

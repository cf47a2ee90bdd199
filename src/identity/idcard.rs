//! Mã QR of the chip ID card (CCCD gắn chip / thẻ căn cước), as a USB scanner types it:
//! `id|old id|full name|ddMMyyyy birth|sex|permanent address|ddMMyyyy issue date`.
//!
//! The scanner is a keyboard: the string arrives with a trailing Enter (CR/LF), sometimes with
//! decomposed (NFD) accents or stray invisible characters when the computer's keyboard layout is
//! not the one the scanner expects. [`parse`] cleans that up (NFC, stray characters removed), checks
//! every field and the ID number against the birth date and sex, and lists every problem at once.
//! Extra trailing fields (some cards add them) are ignored.

use chrono::{Datelike, NaiveDate, Utc};
use rust_i18n::t;
use serde::Serialize;
use unicode_normalization::UnicodeNormalization;

use crate::clock;
use crate::identity::{self, Sex, decode_personal_id, vn_date};

/// Fields the QR string must have; cards may add more after them.
pub const FIELD_COUNT: usize = 7;

/// The same limit the intake form applies to a name.
const MAX_NAME_CHARS: usize = 120;

/// What the card's QR code says, cleaned (NFC, single spaces).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ts_rs::TS)]
#[ts(export_to = "../ui/src/lib/bindings/")]
pub struct IdCard {
    /// Số định danh cá nhân, 12 digits.
    pub id_number: String,
    /// Số CMND cũ (9 or 12 digits) when the card lists one.
    pub old_id_number: Option<String>,
    pub full_name: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    /// Nơi thường trú, as written on the card (old addresses are never "corrected").
    pub address: String,
    pub issue_date: NaiveDate,
}

impl IdCard {
    /// The QR string this card's QR code holds (inverse of [`parse`]).
    pub fn to_qr_string(&self) -> String {
        format!(
            "{}|{}|{}|{}|{}|{}|{}",
            self.id_number,
            self.old_id_number.as_deref().unwrap_or(""),
            self.full_name,
            self.birth_date.format("%d%m%Y"),
            self.sex.card_label(),
            self.address,
            self.issue_date.format("%d%m%Y"),
        )
    }
}

/// One thing wrong with a scanned QR string; `field` is one of `input`, `id_number`,
/// `old_id_number`, `full_name`, `birth_date`, `sex`, `address`, `issue_date`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub field: &'static str,
    /// Translated message for the clerk (Vietnamese by default).
    pub message: String,
}

impl Problem {
    fn new(field: &'static str, message: impl Into<String>) -> Self {
        Problem {
            field,
            message: message.into(),
        }
    }
}

/// Field separators: `|`, and what some keyboard layouts turn it into.
fn is_separator(c: char) -> bool {
    matches!(c, '|' | '¦' | '｜')
}

/// Invisible characters scanners and layouts leave behind: BOM, zero-width, soft hyphen.
fn is_stray(c: char) -> bool {
    matches!(
        c,
        '\u{feff}' | '\u{200b}' | '\u{200c}' | '\u{200d}' | '\u{2060}' | '\u{00ad}'
    )
}

/// Drops an AIM symbology identifier (`]Q1`, which scanners may prefix to a QR code's data).
fn strip_aim_prefix(s: &str) -> &str {
    match s.strip_prefix("]Q") {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => rest.get(1..).unwrap_or(""),
        _ => s,
    }
}

/// NFC, stray characters dropped, separators unified to `|`, control characters and white space
/// to a plain space, trimmed, a scanner's AIM prefix dropped.
fn clean(s: &str) -> String {
    tidy(s.chars().filter(|c| !is_stray(*c)).nfc())
}

/// What [`clean`] does after NFC (shared with [`looks_like_idcard`], which skips NFC).
fn tidy(chars: impl Iterator<Item = char>) -> String {
    let s: String = chars
        .map(|c| {
            if is_separator(c) {
                '|'
            } else if c.is_control() || c.is_whitespace() {
                ' '
            } else {
                c
            }
        })
        .collect();
    strip_aim_prefix(s.trim()).to_string()
}

/// The field without white space, control or stray characters.
fn compact(field: &str) -> String {
    field
        .chars()
        .filter(|c| !(c.is_whitespace() || c.is_control() || is_stray(*c)))
        .collect()
}

fn is_twelve_digits(s: &str) -> bool {
    s.len() == 12 && s.bytes().all(|b| b.is_ascii_digit())
}

/// Single spaces, trimmed.
fn collapse(field: &str) -> String {
    field.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A value quoted in a message, cut short so a garbled scan does not flood the screen.
fn shown(s: &str) -> String {
    const MAX: usize = 30;
    if s.chars().count() > MAX {
        let mut cut: String = s.chars().take(MAX).collect();
        cut.push('…');
        cut
    } else {
        s.to_string()
    }
}

/// `ddMMyyyy`, exactly 8 digits.
fn parse_ddmmyyyy(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 8 || !b.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = |from: usize, to: usize| s.get(from..to).and_then(|x| x.parse::<u32>().ok());
    let (d, m, y) = (n(0, 2)?, n(2, 4)?, n(4, 8)?);
    NaiveDate::from_ymd_opt(i32::try_from(y).ok()?, m, d)
}

/// A `ddMMyyyy` field that must be a real day, not after `today`; `None` (and a problem when the
/// field is there) otherwise.
fn check_date(
    raw: Option<&str>,
    field: &'static str,
    label: String,
    today: NaiveDate,
    problems: &mut Vec<Problem>,
) -> Option<NaiveDate> {
    let raw = compact(raw?);
    match parse_ddmmyyyy(&raw) {
        None => {
            problems.push(Problem::new(
                field,
                t!("identity.qr_date", field = label, value = shown(&raw)),
            ));
            None
        }
        Some(d) if d > today => {
            problems.push(Problem::new(
                field,
                t!("identity.qr_date_future", field = label, date = vn_date(d)),
            ));
            None
        }
        Some(d) => Some(d),
    }
}

/// Cheap check for the UI's scanner detection: at least 6 `|`-separated fields and a first field
/// of 12 digits. Anything [`parse`] accepts passes this check.
pub fn looks_like_idcard(s: &str) -> bool {
    let s = tidy(s.chars().filter(|c| !is_stray(*c)));
    let mut fields = s.split('|');
    fields.next().is_some_and(|f| is_twelve_digits(&compact(f))) && fields.take(5).count() == 5
}

/// Parses a scanned QR string, checking it against today's date (Vietnam time).
pub fn parse(s: &str) -> Result<IdCard, Vec<Problem>> {
    parse_at(s, clock::local(Utc::now()).date())
}

/// [`parse`] with "today" given: dates after `today` are rejected as being in the future.
pub fn parse_at(s: &str, today: NaiveDate) -> Result<IdCard, Vec<Problem>> {
    let cleaned = clean(s);
    if cleaned.is_empty() {
        return Err(vec![Problem::new("input", t!("identity.qr_empty"))]);
    }
    let fields: Vec<&str> = cleaned.split('|').collect();
    let mut problems = Vec::new();
    if fields.len() < FIELD_COUNT {
        problems.push(Problem::new(
            "input",
            t!(
                "identity.qr_fields",
                count = fields.len(),
                expected = FIELD_COUNT
            ),
        ));
        if fields.len() < 2 {
            // Not a QR string at all (no separator): checking it as an ID number is noise.
            return Err(problems);
        }
    }
    let field = |i: usize| fields.get(i).copied();

    // Số định danh.
    let id = field(0).map(compact).unwrap_or_default();
    let id_info = if is_twelve_digits(&id) {
        for message in identity::personal_id_problems(&id) {
            problems.push(Problem::new("id_number", message));
        }
        decode_personal_id(&id)
    } else {
        problems.push(Problem::new(
            "id_number",
            t!("identity.qr_id_shape", value = shown(&id)),
        ));
        None
    };

    // Số CMND cũ.
    let old_id = match field(1).map(compact) {
        None => None,
        Some(old) if old.is_empty() => None,
        Some(old) => {
            if (old.len() == 9 || old.len() == 12) && old.bytes().all(|b| b.is_ascii_digit()) {
                Some(old)
            } else {
                problems.push(Problem::new(
                    "old_id_number",
                    t!("identity.qr_old_id", value = shown(&old)),
                ));
                None
            }
        }
    };

    // Họ và tên.
    let name = field(2).map(collapse);
    if let Some(n) = &name {
        if n.is_empty() {
            problems.push(Problem::new("full_name", t!("identity.qr_name_empty")));
        } else if n.chars().count() > MAX_NAME_CHARS
            || !n.chars().any(char::is_alphabetic)
            || !n
                .chars()
                .all(|c| c.is_alphabetic() || matches!(c, ' ' | '\'' | '’' | '-'))
        {
            problems.push(Problem::new(
                "full_name",
                t!("identity.qr_name_invalid", value = shown(n)),
            ));
        }
    }

    let birth = check_date(
        field(3),
        "birth_date",
        t!("identity.field_birth_date").to_string(),
        today,
        &mut problems,
    );

    // Giới tính.
    let sex = field(4).and_then(|raw| {
        let sex = Sex::parse(raw);
        if sex.is_none() {
            problems.push(Problem::new(
                "sex",
                t!("identity.qr_sex", value = shown(raw.trim())),
            ));
        }
        sex
    });

    // Nơi thường trú.
    let address = field(5).map(collapse);
    if address.as_deref() == Some("") {
        problems.push(Problem::new("address", t!("identity.qr_address_empty")));
    }

    // Ngày cấp.
    let issue = check_date(
        field(6),
        "issue_date",
        t!("identity.field_issue_date").to_string(),
        today,
        &mut problems,
    );

    // The ID number against the birth date and sex.
    if let (Some(info), Some(b)) = (id_info, birth) {
        // A century digit above 3 is already reported by the identity check.
        if info.century_digit <= 3 && b.year().div_euclid(100) * 100 != info.century {
            problems.push(Problem::new(
                "id_number",
                t!(
                    "identity.id_century_mismatch",
                    digit = info.century_digit,
                    from = info.century,
                    to = info.century + 99,
                    date = vn_date(b)
                ),
            ));
        }
        if b.year().rem_euclid(100) != i32::from(info.year_digits) {
            problems.push(Problem::new(
                "id_number",
                t!(
                    "identity.id_year_mismatch",
                    yy = format!("{:02}", info.year_digits),
                    date = vn_date(b)
                ),
            ));
        }
    }
    if let (Some(info), Some(x)) = (id_info, sex)
        && info.sex != x
    {
        problems.push(Problem::new(
            "id_number",
            t!(
                "identity.id_sex_mismatch",
                digit = info.century_digit,
                id_sex = info.sex.label(),
                sex = x.label()
            ),
        ));
    }
    if let (Some(b), Some(i)) = (birth, issue)
        && i < b
    {
        problems.push(Problem::new(
            "issue_date",
            t!(
                "identity.qr_issue_before_birth",
                issue = vn_date(i),
                birth = vn_date(b)
            ),
        ));
    }

    match (name, birth, sex, address, issue) {
        (Some(full_name), Some(birth_date), Some(sex), Some(address), Some(issue_date))
            if problems.is_empty() =>
        {
            Ok(IdCard {
                id_number: id,
                old_id_number: old_id,
                full_name,
                birth_date,
                sex,
                address,
                issue_date,
            })
        }
        _ => {
            if problems.is_empty() {
                // Unreachable by construction (a missing field is reported above); never Ok.
                problems.push(Problem::new(
                    "input",
                    t!(
                        "identity.qr_fields",
                        count = fields.len(),
                        expected = FIELD_COUNT
                    ),
                ));
            }
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).expect("valid test date")
    }

    const TODAY: (i32, u32, u32) = (2026, 3, 2);

    fn today() -> NaiveDate {
        d(TODAY.0, TODAY.1, TODAY.2)
    }

    fn fields_of(r: Result<IdCard, Vec<Problem>>) -> Vec<&'static str> {
        let problems = r.expect_err("problems expected");
        for p in &problems {
            assert!(
                !p.message.is_empty() && !p.message.starts_with("identity."),
                "untranslated: {p:?}"
            );
        }
        problems.iter().map(|p| p.field).collect()
    }

    const AN: &str = "001090012345|123456789|Nguyễn Văn An|17051990|Nam|Số 12 ngõ 34 phố Huế, phường Hai Bà Trưng, Hà Nội|01072021";

    #[test]
    fn reads_a_card() {
        let card = parse_at(AN, today()).expect("valid card");
        assert_eq!(
            card,
            IdCard {
                id_number: "001090012345".into(),
                old_id_number: Some("123456789".into()),
                full_name: "Nguyễn Văn An".into(),
                birth_date: d(1990, 5, 17),
                sex: Sex::Male,
                address: "Số 12 ngõ 34 phố Huế, phường Hai Bà Trưng, Hà Nội".into(),
                issue_date: d(2021, 7, 1),
            }
        );
        assert_eq!(card.to_qr_string(), AN);
        let json = serde_json::to_value(&card).expect("serialises");
        assert_eq!(json["birth_date"], "1990-05-17");
        assert_eq!(json["sex"], "male");
        assert_eq!(json["old_id_number"], "123456789");
    }

    #[test]
    fn reads_a_card_without_old_id_born_2000s() {
        let card = parse_at(
            "079301012345||Trần Thị Bích Ngọc|05022001|Nữ|Phường Sài Gòn, Thành phố Hồ Chí Minh|10032021",
            today(),
        )
        .expect("valid card");
        assert_eq!(card.old_id_number, None);
        assert_eq!(card.sex, Sex::Female);
        assert_eq!(card.birth_date, d(2001, 2, 5));
    }

    #[test]
    fn tolerates_what_scanners_add() {
        let expected = parse_at(AN, today()).expect("valid card");
        let nfd: String = AN.nfd().collect();
        assert_ne!(nfd, AN);
        for input in [
            format!("{AN}\r\n"),
            format!("  {AN}\n"),
            format!("\u{feff}{AN}"),
            format!("]Q1{AN}\r"),
            format!("{AN}|extra|fields|12345678"),
            format!("{AN}|"),
            nfd.clone(),
            format!("{nfd}\r\n"),
            AN.replace('|', "¦"),
            AN.replace("Nguyễn", "Nguy\u{200b}ễn")
                .replace("Văn An", "Văn\u{a0} An"),
            AN.replace("|17051990|", "| 17051990 |"),
        ] {
            assert_eq!(
                parse_at(&input, today()).as_ref(),
                Ok(&expected),
                "{input:?}"
            );
            assert!(looks_like_idcard(&input), "{input:?}");
        }
    }

    #[test]
    fn lists_every_problem() {
        let fields = fields_of(parse_at(
            "003790012345|1234|Ng2uyen|31021990|X||01011980",
            today(),
        ));
        for f in [
            "id_number",
            "old_id_number",
            "full_name",
            "birth_date",
            "sex",
            "address",
        ] {
            assert!(fields.contains(&f), "{f} missing from {fields:?}");
        }
        // province 003 and century digit 7 are two problems
        assert_eq!(fields.iter().filter(|f| **f == "id_number").count(), 2);
        assert!(!fields.contains(&"issue_date"));
    }

    #[test]
    fn id_must_agree_with_birth_date_and_sex() {
        // YY 90 but born 1991
        let r = parse_at(&AN.replace("17051990", "17051991"), today());
        assert_eq!(fields_of(r), ["id_number"]);
        // G 0 = male, card says Nữ
        let r = parse_at(&AN.replace("|Nam|", "|Nữ|"), today());
        assert_eq!(fields_of(r), ["id_number"]);
        // G 2 = 2000s, born 1901: century wrong, YY right
        let r = parse_at(
            &AN.replace("001090012345", "001201012345")
                .replace("17051990", "17051901"),
            today(),
        );
        let problems = r.expect_err("century mismatch");
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].message.contains("2000"), "{problems:?}");
    }

    #[test]
    fn dates_must_be_real_and_past_and_in_order() {
        assert_eq!(
            fields_of(parse_at(&AN.replace("17051990", "30021990"), today())),
            ["birth_date"]
        );
        assert_eq!(
            fields_of(parse_at(&AN.replace("17051990", "1990-05-17"), today())),
            ["birth_date"]
        );
        assert_eq!(
            fields_of(parse_at(&AN.replace("01072021", "03032026"), today())),
            ["issue_date"]
        );
        // the same day as today is fine
        assert!(parse_at(&AN.replace("01072021", "02032026"), today()).is_ok());
        assert_eq!(
            fields_of(parse_at(&AN.replace("01072021", "16051990"), today())),
            ["issue_date"]
        );
        // born in the (injected) future: the birth date, not the id, is reported
        let future = "079226012345||Lê Minh|05052026|Nam|Hà Nội|06052026";
        let fields = fields_of(parse_at(future, today()));
        assert!(fields.contains(&"birth_date"), "{fields:?}");
    }

    #[test]
    fn missing_fields_and_non_qr_input() {
        let six = AN
            .rsplit_once('|')
            .map(|(head, _)| head)
            .expect("has fields");
        let fields = fields_of(parse_at(six, today()));
        assert_eq!(fields, ["input"]);
        assert!(looks_like_idcard(six));
        assert_eq!(fields_of(parse_at("Nguyễn Văn An", today())), ["input"]);
        assert_eq!(fields_of(parse_at("", today())), ["input"]);
        assert_eq!(fields_of(parse_at(" \r\n\u{feff}", today())), ["input"]);
        // five fields, bad id: both reported
        let fields = fields_of(parse_at("abc|||||", today()));
        assert!(fields.contains(&"input") && fields.contains(&"id_number"));
    }

    #[test]
    fn names_are_letters() {
        let ok = AN.replace("Nguyễn Văn An", "H'Hen Niê");
        assert_eq!(
            parse_at(&ok, today()).map(|c| c.full_name).ok().as_deref(),
            Some("H'Hen Niê")
        );
        for bad in ["Nguyễn V4n An", "   ", "-'-", "Nguyễn_An"] {
            let r = parse_at(&AN.replace("Nguyễn Văn An", bad), today());
            assert_eq!(fields_of(r), ["full_name"], "{bad:?}");
        }
    }

    #[test]
    fn old_id_shapes() {
        let with = |old: &str| parse_at(&AN.replace("|123456789|", &format!("|{old}|")), today());
        assert!(with("079090012345").is_ok());
        assert!(with("").is_ok());
        assert_eq!(fields_of(with("12345678")), ["old_id_number"]);
        assert_eq!(fields_of(with("12345678X")), ["old_id_number"]);
    }

    #[test]
    fn scanner_detection() {
        assert!(looks_like_idcard(AN));
        assert!(looks_like_idcard("001090012345|||||"));
        assert!(!looks_like_idcard("001090012345||||"));
        assert!(!looks_like_idcard("00109001234|||||"));
        assert!(!looks_like_idcard("0010900123456|||||"));
        assert!(!looks_like_idcard("Nguyễn Văn An"));
        assert!(!looks_like_idcard(""));
        assert!(!looks_like_idcard("|||||||"));
    }
}

#[cfg(test)]
mod fuzz {
    use proptest::collection::vec;
    use proptest::prelude::*;
    use unicode_normalization::UnicodeNormalization;

    use super::*;
    use crate::identity::{check_personal_id_with, is_province_code};

    /// Dates in the generated cards are at most this; parsing checks against the day after.
    fn cap() -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 6, 30).unwrap_or_default()
    }

    fn base() -> NaiveDate {
        NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default()
    }

    const NAME_WORDS: &[&str] = &[
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ",
        "Ngô", "Dương", "Lý", "Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Thảo", "Quỳnh", "Hương",
        "Tuấn", "Dũng", "Hằng", "Nhung", "Khoa", "Ỷ", "Ưng", "H'Hen", "Niê", "Ksor",
    ];
    const ADDRESS_WORDS: &[&str] = &[
        "Số",
        "12",
        "ngõ",
        "34/5",
        "phố",
        "Huế,",
        "phường",
        "Hai",
        "Bà",
        "Trưng,",
        "thành",
        "Hà",
        "Nội",
        "Thôn",
        "Đông,",
        "xã",
        "Định",
        "Mỹ,",
        "tỉnh",
        "An",
        "Giang",
        "Tổ",
        "dân",
        "3,",
        "Ấp",
        "Khánh",
        "Hòa",
        "Quận",
        "1,",
        "TP.",
        "Hồ",
        "Chí",
        "Minh",
        "Buôn",
        "Ea",
        "Kao",
        "(cũ)",
        "-",
        "Khu",
        "phố",
        "Đắk",
        "Lắk",
    ];

    fn words(list: &'static [&'static str], n: std::ops::Range<usize>) -> BoxedStrategy<String> {
        vec(proptest::sample::select(list), n)
            .prop_map(|w| w.join(" "))
            .boxed()
    }

    prop_compose! {
        fn card()(
            province in (1u16..=96).prop_filter("a province code", |p| is_province_code(*p)),
            birth_days in 0i64..=(NaiveDate::from_ymd_opt(2024, 12, 31).unwrap_or_default() - base()).num_days(),
            issue_after in 0i64..40_000,
            female in any::<bool>(),
            serial in 0u32..1_000_000,
            old in prop_oneof![Just(None), "[0-9]{9}".prop_map(Some), "[0-9]{12}".prop_map(Some)],
            full_name in words(NAME_WORDS, 2..6),
            address in words(ADDRESS_WORDS, 1..14),
        ) -> IdCard {
            let birth_date = base() + chrono::Duration::days(birth_days);
            let issue_date = (birth_date + chrono::Duration::days(issue_after)).min(cap());
            let year = birth_date.year();
            let g = (year / 100 - 19) * 2 + i32::from(female);
            IdCard {
                id_number: format!("{province:03}{g}{:02}{serial:06}", year % 100),
                old_id_number: old,
                full_name,
                birth_date,
                sex: if female { Sex::Female } else { Sex::Male },
                address,
                issue_date,
            }
        }
    }

    /// Characters that stress the parser: separators, digits, accents, controls, anything.
    fn nasty_char() -> impl Strategy<Value = char> {
        prop_oneof![
            4 => Just('|'),
            1 => Just('¦'),
            1 => Just('｜'),
            3 => proptest::char::range('0', '9'),
            1 => proptest::sample::select(vec!['\u{303}', '\u{31b}', '\u{feff}', '\u{200b}', '\r', '\n', ' ', 'ữ', 'Đ', ']', 'Q']),
            3 => any::<char>(),
        ]
    }

    fn check_invariants(s: &str) {
        let looks = looks_like_idcard(s);
        match parse(s) {
            Ok(card) => {
                assert!(
                    looks,
                    "parse accepted what looks_like_idcard rejects: {s:?}"
                );
                assert!(is_twelve_digits(&card.id_number));
            }
            Err(problems) => assert!(!problems.is_empty(), "no problem listed: {s:?}"),
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn never_panics_on_any_string(s in any::<String>()) {
            check_invariants(&s);
        }

        #[test]
        fn never_panics_on_any_chars(chars in vec(any::<char>(), 0..200)) {
            check_invariants(&chars.into_iter().collect::<String>());
        }

        #[test]
        fn never_panics_with_many_bars(chars in vec(nasty_char(), 0..400)) {
            check_invariants(&chars.into_iter().collect::<String>());
        }

        #[test]
        fn never_panics_on_damaged_cards(
            c in card(),
            edits in vec((any::<prop::sample::Index>(), nasty_char(), any::<bool>()), 1..8),
        ) {
            let mut chars: Vec<char> = c.to_qr_string().chars().collect();
            for (at, ch, insert) in edits {
                let i = at.index(chars.len() + 1);
                if insert || i >= chars.len() {
                    chars.insert(i.min(chars.len()), ch);
                } else {
                    chars[i] = ch;
                }
            }
            check_invariants(&chars.into_iter().collect::<String>());
        }

        #[test]
        fn generated_cards_round_trip(
            c in card(),
            decompose in any::<bool>(),
            enter in prop_oneof![Just(""), Just("\r\n"), Just("\n"), Just("\r")],
            extra in vec("[^|]{0,8}", 0..3),
        ) {
            let mut s = c.to_qr_string();
            for e in &extra {
                s.push('|');
                s.push_str(e);
            }
            if decompose {
                s = s.nfd().collect();
            }
            s.push_str(enter);
            let today = cap().succ_opt().unwrap_or_default();
            prop_assert_eq!(parse_at(&s, today), Ok(c.clone()));
            prop_assert!(looks_like_idcard(&s));
            // the identity module agrees with the card it decoded
            prop_assert_eq!(
                check_personal_id_with(&c.id_number, Some(c.birth_date), Some(c.sex)).map_err(|e| e.to_string()),
                Ok(vec![])
            );
        }
    }
}

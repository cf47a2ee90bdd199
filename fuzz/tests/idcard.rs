//! Fuzz target: the chip ID-card (CCCD) QR string a USB scanner types (src/identity/idcard.rs).
//!
//! Properties: never panics; a rejection lists at least one problem, each on a known field with
//! a translated message; anything accepted passes `looks_like_idcard` and has a 12-digit ID;
//! a generated valid card's QR string (with the noise scanners add) parses to exactly the card.

use chrono::{Datelike, NaiveDate};
use motcua::identity::idcard::{IdCard, looks_like_idcard, parse_at};
use motcua::identity::{Sex, is_province_code};
use motcua_fuzz::{Mutation, class, generated, mutate, no_fixup, text};
use proptest::collection::vec;
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

const TARGET: &str = "idcard";

const FIELDS: &[&str] = &[
    "input",
    "id_number",
    "old_id_number",
    "full_name",
    "birth_date",
    "sex",
    "address",
    "issue_date",
];

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap_or_default()
}

fn check(s: &str) -> String {
    let looks = looks_like_idcard(s);
    match parse_at(s, today()) {
        Ok(card) => {
            assert!(looks, "accepted but looks_like_idcard says no");
            assert!(
                card.id_number.len() == 12 && card.id_number.bytes().all(|b| b.is_ascii_digit()),
                "accepted ID {:?} is not 12 digits",
                card.id_number
            );
            assert!(card.birth_date <= today() && card.issue_date <= today());
            assert!(card.issue_date >= card.birth_date, "issued before birth");
            assert!(!card.full_name.is_empty() && !card.address.is_empty());
            // What was accepted reads back the same from its own QR string.
            assert_eq!(parse_at(&card.to_qr_string(), today()).as_ref(), Ok(&card));
            "ok".into()
        }
        Err(problems) => {
            assert!(!problems.is_empty(), "rejected without a problem");
            for p in &problems {
                assert!(FIELDS.contains(&p.field), "unknown field {:?}", p.field);
                assert!(
                    !p.message.is_empty() && !p.message.starts_with("identity."),
                    "untranslated message {:?}",
                    p.message
                );
            }
            let mut fields: Vec<&str> = problems.iter().map(|p| p.field).collect();
            fields.sort_unstable();
            fields.dedup();
            class("err", &fields.join(","))
        }
    }
}

#[test]
fn mutate_qr_strings() {
    motcua::i18n::set_locale("vi");
    mutate(
        TARGET,
        Mutation {
            tokens: &[
                "|",
                "||",
                "¦",
                "｜",
                "]Q1",
                "Nam",
                "Nữ",
                "nu",
                "NAM",
                "001090012345",
                "079301012345",
                "123456789",
                "17051990",
                "29022000",
                "29021900",
                "31122026",
                "00000000",
                "Nguyễn",
                "H'Hen",
                "’",
                "\u{a0}",
                "\r",
                "\n",
            ],
            json: false,
            max_len: 4096,
        },
        no_fixup,
        |b| check(&text(b)),
    );
}

const NAME_WORDS: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô",
    "Dương", "Lý", "Văn", "Thị", "Hữu", "Đức", "Minh", "Ngọc", "Quỳnh", "Hương", "Ỷ", "Ưng",
    "H'Hen", "Niê", "Ksor", "Y-Moan",
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
    "3,",
    "Ấp",
    "TP.",
    "Hồ",
    "Chí",
    "Minh",
    "(cũ)",
    "-",
    "Buôn",
    "Đắk",
    "Lắk",
    "#7",
];

fn words(list: &'static [&'static str], n: std::ops::Range<usize>) -> BoxedStrategy<String> {
    vec(proptest::sample::select(list), n)
        .prop_map(|w| w.join(" "))
        .boxed()
}

prop_compose! {
    fn card()(
        province in (1u16..=96).prop_filter("a province code", |p| is_province_code(*p)),
        birth_days in 0i64..46_000,
        issue_after in 0i64..40_000,
        female in any::<bool>(),
        serial in 0u32..1_000_000,
        old in prop_oneof![Just(None), "[0-9]{9}".prop_map(Some), "[0-9]{12}".prop_map(Some)],
        full_name in words(NAME_WORDS, 1..6),
        address in words(ADDRESS_WORDS, 1..14),
    ) -> IdCard {
        let base = NaiveDate::from_ymd_opt(1900, 1, 1).unwrap_or_default();
        let birth_date = (base + chrono::Duration::days(birth_days)).min(today());
        let issue_date = (birth_date + chrono::Duration::days(issue_after)).min(today());
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

/// A card and the way a scanner types it: NFD accents, a trailing Enter, extra fields, an AIM
/// prefix, stray zero-width characters, "¦" for "|".
fn scanned() -> impl Strategy<Value = (IdCard, String)> {
    (
        card(),
        any::<bool>(),
        prop_oneof![Just(""), Just("\r\n"), Just("\n"), Just("\r")],
        vec("[^|¦｜]{0,8}", 0..3),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(c, nfd, enter, extra, aim, zw, broken_bar)| {
            let mut s = c.to_qr_string();
            for e in &extra {
                s.push('|');
                s.push_str(e);
            }
            if zw {
                s = s.replacen(' ', " \u{200b}", 1);
            }
            if broken_bar {
                s = s.replace('|', "¦");
            }
            if nfd {
                s = s.nfd().collect();
            }
            if aim {
                s.insert_str(0, "]Q1");
            }
            s.push_str(enter);
            (c, s)
        })
}

#[test]
fn generated_cards_round_trip() {
    motcua::i18n::set_locale("vi");
    generated(
        TARGET,
        scanned(),
        |(_, s)| s.clone().into_bytes(),
        |(c, s)| {
            prop_assert_eq!(parse_at(&s, today()), Ok(c.clone()));
            prop_assert!(looks_like_idcard(&s));
            // Damage one field at a time: the card is then refused, never accepted as another.
            let mut fields: Vec<String> = c.to_qr_string().split('|').map(str::to_string).collect();
            fields[3] = "32139999".into();
            let bad_date = fields.join("|");
            prop_assert!(parse_at(&bad_date, today()).is_err());
            Ok(())
        },
    );
}

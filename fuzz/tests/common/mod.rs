//! Generators and tokens shared by several targets.
#![allow(dead_code)]

use chrono::{Datelike, Duration, NaiveDate, Weekday};
use motcua::calendar::{DayKind, HolidayEntry, HolidayStatus, YearSchedule};
use motcua::reference::catalogue::FORMAT;
use proptest::prelude::*;
use serde_json::{Value, json};

/// Field names and values of the `motcua-catalogue/1` format.
pub const CATALOGUE_TOKENS: &[&str] = &[
    "format",
    "version",
    "effective_from",
    "effective_to",
    "note",
    "procedures",
    "code",
    "local_code",
    "name",
    "field",
    "authority",
    "duration",
    "amount",
    "unit",
    "cutoff",
    "duration_text",
    "fee",
    "kind",
    "fixed",
    "per-page",
    "free",
    "unknown",
    "tiers",
    "from_page",
    "cap",
    "per",
    "fee_text",
    "documents",
    "required",
    "original",
    "certified",
    "photocopy",
    "accepted_forms",
    "channels",
    "direct",
    "online",
    "post",
    "delivery",
    "counter",
    "online_only",
    "sets",
    "provenance",
    "verified",
    "inferred",
    "sources",
    "working-days",
    "days",
    "hours",
    "same-day",
    "none",
    "15:00",
    "25:61",
    "7:5",
    "2025-07-01",
    "2026-02-30",
    "motcua-catalogue/1",
    "motcua-catalogue/2",
];

/// Field names and values of the `motcua-holidays/1` format.
pub const HOLIDAY_TOKENS: &[&str] = &[
    "format",
    "year",
    "status",
    "source",
    "effective_from",
    "entries",
    "date",
    "kind",
    "name",
    "scope",
    "official",
    "computed",
    "public-holiday",
    "compensatory",
    "swapped-day-off",
    "working-day",
    "civil-service",
    "motcua-holidays/1",
    "2026-01-01",
    "2026-02-29",
    "2027-02-20",
    "1899-12-31",
    "2199-12-31",
    "2200-01-01",
    "+2027-01-01",
    "working-days:5",
    "same-day:cutoff=15:00",
];

/// A valid procedure as the import format writes it.
pub fn procedure(code: String) -> impl Strategy<Value = Value> {
    let duration = prop_oneof![
        (1u32..=1000).prop_map(|n| json!({"amount": n, "unit": "working-days", "cutoff": null})),
        (1u32..=3660).prop_map(|n| json!({"amount": n, "unit": "days", "cutoff": null})),
        (1u32..=8000).prop_map(|n| json!({"amount": n, "unit": "hours", "cutoff": null})),
        (0u32..24, 0u32..60).prop_map(
            |(h, m)| json!({"amount": 0, "unit": "same-day", "cutoff": format!("{h:02}:{m:02}")})
        ),
        Just(json!({"amount": 0, "unit": "none", "cutoff": null})),
    ];
    let fee = prop_oneof![
        Just(json!({"kind": "free"})),
        Just(json!({"kind": "unknown"})),
        (0i64..=5_000_000).prop_map(|a| json!({"kind": "fixed", "amount": a, "per": "bản"})),
        (
            proptest::collection::vec((1u32..50, 0i64..=100_000), 1..4),
            proptest::option::of(0i64..=5_000_000)
        )
            .prop_map(|(tiers, cap)| {
                let tiers: Vec<Value> = tiers
                    .into_iter()
                    .map(|(f, a)| json!({"from_page": f, "amount": a}))
                    .collect();
                json!({"kind": "per-page", "tiers": tiers, "cap": cap, "per": "bản"})
            }),
    ];
    let forms = proptest::option::of(proptest::sample::subsequence(
        vec!["original", "certified", "photocopy"],
        0..=3,
    ));
    (
        "[A-Za-zÀ-ỹ ]{1,40}",
        duration,
        fee,
        proptest::collection::vec(("[a-zà-ỹ ]{1,20}", any::<bool>(), 0u32..3, forms), 0..4),
        proptest::sample::subsequence(vec!["counter", "post", "online"], 1..=3),
        1u32..5,
    )
        .prop_map(move |(name, duration, fee, docs, delivery, sets)| {
            let documents: Vec<Value> = docs
                .into_iter()
                .map(|(n, required, original, forms)| {
                    let mut d = json!({"name": format!("Giấy {n}"), "required": required,
                        "original": original, "certified": 0, "photocopy": 1});
                    if let Some(f) = forms {
                        d["accepted_forms"] = json!(f);
                    }
                    d
                })
                .collect();
            let u = "unknown";
            json!({
                "code": code, "local_code": null, "name": format!("Thủ tục {name}"),
                "field": "Hộ tịch", "authority": "UBND cấp xã", "duration": duration,
                "duration_text": "…", "fee": fee, "fee_text": "…", "documents": documents,
                "channels": ["direct"], "delivery": delivery, "online_only": false, "sets": sets,
                "provenance": {"code": u, "name": u, "duration": u, "fee": u, "documents": u, "online_only": u},
                "sources": []
            })
        })
}

/// A valid catalogue of 1-5 procedures.
pub fn catalogue_doc() -> impl Strategy<Value = Value> {
    (1usize..6)
        .prop_flat_map(|n| {
            (0..n)
                .map(|i| procedure(format!("9.{:06}", 100 + i)))
                .collect::<Vec<_>>()
        })
        .prop_map(|procs| {
            json!({"format": FORMAT, "version": "fuzz-1", "effective_from": "2026-01-01",
                "note": "", "procedures": procs})
        })
}

pub fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// A valid schedule: distinct days of one year, each with a kind its weekday allows.
pub fn schedule() -> impl Strategy<Value = YearSchedule> {
    (
        1900i32..=2199,
        proptest::collection::btree_map(0i64..366, (0usize..4, "[A-Za-zÀ-ỹ ]{0,12}"), 0..20),
        any::<bool>(),
    )
        .prop_map(|(year, days, official)| {
            let first = NaiveDate::from_ymd_opt(year, 1, 1).unwrap_or_default();
            let status = if official {
                HolidayStatus::Official
            } else {
                HolidayStatus::Computed
            };
            let entries = days
                .into_iter()
                .map(|(k, (pick, name))| (first + Duration::days(k), pick, name))
                .filter(|(d, _, _)| d.year() == year)
                .map(|(date, pick, name)| {
                    let kind = if is_weekend(date) {
                        [DayKind::PublicHoliday, DayKind::WorkingDay][pick % 2]
                    } else {
                        [
                            DayKind::PublicHoliday,
                            DayKind::Compensatory,
                            DayKind::SwappedDayOff,
                        ][pick % 3]
                    };
                    HolidayEntry::new(date, kind, format!("Ngày {name}"), "Quyết định thử", status)
                })
                .collect();
            YearSchedule {
                year,
                status,
                source: "Quyết định thử".into(),
                effective_from: None,
                entries,
            }
        })
}

//! Phí, lệ phí: the amount a dossier owes under its procedure's fee rule, exemptions, and the
//! moment it is collected. Money is integer đồng.

use rust_i18n::t;
use serde::{Deserialize, Serialize};

use crate::reference::catalogue::Fee;
use crate::{Error, Result};

pub use crate::dto::{FeeCollect, FeeInput, FeeMethod};

/// One line of a fee receipt.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FeeLine {
    pub name: String,
    pub quantity: u32,
    pub unit_price: i64,
    pub amount: i64,
}

/// The computed fee.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct FeeAmount {
    pub amount: i64,
    pub lines: Vec<FeeLine>,
    pub explanation: String,
    pub exempt: bool,
}

/// "8.000 đồng" (the same writing the printed forms use).
pub use crate::documents::format_dong as format_vnd;

/// The collect-at and method values the intake screen offers, and a sane exemption reason.
fn check_choices(input: &FeeInput) -> Result<()> {
    if FeeCollect::parse(&input.collect_at).is_none() {
        let shown: String = input.collect_at.chars().take(16).collect();
        return Err(Error::invalid(
            "invalid_fee",
            Some("fee_collect"),
            t!("fees.collect_at", value = shown),
        ));
    }
    if FeeMethod::parse(&input.method).is_none() {
        let shown: String = input.method.chars().take(16).collect();
        return Err(Error::invalid(
            "invalid_fee",
            Some("fee_method"),
            t!("fees.method", value = shown),
        ));
    }
    crate::limits::opt_text(
        "fee_exempt_reason",
        input.exempt_reason.as_deref(),
        crate::limits::REASON,
    )
}

/// Computes the fee for `input` under `fee`. Per-page fees charge each page at the tier it falls
/// in (e.g. 2.000 đ for pages 1-2, 1.000 đ from page 3), capped per copy.
pub fn compute(fee: &Fee, fee_name: &str, input: &FeeInput) -> Result<FeeAmount> {
    check_choices(input)?;
    if input.copies == 0 || input.copies > 999 {
        return Err(Error::invalid(
            "invalid_fee",
            Some("fee_copies"),
            t!("fees.copies"),
        ));
    }
    if let Some(reason) = input.exempt_reason.as_deref().map(str::trim) {
        if reason.is_empty() {
            return Err(Error::invalid(
                "invalid_fee",
                Some("fee_exempt_reason"),
                t!("fees.exempt_reason"),
            ));
        }
        return Ok(FeeAmount {
            amount: 0,
            lines: Vec::new(),
            explanation: t!("fees.exempt", reason = reason).to_string(),
            exempt: true,
        });
    }
    match fee {
        Fee::Free => Ok(FeeAmount {
            amount: 0,
            lines: Vec::new(),
            explanation: t!("fees.free").to_string(),
            exempt: false,
        }),
        Fee::Unknown => Ok(FeeAmount {
            amount: 0,
            lines: Vec::new(),
            explanation: t!("fees.unknown").to_string(),
            exempt: false,
        }),
        Fee::Fixed { amount, per } => {
            let total = amount * i64::from(input.copies);
            Ok(FeeAmount {
                amount: total,
                lines: vec![FeeLine {
                    name: fee_name.to_string(),
                    quantity: input.copies,
                    unit_price: *amount,
                    amount: total,
                }],
                explanation: t!(
                    "fees.fixed",
                    copies = input.copies,
                    per = per,
                    price = format_vnd(*amount),
                    total = format_vnd(total)
                )
                .to_string(),
                exempt: false,
            })
        }
        Fee::PerPage { tiers, cap, per } => {
            if input.pages == 0 || input.pages > 100_000 {
                return Err(Error::invalid(
                    "invalid_fee",
                    Some("fee_pages"),
                    t!("fees.pages"),
                ));
            }
            let mut sorted = tiers.clone();
            sorted.sort_by_key(|t| t.from_page);
            let per_copy_raw: i64 = (1..=input.pages)
                .map(|p| {
                    sorted
                        .iter()
                        .rev()
                        .find(|t| t.from_page <= p)
                        .map(|t| t.amount)
                        .unwrap_or(0)
                })
                .sum();
            let per_copy = cap.map_or(per_copy_raw, |c| per_copy_raw.min(c));
            let total = per_copy * i64::from(input.copies);
            Ok(FeeAmount {
                amount: total,
                lines: vec![FeeLine {
                    name: fee_name.to_string(),
                    quantity: input.copies,
                    unit_price: per_copy,
                    amount: total,
                }],
                explanation: t!(
                    "fees.per_page",
                    pages = input.pages,
                    copies = input.copies,
                    per = per,
                    price = format_vnd(per_copy),
                    total = format_vnd(total)
                )
                .to_string(),
                exempt: false,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::reference::catalogue::PageTier;

    fn certified_copy() -> Fee {
        // TT 226/2016/TT-BTC: 2.000 đ/trang for pages 1-2, 1.000 đ/trang from page 3, ≤ 200.000 đ/bản.
        Fee::PerPage {
            tiers: vec![
                PageTier {
                    from_page: 1,
                    amount: 2000,
                },
                PageTier {
                    from_page: 3,
                    amount: 1000,
                },
            ],
            cap: Some(200_000),
            per: "bản".into(),
        }
    }

    fn input(copies: u32, pages: u32) -> FeeInput {
        FeeInput {
            copies,
            pages,
            ..FeeInput::default()
        }
    }

    #[test]
    fn per_page_tiers_and_cap() {
        let f = certified_copy();
        assert_eq!(compute(&f, "x", &input(1, 1)).unwrap().amount, 2_000);
        assert_eq!(compute(&f, "x", &input(1, 2)).unwrap().amount, 4_000);
        assert_eq!(compute(&f, "x", &input(1, 3)).unwrap().amount, 5_000);
        assert_eq!(compute(&f, "x", &input(3, 10)).unwrap().amount, 3 * 12_000);
        // 1 000 pages: 4 000 + 998 000 → capped at 200 000 per copy.
        assert_eq!(compute(&f, "x", &input(2, 1000)).unwrap().amount, 400_000);
        assert!(compute(&f, "x", &input(1, 0)).is_err());
    }

    #[test]
    fn fixed_free_and_exempt() {
        let f = Fee::Fixed {
            amount: 8_000,
            per: "bản sao".into(),
        };
        let a = compute(&f, "Lệ phí cấp bản sao trích lục", &input(3, 1)).unwrap();
        assert_eq!(
            (a.amount, a.lines[0].unit_price, a.lines[0].quantity),
            (24_000, 8_000, 3)
        );
        assert_eq!(compute(&Fee::Free, "x", &input(1, 1)).unwrap().amount, 0);
        let ex = FeeInput {
            exempt_reason: Some("Hộ nghèo".into()),
            ..input(1, 1)
        };
        let a = compute(&f, "x", &ex).unwrap();
        assert!(a.exempt && a.amount == 0);
        let blank = FeeInput {
            exempt_reason: Some("  ".into()),
            ..input(1, 1)
        };
        assert_eq!(
            compute(&f, "x", &blank).unwrap_err().field(),
            Some("fee_exempt_reason")
        );
        assert!(compute(&f, "x", &input(0, 1)).is_err());
    }

    #[test]
    fn money_is_written_with_dots() {
        assert_eq!(format_vnd(1_234_567), "1.234.567 đồng");
    }
}

//! Cách viết ngày tháng theo NĐ 30/2020.

use chrono::NaiveDate;
use motcua_documents::{format_date_vn, format_short_date_vn, format_time_date_vn};

mod common;

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

#[test]
fn february_is_zero_padded() {
    assert_eq!(
        format_date_vn(date(2026, 2, 5)),
        "ngày 05 tháng 02 năm 2026"
    );
}

#[test]
fn march_is_not_zero_padded() {
    assert_eq!(format_date_vn(date(2026, 3, 5)), "ngày 05 tháng 3 năm 2026");
    assert_eq!(
        format_date_vn(date(2026, 9, 30)),
        "ngày 30 tháng 9 năm 2026"
    );
}

#[test]
fn two_digit_months_and_days() {
    assert_eq!(
        format_date_vn(date(2026, 12, 15)),
        "ngày 15 tháng 12 năm 2026"
    );
    assert_eq!(
        format_date_vn(date(2025, 10, 10)),
        "ngày 10 tháng 10 năm 2025"
    );
    assert_eq!(
        format_date_vn(date(2025, 11, 9)),
        "ngày 09 tháng 11 năm 2025"
    );
}

#[test]
fn first_of_january() {
    assert_eq!(
        format_date_vn(date(2027, 1, 1)),
        "ngày 01 tháng 01 năm 2027"
    );
}

#[test]
fn time_and_date() {
    assert_eq!(
        format_time_date_vn(common::at(2023, 10, 27, 9, 32)),
        "09 giờ 32 phút, ngày 27/10/2023"
    );
    assert_eq!(
        format_time_date_vn(common::at(2024, 1, 1, 0, 5)),
        "00 giờ 05 phút, ngày 01/01/2024"
    );
    assert_eq!(
        format_time_date_vn(common::at(2026, 12, 31, 16, 59)),
        "16 giờ 59 phút, ngày 31/12/2026"
    );
    assert_eq!(format_short_date_vn(date(2026, 3, 5)), "05/03/2026");
}

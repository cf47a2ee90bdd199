//! Cách viết ngày tháng theo Nghị định 30/2020/NĐ-CP (công tác văn thư).

use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};

/// Ngày theo thể thức văn bản: "ngày 05 tháng 02 năm 2026", "ngày 05 tháng 3 năm 2026".
///
/// Ngày dưới 10 và tháng 1, 2 được thêm số 0 phía trước (NĐ 30/2020, Phụ lục I).
/// Day zero-padded below 10; month zero-padded only for January and February.
pub fn format_date_vn(d: NaiveDate) -> String {
    let month = d.month();
    let month_text = if month <= 2 {
        format!("{month:02}")
    } else {
        month.to_string()
    };
    format!("ngày {:02} tháng {} năm {}", d.day(), month_text, d.year())
}

/// Thời điểm dạng "09 giờ 32 phút, ngày 27/10/2023" (giờ Việt Nam, đã là giờ địa phương).
pub fn format_time_date_vn(t: NaiveDateTime) -> String {
    format!(
        "{:02} giờ {:02} phút, ngày {}",
        t.hour(),
        t.minute(),
        format_short_date_vn(t.date())
    )
}

/// Ngày dạng số "27/10/2023".
pub fn format_short_date_vn(d: NaiveDate) -> String {
    format!("{:02}/{:02}/{}", d.day(), d.month(), d.year())
}

//! The verified 2026 civil-service table (shared/domain.md, "Appointment date").
//!
//! | dates (2026)        | kind                       | basis |
//! |---------------------|----------------------------|-------|
//! | Thu 01/01           | public-holiday             | BLLĐ 2019 Art. 112 |
//! | Fri 02/01           | swapped-day-off            | swapped with Sat 10/01 (VPCP letter 12729/VPCP-KGVX, 25/12/2025) |
//! | Sat 03/01-Sun 04/01 | (weekend)                  | |
//! | Sat 10/01           | working-day                | làm bù for 02/01 |
//! | Sat 14/02-Sun 15/02 | (weekend)                  | break 14/02-22/02 = 5 Tết days + 4 weekend days |
//! | Mon 16/02-Fri 20/02 | public-holiday             | 29 tháng Chạp Ất Tỵ .. mùng 4 Bính Ngọ: the 5 days of Art. 112 |
//! | Sat 21/02-Sun 22/02 | (weekend)                  | |
//! | Sun 26/04           | public-holiday             | Giỗ Tổ Hùng Vương, 10/3 âm lịch |
//! | Mon 27/04           | compensatory               | Art. 111 cl. 3 |
//! | Thu 30/04, Fri 01/05| public-holiday             | |
//! | Wed 02/09           | public-holiday             | fixed by the law |
//! | Thu 03/09           | public-holiday, *computed* | the adjacent day was not verified: computed rule |
//!
//! Weekend days inside a break are not entries (weekends are implicit); the calendar still
//! reports them as weekly rest days inside the break ("Thứ Bảy (nghỉ hằng tuần, trong đợt
//! nghỉ Tết Nguyên đán Bính Ngọ)"). Whether 24/11
//! (Ngày Văn hóa Việt Nam) became a day off was not confirmed, so it is not in the table.

use super::computed::national_day_adjacent;
use super::types::{DayKind, HolidayEntry, HolidayStatus, YearSchedule};
use chrono::NaiveDate;

const SRC_DOMAIN: &str = "Lịch nghỉ 2026 đã xác minh (domain.md)";

/// The official 2026 schedule for the civil service.
pub fn official_2026() -> YearSchedule {
    let tet_src = format!(
        "{SRC_DOMAIN}: nghỉ Tết 14/02-22/02/2026; 5 ngày Tết (Bộ luật Lao động 2019, Điều 112 \
         khoản 1 điểm b) là 16/02-20/02 (29 tháng Chạp - mùng 4), còn lại là nghỉ hằng tuần"
    );
    let new_year_src = format!(
        "{SRC_DOMAIN}; VB 12729/VPCP-KGVX ngày 25/12/2025: nghỉ 01/01-04/01/2026, hoán đổi thứ Sáu \
         02/01 với thứ Bảy 10/01"
    );
    let law = format!("{SRC_DOMAIN}; Bộ luật Lao động 2019, Điều 112 khoản 1");
    let compensatory = format!("{SRC_DOMAIN}; Bộ luật Lao động 2019, Điều 111 khoản 3");
    let adjacent_src = "Chưa xác minh cho 2026: ngày liền kề 2/9 tính theo quy tắc mặc định \
                        (Bộ luật Lao động 2019, Điều 112 khoản 1 điểm đ)";

    let mut entries = Vec::new();
    let mut push = |m: u32, d: u32, kind: DayKind, name: &str, source: &str, st: HolidayStatus| {
        if let Some(date) = NaiveDate::from_ymd_opt(2026, m, d) {
            entries.push(HolidayEntry::new(date, kind, name, source, st));
        }
    };
    use DayKind::*;
    use HolidayStatus::*;
    push(
        1,
        1,
        PublicHoliday,
        "Tết Dương lịch",
        &new_year_src,
        Official,
    );
    push(
        1,
        2,
        SwappedDayOff,
        "Nghỉ Tết Dương lịch (hoán đổi, làm bù thứ Bảy 10/01/2026)",
        &new_year_src,
        Official,
    );
    push(
        1,
        10,
        WorkingDay,
        "Làm bù cho thứ Sáu 02/01/2026",
        &new_year_src,
        Official,
    );
    for d in 16..=20 {
        push(
            2,
            d,
            PublicHoliday,
            "Tết Nguyên đán Bính Ngọ",
            &tet_src,
            Official,
        );
    }
    push(4, 26, PublicHoliday, "Giỗ Tổ Hùng Vương", &law, Official);
    push(
        4,
        27,
        Compensatory,
        "Nghỉ bù Giỗ Tổ Hùng Vương",
        &compensatory,
        Official,
    );
    push(
        4,
        30,
        PublicHoliday,
        "Ngày Chiến thắng 30/4",
        &law,
        Official,
    );
    push(
        5,
        1,
        PublicHoliday,
        "Ngày Quốc tế Lao động 1/5",
        &law,
        Official,
    );
    push(9, 2, PublicHoliday, "Quốc khánh 2/9", &law, Official);
    if let Some(adj) = national_day_adjacent(2026) {
        entries.push(HolidayEntry::new(
            adj,
            PublicHoliday,
            "Quốc khánh 2/9 (ngày liền kề)",
            adjacent_src,
            Computed,
        ));
    }
    entries.sort_by_key(|e| e.date);
    YearSchedule {
        year: 2026,
        status: HolidayStatus::Official,
        source: format!(
            "{SRC_DOMAIN}, khối cán bộ, công chức, viên chức; ngày liền kề 2/9 chưa xác minh \
             (tính toán)"
        ),
        effective_from: None,
        entries,
    }
}

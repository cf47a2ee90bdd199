//! Appointment computation, table-driven. Every row gives its source: domain.md's example, the
//! verified 2026 table (domain.md) or a hand computation written out in the comment.
//! Times are Vietnam local time; the builtin calendar (official 2026 + computed other years)
//! and the default hours 07:00-11:30, 13:30-17:00 Mon-Fri are used unless a row says `SAT`
//! (same hours plus a Saturday reception session 07:00-11:30).

use chrono::{DateTime, NaiveDateTime, Utc};
use motcua_calendar::vntime::{from_vietnam, to_vietnam};
use motcua_calendar::{
    CalendarError, Due, DurationSpec, HolidayCalendar, WorkingHours, compute_due,
    resume_after_pause,
};

const STD: bool = false;
const SAT: bool = true;

struct Case {
    received: &'static str,
    rule: &'static str,
    saturday: bool,
    due: Option<&'static str>,
    /// Fragments the Vietnamese explanation must contain.
    says: &'static [&'static str],
}

const fn c(
    received: &'static str,
    rule: &'static str,
    saturday: bool,
    due: Option<&'static str>,
    says: &'static [&'static str],
) -> Case {
    Case {
        received,
        rule,
        saturday,
        due,
        says,
    }
}

fn t(s: &str) -> DateTime<Utc> {
    from_vietnam(NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap())
}

fn hours(saturday: bool) -> WorkingHours {
    if saturday {
        WorkingHours::with_saturday_morning()
    } else {
        WorkingHours::default()
    }
}

fn local(due: &Due) -> Option<String> {
    due.due_at
        .map(|x| to_vietnam(x).format("%Y-%m-%d %H:%M").to_string())
}

#[rustfmt::skip]
const CASES: &[Case] = &[
    // ---- working days: basics ----
    // 1. domain.md: Fri 27/10/2023 09:32 + 5 working days → Fri 03/11/2023 09:32.
    c("2023-10-27 09:32", "working-days:5", STD, Some("2023-11-03 09:32"), &["5 ngày làm việc", "2 ngày cuối tuần"]),
    // 2. Hand: Mon 02/03/2026 + 1 → Tue 03/03, same clock time.
    c("2026-03-02 09:00", "working-days:1", STD, Some("2026-03-03 09:00"), &["1 ngày làm việc"]),
    // 3. Hand: Fri 06/03/2026 16:59 (in session) + 1 → Mon 09/03 16:59 (weekend skipped).
    c("2026-03-06 16:59", "working-days:1", STD, Some("2026-03-09 16:59"), &["bỏ qua 2 ngày cuối tuần"]),
    // 4. Hand: 07:00 is inside the morning session: Mon 02/03 + 5 → Mon 09/03 07:00.
    c("2026-03-02 07:00", "working-days:5", STD, Some("2026-03-09 07:00"), &[]),
    // 5. Hand: 06:59 is before opening → counted from 07:00 the same day.
    c("2026-03-02 06:59", "working-days:5", STD, Some("2026-03-09 07:00"), &["nhận trước giờ làm việc, tính từ 07:00 ngày 02/03"]),
    // 6. Hand: 11:30 ends the morning session ([start, end)) → counted from 13:30; + 2 → Wed 04/03 13:30.
    c("2026-03-02 11:30", "working-days:2", STD, Some("2026-03-04 13:30"), &["nhận trong giờ nghỉ trưa, tính từ 13:30 ngày 02/03"]),
    // 7. Hand: 12:15 lunch → 13:30; + 2 → Wed 04/03 13:30.
    c("2026-03-02 12:15", "working-days:2", STD, Some("2026-03-04 13:30"), &["nghỉ trưa"]),
    // 8. Hand: 11:29 is still in the morning session → Wed 04/03 11:29.
    c("2026-03-02 11:29", "working-days:2", STD, Some("2026-03-04 11:29"), &[]),
    // 9. Hand: 17:00 is closing time → counted from Tue 03/03 07:00; + 1 → Wed 04/03 07:00.
    c("2026-03-02 17:00", "working-days:1", STD, Some("2026-03-04 07:00"), &["nhận sau giờ làm việc, tính từ 07:00 ngày 03/03"]),
    // 10. Hand (the brief's wording): Fri 27/02 18:30 → from Mon 02/03 07:00; + 3 → Thu 05/03 07:00.
    c("2026-02-27 18:30", "working-days:3", STD, Some("2026-03-05 07:00"), &["nhận sau giờ làm việc, tính từ 07:00 ngày 02/03"]),
    // 11. Hand: Sunday 01/03 → from Mon 02/03 07:00; + 1 → Tue 03/03 07:00.
    c("2026-03-01 10:00", "working-days:1", STD, Some("2026-03-03 07:00"), &["nhận vào ngày nghỉ (Chủ nhật 01/03), tính từ 07:00 ngày 02/03"]),
    // 12. Hand: Saturday 28/02 (no Saturday session) → from Mon 02/03 07:00; + 1 → Tue 03/03 07:00.
    c("2026-02-28 09:00", "working-days:1", STD, Some("2026-03-03 07:00"), &["nhận vào ngày nghỉ (Thứ Bảy 28/02)"]),
    // 13. Hand: a Saturday reception session is not a working day → from Mon 09/03 07:00; + 1 → Tue 10/03 07:00.
    c("2026-03-07 09:00", "working-days:1", SAT, Some("2026-03-10 07:00"), &["buổi tiếp nhận, không phải ngày làm việc", "tính từ 07:00 ngày 09/03"]),
    // 14. Hand: 10 working days from Mon 02/03/2026 → two full weeks → Mon 16/03 10:00.
    c("2026-03-02 10:00", "working-days:10", STD, Some("2026-03-16 10:00"), &["4 ngày cuối tuần"]),
    // 15. Hand: 15 working days from Wed 01/04/2026 10:00: Apr 2,3 (2), 6-10 (7), 13-17 (12),
    //     20-24 (17)... stop at 15: 20, 21, 22 → Wed 22/04 10:00 (Giỗ Tổ is 26/04, after).
    c("2026-04-01 10:00", "working-days:15", STD, Some("2026-04-22 10:00"), &[]),

    // ---- 2026 official: New Year, the swap and the working Saturday (domain.md) ----
    // 16. Wed 31/12/2025 + 1: 01/01 holiday, 02/01 swapped, 03-04 weekend → Mon 05/01/2026.
    c("2025-12-31 10:00", "working-days:1", STD, Some("2026-01-05 10:00"), &["bỏ qua 01/01/2026-04/01/2026 nghỉ Tết Dương lịch"]),
    // 17. Tue 30/12/2025 + 2: 31/12 (1), 05/01 (2) → Mon 05/01/2026.
    c("2025-12-30 10:00", "working-days:2", STD, Some("2026-01-05 10:00"), &["Tết Dương lịch"]),
    // 18. Thu 08/01/2026 + 2: Fri 09/01 (1), Sat 10/01 làm bù (2) → Sat 10/01 10:00.
    c("2026-01-08 10:00", "working-days:2", STD, Some("2026-01-10 10:00"), &["tính cả ngày làm bù thứ Bảy 10/01"]),
    // 19. Fri 09/01 14:00 + 1 → Sat 10/01 14:00: a làm bù Saturday has the full weekday sessions.
    c("2026-01-09 14:00", "working-days:1", STD, Some("2026-01-10 14:00"), &["làm bù"]),
    // 20. Fri 09/01 + 2: Sat 10/01 (1), Mon 12/01 (2) → Mon 12/01 14:00.
    c("2026-01-09 14:00", "working-days:2", STD, Some("2026-01-12 14:00"), &["làm bù"]),
    // 21. Received on the working Saturday 10/01 09:00 (in session) + 1 → Mon 12/01 09:00.
    c("2026-01-10 09:00", "working-days:1", STD, Some("2026-01-12 09:00"), &[]),
    // 22. Working Saturday 10/01 18:00 (after closing) → from Mon 12/01 07:00; + 1 → Tue 13/01 07:00.
    c("2026-01-10 18:00", "working-days:1", STD, Some("2026-01-13 07:00"), &["nhận sau giờ làm việc, tính từ 07:00 ngày 12/01"]),
    // 23. Sat 03/01/2026 (weekend inside the New Year break) → from Mon 05/01 07:00; + 1 → Tue 06/01.
    c("2026-01-03 09:00", "working-days:1", STD, Some("2026-01-06 07:00"), &["nhận vào ngày nghỉ"]),
    // 24. Fri 02/01/2026 is the swapped day off → from Mon 05/01 07:00; + 1 → Tue 06/01 07:00.
    c("2026-01-02 10:00", "working-days:1", STD, Some("2026-01-06 07:00"), &["nhận vào ngày nghỉ (Thứ Sáu 02/01)"]),
    // 25. Same-day on the working Saturday 10/01/2026 at 14:00 → 17:00 that day.
    c("2026-01-10 14:00", "same-day:cutoff=15:00", STD, Some("2026-01-10 17:00"), &[]),

    // ---- 2026 official: Tết Bính Ngọ 14/02-22/02 (domain.md) ----
    // 26. Fri 13/02 + 5: 23, 24, 25, 26, 27 → Fri 27/02 09:00.
    c("2026-02-13 09:00", "working-days:5", STD, Some("2026-02-27 09:00"), &["5 ngày làm việc; bỏ qua 14/02-22/02 nghỉ Tết Nguyên đán Bính Ngọ"]),
    // 27. Thu 12/02 15:00 + 1 → Fri 13/02 15:00 (before the break).
    c("2026-02-12 15:00", "working-days:1", STD, Some("2026-02-13 15:00"), &[]),
    // 28. Thu 12/02 + 2: 13/02 (1), 23/02 (2) → Mon 23/02 15:00.
    c("2026-02-12 15:00", "working-days:2", STD, Some("2026-02-23 15:00"), &["Tết Nguyên đán Bính Ngọ"]),
    // 29. Mùng 1 Tết (Tue 17/02) → from Mon 23/02 07:00; + 1 → Tue 24/02 07:00.
    c("2026-02-17 10:00", "working-days:1", STD, Some("2026-02-24 07:00"), &["tính từ 07:00 ngày 23/02"]),
    // 30. Fri 13/02 16:00 + 8 h: 1 h on Friday, 4.5 h + 2.5 h on Mon 23/02 → 16:00.
    c("2026-02-13 16:00", "hours:8", STD, Some("2026-02-23 16:00"), &["14/02-22/02 nghỉ Tết Nguyên đán Bính Ngọ"]),
    // 31. Tue 10/02 + 5 calendar days = Sun 15/02 (in the break) → next working day Mon 23/02 10:00.
    c("2026-02-10 10:00", "days:5", STD, Some("2026-02-23 10:00"), &["BLDS 2015 Điều 148", "chuyển sang ngày làm việc tiếp theo 23/02"]),
    // 32. Same-day, Fri 13/02 15:10 (after the 15:00 cut-off) → next working day Mon 23/02 17:00.
    c("2026-02-13 15:10", "same-day:cutoff=15:00", STD, Some("2026-02-23 17:00"), &["nhận sau 15:00 thì trả vào ngày làm việc tiếp theo; nhận lúc 15:10"]),
    // 33. Saturday-morning unit, Sat 14/02 inside the Tết break: the desk is closed → Mon 23/02 17:00.
    c("2026-02-14 09:00", "same-day:cutoff=15:00", SAT, Some("2026-02-23 17:00"), &[]),

    // ---- 2026 official: Giỗ Tổ, 30/4-1/5; computed 2/9 ----
    // 34. Fri 24/04 + 1: Sat 25, Sun 26 (Giỗ Tổ), Mon 27 (bù) → Tue 28/04 10:00.
    c("2026-04-24 10:00", "working-days:1", STD, Some("2026-04-28 10:00"), &["bỏ qua 25/04-27/04 nghỉ Giỗ Tổ Hùng Vương"]),
    // 35. Wed 29/04 + 1: Thu 30/04, Fri 01/05, weekend → Mon 04/05 10:00.
    c("2026-04-29 10:00", "working-days:1", STD, Some("2026-05-04 10:00"), &["30/04-03/05 nghỉ Ngày Chiến thắng 30/4, Ngày Quốc tế Lao động 1/5"]),
    // 36. Fri 24/04 + 3: 28 (1), 29 (2), 04/05 (3) → Mon 04/05 10:00.
    c("2026-04-24 10:00", "working-days:3", STD, Some("2026-05-04 10:00"), &["Giỗ Tổ Hùng Vương", "Ngày Chiến thắng 30/4"]),
    // 37. Tue 01/09 + 1: Wed 02/09, Thu 03/09 (computed adjacent day) → Fri 04/09; flagged as computed.
    c("2026-09-01 10:00", "working-days:1", STD, Some("2026-09-04 10:00"), &["Quốc khánh 2/9", "dự kiến"]),
    // 38. Calendar days: Tue 31/03 19:00 + 30 = Thu 30/04 (holiday) → Mon 04/05, 19:00 clamped to closing 17:00.
    c("2026-03-31 19:00", "days:30", STD, Some("2026-05-04 17:00"), &["ngày thứ 30 (30/04) rơi vào ngày nghỉ", "19:00 ngoài giờ làm việc, hẹn lúc 17:00"]),

    // ---- year ends (computed years) ----
    // 39. Thu 31/12/2026 + 1: Fri 01/01/2027 (computed holiday), weekend → Mon 04/01/2027.
    c("2026-12-31 10:00", "working-days:1", STD, Some("2027-01-04 10:00"), &["01/01/2027-03/01/2027 nghỉ Tết Dương lịch", "dự kiến"]),
    // 40. Fri 31/12/2027 16:00 + 3: Sat 01/01/2028 holiday, Sun, Mon 03/01 bù → 04, 05, 06 → Thu 06/01/2028.
    c("2027-12-31 16:00", "working-days:3", STD, Some("2028-01-06 16:00"), &["Tết Dương lịch"]),
    // 41. Fri 29/12/2023 + 1: weekend, Mon 01/01/2024 holiday → Tue 02/01/2024.
    c("2023-12-29 10:00", "working-days:1", STD, Some("2024-01-02 10:00"), &["30/12/2023-01/01/2024"]),
    // 42. Thu 31/12/2026 17:30 same-day: closed → next working day Mon 04/01/2027 17:00.
    c("2026-12-31 17:30", "same-day", STD, Some("2027-01-04 17:00"), &["nhận sau giờ làm việc, tính từ 07:00 ngày 04/01/2027"]),
    // 43. Calendar days over the year end: Mon 28/12/2026 + 5 = Sat 02/01/2027 → Mon 04/01/2027 10:00.
    c("2026-12-28 10:00", "days:5", STD, Some("2027-01-04 10:00"), &["chuyển sang ngày làm việc tiếp theo 04/01"]),

    // ---- Tết in other years (computed rule: five weekdays from 29 tháng Chạp) ----
    // 44. 2024 (break 08/02-14/02 as decided): Wed 07/02 + 1 → Thu 15/02/2024.
    c("2024-02-07 10:00", "working-days:1", STD, Some("2024-02-15 10:00"), &["08/02-14/02 nghỉ Tết Nguyên đán Giáp Thìn"]),
    // 45. 2023 (break 20/01-26/01 as decided): Thu 19/01 + 1 → Fri 27/01/2023.
    c("2023-01-19 10:00", "working-days:1", STD, Some("2023-01-27 10:00"), &["Tết Nguyên đán Quý Mão"]),
    // 46. 2025 computed (28/01-31/01 + 03/02; the real 2025 table swapped days, import it):
    //     Fri 24/01 + 2: Mon 27/01 (1), then Tue 04/02 (2).
    c("2025-01-24 10:00", "working-days:2", STD, Some("2025-02-04 10:00"), &["Tết Nguyên đán Ất Tỵ"]),
    // 47. 1985, Vietnamese Tết 21/01 (not China's 20/02): Fri 18/01/1985 + 1 → Mon 28/01/1985.
    c("1985-01-18 10:00", "working-days:1", STD, Some("1985-01-28 10:00"), &["Tết Nguyên đán Ất Sửu"]),
    // 48. 1985 again: Tue 19/02/1985 + 1 → Wed 20/02/1985, a working day in Vietnam.
    c("1985-02-19 10:00", "working-days:1", STD, Some("1985-02-20 10:00"), &[]),
    // 49. 2007, Vietnamese Tết 17/02 (China 18/02): 29 Chạp = Fri 16/02 → Tết days 16, 19-22/02;
    //     Thu 15/02/2007 + 1 → Fri 23/02/2007.
    c("2007-02-15 10:00", "working-days:1", STD, Some("2007-02-23 10:00"), &["Tết Nguyên đán Đinh Hợi"]),
    // 50. 2027: 29 Chạp = Fri 05/02 → 05, 08-11/02; Thu 04/02/2027 + 2 → Fri 12/02 (1), Mon 15/02 (2).
    c("2027-02-04 10:00", "working-days:2", STD, Some("2027-02-15 10:00"), &["05/02-11/02 nghỉ Tết Nguyên đán Đinh Mùi"]),
    // 51. 2030: 29 Chạp = Fri 01/02 → 01, 04-07/02; Thu 31/01/2030 + 1 → Fri 08/02/2030.
    c("2030-01-31 10:00", "working-days:1", STD, Some("2030-02-08 10:00"), &["Tết Nguyên đán Canh Tuất"]),

    // ---- calendar days ----
    // 52. Mon 02/03/2026 + 10 days = Thu 12/03, a working day, same clock time.
    c("2026-03-02 10:00", "days:10", STD, Some("2026-03-12 10:00"), &["10 ngày (tính cả ngày nghỉ)"]),
    // 53. Mon 02/03 20:00 + 4 = Fri 06/03 20:00, after closing → 17:00 that day (Art. 148: never the next day).
    c("2026-03-02 20:00", "days:4", STD, Some("2026-03-06 17:00"), &["20:00 ngoài giờ làm việc, hẹn lúc 17:00"]),
    // 54. Mon 02/03 06:00 + 4 = Fri 06/03 06:00, before opening → 07:00.
    c("2026-03-02 06:00", "days:4", STD, Some("2026-03-06 07:00"), &["hẹn lúc 07:00"]),
    // 55. Mon 02/03 12:00 + 4 = Fri 06/03 12:00, midday break → 13:30.
    c("2026-03-02 12:00", "days:4", STD, Some("2026-03-06 13:30"), &["hẹn lúc 13:30"]),
    // 56. Mon 02/03 + 5 = Sat 07/03 → Mon 09/03 10:00.
    c("2026-03-02 10:00", "days:5", STD, Some("2026-03-09 10:00"), &["ngày thứ 5 (07/03) rơi vào ngày nghỉ: Thứ Bảy"]),
    // 57. Received on a holiday (Thu 01/01/2026): + 1 = Fri 02/01 (swapped) → Mon 05/01 10:00.
    c("2026-01-01 10:00", "days:1", STD, Some("2026-01-05 10:00"), &["Nghỉ Tết Dương lịch (hoán đổi"]),
    // 58. Fri 09/01/2026 + 1 = Sat 10/01, a working Saturday → due that day.
    c("2026-01-09 10:00", "days:1", STD, Some("2026-01-10 10:00"), &[]),
    // 59. Mon 02/03/2026 + 30 = Wed 01/04/2026.
    c("2026-03-02 10:00", "days:30", STD, Some("2026-04-01 10:00"), &[]),

    // ---- working hours (8 h = 1 working day) ----
    // 60. Mon 02/03 07:00 + 8 h = 4.5 h + 3.5 h → 17:00 the same day.
    c("2026-03-02 07:00", "hours:8", STD, Some("2026-03-02 17:00"), &["8 giờ làm việc"]),
    // 61. 09:00 + 4 h: 2.5 h to 11:30, 1.5 h from 13:30 → 15:00.
    c("2026-03-02 09:00", "hours:4", STD, Some("2026-03-02 15:00"), &[]),
    // 62. 09:00 + 2 h → 11:00.
    c("2026-03-02 09:00", "hours:2", STD, Some("2026-03-02 11:00"), &[]),
    // 63. 10:00 + 16 h: 5 h Mon (1.5 + 3.5), 8 h Tue, 3 h Wed from 07:00 → Wed 04/03 10:00.
    c("2026-03-02 10:00", "hours:16", STD, Some("2026-03-04 10:00"), &[]),
    // 63b. 09:30 + 2 h ends exactly at the end of the morning session → 11:30 (not 13:30).
    c("2026-03-02 09:30", "hours:2", STD, Some("2026-03-02 11:30"), &[]),
    // 64. Fri 06/03 16:00 + 2 h: 1 h Fri, 1 h Mon → Mon 09/03 08:00.
    c("2026-03-06 16:00", "hours:2", STD, Some("2026-03-09 08:00"), &["2 ngày cuối tuần"]),
    // 65. Lunch 12:00 + 3 h → from 13:30 → 16:30.
    c("2026-03-02 12:00", "hours:3", STD, Some("2026-03-02 16:30"), &["nhận trong giờ nghỉ trưa, tính từ 13:30 ngày 02/03"]),
    // 66. domain.md's instant + 8 h: Fri 27/10/2023 09:32: 1:58 + 3:30 = 5:28 Fri; 2:32 Mon → Mon 30/10 09:32 (= 1 working day).
    c("2023-10-27 09:32", "hours:8", STD, Some("2023-10-30 09:32"), &[]),
    // 67. Working Saturday 10/01/2026 15:00 + 4 h: 2 h Sat, 2 h Mon 12/01 → 09:00.
    c("2026-01-10 15:00", "hours:4", STD, Some("2026-01-12 09:00"), &[]),
    // 68. Thu 08/01/2026 16:00 + 8 h: 1 h Thu, 7 h Fri 09/01 (4.5 + 2.5) → Fri 16:00.
    c("2026-01-08 16:00", "hours:8", STD, Some("2026-01-09 16:00"), &[]),
    // 69. Sunday 01/03 + 8 h → from Mon 07:00 → Mon 02/03 17:00.
    c("2026-03-01 10:00", "hours:8", STD, Some("2026-03-02 17:00"), &["nhận vào ngày nghỉ"]),
    // 70. Saturday reception does not count working hours: Sat 07/03 09:00 + 1 h → Mon 09/03 08:00.
    c("2026-03-07 09:00", "hours:1", SAT, Some("2026-03-09 08:00"), &["buổi tiếp nhận"]),

    // ---- same day (trong ngày), cut-off 15:00 ----
    // 71. 14:59 < 15:00 → due at closing 17:00 the same day.
    c("2026-03-02 14:59", "same-day:cutoff=15:00", STD, Some("2026-03-02 17:00"), &["Trong ngày; nhận sau 15:00 thì trả vào ngày làm việc tiếp theo; hẹn trả 17:00 ngày 02/03"]),
    // 72. Exactly 15:00 → next working day's closing.
    c("2026-03-02 15:00", "same-day:cutoff=15:00", STD, Some("2026-03-03 17:00"), &["Trong ngày; nhận sau 15:00 thì trả vào ngày làm việc tiếp theo; nhận lúc 15:00; hẹn trả 17:00 ngày 03/03"]),
    // 73. 16:30 → Tue 03/03 17:00.
    c("2026-03-02 16:30", "same-day:cutoff=15:00", STD, Some("2026-03-03 17:00"), &[]),
    // 74. 18:00 (after closing) → counted from Tue 07:00, before the cut-off → Tue 17:00.
    c("2026-03-02 18:00", "same-day:cutoff=15:00", STD, Some("2026-03-03 17:00"), &["nhận sau giờ làm việc"]),
    // 75. Fri 06/03 15:30 → Mon 09/03 17:00.
    c("2026-03-06 15:30", "same-day:cutoff=15:00", STD, Some("2026-03-09 17:00"), &[]),
    // 76. Lunch 12:00 is before the cut-off → 17:00 the same day.
    c("2026-03-02 12:00", "same-day:cutoff=15:00", STD, Some("2026-03-02 17:00"), &[]),
    // 77. No cut-off, 16:59 → 17:00 the same day.
    c("2026-03-02 16:59", "same-day", STD, Some("2026-03-02 17:00"), &["Trong ngày"]),
    // 78. No cut-off, 17:30 → next working day 17:00.
    c("2026-03-02 17:30", "same-day", STD, Some("2026-03-03 17:00"), &[]),
    // 79. Saturday-morning unit, Sat 07/03 09:00 → end of the Saturday session 11:30.
    c("2026-03-07 09:00", "same-day:cutoff=15:00", SAT, Some("2026-03-07 11:30"), &["hẹn trả 11:30 ngày 07/03"]),
    // 80. Saturday-morning unit, Sat 07/03 12:00 (session over) → Mon 09/03 17:00.
    c("2026-03-07 12:00", "same-day:cutoff=15:00", SAT, Some("2026-03-09 17:00"), &[]),
    // 81. Default unit, Sat 07/03 09:00 → Mon 09/03 17:00.
    c("2026-03-07 09:00", "same-day:cutoff=15:00", STD, Some("2026-03-09 17:00"), &[]),
    // 82. Saturday-morning unit, Fri 06/03 15:30 (after cut-off) → the Saturday session, 11:30.
    c("2026-03-06 15:30", "same-day:cutoff=15:00", SAT, Some("2026-03-07 11:30"), &[]),
    // 83. Saturday-morning unit, Sat 02/05/2026 is inside the 30/4-3/5 break: closed → Mon 04/05 17:00.
    c("2026-05-02 09:00", "same-day", SAT, Some("2026-05-04 17:00"), &[]),

    // ---- no appointment ----
    // 84. "none": no due time.
    c("2026-03-02 10:00", "none", STD, None, &["Không hẹn ngày trả"]),
];

#[test]
fn due_table() {
    let cal = HolidayCalendar::builtin();
    let mut failures = Vec::new();
    for (i, case) in CASES.iter().enumerate() {
        let spec: DurationSpec = case.rule.parse().unwrap();
        let due = compute_due(t(case.received), &spec, &hours(case.saturday), &cal).unwrap();
        let got = local(&due);
        if got.as_deref() != case.due {
            failures.push(format!(
                "#{} {} {}: expected {:?}, got {got:?} ({})",
                i + 1,
                case.received,
                case.rule,
                case.due,
                due.explanation_vi
            ));
        }
        for fragment in case.says {
            if !due.explanation_vi.contains(fragment) {
                failures.push(format!(
                    "#{} {} {}: explanation {:?} lacks {fragment:?}",
                    i + 1,
                    case.received,
                    case.rule,
                    due.explanation_vi
                ));
            }
        }
        assert_eq!(due.rule, spec.rule());
        assert!(!due.explanation_en.is_empty());
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(CASES.len() >= 80);
}

// ---- pauses (chờ bổ sung) ----

struct PauseCase {
    received: &'static str,
    rule: &'static str,
    old_due: &'static str,
    paused: &'static str,
    resumed: &'static str,
    new_due: &'static str,
}

#[rustfmt::skip]
const PAUSES: &[PauseCase] = &[
    // P1. Hand: old Mon 02/03 09:00 + 5 → Mon 09/03 09:00. Paused Wed 04/03 09:00: 3 working
    //     days left (Wed→Thu→Fri→Mon). Resumed Mon 09/03 09:00 → + 3 days → Thu 12/03 09:00.
    PauseCase { received: "2026-03-02 09:00", rule: "working-days:5", old_due: "2026-03-09 09:00", paused: "2026-03-04 09:00", resumed: "2026-03-09 09:00", new_due: "2026-03-12 09:00" },
    // P2. Hand: paused at lunch Wed 04/03 12:00 → left: 3.5 h Wed + 8 Thu + 8 Fri + 2 Mon = 21.5 h.
    //     Resumed Thu 05/03 18:00 (after hours) → from Fri 06/03 07:00: 8 Fri, 8 Mon, then
    //     Tue 10/03: 4.5 h to 11:30 and 1 h from 13:30 → 14:30.
    PauseCase { received: "2026-03-02 09:00", rule: "working-days:5", old_due: "2026-03-09 09:00", paused: "2026-03-04 12:00", resumed: "2026-03-05 18:00", new_due: "2026-03-10 14:30" },
    // P3. Across Tết 2026: old Tue 10/02 10:00 + 5 → 11, 12, 13, 23, 24 → Tue 24/02 10:00.
    //     Paused Wed 11/02 10:00 (4 days left), resumed Mon 02/03 08:00 → Fri 06/03 08:00.
    PauseCase { received: "2026-02-10 10:00", rule: "working-days:5", old_due: "2026-02-24 10:00", paused: "2026-02-11 10:00", resumed: "2026-03-02 08:00", new_due: "2026-03-06 08:00" },
    // P4. A zero-length pause changes nothing.
    PauseCase { received: "2026-03-02 09:00", rule: "working-days:5", old_due: "2026-03-09 09:00", paused: "2026-03-04 09:00", resumed: "2026-03-04 09:00", new_due: "2026-03-09 09:00" },
    // P5. Hours: old Mon 07:00 + 8 h → 17:00. Paused 09:00 (6 h left), resumed Tue 03/03 09:00 →
    //     2.5 h to 11:30, 3.5 h from 13:30 → Tue 17:00.
    PauseCase { received: "2026-03-02 07:00", rule: "hours:8", old_due: "2026-03-02 17:00", paused: "2026-03-02 09:00", resumed: "2026-03-03 09:00", new_due: "2026-03-03 17:00" },
    // P6. Calendar days: old Mon 02/03 + 10 → Thu 12/03 10:00. Paused Wed 04/03 10:00 (8 days
    //     left), resumed Fri 06/03 10:00 → Sat 14/03 → Mon 16/03 10:00.
    PauseCase { received: "2026-03-02 10:00", rule: "days:10", old_due: "2026-03-12 10:00", paused: "2026-03-04 10:00", resumed: "2026-03-06 10:00", new_due: "2026-03-16 10:00" },
    // P7. Same day: re-applied at the resumption, Tue 03/03 16:00 is after the 15:00 cut-off →
    //     Wed 04/03 17:00.
    PauseCase { received: "2026-03-02 10:00", rule: "same-day:cutoff=15:00", old_due: "2026-03-02 17:00", paused: "2026-03-02 11:00", resumed: "2026-03-03 16:00", new_due: "2026-03-04 17:00" },
    // P8. Paused after the due time: nothing left → due at the resumption, Wed 11/03 10:00.
    PauseCase { received: "2026-03-02 09:00", rule: "working-days:5", old_due: "2026-03-09 09:00", paused: "2026-03-10 09:00", resumed: "2026-03-11 10:00", new_due: "2026-03-11 10:00" },
    // P9. Old due at an opening time (after-hours receipt Fri 27/02 18:30 + 3 → Thu 05/03 07:00);
    //     a zero pause at Mon 02/03 07:00 keeps 07:00 Thu (not 17:00 Wed, the same working instant).
    PauseCase { received: "2026-02-27 18:30", rule: "working-days:3", old_due: "2026-03-05 07:00", paused: "2026-03-02 07:00", resumed: "2026-03-02 07:00", new_due: "2026-03-05 07:00" },
    // P10. Pause over the working Saturday: old Thu 08/01/2026 10:00 + 3 → Fri 09, Sat 10 (làm
    //      bù), Mon 12 → Mon 12/01 10:00. Paused Fri 09/01 10:00 (2 days left: Sat, Mon),
    //      resumed Tue 13/01 10:00 → Wed 14, Thu 15 → Thu 15/01 10:00.
    PauseCase { received: "2026-01-08 10:00", rule: "working-days:3", old_due: "2026-01-12 10:00", paused: "2026-01-09 10:00", resumed: "2026-01-13 10:00", new_due: "2026-01-15 10:00" },
];

#[test]
fn pause_table() {
    let cal = HolidayCalendar::builtin();
    let h = WorkingHours::default();
    for (i, p) in PAUSES.iter().enumerate() {
        let spec: DurationSpec = p.rule.parse().unwrap();
        let old = compute_due(t(p.received), &spec, &h, &cal).unwrap();
        assert_eq!(local(&old).as_deref(), Some(p.old_due), "P{} old", i + 1);
        let new = resume_after_pause(&old, t(p.paused), t(p.resumed), &h, &cal).unwrap();
        assert_eq!(
            local(&new).as_deref(),
            Some(p.new_due),
            "P{}: {}",
            i + 1,
            new.explanation_vi
        );
        assert!(
            new.explanation_vi.contains("tạm dừng chờ bổ sung"),
            "P{}",
            i + 1
        );
        assert!(new.explanation_vi.contains("hẹn cũ"), "P{}", i + 1);
        assert_eq!(new.rule, old.rule);
    }
}

#[test]
fn pause_explanation_and_second_pause() {
    let cal = HolidayCalendar::builtin();
    let h = WorkingHours::default();
    let old = compute_due(
        t("2026-03-02 09:00"),
        &DurationSpec::working_days(5),
        &h,
        &cal,
    )
    .unwrap();
    let first =
        resume_after_pause(&old, t("2026-03-04 09:00"), t("2026-03-09 09:00"), &h, &cal).unwrap();
    assert_eq!(
        first.explanation_vi,
        "5 ngày làm việc; tạm dừng chờ bổ sung từ 09:00 04/03/2026 đến 09:00 09/03/2026; \
         còn lại 3 ngày làm việc, tính lại từ 09:00 thứ Hai 09/03/2026; \
         hẹn cũ 09:00 thứ Hai 09/03/2026"
    );
    assert!(
        first
            .explanation_en
            .contains("previous appointment 09:00 Mon 09/03/2026")
    );
    // A second pause Tue 10/03 09:00 → Wed 11/03 09:00 with 2 days left → Fri 13/03 09:00.
    let second = resume_after_pause(
        &first,
        t("2026-03-10 09:00"),
        t("2026-03-11 09:00"),
        &h,
        &cal,
    )
    .unwrap();
    assert_eq!(local(&second).as_deref(), Some("2026-03-13 09:00"));
    // Paused after the due time is said so.
    let late =
        resume_after_pause(&old, t("2026-03-10 09:00"), t("2026-03-11 10:00"), &h, &cal).unwrap();
    assert!(
        late.explanation_vi
            .contains("đã hết thời hạn trước khi tạm dừng")
    );
}

#[test]
fn pause_errors_and_none() {
    let cal = HolidayCalendar::builtin();
    let h = WorkingHours::default();
    let old = compute_due(
        t("2026-03-02 09:00"),
        &DurationSpec::working_days(5),
        &h,
        &cal,
    )
    .unwrap();
    let err = resume_after_pause(&old, t("2026-03-05 09:00"), t("2026-03-04 09:00"), &h, &cal);
    assert!(matches!(err, Err(CalendarError::InvalidPause(_))));
    let mut broken = old.clone();
    broken.rule = "fortnights:2".into();
    let err = resume_after_pause(
        &broken,
        t("2026-03-04 09:00"),
        t("2026-03-05 09:00"),
        &h,
        &cal,
    );
    assert!(matches!(err, Err(CalendarError::InvalidPause(_))));
    let mut no_due = old.clone();
    no_due.due_at = None;
    assert!(
        resume_after_pause(
            &no_due,
            t("2026-03-04 09:00"),
            t("2026-03-05 09:00"),
            &h,
            &cal
        )
        .is_err()
    );
    let none = compute_due(t("2026-03-02 09:00"), &DurationSpec::none(), &h, &cal).unwrap();
    let still = resume_after_pause(
        &none,
        t("2026-03-04 09:00"),
        t("2026-03-05 09:00"),
        &h,
        &cal,
    )
    .unwrap();
    assert_eq!(still.due_at, None);
    assert!(
        still
            .explanation_vi
            .starts_with("Không hẹn ngày trả; tạm dừng chờ bổ sung")
    );
}

// ---- errors and formats ----

#[test]
fn invalid_inputs_are_errors_not_panics() {
    let cal = HolidayCalendar::builtin();
    let h = WorkingHours::default();
    let r = t("2026-03-02 09:00");
    assert!(matches!(
        compute_due(r, &DurationSpec::working_days(0), &h, &cal),
        Err(CalendarError::InvalidDuration(_))
    ));
    assert!(compute_due(r, &DurationSpec::days(100_000), &h, &cal).is_err());
    assert!(matches!(
        compute_due(
            t("2200-03-02 09:00"),
            &DurationSpec::working_days(1),
            &h,
            &cal
        ),
        Err(CalendarError::DateOutOfRange { .. })
    ));
    // Running off the end of the supported range is an error too.
    assert!(
        compute_due(
            t("2199-12-30 09:00"),
            &DurationSpec::working_days(5),
            &h,
            &cal
        )
        .is_err()
    );
    let bad_hours = WorkingHours {
        sessions: vec![],
        saturday_sessions: vec![],
    };
    assert!(matches!(
        compute_due(r, &DurationSpec::working_days(1), &bad_hours, &cal),
        Err(CalendarError::InvalidWorkingHours(_))
    ));
    // A table with every day off gives an error, not an endless loop.
    let mut all_off = motcua_calendar::official_2026();
    all_off.entries.clear();
    let mut day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    while day.format("%Y").to_string() == "2026" {
        if !matches!(day.format("%a").to_string().as_str(), "Sat" | "Sun") {
            all_off.entries.push(motcua_calendar::HolidayEntry::new(
                day,
                motcua_calendar::DayKind::PublicHoliday,
                "Nghỉ",
                "test",
                motcua_calendar::HolidayStatus::Official,
            ));
        }
        day = day.succ_opt().unwrap();
    }
    let closed = HolidayCalendar::builtin().with_schedule(all_off);
    assert!(compute_due(r, &DurationSpec::working_days(1), &h, &closed).is_ok()); // reaches 2027
    let mut closed2 = closed.clone();
    for year in 2027..=2028 {
        let mut s = motcua_calendar::computed_schedule(year);
        s.entries.clear();
        let mut day = chrono::NaiveDate::from_ymd_opt(year, 1, 1).unwrap();
        while day.format("%Y").to_string() == year.to_string() {
            if !matches!(day.format("%a").to_string().as_str(), "Sat" | "Sun") {
                s.entries.push(motcua_calendar::HolidayEntry::new(
                    day,
                    motcua_calendar::DayKind::PublicHoliday,
                    "Nghỉ",
                    "test",
                    motcua_calendar::HolidayStatus::Official,
                ));
            }
            day = day.succ_opt().unwrap();
        }
        closed2 = closed2.with_schedule(s);
    }
    assert!(matches!(
        compute_due(r, &DurationSpec::working_days(1), &h, &closed2),
        Err(CalendarError::NoWorkingTime { .. })
    ));
}

#[test]
fn rule_strings_and_units() {
    use motcua_calendar::DurationUnit;
    for rule in [
        "working-days:5",
        "days:30",
        "hours:8",
        "same-day",
        "same-day:cutoff=15:00",
        "none",
    ] {
        let spec: DurationSpec = rule.parse().unwrap();
        assert_eq!(spec.rule(), rule);
        assert_eq!(spec.to_string(), rule);
    }
    for bad in [
        "working-days",
        "working-days:x",
        "weeks:2",
        "none:3",
        "same-day:15:00",
        "hours:0",
    ] {
        assert!(bad.parse::<DurationSpec>().is_err(), "{bad}");
    }
    assert_eq!(
        "working-days".parse::<DurationUnit>().unwrap(),
        DurationUnit::WorkingDays
    );
    assert_eq!(
        "none".parse::<DurationUnit>().unwrap(),
        DurationUnit::NoAppointment
    );
    assert_eq!(
        serde_json::to_string(&DurationUnit::SameDay).unwrap(),
        "\"same-day\""
    );
    assert_eq!(
        serde_json::to_string(&DurationUnit::NoAppointment).unwrap(),
        "\"none\""
    );
    let spec: DurationSpec = serde_json::from_str(r#"{"amount":5,"unit":"working-days"}"#).unwrap();
    assert_eq!(spec, DurationSpec::working_days(5));
    let due = compute_due(
        t("2026-03-02 09:00"),
        &spec,
        &WorkingHours::default(),
        &HolidayCalendar::builtin(),
    )
    .unwrap();
    let json = serde_json::to_string(&due).unwrap();
    let back: Due = serde_json::from_str(&json).unwrap();
    assert_eq!(back, due);
}

#[test]
fn skipped_days_are_listed_with_reasons() {
    let cal = HolidayCalendar::builtin();
    let due = compute_due(
        t("2026-02-13 09:00"),
        &DurationSpec::working_days(5),
        &WorkingHours::default(),
        &cal,
    )
    .unwrap();
    assert_eq!(due.skipped.len(), 9);
    assert_eq!(
        due.skipped[0].1,
        "Thứ Bảy (nghỉ hằng tuần, trong đợt nghỉ Tết Nguyên đán Bính Ngọ)"
    );
    assert_eq!(due.skipped[3].1, "Tết Nguyên đán Bính Ngọ");
    assert_eq!(
        due.explanation_en,
        "5 working days; skipping 14/02-22/02 (Tết Nguyên đán Bính Ngọ)"
    );
}

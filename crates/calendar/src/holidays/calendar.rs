//! [`HolidayCalendar`]: which days are days off, for any year, fast.
//!
//! Per year it uses the schedule given with [`HolidayCalendar::with_schedule`] (an imported
//! official table) or else the computed default ([`super::computed_schedule`]), computed the
//! first time the year is asked for and cached (one `OnceLock` per year 1900..=2199), so a
//! lookup is an array index. Clones share the cache.

use super::computed::computed_schedule;
use super::official::official_2026;
use super::types::{DayKind, HolidayEntry, HolidayStatus, YearSchedule};
use crate::error::CalendarError;
use crate::lunar::{FIRST_YEAR, LAST_YEAR};
use crate::vntime::{is_weekend, weekday_vi};
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;
use std::sync::{Arc, OnceLock};

/// How far (days) a weekend day looks for a holiday of the same break.
const BREAK_REACH: u32 = 10;
/// Suffix of the day next to 2/9 in computed tables.
const ADJACENT_SUFFIX: &str = " (ngày liền kề)";

/// A schedule indexed by day of the year.
#[derive(Debug)]
struct YearIndex {
    schedule: YearSchedule,
    /// `slot[ordinal0]` = index + 1 of the entry for that day, 0 when none.
    slot: Vec<u16>,
}

impl YearIndex {
    fn new(schedule: YearSchedule) -> Self {
        let mut slot = vec![0u16; 366];
        for (i, e) in schedule.entries.iter().enumerate() {
            if e.date.year() != schedule.year {
                continue;
            }
            if let (Some(s), Ok(v)) = (
                slot.get_mut(e.date.ordinal0() as usize),
                u16::try_from(i + 1),
            ) {
                *s = v;
            }
        }
        YearIndex { schedule, slot }
    }

    fn entry(&self, d: NaiveDate) -> Option<&HolidayEntry> {
        let i = *self.slot.get(d.ordinal0() as usize)?;
        self.schedule.entries.get(usize::from(i).checked_sub(1)?)
    }
}

/// Days off for any date: imported or official schedules per year, computed defaults otherwise.
/// Cheap to clone; `Send + Sync`.
#[derive(Debug, Clone)]
pub struct HolidayCalendar {
    overrides: BTreeMap<i32, Arc<YearIndex>>,
    computed: Arc<[OnceLock<YearIndex>]>,
}

impl Default for HolidayCalendar {
    fn default() -> Self {
        Self::builtin()
    }
}

impl HolidayCalendar {
    /// Computed defaults for every year, with no official table.
    pub fn computed_only() -> Self {
        let n = (LAST_YEAR - FIRST_YEAR + 1) as usize;
        HolidayCalendar {
            overrides: BTreeMap::new(),
            computed: (0..n).map(|_| OnceLock::new()).collect(),
        }
    }

    /// The built-in calendar: [`official_2026`] and computed defaults for every other year.
    pub fn builtin() -> Self {
        Self::computed_only().with_schedule(official_2026())
    }

    /// Uses `s` for year `s.year` instead of what was there (official overrides computed; a later
    /// call overrides an earlier one). `s` is trusted: validate imported data first
    /// ([`YearSchedule::from_json`] does) or use [`HolidayCalendar::try_with_schedule`].
    pub fn with_schedule(mut self, s: YearSchedule) -> Self {
        self.overrides.insert(s.year, Arc::new(YearIndex::new(s)));
        self
    }

    /// [`HolidayCalendar::with_schedule`] after [`YearSchedule::validate`].
    pub fn try_with_schedule(self, s: YearSchedule) -> Result<Self, CalendarError> {
        s.validate()?;
        Ok(self.with_schedule(s))
    }

    fn index(&self, year: i32) -> Option<&YearIndex> {
        if let Some(ix) = self.overrides.get(&year) {
            return Some(ix);
        }
        let i = usize::try_from(year.checked_sub(FIRST_YEAR)?).ok()?;
        let cell = self.computed.get(i)?;
        Some(cell.get_or_init(|| YearIndex::new(computed_schedule(year))))
    }

    /// The schedule used for `year` (`None` outside 1900..=2199 unless one was given).
    pub fn schedule(&self, year: i32) -> Option<&YearSchedule> {
        self.index(year).map(|ix| &ix.schedule)
    }

    /// Whether the schedule of `year` is official or computed.
    pub fn year_status(&self, year: i32) -> Option<HolidayStatus> {
        self.schedule(year).map(|s| s.status)
    }

    /// The entry for a date, if the date is special.
    pub fn entry(&self, d: NaiveDate) -> Option<&HolidayEntry> {
        self.index(d.year())?.entry(d)
    }

    /// The kind of a special date.
    pub fn kind(&self, d: NaiveDate) -> Option<DayKind> {
        self.entry(d).map(|e| e.kind)
    }

    /// A day off: Saturday or Sunday unless a working-day entry (làm bù) says otherwise, or any
    /// holiday, compensatory or swapped day off.
    pub fn is_day_off(&self, d: NaiveDate) -> bool {
        match self.kind(d) {
            Some(kind) => kind.is_day_off(),
            None => is_weekend(d),
        }
    }

    /// The opposite of [`HolidayCalendar::is_day_off`].
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        !self.is_day_off(d)
    }

    /// Why a day is special, in Vietnamese: the entry's name ("Tết Nguyên đán Bính Ngọ",
    /// "Làm bù cho thứ Sáu 02/01/2026"), a weekend day inside a holiday break
    /// ("Thứ Bảy (nghỉ hằng tuần, trong đợt nghỉ Tết Dương lịch)"), "Thứ Bảy" or "Chủ nhật";
    /// `None` for an ordinary working day.
    ///
    /// A weekend day is never labelled as the holiday itself: it is the weekly rest day
    /// (Bộ luật Lao động 2019, Điều 111), which is why a holiday falling on it gives a
    /// compensatory day (Điều 111 khoản 3).
    pub fn reason(&self, d: NaiveDate) -> Option<String> {
        if let Some(e) = self.entry(d) {
            return Some(e.name.clone());
        }
        if !is_weekend(d) {
            return None;
        }
        Some(weekend_label(d, self.break_holiday(d)))
    }

    /// For a day off without an entry (a weekend day), the holiday whose break it belongs to:
    /// walking through consecutive days off (back, then forward, at most 10 days), the nearest
    /// public holiday, else the nearest entry of any kind; " (ngày liền kề)" is dropped
    /// ("Quốc khánh 2/9"). `None` for a plain weekend.
    pub fn break_holiday(&self, d: NaiveDate) -> Option<&str> {
        let walk = |forward: bool, public_only: bool| {
            let mut day = d;
            for _ in 0..BREAK_REACH {
                day = if forward {
                    day.succ_opt()?
                } else {
                    day.pred_opt()?
                };
                if !self.is_day_off(day) {
                    return None;
                }
                match self.entry(day) {
                    Some(e) if !public_only || e.kind == DayKind::PublicHoliday => {
                        return Some(e.name.as_str());
                    }
                    _ => {}
                }
            }
            None
        };
        walk(false, true)
            .or_else(|| walk(true, true))
            .or_else(|| walk(false, false))
            .or_else(|| walk(true, false))
            .map(|name| name.trim_end_matches(ADJACENT_SUFFIX))
    }

    /// The days to list for a year (`motcua calendar holidays 2026`): every entry, including
    /// working Saturdays (kind `WorkingDay`), plus the weekend days inside a holiday break
    /// (kind `None`), sorted by date. Plain weekends are left out.
    pub fn year_days_off(&self, year: i32) -> Vec<(NaiveDate, String, Option<DayKind>)> {
        let mut out: Vec<(NaiveDate, String, Option<DayKind>)> = Vec::new();
        if let Some(s) = self.schedule(year) {
            out.extend(
                s.entries
                    .iter()
                    .filter(|e| e.date.year() == year)
                    .map(|e| (e.date, e.name.clone(), Some(e.kind))),
            );
        }
        let mut day = NaiveDate::from_ymd_opt(year, 1, 1);
        while let Some(d) = day.filter(|d| d.year() == year) {
            let plain_weekend = is_weekend(d) && self.entry(d).is_none() && self.is_day_off(d);
            if let Some(name) = plain_weekend.then(|| self.break_holiday(d)).flatten() {
                out.push((d, weekend_label(d, Some(name)), None));
            }
            day = d.succ_opt();
        }
        out.sort_by_key(|x| x.0);
        out
    }
}

/// A weekend day's label: "Thứ Bảy", or inside a break "Thứ Bảy (nghỉ hằng tuần, trong đợt
/// nghỉ Tết Dương lịch)".
fn weekend_label(d: NaiveDate, break_name: Option<&str>) -> String {
    match break_name {
        Some(name) => format!("{} (nghỉ hằng tuần, trong đợt nghỉ {name})", weekday_vi(d)),
        None => weekday_vi(d).to_string(),
    }
}

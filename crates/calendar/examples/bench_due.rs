//! Micro benchmark: 100,000 `compute_due` calls with mixed units on the builtin calendar.
//!
//! `cargo run --release -p motcua-calendar --example bench_due`

use chrono::{DateTime, Duration, NaiveTime, Utc};
use motcua_calendar::{DurationSpec, HolidayCalendar, WorkingHours, compute_due};
use std::hint::black_box;
use std::time::Instant;

const CALLS: u32 = 100_000;

fn main() {
    let cal = HolidayCalendar::builtin();
    let hours = WorkingHours::default();
    let cutoff = NaiveTime::from_hms_opt(15, 0, 0);
    let specs = [
        DurationSpec::working_days(5),
        DurationSpec::working_days(15),
        DurationSpec::days(30),
        DurationSpec::hours(8),
        DurationSpec::same_day(cutoff),
        DurationSpec::working_days(3),
        DurationSpec::none(),
    ];
    // Receipts spread over 2024-2030 (every 37 min 13 s), so many years and holidays are hit.
    let base = DateTime::<Utc>::from_timestamp(1_704_067_200, 0).unwrap_or_default();
    let step = Duration::seconds(2233);

    let start = Instant::now();
    let mut errors = 0u32;
    let mut received = base;
    for i in 0..CALLS {
        let spec = &specs[i as usize % specs.len()];
        match compute_due(black_box(received), spec, &hours, &cal) {
            Ok(due) => {
                black_box(due);
            }
            Err(_) => errors += 1,
        }
        received += step;
    }
    let elapsed = start.elapsed();
    let total_ms = elapsed.as_secs_f64() * 1000.0;
    let each_us = elapsed.as_secs_f64() * 1e6 / f64::from(CALLS);
    println!(
        "{CALLS} due computations: {total_ms:.1} ms total, {each_us:.2} µs each ({errors} errors)"
    );
}

//! Appointment (ngày hẹn trả) computation: durations, [`compute_due`] and
//! [`resume_after_pause`].

mod compute;
mod explain;
mod pause;
mod spec;
mod timeline;

pub use compute::compute_due;
pub use pause::resume_after_pause;
pub use spec::{Due, DurationSpec, DurationUnit, MAX_DAYS, MAX_HOURS, MAX_WORKING_DAYS};

//! Helpers for driving the desk app through WebDriver (see tests/).

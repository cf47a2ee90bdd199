//! `motcua calendar ...` as documented: lunar conversions, a year's days off, due times with and
//! without a desk database, and importing an official schedule that overrides the computed one.

use std::process::{Command, Output};

fn motcua(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_motcua"))
        .args(args)
        .env_remove("MOTCUA_DB")
        .env_remove("MOTCUA_LANG")
        // The demo desk's administrator (hours set needs one).
        .env("MOTCUA_USER", "admin")
        .env("MOTCUA_PASSWORD", "mat-khau-thu-nghiem")
        .output()
        .expect("run motcua")
}

fn stdout(o: &Output) -> String {
    assert!(
        o.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&o.stderr)
    );
    String::from_utf8_lossy(&o.stdout).to_string()
}

#[test]
fn lunar_conversions_both_ways() {
    // Tết Bính Ngọ is 17/2/2026; Tết 2007 in Vietnam is 17/2 (China: 18/2); Tết 1985 is 21/1 (China: 20/2).
    assert_eq!(
        stdout(&motcua(&["calendar", "to-lunar", "2026-02-17"])).trim(),
        "1/1/2026"
    );
    assert_eq!(
        stdout(&motcua(&["calendar", "to-solar", "1", "1", "2007"])).trim(),
        "2007-02-17"
    );
    assert_eq!(
        stdout(&motcua(&["calendar", "to-solar", "1", "1", "1985"])).trim(),
        "1985-01-21"
    );
    // 2023 had a leap 2nd month: 1/2 nhuận = 22/3/2023.
    assert_eq!(
        stdout(&motcua(&["calendar", "to-lunar", "2023-03-22"])).trim(),
        "1/2/2023 nhuận"
    );
    assert_eq!(
        stdout(&motcua(&[
            "calendar", "to-solar", "1", "2", "2023", "--leap"
        ]))
        .trim(),
        "2023-03-22"
    );
    let o = motcua(&["calendar", "to-lunar", "2026-02-30"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("không hợp lệ"));
}

#[test]
fn due_prints_the_vietnam_time_then_the_explanation() {
    let out = stdout(&motcua(&[
        "calendar",
        "due",
        "--received",
        "2026-02-12T09:00:00+07:00",
        "--duration",
        "5",
        "--unit",
        "working-days",
    ]));
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("2026-02-26T09:00:00+07:00"));
    assert!(lines.next().unwrap_or("").contains("Tết"), "{out}");
    // Same day with a 15:00 cut-off, received at 15:30 on Friday 6/3/2026 → Monday 9/3 closing time.
    let out = stdout(&motcua(&[
        "calendar",
        "due",
        "--received",
        "2026-03-06T15:30:00+07:00",
        "--unit",
        "same-day",
        "--cutoff",
        "15:00",
    ]));
    assert_eq!(out.lines().next(), Some("2026-03-09T17:00:00+07:00"));
    let json = stdout(&motcua(&[
        "calendar",
        "due",
        "--received",
        "2026-03-06T09:00:00+07:00",
        "--unit",
        "none",
        "--json",
    ]));
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(v["due_at"].is_null());
    let o = motcua(&[
        "calendar",
        "due",
        "--received",
        "2026-03-06T09:00:00+07:00",
        "--unit",
        "weeks",
    ]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn holidays_of_2026_list_tet_and_the_working_saturday() {
    let json = stdout(&motcua(&["calendar", "holidays", "2026", "--json"]));
    let days: Vec<serde_json::Value> = serde_json::from_str(&json).unwrap();
    let find = |d: &str| days.iter().find(|x| x["date"] == d).cloned();
    assert!(find("2026-02-17").is_some_and(|x| x["reason"].as_str().unwrap_or("").contains("Tết")));
    assert_eq!(
        find("2026-01-10").map(|x| x["kind"].clone()),
        Some(serde_json::json!("working-day"))
    );
    assert_eq!(
        find("2026-04-27").map(|x| x["kind"].clone()),
        Some(serde_json::json!("compensatory"))
    );
}

#[test]
fn an_imported_schedule_overrides_the_computed_year() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.sqlite");
    let db = db.to_str().unwrap();
    // Export 2027 (computed), add a made-up official day off on Wed 3/3/2027, import it back.
    let file = dir.path().join("2027.json");
    stdout(&motcua(&[
        "--db",
        db,
        "calendar",
        "export",
        "2027",
        "-o",
        file.to_str().unwrap(),
    ]));
    let mut v: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&file).unwrap()).unwrap();
    v["status"] = "official".into();
    v["source"] = "Thông báo thử nghiệm".into();
    v["entries"]
        .as_array_mut()
        .unwrap()
        .push(serde_json::json!({
            "date": "2027-03-03", "kind": "public-holiday", "name": "Ngày nghỉ thử nghiệm",
            "source": "Thông báo thử nghiệm", "scope": "civil-service", "status": "official"
        }));
    std::fs::write(&file, v.to_string()).unwrap();
    stdout(&motcua(&[
        "--db",
        db,
        "calendar",
        "import",
        file.to_str().unwrap(),
    ]));
    // Tue 2/3/2027 09:00 + 1 working day skips Wed 3/3 → Thu 4/3 09:00 with the desk's table...
    let out = stdout(&motcua(&[
        "--db",
        db,
        "calendar",
        "due",
        "--received",
        "2027-03-02T09:00:00+07:00",
        "--duration",
        "1",
        "--unit",
        "working-days",
    ]));
    assert_eq!(
        out.lines().next(),
        Some("2027-03-04T09:00:00+07:00"),
        "{out}"
    );
    // ...and Wed 3/3 09:00 with the built-in one.
    let out = stdout(&motcua(&[
        "calendar",
        "due",
        "--received",
        "2027-03-02T09:00:00+07:00",
        "--duration",
        "1",
        "--unit",
        "working-days",
    ]));
    assert_eq!(out.lines().next(), Some("2027-03-03T09:00:00+07:00"));
    // A broken file is refused with a message.
    std::fs::write(&file, "{\"format\": \"nope\"}").unwrap();
    let o = motcua(&["--db", db, "calendar", "import", file.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn the_units_working_hours_drive_due_times() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.sqlite");
    let db = db.to_str().unwrap();
    stdout(&motcua(&["--db", db, "init", "--demo"]));
    // Default hours: received at 12:00 (lunch) counts from 13:30.
    let out = stdout(&motcua(&[
        "--db",
        db,
        "calendar",
        "due",
        "--received",
        "2026-03-04T12:00:00+07:00",
        "--duration",
        "1",
        "--unit",
        "working-days",
    ]));
    assert_eq!(
        out.lines().next(),
        Some("2026-03-05T13:30:00+07:00"),
        "{out}"
    );
    // A unit open 07:30-12:00 and 13:00-16:30: 12:00 is lunch until 13:00.
    stdout(&motcua(&[
        "--db",
        db,
        "hours",
        "set",
        "--sessions",
        "07:30-12:00,13:00-16:30",
        "--saturday",
        "07:30-11:30",
    ]));
    let out = stdout(&motcua(&[
        "--db",
        db,
        "calendar",
        "due",
        "--received",
        "2026-03-04T12:00:00+07:00",
        "--duration",
        "1",
        "--unit",
        "working-days",
    ]));
    assert_eq!(
        out.lines().next(),
        Some("2026-03-05T13:00:00+07:00"),
        "{out}"
    );
    let o = motcua(&["--db", db, "hours", "set", "--sessions", "7h-11h"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("Giờ làm việc"));
}

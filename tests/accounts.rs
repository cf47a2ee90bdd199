//! Tài khoản: roles checked by the core (not only the UI), argon2id hashes, lockout after 5
//! failures, disabled accounts, own password change, and the first password of a desk set up
//! before accounts existed.

mod common;

use chrono::{Duration, Utc};
use common::{PASSWORD, TEST_CATALOGUE, demo_desk, intake_input};
use motcua::accounts::{self, NewAccount, Role};
use motcua::calendar::WorkingHours;
use motcua::{dossier::intake, reference::catalogue, reference::desk, reports, reports::ledger};

fn code<T: std::fmt::Debug>(r: motcua::Result<T>) -> &'static str {
    r.map(|v| panic!("expected an error, got {v:?}"))
        .unwrap_or_else(|e| e.code())
}

#[tokio::test]
async fn a_clerk_is_refused_supervisor_and_admin_actions_by_the_core() {
    let d = demo_desk().await;
    let now = Utc::now();
    let day = chrono::NaiveDate::from_ymd_opt(2026, 3, 4).expect("day");
    // The clerk records dossiers...
    catalogue::import(&d.db, &d.admin, TEST_CATALOGUE, now)
        .await
        .expect("admin imports");
    intake::save(&d.db, &d.session, &intake_input("9.999001", None), now)
        .await
        .expect("clerk records");
    // ...but may not see the day report, export the ledger, or change settings.
    let e = reports::day(&d.db, &d.session, day, None, now)
        .await
        .expect_err("clerk refused");
    assert_eq!(e.code(), "forbidden");
    assert!(
        e.to_string().contains("báo cáo cuối ngày") && e.to_string().contains("giám sát"),
        "the message names the action and the role: {e}"
    );
    assert_eq!(
        code(ledger::xlsx(&d.db, &d.session, day, day).await),
        "forbidden"
    );
    assert_eq!(
        code(ledger::pdf(&d.db, &d.session, day, day).await),
        "forbidden"
    );
    assert_eq!(
        code(desk::set_working_hours(&d.db, &d.session, &WorkingHours::default(), now).await),
        "forbidden"
    );
    assert_eq!(
        code(catalogue::import(&d.db, &d.session, TEST_CATALOGUE, now).await),
        "forbidden"
    );
    assert_eq!(code(accounts::list(&d.db, &d.session).await), "forbidden");
    assert_eq!(
        code(motcua::accounts::audit::verify(&d.db, &d.session).await),
        "forbidden"
    );
    // The supervisor may report and export, not manage accounts.
    reports::day(&d.db, &d.supervisor, day, None, now)
        .await
        .expect("supervisor reports");
    ledger::xlsx(&d.db, &d.supervisor, day, day)
        .await
        .expect("supervisor exports");
    let new = NewAccount {
        username: "lan".into(),
        full_name: "Phạm Thị Lan".into(),
        role: Role::Clerk,
        password: PASSWORD.into(),
    };
    assert_eq!(
        code(accounts::create(&d.db, &d.supervisor, &new, now).await),
        "forbidden"
    );
    assert_eq!(
        code(accounts::set_idle_lock_minutes(&d.db, &d.supervisor, 5, now).await),
        "forbidden"
    );
    // The administrator may do all of it.
    accounts::create(&d.db, &d.admin, &new, now)
        .await
        .expect("admin creates");
    desk::set_working_hours(&d.db, &d.admin, &WorkingHours::default(), now)
        .await
        .expect("admin sets hours");
    accounts::set_idle_lock_minutes(&d.db, &d.admin, 5, now)
        .await
        .expect("admin sets idle lock");
    assert_eq!(accounts::idle_lock_minutes(&d.db).await.expect("read"), 5);
    assert_eq!(
        code(accounts::set_idle_lock_minutes(&d.db, &d.admin, 0, now).await),
        "invalid_idle_lock"
    );
}

#[tokio::test]
async fn passwords_are_stored_as_argon2id_phc_strings_only() {
    let d = demo_desk().await;
    let rows: Vec<(String, Option<String>)> =
        sqlx::query_as("SELECT username, password_hash FROM clerk ORDER BY username")
            .fetch_all(&d.db)
            .await
            .expect("clerks");
    assert_eq!(rows.len(), 3);
    let mut hashes = Vec::new();
    for (user, hash) in rows {
        let hash = hash.expect("every demo account has a password");
        assert!(hash.starts_with("$argon2id$v=19$"), "{user}: {hash}");
        assert!(
            !hash.contains(PASSWORD),
            "{user}: the password itself is stored"
        );
        hashes.push(hash);
    }
    // Salted: the same password gives different hashes.
    hashes.dedup();
    assert_eq!(hashes.len(), 3);
    // Too short a password is refused.
    let weak = NewAccount {
        username: "ngan".into(),
        full_name: "Ngân".into(),
        role: Role::Clerk,
        password: "1234567".into(),
    };
    assert_eq!(
        code(accounts::create(&d.db, &d.admin, &weak, Utc::now()).await),
        "weak_password"
    );
}

#[tokio::test]
async fn five_failures_in_a_row_lock_the_account_for_15_minutes() {
    let d = demo_desk().await;
    let t0 = Utc::now();
    // Unknown name and wrong password look the same.
    assert_eq!(
        code(accounts::sign_in(&d.db, "khong-co", PASSWORD, t0).await),
        "bad_credentials"
    );
    for i in 1..=4 {
        assert_eq!(
            code(accounts::sign_in(&d.db, "mai", "sai-mat-khau", t0).await),
            "bad_credentials",
            "attempt {i}"
        );
    }
    let e = accounts::sign_in(&d.db, "mai", "sai-mat-khau", t0)
        .await
        .expect_err("5th failure");
    assert_eq!(e.code(), "account_locked");
    assert!(e.to_string().contains("đến"), "says until when: {e}");
    // Locked: even the right password is refused for 15 minutes.
    assert_eq!(
        code(accounts::sign_in(&d.db, "mai", PASSWORD, t0 + Duration::minutes(14)).await),
        "account_locked"
    );
    let view = accounts::list(&d.db, &d.admin)
        .await
        .expect("list")
        .into_iter()
        .find(|a| a.username == "mai")
        .expect("mai");
    assert_eq!(view.failed_attempts, 5);
    assert!(view.locked_until.is_some());
    // After the lockout the right password works and resets the count.
    let s = accounts::sign_in(&d.db, "mai", PASSWORD, t0 + Duration::minutes(16))
        .await
        .expect("signs in after the lockout");
    assert_eq!(s.full_name(), "Trần Thị Mai");
    let failed: i64 =
        sqlx::query_scalar("SELECT failed_attempts FROM clerk WHERE username = 'mai'")
            .fetch_one(&d.db)
            .await
            .expect("count");
    assert_eq!(failed, 0);
    // A success in between restarts the count: 4 failures, success, 4 failures do not lock.
    let t1 = t0 + Duration::minutes(20);
    for _ in 0..4 {
        let _ = accounts::sign_in(&d.db, "giamsat", "sai", t1).await;
    }
    accounts::sign_in(&d.db, "giamsat", PASSWORD, t1)
        .await
        .expect("success resets");
    for _ in 0..4 {
        let _ = accounts::sign_in(&d.db, "giamsat", "sai", t1).await;
    }
    accounts::sign_in(&d.db, "giamsat", PASSWORD, t1)
        .await
        .expect("still not locked");
}

#[tokio::test]
async fn an_administrator_disables_enables_and_resets() {
    let d = demo_desk().await;
    let now = Utc::now();
    let mai = accounts::find(&d.db, "mai").await.expect("mai");
    accounts::set_active(&d.db, &d.admin, &mai.clerk_id, false, now)
        .await
        .expect("disable");
    assert_eq!(
        code(accounts::sign_in(&d.db, "mai", PASSWORD, now).await),
        "account_disabled"
    );
    // Without the password, a disabled account answers like a wrong password (no hint that the
    // name exists).
    assert_eq!(
        code(accounts::sign_in(&d.db, "mai", "not-her-password", now).await),
        "bad_credentials"
    );
    assert_eq!(
        code(accounts::set_active(&d.db, &d.admin, d.admin.clerk_id(), false, now).await),
        "cannot_disable_self"
    );
    accounts::set_active(&d.db, &d.admin, &mai.clerk_id, true, now)
        .await
        .expect("enable");
    accounts::reset_password(&d.db, &d.admin, &mai.clerk_id, "mat-khau-moi-1", now)
        .await
        .expect("reset");
    assert_eq!(
        code(accounts::sign_in(&d.db, "mai", PASSWORD, now).await),
        "bad_credentials"
    );
    let s = accounts::sign_in(&d.db, "MAI ", "mat-khau-moi-1", now)
        .await
        .expect("new password; the name is case-insensitive");
    // Own password: needs the current one.
    assert_eq!(
        code(accounts::change_own_password(&d.db, &s, "sai", "mat-khau-moi-2", now).await),
        "bad_credentials"
    );
    accounts::change_own_password(&d.db, &s, "mat-khau-moi-1", "mat-khau-moi-2", now)
        .await
        .expect("change");
    accounts::sign_in(&d.db, "mai", "mat-khau-moi-2", now)
        .await
        .expect("changed");
    // Names are unique.
    let dup = NewAccount {
        username: "Mai".into(),
        full_name: "Trần Thị Mai 2".into(),
        role: Role::Clerk,
        password: PASSWORD.into(),
    };
    assert_eq!(
        code(accounts::create(&d.db, &d.admin, &dup, now).await),
        "username_taken"
    );
}

/// A desk set up before migration 0007 (one clerk, no sign-in): its clerk becomes `admin` without
/// a password; signing in says how to set one; the first password needs no sign-in, only once.
#[tokio::test]
async fn a_desk_from_before_accounts_gets_its_first_password() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("desk.sqlite");
    {
        let options = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&path)
            .create_if_missing(true);
        let pool = sqlx::SqlitePool::connect_with(options).await.expect("pool");
        let mut old = sqlx::migrate::Migrator::new(std::path::Path::new("migrations"))
            .await
            .expect("migrations");
        old.migrations = old
            .migrations
            .iter()
            .filter(|m| m.version < 7)
            .cloned()
            .collect::<Vec<_>>()
            .into();
        old.run(&pool).await.expect("0001-0006");
        for sql in [
            "INSERT INTO unit (id, code, name, parent_authority, place, lookup_url, hotline, working_hours_json, created_at) VALUES (1, '000.00.31.H29', 'UBND', 'UBND', 'Tân Phú', 'https://x.vn', '1900', '{\"sessions\":[],\"saturday_sessions\":[]}', '2026-01-01T00:00:00Z')",
            "INSERT INTO desk (id, name, created_at) VALUES ('desk-1', 'Quầy 1', '2026-01-01T00:00:00Z')",
            "INSERT INTO clerk (id, full_name, role, created_at) VALUES ('clerk-1', 'Trần Thị Mai', 'clerk', '2026-01-01T00:00:00Z')",
            "INSERT INTO setting (key, value) VALUES ('desk_id', 'desk-1'), ('clerk_id', 'clerk-1')",
        ] {
            sqlx::query(sql).execute(&pool).await.expect(sql);
        }
        pool.close().await;
    }
    let db = motcua::store::open(&path).await.expect("0007 applies");
    let now = Utc::now();
    let e = accounts::sign_in(&db, "admin", PASSWORD, now)
        .await
        .expect_err("no password yet");
    assert_eq!(e.code(), "password_not_set");
    assert!(e.to_string().contains("motcua account passwd admin"), "{e}");
    accounts::set_first_password(&db, "admin", PASSWORD, now)
        .await
        .expect("first password");
    let s = accounts::sign_in(&db, "admin", PASSWORD, now)
        .await
        .expect("signs in");
    assert_eq!((s.clerk_id(), s.role()), ("clerk-1", Role::Admin));
    assert_eq!(s.full_name(), "Trần Thị Mai");
    // Only once: from now on an administrator resets passwords.
    assert_eq!(
        code(accounts::set_first_password(&db, "admin", "khac-mat-khau", now).await),
        "not_signed_in"
    );
    assert_eq!(accounts::idle_lock_minutes(&db).await.expect("default"), 10);
}

#[test]
fn the_cli_signs_in_and_refuses_a_clerk_the_ledger() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("desk.sqlite");
    common::json(&common::motcua_as(
        &db,
        "admin",
        &["init", "--demo", "--json"],
    ));
    let o = common::motcua_as(
        &db,
        "mai",
        &[
            "ledger",
            "--from",
            "2026-03-01",
            "--to",
            "2026-03-02",
            "-o",
            dir.path().join("l.xlsx").to_str().expect("utf-8"),
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("[forbidden]"));
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_motcua"))
        .arg("--db")
        .arg(&db)
        .args(["dossiers", "list"])
        .env("MOTCUA_USER", "mai")
        .env("MOTCUA_PASSWORD", "sai-mat-khau")
        .output()
        .expect("run");
    assert!(String::from_utf8_lossy(&o.stderr).contains("[bad_credentials]"));
    let list = common::json(&common::motcua_as(
        &db,
        "admin",
        &["account", "list", "--json"],
    ));
    let names: Vec<&str> = list
        .as_array()
        .expect("array")
        .iter()
        .filter_map(|a| a["username"].as_str())
        .collect();
    assert_eq!(names, ["admin", "giamsat", "mai"]);
}

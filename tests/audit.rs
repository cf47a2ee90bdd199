//! Nhật ký kiểm tra: every audited action writes an entry attributed to the signed-in clerk; the
//! log is append-only inside SQLite, and `verify` names the exact row that was edited, deleted or
//! inserted by someone who went around the triggers with a raw connection to the file.

mod common;

use std::path::Path;

use chrono::{NaiveDate, Utc};
use common::{PASSWORD, TEST_CATALOGUE, demo_desk, intake_input};
use motcua::accounts::audit::{self, AuditEntry, Breach};
use motcua::accounts::{self, NewAccount, Role};
use motcua::calendar::WorkingHours;
use motcua::dossier::Status;
use motcua::dossier::lifecycle::{self, Recipient};
use motcua::forms::FormKind;
use motcua::{
    dossier, dossier::applicants, dossier::due_change, dossier::intake, forms,
    reference::catalogue, reference::desk, reports, reports::ledger,
};
use sqlx::Connection;

/// A connection of its own to the database file, as a tamperer who has the database key would
/// open it (the file is encrypted: without the key there is nothing to edit).
async fn raw(path: &Path) -> sqlx::SqliteConnection {
    let (key, _) = motcua::store::key::resolve(path, false).expect("the desk's key");
    let options = sqlx::sqlite::SqliteConnectOptions::new()
        .filename(path)
        .pragma("key", key.pragma_literal());
    sqlx::SqliteConnection::connect_with(&options)
        .await
        .expect("raw connection")
}

async fn entries(d: &common::TestDesk) -> Vec<AuditEntry> {
    let mut all = audit::list(&d.db, &d.admin, 10_000).await.expect("list");
    all.reverse();
    all
}

#[tokio::test]
async fn every_action_is_logged_for_the_signed_in_clerk() {
    let d = demo_desk().await;
    let now = Utc::now();
    let day = NaiveDate::from_ymd_opt(2026, 3, 4).expect("day");
    let start = entries(&d).await.len();

    // Admin: catalogue import, working hours, idle lock, a new account.
    catalogue::import(&d.db, &d.admin, TEST_CATALOGUE, now)
        .await
        .expect("import");
    desk::set_working_hours(&d.db, &d.admin, &WorkingHours::default(), now)
        .await
        .expect("hours");
    accounts::set_idle_lock_minutes(&d.db, &d.admin, 15, now)
        .await
        .expect("idle lock");
    let lan = accounts::create(
        &d.db,
        &d.admin,
        &NewAccount {
            username: "lan".into(),
            full_name: "Phạm Thị Lan".into(),
            role: Role::Clerk,
            password: PASSWORD.into(),
        },
        now,
    )
    .await
    .expect("account");
    accounts::set_active(&d.db, &d.admin, &lan.clerk_id, false, now)
        .await
        .expect("disable");

    // Clerk: create, view, search, every change, print/save.
    let c = &d.session;
    let v = intake::save(
        &d.db,
        c,
        &intake_input("9.999001", Some("2026-03-02T09:00:00+07:00")),
        now,
    )
    .await
    .expect("intake");
    let code = v.summary.code.clone();
    dossier::view(&d.db, c, &code).await.expect("view");
    let hits = applicants::search(&d.db, c, "001190", 5)
        .await
        .expect("search");
    assert_eq!(hits.len(), 1);
    // Mondays and a Tuesday of March 2026 (no holiday): a later appointment, then an extension.
    due_change::override_due(
        &d.db,
        c,
        &code,
        "2026-03-16T10:00:00+07:00",
        "Sửa nhầm",
        now,
    )
    .await
    .expect("override");
    due_change::extend(
        &d.db,
        c,
        &code,
        "2026-03-17T10:00:00+07:00",
        "Cần xác minh",
        now,
    )
    .await
    .expect("extend");
    lifecycle::move_to(&d.db, c, &code, Status::InProcessing, "", now)
        .await
        .expect("move");
    lifecycle::move_to(&d.db, c, &code, Status::ResultReady, "", now)
        .await
        .expect("ready");
    lifecycle::hand_out(
        &d.db,
        c,
        &code,
        Recipient {
            full_name: "Nguyễn Thị Hồng Đặng".into(),
            id_number: "001190012345".into(),
            is_proxy: false,
            authorisation: None,
        },
        now,
    )
    .await
    .expect("hand out");
    let w = intake::save(&d.db, c, &intake_input("9.999001", None), now)
        .await
        .expect("intake 2");
    lifecycle::withdraw(&d.db, c, &w.summary.code, "Công dân rút", now)
        .await
        .expect("withdraw");
    let s = intake::save(&d.db, c, &intake_input("9.999001", None), now)
        .await
        .expect("intake 3");
    lifecycle::stop(&d.db, c, &s.summary.code, "Dừng", now)
        .await
        .expect("stop");
    let dir = tempfile::tempdir().expect("dir");
    forms::save_to(
        &d.db,
        c,
        FormKind::Receipt,
        &code,
        &dir.path().join("r.pdf"),
    )
    .await
    .expect("save form");

    // Supervisor: exports.
    ledger::xlsx(&d.db, &d.supervisor, day, day)
        .await
        .expect("ledger");
    let r = reports::day(&d.db, &d.supervisor, day, None, now)
        .await
        .expect("report");
    reports::pdf(&d.db, &d.supervisor, &r)
        .await
        .expect("report pdf");

    // Sign-in, failure, lock, sign-out.
    let _ = accounts::sign_in(&d.db, "mai", "sai-mat-khau", now).await;
    let again = accounts::sign_in(&d.db, "mai", PASSWORD, now)
        .await
        .expect("sign in");
    accounts::lock(&d.db, &again, true, now)
        .await
        .expect("lock");
    accounts::sign_out(&d.db, &again, now)
        .await
        .expect("sign out");

    let log = entries(&d).await;
    let new = &log[start..];
    let who = |user: &str| match user {
        "admin" => d.admin.clerk_id().to_string(),
        "giamsat" => d.supervisor.clerk_id().to_string(),
        _ => d.session.clerk_id().to_string(),
    };
    let expect = |action: &str, user: &str, subject: Option<&str>| {
        let found = new
            .iter()
            .find(|e| e.action == action && subject.is_none_or(|s| e.subject == s));
        let e = found.unwrap_or_else(|| {
            panic!(
                "no {action} entry; got {:?}",
                new.iter().map(|e| e.action.as_str()).collect::<Vec<_>>()
            )
        });
        assert_eq!(e.actor, user, "{action}");
        assert_eq!(e.clerk_id.as_deref(), Some(who(user).as_str()), "{action}");
    };
    expect("catalogue.import", "admin", None);
    expect("setting.hours", "admin", None);
    expect("setting.idle_lock", "admin", None);
    expect("account.create", "admin", Some("lan"));
    expect("account.disable", "admin", Some("lan"));
    expect("dossier.create", "mai", Some(&code));
    expect("dossier.view", "mai", Some(&code));
    expect("applicant.search", "mai", None);
    expect("dossier.due-override", "mai", Some(&code));
    expect("dossier.due-extended", "mai", Some(&code));
    expect("dossier.status", "mai", Some(&code));
    expect("dossier.handed-out", "mai", Some(&code));
    expect("dossier.status", "mai", Some(&w.summary.code));
    expect("dossier.status", "mai", Some(&s.summary.code));
    expect("form.save", "mai", Some(&code));
    expect("export.ledger", "giamsat", None);
    expect("export.report", "giamsat", None);
    expect("auth.sign_in_failed", "mai", None);
    expect("auth.sign_in", "mai", None);
    expect("auth.lock", "mai", None);
    expect("auth.sign_out", "mai", None);
    // Details never hold a whole ID number or phone.
    for e in new {
        assert!(
            !e.detail.contains("001190012345") && !e.detail.contains("0912345678"),
            "{}: {}",
            e.action,
            e.detail
        );
    }
    let handed = new
        .iter()
        .find(|e| e.action == "dossier.handed-out")
        .expect("hand-out");
    assert!(handed.detail.contains("001******345"), "{}", handed.detail);
    let check = audit::verify(&d.db, &d.admin).await.expect("verify");
    assert!(check.ok, "{check:?}");
}

/// Makes some entries: a few dossiers and views.
async fn busy_desk() -> common::TestDesk {
    let d = demo_desk().await;
    let now = Utc::now();
    for _ in 0..3 {
        let v = intake::save(&d.db, &d.session, &intake_input("2.000815", None), now)
            .await
            .expect("intake");
        dossier::view(&d.db, &d.session, &v.summary.code)
            .await
            .expect("view");
    }
    d
}

#[tokio::test]
async fn the_log_cannot_be_changed_through_sqlite() {
    let d = busy_desk().await;
    let mut conn = raw(&d.path).await;
    let up = sqlx::query("UPDATE audit_log SET detail = '{}' WHERE seq = 2")
        .execute(&mut conn)
        .await;
    assert!(up.is_err(), "UPDATE refused by the trigger");
    let del = sqlx::query("DELETE FROM audit_log WHERE seq = 2")
        .execute(&mut conn)
        .await;
    assert!(del.is_err(), "DELETE refused by the trigger");
    assert!(audit::check_chain(&d.db).await.expect("check").ok);
}

#[tokio::test]
async fn verify_names_the_edited_row() {
    let d = busy_desk().await;
    let before = audit::check_chain(&d.db).await.expect("check");
    assert!(before.ok && before.rows >= 8, "{before:?}");
    let mut conn = raw(&d.path).await;
    sqlx::query("DROP TRIGGER audit_log_no_update")
        .execute(&mut conn)
        .await
        .expect("drop trigger");
    sqlx::query("UPDATE audit_log SET detail = '{\"note\":\"không có gì\"}' WHERE seq = 5")
        .execute(&mut conn)
        .await
        .expect("tamper");
    let r = audit::check_chain(&d.db).await.expect("check");
    assert!(!r.ok);
    let p = r.problem.expect("problem");
    assert_eq!((p.seq, p.kind), (5, Breach::Edited));
    assert!(p.message.contains('5'), "{}", p.message);
}

#[tokio::test]
async fn verify_names_the_deleted_row() {
    let d = busy_desk().await;
    let mut conn = raw(&d.path).await;
    sqlx::query("DROP TRIGGER audit_log_no_delete")
        .execute(&mut conn)
        .await
        .expect("drop trigger");
    sqlx::query("DELETE FROM audit_log WHERE seq = 4")
        .execute(&mut conn)
        .await
        .expect("tamper");
    let r = audit::check_chain(&d.db).await.expect("check");
    let p = r.problem.expect("problem");
    assert_eq!((p.seq, p.kind), (4, Breach::Deleted));
    assert_eq!(r.rows, 3, "rows 1-3 are fine");
}

/// The newest rows cut off the end leave a chain without a gap; verify still names the first one.
#[tokio::test]
async fn verify_names_rows_cut_off_the_end() {
    let d = busy_desk().await;
    let last: i64 = sqlx::query_scalar("SELECT max(seq) FROM audit_log")
        .fetch_one(&d.db)
        .await
        .expect("last");
    let mut conn = raw(&d.path).await;
    sqlx::query("DROP TRIGGER audit_log_no_delete")
        .execute(&mut conn)
        .await
        .expect("drop trigger");
    sqlx::query("DELETE FROM audit_log WHERE seq >= ?")
        .bind(last - 1)
        .execute(&mut conn)
        .await
        .expect("tamper");
    let r = audit::check_chain(&d.db).await.expect("check");
    let p = r.problem.expect("problem");
    assert_eq!((p.seq, p.kind), (last - 1, Breach::Deleted));
    assert_eq!(r.rows, last - 2);
}

#[tokio::test]
async fn verify_names_an_inserted_row_even_with_a_matching_hash() {
    let d = busy_desk().await;
    let last: (i64, String) =
        sqlx::query_as("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1")
            .fetch_one(&d.db)
            .await
            .expect("last");
    // A forged row with a self-consistent hash, but not chained to the row before it.
    let seq = last.0 + 1;
    let (at, actor, action, detail) = ("2026-01-01T00:00:00Z", "mai", "dossier.view", "{}");
    let prev = audit::GENESIS;
    let hash = audit::row_hash(seq, at, None, actor, action, "", detail, prev);
    let mut conn = raw(&d.path).await;
    sqlx::query("INSERT INTO audit_log (seq, at, clerk_id, actor, action, subject, detail, prev_hash, hash) VALUES (?, ?, NULL, ?, ?, '', ?, ?, ?)")
        .bind(seq)
        .bind(at)
        .bind(actor)
        .bind(action)
        .bind(detail)
        .bind(prev)
        .bind(&hash)
        .execute(&mut conn)
        .await
        .expect("insert");
    let p = audit::check_chain(&d.db)
        .await
        .expect("check")
        .problem
        .expect("problem");
    assert_eq!((p.seq, p.kind), (seq, Breach::Inserted));
}

#[test]
fn cli_audit_verify_exits_1_and_names_the_row() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("desk.sqlite");
    common::json(&common::motcua_as(
        &db,
        "admin",
        &["init", "--demo", "--json"],
    ));
    let ok = common::json(&common::motcua_as(
        &db,
        "admin",
        &["audit", "verify", "--json"],
    ));
    assert_eq!(ok["ok"], true);
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let mut conn = raw(&db).await;
        sqlx::query("DROP TRIGGER audit_log_no_update")
            .execute(&mut conn)
            .await
            .expect("drop");
        sqlx::query("UPDATE audit_log SET actor = 'giamsat' WHERE seq = 2")
            .execute(&mut conn)
            .await
            .expect("tamper");
    });
    let o = common::motcua_as(&db, "admin", &["audit", "verify", "--json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("json");
    assert_eq!(v["ok"], false);
    assert_eq!(v["problem"]["seq"], 2);
    assert_eq!(v["problem"]["kind"], "edited");
    // A clerk may not run it.
    let o = common::motcua_as(&db, "mai", &["audit", "verify"]);
    assert!(String::from_utf8_lossy(&o.stderr).contains("[forbidden]"));
    let list = common::json(&common::motcua_as(
        &db,
        "admin",
        &["audit", "list", "--limit", "3", "--json"],
    ));
    assert_eq!(list.as_array().expect("array").len(), 3);
}

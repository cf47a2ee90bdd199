//! Every core entry point that takes text from the UI refuses what no person types: over-long free
//! text (`too_long`, naming the field), values no screen offers (`invalid_locale`, `invalid_fee`,
//! `invalid_format`) and dates outside the calendar's years (`date_out_of_range`), as typed
//! validation errors; and a value just at a limit is still accepted.

mod common;

use std::sync::Mutex;

use chrono::{NaiveDate, Utc};
use common::{PASSWORD, TEST_CATALOGUE, demo_desk, intake_input};
use motcua::accounts::{NewAccount, Role};
use motcua::dossier::Status;
use motcua::dossier::lifecycle::Recipient;
use motcua::dossier::register::RegisterQuery;
use motcua::dto::{DocumentReceived, DueOverride, MissingItem};
use motcua::reference::fees::FeeInput;
use motcua::{
    Error, accounts, dossier, dossier::applicants, dossier::due_change, dossier::intake,
    dossier::lifecycle, dossier::register, i18n, limits, reference::catalogue, reference::desk,
    reports,
};

/// The locale is process-wide: the tests that switch it or read a message take turns.
static LOCALE: Mutex<()> = Mutex::new(());

const MIB: usize = 1 << 20;

fn long(n: usize) -> String {
    // "Đ" is two bytes: the limits count characters, so n of them are n, not 2n.
    "Đ".repeat(n)
}

/// The (code, field) of a result's error, or ("ok", None).
fn err<T>(r: motcua::Result<T>) -> (&'static str, Option<&'static str>) {
    match r {
        Ok(_) => ("ok", None),
        Err(e) => (e.code(), e.field()),
    }
}

fn too_long(field: &'static str) -> (&'static str, Option<&'static str>) {
    ("too_long", Some(field))
}

#[tokio::test]
async fn setup_refuses_over_long_fields_and_takes_them_at_the_limit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = motcua::store::open(&dir.path().join("desk.sqlite"))
        .await
        .expect("open");
    let base = || {
        let mut s = desk::demo_setup(PASSWORD);
        s.load_demo_catalogue = false;
        s
    };
    type Edit = fn(&mut motcua::dto::SetupInput, String);
    let cases: [(&str, usize, Edit); 9] = [
        ("unit_name", limits::NAME, |s, v| s.unit.name = v),
        ("parent_authority", limits::NAME, |s, v| {
            s.unit.parent_authority = v
        }),
        ("place", limits::SHORT, |s, v| s.unit.place = v),
        ("hotline", limits::SHORT, |s, v| s.unit.hotline = v),
        ("lookup_url", limits::ADDRESS, |s, v| {
            s.unit.lookup_url = format!("https://{v}")
        }),
        ("desk_name", limits::SHORT, |s, v| s.desk_name = v),
        ("clerk_name", limits::NAME, |s, v| s.clerk_name = v),
        ("username", limits::SHORT, |s, v| s.username = v),
        ("password", limits::PASSWORD, |s, v| s.password = v),
    ];
    for (field, max, edit) in cases {
        let mut s = base();
        edit(&mut s, long(max + 1));
        assert_eq!(err(desk::setup(&db, &s).await), too_long(field), "{field}");
        let mut s = base();
        edit(&mut s, long(MIB));
        assert_eq!(err(desk::setup(&db, &s).await), too_long(field), "{field}");
    }
    assert!(!desk::is_initialized(&db).await.expect("status"));
    // Names at their limits are taken (and the day report still prints them).
    let mut s = base();
    s.unit.name = long(limits::NAME);
    s.unit.parent_authority = long(limits::NAME);
    s.clerk_name = long(limits::NAME);
    s.desk_name = long(limits::SHORT);
    s.password = "m".repeat(limits::PASSWORD);
    desk::setup(&db, &s).await.expect("setup at the limits");
    let admin = accounts::sign_in(&db, "admin", &s.password, Utc::now())
        .await
        .expect("sign in");
    let today = Utc::now().date_naive();
    let r = reports::day(&db, &admin, today, None, Utc::now())
        .await
        .expect("report");
    assert!(reports::pdf(&db, &admin, &r).await.is_ok());
}

#[test]
fn only_the_shipped_locales_can_be_chosen() {
    let _turn = LOCALE.lock().unwrap_or_else(|e| e.into_inner());
    for bad in ["", "xx", "VI", " vi", &"v".repeat(MIB)] {
        assert_eq!(
            err(i18n::switch_to(bad)),
            ("invalid_locale", Some("locale")),
            "{:.20}",
            bad
        );
    }
    assert_eq!(i18n::switch_to("en").ok(), Some("en"));
    assert_eq!(i18n::switch_to("vi").ok(), Some("vi"));
}

#[tokio::test]
async fn searches_refuse_over_long_queries_instead_of_a_database_error() {
    let d = demo_desk().await;
    let now = Utc::now();
    let q = long(MIB);
    assert_eq!(
        err(catalogue::search(&d.db, &q, 10).await),
        too_long("query")
    );
    let rq = |query: String| RegisterQuery {
        query,
        ..Default::default()
    };
    assert_eq!(
        err(register::search(&d.db, &d.session, &rq(q.clone()), now).await),
        too_long("query")
    );
    assert_eq!(
        err(dossier::list(&d.db, &d.session, &q, false, now, 50).await),
        too_long("query")
    );
    assert_eq!(
        err(applicants::search(&d.db, &d.session, &q, 10).await),
        too_long("query")
    );
    assert_eq!(
        err(applicants::open_dossiers(&d.db, &q, "2.000815").await),
        too_long("id_number")
    );
    assert_eq!(
        err(applicants::open_dossiers(&d.db, "001190012345", &q).await),
        too_long("procedure_code")
    );
    assert_eq!(
        err(register::parse_options(&[long(limits::SHORT + 1)], "")),
        too_long("filter")
    );
    // At the limit: an ordinary (empty) answer, in every search.
    let q = "a".repeat(limits::QUERY);
    assert!(
        catalogue::search(&d.db, &q, 10)
            .await
            .expect("at limit")
            .is_empty()
    );
    let page = register::search(&d.db, &d.session, &rq(q.clone()), now)
        .await
        .expect("at limit");
    assert!(page.rows.is_empty());
    assert!(
        applicants::search(&d.db, &d.session, &q, 10)
            .await
            .expect("at limit")
            .is_empty()
    );
    assert_eq!(
        err(register::search(&d.db, &d.session, &rq(long(limits::QUERY + 1)), now).await),
        too_long("query")
    );
}

#[tokio::test]
async fn intake_refuses_over_long_fields() {
    let d = demo_desk().await;
    catalogue::import(&d.db, &d.admin, TEST_CATALOGUE, Utc::now())
        .await
        .expect("catalogue");
    let now = Utc::now();
    type Edit = fn(&mut motcua::dto::IntakeInput);
    let cases: [(&str, Edit); 13] = [
        ("full_name", |i| {
            i.submitter.full_name = long(limits::NAME + 1)
        }),
        ("address", |i| {
            i.submitter.address = long(limits::ADDRESS + 1)
        }),
        ("email", |i| i.submitter.email = long(limits::NAME + 1)),
        ("phone", |i| i.submitter.phone = long(MIB)),
        ("id_number", |i| i.submitter.id_number = long(MIB)),
        ("owner_address", |i| {
            let mut o = common::applicant();
            o.address = long(MIB);
            i.owner = Some(o);
        }),
        ("documents", |i| {
            i.documents[0].name = long(limits::ADDRESS + 1)
        }),
        ("missing", |i| {
            i.outcome = Some("supplement".into());
            i.missing = Some(vec![MissingItem {
                name: "Tờ khai".into(),
                reason: long(limits::REASON + 1),
            }]);
        }),
        ("refusal_reason", |i| {
            i.outcome = Some("refuse".into());
            i.refusal_reason = Some(long(limits::REASON + 1));
        }),
        ("authorisation", |i| i.authorisation = Some(long(MIB))),
        ("reason", |i| {
            i.due_override = Some(DueOverride {
                due_at: "2030-01-02T09:00:00+07:00".into(),
                reason: long(limits::REASON + 1),
            })
        }),
        ("procedure_code", |i| i.procedure_code = long(MIB)),
        ("fee_exempt_reason", |i| {
            i.fee = Some(FeeInput {
                exempt_reason: Some(long(limits::REASON + 1)),
                ..FeeInput::default()
            })
        }),
    ];
    for (field, edit) in cases {
        let mut input = intake_input("9.999001", None);
        edit(&mut input);
        assert_eq!(
            err(intake::save(&d.db, &d.session, &input, now).await),
            too_long(field),
            "{field}"
        );
    }
    let mut input = intake_input("9.999001", None);
    input.documents = vec![
        DocumentReceived {
            name: "Bản sao".into(),
            original: 0,
            certified: 0,
            photocopy: 1,
        };
        101
    ];
    assert_eq!(
        err(intake::save(&d.db, &d.session, &input, now).await),
        ("too_many", Some("documents"))
    );
    let count: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM dossier")
        .fetch_one(&d.db)
        .await
        .expect("count");
    assert_eq!(count, 0, "nothing was saved");
    // At the limits: saved, text intact.
    let mut input = intake_input("9.999001", None);
    input.submitter.address = long(limits::ADDRESS);
    input.documents[0].name = long(limits::ADDRESS);
    let saved = intake::save(&d.db, &d.session, &input, now)
        .await
        .expect("at the limits");
    assert_eq!(saved.submitter.address.chars().count(), limits::ADDRESS);
}

#[tokio::test]
async fn fee_preview_takes_only_the_offered_choices() {
    let d = demo_desk().await;
    catalogue::import(&d.db, &d.admin, TEST_CATALOGUE, Utc::now())
        .await
        .expect("catalogue");
    let fee = |collect_at: &str, method: &str, reason: Option<String>| FeeInput {
        collect_at: collect_at.into(),
        method: method.into(),
        exempt_reason: reason,
        ..FeeInput::default()
    };
    let preview = |f: FeeInput| {
        let db = d.db.clone();
        async move { intake::preview_fee(&db, "9.999001", &f).await }
    };
    assert_eq!(
        err(preview(fee("intake", "bitcoin", None)).await),
        ("invalid_fee", Some("fee_method"))
    );
    assert_eq!(
        err(preview(fee("", "cash", None)).await),
        ("invalid_fee", Some("fee_collect"))
    );
    assert_eq!(
        err(preview(fee("intake", "cash", Some(long(limits::REASON + 1)))).await),
        too_long("fee_exempt_reason")
    );
    assert_eq!(
        err(intake::preview_fee(&d.db, &long(MIB), &FeeInput::default()).await),
        too_long("procedure_code")
    );
    for (at, method) in [("intake", "cash"), ("result", "transfer")] {
        let p = preview(fee(at, method, None))
            .await
            .expect("offered choice");
        assert_eq!(p.amount, 8_000);
    }
    let p = preview(fee("intake", "cash", Some(long(limits::REASON))))
        .await
        .expect("reason at the limit");
    assert_eq!(p.amount, 0);
}

#[tokio::test]
async fn accounts_and_dossier_changes_refuse_over_long_text() {
    let d = demo_desk().await;
    let now = Utc::now();
    let account = |full_name: String| NewAccount {
        username: "lan".into(),
        full_name,
        role: Role::Clerk,
        password: PASSWORD.into(),
    };
    assert_eq!(
        err(accounts::create(&d.db, &d.admin, &account(long(MIB)), now).await),
        too_long("full_name")
    );
    let made = accounts::create(&d.db, &d.admin, &account(long(limits::NAME)), now)
        .await
        .expect("name at the limit");
    assert_eq!(made.full_name.chars().count(), limits::NAME);

    let saved = intake::save(&d.db, &d.session, &intake_input("2.000815", None), now)
        .await
        .expect("intake");
    let code = saved.summary.code.clone();
    for to in [
        Status::Withdrawn,
        Status::Stopped,
        Status::SupplementRequested,
    ] {
        assert_eq!(
            err(
                lifecycle::move_to(&d.db, &d.session, &code, to, &long(limits::REASON + 1), now)
                    .await
            ),
            too_long("reason"),
            "{to:?}"
        );
    }
    assert_eq!(
        err(lifecycle::withdraw(&d.db, &d.session, &code, &long(MIB), now).await),
        too_long("reason")
    );
    assert_eq!(
        err(due_change::extend(
            &d.db,
            &d.session,
            &code,
            "2030-01-02T09:00:00+07:00",
            &long(MIB),
            now
        )
        .await),
        too_long("reason")
    );
    assert_eq!(
        err(due_change::override_due(&d.db, &d.session, &code, &long(MIB), "lý do", now).await),
        too_long("due_at")
    );
    let recipient = |full_name: String, authorisation: Option<String>| Recipient {
        full_name,
        id_number: "001190012345".into(),
        is_proxy: authorisation.is_some(),
        authorisation,
    };
    assert_eq!(
        err(lifecycle::check_recipient(&recipient(
            long(limits::NAME + 1),
            None
        ))),
        too_long("full_name")
    );
    assert_eq!(
        err(lifecycle::check_recipient(&recipient(
            "Lê Văn Tư".into(),
            Some(long(MIB))
        ))),
        too_long("authorisation")
    );
    assert!(
        lifecycle::check_recipient(&recipient("Lê Văn Tư".into(), Some(long(limits::NAME))))
            .is_ok()
    );
    // Nothing happened to the dossier; a reason at the limit is taken.
    let v = lifecycle::stop(&d.db, &d.session, &code, &long(limits::REASON), now)
        .await
        .expect("reason at the limit");
    assert_eq!(v.summary.status, Status::Stopped.as_str());
}

#[tokio::test]
async fn day_reports_only_for_the_calendar_years_and_only_as_pdf_or_xlsx() {
    let d = demo_desk().await;
    let now = Utc::now();
    let day = |y: i32, m: u32, dd: u32| NaiveDate::from_ymd_opt(y, m, dd).expect("date");
    for (y, m, dd) in [
        (-1, 1, 1),
        (0, 1, 1),
        (1999, 12, 31),
        (2101, 1, 1),
        (262_000, 1, 1),
    ] {
        assert_eq!(
            err(reports::day(&d.db, &d.supervisor, day(y, m, dd), None, now).await),
            ("date_out_of_range", Some("date")),
            "{y}"
        );
    }
    for text in ["-0001-01-01", "1999-12-31", "2101-01-01"] {
        assert_eq!(
            err(reports::parse_date(text)),
            ("date_out_of_range", Some("date")),
            "{text}"
        );
    }
    assert_eq!(err(reports::parse_date(&long(MIB))), too_long("date"));
    assert_eq!(
        reports::parse_date("2100-12-31").ok(),
        Some(day(2100, 12, 31))
    );
    assert_eq!(
        reports::parse_date(" 2000-01-01 ").ok(),
        Some(day(2000, 1, 1))
    );
    for edge in [day(2000, 1, 1), day(2100, 12, 31)] {
        reports::day(&d.db, &d.supervisor, edge, None, now)
            .await
            .expect("edge of the range");
    }
    for bad in ["", "docx", "PDF", "pdf.exe", &"x".repeat(MIB)] {
        assert_eq!(
            err(reports::parse_format(bad)),
            ("invalid_format", Some("format")),
            "{:.20}",
            bad
        );
    }
    assert_eq!(reports::parse_format("pdf").ok(), Some("pdf"));
    assert_eq!(reports::parse_format("xlsx").ok(), Some("xlsx"));
}

#[test]
fn the_message_names_the_field_and_the_limit_in_vietnamese() {
    let _turn = LOCALE.lock().unwrap_or_else(|e| e.into_inner());
    i18n::set_locale("vi");
    let e: Error = limits::text("unit_name", &long(201), limits::NAME).expect_err("too long");
    assert_eq!(
        e.to_string(),
        "Tên đơn vị tiếp nhận quá dài: tối đa 200 ký tự."
    );
    let e = limits::text("no_label_here", "abc", 2).expect_err("too long");
    assert_eq!(e.to_string(), "Nội dung nhập quá dài: tối đa 2 ký tự.");
    let wire = i18n::switch_to("xx").expect_err("bad locale").to_wire();
    assert_eq!(wire.code, "invalid_locale");
    assert!(wire.message.contains("vi, en"), "{}", wire.message);
}

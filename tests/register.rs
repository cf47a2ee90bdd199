//! Sổ đăng ký / tra cứu hồ sơ: search over every dossier (name without diacritics, code, ID
//! number, phone), every filter, every sort, paging, exact-first ranking, the unranked path of a
//! broad query, the FTS index kept in sync, and `motcua dossiers search` with its new options.

mod common;

use chrono::{DateTime, TimeZone, Utc};
use common::{TEST_CATALOGUE, demo_desk, intake_input, json, motcua};
use motcua::dossier::Status;
use motcua::dossier::lifecycle::{self, Recipient};
use motcua::dossier::register::{self, RANK_LIMIT, RegisterQuery};
use motcua::{clock, dossier::intake, reference::catalogue};

/// 09:00 on Tuesday 10 March 2026, Vietnam time.
fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 10, 2, 0, 0)
        .single()
        .expect("valid now")
}

fn at(s: &str) -> DateTime<Utc> {
    clock::parse(s).expect("valid time")
}

/// What the test itself knows about each dossier it made.
#[derive(Debug, Clone)]
struct Rec {
    code: String,
    name: String,
    received: DateTime<Utc>,
    due: Option<DateTime<Utc>>,
    status: Status,
}

struct Fixture {
    desk: common::TestDesk,
    recs: Vec<Rec>,
}

impl Fixture {
    fn rec(&self, name: &str) -> &Rec {
        self.recs
            .iter()
            .find(|r| r.name == name)
            .expect("known name")
    }
}

async fn fixture() -> Fixture {
    let d = demo_desk().await;
    catalogue::import(&d.db, &d.admin, TEST_CATALOGUE, chrono::Utc::now())
        .await
        .expect("import test catalogue");
    // (name, ID number, phone, received (Vietnam time))
    let people = [
        (
            "Đặng Văn Hùng",
            "001085001111",
            "0987654321",
            "2026-03-10T08:00:00+07:00",
        ),
        (
            "Dang Thi Lan",
            "079190002222",
            "0912345678",
            "2026-03-09T08:00:00+07:00",
        ),
        (
            "Đăng Quốc Bảo",
            "038095003333",
            "0354000111",
            "2026-03-02T08:00:00+07:00",
        ),
        (
            "Lê Thị Mai",
            "001190004444",
            "0354000222",
            "2026-03-03T09:30:00+07:00",
        ),
        (
            "Trần Văn Nam",
            "001090005555",
            "0354000333",
            "2026-03-04T10:00:00+07:00",
        ),
        (
            "Phạm Minh Đức",
            "001090006666",
            "0354000444",
            "2026-03-02T09:00:00+07:00",
        ),
        (
            "Hoàng Thị Hoa",
            "001190007777",
            "0354000555",
            "2026-03-02T10:00:00+07:00",
        ),
        (
            "Vũ Văn Long",
            "001090008888",
            "0354000666",
            "2026-03-05T14:00:00+07:00",
        ),
    ];
    let mut recs = Vec::new();
    for (name, id, phone, received) in people {
        let mut input = intake_input("9.999001", Some(received));
        input.submitter.full_name = name.into();
        input.submitter.id_number = id.into();
        input.submitter.phone = phone.into();
        let v = intake::save(&d.db, &d.session, &input, at(received))
            .await
            .expect("save dossier");
        recs.push(Rec {
            code: v.summary.code.clone(),
            name: name.into(),
            received: at(received),
            due: v.summary.due_at.as_deref().map(at),
            status: Status::Received,
        });
    }
    let db = &d.db;
    let clerk_s = &d.session;
    let code_of = |name: &str| {
        recs.iter()
            .find(|r| r.name == name)
            .map(|r| r.code.clone())
            .expect("known name")
    };
    let t = at("2026-03-06T09:00:00+07:00");
    // Phạm Minh Đức: result ready. Hoàng Thị Hoa: handed out. Vũ Văn Long: waiting for a supplement.
    lifecycle::move_to(
        db,
        clerk_s,
        &code_of("Phạm Minh Đức"),
        Status::ResultReady,
        "",
        t,
    )
    .await
    .expect("result ready");
    lifecycle::move_to(
        db,
        clerk_s,
        &code_of("Hoàng Thị Hoa"),
        Status::ResultReady,
        "",
        t,
    )
    .await
    .expect("result ready");
    lifecycle::hand_out(
        db,
        clerk_s,
        &code_of("Hoàng Thị Hoa"),
        Recipient {
            full_name: "Hoàng Thị Hoa".into(),
            id_number: "001190007777".into(),
            is_proxy: false,
            authorisation: None,
        },
        t,
    )
    .await
    .expect("hand out");
    motcua::dossier::pause::pause(db, clerk_s, &code_of("Vũ Văn Long"), t, "Thiếu bản sao")
        .await
        .expect("pause");
    for (name, status) in [
        ("Phạm Minh Đức", Status::ResultReady),
        ("Hoàng Thị Hoa", Status::HandedOut),
        ("Vũ Văn Long", Status::SupplementRequested),
    ] {
        if let Some(r) = recs.iter_mut().find(|r| r.name == name) {
            r.status = status;
        }
    }
    Fixture { desk: d, recs }
}

async fn search(f: &Fixture, query: &str, filters: &[&str], sort: &str) -> register::RegisterPage {
    register::search(
        &f.desk.db,
        &f.desk.session,
        &RegisterQuery {
            query: query.into(),
            filters: filters
                .iter()
                .map(|s| register::Filter::parse(s).expect("filter"))
                .collect(),
            sort: register::Sort::parse(sort).expect("sort"),
            offset: 0,
            limit: 100,
        },
        now(),
    )
    .await
    .expect("search")
}

fn names(p: &register::RegisterPage) -> Vec<String> {
    p.rows.iter().map(|r| r.submitter_name.clone()).collect()
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

fn open(s: Status) -> bool {
    matches!(s, Status::Received | Status::InProcessing)
}

#[tokio::test]
async fn every_filter_selects_what_the_rules_say() {
    let f = fixture().await;
    let today_start = at("2026-03-10T00:00:00+07:00");
    // The next working day after Tuesday 10 March is Wednesday 11 March: due before 12 March 00:00.
    let due_soon_end = at("2026-03-12T00:00:00+07:00");
    let expect = |keep: &dyn Fn(&Rec) -> bool| -> Vec<String> {
        sorted(
            f.recs
                .iter()
                .filter(|r| keep(r))
                .map(|r| r.name.clone())
                .collect(),
        )
    };
    let cases: Vec<(&str, Vec<String>)> = vec![
        (
            "today",
            expect(&|r| {
                r.received >= today_start && r.received < now() + chrono::Duration::hours(15)
            }),
        ),
        (
            "due-soon",
            expect(&|r| open(r.status) && r.due.is_some_and(|d| d >= now() && d < due_soon_end)),
        ),
        (
            "overdue",
            expect(&|r| open(r.status) && r.due.is_some_and(|d| d < now())),
        ),
        (
            "supplement",
            expect(&|r| r.status == Status::SupplementRequested),
        ),
        ("result-ready", expect(&|r| r.status == Status::ResultReady)),
        ("handed-out", expect(&|r| r.status == Status::HandedOut)),
    ];
    for (filter, want) in &cases {
        assert!(!want.is_empty(), "the fixture must exercise {filter}");
        let page = search(&f, "", &[filter], "").await;
        assert_eq!(sorted(names(&page)), *want, "filter {filter}");
        assert_eq!(page.total as usize, want.len());
        assert!(page.total_exact);
    }
    // The fixture's intent, spelled out (guards the expectations above against a silent change).
    assert_eq!(cases[0].1, vec!["Đặng Văn Hùng"]);
    assert_eq!(cases[1].1, vec!["Lê Thị Mai", "Trần Văn Nam"]);
    assert_eq!(cases[2].1, vec!["Đăng Quốc Bảo"]);
    // Filters combine: overdue and received today is nobody.
    assert!(
        search(&f, "", &["overdue", "today"], "")
            .await
            .rows
            .is_empty()
    );
    // A filter with a name search.
    assert_eq!(
        names(&search(&f, "dang", &["overdue"], "").await),
        ["Đăng Quốc Bảo"]
    );
    // Unknown filter or sort: a clear error.
    // (The CLI's strings; over IPC the query does not even deserialise.)
    let err = register::parse_options(&["late".into()], "").expect_err("unknown filter");
    assert_eq!(err.code(), "unknown_filter");
    let err = register::parse_options(&[], "name").expect_err("unknown sort");
    assert_eq!(err.code(), "unknown_sort");
    for bad in [
        serde_json::json!({ "filters": ["late"] }),
        serde_json::json!({ "sort": "name" }),
    ] {
        assert!(
            serde_json::from_value::<RegisterQuery>(bad.clone()).is_err(),
            "{bad}"
        );
    }
}

#[tokio::test]
async fn sorts_by_received_due_and_code() {
    let f = fixture().await;
    let mut by_received = f.recs.clone();
    by_received.sort_by(|a, b| b.received.cmp(&a.received).then(b.code.cmp(&a.code)));
    let got = search(&f, "", &[], "").await;
    assert_eq!(
        names(&got),
        by_received
            .iter()
            .map(|r| r.name.clone())
            .collect::<Vec<_>>()
    );
    assert_eq!(got.total as usize, f.recs.len());

    let mut by_due = f.recs.clone();
    by_due
        .sort_by(|a, b| (a.due.is_none(), a.due, &a.code).cmp(&(b.due.is_none(), b.due, &b.code)));
    assert_eq!(
        names(&search(&f, "", &[], "due").await),
        by_due.iter().map(|r| r.name.clone()).collect::<Vec<_>>()
    );

    let mut by_code = f.recs.clone();
    by_code.sort_by(|a, b| a.code.cmp(&b.code));
    assert_eq!(
        names(&search(&f, "", &[], "code").await),
        by_code.iter().map(|r| r.name.clone()).collect::<Vec<_>>()
    );
}

#[tokio::test]
async fn paging_walks_the_register_without_gaps() {
    let f = fixture().await;
    let mut seen = Vec::new();
    let mut offset = 0;
    loop {
        let page = register::search(
            &f.desk.db,
            &f.desk.session,
            &RegisterQuery {
                sort: register::Sort::Code,
                offset,
                limit: 3,
                ..RegisterQuery::default()
            },
            now(),
        )
        .await
        .expect("page");
        assert_eq!(page.total as usize, f.recs.len());
        seen.extend(page.rows.iter().map(|r| r.code.clone()));
        offset += 3;
        if !page.has_more {
            break;
        }
        assert_eq!(page.rows.len(), 3);
    }
    let mut all: Vec<String> = f.recs.iter().map(|r| r.code.clone()).collect();
    all.sort();
    assert_eq!(seen, all);
}

#[tokio::test]
async fn names_without_diacritics_and_exact_matches_first() {
    let f = fixture().await;
    // "dang" finds Đặng, Dang and Đăng; the one written exactly "Dang" comes first.
    let page = search(&f, "dang", &[], "").await;
    assert!(page.ranked);
    assert_eq!(page.rows.len(), 3);
    assert_eq!(page.rows[0].submitter_name, "Dang Thi Lan");
    assert_eq!(
        sorted(names(&page)),
        ["Dang Thi Lan", "Đăng Quốc Bảo", "Đặng Văn Hùng"]
    );
    // "Đặng" typed with its marks: Đặng first, then the others newest first.
    let page = search(&f, "Đặng", &[], "").await;
    assert_eq!(
        names(&page),
        ["Đặng Văn Hùng", "Dang Thi Lan", "Đăng Quốc Bảo"]
    );
    // Lower case typed, NFD typed: the same.
    assert_eq!(
        names(&search(&f, "đặng", &[], "").await)[0],
        "Đặng Văn Hùng"
    );
    let nfd = "Đa\u{0323}\u{0306}ng";
    assert_eq!(names(&search(&f, nfd, &[], "").await)[0], "Đặng Văn Hùng");
    // The full name as typed ranks above a name containing the same words.
    assert_eq!(
        names(&search(&f, "dang thi lan", &[], "").await),
        ["Dang Thi Lan"]
    );
    // Word prefixes, any word order.
    assert_eq!(
        names(&search(&f, "hun da", &[], "").await),
        ["Đặng Văn Hùng"]
    );
    assert_eq!(
        sorted(names(&search(&f, "van", &[], "").await)),
        ["Trần Văn Nam", "Vũ Văn Long", "Đặng Văn Hùng"]
    );
    assert!(search(&f, "khong ai", &[], "").await.rows.is_empty());
}

#[tokio::test]
async fn codes_id_numbers_and_phones() {
    let f = fixture().await;
    let hung = f.rec("Đặng Văn Hùng");
    // The whole code, in any case.
    assert_eq!(
        names(&search(&f, &hung.code.to_lowercase(), &[], "").await),
        ["Đặng Văn Hùng"]
    );
    // A code prefix: every dossier of that day (only one on 10 March).
    let day_prefix = &hung.code[..hung.code.len() - 4];
    assert_eq!(
        names(&search(&f, day_prefix, &[], "").await),
        ["Đặng Văn Hùng"]
    );
    // The unit prefix: everyone; the part after the unit code is enough too.
    assert_eq!(
        search(&f, "000", &[], "").await.rows.len(),
        f.recs.len(),
        "every code starts with the unit code"
    );
    let tail = hung
        .code
        .split_once('-')
        .map(|(_, t)| t)
        .expect("code tail");
    assert_eq!(names(&search(&f, tail, &[], "").await), ["Đặng Văn Hùng"]);
    // ID number: prefix and whole.
    assert_eq!(
        names(&search(&f, "0010850", &[], "").await),
        ["Đặng Văn Hùng"]
    );
    assert_eq!(
        names(&search(&f, "079190002222", &[], "").await),
        ["Dang Thi Lan"]
    );
    // A prefix shared by several: the exact one first.
    let page = search(&f, "001090005555", &[], "").await;
    assert_eq!(names(&page), ["Trần Văn Nam"]);
    let page = search(&f, "00109000", &[], "").await;
    assert_eq!(
        sorted(names(&page)),
        ["Phạm Minh Đức", "Trần Văn Nam", "Vũ Văn Long"]
    );
    // Phones: spaced, +84, prefix.
    assert_eq!(
        names(&search(&f, "+84 987 654", &[], "").await),
        ["Đặng Văn Hùng"]
    );
    assert_eq!(
        names(&search(&f, "0912 345 678", &[], "").await),
        ["Dang Thi Lan"]
    );
    assert_eq!(search(&f, "0354", &[], "").await.rows.len(), 6);
    // Three digits are too few for a prefix: nothing (no phone is "035").
    assert!(search(&f, "035", &[], "").await.rows.is_empty());
}

#[tokio::test]
async fn index_stays_in_sync_with_status_and_name_changes() {
    let f = fixture().await;
    let db = &f.desk.db;
    let clerk_s = &f.desk.session;
    let hung = f.rec("Đặng Văn Hùng").code.clone();
    assert!(
        search(&f, "hung", &["result-ready"], "")
            .await
            .rows
            .is_empty()
    );
    lifecycle::move_to(db, clerk_s, &hung, Status::InProcessing, "", now())
        .await
        .expect("in processing");
    lifecycle::move_to(db, clerk_s, &hung, Status::ResultReady, "", now())
        .await
        .expect("result ready");
    let page = search(&f, "hung", &["result-ready"], "").await;
    assert_eq!(names(&page), ["Đặng Văn Hùng"]);
    assert_eq!(page.rows[0].status, "result-ready");
    register::check_index(db)
        .await
        .expect("index matches the table");

    // A corrected name: the index follows the folded copy.
    sqlx::query("UPDATE dossier SET submitter_name = 'Đặng Văn Hưng', search_folded = 'dang van hung sua' WHERE code = ?")
        .bind(&hung)
        .execute(db)
        .await
        .expect("update");
    assert_eq!(names(&search(&f, "sua", &[], "").await), ["Đặng Văn Hưng"]);
    register::check_index(db)
        .await
        .expect("index matches after update");
    // A rebuild (after a VACUUM) leaves the same answers.
    register::rebuild_index(db).await.expect("rebuild");
    assert_eq!(names(&search(&f, "sua", &[], "").await), ["Đặng Văn Hưng"]);
}

/// More matches than the ranking limit: listed in the chosen order, unranked, filters still apply.
#[tokio::test]
async fn a_broad_query_is_listed_unranked_in_order() {
    let f = fixture().await;
    let db = &f.desk.db;
    let template = f.rec("Trần Văn Nam").code.clone();
    let copies = RANK_LIMIT + 100;
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
         INSERT INTO dossier (id, code, procedure_code, catalogue_version_id, procedure_name, receiving_unit_code,
           competent_authority, channel, submitter_json, submitter_name, search_folded, id_number, phone, sets_count,
           delivery, received_at, due_at, due_rule, due_explanation, status, national_status, fee_amount, fee_text,
           ledger_book, ledger_number, desk_id, created_by, created_at, updated_at)
         SELECT printf('bulk-%05d', n.i), printf('BULK-%05d', n.i), procedure_code, catalogue_version_id, procedure_name,
           receiving_unit_code, competent_authority, channel, submitter_json, 'Nguyễn Văn Tèo', 'nguyen van teo',
           printf('9%011d', n.i), '', sets_count, delivery,
           strftime('%Y-%m-%dT%H:%M:%SZ', '2025-01-01', printf('+%d minutes', n.i)), due_at, due_rule, due_explanation,
           CASE WHEN n.i % 100 = 0 THEN 'result-ready' ELSE 'handed-out' END, 9, 0, fee_text,
           ledger_book, 100000 + n.i, desk_id, created_by, created_at, updated_at
         FROM n, dossier d WHERE d.code = ?",
    )
    .bind(copies)
    .bind(&template)
    .execute(db)
    .await
    .expect("bulk insert");
    let page = search(&f, "nguyen", &[], "").await;
    assert!(!page.ranked);
    assert!(!page.total_exact);
    assert!(page.has_more);
    assert_eq!(page.rows.len(), 100);
    // Newest first: the last inserted copies, in order.
    assert_eq!(page.rows[0].code, format!("BULK-{copies:05}"));
    assert!(
        page.rows
            .windows(2)
            .all(|w| w[0].received_at >= w[1].received_at)
    );
    // With a filter: only result-ready copies (every hundredth).
    let page = search(&f, "nguyen van", &["result-ready"], "code").await;
    assert_eq!(page.rows[0].code, "BULK-00100");
    assert!(page.rows.iter().all(|r| r.status == "result-ready"));
    assert_eq!(page.rows.len(), (copies / 100) as usize);
    // A narrow query in the same register is still ranked.
    let page = search(&f, "dang", &[], "").await;
    assert!(page.ranked);
    assert_eq!(page.rows.len(), 3);
    // The count of a filter alone stops at the limit and says so.
    let all = search(&f, "", &["handed-out"], "").await;
    assert!(all.total as i64 <= register::COUNT_LIMIT);
    assert_eq!(
        all.total_exact,
        copies - copies / 100 < register::COUNT_LIMIT
    );
}

#[test]
fn cli_search_with_filter_sort_and_limit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("desk.sqlite");
    json(&motcua(&db, &["init", "--demo", "--json"]));
    for (name, id) in [
        ("Đặng Văn Hùng", "001085001111"),
        ("Đặng Thị Thu", "001185002222"),
        ("Lê Thị Mai", "079190002222"),
    ] {
        json(&motcua(
            &db,
            &[
                "intake",
                "--procedure",
                "2.000815",
                "--name",
                name,
                "--id-number",
                id,
                "--json",
            ],
        ));
    }
    let names = |args: &[&str]| -> Vec<String> {
        let v = json(&motcua(&db, args));
        v.as_array()
            .expect("array")
            .iter()
            .map(|d| d["submitter_name"].as_str().expect("name").to_string())
            .collect()
    };
    assert_eq!(
        names(&["dossiers", "search", "dang", "--sort", "code", "--json"]),
        ["Đặng Văn Hùng", "Đặng Thị Thu"]
    );
    assert_eq!(
        names(&["dossiers", "search", "dang", "--limit", "1", "--json"]),
        ["Đặng Thị Thu"]
    );
    assert_eq!(
        names(&[
            "dossiers", "search", "dang", "--limit", "1", "--offset", "1", "--json"
        ]),
        ["Đặng Văn Hùng"]
    );
    assert_eq!(
        names(&["dossiers", "list", "--filter", "today", "--json"]).len(),
        3
    );
    assert!(names(&["dossiers", "list", "--filter", "handed-out", "--json"]).is_empty());
    let o = motcua(&db, &["dossiers", "list", "--filter", "late", "--json"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("due-soon"));
    // Human output ends with the count.
    let o = motcua(&db, &["dossiers", "search", "dang"]);
    assert!(o.status.success());
    assert!(String::from_utf8_lossy(&o.stdout).contains("2 / 2 hồ sơ"));
}

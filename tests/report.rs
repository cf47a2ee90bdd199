//! Báo cáo cuối ngày over a GENERATED MONTH: a seeded pseudo-random March 2026 of dossiers
//! (procedures, channels, outcomes, fees by three clerks, supplements, results, hand-outs, late
//! ones) made through the real intake and lifecycle functions. The expected figures of every day
//! are computed here from the generator's own records (what it decided to do and when), never
//! from the database; the report must agree with them on every day of the month. Then the PDF,
//! the workbook and `motcua report day`.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use common::{demo_desk, intake_input};

/// The CLI as the demo supervisor `giamsat` (the ledger and the day report need that role).
fn motcua(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    common::motcua_as(db, "giamsat", args)
}
use motcua::dossier::Status;
use motcua::dossier::handout_fee::HandoutFee;
use motcua::dossier::lifecycle::{self, Recipient};
use motcua::dto::MissingItem;
use motcua::reference::fees::FeeInput;
use motcua::reports::{self, DayReport};
use motcua::{clock, dossier::intake};

/// Deterministic pseudo-random numbers (SplitMix64).
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    /// True with probability `percent` %.
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

/// How the generator prices a procedure of the demo catalogue (its published fee, written here
/// independently of the fee engine).
#[derive(Clone, Copy)]
enum Price {
    Free,
    /// Đồng per copy.
    Fixed(i64),
    /// Chứng thực bản sao: 2.000 đ/page for pages 1-2, 1.000 đ/page from page 3, ≤ 200.000 đ/copy.
    PerPage,
}

/// (code, price, online only)
const PROCEDURES: [(&str, Price, bool); 8] = [
    ("2.000815", Price::PerPage, false),
    ("2.000884", Price::Fixed(10_000), false),
    ("2.001035", Price::Fixed(50_000), false),
    ("2.000635", Price::Fixed(8_000), false),
    // No source for a fee: the People's Council of the province decides; not collected at the desk.
    ("1.004873", Price::Free, false),
    ("1.004837", Price::Free, false),
    ("1.001776", Price::Free, false),
    ("1.001193", Price::Free, true),
];

fn expected_fee(price: Price, copies: u32, pages: u32) -> i64 {
    let copies = i64::from(copies);
    match price {
        Price::Free => 0,
        Price::Fixed(a) => a * copies,
        Price::PerPage => {
            let pages = i64::from(pages);
            let per_copy = 2_000 * pages.min(2) + 1_000 * (pages - 2).max(0);
            per_copy.min(200_000) * copies
        }
    }
}

/// What the generator did with one dossier.
#[derive(Debug, Clone)]
struct Rec {
    code: String,
    procedure: String,
    procedure_name: String,
    received: DateTime<Utc>,
    channel: &'static str,
    outcome: &'static str,
    /// (clerk name, amount) collected at intake.
    fee: Option<(String, i64)>,
    due: Option<DateTime<Utc>>,
    status: Status,
    pauses: u32,
    /// When processing ended (result ready).
    ended: Option<DateTime<Utc>>,
    /// Whether the generator made it end at or before its due time.
    ended_in_time: bool,
    handed: Option<DateTime<Utc>>,
}

const CLERKS: [(&str, &str); 3] = [
    ("", "Trần Thị Mai"), // the demo desk's own clerk (id read at start)
    ("clerk-2", "Đỗ Văn Quý"),
    ("clerk-3", "Lý Thị Ánh"),
];

fn vn(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    clock::vietnam()
        .with_ymd_and_hms(y, m, d, h, min, 0)
        .single()
        .expect("valid time")
        .with_timezone(&Utc)
}

fn vn_day(t: DateTime<Utc>) -> NaiveDate {
    clock::local(t).date()
}

fn whole_minutes(t: DateTime<Utc>) -> DateTime<Utc> {
    let secs = t.timestamp();
    Utc.timestamp_opt(secs - secs.rem_euclid(60), 0)
        .single()
        .expect("valid instant")
}

fn is_weekend(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// March 2026 has no public holiday: the next working day is the next Monday-Friday.
fn next_working_day(d: NaiveDate) -> NaiveDate {
    let mut n = d + Duration::days(1);
    while is_weekend(n) {
        n += Duration::days(1);
    }
    n
}

fn open(s: Status) -> bool {
    matches!(s, Status::Received | Status::InProcessing)
}

struct Month {
    desk: common::TestDesk,
    recs: Vec<Rec>,
    clerk_ids: Vec<String>,
}

async fn generate_month(seed: u64) -> Month {
    let d = demo_desk().await;
    let db = &d.db;
    // Three clerks, each signed in: every dossier is attributed to the one who saved it.
    let mut sessions = vec![d.session.clone()];
    for (id, name) in &CLERKS[1..] {
        motcua::accounts::create(
            db,
            &d.admin,
            &motcua::accounts::NewAccount {
                username: (*id).to_string(),
                full_name: (*name).to_string(),
                role: motcua::accounts::Role::Clerk,
                password: common::PASSWORD.to_string(),
            },
            Utc::now(),
        )
        .await
        .expect("add clerk");
        sessions.push(
            motcua::accounts::sign_in(db, id, common::PASSWORD, Utc::now())
                .await
                .expect("clerk signs in"),
        );
    }
    let clerk_ids: Vec<String> = sessions.iter().map(|s| s.clerk_id().to_string()).collect();
    let mut rng = Rng(seed);
    let mut recs: Vec<Rec> = Vec::new();
    let mut serial = 0u64;
    for day in 1..=31 {
        let date = NaiveDate::from_ymd_opt(2026, 3, day).expect("march day");
        if is_weekend(date) {
            continue;
        }
        let count = 3 + rng.below(6);
        let mut minutes: Vec<u32> = (0..count)
            .map(|_| 7 * 60 + 30 + rng.below(9 * 60) as u32)
            .collect();
        minutes.sort_unstable();
        for m in minutes {
            serial += 1;
            let received = vn(2026, 3, day, m / 60, m % 60);
            let (code, price, online_only) =
                PROCEDURES[rng.below(PROCEDURES.len() as u64) as usize];
            let clerk = rng.below(3) as usize;
            let mut input = intake_input(code, None);
            input.received_at = Some(clock::to_db(received));
            input.submitter.full_name = format!("Công dân Thử Số {}", to_words(serial));
            input.submitter.id_number = format!("0011{:02}{:06}", 80 + serial % 20, serial);
            input.submitter.phone = format!("0912{:06}", serial);
            let outcome = if online_only {
                "assisted-online"
            } else {
                match rng.below(100) {
                    0..=79 => "accepted",
                    80..=91 => "supplement",
                    _ => "refused",
                }
            };
            match outcome {
                "supplement" => {
                    input.outcome = Some("supplement".into());
                    input.missing = Some(vec![MissingItem {
                        name: "Bản sao giấy khai sinh".into(),
                        reason: "Chưa có".into(),
                    }]);
                }
                "refused" => {
                    input.outcome = Some("refuse".into());
                    input.refusal_reason = Some("Không thuộc thẩm quyền".into());
                }
                _ => {}
            }
            let copies = 1 + rng.below(3) as u32;
            let pages = 1 + rng.below(8) as u32;
            let fee_mode = rng.below(10);
            let exempt = fee_mode == 0;
            let at_result = fee_mode == 1;
            input.fee = Some(FeeInput {
                copies,
                pages,
                exempt_reason: exempt.then(|| "Hộ nghèo".to_string()),
                collect_at: if at_result { "result" } else { "intake" }.into(),
                method: "cash".into(),
            });
            let view = intake::save(db, &sessions[clerk], &input, received)
                .await
                .unwrap_or_else(|e| {
                    panic!("intake {code} {outcome}: {e}");
                });
            assert_eq!(view.outcome, outcome, "{code}");
            let amount = expected_fee(price, copies, pages);
            let fee = (outcome == "accepted" && !exempt && !at_result && amount > 0)
                .then(|| (CLERKS[clerk].1.to_string(), amount));
            if outcome == "accepted" && !exempt {
                // The generator's price and the fee engine agree.
                assert_eq!(view.fee_amount, amount, "{code} {copies}×{pages}");
            }
            let status = match outcome {
                "accepted" => Status::Received,
                "supplement" => Status::SupplementRequested,
                "refused" => Status::Refused,
                _ => Status::SubmittedOnline,
            };
            let mut channel = if outcome == "assisted-online" {
                "online"
            } else {
                "direct"
            };
            if outcome == "accepted" && rng.chance(10) {
                // Arrived by the public postal service.
                sqlx::query("UPDATE dossier SET channel = 'post' WHERE code = ?")
                    .bind(&view.summary.code)
                    .execute(db)
                    .await
                    .expect("post channel");
                channel = "post";
            }
            recs.push(Rec {
                code: view.summary.code.clone(),
                procedure: code.to_string(),
                procedure_name: view.summary.procedure_name.clone(),
                received,
                channel,
                outcome,
                fee,
                due: view.summary.due_at.as_deref().and_then(clock::parse),
                status,
                pauses: 0,
                ended: None,
                ended_in_time: false,
                handed: None,
            });
        }
    }
    // What happens after intake, dossier by dossier.
    for rec in recs.iter_mut().filter(|r| r.outcome == "accepted") {
        let mut last = rec.received;
        let path = rng.below(100);
        if path < 15 {
            continue; // still received
        }
        if path < 25 || rng.chance(50) {
            last += Duration::minutes(30 + rng.below(120) as i64);
            lifecycle::move_to(&d.db, &d.session, &rec.code, Status::InProcessing, "", last)
                .await
                .expect("in processing");
            rec.status = Status::InProcessing;
            if path < 25 {
                continue;
            }
        }
        if (25..32).contains(&path) {
            // Asked for a supplement; the citizen has not come back yet.
            last += Duration::minutes(20 + rng.below(60) as i64);
            motcua::dossier::pause::pause(&d.db, &d.session, &rec.code, last, "Thiếu giấy tờ")
                .await
                .expect("pause");
            rec.pauses = 1;
            rec.status = Status::SupplementRequested;
            continue;
        }
        let pauses = match rng.below(10) {
            0..=5 => 0,
            6..=7 => 1,
            _ => 2,
        };
        for _ in 0..pauses {
            last += Duration::minutes(20 + rng.below(60) as i64);
            motcua::dossier::pause::pause(&d.db, &d.session, &rec.code, last, "Thiếu giấy tờ")
                .await
                .expect("pause");
            rec.pauses += 1;
            last += Duration::hours(20 + rng.below(30) as i64);
            let v = motcua::dossier::pause::resume(&d.db, &d.session, &rec.code, last)
                .await
                .expect("resume");
            rec.due = v.summary.due_at.as_deref().and_then(clock::parse);
            rec.status = Status::parse(&v.summary.status).expect("status");
        }
        // The result: in time (about three in four) or late.
        let lo = last + Duration::minutes(1);
        let want_in_time = rng.chance(75);
        let (ended, in_time) = match rec.due {
            None => (lo + Duration::hours(2), true),
            Some(due) if want_in_time && due > lo => (whole_minutes(lo + (due - lo) / 2), true),
            Some(due) => (
                whole_minutes(lo.max(due) + Duration::hours(20 + rng.below(40) as i64)),
                false,
            ),
        };
        lifecycle::move_to(&d.db, &d.session, &rec.code, Status::ResultReady, "", ended)
            .await
            .expect("result ready");
        rec.status = Status::ResultReady;
        rec.ended = Some(ended);
        rec.ended_in_time = in_time;
        if rng.chance(70) {
            let handed = ended + Duration::hours(1 + rng.below(60) as i64);
            // A fee owed at result is left unpaid here, with its audited reason: the report's
            // fee figures count what was collected at intake (tests/forms_inspector.rs covers
            // collection at hand-out).
            lifecycle::hand_out_settling(
                &d.db,
                &d.session,
                &rec.code,
                Recipient {
                    full_name: "Người Nhận Thay".into(),
                    id_number: "001190012345".into(),
                    is_proxy: true,
                    authorisation: Some("Giấy ủy quyền số 12/2026".into()),
                },
                Some(HandoutFee {
                    method: None,
                    exempt_reason: None,
                    unpaid_reason: Some("Công dân xin nộp sau".into()),
                }),
                handed,
            )
            .await
            .expect("hand out");
            rec.status = Status::HandedOut;
            rec.handed = Some(handed);
        }
    }
    Month {
        desk: d,
        recs,
        clerk_ids,
    }
}

/// Letters only (names must not carry digits): 12 → "Một Hai".
fn to_words(n: u64) -> String {
    const W: [&str; 10] = [
        "Không", "Một", "Hai", "Ba", "Bốn", "Năm", "Sáu", "Bảy", "Tám", "Chín",
    ];
    n.to_string()
        .chars()
        .map(|c| W[c.to_digit(10).unwrap_or(0) as usize])
        .collect::<Vec<_>>()
        .join(" ")
}

/// The report of `day` as the generator's records say it must be.
fn expected(recs: &[Rec], day: NaiveDate, now: DateTime<Utc>) -> Expected {
    let mut e = Expected::default();
    let next = next_working_day(day);
    let next_start = vn(next.year(), next.month(), next.day(), 0, 0);
    let next_end = next_start + Duration::days(1);
    for r in recs {
        if vn_day(r.received) == day {
            e.received += 1;
            *e.by_procedure.entry(r.procedure.clone()).or_default() += 1;
            *e.by_channel.entry(r.channel.to_string()).or_default() += 1;
            *e.outcomes.entry(r.outcome.to_string()).or_default() += 1;
            if let Some((clerk, amount)) = &r.fee {
                let f = e.fees.entry(clerk.clone()).or_default();
                f.0 += 1;
                f.1 += amount;
            }
        }
        if r.handed.is_some_and(|t| vn_day(t) == day) {
            e.handed_out += 1;
        }
        if r.ended.is_some_and(|t| vn_day(t) == day) {
            e.resolved += 1;
            if r.ended_in_time && r.pauses <= 1 {
                e.on_time += 1;
            } else if r.ended_in_time {
                e.late_by_supplements += 1;
            }
        }
        if open(r.status) {
            if r.due.is_some_and(|d| d < now) {
                e.overdue += 1;
            }
            if r.due.is_some_and(|d| d >= next_start && d < next_end) {
                e.due_next += 1;
            }
        }
    }
    e.next = next;
    e
}

#[derive(Debug, Default)]
struct Expected {
    received: u32,
    by_procedure: BTreeMap<String, u32>,
    by_channel: BTreeMap<String, u32>,
    outcomes: BTreeMap<String, u32>,
    /// clerk name → (receipts, amount)
    fees: BTreeMap<String, (u32, i64)>,
    handed_out: u32,
    resolved: u32,
    on_time: u32,
    late_by_supplements: u32,
    overdue: u32,
    due_next: u32,
    next: NaiveDate,
}

fn check(r: &DayReport, e: &Expected, names: &BTreeMap<String, String>) {
    let day = &r.date;
    assert_eq!(r.received_total, e.received, "{day}: received");
    let got: BTreeMap<String, u32> = r
        .by_procedure
        .iter()
        .map(|c| (c.key.clone(), c.count))
        .collect();
    assert_eq!(got, e.by_procedure, "{day}: per procedure");
    assert_eq!(
        r.by_procedure.len(),
        got.len(),
        "{day}: one line per procedure"
    );
    for c in &r.by_procedure {
        assert_eq!(Some(&c.label), names.get(&c.key), "{day}: procedure name");
    }
    assert!(
        r.by_procedure
            .windows(2)
            .all(|w| (w[1].count, &w[0].key) <= (w[0].count, &w[1].key)),
        "{day}: most dossiers first, then by code: {:?}",
        r.by_procedure
    );
    let got: BTreeMap<String, u32> = r
        .by_channel
        .iter()
        .map(|c| (c.key.clone(), c.count))
        .collect();
    assert_eq!(got, e.by_channel, "{day}: per channel");
    let o = |k: &str| e.outcomes.get(k).copied().unwrap_or(0);
    assert_eq!(r.outcomes.accepted, o("accepted"), "{day}: accepted");
    assert_eq!(r.outcomes.supplement, o("supplement"), "{day}: supplement");
    assert_eq!(r.outcomes.refused, o("refused"), "{day}: refused");
    assert_eq!(
        r.outcomes.assisted_online,
        o("assisted-online"),
        "{day}: assisted online"
    );
    let got: BTreeMap<String, (u32, i64)> = r
        .fees
        .iter()
        .map(|f| (f.clerk_name.clone(), (f.receipts, f.amount)))
        .collect();
    assert_eq!(got, e.fees, "{day}: fees per clerk");
    assert_eq!(
        r.fees_total,
        e.fees.values().map(|f| f.1).sum::<i64>(),
        "{day}: fee total"
    );
    assert_eq!(r.handed_out, e.handed_out, "{day}: handed out");
    assert_eq!(r.on_time.resolved, e.resolved, "{day}: resolved");
    assert_eq!(r.on_time.on_time, e.on_time, "{day}: on time");
    assert_eq!(r.on_time.late, e.resolved - e.on_time, "{day}: late");
    assert_eq!(
        r.on_time.late_by_supplements, e.late_by_supplements,
        "{day}: late by supplements"
    );
    let rate = (e.resolved > 0).then(|| {
        // Tenths of a percent, rounded half up, in integers.
        (e.on_time * 2000 + e.resolved) / (2 * e.resolved)
    });
    assert_eq!(r.on_time.rate_tenths, rate, "{day}: rate");
    assert_eq!(r.overdue_now, e.overdue, "{day}: overdue now");
    assert_eq!(r.next_working_day, e.next.format("%Y-%m-%d").to_string());
    assert_eq!(r.due_next, e.due_next, "{day}: due next working day");
}

#[tokio::test]
async fn a_generated_month_adds_up_day_by_day() {
    let m = generate_month(20260301).await;
    let now = vn(2026, 4, 1, 0, 0);
    let names: BTreeMap<String, String> = m
        .recs
        .iter()
        .map(|r| (r.procedure.clone(), r.procedure_name.clone()))
        .collect();
    // The month exercises every part of the report.
    let recs = &m.recs;
    assert!(recs.len() >= 100, "{} dossiers", recs.len());
    for outcome in ["accepted", "supplement", "refused", "assisted-online"] {
        assert!(recs.iter().any(|r| r.outcome == outcome), "no {outcome}");
    }
    assert!(recs.iter().any(|r| r.channel == "post"));
    assert!(recs.iter().filter(|r| r.fee.is_some()).count() > 20);
    let fee_clerks: std::collections::BTreeSet<&str> = recs
        .iter()
        .filter_map(|r| r.fee.as_ref().map(|f| f.0.as_str()))
        .collect();
    assert_eq!(fee_clerks.len(), 3, "fees by every clerk");
    assert!(recs.iter().any(|r| r.ended.is_some() && !r.ended_in_time));
    assert!(
        recs.iter()
            .any(|r| r.ended.is_some() && r.ended_in_time && r.pauses == 1)
    );
    assert!(
        recs.iter()
            .any(|r| r.ended.is_some() && r.ended_in_time && r.pauses > 1),
        "a dossier in time by the clock but with two supplement requests"
    );
    assert!(recs.iter().any(|r| r.handed.is_some()));
    assert!(
        recs.iter()
            .any(|r| open(r.status) && r.due.is_some_and(|d| d < now))
    );
    assert!(
        recs.iter()
            .any(|r| r.status == Status::SupplementRequested && r.pauses == 1)
    );

    let mut resolved_total = 0;
    for day in 1..=31 {
        let date = NaiveDate::from_ymd_opt(2026, 3, day).expect("march day");
        let r = reports::day(&m.desk.db, &m.desk.supervisor, date, None, now)
            .await
            .expect("report");
        let e = expected(recs, date, now);
        check(&r, &e, &names);
        resolved_total += r.on_time.resolved;
        assert_eq!(r.unit_code, "000.00.31.H29");
        assert_eq!(r.generated_at, clock::to_db(now));
    }
    let ended_in_march = recs
        .iter()
        .filter(|r| r.ended.is_some_and(|t| t < now))
        .count();
    assert_eq!(resolved_total as usize, ended_in_march);
    // Another unit's code: nothing of this desk.
    let other = reports::day(
        &m.desk.db,
        &m.desk.supervisor,
        NaiveDate::from_ymd_opt(2026, 3, 10).expect("day"),
        Some("000.00.99.H99"),
        now,
    )
    .await
    .expect("report");
    assert_eq!(other.received_total, 0);
    assert!(other.fees.is_empty());
    assert_eq!(m.clerk_ids.len(), 3);
}

/// The busiest day of a generated month, printed and exported.
#[tokio::test]
async fn pdf_and_workbook_carry_the_figures() {
    let m = generate_month(7).await;
    let now = vn(2026, 4, 1, 0, 0);
    let mut per_day: BTreeMap<NaiveDate, i64> = BTreeMap::new();
    for r in &m.recs {
        if let Some((_, a)) = &r.fee {
            *per_day.entry(vn_day(r.received)).or_default() += a;
        }
    }
    let (busiest, total) = per_day
        .iter()
        .max_by_key(|(d, a)| (**a, std::cmp::Reverse(**d)))
        .map(|(d, a)| (*d, *a))
        .expect("a day with fees");
    let r = reports::day(&m.desk.db, &m.desk.supervisor, busiest, None, now)
        .await
        .expect("report");
    assert_eq!(r.fees_total, total);
    let dir = tempfile::tempdir().expect("tempdir");

    let pdf = reports::pdf(&m.desk.db, &m.desk.supervisor, &r)
        .await
        .expect("pdf");
    let path = dir.path().join("bao-cao.pdf");
    std::fs::write(&path, &pdf).expect("write");
    // Squashed: the unit name wraps in the issuer block.
    let text = pdftotext(&path)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let day = busiest.format("%d/%m/%Y").to_string();
    for needle in [
        "BÁO CÁO TÌNH HÌNH TIẾP NHẬN VÀ TRẢ KẾT QUẢ HỒ SƠ".to_string(),
        format!("Ngày {day}"),
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN PHÚ".to_string(),
        format!(
            "Lượt nộp hồ sơ tại quầy trong ngày (mọi kết quả ở mục II): {}",
            r.received_total
        ),
        format!(
            "Phí, lệ phí đã thu: {}",
            motcua::documents::format_dong(total)
        ),
        format!("Tỷ lệ đúng hạn: {}", reports::rate_text(&r.on_time)),
    ] {
        assert!(text.contains(&needle), "missing {needle:?} in\n{text}");
    }
    for f in &r.fees {
        assert!(text.contains(&f.clerk_name), "{}", f.clerk_name);
    }

    let xlsx = reports::xlsx(&r).expect("xlsx");
    let path = dir.path().join("bao-cao.xlsx");
    std::fs::write(&path, &xlsx).expect("write");
    let xml = xlsx_xml(&path);
    assert!(xml.contains("Báo cáo ngày"));
    assert!(xml.contains("Phí, lệ phí đã thu (đồng)"));
    for f in &r.fees {
        assert!(xml.contains(&f.clerk_name));
        assert!(
            xml.contains(&format!("<v>{}</v>", f.amount)),
            "{}",
            f.amount
        );
    }
    assert!(xml.contains(&format!("<v>{total}</v>")));
}

#[tokio::test]
async fn cli_report_day_json_pdf_and_xlsx() {
    let m = generate_month(99).await;
    let date = NaiveDate::from_ymd_opt(2026, 3, 17).expect("day");
    let e = expected(&m.recs, date, Utc::now());
    m.desk.db.close().await;
    let db = m.desk.path.as_path();
    let dir = tempfile::tempdir().expect("tempdir");

    let v = common::json(&motcua(db, &["report", "day", "2026-03-17", "--json"]));
    assert_eq!(v["date"], "2026-03-17");
    assert_eq!(v["received_total"], e.received);
    assert_eq!(v["handed_out"], e.handed_out);
    assert_eq!(v["fees_total"], e.fees.values().map(|f| f.1).sum::<i64>());
    assert_eq!(v["on_time"]["resolved"], e.resolved);

    for (name, format) in [("r.pdf", "pdf"), ("r.XLSX", "xlsx")] {
        let file = dir.path().join(name);
        let arg = file.to_str().expect("utf-8 path");
        let v = common::json(&motcua(
            db,
            &["report", "day", "2026-03-17", "-o", arg, "--json"],
        ));
        assert_eq!(v["format"], format);
        assert_eq!(v["report"]["received_total"], e.received);
        let bytes = std::fs::read(&file).expect("written");
        assert_eq!(v["bytes"], bytes.len());
        if format == "pdf" {
            assert!(bytes.starts_with(b"%PDF"));
        } else {
            assert!(bytes.starts_with(b"PK\x03\x04"));
        }
    }
    // Human summary.
    let o = motcua(db, &["report", "day", "2026-03-17"]);
    assert!(o.status.success());
    let out = String::from_utf8_lossy(&o.stdout);
    assert!(out.contains("Báo cáo ngày 17/03/2026"), "{out}");
    assert!(out.contains(&format!("tiếp nhận {}", e.received)), "{out}");
    // Bad date, bad extension: errors, nothing written.
    let o = motcua(db, &["report", "day", "17/03/2026"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("YYYY-MM-DD"));
    let bad = dir.path().join("r.csv");
    let o = motcua(
        db,
        &[
            "report",
            "day",
            "2026-03-17",
            "-o",
            bad.to_str().expect("utf-8"),
            "--json",
        ],
    );
    assert!(!o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON error");
    assert_eq!(v["error"]["code"], "report_format");
    assert!(!bad.exists());
}

fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is required");
    assert!(out.status.success());
    String::from_utf8(out.stdout).expect("utf-8 text")
}

fn xlsx_xml(path: &Path) -> String {
    let script = concat!(
        "import zipfile, sys\n",
        "z = zipfile.ZipFile(sys.argv[1])\n",
        "assert z.testzip() is None\n",
        "for n in sorted(z.namelist()):\n",
        "    if n.endswith('.xml'):\n",
        "        sys.stdout.write('=== ' + n + '\\n' + z.read(n).decode('utf-8') + '\\n')\n",
    );
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(path)
        .output()
        .expect("python3 is required");
    assert!(
        out.status.success(),
        "not a valid zip: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 xml")
}

//! Register search latency on a 1,000,000-dossier desk database.
//!
//! `cargo run --release --example bench_register -- [DB_PATH] [DOSSIERS] [ROUNDS]`
//! (defaults: /tmp/motcua-bench-register.sqlite, 1000000, 200). The database is built once with
//! realistic Vietnamese names (family-name frequencies of the national statistics), 12-digit
//! personal IDs, mobile phones, codes `<unit>-YYMMDD-NNNN` over four years of working days, and
//! statuses by age (old dossiers mostly handed out, recent ones in every state). A database
//! already holding that many dossiers is reused. It then times `register::search` for a mix of
//! queries and every filter and prints p50/p95/p99 per kind and overall.

use std::time::Instant;

use chrono::{DateTime, Datelike, Duration, NaiveDate, TimeZone, Utc, Weekday};
use motcua::dossier::register::{self, Filter, RegisterQuery, Sort};
use motcua::search_text::fold;
use motcua::{clock, reference::desk, store};

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
        self.next() % n.max(1)
    }
    fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len() as u64) as usize]
    }
    /// Picks by weight (per mille or any unit).
    fn weighted<'a>(&mut self, xs: &'a [(&'a str, u32)]) -> &'a str {
        let total: u32 = xs.iter().map(|x| x.1).sum();
        let mut r = self.below(u64::from(total)) as u32;
        for (s, w) in xs {
            if r < *w {
                return s;
            }
            r -= w;
        }
        xs[0].0
    }
}

/// Họ, per mille of the population (approximate published frequencies).
const FAMILY: &[(&str, u32)] = &[
    ("Nguyễn", 384),
    ("Trần", 110),
    ("Lê", 95),
    ("Phạm", 71),
    ("Hoàng", 51),
    ("Huỳnh", 30),
    ("Phan", 45),
    ("Vũ", 39),
    ("Võ", 30),
    ("Đặng", 21),
    ("Bùi", 20),
    ("Đỗ", 14),
    ("Hồ", 13),
    ("Ngô", 13),
    ("Dương", 10),
    ("Lý", 5),
    ("Đinh", 6),
    ("Trương", 6),
    ("Lâm", 4),
    ("Mai", 4),
    ("Đào", 4),
    ("Cao", 3),
    ("Lương", 3),
    ("Tạ", 2),
    ("Thái", 2),
    ("Quách", 1),
    ("Kiều", 1),
    ("Triệu", 1),
];
const MIDDLE_M: &[&str] = &[
    "Văn", "Văn", "Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Xuân", "Ngọc", "Tuấn",
    "Hoàng", "Đình", "Trọng", "Quang", "Bá", "Thế", "Duy", "Anh",
];
const MIDDLE_F: &[&str] = &[
    "Thị", "Thị", "Thị", "Thị", "Ngọc", "Thanh", "Thu", "Kim", "Minh", "Bích", "Thùy", "Hồng",
    "Diệu", "Mỹ", "Phương", "Khánh", "Bảo", "Hoài",
];
const GIVEN_M: &[&str] = &[
    "An", "Anh", "Bảo", "Bình", "Cường", "Dũng", "Duy", "Đạt", "Đức", "Giang", "Hải", "Hiếu",
    "Hòa", "Hoàng", "Hùng", "Huy", "Khang", "Khánh", "Khoa", "Kiên", "Lâm", "Linh", "Long", "Lộc",
    "Minh", "Nam", "Nghĩa", "Nhân", "Phát", "Phong", "Phúc", "Quân", "Quang", "Sơn", "Tài", "Tâm",
    "Thắng", "Thành", "Thịnh", "Toàn", "Trung", "Tuấn", "Tùng", "Việt", "Vinh", "Vũ",
];
const GIVEN_F: &[&str] = &[
    "An", "Anh", "Bích", "Chi", "Dung", "Duyên", "Giang", "Hà", "Hạnh", "Hằng", "Hiền", "Hoa",
    "Hồng", "Huệ", "Hương", "Hường", "Lan", "Liên", "Linh", "Loan", "Mai", "My", "Nga", "Ngân",
    "Ngọc", "Nhung", "Oanh", "Phương", "Quyên", "Quỳnh", "Tâm", "Thảo", "Thu", "Thúy", "Thủy",
    "Trang", "Trinh", "Uyên", "Vân", "Vy", "Xuân", "Yến",
];
/// Pre-2025 province codes of birth registration (a sample).
const PROVINCES: &[&str] = &[
    "001", "002", "004", "008", "015", "019", "022", "024", "025", "026", "027", "030", "031",
    "033", "034", "035", "036", "037", "038", "040", "042", "044", "045", "046", "048", "049",
    "051", "052", "054", "056", "058", "060", "062", "064", "066", "067", "068", "070", "072",
    "074", "075", "077", "079", "080", "082", "083", "084", "086", "087", "089", "091", "092",
    "093", "094", "095", "096",
];
const PHONE_PREFIXES: &[&str] = &[
    "032", "033", "034", "035", "036", "037", "038", "039", "070", "076", "077", "078", "079",
    "081", "082", "083", "084", "085", "086", "088", "089", "090", "091", "093", "094", "096",
    "097", "098", "099",
];

const UNIT: &str = "000.00.31.H29";

/// The instant the benchmark treats as now: Friday 27 November 2026, 10:00 Vietnam time.
fn bench_now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 3, 0, 0)
        .single()
        .expect("valid instant")
}

struct Person {
    name: String,
    id_number: String,
    phone: String,
}

fn person(rng: &mut Rng) -> Person {
    let female = rng.below(2) == 0;
    let family = rng.weighted(FAMILY);
    let (middle, given) = if female {
        (rng.pick(MIDDLE_F), rng.pick(GIVEN_F))
    } else {
        (rng.pick(MIDDLE_M), rng.pick(GIVEN_M))
    };
    let name = if rng.below(10) == 0 {
        // Some four-word names.
        let extra = if female { "Thị" } else { "Văn" };
        format!("{family} {extra} {middle} {given}")
    } else {
        format!("{family} {middle} {given}")
    };
    let year = 1950 + rng.below(56);
    let century = if year >= 2000 { 2 } else { 0 } + u64::from(female);
    let id_number = format!(
        "{}{}{:02}{:06}",
        rng.pick(PROVINCES),
        century,
        year % 100,
        rng.below(1_000_000)
    );
    let phone = if rng.below(10) == 0 {
        String::new()
    } else {
        format!("{}{:07}", rng.pick(PHONE_PREFIXES), rng.below(10_000_000))
    };
    Person {
        name,
        id_number,
        phone,
    }
}

/// Working days (Monday-Friday) from `from` to `to`, inclusive.
fn working_days(from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut d = from;
    while d <= to {
        if !matches!(d.weekday(), Weekday::Sat | Weekday::Sun) {
            out.push(d);
        }
        d += Duration::days(1);
    }
    out
}

const COLUMNS: usize = 18;

/// The password of the bench desk's administrator (a throw-away database).
const BENCH_PASSWORD: &str = "bench-password";

async fn build(db: &store::Db, count: usize) -> Result<(), Box<dyn std::error::Error>> {
    desk::setup(db, &desk::demo_setup(BENCH_PASSWORD)).await?;
    let admin = motcua::accounts::sign_in(db, "admin", BENCH_PASSWORD, chrono::Utc::now()).await?;
    let ctx = desk::context(db, &admin).await?;
    let (version,): (i64,) = sqlx::query_as("SELECT MAX(id) FROM catalogue_version")
        .fetch_one(db)
        .await?;
    let procedures: Vec<(String, String, String)> =
        sqlx::query_as("SELECT code, name, field FROM procedure WHERE catalogue_version_id = ?")
            .bind(version)
            .fetch_all(db)
            .await?;
    if procedures.is_empty() {
        return Err("the demo catalogue is empty".into());
    }
    let now = bench_now();
    let today = clock::local(now).date();
    let days = working_days(today - Duration::days(4 * 365), today);
    // Day i gets the dossiers numbered from i·count/days to (i+1)·count/days.
    let quota = |i: usize| (i + 1) * count / days.len() - i * count / days.len();
    let mut rng = Rng(0x6D6F_7463_7561);
    let lit = |s: &str| s.replace('\'', "''");
    let fixed = format!(
        "{version}, '{unit}', 'Ủy ban nhân dân cấp xã', 1, 'counter', 'working-days:5', 'Thời hạn 05 ngày làm việc', \
         '{desk}', '{clerk}', 'citizen', '', 'owner', '', 'none'",
        unit = lit(UNIT),
        desk = lit(&ctx.desk_id),
        clerk = lit(&ctx.clerk_id),
    );
    let head = "INSERT INTO dossier (id, code, procedure_code, procedure_name, channel, submitter_json, \
         submitter_name, search_folded, id_number, phone, received_at, due_at, status, national_status, \
         fee_amount, fee_text, ledger_book, ledger_number, created_at, updated_at, \
         catalogue_version_id, receiving_unit_code, competent_authority, sets_count, delivery, due_rule, \
         due_explanation, desk_id, created_by, owner_kind, owner_id_number, submitter_role, authorisation, fee_state) VALUES ";
    let rows_per_statement = 1000;
    let started = Instant::now();
    let mut made = 0usize;
    let mut ledger = std::collections::HashMap::<i32, i64>::new();
    let mut batch: Vec<Vec<String>> = Vec::with_capacity(rows_per_statement);
    let mut tx = db.begin().await?;
    'days: for (i, day) in days.iter().enumerate() {
        let per_day = quota(i);
        let yymmdd = day.format("%y%m%d").to_string();
        let age = (today - *day).num_days();
        for seq in 1..=per_day {
            if made >= count {
                break 'days;
            }
            let p = person(&mut rng);
            let (proc_code, proc_name, _) = rng.pick(&procedures).clone();
            let minute = 7 * 60 + rng.below(10 * 60) as i64;
            let received_local =
                day.and_hms_opt(0, 0, 0).ok_or("bad day")? + Duration::minutes(minute);
            let received = received_local
                .and_local_timezone(clock::vietnam())
                .single()
                .ok_or("bad time")?
                .with_timezone(&Utc);
            // Today: before now.
            let received = if received > now {
                now - Duration::minutes(1 + rng.below(180) as i64)
            } else {
                received
            };
            let due = received + Duration::days(7 + rng.below(8) as i64);
            let r = rng.below(1000);
            let status = if age > 30 {
                match r {
                    0..=929 => "handed-out",
                    930..=949 => "result-ready",
                    950..=959 => "withdrawn",
                    960..=979 => "refused",
                    _ => "supplement-requested",
                }
            } else {
                match r {
                    0..=249 => "received",
                    250..=499 => "in-processing",
                    500..=549 => "supplement-requested",
                    550..=749 => "result-ready",
                    _ => "handed-out",
                }
            };
            let national = match status {
                "received" => 2,
                "refused" => 3,
                "in-processing" => 4,
                "supplement-requested" => 5,
                "withdrawn" => 7,
                "result-ready" => 9,
                _ => 10,
            };
            let year = day.year();
            let n = ledger.entry(year).or_insert(0);
            *n += 1;
            let at = clock::to_db(received);
            let submitter_json = serde_json::json!({
                "full_name": p.name, "id_number": p.id_number, "phone": p.phone, "email": "", "address": ""
            })
            .to_string();
            batch.push(vec![
                format!("bench-{made:08}"),
                format!("{UNIT}-{yymmdd}-{seq:04}"),
                proc_code,
                proc_name,
                if rng.below(10) == 0 { "post" } else { "direct" }.to_string(),
                submitter_json,
                fold(&p.name),
                p.id_number,
                p.phone,
                at.clone(),
                clock::to_db(due),
                status.to_string(),
                national.to_string(),
                (rng.below(3) * 8000).to_string(),
                year.to_string(),
                n.to_string(),
                at,
                p.name,
            ]);
            made += 1;
            if batch.len() == rows_per_statement {
                insert(&mut tx, head, &fixed, &batch).await?;
                batch.clear();
                if made.is_multiple_of(100_000) {
                    tx.commit().await?;
                    tx = db.begin().await?;
                    println!(
                        "  {made} dossiers, {:.0} s",
                        started.elapsed().as_secs_f64()
                    );
                }
            }
        }
    }
    if !batch.is_empty() {
        insert(&mut tx, head, &fixed, &batch).await?;
    }
    tx.commit().await?;
    // No ANALYZE: the desk's own database has no planner statistics either.
    println!(
        "built {made} dossiers in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// One multi-row INSERT. Row fields in the order of `build`'s vector; the last is the name.
async fn insert(
    tx: &mut sqlx::Transaction<'_, sqlx::Sqlite>,
    head: &str,
    fixed: &str,
    rows: &[Vec<String>],
) -> Result<(), sqlx::Error> {
    let one = format!("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?, ?, {fixed})");
    let mut sql = String::with_capacity(head.len() + rows.len() * (one.len() + 2));
    sql.push_str(head);
    for i in 0..rows.len() {
        if i > 0 {
            sql.push(',');
        }
        sql.push_str(&one);
    }
    let mut q = sqlx::query(&sql);
    for r in rows {
        debug_assert_eq!(r.len(), COLUMNS);
        // id, code, procedure_code, procedure_name, channel, submitter_json, submitter_name,
        // search_folded, id_number, phone, received_at, due_at, status, national_status,
        // fee_amount, ledger_book, ledger_number, created_at, updated_at
        q = q
            .bind(&r[0])
            .bind(&r[1])
            .bind(&r[2])
            .bind(&r[3])
            .bind(&r[4])
            .bind(&r[5])
            .bind(&r[17])
            .bind(&r[6])
            .bind(&r[7])
            .bind(&r[8])
            .bind(&r[9])
            .bind(&r[10])
            .bind(&r[11])
            .bind(r[12].parse::<i64>().unwrap_or(0))
            .bind(r[13].parse::<i64>().unwrap_or(0))
            .bind(&r[14])
            .bind(r[15].parse::<i64>().unwrap_or(0))
            .bind(&r[16])
            .bind(&r[16]);
    }
    q.execute(&mut **tx).await?;
    Ok(())
}

/// (code, name, ID number, phone) of a dossier in the database.
type Sample = (String, String, String, String);

struct Kind {
    name: &'static str,
    queries: Vec<RegisterQuery>,
}

fn q(query: &str, filters: &[&str], sort: &str) -> RegisterQuery {
    RegisterQuery {
        query: query.to_string(),
        filters: filters
            .iter()
            .map(|s| Filter::parse(s).expect("a known filter"))
            .collect(),
        sort: Sort::parse(sort).expect("a known sort"),
        offset: 0,
        limit: 50,
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    motcua::i18n::set_locale("vi");
    let mut args = std::env::args().skip(1);
    let path = args
        .next()
        .unwrap_or_else(|| "/tmp/motcua-bench-register.sqlite".into());
    let count: usize = args
        .next()
        .map(|s| s.parse())
        .transpose()?
        .unwrap_or(1_000_000);
    let rounds: usize = args.next().map(|s| s.parse()).transpose()?.unwrap_or(200);
    let path = std::path::PathBuf::from(path);
    let db = store::open(&path).await?;
    let have: i64 = sqlx::query_scalar("SELECT count(*) FROM dossier")
        .fetch_one(&db)
        .await?;
    if (have as usize) < count {
        if have > 0 {
            return Err(format!(
                "{} holds {have} dossiers, fewer than {count}: remove it to rebuild",
                path.display()
            )
            .into());
        }
        println!("building {count} dossiers into {}", path.display());
        build(&db, count).await?;
    } else {
        println!("reusing {} ({have} dossiers)", path.display());
    }
    let session =
        motcua::accounts::sign_in(&db, "admin", BENCH_PASSWORD, chrono::Utc::now()).await?;
    let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
    println!("database {:.0} MiB", size as f64 / 1_048_576.0);

    // Real values to look for, picked from the database.
    let samples: Vec<Sample> = sqlx::query_as(
        "SELECT code, submitter_name, id_number, phone FROM dossier WHERE rowid IN
           (SELECT abs(random()) % (SELECT max(rowid) FROM dossier) + 1 FROM generate_series(1, ?))",
    )
    .bind(rounds as i64 * 2)
    .fetch_all(&db)
    .await
    .or_else(|_| Ok::<_, sqlx::Error>(Vec::new()))?;
    let samples = if samples.len() >= rounds {
        samples
    } else {
        // No generate_series: take a spread of rows instead.
        let step = (have.max(count as i64) / rounds as i64).max(1);
        sqlx::query_as(
            "SELECT code, submitter_name, id_number, phone FROM dossier WHERE rowid % ? = 7 LIMIT ?",
        )
        .bind(step)
        .bind(rounds as i64)
        .fetch_all(&db)
        .await?
    };
    let take = |f: &dyn Fn(&Sample) -> Option<String>| -> Vec<String> {
        samples.iter().filter_map(f).take(rounds).collect()
    };
    let mut rng = Rng(42);
    let kinds = vec![
        Kind {
            name: "code (whole)",
            queries: take(&|s| Some(s.0.clone()))
                .iter()
                .map(|c| q(c, &[], ""))
                .collect(),
        },
        Kind {
            name: "code prefix (unit-YYMMDD)",
            queries: take(&|s| Some(s.0[..s.0.len() - 5].to_string()))
                .iter()
                .map(|c| q(c, &[], ""))
                .collect(),
        },
        Kind {
            name: "code tail (YYMMDD-NNNN)",
            queries: take(&|s| s.0.split_once('-').map(|(_, t)| t.to_string()))
                .iter()
                .map(|c| q(c, &[], ""))
                .collect(),
        },
        Kind {
            name: "full name, diacritics",
            queries: take(&|s| Some(s.1.clone()))
                .iter()
                .map(|c| q(c, &[], ""))
                .collect(),
        },
        Kind {
            name: "full name, no diacritics",
            queries: take(&|s| Some(fold(&s.1)))
                .iter()
                .map(|c| q(c, &[], ""))
                .collect(),
        },
        Kind {
            name: "family + given, no diacritics",
            queries: take(&|s| {
                let w: Vec<&str> = s.1.split(' ').collect();
                Some(fold(&format!("{} {}", w[0], w[w.len() - 1])))
            })
            .iter()
            .map(|c| q(c, &[], ""))
            .collect(),
        },
        Kind {
            name: "one common word (nguyen/dang/thi…)",
            queries: (0..rounds)
                .map(|_| {
                    q(
                        rng.pick::<&str>(&[
                            "nguyen", "dang", "thi", "van", "tran", "Đặng", "le", "hoa",
                        ]),
                        &[],
                        "",
                    )
                })
                .collect(),
        },
        Kind {
            name: "ID number (whole)",
            queries: take(&|s| Some(s.2.clone()))
                .iter()
                .map(|c| q(c, &[], ""))
                .collect(),
        },
        Kind {
            name: "ID number prefix (8)",
            queries: take(&|s| Some(s.2[..8].to_string()))
                .iter()
                .map(|c| q(c, &[], ""))
                .collect(),
        },
        Kind {
            name: "phone (whole)",
            queries: take(&|s| (!s.3.is_empty()).then(|| s.3.clone()))
                .iter()
                .map(|c| q(c, &[], ""))
                .collect(),
        },
        Kind {
            name: "phone prefix +84 (6)",
            queries: take(&|s| (!s.3.is_empty()).then(|| format!("+84 {}", &s.3[1..6])))
                .iter()
                .map(|c| q(c, &[], ""))
                .collect(),
        },
        Kind {
            name: "name + filter (overdue)",
            queries: take(&|s| s.1.split(' ').next().map(fold))
                .iter()
                .map(|c| q(c, &["overdue"], "due"))
                .collect(),
        },
    ];
    let mut kinds = kinds;
    for (filter, sort) in [
        ("today", ""),
        ("due-soon", "due"),
        ("overdue", "due"),
        ("supplement", ""),
        ("result-ready", ""),
        ("handed-out", ""),
    ] {
        let name: &'static str = Box::leak(format!("filter {filter}").into_boxed_str());
        kinds.push(Kind {
            name,
            queries: (0..rounds.min(50))
                .map(|_| q("", &[filter], sort))
                .collect(),
        });
    }
    kinds.push(Kind {
        name: "everything, sort due / code",
        queries: (0..rounds.min(50))
            .map(|i| q("", &[], if i % 2 == 0 { "due" } else { "code" }))
            .collect(),
    });

    let now = bench_now();
    // Warm the cache once.
    for k in &kinds {
        if let Some(first) = k.queries.first() {
            register::search(&db, &session, first, now).await?;
        }
    }
    let pct = |v: &[f64], p: f64| v[((v.len() as f64 - 1.0) * p).round() as usize];
    println!("\n| query | n | p50 ms | p95 ms | p99 ms | max ms | rows (median) | ranked |");
    println!("|---|---:|---:|---:|---:|---:|---:|---|");
    let mut all = Vec::new();
    for k in &kinds {
        let mut lat = Vec::with_capacity(k.queries.len());
        let mut rows = Vec::with_capacity(k.queries.len());
        let mut ranked = 0;
        for query in &k.queries {
            let s = Instant::now();
            let page = register::search(&db, &session, query, now).await?;
            lat.push(s.elapsed().as_secs_f64() * 1000.0);
            rows.push(page.rows.len());
            ranked += usize::from(page.ranked);
        }
        if lat.is_empty() {
            continue;
        }
        all.extend(lat.iter().copied());
        lat.sort_by(|a, b| a.total_cmp(b));
        rows.sort_unstable();
        println!(
            "| {} | {} | {:.2} | {:.2} | {:.2} | {:.2} | {} | {}/{} |",
            k.name,
            lat.len(),
            pct(&lat, 0.5),
            pct(&lat, 0.95),
            pct(&lat, 0.99),
            pct(&lat, 1.0),
            rows[rows.len() / 2],
            ranked,
            lat.len()
        );
    }
    all.sort_by(|a, b| a.total_cmp(b));
    println!(
        "| **all** | {} | {:.2} | {:.2} | {:.2} | {:.2} | | |",
        all.len(),
        pct(&all, 0.5),
        pct(&all, 0.95),
        pct(&all, 0.99),
        pct(&all, 1.0)
    );
    Ok(())
}

//! Sync benchmarks (BENCHMARKS.md, issue 5): a real portal process on 127.0.0.1.
//!
//! 1. One desk pushes 10,000 dossiers recorded offline (end to end: outbox → portal → acked).
//! 2. 50 desks push at once (200 batches of 50 dossiers in all): ingest rate, request p50/p99.
//! 3. A freshly enrolled desk pulls a 5,000-procedure catalogue.
//!
//! `cargo run --release -p motcua-sync-tests --example bench_sync -- [PORTAL_DB_URL]`
//! (default: a temporary SQLite file; give `postgres://…` for PostgreSQL). The portal binary is
//! taken from the same profile's target directory (`cargo build --release -p motcua-portal`).

use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use chrono::Utc;
use motcua::dto::{Applicant, DocumentReceived, IntakeInput};
use motcua::{dossier::intake, reference::desk, store, sync};
use motcua_protocol as proto;
use motcua_sync_tests::{free_port, json_of, target_dir};

const UNIT: &str = "000.00.31.H29";

fn profile() -> &'static str {
    if cfg!(debug_assertions) {
        "debug"
    } else {
        "release"
    }
}

fn portal_bin() -> PathBuf {
    let p = target_dir().join(profile()).join("motcua-portal");
    assert!(
        p.exists(),
        "build it first: cargo build --{} -p motcua-portal",
        profile()
    );
    p
}

struct PortalProc {
    db: String,
    url: String,
    child: std::process::Child,
    _dir: tempfile::TempDir,
}

impl PortalProc {
    fn start(db_url: Option<String>) -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = db_url.unwrap_or_else(|| dir.path().join("portal.sqlite").display().to_string());
        let port = free_port();
        let url = format!("http://127.0.0.1:{port}");
        let child = Command::new(portal_bin())
            .args([
                "--db",
                &db,
                "serve",
                "--listen",
                &format!("127.0.0.1:{port}"),
                "--public-url",
                &url,
            ])
            .stdout(Stdio::null())
            .spawn()
            .expect("portal");
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "portal did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        PortalProc {
            db,
            url,
            child,
            _dir: dir,
        }
    }

    fn cli(&self, args: &[&str]) -> serde_json::Value {
        let out = Command::new(portal_bin())
            .arg("--db")
            .arg(&self.db)
            .arg("--json")
            .args(args)
            .output()
            .expect("cli");
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if out.stdout.is_empty() {
            serde_json::Value::Null
        } else {
            json_of(&out)
        }
    }

    fn desk_code(&self) -> String {
        let v = self.cli(&["desk", "add", "--unit", UNIT]);
        ["enrollment_code", "code", "one_time_code"]
            .iter()
            .find_map(|k| v[*k].as_str().map(str::to_string))
            .expect("enrollment code")
    }
}

impl Drop for PortalProc {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn input(i: usize) -> IntakeInput {
    IntakeInput {
        procedure_code: "2.000815".into(),
        submitter: Applicant {
            full_name: "Nguyễn Văn Thử".into(),
            id_number: format!("001090{:06}", i % 1_000_000),
            phone: "0912345678".into(),
            email: String::new(),
            address: "Xã Tân Phú".into(),
        },
        documents: vec![DocumentReceived {
            name: "Bản chính".into(),
            original: 1,
            certified: 0,
            photocopy: 0,
        }],
        sets_count: 1,
        delivery: "counter".into(),
        ..Default::default()
    }
}

fn pct(sorted: &[Duration], p: f64) -> Duration {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    motcua::i18n::set_locale("vi");
    let db_url = std::env::args().nth(1);
    let backend = if db_url.as_deref().is_some_and(|u| u.starts_with("postgres")) {
        "PostgreSQL"
    } else {
        "SQLite"
    };
    let portal = PortalProc::start(db_url.clone());
    let catalogue = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../assets/catalogue/demo-catalogue.json");
    portal.cli(&[
        "unit",
        "add",
        "--code",
        UNIT,
        "--name",
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN PHÚ",
        "--parent-authority",
        "ỦY BAN NHÂN DÂN XÃ TÂN PHÚ",
        "--place",
        "Tân Phú",
        "--hotline",
        "1900 0000",
        "--desk-slots",
        "60",
    ]);
    portal.cli(&[
        "catalogue",
        "import",
        "--unit",
        UNIT,
        &catalogue.display().to_string(),
    ]);
    println!("portal: {backend}, {} build", profile());

    // 1. One desk, 10,000 dossiers recorded offline, then one sync.
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("desk.sqlite");
    let db = store::open(&path).await?;
    sync::enroll(
        &db,
        &path,
        None,
        &sync::EnrollInput {
            portal_url: portal.url.clone(),
            code: portal.desk_code(),
            desk_name: String::new(),
            clerk_name: Some("Trần Thị Mai".into()),
            username: motcua_sync_tests::DESK_USER.into(),
            password: motcua_sync_tests::DESK_PASSWORD.into(),
        },
    )
    .await?;
    let session = motcua::accounts::sign_in(
        &db,
        motcua_sync_tests::DESK_USER,
        motcua_sync_tests::DESK_PASSWORD,
        Utc::now(),
    )
    .await?;
    sync::run_once(&db, &path).await?;
    let n = 10_000;
    let t = Instant::now();
    for i in 0..n {
        intake::save(&db, &session, &input(i), Utc::now()).await?;
    }
    println!(
        "recorded {n} dossiers offline in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let t = Instant::now();
    let r = sync::run_once(&db, &path).await?;
    let secs = t.elapsed().as_secs_f64();
    assert_eq!(r.pushed, n as i64, "{:?}", r.error);
    println!(
        "push {n} dossiers from one desk: {secs:.2} s = {:.0} dossiers/s end to end",
        n as f64 / secs
    );

    // 2. 50 desks at once, each pushing 4 batches of 50 new dossiers straight through the protocol.
    let desks = 50;
    let mut clients = Vec::new();
    for _ in 0..desks {
        let c = sync::PortalClient::new(&portal.url, None)?;
        let e = c
            .enroll(&proto::EnrollRequest {
                code: portal.desk_code(),
                desk_name: String::new(),
            })
            .await?;
        clients.push((
            e.body.desk_id.clone(),
            sync::PortalClient::new(&portal.url, Some(e.body.token))?,
        ));
    }
    let latencies = Arc::new(std::sync::Mutex::new(Vec::new()));
    let t = Instant::now();
    let mut tasks = Vec::new();
    for (d, (desk_id, client)) in clients.into_iter().enumerate() {
        let lat = latencies.clone();
        tasks.push(tokio::spawn(async move {
            let mut seq = 0i64;
            for b in 0..4 {
                let changes: Vec<proto::Change> = (0..50)
                    .map(|k| {
                        seq += 1;
                        let code = format!("{UNIT}-261127-{:05}", 10_000 + d * 1000 + b * 50 + k);
                        let payload = serde_json::json!({
                            "id": uuid_like(d, seq), "code": code, "procedure_code": "2.000815", "procedure_name": "Chứng thực bản sao từ bản chính",
                            "receiving_unit_code": UNIT, "competent_authority": "UBND xã", "channel": "direct", "outcome": "accept",
                            "submitter": {"full_name": "Nguyễn Văn Thử", "id_number": "001090000001", "phone": "0912345678", "email": "", "address": ""},
                            "owner": null, "documents": [], "sets_count": 1, "delivery": "counter",
                            "received_at": "2026-11-27T02:00:00Z", "due_at": "2026-11-27T10:00:00Z", "due_rule": "same day",
                            "status": "received", "national_status": 2, "fee_amount": 0, "desk_id": desk_id, "desk_time": "2026-11-27T02:00:00Z"
                        })
                        .to_string();
                        proto::Change { seq, entity: "dossier".into(), entity_id: uuid_like(d, seq), op: "create".into(), content_hash: proto::content_hash(&payload), payload, desk_time: "2026-11-27T02:00:00Z".into() }
                    })
                    .collect();
                let t = Instant::now();
                let r = client.push(&proto::PushRequest {
                    changes,
                    audit_head: None,
                }).await.expect("push");
                lat.lock().expect("lock").push(t.elapsed());
                if let Some(bad) = r.body.results.iter().find(|x| x.status != proto::PushStatus::Stored) {
                    panic!("desk {d} batch {b}: {bad:?}");
                }
            }
        }));
    }
    for task in tasks {
        task.await?;
    }
    let secs = t.elapsed().as_secs_f64();
    let mut lat = latencies.lock().expect("lock").clone();
    lat.sort();
    let total = desks * 4 * 50;
    println!(
        "50 desks at once: {total} dossiers in {secs:.2} s = {:.0} dossiers/s; request (50 dossiers) p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms",
        total as f64 / secs,
        pct(&lat, 0.5).as_secs_f64() * 1000.0,
        pct(&lat, 0.99).as_secs_f64() * 1000.0,
        lat.last().copied().unwrap_or_default().as_secs_f64() * 1000.0
    );

    // 3. A 5,000-procedure catalogue pulled by a fresh desk.
    let base: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&catalogue)?)?;
    let template = base["procedures"][0].clone();
    let mut big = base.clone();
    big["version"] = serde_json::json!("bench-5000");
    big["procedures"] = serde_json::Value::Array(
        (0..5000)
            .map(|i| {
                let mut p = template.clone();
                p["code"] = serde_json::json!(format!("9.{:06}", i));
                p["name"] = serde_json::json!(format!(
                    "{} (bản {i})",
                    template["name"].as_str().unwrap_or("")
                ));
                p
            })
            .collect(),
    );
    let big_path = dir.path().join("big-catalogue.json");
    std::fs::write(&big_path, serde_json::to_string(&big)?)?;
    portal.cli(&[
        "catalogue",
        "import",
        "--unit",
        UNIT,
        &big_path.display().to_string(),
    ]);
    let dir2 = tempfile::tempdir()?;
    let path2 = dir2.path().join("desk.sqlite");
    let db2 = store::open(&path2).await?;
    let t = Instant::now();
    sync::enroll(
        &db2,
        &path2,
        None,
        &sync::EnrollInput {
            portal_url: portal.url.clone(),
            code: portal.desk_code(),
            desk_name: String::new(),
            clerk_name: Some("Lê Văn Tâm".into()),
            username: "tam".into(),
            password: motcua_sync_tests::DESK_PASSWORD.into(),
        },
    )
    .await?;
    let r = sync::run_once(&db2, &path2).await?;
    let n_proc = motcua::reference::catalogue::list(&db2).await?.len();
    println!(
        "fresh desk: enroll + pull of a {n_proc}-procedure catalogue: {:.2} s ({} changes)",
        t.elapsed().as_secs_f64(),
        r.pulled
    );
    assert!(n_proc >= 5000, "{n_proc}");
    let _ = desk::unit_context(&db2).await?;
    Ok(())
}

fn uuid_like(desk: usize, seq: i64) -> String {
    format!("00000000-0000-7000-8000-{:06}{:06}", desk, seq)
}

//! Mất điện giữa chừng: a process recording dossiers through the core is killed (SIGKILL on
//! Unix, TerminateProcess on Windows) at a random moment, 20 times over the same encrypted
//! database. Each time the database opens, `PRAGMA integrity_check` says ok, and every dossier
//! whose code the writer printed (it prints only after the commit returned) is there with its
//! applicant, documents and sync outbox row.
//!
//! The writer is this test binary run again with `CRASH_WRITER_DB` set (the test
//! `child_writer_process`, which does nothing otherwise): no extra binary to build.

mod common;

use std::collections::hash_map::RandomState;
use std::hash::{BuildHasher, Hasher};
use std::io::BufRead;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use chrono::Utc;
use common::intake_input;
use motcua::store::{self, Key};

const RUNS: usize = 20;

fn hex(k: &[u8; 32]) -> String {
    k.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> [u8; 32] {
    let mut k = [0u8; 32];
    for (i, b) in k.iter_mut().enumerate() {
        *b = u8::from_str_radix(&s[2 * i..2 * i + 2], 16).expect("hex");
    }
    k
}

/// A number in words (names may not hold digits): 12 → "Một Hai".
fn words(n: usize) -> String {
    const W: [&str; 10] = [
        "Không", "Một", "Hai", "Ba", "Bốn", "Năm", "Sáu", "Bảy", "Tám", "Chín",
    ];
    n.to_string()
        .bytes()
        .map(|b| W[(b - b'0') as usize])
        .collect::<Vec<_>>()
        .join(" ")
}

/// The applicant's name of the writer's `i`-th dossier in run `run`.
fn name_for(run: usize, i: usize) -> String {
    format!("Người Thử Mất Điện {} Lần {}", words(run), words(i))
}

/// The writer: records dossiers in a loop and prints `COMMITTED <code> <run> <i>` after each
/// commit. Only when started by the test below.
#[test]
fn child_writer_process() {
    let (Ok(db_path), Ok(key), Some(run)) = (
        std::env::var("CRASH_WRITER_DB"),
        std::env::var("CRASH_WRITER_KEY"),
        std::env::var("CRASH_WRITER_RUN")
            .ok()
            .and_then(|r| r.parse::<usize>().ok()),
    ) else {
        return;
    };
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let db = store::open_with_key(Path::new(&db_path), &Key::Raw(unhex(&key)))
            .await
            .expect("writer opens the database");
        let admin = motcua::accounts::sign_in(&db, "admin", common::PASSWORD, Utc::now())
            .await
            .expect("writer signs in");
        for i in 0.. {
            let mut input = intake_input("2.000815", None);
            input.submitter.full_name = name_for(run, i);
            let v = motcua::dossier::intake::save(&db, &admin, &input, Utc::now())
                .await
                .expect("save");
            println!("COMMITTED {} {run} {i}", v.summary.code);
        }
    });
}

/// The dossier `code` is there with its applicant, its document and its sync outbox row.
async fn check_saved(db: &store::Db, code: &str, name: &str) {
    let v = motcua::dossier::get(db, code)
        .await
        .unwrap_or_else(|e| panic!("{code} lost: {e}"));
    assert_eq!(v.submitter.full_name, name, "{code}");
    assert_eq!(v.submitter.id_number, common::applicant().id_number);
    assert_eq!(v.documents.len(), 1, "{code}");
    assert_eq!(v.documents[0].name, "Tờ khai");
    let outbox: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM outbox WHERE entity = 'dossier' AND entity_id = ?",
    )
    .bind(&v.summary.id)
    .fetch_one(db)
    .await
    .unwrap();
    assert!(outbox >= 1, "{code}: no outbox row");
}

/// A random delay in `lo..hi` milliseconds.
fn random_ms(lo: u64, hi: u64) -> u64 {
    let mut h = RandomState::new().build_hasher();
    h.write_u64(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos() as u64)
            .unwrap_or(0),
    );
    lo + h.finish() % (hi - lo)
}

#[tokio::test]
async fn killed_writers_lose_no_saved_dossier() {
    let started = Instant::now();
    motcua::i18n::set_locale("vi");
    // The test's own key, so the child needs no keyring or key file.
    let Key::Raw(raw) = Key::random().unwrap() else {
        unreachable!()
    };
    let key = Key::Raw(raw);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.sqlite");
    {
        let db = store::open_with_key(&path, &key).await.unwrap();
        motcua::reference::desk::setup(&db, &motcua::reference::desk::demo_setup(common::PASSWORD))
            .await
            .unwrap();
        db.close().await;
    }

    let exe = std::env::current_exe().unwrap();
    let mut committed: Vec<(String, String)> = Vec::new(); // (code, name)
    let mut killed_mid_run = 0;
    for run in 0..RUNS {
        let mut child = Command::new(&exe)
            .args([
                "child_writer_process",
                "--exact",
                "--nocapture",
                "--test-threads=1",
            ])
            .env("CRASH_WRITER_DB", &path)
            .env("CRASH_WRITER_KEY", hex(&raw))
            .env("CRASH_WRITER_RUN", run.to_string())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start the writer");
        let stdout = child.stdout.take().unwrap();
        let reader = std::thread::spawn(move || {
            std::io::BufReader::new(stdout)
                .lines()
                .map_while(Result::ok)
                .filter_map(|l| {
                    // libtest may put "test child_writer_process ... " before the first one.
                    let (_, rest) = l.split_once("COMMITTED ")?;
                    let mut p = rest.split(' ');
                    let code = p.next()?.to_string();
                    let run: usize = p.next()?.parse().ok()?;
                    let i: usize = p.next()?.parse().ok()?;
                    Some((code, name_for(run, i)))
                })
                .collect::<Vec<_>>()
        });
        std::thread::sleep(Duration::from_millis(random_ms(50, 400)));
        let still_running = child.try_wait().unwrap().is_none();
        child.kill().expect("kill the writer");
        child.wait().unwrap();
        assert!(still_running, "run {run}: the writer stopped by itself");
        killed_mid_run += 1;
        let printed = reader.join().unwrap();

        // As the next start of the app would: open, check, look for every printed dossier.
        let db = store::open_with_key(&path, &key)
            .await
            .expect("opens after the kill");
        let ok: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&db)
            .await
            .unwrap();
        assert_eq!(ok, "ok", "run {run}");
        let n: i64 = sqlx::query_scalar("SELECT count(*) FROM dossier")
            .fetch_one(&db)
            .await
            .unwrap();
        // This run's dossiers in full; the earlier ones (checked in full before) still there.
        for (code, name) in &printed {
            check_saved(&db, code, name).await;
        }
        let present: std::collections::HashSet<String> =
            sqlx::query_scalar("SELECT code FROM dossier")
                .fetch_all(&db)
                .await
                .unwrap()
                .into_iter()
                .collect();
        committed.extend(printed);
        for (code, _) in &committed {
            assert!(present.contains(code), "run {run}: {code} lost");
        }
        // At most the one commit the kill fell between the commit and the print, per run.
        assert!(
            n as usize <= committed.len() + run + 1,
            "run {run}: {n} dossiers, {} printed",
            committed.len()
        );
        // Nothing half-saved either: each dossier has its documents and its outbox row.
        let half: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM dossier d WHERE NOT EXISTS (SELECT 1 FROM dossier_document x WHERE x.dossier_id = d.id) \
             OR NOT EXISTS (SELECT 1 FROM outbox o WHERE o.entity_id = d.id)",
        )
        .fetch_one(&db)
        .await
        .unwrap();
        assert_eq!(half, 0, "run {run}");
        db.close().await;
    }
    assert_eq!(killed_mid_run, RUNS);
    assert!(
        committed.len() >= RUNS,
        "the writers saved too little to mean anything: {}",
        committed.len()
    );
    let db = store::open_with_key(&path, &key).await.unwrap();
    for (code, name) in &committed {
        check_saved(&db, code, name).await;
    }
    motcua::dossier::register::check_index(&db)
        .await
        .expect("FTS intact");
    let total: i64 = sqlx::query_scalar("SELECT count(*) FROM dossier")
        .fetch_one(&db)
        .await
        .unwrap();
    // At most one unprinted commit per run (committed, killed before the print).
    assert!(
        total as usize >= committed.len() && total as usize <= committed.len() + RUNS,
        "{total} dossiers, {} printed",
        committed.len()
    );
    db.close().await;
    eprintln!(
        "{RUNS} kills, {} dossiers confirmed, {:?}",
        committed.len(),
        started.elapsed()
    );
}

//! Intake save latency: 10,000 intakes into a desk database that already holds 100,000 dossiers.
//! `cargo run --release --example bench_intake` (prints p50/p99/max and the rate).
//! `-- --anchor` measures the audit anchor's cost (src/store/audit_anchor.rs) side by side in the same
//! run: blocks of 100 intakes alternately with and without it, each side's figures printed.

use std::time::Instant;

use chrono::Utc;
use motcua::dto::{Applicant, DocumentReceived, IntakeInput};
use motcua::{dossier::intake, reference::desk, store};

const PREFILL: i64 = 100_000;
const MEASURED: usize = 10_000;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    motcua::i18n::set_locale("vi");
    let dir = tempfile::tempdir()?;
    let db = store::open(&dir.path().join("bench.sqlite")).await?;
    desk::setup(&db, &desk::demo_setup("bench-password")).await?;
    let session = motcua::accounts::sign_in(&db, "admin", "bench-password", Utc::now()).await?;
    let input = |i: usize| IntakeInput {
        procedure_code: "2.000815".into(),
        received_at: None,
        submitter: Applicant {
            full_name: format!("Nguyễn Văn Thử {i}").replace(char::is_numeric, ""),
            id_number: format!("001090{:06}", i % 1_000_000),
            phone: "0912345678".into(),
            email: String::new(),
            address: "Xã Tân Phú".into(),
        },
        owner: None,
        documents: vec![DocumentReceived {
            name: "Bản chính giấy tờ làm cơ sở chứng thực".into(),
            original: 1,
            certified: 0,
            photocopy: 0,
        }],
        sets_count: 1,
        delivery: "counter".into(),
        ..Default::default()
    };
    // One real dossier as the template, then 100,000 copies in one statement (earlier days' codes).
    let t = intake::save(&db, &session, &input(0), Utc::now()).await?;
    let started = Instant::now();
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < ?)
         INSERT INTO dossier SELECT printf('%s-%07d', d.id, n.i), printf('PREFILL-%07d', n.i), procedure_code, catalogue_version_id,
           procedure_name, receiving_unit_code, competent_authority, channel, submitter_json, owner_json, submitter_name,
           search_folded, printf('%012d', n.i), phone, sets_count, delivery, '2025-01-01T02:00:00Z', due_at, due_rule,
           due_explanation, status, national_status, fee_amount, fee_text, ledger_book, ledger_number, desk_id, created_by,
           created_at, updated_at, paused_at, status_before_pause, outcome, outcome_json, owner_kind, owner_id_number,
           submitter_role, authorisation, fee_state, fee_json, NULL FROM n, dossier d WHERE d.id = ?",
    )
    .bind(PREFILL)
    .bind(&t.summary.id)
    .execute(&db)
    .await?;
    println!(
        "prefilled {PREFILL} dossiers in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    let compare = std::env::args().any(|a| a == "--anchor");
    // [with the anchor, without] latencies and time spent.
    let mut lat = [Vec::with_capacity(MEASURED), Vec::with_capacity(MEASURED)];
    let mut spent = [0.0f64; 2];
    for i in 0..MEASURED {
        let side = usize::from(compare && (i / 100) % 2 == 1);
        motcua::store::audit_anchor::set_enabled(side == 0);
        let s = Instant::now();
        intake::save(&db, &session, &input(i + 1), Utc::now()).await?;
        let took = s.elapsed().as_secs_f64();
        spent[side] += took;
        lat[side].push(took * 1000.0);
    }
    motcua::store::audit_anchor::set_enabled(true);
    for (side, lat) in lat.iter_mut().enumerate().filter(|(_, l)| !l.is_empty()) {
        lat.sort_by(|a, b| a.total_cmp(b));
        let pct = |p: f64| lat[((lat.len() as f64 - 1.0) * p).round() as usize];
        let label = match (compare, side) {
            (false, _) => "",
            (true, 0) => ", with the audit anchor",
            (true, _) => ", without the audit anchor",
        };
        println!(
            "intake save ({} into {} existing{label}): p50 {:.2} ms, p99 {:.2} ms, max {:.2} ms, {:.0} intakes/s",
            lat.len(),
            PREFILL + 1,
            pct(0.50),
            pct(0.99),
            pct(1.0),
            lat.len() as f64 / spent[side]
        );
    }
    Ok(())
}

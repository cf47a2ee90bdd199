//! The outbound sync against the stand-in national portal (both backends): new and changed
//! dossiers create-then-update, steps in batches after their dossier, retries with backoff,
//! failures reported and retried on demand, a portal SIGKILLed mid-batch, and the figures.

use std::time::Duration;

use motcua_portal::national::{self, Client, NationalConfig, queue, report};
use motcua_portal::{dossiers, reference};
use serde_json::json;

use crate::both_backends;
use crate::common::{Env, TestDesk, change, create_payload, new_id, status_payload};
use crate::stand_in::{StandIn, TOKEN};

const UNIT: &str = "000.00.31.H29";

fn client(url: &str, timeout_ms: u64) -> Client {
    Client::new(NationalConfig {
        url: url.to_string(),
        token: TOKEN.to_string(),
        timeout: Duration::from_millis(timeout_ms),
        attempts: 3,
        backoff: Duration::from_millis(10),
    })
    .expect("client")
}

struct Setup {
    desk: TestDesk,
    seq: i64,
    ids: Vec<(String, String)>,
}

/// A unit with the demo catalogue and `n` dossiers received at its desk, each moved to
/// in-processing, paused and resumed (four steps each).
async fn setup(env: &Env, n: usize) -> Setup {
    env.unit(UNIT).await;
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../assets/catalogue/demo-catalogue.json"
    ))
    .expect("demo catalogue");
    reference::import_catalogue(&env.db, UNIT, &text)
        .await
        .expect("import");
    let desk = env.desk(UNIT).await;
    let mut s = Setup {
        desk,
        seq: 0,
        ids: Vec::new(),
    };
    for k in 0..n {
        let id = new_id();
        let number = s.desk.enrolled.seq_offset + s.desk.enrolled.seq_stride * (k as i64 + 1);
        let code = format!("{UNIT}-261127-{number:04}");
        let mut create = create_payload(&id, &code, UNIT);
        create["owner_kind"] = json!("citizen");
        create["fee_state"] = json!("collected");
        create["documents"] =
            json!([{ "name": "Tờ khai", "original": 1, "certified": 0, "photocopy": 0 }]);
        let pause =
            json!({ "id": id, "paused_at": "2026-11-27T04:00:00Z", "reason": "Thiếu giấy" });
        let resume = json!({ "id": id, "paused_at": "2026-11-27T04:00:00Z", "resumed_at": "2026-11-28T04:00:00Z",
                             "old_due_at": "2026-11-30T02:00:00Z", "new_due_at": "2026-12-01T02:00:00Z" });
        let changes = [
            change(s.seq + 1, "create", &id, &create),
            change(
                s.seq + 2,
                "status",
                &id,
                &status_payload(&id, "received", "in-processing"),
            ),
            change(s.seq + 3, "pause", &id, &pause),
            change(s.seq + 4, "resume", &id, &resume),
        ];
        s.seq += 4;
        let r = env.push(&s.desk, &changes).await;
        assert!(
            r.results
                .iter()
                .all(|x| format!("{:?}", x.status) == "Stored"),
            "{:?}",
            r.results
        );
        s.ids.push((id, code));
    }
    s
}

async fn steps_in_db(env: &Env) -> i64 {
    env.count("SELECT COUNT(*) FROM processing_step").await
}

async fn sends_new_and_changed_dossiers_create_then_update(env: Env) {
    let s = setup(&env, 2).await;
    let national = StandIn::start().await;
    let c = client(&national.url, 5_000);
    let r = national::run_pass(&env.db, &c, 0).await.expect("pass");
    assert_eq!((r.dossiers_sent, r.dossiers_failed), (2, 0), "{r:?}");
    assert_eq!(r.steps_sent as i64, steps_in_db(&env).await);
    national.with(|n| {
        assert!(n.violations.is_empty(), "{:#?}", n.violations);
        assert_eq!(n.dossiers.len(), 2);
        // One dossier per DongBoHoSoMC call, created (isUpdating False), progress after it.
        let creates: Vec<_> = n
            .requests
            .iter()
            .filter(|r| r.0 == "DongBoHoSoMC")
            .collect();
        assert!(
            creates.iter().all(|r| r.1 == "False" && r.2.len() == 1),
            "{creates:?}"
        );
        assert!(
            n.requests
                .iter()
                .filter(|r| r.0 == "CapNhatTienDoHoSoMC")
                .all(|r| r.2.len() <= queue::STEP_BATCH)
        );
        let d = &n.dossiers[&s.ids[0].1];
        assert_eq!(d["TenLinhVuc"], "Hộ tịch");
        assert_eq!(
            d["DonViXuLy"],
            format!("Trung tâm Phục vụ hành chính công {UNIT}")
        );
        // Received, moved to processing, paused, resumed: in processing (4).
        assert_eq!(d["TrangThaiHoSo"], "4");
        assert_eq!(d["DanhSachHoSoBoSung"][0]["NgayBoSung"], "20261127110000");
        assert_eq!(
            d["DanhSachHoSoBoSung"][0]["NgayHenTraMoi"],
            "20261201090000"
        );
        assert_eq!(d["DanhSachLePhi"][0]["Gia"], "8000");
        let texts: Vec<_> = n
            .steps
            .values()
            .map(|v| v["NoiDungXuLy"].as_str().unwrap().to_string())
            .collect();
        assert!(
            texts.iter().any(|t| t.starts_with("Yêu cầu bổ sung hồ sơ")),
            "{texts:?}"
        );
        assert!(
            texts
                .iter()
                .all(|t| !t.contains("pause") && !t.contains("resume")),
            "{texts:?}"
        );
    });
    // Nothing changed: nothing is sent again.
    let before = national.with(|n| n.requests.len());
    let r = national::run_pass(&env.db, &c, 0).await.expect("pass");
    assert_eq!((r.dossiers_sent, r.steps_sent), (0, 0));
    assert_eq!(national.with(|n| n.requests.len()), before);
    // A back-office move changes the dossier: create answers "đã tồn tại", then update.
    dossiers::advance(
        &env.db,
        &s.ids[0].1,
        "result-ready",
        "Trình ký",
        "Nguyễn Văn Bình",
    )
    .await
    .expect("advance");
    let r = national::run_pass(&env.db, &c, 0).await.expect("pass");
    assert_eq!((r.dossiers_sent, r.steps_sent), (1, 1), "{r:?}");
    national.with(|n| {
        let tail: Vec<_> = n.requests[before..]
            .iter()
            .map(|r| (r.0.as_str(), r.1.as_str()))
            .collect();
        assert_eq!(
            tail,
            [
                ("DongBoHoSoMC", "False"),
                ("DongBoHoSoMC", "True"),
                ("CapNhatTienDoHoSoMC", "")
            ]
        );
        let d = &n.dossiers[&s.ids[0].1];
        assert_eq!(d["TrangThaiHoSo"], "9");
        assert_ne!(d["NgayKetThucXuLy"], "");
        assert!(n.violations.is_empty(), "{:#?}", n.violations);
    });
}

async fn failures_are_retried_with_backoff_reported_and_retried_on_demand(env: Env) {
    let s = setup(&env, 2).await;
    let national = StandIn::start().await;
    let (bad, good) = (s.ids[0].1.clone(), s.ids[1].1.clone());
    national.with(|n| {
        n.refuse.insert(
            bad.clone(),
            (
                "-1".into(),
                "Mã TTHC không tồn tại trên Cổng DVC quốc gia".into(),
            ),
        );
        // The first two requests fail with HTTP 500, the next one times out: all retried.
        n.server_errors = 2;
        n.slow = 1;
        n.slow_for = Duration::from_millis(800);
    });
    let c = client(&national.url, 300);
    let r = national::run_pass(&env.db, &c, 0).await.expect("pass");
    assert_eq!((r.dossiers_sent, r.dossiers_failed), (1, 1), "{r:?}");
    let st = report::status(&env.db, Some(UNIT)).await.expect("status");
    let u = &st[0];
    assert_eq!(
        (u.dossiers_sent, u.dossiers_failed, u.dossiers_queued),
        (1, 1, 0)
    );
    assert_eq!(u.failures.len(), 1);
    assert_eq!(u.failures[0].code, bad);
    assert!(
        u.failures[0]
            .message
            .contains("Mã TTHC không tồn tại trên Cổng DVC quốc gia"),
        "{:?}",
        u.failures
    );
    assert!(u.steps_queued > 0, "the failed dossier's steps wait for it");
    national.with(|n| assert!(n.dossiers.contains_key(&good) && !n.dossiers.contains_key(&bad)));
    // Backoff: the failed dossier is not sent again on the next pass.
    let before = national.with(|n| n.requests.len());
    let r = national::run_pass(&env.db, &c, 0).await.expect("pass");
    assert_eq!((r.dossiers_sent, r.dossiers_failed), (0, 0));
    assert_eq!(national.with(|n| n.requests.len()), before);
    // The national side is fixed; `national retry CODE` makes it due now.
    national.with(|n| n.refuse.clear());
    assert!(queue::retry(&env.db, &bad).await.expect("retry"));
    assert!(!queue::retry(&env.db, "NO-SUCH-CODE").await.expect("retry"));
    let r = national::run_pass(&env.db, &c, 0).await.expect("pass");
    assert_eq!(r.dossiers_sent, 1, "{r:?}");
    let u = &report::status(&env.db, Some(UNIT)).await.expect("status")[0];
    assert_eq!(
        (
            u.dossiers_sent,
            u.dossiers_failed,
            u.steps_queued,
            u.steps_failed
        ),
        (2, 0, 0, 0)
    );
    assert!(u.failures.is_empty());
    national.with(|n| assert!(n.violations.is_empty(), "{:#?}", n.violations));
}

async fn a_national_portal_down_never_blocks_desk_sync(env: Env) {
    let s = setup(&env, 1).await;
    // Nothing listens there: every call fails, and desk sync goes on as before.
    let c = client("http://127.0.0.1:9/api/dvcqg", 200);
    let r = national::run_pass(&env.db, &c, 0).await.expect("pass");
    assert_eq!((r.dossiers_sent, r.dossiers_failed), (0, 1));
    let id = new_id();
    let code = format!(
        "{UNIT}-261127-{:04}",
        s.desk.enrolled.seq_offset + s.desk.enrolled.seq_stride * 9
    );
    let r = env
        .push(
            &s.desk,
            &[change(
                s.seq + 1,
                "create",
                &id,
                &create_payload(&id, &code, UNIT),
            )],
        )
        .await;
    assert_eq!(format!("{:?}", r.results[0].status), "Stored");
}

/// `motcua-portal national push` is SIGKILLed while the national portal holds a request it has
/// already applied; a second run finishes the work. In effect every dossier and step arrived
/// once, nothing is missing, and nothing acknowledged before the kill is sent again.
async fn sigkill_mid_batch_loses_nothing_and_resends_nothing_twice(env: Env) {
    let s = setup(&env, 3).await;
    let national = StandIn::start().await;
    // Requests: 1-3 create the three dossiers, 4 is the first dossier's steps: the stand-in
    // applies it, then never answers.
    national.with(|n| n.hang_after = Some(4));
    let bin = env!("CARGO_BIN_EXE_motcua-portal");
    let run = move |db: String, url: String| {
        std::process::Command::new(bin)
            .args([
                "--db",
                &db,
                "--json",
                "national",
                "push",
                "--national-url",
                &url,
                "--national-backoff-ms",
                "10",
            ])
            .env("MOTCUA_NATIONAL_TOKEN", TOKEN)
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .expect("spawn motcua-portal")
    };
    let mut child = run(env.db_url.clone(), national.url.clone());
    tokio::time::timeout(Duration::from_secs(60), national.hung.notified())
        .await
        .expect("the portal reached the held request");
    child.kill().expect("SIGKILL");
    let _ = child.wait();
    let (acked, held) = national.with(|n| (n.requests[..3].to_vec(), n.requests[3].clone()));
    assert!(acked.iter().all(|r| r.0 == "DongBoHoSoMC") && held.0 == "CapNhatTienDoHoSoMC");
    national.with(|n| n.hang_after = None);
    let out = tokio::task::spawn_blocking({
        let (db, url) = (env.db_url.clone(), national.url.clone());
        move || run(db, url).wait_with_output().expect("second run")
    })
    .await
    .expect("join");
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert!(out.status.success(), "{stderr}");
    assert!(!stderr.contains(TOKEN) && !String::from_utf8_lossy(&out.stdout).contains(TOKEN));
    let total_steps = steps_in_db(&env).await as usize;
    national.with(|n| {
        assert!(n.violations.is_empty(), "{:#?}", n.violations);
        // Nothing lost.
        assert_eq!(n.dossiers.len(), 3);
        assert_eq!(n.steps.len(), total_steps);
        // Nothing acknowledged before the kill was sent again.
        let after: Vec<_> = n.requests[4..].to_vec();
        assert!(
            after.iter().all(|r| r.0 == "CapNhatTienDoHoSoMC"),
            "{after:?}"
        );
        // Only the one held batch arrived twice, and in effect once.
        let mut seen = std::collections::HashMap::new();
        for k in &n.raw_steps {
            *seen.entry(k.clone()).or_insert(0) += 1;
        }
        let twice: Vec<_> = seen.iter().filter(|(_, c)| **c > 1).collect();
        assert!(
            twice.iter().all(|(k, c)| **c == 2 && k.0 == held.2[0]),
            "{twice:?}"
        );
        assert!(s.ids.iter().any(|(_, code)| *code == held.2[0]));
    });
    let u = &report::status(&env.db, Some(UNIT)).await.expect("status")[0];
    assert_eq!(
        (u.dossiers_sent, u.dossiers_queued, u.dossiers_failed),
        (3, 0, 0)
    );
    assert_eq!(
        (u.steps_sent as usize, u.steps_queued, u.steps_failed),
        (total_steps, 0, 0)
    );
}

async fn figures_use_the_national_definitions(env: Env) {
    let s = setup(&env, 3).await;
    // d0: result ready before its appointment (1 supplement round): on time. d1: stopped; its
    // end counts too. d2: still in processing: not finished.
    dossiers::advance(&env.db, &s.ids[0].1, "result-ready", "", "A")
        .await
        .expect("advance");
    dossiers::advance(
        &env.db,
        &s.ids[1].1,
        "stopped",
        "Công dân không bổ sung",
        "A",
    )
    .await
    .expect("advance");
    let f = report::figures(&env.db, UNIT).await.expect("figures");
    assert_eq!((f.dossiers, f.finished, f.digitised), (3, 2, 0));
    // The back office moved them now, after the appointment of 2026-12-01: late, as the national
    // portal will count from NgayKetThucXuLy > NgayHenTra.
    assert_eq!((f.on_time, f.late), (0, 2));
    // The figure and the payload agree: NgayKetThucXuLy is what `on_time` compared.
    let d = national::load::dossier(&env.db, &s.ids[0].0)
        .await
        .unwrap()
        .unwrap();
    let unit = national::load::unit(&env.db, UNIT).await.unwrap();
    let p = national::load::dossier_payload(&d, &unit);
    assert!(p["NgayKetThucXuLy"].as_str().unwrap() > p["NgayHenTra"].as_str().unwrap());
    assert_eq!(report::dossier_on_time(&d), Some(false));
}

/// The admin's view through the command line: `national status --json`, `national retry CODE`,
/// and `dossiers export-national` in the national shapes.
async fn admin_commands_show_the_queue_and_retry(env: Env) {
    let s = setup(&env, 2).await;
    let national = StandIn::start().await;
    let bad = s.ids[0].1.clone();
    national.with(|n| {
        n.refuse
            .insert(bad.clone(), ("-1".into(), "Sai mã đơn vị".into()));
    });
    national::run_pass(&env.db, &client(&national.url, 5_000), 0)
        .await
        .expect("pass");
    let bin = env!("CARGO_BIN_EXE_motcua-portal");
    let db = env.db_url.clone();
    let cli = move |args: &[&str]| {
        let out = std::process::Command::new(bin)
            .args(["--db", &db, "--json"])
            .args(args)
            .output()
            .expect("run motcua-portal");
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).to_string(),
            String::from_utf8_lossy(&out.stderr).to_string(),
        )
    };
    let (ok, out, err) = tokio::task::spawn_blocking({
        let cli = cli.clone();
        move || cli(&["national", "status"])
    })
    .await
    .unwrap();
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("status JSON");
    assert_eq!(v[0]["unit_code"], UNIT);
    assert_eq!(
        (
            v[0]["dossiers_sent"].as_i64(),
            v[0]["dossiers_failed"].as_i64()
        ),
        (Some(1), Some(1))
    );
    assert_eq!(v[0]["failures"][0]["code"], bad.as_str());
    assert!(
        v[0]["failures"][0]["message"]
            .as_str()
            .unwrap()
            .contains("Sai mã đơn vị")
    );
    assert_eq!(v[0]["figures"]["dossiers"], 2);
    let (ok, out, _) = tokio::task::spawn_blocking({
        let (cli, bad) = (cli.clone(), bad.clone());
        move || cli(&["national", "retry", &bad])
    })
    .await
    .unwrap();
    assert!(ok);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&out).unwrap()["queued"],
        bad.as_str()
    );
    let u = &report::status(&env.db, Some(UNIT)).await.unwrap()[0];
    assert_eq!((u.dossiers_failed, u.dossiers_queued), (0, 1));
    let (ok, _, err) = tokio::task::spawn_blocking({
        let cli = cli.clone();
        move || cli(&["national", "retry", "KHONG-CO"])
    })
    .await
    .unwrap();
    assert!(!ok);
    assert_eq!(
        serde_json::from_str::<serde_json::Value>(&err).unwrap()["code"],
        "dossier_not_found"
    );
    let (ok, out, err) = tokio::task::spawn_blocking(move || cli(&["dossiers", "export-national"]))
        .await
        .unwrap();
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&out).expect("export JSON");
    let table = crate::stand_in::field_table();
    let mut problems = Vec::new();
    for (i, d) in v["HoSo"].as_array().unwrap().iter().enumerate() {
        crate::stand_in::check(&table, "HoSo", d, &format!("HoSo[{i}]"), &mut problems);
    }
    for (i, d) in v["QuaTrinhXuLy"].as_array().unwrap().iter().enumerate() {
        crate::stand_in::check(
            &table,
            "QuaTrinhXuLy",
            d,
            &format!("QuaTrinhXuLy[{i}]"),
            &mut problems,
        );
    }
    assert!(problems.is_empty(), "{problems:#?}");
    assert_eq!(v["HoSo"].as_array().unwrap().len(), 2);
    assert_eq!(
        v["QuaTrinhXuLy"].as_array().unwrap().len() as i64,
        steps_in_db(&env).await
    );
}

/// `serve --national-url` syncs by itself; without a token it refuses to start.
async fn serve_syncs_by_itself(env: Env) {
    let s = setup(&env, 1).await;
    let national = StandIn::start().await;
    let bin = env!("CARGO_BIN_EXE_motcua-portal");
    let args = |url: &str| {
        vec![
            "--db".to_string(),
            env.db_url.clone(),
            "--json".into(),
            "serve".into(),
            "--listen".into(),
            "127.0.0.1:0".into(),
            "--national-url".into(),
            url.to_string(),
            "--national-interval".into(),
            "1".into(),
        ]
    };
    let no_token = std::process::Command::new(bin)
        .args(args(&national.url))
        .env_remove("MOTCUA_NATIONAL_TOKEN")
        .env_remove("MOTCUA_NATIONAL_TOKEN_FILE")
        .output()
        .expect("run");
    assert!(!no_token.status.success());
    let err: serde_json::Value = serde_json::from_slice(&no_token.stderr).expect("JSON error");
    assert_eq!(err["code"], "invalid_national_config");
    let mut child = std::process::Command::new(bin)
        .args(args(&national.url))
        .env("MOTCUA_NATIONAL_TOKEN", TOKEN)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("spawn serve");
    let code = s.ids[0].1.clone();
    let mut arrived = false;
    for _ in 0..100 {
        if national.with(|n| n.dossiers.contains_key(&code) && !n.steps.is_empty()) {
            arrived = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let _ = child.kill();
    let _ = child.wait();
    assert!(arrived, "serve did not send the dossier");
    national.with(|n| assert!(n.violations.is_empty(), "{:#?}", n.violations));
}

both_backends!(
    serve_syncs_by_itself,
    admin_commands_show_the_queue_and_retry,
    sends_new_and_changed_dossiers_create_then_update,
    failures_are_retried_with_backoff_reported_and_retried_on_demand,
    a_national_portal_down_never_blocks_desk_sync,
    sigkill_mid_batch_loses_nothing_and_resends_nothing_twice,
    figures_use_the_national_definitions,
);

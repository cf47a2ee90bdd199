//! Desk ⇄ portal under faults (issue 5, point 9). Each test prints what it did.

use std::time::{Duration, Instant};

use motcua_sync_tests::{Desk, Portal, proxy};

const UNIT: &str = "000.00.31.H29";

fn portal_with_unit() -> Portal {
    let mut p = Portal::new();
    p.add_demo_unit(UNIT);
    p.start();
    p
}

fn portal_codes(p: &Portal) -> Vec<String> {
    let mut v: Vec<String> = p
        .dossiers()
        .iter()
        .filter_map(|d| d["code"].as_str().map(str::to_string))
        .collect();
    v.sort();
    v
}

fn sorted(mut v: Vec<String>) -> Vec<String> {
    v.sort();
    v
}

/// Seeded pseudo-random numbers for kill delays.
struct Rng(u64);
impl Rng {
    fn next(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
}

#[test]
fn a_desk_killed_during_sync_loses_nothing_and_duplicates_nothing() {
    let portal = portal_with_unit();
    let desk = Desk::new();
    desk.enroll(&portal.url(), &portal.new_desk_code(UNIT));
    let mut rng = Rng(0x5eed_1234_abcd);
    let mut codes = Vec::new();
    let mut killed_mid_run = 0;
    let mut round = 0;
    // Until 20 kills landed while a sync was running (a kill after it finished proves nothing).
    while killed_mid_run < 20 {
        assert!(
            round < 80,
            "could not kill a running sync 20 times in 80 rounds"
        );
        for i in 0..3 {
            codes.push(desk.intake(
                &motcua_sync_tests::person(round * 3 + i),
                &format!("0010900{round:02}{i:03}"),
            ));
        }
        let mut child = desk
            .cmd()
            .args(["--json", "sync"])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("spawn sync");
        let delay = rng.next(80);
        std::thread::sleep(Duration::from_millis(delay));
        let finished = child.try_wait().expect("try_wait").is_some();
        if !finished {
            killed_mid_run += 1;
        }
        // SIGKILL: no destructor, no flush, no goodbye.
        let _ = child.kill();
        let _ = child.wait();
        round += 1;
    }
    println!(
        "{round} rounds: {} dossiers, sync killed with SIGKILL after 0-80 ms, {killed_mid_run} times while it was running",
        codes.len()
    );
    let s = desk.sync();
    assert!(s["error"].is_null(), "{s}");
    assert_eq!(s["status"]["pending"], 0, "{s}");
    let on_portal = portal_codes(&portal);
    assert_eq!(
        on_portal,
        sorted(codes.clone()),
        "portal must hold each dossier exactly once"
    );
    assert_eq!(sorted(desk.codes()), sorted(codes.clone()));
    println!(
        "after restart: desk and portal both hold the same {} dossiers, each once",
        codes.len()
    );
}

#[test]
fn a_proxy_that_drops_delays_fails_and_cuts_still_converges() {
    let portal = portal_with_unit();
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let (proxy_port, counts) = rt.block_on(proxy::start(portal.port, 60, 0xfeed_beef));
    let via = format!("http://127.0.0.1:{proxy_port}");
    let desk = Desk::new();
    // Enrollment itself goes straight to the portal (a one-time code cannot be retried blindly).
    desk.enroll(&portal.url(), &portal.new_desk_code(UNIT));
    // From now on every request goes through the proxy.
    let cred_path = format!("{}.credential", desk.db.display());
    let cred = std::fs::read_to_string(&cred_path).expect("credential");
    std::fs::write(&cred_path, cred.replace(&portal.url(), &via)).expect("rewrite credential");

    let mut codes = Vec::new();
    let mut runs = 0;
    let start = Instant::now();
    for round in 0..10 {
        for i in 0..5 {
            codes.push(desk.intake(
                &motcua_sync_tests::person(round * 5 + i),
                &format!("0791{round:02}00{i:04}"),
            ));
        }
        desk.sync();
        runs += 1;
    }
    // Keep syncing until a run completes cleanly (the app retries by itself in real life).
    let converge = |runs: &mut i32| loop {
        let s = desk.sync();
        *runs += 1;
        if s["error"].is_null() && s["status"]["pending"] == 0 {
            return;
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "did not converge: {s}"
        );
    };
    converge(&mut runs);
    // The back office moves some of them; the moves come back through the same faulty proxy.
    for round in (0..10).step_by(3) {
        portal.cli(&[
            "dossiers",
            "advance",
            &codes[round * 5],
            "--to",
            "in-processing",
        ]);
    }
    converge(&mut runs);
    println!("proxy: {} over {runs} sync runs", counts.summary());
    assert!(
        counts.cut.load(std::sync::atomic::Ordering::Relaxed) > 0,
        "no cut happened: the test proved nothing"
    );
    assert_eq!(portal_codes(&portal), sorted(codes.clone()));
    // The back-office moves reached the desk too.
    for round in (0..10).step_by(3) {
        let code = &codes[round * 5];
        let d = desk.cli_json(&["dossier", code]);
        assert_eq!(d["summary"]["status"], "in-processing", "{code}: {d}");
    }
    println!(
        "converged: {} dossiers on both sides, back-office moves applied",
        codes.len()
    );
}

#[test]
fn a_desk_whose_clock_is_a_day_off_still_syncs_and_is_warned() {
    if std::process::Command::new("faketime")
        .arg("-f")
        .arg("+0d")
        .arg("true")
        .status()
        .is_err()
    {
        panic!("faketime is missing: scripts/deps.sh installs it (Debian package faketime)");
    }
    let portal = portal_with_unit();
    let desk = Desk::new();
    desk.enroll(&portal.url(), &portal.new_desk_code(UNIT));
    let code = desk.intake("Đỗ Văn Nam", "001090099999");
    // The same desk binary, its clock one day behind.
    let out = std::process::Command::new("faketime")
        .args(["-f", "-1d"])
        .arg(motcua_sync_tests::bin("motcua"))
        .arg("--db")
        .arg(&desk.db)
        .args(["--json", "sync"])
        .env("MOTCUA_USER", motcua_sync_tests::DESK_USER)
        .env("MOTCUA_PASSWORD", motcua_sync_tests::DESK_PASSWORD)
        .output()
        .expect("faketime");
    let s = motcua_sync_tests::json_of(&out);
    println!("desk clock -1 day: {}", s["status"]["clock_warning"]);
    assert_eq!(s["pushed"], 1, "{s}");
    assert!(
        s["status"]["clock_offset_s"]
            .as_i64()
            .is_some_and(|o| (o - 86_400).abs() < 120),
        "{s}"
    );
    assert!(
        s["status"]["clock_warning"]
            .as_str()
            .is_some_and(|w| w.contains("1440")),
        "{s}"
    );
    assert_eq!(portal_codes(&portal), vec![code]);
}

#[test]
fn a_desk_hanging_up_mid_push_leaves_the_portal_healthy() {
    use std::io::Write;
    let portal = portal_with_unit();
    let desk = Desk::new();
    desk.enroll(&portal.url(), &portal.new_desk_code(UNIT));
    let cred: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{}.credential", desk.db.display())).expect("credential"),
    )
    .expect("credential JSON");
    let token = cred["token"].as_str().expect("token").to_string();
    // 500 valid new dossiers in one request, sent by hand; the connection is closed as soon as the
    // request is written, while the portal is storing it.
    let mut seq = 1000;
    for round in 0..10 {
        let changes: Vec<serde_json::Value> = (0..500)
            .map(|k| {
                seq += 1;
                let id = format!("00000000-0000-7000-8000-{:012}", seq);
                let payload = serde_json::json!({
                    "id": id, "code": format!("{UNIT}-261120-{:05}", round * 1000 + k + 1),
                    "procedure_code": "2.000815", "receiving_unit_code": UNIT, "status": "received",
                    "received_at": "2026-11-20T02:00:00Z", "due_at": "2026-11-20T10:00:00Z",
                    "submitter": {"full_name": "Nguyễn Văn An"},
                })
                .to_string();
                serde_json::json!({
                    "seq": seq, "entity": "dossier", "entity_id": id, "op": "create",
                    "content_hash": motcua_protocol::content_hash(&payload), "payload": payload,
                    "desk_time": "2026-11-20T02:00:00Z",
                })
            })
            .collect();
        let body = serde_json::json!({ "changes": changes }).to_string();
        let mut s = std::net::TcpStream::connect(("127.0.0.1", portal.port)).expect("connect");
        write!(
            s,
            "POST /api/v1/push HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer {token}\r\nx-motcua-protocol: 1\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        )
        .expect("send");
        drop(s);
        // The desk's own sync right after must work.
        let code = desk.intake(
            &motcua_sync_tests::person(round),
            &format!("0010901{round:05}"),
        );
        let r = desk.sync();
        assert!(r["error"].is_null(), "round {round}: {r}");
        assert!(portal_codes(&portal).contains(&code), "round {round}");
    }
    println!("10 pushes of 500 abandoned mid-request; every sync after them succeeded");
}

//! Update download + verify benchmark (BENCHMARKS.md, issue 11): a real portal process on
//! 127.0.0.1 serves a signed 10 MiB package; the desk's own code downloads it
//! (`motcua::update::download::fetch`) and verifies size, SHA-256 and the Ed25519 signature
//! (`motcua::update::package::verify_file`). Budget: ≤ 2 s. Then the same download at a 4 MiB/s
//! limit shows the rate limiter holding.
//!
//! Run by scripts/ci/updates.sh (the portal must be built with the run's test key:
//! `MOTCUA_RELEASE_PUBKEY`, and `MOTCUA_UPDATE_TEST_BINS` must hold `test-release.key`).

use std::path::PathBuf;
use std::time::Instant;

use motcua::sync::credential;
use motcua::update::{download, package, signing};
use motcua_protocol::release::{self, ReleaseInfo};
use motcua_sync_tests::{Desk, Portal};

const UNIT: &str = "000.00.31.H29";
const SIZE: usize = 10 * 1024 * 1024;
const RUNS: usize = 5;

fn main() {
    let bins = PathBuf::from(
        std::env::var_os("MOTCUA_UPDATE_TEST_BINS")
            .expect("MOTCUA_UPDATE_TEST_BINS (run scripts/ci/updates.sh)"),
    );
    let key = bins.join("test-release.key");
    let vk = release::public_key(
        &std::fs::read_to_string(bins.join("test-release.key.pub")).expect("test public key"),
    )
    .expect("key");
    let work = tempfile::tempdir().unwrap();

    // An incompressible package, like a real .deb.
    let mut bytes = Vec::with_capacity(SIZE);
    bytes.extend_from_slice(b"!<arch>\n");
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    while bytes.len() < SIZE {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        bytes.extend_from_slice(&x.to_le_bytes());
    }
    bytes.truncate(SIZE);
    let pkg = work.path().join("motcua-desk_99.0.0_amd64.deb");
    std::fs::write(&pkg, &bytes).unwrap();
    let signed = signing::sign(&pkg, "99.0.0", "linux-deb", &key, None).expect("sign");

    let mut portal = Portal::new();
    portal.add_demo_unit(UNIT);
    portal.start();
    let published = portal.cli_json(&[
        "release",
        "publish",
        &pkg.display().to_string(),
        "--version",
        "99.0.0",
        "--platform",
        "linux-deb",
        "--signature",
        &signed.signature,
    ]);
    let info: ReleaseInfo = serde_json::from_value(published).expect("release info");
    let desk = Desk::new();
    desk.enroll(&portal.url(), &portal.new_desk_code(UNIT));
    let cred = credential::load(&credential::path_for(&desk.db))
        .expect("credential")
        .expect("enrolled");

    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let target = work.path().join("download.deb");
    let part = download::part_path(&target);
    let mut times = Vec::new();
    for _ in 0..RUNS {
        let _ = std::fs::remove_file(&part);
        let t = Instant::now();
        let got = rt
            .block_on(download::fetch(
                &cred.portal_url,
                &cred.token,
                &info,
                &target,
                None,
            ))
            .expect("download");
        package::verify_file(&part, &info, &vk).expect("verify");
        times.push(t.elapsed().as_secs_f64());
        assert_eq!(got, SIZE as u64);
    }
    times.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let p50 = times[RUNS / 2];
    let max = times[RUNS - 1];
    println!(
        "update download + verify, {} MiB on loopback ({} runs, {} build): p50 {:.3} s, max {:.3} s; budget 2 s: {}",
        SIZE / (1024 * 1024),
        RUNS,
        if cfg!(debug_assertions) {
            "debug"
        } else {
            "release"
        },
        p50,
        max,
        if max <= 2.0 { "met" } else { "NOT met" }
    );

    // The rate limit holds: 10 MiB at 4 MiB/s takes about 2.5 s.
    let _ = std::fs::remove_file(&part);
    let t = Instant::now();
    rt.block_on(download::fetch(
        &cred.portal_url,
        &cred.token,
        &info,
        &target,
        Some(4 * 1024 * 1024),
    ))
    .expect("download");
    let secs = t.elapsed().as_secs_f64();
    println!(
        "same download limited to 4 MiB/s: {secs:.2} s ({:.2} MiB/s)",
        SIZE as f64 / (1024.0 * 1024.0) / secs
    );
    assert!(secs >= 2.3, "the rate limit did not hold: {secs} s");
    portal.stop();
}

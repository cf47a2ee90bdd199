//! The app's background sync (`motcua::sync::run_forever`, as src-tauri spawns it): it sends a
//! saved dossier by itself when woken, and when the portal comes back after being away, with no
//! one pressing anything.

use std::sync::Arc;
use std::time::{Duration, Instant};

use motcua_sync_tests::{Desk, Portal};

const UNIT: &str = "000.00.31.H29";

fn on_portal(p: &Portal, code: &str) -> bool {
    p.dossiers().iter().any(|d| d["code"] == code)
}

fn wait_until(what: &str, limit: Duration, mut done: impl FnMut() -> bool) -> Duration {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < limit, "{what}: not within {limit:?}");
        std::thread::sleep(Duration::from_millis(100));
    }
    start.elapsed()
}

#[test]
fn the_background_loop_sends_by_itself_and_after_the_portal_comes_back() {
    let mut portal = Portal::new();
    portal.add_demo_unit(UNIT);
    portal.start();
    let desk = Desk::new();
    desk.enroll(&portal.url(), &portal.new_desk_code(UNIT));

    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let db = rt
        .block_on(motcua::store::open(&desk.db))
        .expect("open desk db");
    let wake = Arc::new(tokio::sync::Notify::new());
    // SAFETY of the test: the loop runs on the runtime's threads until the runtime is dropped.
    rt.spawn(motcua::sync::run_forever(db, desk.db.clone(), wake.clone()));

    // Saved while online: the app rings the bell after saving; it arrives at once.
    let a = desk.intake(&motcua_sync_tests::person(7), "001090077777");
    wake.notify_one();
    let t = wait_until(
        "dossier sent after the wake-up",
        Duration::from_secs(10),
        || on_portal(&portal, &a),
    );
    println!("online: {a} on the portal {t:?} after the save");

    // The portal goes away; a dossier saved meanwhile waits, and goes by itself once it is back
    // (the loop retries with backoff from 2.5-5 s).
    portal.stop();
    let b = desk.intake(&motcua_sync_tests::person(8), "001090088888");
    wake.notify_one();
    std::thread::sleep(Duration::from_millis(500));
    portal.start();
    let t = wait_until(
        "dossier sent after the portal came back",
        Duration::from_secs(30),
        || on_portal(&portal, &b),
    );
    println!(
        "portal away then back: {b} arrived {t:?} after the portal restarted, no one pressed anything"
    );
    let s = desk.sync();
    assert_eq!(s["status"]["pending"], 0, "{s}");
    drop(rt);
}

//! Desk ⇄ portal, the ordinary days: enrollment on a fresh database, offline intake reaching the
//! portal once, back-office progress coming back to the desk, two desks of one unit offline.

use motcua_sync_tests::{Desk, Portal};
use serde_json::Value;

const UNIT: &str = "000.00.31.H29";

fn portal_with_unit() -> Portal {
    let mut p = Portal::new();
    p.add_demo_unit(UNIT);
    p.start();
    p
}

#[test]
fn a_fresh_desk_enrolls_gets_the_catalogue_and_its_dossiers_reach_the_portal_once() {
    let portal = portal_with_unit();
    let desk = Desk::new();
    let code = portal.new_desk_code(UNIT);
    let v = desk.enroll(&portal.url(), &code);
    assert_eq!(v["enrolled"]["unit_code"], UNIT, "{v}");
    assert!(
        v["sync"]["pulled"].as_i64().unwrap_or(0) >= 2,
        "unit + catalogue pulled: {v}"
    );
    // The catalogue came from the portal: the demo procedure is there.
    let list = desk.cli_json(&["catalogue", "list"]);
    assert!(list.to_string().contains("2.000815"), "{list}");
    // The one-time code is spent.
    let again = Desk::new();
    let o = again.try_cli(&[
        "--json",
        "enroll",
        "--portal",
        &portal.url(),
        "--code",
        &code,
        "--clerk-name",
        "X",
    ]);
    assert!(!o.status.success(), "a used code must be refused");

    let a = desk.intake("Đặng Văn Lâm", "001090012345");
    let b = desk.intake("Nguyễn Thị Hồng", "079085001234");
    let s = desk.sync();
    assert_eq!(s["pushed"], 2, "{s}");
    assert_eq!(s["status"]["pending"], 0, "{s}");
    assert!(s["error"].is_null(), "{s}");
    // A second sync sends nothing more.
    let s2 = desk.sync();
    assert_eq!(s2["pushed"], 0, "{s2}");
    let codes: Vec<String> = portal
        .dossiers()
        .iter()
        .filter_map(|d| d["code"].as_str().map(str::to_string))
        .collect();
    assert_eq!(codes.iter().filter(|c| **c == a).count(), 1, "{codes:?}");
    assert_eq!(codes.iter().filter(|c| **c == b).count(), 1, "{codes:?}");
    assert_eq!(codes.len(), 2);
    // Both went in one batch (the portal's multi-row path): each has its one reception step.
    let v = portal.cli_json(&["dossiers", "export-national", "--unit", UNIT]);
    let steps = v["QuaTrinhXuLy"].as_array().expect("steps");
    for code in [&a, &b] {
        let mine: Vec<_> = steps
            .iter()
            .filter(|s| s["MaHoSo"] == code.as_str())
            .collect();
        assert_eq!(mine.len(), 1, "{code}: {steps:?}");
        assert_eq!(mine[0]["TrangThai"], "2");
        assert!(
            mine[0]["NoiDungXuLy"]
                .as_str()
                .is_some_and(|n| n.starts_with("Tiếp nhận hồ sơ tại")),
            "{:?}",
            mine[0]
        );
    }
    let d = &v["HoSo"][0];
    assert_eq!(d["TrangThaiHoSo"], "2", "{d}");
    // The papers received (from the kept create payload) go to DanhSachTepDinhKemKhac;
    // TaiLieuNop lists digitised files only (issue 19).
    assert!(
        d["DanhSachTepDinhKemKhac"]
            .as_array()
            .is_some_and(|t| !t.is_empty()),
        "the create payload is kept: {d}"
    );
}

#[test]
fn recorded_offline_then_sent_when_the_portal_is_back() {
    let mut portal = portal_with_unit();
    let desk = Desk::new();
    desk.enroll(&portal.url(), &portal.new_desk_code(UNIT));
    portal.stop();
    let codes: Vec<String> = (0..3)
        .map(|i| desk.intake(&motcua_sync_tests::person(i), &format!("00109001234{i}")))
        .collect();
    let s = desk.sync();
    assert!(s["error"].as_str().is_some_and(|e| !e.is_empty()), "{s}");
    assert_eq!(s["status"]["pending"], 3, "{s}");
    assert_eq!(s["status"]["online"], false, "{s}");
    println!("offline: {}", s["error"]);
    portal.start();
    let s = desk.sync();
    assert_eq!(s["pushed"], 3, "{s}");
    assert_eq!(s["status"]["online"], true, "{s}");
    let on_portal: Vec<Value> = portal.dossiers();
    for c in &codes {
        assert_eq!(
            on_portal.iter().filter(|d| d["code"] == c.as_str()).count(),
            1,
            "{c}"
        );
    }
}

#[test]
fn back_office_progress_comes_back_and_the_desk_hands_the_result_out() {
    let portal = portal_with_unit();
    let desk = Desk::new();
    desk.enroll(&portal.url(), &portal.new_desk_code(UNIT));
    let code = desk.intake("Phạm Văn Đức", "036085001234");
    desk.sync();
    portal.cli(&["dossiers", "advance", &code, "--to", "in-processing"]);
    portal.cli(&[
        "dossiers",
        "advance",
        &code,
        "--to",
        "result-ready",
        "--note",
        "Đã ký",
        "--by",
        "Phòng Tư pháp",
    ]);
    let s = desk.sync();
    assert!(s["pulled"].as_i64().unwrap_or(0) >= 2, "{s}");
    let d = desk.cli_json(&["dossier", &code]);
    assert_eq!(d["summary"]["status"], "result-ready", "{d}");
    assert!(
        d.to_string().contains("Phòng Tư pháp"),
        "history names the back office: {d}"
    );
    // The desk's audit log records both back-office moves as the portal's, and the chain holds.
    let log = desk.cli_json(&["audit", "list", "--limit", "200"]);
    let portal_moves: Vec<&serde_json::Value> = log
        .as_array()
        .expect("entries")
        .iter()
        .filter(|e| e["action"] == "dossier.portal_status" && e["subject"] == code.as_str())
        .collect();
    assert_eq!(portal_moves.len(), 2, "{log}");
    assert!(
        portal_moves
            .iter()
            .all(|e| e["actor"] == "portal" && e["clerk_id"].is_null()),
        "{log}"
    );
    assert_eq!(desk.cli_json(&["audit", "verify"])["ok"], true);
    // Pulling again changes nothing.
    let s = desk.sync();
    assert_eq!(s["pulled"], 0, "{s}");
    desk.cli(&[
        "dossier",
        &code,
        "hand-out",
        "--name",
        "Phạm Văn Đức",
        "--id-number",
        "036085001234",
    ]);
    let s = desk.sync();
    assert_eq!(s["pushed"], 1, "{s}");
    let on_portal = portal.dossiers();
    let d = on_portal
        .iter()
        .find(|d| d["code"] == code.as_str())
        .expect("on portal");
    assert_eq!(d["status"], "handed-out", "{d}");
}

#[test]
fn two_desks_of_one_unit_offline_never_issue_the_same_code() {
    let mut portal = portal_with_unit();
    let d1 = Desk::new();
    let d2 = Desk::new();
    d1.enroll(&portal.url(), &portal.new_desk_code(UNIT));
    d2.enroll(&portal.url(), &portal.new_desk_code(UNIT));
    portal.stop();
    let mut all = Vec::new();
    for i in 0..5 {
        all.push(d1.intake(
            &motcua_sync_tests::person(10 + i),
            &format!("00109001235{i}"),
        ));
        all.push(d2.intake(
            &motcua_sync_tests::person(20 + i),
            &format!("00109001236{i}"),
        ));
    }
    let mut unique = all.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), all.len(), "codes collided: {all:?}");
    portal.start();
    assert_eq!(d1.sync()["pushed"], 5);
    assert_eq!(d2.sync()["pushed"], 5);
    assert_eq!(portal.dossiers().len(), 10);
}

#[test]
fn a_row_the_portal_rejects_is_quarantined_and_the_rest_still_go() {
    let portal = portal_with_unit();
    let desk = Desk::new();
    desk.enroll(&portal.url(), &portal.new_desk_code(UNIT));
    let a = desk.intake(&motcua_sync_tests::person(1), "001090011111");
    let b = desk.intake(&motcua_sync_tests::person(2), "001090022222");
    let c = desk.intake(&motcua_sync_tests::person(3), "001090033333");
    // Corrupt b's outbox row the way a bug or a hand edit could: another unit's dossier, with a
    // matching hash, so only the portal's rules can refuse it.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("rt");
    rt.block_on(async {
        let db = motcua::store::open(&desk.db).await.expect("open desk db");
        let (seq, payload): (i64, String) = sqlx::query_as(
            "SELECT o.seq, o.payload_json FROM outbox o JOIN dossier d ON d.id = o.entity_id WHERE d.code = ?",
        )
        .bind(&b)
        .fetch_one(&db)
        .await
        .expect("b's outbox row");
        let payload = payload.replace(UNIT, "000.00.99.H99");
        sqlx::query("UPDATE outbox SET payload_json = ?, content_hash = ? WHERE seq = ?")
            .bind(&payload)
            .bind(motcua_protocol::content_hash(&payload))
            .bind(seq)
            .execute(&db)
            .await
            .expect("corrupt");
        db.close().await;
    });
    let s = desk.sync();
    assert_eq!(s["pushed"], 2, "{s}");
    assert_eq!(s["rejected"], 1, "{s}");
    assert_eq!(s["status"]["pending"], 0, "{s}");
    assert_eq!(s["status"]["problems"], 1, "{s}");
    assert!(
        s["error"].is_null(),
        "a rejected row does not fail the run: {s}"
    );
    let on_portal: Vec<String> = portal
        .dossiers()
        .iter()
        .filter_map(|d| d["code"].as_str().map(str::to_string))
        .collect();
    assert!(
        on_portal.contains(&a) && on_portal.contains(&c) && !on_portal.contains(&b),
        "{on_portal:?}"
    );
    // Later rows are not blocked by it either.
    let d = desk.intake(&motcua_sync_tests::person(4), "001090044444");
    let s = desk.sync();
    assert_eq!(s["pushed"], 1, "{s}");
    assert!(portal.dossiers().iter().any(|x| x["code"] == d.as_str()));
    println!(
        "rejected row quarantined with its reason; {} dossiers reached the portal",
        on_portal.len() + 1
    );
}

//! Đính chính from the desk to the portal (issue 13 item 11): a correction made on the desk after
//! the dossier was synced reaches the portal exactly once, with the real processes.

use motcua_sync_tests::{Desk, Portal};

const UNIT: &str = "000.00.31.H29";

#[test]
fn a_correction_reaches_the_portal_exactly_once() {
    let mut portal = Portal::new();
    portal.add_demo_unit(UNIT);
    portal.start();
    let desk = Desk::new();
    let code = portal.new_desk_code(UNIT);
    desk.enroll(&portal.url(), &code);
    let dossier = desk.intake("Đặng Văn Lâm", "001090012345");
    assert_eq!(desk.sync()["pushed"], 1);

    let done = desk.cli_json(&[
        "dossier",
        &dossier,
        "correct",
        "--field",
        "full_name",
        "--value",
        "Đặng Văn Lâm Anh",
        "--reason",
        "Gõ thiếu tên",
    ]);
    assert_eq!(done["after"], "Đặng Văn Lâm Anh", "{done}");
    let s = desk.sync();
    assert_eq!(s["pushed"], 1, "{s}");
    assert!(s["error"].is_null(), "{s}");
    assert_eq!(desk.sync()["pushed"], 0);

    let on_portal: Vec<_> = portal
        .dossiers()
        .into_iter()
        .filter(|d| d["code"] == dossier.as_str())
        .collect();
    assert_eq!(on_portal.len(), 1);
    assert_eq!(on_portal[0]["submitter_name"], "Đặng Văn Lâm Anh");
    // One correction step, and the national export names the person as corrected.
    let v = portal.cli_json(&["dossiers", "export-national", "--unit", UNIT]);
    let steps: Vec<_> = v["QuaTrinhXuLy"]
        .as_array()
        .expect("steps")
        .iter()
        .filter(|s| {
            s["MaHoSo"] == dossier.as_str()
                && s["NoiDungXuLy"]
                    .as_str()
                    .is_some_and(|n| n.contains("Đính chính"))
        })
        .collect();
    assert_eq!(steps.len(), 1, "{v}");
    assert!(v["HoSo"].to_string().contains("Đặng Văn Lâm Anh"), "{v}");
}

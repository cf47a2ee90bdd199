//! What the portal shows the public and the national portal: the page the receipt's QR opens,
//! the API description, and the national export of a dossier that came from a desk.

use std::process::Command;

use motcua_sync_tests::{Desk, Portal, http_get};

const UNIT: &str = "000.00.31.H29";

/// Percent-encoding of the few characters a dossier code can hold (none need it) is not needed;
/// the URL is used as the QR carries it.
#[test]
fn the_receipt_qr_opens_the_portal_lookup_page_with_initials_only() {
    let mut portal = Portal::new();
    portal.add_demo_unit(UNIT);
    portal.start();
    let desk = Desk::new();
    desk.enroll(&portal.url(), &portal.new_desk_code(UNIT));
    let code = desk.intake("Đặng Thị Lan", "001190012345");
    assert!(desk.sync()["error"].is_null());

    // Read the QR back from the printed receipt, as a phone would.
    let pdf = desk.dir.path().join("receipt.pdf");
    desk.cli(&["receipt", &code, "-o", &pdf.display().to_string()]);
    let png_base = desk.dir.path().join("page");
    let ok = Command::new("pdftoppm")
        .args(["-r", "150", "-png", "-singlefile"])
        .arg(&pdf)
        .arg(&png_base)
        .status()
        .expect("pdftoppm (poppler-utils)");
    assert!(ok.success());
    let out = Command::new("zbarimg")
        .args(["--quiet", "--raw", "-Sdisable", "-Sqrcode.enable"])
        .arg(png_base.with_extension("png"))
        .output()
        .expect("zbarimg (zbar-tools)");
    let url = String::from_utf8_lossy(&out.stdout).trim().to_string();
    // The QR carries the dossier's lookup token (issue 14, point 14): 128 random bits, base32.
    let prefix = format!("{}/tra-cuu?ma={code}&t=", portal.url());
    let token = url.strip_prefix(&prefix).unwrap_or_else(|| panic!("{url}"));
    assert!(
        token.len() == 26 && token.chars().all(|c| c.is_ascii_alphanumeric()),
        "{url}"
    );

    // The bare code, as someone walking the numbers would try it: the dossier exists and its
    // status, nothing else.
    let bare = format!("{}/tra-cuu?ma={code}", portal.url());
    let wrong = format!("{bare}&t={}", "a".repeat(26));
    for probe in [&bare, &wrong] {
        let (status, html) = http_get(probe);
        assert_eq!(status, 200, "{html}");
        assert!(
            html.contains(&code) && html.contains("Đã tiếp nhận"),
            "{html}"
        );
        for detail in ["Đ. T. L.", "Thủ tục", "Ngày hẹn trả", "Nơi nhận kết quả"] {
            assert!(!html.contains(detail), "{detail} without the token: {html}");
        }
    }
    println!("bare code → status only");

    let (status, html) = http_get(&url);
    assert_eq!(status, 200, "{html}");
    assert!(html.contains(&code), "{html}");
    assert!(
        html.contains("Đã tiếp nhận"),
        "status in Vietnamese: {html}"
    );
    assert!(html.contains("Đ. T. L."), "initials: {html}");
    assert!(
        !html.contains("Đặng") && !html.contains("001190012345") && !html.contains("0987654321"),
        "personal data leaked: {html}"
    );
    println!("QR → {url} → 200, status and initials only");

    // After the back office finishes, the same page says the result is ready.
    portal.cli(&["dossiers", "advance", &code, "--to", "in-processing"]);
    portal.cli(&["dossiers", "advance", &code, "--to", "result-ready"]);
    let (_, html) = http_get(&url);
    assert!(html.contains("mời đến nhận"), "{html}");

    let (status, _) = http_get(&format!("{}/tra-cuu?ma={UNIT}-991231-9999", portal.url()));
    assert_eq!(status, 404);

    let (status, body) = http_get(&format!("{}/openapi.json", portal.url()));
    assert_eq!(status, 200);
    let api: serde_json::Value = serde_json::from_str(&body).expect("openapi JSON");
    for path in ["/api/v1/enroll", "/api/v1/push", "/api/v1/pull", "/tra-cuu"] {
        assert!(
            api["paths"][path].is_object(),
            "{path} missing from /openapi.json"
        );
    }
    portal.stop();
}

#[test]
fn the_national_export_maps_a_desk_dossier_and_its_steps() {
    let mut portal = Portal::new();
    portal.add_demo_unit(UNIT);
    portal.start();
    let desk = Desk::new();
    desk.enroll(&portal.url(), &portal.new_desk_code(UNIT));
    let code = desk.intake("Phạm Văn Đức", "036085001234");
    desk.sync();
    portal.cli(&[
        "dossiers",
        "advance",
        &code,
        "--to",
        "in-processing",
        "--by",
        "Phòng Tư pháp",
    ]);
    portal.cli(&[
        "dossiers",
        "advance",
        &code,
        "--to",
        "result-ready",
        "--by",
        "Phòng Tư pháp",
    ]);
    desk.sync();
    desk.cli(&[
        "dossier",
        &code,
        "hand-out",
        "--name",
        "Phạm Văn Đức",
        "--id-number",
        "036085001234",
    ]);
    desk.sync();
    let v = portal.cli_json(&["dossiers", "export-national", "--unit", UNIT]);
    let d = &v["HoSo"][0];
    assert_eq!(d["MaHoSo"], code.as_str());
    assert_eq!(d["MaTTHC"], "2.000815");
    // The national portal takes every scalar as a string (issue 19).
    assert_eq!(d["KenhThucHien"], "1");
    assert_eq!(d["ChuHoSo"], "Phạm Văn Đức");
    assert_eq!(d["TrangThaiHoSo"], "10");
    for field in ["NgayTiepNhan", "NgayHenTra", "NgayKetThucXuLy", "NgayTra"] {
        let s = d[field]
            .as_str()
            .unwrap_or_else(|| panic!("{field} missing: {d}"));
        assert!(
            s.len() == 14 && s.chars().all(|c| c.is_ascii_digit()),
            "{field} = {s}"
        );
    }
    let steps = v["QuaTrinhXuLy"].as_array().expect("steps");
    assert!(
        steps
            .iter()
            .any(|s| s["TrangThai"] == "9" && s["NguoiXuLy"] == "Phòng Tư pháp"),
        "{steps:?}"
    );
    assert!(steps.iter().any(|s| s["TrangThai"] == "10"), "{steps:?}");
    println!(
        "national export: {} with {} processing steps",
        d["MaHoSo"],
        steps.len()
    );
    portal.stop();
}

#[test]
fn the_admin_api_moves_dossiers_only_with_an_admin_token() {
    let mut portal = Portal::new();
    portal.add_demo_unit(UNIT);
    portal.start();
    let desk = Desk::new();
    desk.enroll(&portal.url(), &portal.new_desk_code(UNIT));
    let code = desk.intake("Lê Thị Hoa", "001190054321");
    desk.sync();
    let token = portal.cli_json(&["admin", "token", "--label", "bộ phận chuyên môn"])["token"]
        .as_str()
        .expect("token")
        .to_string();
    let list_url = format!("{}/api/v1/admin/dossiers?unit={UNIT}", portal.url());
    let (status, body) = motcua_sync_tests::http("GET", &list_url, None, None);
    assert_eq!(status, 401, "{body}");
    let (status, _) = motcua_sync_tests::http("GET", &list_url, Some("not-a-token"), None);
    assert_eq!(status, 401);
    // A desk's token is not an admin token.
    let cred: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{}.credential", desk.db.display())).expect("credential"),
    )
    .expect("credential JSON");
    let (status, _) = motcua_sync_tests::http("GET", &list_url, cred["token"].as_str(), None);
    assert_eq!(status, 401);
    let (status, body) = motcua_sync_tests::http("GET", &list_url, Some(&token), None);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(&code), "{body}");
    let advance = format!("{}/api/v1/admin/dossiers/{code}/advance", portal.url());
    let (status, body) = motcua_sync_tests::http(
        "POST",
        &advance,
        Some(&token),
        Some(r#"{"to":"in-processing","by":"Phòng Tư pháp"}"#),
    );
    assert_eq!(status, 200, "{body}");
    let (status, body) = motcua_sync_tests::http(
        "POST",
        &advance,
        Some(&token),
        Some(r#"{"to":"handed-out"}"#),
    );
    assert_eq!(status, 409, "handing out belongs to the desk: {body}");
    assert!(body.contains("\"code\""), "{body}");
    let s = desk.sync();
    assert_eq!(s["pulled"], 1, "{s}");
    let d = desk.cli_json(&["dossier", &code]);
    assert_eq!(d["summary"]["status"], "in-processing");
    let (status, body) = motcua_sync_tests::http(
        "GET",
        &format!("{}/api/v1/admin/conflicts", portal.url()),
        Some(&token),
        None,
    );
    assert_eq!((status, body.as_str()), (200, "[]"));
    portal.stop();
}

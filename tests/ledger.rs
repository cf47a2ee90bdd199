//! Sổ theo dõi hồ sơ (Mẫu 07): rows for a period of Vietnam dates, the PDF, the Excel workbook
//! and `motcua ledger`.

mod common;

use std::path::Path;
use std::process::Command;

use chrono::{NaiveDate, TimeZone, Utc};
use common::{TEST_CATALOGUE, demo_desk, intake_input};

/// The CLI as the demo supervisor `giamsat` (the ledger and the day report need that role).
fn motcua(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    common::motcua_as(db, "giamsat", args)
}
use motcua::{dossier::intake, reference::catalogue, reports::ledger};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid test date")
}

/// A desk with five dossiers received around Vietnam midnights; returns it with the codes in
/// the order received.
async fn desk_with_dossiers() -> (common::TestDesk, Vec<String>) {
    let d = demo_desk().await;
    catalogue::import(&d.db, &d.admin, TEST_CATALOGUE, chrono::Utc::now())
        .await
        .expect("import test catalogue");
    let now = Utc
        .with_ymd_and_hms(2026, 3, 20, 9, 0, 0)
        .single()
        .expect("valid now");
    let mut codes = Vec::new();
    for received in [
        "2026-03-03T16:59:00Z",      // 23:59 on 3 March (Vietnam)
        "2026-03-03T17:00:00Z",      // 00:00 on 4 March
        "2026-03-04T08:00:00+07:00", // 08:00 on 4 March
        "2026-03-05T16:59:59Z",      // 23:59:59 on 5 March
        "2026-03-05T17:00:00Z",      // 00:00 on 6 March
    ] {
        let v = intake::save(
            &d.db,
            &d.session,
            &intake_input("9.999001", Some(received)),
            now,
        )
        .await
        .expect("save dossier");
        codes.push(v.summary.code);
    }
    (d, codes)
}

#[tokio::test]
async fn rows_cover_inclusive_vietnam_dates_in_received_order() {
    let (d, codes) = desk_with_dossiers().await;

    let rows = ledger::rows(&d.db, &d.supervisor, day(2026, 3, 4), day(2026, 3, 5))
        .await
        .expect("rows");
    let got: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
    assert_eq!(got, vec![&codes[1][..], &codes[2][..], &codes[3][..]]);
    // Received times are Vietnam wall times.
    assert_eq!(rows[0].received_at.to_string(), "2026-03-04 00:00:00");
    assert_eq!(rows[2].received_at.to_string(), "2026-03-05 23:59:59");
    // Numbers are the ledger numbers, increasing in the order received.
    assert!(
        rows.windows(2).all(|w| w[0].number < w[1].number),
        "{rows:?}"
    );
    assert!(rows.iter().all(|r| r.number >= 1));
    assert!(rows.iter().all(|r| r.due_at.is_some()));
    assert!(rows.iter().all(|r| r.status_label == "Đã tiếp nhận"));
    assert!(rows.iter().all(|r| r.handed_out_at.is_none()));

    // One day.
    let one = ledger::rows(&d.db, &d.supervisor, day(2026, 3, 3), day(2026, 3, 3))
        .await
        .expect("rows");
    assert_eq!(one.len(), 1);
    assert_eq!(one[0].code, codes[0]);
    let six = ledger::rows(&d.db, &d.supervisor, day(2026, 3, 6), day(2026, 3, 6))
        .await
        .expect("rows");
    assert_eq!(six.len(), 1);
    assert_eq!(six[0].code, codes[4]);
    // Nothing outside.
    assert!(
        ledger::rows(&d.db, &d.supervisor, day(2026, 3, 7), day(2026, 3, 31))
            .await
            .expect("rows")
            .is_empty()
    );
    // The whole month, all five.
    assert_eq!(
        ledger::rows(&d.db, &d.supervisor, day(2026, 3, 1), day(2026, 3, 31))
            .await
            .expect("rows")
            .len(),
        5
    );
}

#[tokio::test]
async fn refuses_a_period_ending_before_it_starts() {
    let (d, _) = desk_with_dossiers().await;
    let err = ledger::rows(&d.db, &d.supervisor, day(2026, 3, 5), day(2026, 3, 4))
        .await
        .expect_err("to < from");
    assert_eq!(err.code(), "invalid_period");
    assert!(err.to_string().contains("trước ngày bắt đầu"), "{err}");
    assert!(
        ledger::pdf(&d.db, &d.supervisor, day(2026, 3, 5), day(2026, 3, 4))
            .await
            .is_err()
    );
    assert!(
        ledger::xlsx(&d.db, &d.supervisor, day(2026, 3, 5), day(2026, 3, 4))
            .await
            .is_err()
    );
}

fn pdftotext(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is required");
    assert!(out.status.success());
    String::from_utf8(out.stdout).expect("utf-8 text")
}

/// Every XML member of an .xlsx, checked as a zip by Python's zipfile.
fn xlsx_xml(path: &Path) -> String {
    let script = concat!(
        "import zipfile, sys\n",
        "z = zipfile.ZipFile(sys.argv[1])\n",
        "assert z.testzip() is None\n",
        "for n in sorted(z.namelist()):\n",
        "    if n.endswith('.xml'):\n",
        "        sys.stdout.write('=== ' + n + '\\n' + z.read(n).decode('utf-8') + '\\n')\n",
    );
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(path)
        .output()
        .expect("python3 is required");
    assert!(
        out.status.success(),
        "not a valid zip: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 xml")
}

fn check_xlsx(path: &Path, codes: &[String]) {
    let bytes = std::fs::read(path).expect("read xlsx");
    assert!(bytes.starts_with(b"PK\x03\x04"), "not a zip");
    let xml = xlsx_xml(path);
    for c in codes {
        assert!(xml.contains(c.as_str()), "missing {c}");
    }
    for header in [
        "Mã hồ sơ",
        "Tên TTHC",
        "Trả kết quả cho cá nhân, tổ chức (ngày, ký nhận)",
        "Ghi chú",
    ] {
        assert!(xml.contains(header), "missing header {header}");
    }
    assert!(xml.contains("dd/mm/yyyy hh:mm"), "no date format");
    assert!(xml.contains("ySplit=\"1\""), "header row not frozen");
    assert!(xml.contains("<b/>"), "header not bold");
    assert!(xml.contains("<col "), "column widths not set");
}

#[tokio::test]
async fn pdf_and_xlsx_contain_every_code() {
    let (d, codes) = desk_with_dossiers().await;
    let dir = tempfile::tempdir().expect("tempdir");

    let pdf = ledger::pdf(&d.db, &d.supervisor, day(2026, 3, 1), day(2026, 3, 31))
        .await
        .expect("pdf");
    assert!(pdf.starts_with(b"%PDF"));
    let path = dir.path().join("so.pdf");
    std::fs::write(&path, &pdf).expect("write pdf");
    let text = pdftotext(&path);
    assert!(text.contains("SỔ THEO DÕI HỒ SƠ"), "{text}");
    assert!(
        text.contains("Từ ngày 01/03/2026 đến ngày 31/03/2026"),
        "{text}"
    );
    assert!(text.contains("TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN PHÚ"));
    for c in &codes {
        assert!(text.contains(c.as_str()), "missing {c} in {text}");
    }

    let xlsx = ledger::xlsx(&d.db, &d.supervisor, day(2026, 3, 4), day(2026, 3, 5))
        .await
        .expect("xlsx");
    let path = dir.path().join("so.xlsx");
    std::fs::write(&path, &xlsx).expect("write xlsx");
    check_xlsx(&path, &codes[1..4]);
    let xml = xlsx_xml(&path);
    assert!(!xml.contains(codes[0].as_str()) && !xml.contains(codes[4].as_str()));
}

#[tokio::test]
async fn cli_writes_pdf_and_xlsx_and_refuses_other_extensions() {
    let (d, codes) = desk_with_dossiers().await;
    d.db.close().await;
    let dir = tempfile::tempdir().expect("tempdir");
    let db = d.path.as_path();

    for (name, format) in [("so.pdf", "pdf"), ("so.XLSX", "xlsx")] {
        let file = dir.path().join(name);
        let file_arg = file.to_str().expect("utf-8 path");
        let out = motcua(
            db,
            &[
                "ledger",
                "--from",
                "2026-03-04",
                "--to",
                "2026-03-05",
                "-o",
                file_arg,
                "--json",
            ],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
        assert_eq!(v["rows"], 3);
        assert_eq!(v["format"], format);
        assert_eq!(v["path"], file_arg);
        if format == "pdf" {
            let text = pdftotext(&file);
            for c in &codes[1..4] {
                assert!(text.contains(c.as_str()), "missing {c}");
            }
        } else {
            check_xlsx(&file, &codes[1..4]);
        }
    }

    // A human message without --json.
    let file = dir.path().join("so2.pdf");
    let out = motcua(
        db,
        &[
            "ledger",
            "--from",
            "2026-03-01",
            "--to",
            "2026-03-31",
            "-o",
            file.to_str().expect("utf-8 path"),
        ],
    );
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("5 hồ sơ"));

    // Other extensions are refused, and nothing is written.
    let bad = dir.path().join("so.csv");
    let out = motcua(
        db,
        &[
            "ledger",
            "--from",
            "2026-03-01",
            "--to",
            "2026-03-31",
            "-o",
            bad.to_str().expect("utf-8 path"),
            "--json",
        ],
    );
    assert!(!out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains(".pdf hoặc .xlsx"), "{stderr}");
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON error");
    assert_eq!(v["error"]["code"], "ledger_format");
    assert!(!bad.exists());

    // to < from, and a malformed date.
    let out = motcua(
        db,
        &[
            "ledger",
            "--from",
            "2026-03-05",
            "--to",
            "2026-03-04",
            "-o",
            file.to_str().expect("utf-8 path"),
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("trước ngày bắt đầu"));
    let out = motcua(
        db,
        &[
            "ledger",
            "--from",
            "05/03/2026",
            "--to",
            "2026-03-04",
            "-o",
            file.to_str().expect("utf-8 path"),
        ],
    );
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("YYYY-MM-DD"));
}

#[tokio::test]
async fn handed_out_time_status_and_note_come_from_the_dossier() {
    let d = demo_desk().await;
    catalogue::import(&d.db, &d.admin, TEST_CATALOGUE, chrono::Utc::now())
        .await
        .expect("import test catalogue");
    let now = Utc
        .with_ymd_and_hms(2026, 3, 20, 9, 0, 0)
        .single()
        .expect("valid now");
    let v = intake::save(
        &d.db,
        &d.session,
        &intake_input("9.999001", Some("2026-03-04T09:00:00+07:00")),
        now,
    )
    .await
    .expect("save dossier");
    // The result handed out at 15:30 on 10 March (Vietnam), as the history records it.
    sqlx::query("UPDATE dossier SET status = 'handed-out', outcome = 'supplement' WHERE id = ?")
        .bind(&v.summary.id)
        .execute(&d.db)
        .await
        .expect("update");
    sqlx::query(
        "INSERT INTO dossier_event (dossier_id, at, actor, kind, from_status, to_status, note) \
         VALUES (?, '2026-03-10T08:30:00Z', 'test', 'handed-out', 'result-ready', 'handed-out', '')",
    )
    .bind(&v.summary.id)
    .execute(&d.db)
    .await
    .expect("insert event");

    let rows = ledger::rows(&d.db, &d.supervisor, day(2026, 3, 4), day(2026, 3, 4))
        .await
        .expect("rows");
    assert_eq!(rows.len(), 1);
    assert_eq!(i64::from(rows[0].number), v.ledger_number);
    assert_eq!(
        rows[0].handed_out_at.map(|t| t.to_string()).as_deref(),
        Some("2026-03-10 15:30:00")
    );
    assert_eq!(rows[0].status_label, "Đã trả kết quả");
    assert_eq!(rows[0].note, "Yêu cầu bổ sung hồ sơ (Mẫu 02)");
}

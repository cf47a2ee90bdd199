//! Printing through the OS for real: the receipt goes to CUPS with `lp` into the cups-pdf queue
//! "MotcuaPDF" (set up by scripts/cups-pdf-printer.sh), comes out as a PDF in ~/PDF, and every
//! print after the first is logged as a reprint.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use motcua::dto::{Applicant, DocumentReceived, IntakeInput};

fn newest_pdf_since(dir: &PathBuf, since: std::time::SystemTime) -> Option<PathBuf> {
    std::fs::read_dir(dir)
        .ok()?
        .filter_map(|e| e.ok())
        .filter(|e| {
            e.metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t >= since)
        })
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "pdf"))
}

#[tokio::test]
async fn receipt_prints_through_cups_and_reprints_are_logged() {
    let queue = Command::new("lpstat")
        .args(["-p", "MotcuaPDF"])
        .output()
        .expect("lpstat (cups-client)");
    assert!(
        queue.status.success(),
        "no CUPS queue MotcuaPDF: run scripts/cups-pdf-printer.sh"
    );
    // SAFETY of set_var: this test binary runs this one test only.
    unsafe { std::env::set_var("MOTCUA_PRINTER", "MotcuaPDF") };
    motcua::i18n::set_locale("vi");
    let tmp = tempfile::tempdir().unwrap();
    let db = motcua::store::open(&tmp.path().join("desk.sqlite"))
        .await
        .unwrap();
    motcua::reference::desk::setup(
        &db,
        &motcua::reference::desk::demo_setup("mat-khau-thu-nghiem"),
    )
    .await
    .unwrap();
    let session =
        motcua::accounts::sign_in(&db, "admin", "mat-khau-thu-nghiem", chrono::Utc::now())
            .await
            .unwrap();
    let input = IntakeInput {
        procedure_code: "2.000815".into(),
        received_at: None,
        submitter: Applicant {
            full_name: "Võ Thị Ánh Tuyết".into(),
            id_number: "079190001234".into(),
            ..Default::default()
        },
        owner: None,
        documents: vec![DocumentReceived {
            name: "Bản chính giấy tờ".into(),
            original: 1,
            certified: 0,
            photocopy: 0,
        }],
        sets_count: 1,
        delivery: "counter".into(),
        ..Default::default()
    };
    let v = motcua::dossier::intake::save(&db, &session, &input, chrono::Utc::now())
        .await
        .unwrap();
    let code = v.summary.code.clone();

    let out_dir =
        PathBuf::from(std::env::var("HOME").unwrap_or_else(|_| "/root".into())).join("PDF");
    let since = std::time::SystemTime::now() - Duration::from_secs(1);
    let outcome = motcua::forms::print(&db, &session, motcua::forms::FormKind::Receipt, &code)
        .await
        .expect("lp accepted the job");
    println!("print: {} ({:?})", outcome.job, outcome.printer);
    assert!(outcome.job.contains("MotcuaPDF"), "{}", outcome.job);
    // The PDF (whole ID number) waited in a private folder and is gone once lp took the job
    // (issue 14, point 12).
    let spool = motcua::forms::print_spool::dir().expect("private print folder");
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&spool).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o700, "{}", spool.display());
    }
    let left: Vec<_> = std::fs::read_dir(&spool).unwrap().collect();
    assert!(left.is_empty(), "left in {}: {left:?}", spool.display());
    let deadline = Instant::now() + Duration::from_secs(30);
    let printed = loop {
        if let Some(p) = newest_pdf_since(&out_dir, since) {
            break p;
        }
        assert!(
            Instant::now() < deadline,
            "cups-pdf wrote nothing into {}",
            out_dir.display()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    tokio::time::sleep(Duration::from_millis(500)).await;
    // cups-pdf re-renders the job through Ghostscript (text becomes Type 3 glyphs), so read the
    // printed page back the way a scanner would: the QR gives the lookup URL, Code 39 the code.
    let png = tmp.path().join("printed");
    let r = Command::new("pdftoppm")
        .args(["-r", "150", "-png", "-f", "1", "-l", "1"])
        .arg(&printed)
        .arg(&png)
        .stderr(std::process::Stdio::null())
        .status()
        .expect("pdftoppm");
    assert!(r.success());
    let scan = Command::new("zbarimg")
        .args(["-q", "--raw"])
        .arg(tmp.path().join("printed-1.png"))
        .stderr(std::process::Stdio::null())
        .output()
        .expect("zbarimg");
    let scan = String::from_utf8_lossy(&scan.stdout);
    assert!(
        scan.lines().any(|l| l == code),
        "Code 39 of the code on the printed page: {scan:?}"
    );
    assert!(
        scan.lines().any(|l| l.contains(&format!("?ma={code}&t="))),
        "QR of the lookup URL on the printed page: {scan:?}"
    );
    println!("print: CUPS wrote {}", printed.display());

    motcua::forms::print(&db, &session, motcua::forms::FormKind::Receipt, &code)
        .await
        .expect("reprint");
    let d = motcua::dossier::get(&db, &code).await.unwrap();
    let kinds: Vec<&str> = d.prints.iter().map(|p| p.kind.as_str()).collect();
    assert_eq!(kinds, ["print", "reprint"]);
    // Every print is attributed to the signed-in clerk (the demo admin here).
    assert!(
        d.prints
            .iter()
            .all(|p| p.target == "MotcuaPDF" && p.actor == session.full_name()),
        "{:?}",
        d.prints
    );
}

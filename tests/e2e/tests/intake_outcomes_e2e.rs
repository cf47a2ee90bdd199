//! The clerk's fast path and every intake outcome, in the real app:
//! 1. A complete dossier from an ID-card QR scan, counting every keystroke/click besides the scan
//!    (the budget is 12) and timing it; the receipt is printed through CUPS.
//! 2. An incomplete dossier → Mẫu 02 saved; a refused one → Mẫu 03 saved.
//! Needs the CUPS queue MotcuaPDF (scripts/cups-pdf-printer.sh) and runs under Xvfb.

use std::process::Command;
use std::time::{Duration, Instant};

use fantoccini::key::Key;
use motcua_e2e::*;

/// A valid chip ID card QR string as a USB scanner types it.
const QR: &str = "079190001234|025123456|Phạm Thị Thu Trang|15041990|Nữ|Số 12 đường Lê Lợi, phường Bến Thành, Quận 1, TP Hồ Chí Minh|20062021";

#[tokio::test]
async fn scan_to_printed_receipt_within_the_keystroke_budget_then_supplement_and_refusal() {
    let app = desk_bin();
    let cli = cli_bin();
    assert!(
        app.exists() && cli.exists(),
        "build first: cargo build -p motcua-desk -p motcua"
    );
    let queue = Command::new("lpstat")
        .args(["-p", "MotcuaPDF"])
        .output()
        .expect("lpstat");
    assert!(
        queue.status.success(),
        "no CUPS queue MotcuaPDF: run scripts/cups-pdf-printer.sh"
    );
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("desk.sqlite");
    let receipts = tmp.path().join("receipts");
    init_demo(&cli, &db);
    let printer = std::path::PathBuf::from("MotcuaPDF");
    let mut env = desk_env(&db, &receipts);
    env.push(("MOTCUA_PRINTER", &printer));
    let driver = Driver::start(&env);
    let c = driver.session(&app).await;
    // The demo clerk signs in (not counted: the budget is for one dossier).
    sign_in(&c, "mai", PASSWORD).await;
    find(&c, "proc-search").await;

    // 1. The fast path. Every key the clerk presses goes through `press`, which counts it.
    let mut keys = 0usize;
    let started = Instant::now();
    async fn press(c: &fantoccini::Client, keys: &mut usize, text: &str, count: usize) {
        let el = c.active_element().await.expect("focused element");
        el.send_keys(text).await.expect("keys");
        *keys += count;
    }
    press(&c, &mut keys, &Key::F2.to_string(), 1).await;
    press(&c, &mut keys, "ban sao", 7).await;
    find(&c, "proc-option-2.000815").await;
    press(&c, &mut keys, &Key::Enter.to_string(), 1).await;
    find(&c, "sub-name").await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    // The scan: the scanner types the QR string wherever the focus is (not counted).
    c.active_element()
        .await
        .unwrap()
        .send_keys(&format!("{QR}{}", Key::Enter))
        .await
        .unwrap();
    let name = eventually("the scan to fill the name", || async {
        Some(value(&c, "sub-name").await).filter(|v| !v.is_empty())
    })
    .await;
    assert_eq!(name, "Phạm Thị Thu Trang");
    assert_eq!(value(&c, "sub-id").await, "079190001234");
    assert!(
        !value(&c, "sub-phone").await.contains('|'),
        "the QR string never lands in a field"
    );
    press(&c, &mut keys, &format!("{}{}", Key::Control, Key::Enter), 1).await;
    let code = eventually("the dossier code", || async {
        Some(text(&c, "intake-result-code").await).filter(|t| t.contains('-'))
    })
    .await;
    let code = code.trim().to_string();
    find(&c, "print").await;
    press(&c, &mut keys, &Key::Enter.to_string(), 1).await;
    let msg = eventually("the print message", || async {
        Some(text(&c, "print-message").await).filter(|t| !t.is_empty())
    })
    .await;
    let elapsed = started.elapsed();
    println!(
        "e2e: scan → printed receipt {code}: {keys} keystrokes besides the scan, {:.1} s ({msg})",
        elapsed.as_secs_f64()
    );
    assert!(keys <= 12, "{keys} keystrokes");
    assert!(msg.contains("MotcuaPDF"), "{msg}");

    // 2a. Incomplete: Mẫu 02.
    press(&c, &mut keys, &format!("{}n", Key::Alt), 1).await;
    fill(&c, "proc-search", "khai sinh").await;
    find(&c, "proc-option-1.001193").await;
    find(&c, "proc-search")
        .await
        .send_keys(&Key::Enter.to_string())
        .await
        .unwrap();
    fill(&c, "sub-name", "Lý Văn Tâm").await;
    fill(&c, "sub-id", "001085012345").await;
    click(&c, "outcome-supplement").await;
    if c.find(fantoccini::Locator::Css(&tid("missing-name-0")))
        .await
        .is_err()
    {
        click(&c, "missing-add").await;
    }
    fill(&c, "missing-name-0", "Giấy chứng sinh (bản chính)").await;
    click(&c, "intake-save").await;
    let code2 = eventually("the supplement code", || async {
        Some(text(&c, "intake-result-code").await).filter(|t| t.contains('-') && !t.contains(&code))
    })
    .await;
    let code2 = code2.trim().to_string();
    click(&c, "save-pdf").await;
    let f2 = receipts.join(format!("{code2}-supplement-request.pdf"));
    eventually("Mẫu 02 file", || async { f2.exists().then_some(()) }).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let t2 = String::from_utf8_lossy(
        &Command::new("pdftotext")
            .arg(&f2)
            .arg("-")
            .output()
            .unwrap()
            .stdout,
    )
    .split_whitespace()
    .collect::<Vec<_>>()
    .join(" ");
    assert!(
        t2.contains("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ")
            && t2.contains("Giấy chứng sinh (bản chính)"),
        "{t2}"
    );
    println!("e2e: supplement request {code2} saved as {}", f2.display());

    // 2b. Refused: Mẫu 03.
    c.active_element()
        .await
        .unwrap()
        .send_keys(&format!("{}n", Key::Alt))
        .await
        .unwrap();
    fill(&c, "proc-search", "chung thuc chu ky").await;
    find(&c, "proc-option-2.000884").await;
    find(&c, "proc-search")
        .await
        .send_keys(&Key::Enter.to_string())
        .await
        .unwrap();
    fill(&c, "sub-name", "Hà Minh Khôi").await;
    fill(&c, "sub-id", "036080001111").await;
    // The ID just typed starts a look-up of that person's open dossiers, which re-renders the
    // form under the pointer: a click landing in that moment is lost (seen once in CI), as it
    // would be for a clerk, who clicks again. So does the test, until the reason field shows.
    eventually("the refusal form", || async {
        click(&c, "outcome-refuse").await;
        c.find(fantoccini::Locator::Css(&tid("refusal-reason")))
            .await
            .ok()
            .map(|_| ())
    })
    .await;
    fill(
        &c,
        "refusal-reason",
        "Người yêu cầu không ký trước mặt người thực hiện chứng thực",
    )
    .await;
    click(&c, "intake-save").await;
    let code3 = eventually("the refusal code", || async {
        Some(text(&c, "intake-result-code").await)
            .filter(|t| t.contains('-') && !t.contains(&code) && !t.contains(&code2))
    })
    .await;
    let code3 = code3.trim().to_string();
    click(&c, "save-pdf").await;
    let f3 = receipts.join(format!("{code3}-refusal.pdf"));
    eventually("Mẫu 03 file", || async { f3.exists().then_some(()) }).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let t3 = String::from_utf8_lossy(
        &Command::new("pdftotext")
            .arg(&f3)
            .arg("-")
            .output()
            .unwrap()
            .stdout,
    )
    .split_whitespace()
    .collect::<Vec<_>>()
    .join(" ");
    assert!(
        t3.contains("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ")
            && t3.contains("không ký trước mặt"),
        "{t3}"
    );
    println!("e2e: refusal {code3} saved as {}", f3.display());
    c.close().await.ok();
}

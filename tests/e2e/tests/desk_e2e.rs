//! The desk app end to end, as a clerk uses it: first-run setup, one intake from the keyboard,
//! bad input that keeps what was typed, the receipt saved as a PDF that holds the code.
//! Run under Xvfb: `xvfb-run -a cargo test -p motcua-e2e` (scripts/test.sh does).

use std::process::Command;
use std::time::Duration;

use fantoccini::key::Key;
use motcua_e2e::*;

#[tokio::test]
async fn first_run_intake_and_receipt() {
    let app = desk_bin();
    assert!(
        app.exists(),
        "build the app first: cargo build -p motcua-desk ({})",
        app.display()
    );
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("desk.sqlite");
    let receipts = tmp.path().join("receipts");
    let driver = Driver::start(&desk_env(&db, &receipts));
    let c = driver.session(&app).await;
    // Every Content-Security-Policy violation from here on (the page itself loaded under it).
    find(&c, "setup-submit").await;
    c.execute(
        "window.__cspViolations = []; document.addEventListener('securitypolicyviolation', \
         (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));",
        vec![],
    )
    .await
    .expect("CSP listener");

    // 1. First run: the settings step.
    println!("e2e: first-run setup");
    fill(
        &c,
        "setup-unit-name",
        "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ HÒA BÌNH",
    )
    .await;
    fill(&c, "setup-parent-authority", "ỦY BAN NHÂN DÂN XÃ HÒA BÌNH").await;
    fill(&c, "setup-place", "Hòa Bình").await;
    fill(&c, "setup-unit-code", "000.00.31.H29").await;
    fill(
        &c,
        "setup-lookup-url",
        "https://dichvucong.demo.motcua.vn/tra-cuu",
    )
    .await;
    fill(&c, "setup-hotline", "1900 1234").await;
    fill(&c, "setup-desk-name", "Quầy 2").await;
    fill(&c, "setup-clerk-name", "Lê Thị Thu").await;
    // The first account (admin); a mismatched confirmation is caught before anything is saved.
    fill(&c, "setup-username", "thu.lt").await;
    fill(&c, "setup-password", PASSWORD).await;
    fill(&c, "setup-password-confirm", "khac").await;
    click(&c, "setup-submit").await;
    let mismatch = text(&c, "field-error-password_confirm").await;
    assert!(mismatch.contains("không giống nhau"), "{mismatch:?}");
    fill(&c, "setup-password-confirm", PASSWORD).await;
    click(&c, "setup-submit").await;
    // Signed in as the new admin right away.
    let who = text(&c, "header-clerk").await;
    assert!(
        who.contains("Lê Thị Thu") && who.contains("Quản trị"),
        "{who:?}"
    );

    // 2. Intake, keyboard first: search without diacritics, pick with Enter.
    println!("e2e: intake");
    let search = find(&c, "proc-search").await;
    search.send_keys("chung thuc ban sao").await.unwrap();
    find(&c, "proc-option-2.000815").await;
    search.send_keys(&Key::Enter.to_string()).await.unwrap();
    fill(&c, "sub-name", "Nguyễn Thị Hồng Đặng").await;
    fill(&c, "sub-id", "001190").await; // malformed: too short
    fill(&c, "sub-phone", "0912345678").await;
    fill(&c, "sub-address", "Thôn Đông, xã Hòa Bình").await;
    click(&c, "intake-save").await;

    // 3. Bad input: a Vietnamese message at the field, and nothing typed is lost.
    let msg = eventually("the ID error", || async {
        Some(text(&c, "field-error-id_number").await).filter(|t| !t.is_empty())
    })
    .await;
    println!("e2e: error shown: {msg}");
    assert!(
        msg.contains("chữ số"),
        "Vietnamese message expected, got {msg:?}"
    );
    assert_eq!(value(&c, "sub-name").await, "Nguyễn Thị Hồng Đặng");
    assert_eq!(value(&c, "sub-phone").await, "0912345678");

    fill(&c, "sub-id", "001190012345").await;
    click(&c, "intake-save").await;
    let code = eventually("the dossier code", || async {
        Some(text(&c, "intake-result-code").await).filter(|t| t.contains("-"))
    })
    .await;
    let code = code.trim().to_string();
    println!("e2e: saved dossier {code}");
    assert!(code.starts_with("000.00.31.H29-"), "{code}");

    // The intake screen with the receipt preview, for the README.
    tokio::time::sleep(Duration::from_millis(1500)).await;
    if let Ok(png) = c.screenshot().await {
        let _ = std::fs::write(target_dir().join("e2e-intake.png"), png);
    }

    // 4. The receipt: save it, then read it back.
    click(&c, "save-pdf").await;
    let file = receipts.join(format!("{code}.pdf"));
    eventually("the receipt file", || async { file.exists().then_some(()) }).await;
    tokio::time::sleep(Duration::from_millis(200)).await;
    let out = Command::new("pdftotext")
        .arg(&file)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains(&code), "receipt holds the code");
    assert!(
        text.contains("Nguyễn Thị Hồng Đặng"),
        "receipt holds the name exactly"
    );
    assert!(text.contains("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"));
    println!(
        "e2e: receipt {} ({} bytes) holds the code",
        file.display(),
        std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0)
    );

    // 5. The today list finds it by name without diacritics, and the detail opens.
    click(&c, "nav-today").await;
    fill(&c, "today-search", "dang").await;
    // Keyboard, as a clerk does: the row takes focus and Enter opens it.
    // The list re-renders while the search settles, so the row is looked up again on each try.
    let row_id = format!("dossier-row-{code}");
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    loop {
        if let Ok(row) = c.find(fantoccini::Locator::Css(&tid(&row_id))).await {
            let _ = row.send_keys(&Key::Enter.to_string()).await;
        }
        if c.find(fantoccini::Locator::Css(&tid("reprint")))
            .await
            .is_ok()
        {
            break;
        }
        if std::time::Instant::now() > deadline {
            if let Ok(png) = c.screenshot().await {
                let _ = std::fs::write(target_dir().join("e2e-failure.png"), png);
            }
            let html = c.source().await.unwrap_or_default();
            panic!(
                "the dossier row did not open (screenshot target/e2e-failure.png); page: {}",
                &html.chars().take(3000).collect::<String>()
            );
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }

    if let Ok(png) = c.screenshot().await {
        let shot = target_dir().join("e2e-today.png");
        let _ = std::fs::write(&shot, png);
        println!("e2e: screenshot {}", shot.display());
    }

    // 6. The day report (its chart) and the accounts screen render under the CSP too.
    click(&c, "nav-report").await;
    find(&c, "report-date").await;
    click(&c, "nav-accounts").await;
    find(&c, "account-row-thu.lt").await;

    // 7. The backend locks the session (as after the idle time): the next command brings up the
    // lock screen, the desk is unmounted, and after the password the typed draft is still there.
    click(&c, "nav-intake").await;
    click(&c, "intake-new").await;
    fill(&c, "sub-name", "Trần Văn Bình").await;
    let locked = c
        .execute_async(
            "const done = arguments[arguments.length - 1]; \
             window.__TAURI_INTERNALS__.invoke('lock_session', {}).then(() => done('ok'), (e) => done(JSON.stringify(e)));",
            vec![],
        )
        .await
        .expect("lock_session");
    assert_eq!(locked, serde_json::json!("ok"));
    click(&c, "nav-today").await;
    find(&c, "lock-screen").await;
    assert!(
        c.find(fantoccini::Locator::Css(&tid("sub-name")))
            .await
            .is_err()
            && c.find(fantoccini::Locator::Css(&tid("today-search")))
                .await
                .is_err(),
        "nothing of the desk stays under the lock screen"
    );
    fill(&c, "lock-password", "sai-mat-khau").await;
    find(&c, "lock-password")
        .await
        .send_keys(&Key::Enter.to_string())
        .await
        .unwrap();
    let wrong = motcua_e2e::text(&c, "lock-error").await;
    assert!(wrong.contains("không đúng"), "{wrong:?}");
    fill(&c, "lock-password", PASSWORD).await;
    find(&c, "lock-password")
        .await
        .send_keys(&Key::Enter.to_string())
        .await
        .unwrap();
    click(&c, "nav-intake").await;
    assert_eq!(value(&c, "sub-name").await, "Trần Văn Bình");
    println!("e2e: locked and unlocked, the draft kept");

    // 8. Signing out hides the desk; the sign-in screen knows the last user.
    click(&c, "sign-out").await;
    assert_eq!(value(&c, "signin-username").await, "thu.lt");
    assert!(
        c.find(fantoccini::Locator::Css(&tid("proc-search")))
            .await
            .is_err(),
        "the desk is gone after signing out"
    );
    sign_in(&c, "thu.lt", PASSWORD).await;

    let violations = c
        .execute("return window.__cspViolations || null;", vec![])
        .await
        .expect("CSP violations");
    assert_eq!(
        violations,
        serde_json::json!([]),
        "the UI needs something the Content-Security-Policy forbids"
    );
    c.close().await.ok();
}

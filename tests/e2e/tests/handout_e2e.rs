//! Handing a result out in the real app: a dossier recorded through the CLI is moved to
//! "result ready" (`motcua dossier CODE move --to in-processing`, then `--to result-ready`); in the
//! app the clerk opens "Kết quả chờ trả" with one keystroke (Alt+R), opens the dossier, is refused
//! an empty recipient name (in Vietnamese), hands the result out with the recipient's name and ID
//! number, sees the dossier "Đã trả kết quả", and saves the hand-over note (Biên nhận trả kết quả)
//! as PDF. The CLI then reads the dossier back as handed out. Runs under Xvfb.

use fantoccini::key::Key;
use motcua_e2e::*;

#[tokio::test]
async fn result_ready_dossier_is_handed_out_and_the_handover_note_is_saved() {
    let app = desk_bin();
    let cli = cli_bin();
    assert!(
        app.exists() && cli.exists(),
        "build first: cargo build -p motcua-desk -p motcua"
    );
    let tmp = tempfile::tempdir().unwrap();
    let db = tmp.path().join("desk.sqlite");
    let receipts = tmp.path().join("receipts");
    init_demo(&cli, &db);

    // A dossier recorded at the desk (CLI), sent for processing, and its result is back.
    let saved = motcua_json(
        &cli,
        &db,
        &[
            "intake",
            "--procedure",
            "2.000884",
            "--name",
            "Nguyễn Văn An",
            "--id-number",
            "001090012345",
            "--phone",
            "0912345678",
        ],
    );
    let code = saved["code"].as_str().expect("dossier code").to_string();
    for to in ["in-processing", "result-ready"] {
        let moved = motcua_json(&cli, &db, &["dossier", &code, "move", "--to", to]);
        assert_eq!(moved["summary"]["status"], to, "{moved}");
    }

    let driver = Driver::start(&desk_env(&db, &receipts));
    let c = driver.session(&app).await;
    sign_in(&c, "mai", PASSWORD).await;
    find(&c, "proc-search").await;

    // "Kết quả chờ trả": one keystroke; the dossier waiting gets the focus, Enter opens it.
    c.active_element()
        .await
        .expect("focused element")
        .send_keys(&format!("{}r", Key::Alt))
        .await
        .unwrap();
    let row = format!("register-row-{code}");
    find(&c, &row).await;
    let pressed = find(&c, "register-filter-result-ready")
        .await
        .attr("aria-pressed")
        .await
        .unwrap();
    assert_eq!(pressed.as_deref(), Some("true"));
    // Keyboard-first: the row already has the focus; Enter opens the dossier.
    find(&c, &row)
        .await
        .send_keys(&Key::Enter.to_string())
        .await
        .unwrap();
    find(&c, "handout-form").await;
    assert_eq!(text(&c, "detail-status").await, "Có kết quả, chờ trả");

    // No name: refused beside the field, in Vietnamese; nothing changes.
    click(&c, "handout-submit").await;
    let err = text(&c, "field-error-full_name").await;
    assert_eq!(err, "Phải ghi họ tên người nhận kết quả.");

    fill(&c, "handout-name", "Trần Thị Bình").await;
    fill(&c, "handout-id", "079185000111").await;
    click(&c, "handout-submit").await;
    eventually("the dossier to show handed-out", || async {
        let el = c
            .find(fantoccini::Locator::Css(&tid("detail-status")))
            .await
            .ok()?;
        (el.attr("data-status").await.ok()?? == "handed-out").then_some(())
    })
    .await;
    assert_eq!(text(&c, "detail-status").await, "Đã trả kết quả");
    let events = text(&c, "detail-events").await;
    assert!(
        events.contains("Đã trả kết quả cho Trần Thị Bình (số giấy tờ 079185000111)."),
        "{events}"
    );

    // The hand-over note is the form shown now; save it and read it back.
    let kind = find(&c, "form-panel")
        .await
        .attr("data-kind")
        .await
        .unwrap();
    assert_eq!(kind.as_deref(), Some("handover"));
    click(&c, "save-pdf").await;
    let file = receipts.join(format!("{code}-handover.pdf"));
    eventually("the hand-over note file", || async {
        file.exists().then_some(())
    })
    .await;
    find(&c, "saved-path").await;
    let pdf = pdf_text(&file);
    assert!(
        pdf.contains("BIÊN NHẬN TRẢ KẾT QUẢ GIẢI QUYẾT HỒ SƠ")
            && pdf.contains("Trần Thị Bình")
            && pdf.contains(&code),
        "{pdf}"
    );
    println!("e2e: {code} handed out, hand-over note {}", file.display());
    c.close().await.ok();
    drop(driver);

    // The database agrees.
    let back = motcua_json(&cli, &db, &["dossier", &code]);
    assert_eq!(back["summary"]["status"], "handed-out", "{back}");
    assert!(
        back["forms"]
            .as_array()
            .is_some_and(|f| f.iter().any(|k| k == "handover")),
        "{back}"
    );
}

//! Issue 13, what the records helper finished: correcting a received dossier (đính chính, item
//! 11), the first and the extended appointment side by side (item 3), a bounded and reasoned
//! backdated intake (item 8) and the fee collected at hand-out in the ledger (item 1). Forms
//! are read back with pdftotext.

mod common;

use chrono::{DateTime, Utc};
use common::{TestDesk, demo_desk, intake_input, json, motcua};
use motcua::forms::{self, FormKind};
use motcua::{audit, clock, dossier, dossier_correction, intake};

fn at(s: &str) -> DateTime<Utc> {
    clock::parse(s).expect("test time")
}

fn pdf_text(bytes: &[u8]) -> String {
    common::pdf_raw_text(bytes)
}

async fn receipt_text(d: &TestDesk, code: &str) -> String {
    let (_, pdf) = forms::pdf(&d.db, &d.session, FormKind::Receipt, code)
        .await
        .unwrap();
    pdf_text(&pdf)
}

async fn received(d: &TestDesk) -> String {
    intake::save(
        &d.db,
        &d.session,
        &intake_input("2.000635", None),
        Utc::now(),
    )
    .await
    .unwrap()
    .summary
    .code
}

async fn outbox_ops(d: &TestDesk) -> Vec<(String, String)> {
    sqlx::query_as("SELECT op, payload_json FROM outbox ORDER BY seq")
        .fetch_all(&d.db)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_typo_in_the_name_and_id_is_corrected_audited_synced_and_the_receipt_says_so() {
    let d = demo_desk().await;
    let code = received(&d).await;
    let before = receipt_text(&d, &code).await;
    assert!(!before.contains("BẢN ĐÍNH CHÍNH"), "{before}");

    let now = Utc::now();
    let (v, c) = dossier_correction::correct(
        &d.db,
        &d.session,
        &code,
        "full_name",
        "  Nguyễn Thị Hồng Nhung ",
        "Gõ thiếu tên đệm",
        now,
    )
    .await
    .unwrap();
    assert_eq!(c.before, "Nguyễn Thị Hồng Đặng");
    assert_eq!(c.after, "Nguyễn Thị Hồng Nhung");
    assert_eq!(v.submitter.full_name, "Nguyễn Thị Hồng Nhung");
    assert_eq!(v.summary.submitter_name, "Nguyễn Thị Hồng Nhung");
    let (v, _) = dossier_correction::correct(
        &d.db,
        &d.session,
        &code,
        "id_number",
        "001190054321",
        "Sai số CCCD",
        now,
    )
    .await
    .unwrap();
    assert_eq!(v.submitter.id_number, "001190054321");
    assert_eq!(v.summary.id_number, "001190054321");
    // The procedure, code and received time did not move.
    assert_eq!(v.summary.procedure_code, "2.000635");
    assert_eq!(v.summary.code, code);
    assert!(v.events.iter().any(|e| e.kind == "corrected"));

    // Found by the new name (the search index follows), not by the old one.
    let found = dossier::list(&d.db, &d.session, "nhung", false, Utc::now(), 10)
        .await
        .unwrap();
    assert_eq!(found.len(), 1);
    let old = dossier::list(&d.db, &d.session, "001190012345", false, Utc::now(), 10)
        .await
        .unwrap();
    assert!(old.is_empty());

    // Who, when, before and after in the hash-chained audit log (ID numbers masked there).
    let log = audit::list(&d.db, &d.admin, 50).await.unwrap();
    let entries: Vec<_> = log
        .iter()
        .filter(|e| e.action == "dossier.correct")
        .collect();
    assert_eq!(entries.len(), 2);
    let name = entries
        .iter()
        .find(|e| e.detail.contains("full_name"))
        .unwrap();
    assert_eq!(name.actor, "mai");
    assert_eq!(name.subject, code);
    assert!(name.detail.contains("Nguyễn Thị Hồng Đặng"));
    assert!(name.detail.contains("Nguyễn Thị Hồng Nhung"));
    assert!(name.detail.contains("Gõ thiếu tên đệm"));
    let id = entries
        .iter()
        .find(|e| e.detail.contains("id_number"))
        .unwrap();
    assert!(!id.detail.contains("001190054321"), "{}", id.detail);
    assert!(audit::verify(&d.db, &d.admin).await.unwrap().ok);

    // One typed change per correction for the portal.
    let ops = outbox_ops(&d).await;
    let corrections: Vec<_> = ops.iter().filter(|(op, _)| op == "correction").collect();
    assert_eq!(corrections.len(), 2);
    assert!(
        corrections[0]
            .1
            .contains("\"after\":\"Nguyễn Thị Hồng Nhung\"")
    );

    // The reprinted receipt names the person as corrected and says it is a corrected copy.
    let after = receipt_text(&d, &code).await;
    let today = clock::local(now).date().format("%d/%m/%Y").to_string();
    assert!(
        after.contains(&format!("BẢN ĐÍNH CHÍNH ngày {today}")),
        "{after}"
    );
    assert!(after.contains("Nguyễn Thị Hồng Nhung"), "{after}");
    assert!(after.contains("001190054321"), "{after}");
}

#[tokio::test]
async fn what_the_law_keeps_fixed_is_refused_and_a_reason_is_required() {
    let d = demo_desk().await;
    let code = received(&d).await;
    for field in ["procedure_code", "received_at", "code"] {
        let e = dossier_correction::correct(
            &d.db,
            &d.session,
            &code,
            field,
            "1.000001",
            "Nhầm",
            Utc::now(),
        )
        .await
        .unwrap_err();
        assert_eq!(e.code(), "field_not_correctable", "{field}");
        assert!(e.to_string().contains("Không được đính chính"), "{e}");
    }
    let e = dossier_correction::correct(
        &d.db,
        &d.session,
        &code,
        "phone",
        "0912345679",
        "  ",
        Utc::now(),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code(), "reason_required");
    // What intake refuses, a correction refuses too.
    let e = dossier_correction::correct(
        &d.db,
        &d.session,
        &code,
        "id_number",
        "12",
        "Sai",
        Utc::now(),
    )
    .await
    .unwrap_err();
    assert_eq!(e.field(), Some("id_number"));
    let e = dossier_correction::correct(
        &d.db,
        &d.session,
        &code,
        "owner_full_name",
        "Trần Văn B",
        "Sai",
        Utc::now(),
    )
    .await
    .unwrap_err();
    assert_eq!(e.code(), "no_owner");
    // Nothing was written by the refusals.
    assert!(
        !outbox_ops(&d)
            .await
            .iter()
            .any(|(op, _)| op == "correction")
    );
}

#[test]
fn the_cli_corrects_with_a_reason_and_masks_the_id_in_its_json() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.sqlite");
    json(&motcua(&db, &["init", "--demo", "--json"]));
    let out = json(&motcua(
        &db,
        &[
            "intake",
            "--procedure",
            "2.000635",
            "--name",
            "Lê Văn Tâm",
            "--id-number",
            "036085001234",
            "--json",
        ],
    ));
    let code = out["code"].as_str().unwrap().to_string();
    let done = json(&motcua(
        &db,
        &[
            "dossier",
            &code,
            "correct",
            "--field",
            "id_number",
            "--value",
            "036085004321",
            "--reason",
            "Gõ nhầm số",
            "--json",
        ],
    ));
    assert_eq!(done["field"], "id_number");
    assert_eq!(done["party"], "submitter");
    assert_eq!(done["after"], "036******321");
    assert!(!done.to_string().contains("036085004321"));
    let refused = motcua(
        &db,
        &[
            "dossier",
            &code,
            "correct",
            "--field",
            "procedure",
            "--value",
            "1.000001",
            "--reason",
            "Nhầm thủ tục",
        ],
    );
    assert!(!refused.status.success());
    let err = String::from_utf8_lossy(&refused.stderr);
    assert!(err.contains("Không được đính chính"), "{err}");
}

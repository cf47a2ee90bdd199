//! Every intake outcome produces its official form and its history event and goes to the outbox:
//! complete → Mẫu 01; incomplete → Mẫu 02 listing each missing document once; refused → Mẫu 03
//! with the reason; an online-only procedure → an assisted online submission, no paper. Fees are
//! computed from the procedure's rule and a collected fee gets a numbered receipt.

mod common;

use std::process::Command;

use chrono::Utc;
use common::{demo_desk, intake_input};
use motcua::dto::{Applicant, MissingItem};
use motcua::forms::{self, FormKind};
use motcua::reference::fees::FeeInput;
use motcua::{dossier::applicants, dossier::intake};

async fn outbox_ops(db: &motcua::store::Db) -> Vec<String> {
    sqlx::query_scalar("SELECT op FROM outbox ORDER BY seq")
        .fetch_all(db)
        .await
        .unwrap()
}

fn pdf_text(bytes: &[u8]) -> String {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("f.pdf");
    std::fs::write(&f, bytes).unwrap();
    let out = Command::new("pdftotext")
        .arg(&f)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils)");
    String::from_utf8_lossy(&out.stdout).to_string()
}

#[tokio::test]
async fn incomplete_dossier_gets_mau_02_listing_each_missing_document_once() {
    let d = demo_desk().await;
    let mut input = intake_input("1.001193", None);
    input.outcome = Some("supplement".into());
    let e = intake::save(&d.db, &d.session, &input, Utc::now())
        .await
        .unwrap_err();
    assert_eq!((e.code(), e.field()), ("missing_required", Some("missing")));

    input.missing = Some(vec![
        MissingItem {
            name: "Giấy chứng sinh".into(),
            reason: "Chưa nộp bản chính".into(),
        },
        MissingItem {
            name: "giấy chứng sinh".into(),
            reason: "trùng".into(),
        },
        MissingItem {
            name: "Văn bản ủy quyền".into(),
            reason: "Người nộp không phải cha, mẹ".into(),
        },
    ]);
    let v = intake::save(&d.db, &d.session, &input, Utc::now())
        .await
        .unwrap();
    assert_eq!(
        (v.outcome.as_str(), v.summary.status.as_str()),
        ("supplement", "supplement-requested")
    );
    assert_eq!(v.missing.len(), 2, "each missing document once");
    assert!(v.summary.due_at.is_none());
    assert_eq!(v.forms, ["supplement-request"]);
    assert_eq!(v.events[0].kind, "supplement-requested");
    let (_, pdf) = forms::pdf(
        &d.db,
        &d.session,
        FormKind::SupplementRequest,
        &v.summary.code,
    )
    .await
    .unwrap();
    let text = pdf_text(&pdf);
    assert!(
        text.contains("PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ"),
        "{text}"
    );
    assert_eq!(text.matches("Giấy chứng sinh").count(), 1, "listed once");
    assert!(text.contains("Văn bản ủy quyền") && text.contains("Người nộp không phải cha, mẹ"));
    // No receipt for a dossier that was not received.
    let e = forms::pdf(&d.db, &d.session, FormKind::Receipt, &v.summary.code)
        .await
        .unwrap_err();
    assert_eq!(e.code(), "form_not_available");
    assert_eq!(outbox_ops(&d.db).await, ["create"]);
}

#[tokio::test]
async fn refused_dossier_gets_mau_03_with_the_reason() {
    let d = demo_desk().await;
    let mut input = intake_input("2.000815", None);
    input.outcome = Some("refuse".into());
    let e = intake::save(&d.db, &d.session, &input, Utc::now())
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("refusal_reason"));
    input.refusal_reason =
        Some("Giấy tờ do cơ quan nước ngoài cấp chưa được hợp pháp hóa lãnh sự".into());
    let v = intake::save(&d.db, &d.session, &input, Utc::now())
        .await
        .unwrap();
    assert_eq!(
        (v.outcome.as_str(), v.summary.status.as_str()),
        ("refused", "refused")
    );
    assert_eq!(v.forms, ["refusal"]);
    let (_, pdf) = forms::pdf(&d.db, &d.session, FormKind::Refusal, &v.summary.code)
        .await
        .unwrap();
    let text = pdf_text(&pdf);
    assert!(
        text.contains("PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ"),
        "{text}"
    );
    assert!(text.contains("hợp pháp hóa lãnh sự"));
    assert_eq!(v.events[0].kind, "refused");
}

#[tokio::test]
async fn online_only_procedure_is_recorded_as_an_assisted_online_submission() {
    let d = demo_desk().await;
    let online_only = motcua::reference::catalogue::list(&d.db)
        .await
        .unwrap()
        .into_iter()
        .find(|p| p.online_only)
        .expect("an online-only procedure");
    let mut input = intake_input(&online_only.code, None);
    input.documents = Vec::new();
    let v = intake::save(&d.db, &d.session, &input, Utc::now())
        .await
        .unwrap();
    assert_eq!(v.outcome, "assisted-online");
    assert_eq!(v.summary.status, "submitted-online");
    assert!(v.forms.is_empty(), "no paper receipt");
    assert_eq!(v.events[0].kind, "assisted-online");
    let channel: String = sqlx::query_scalar("SELECT channel FROM dossier")
        .fetch_one(&d.db)
        .await
        .unwrap();
    assert_eq!(channel, "online");
    assert_eq!(outbox_ops(&d.db).await, ["create"]);
}

#[tokio::test]
async fn a_collected_fee_gets_a_yearly_numbered_receipt_pending_as_e_receipt() {
    let d = demo_desk().await;
    // Chứng thực bản sao: 3 copies of a 5-page original → 3 × (2×2.000 + 3×1.000) = 21.000 đ.
    let mut input = intake_input("2.000815", Some("2026-03-04T09:00:00+07:00"));
    input.fee = Some(FeeInput {
        copies: 3,
        pages: 5,
        ..FeeInput::default()
    });
    let now = chrono::TimeZone::with_ymd_and_hms(&Utc, 2026, 3, 5, 0, 0, 0).unwrap();
    let v = intake::save(&d.db, &d.session, &input, now).await.unwrap();
    assert_eq!((v.fee_amount, v.fee_state.as_str()), (21_000, "collected"));
    let r = v.fee_receipt.clone().expect("fee receipt");
    assert_eq!(
        (r.series.as_str(), r.number, r.e_receipt_state.as_str()),
        ("BLP-26", 1, "pending")
    );
    assert_eq!(v.forms, ["receipt", "fee-receipt", "control-sheet"]);
    let v2 = intake::save(&d.db, &d.session, &input, now).await.unwrap();
    assert_eq!(v2.fee_receipt.unwrap().number, 2);
    let (_, pdf) = forms::pdf(&d.db, &d.session, FormKind::FeeReceipt, &v.summary.code)
        .await
        .unwrap();
    let text = pdf_text(&pdf);
    assert!(text.contains("21.000"), "{text}");
    assert!(text.contains("Hai mươi mốt nghìn đồng"), "{text}");
    // The next year starts again at 1.
    let input27 = {
        let mut i = input.clone();
        i.received_at = Some("2027-01-04T09:00:00+07:00".into());
        i
    };
    let now27 = chrono::TimeZone::with_ymd_and_hms(&Utc, 2027, 1, 5, 0, 0, 0).unwrap();
    let v3 = intake::save(&d.db, &d.session, &input27, now27)
        .await
        .unwrap();
    let r3 = v3.fee_receipt.unwrap();
    assert_eq!((r3.series.as_str(), r3.number), ("BLP-27", 1));
}

#[tokio::test]
async fn exemptions_and_collection_at_result() {
    let d = demo_desk().await;
    let mut input = intake_input("2.000635", None);
    input.fee = Some(FeeInput {
        copies: 2,
        exempt_reason: Some("Hộ nghèo".into()),
        ..FeeInput::default()
    });
    let v = intake::save(&d.db, &d.session, &input, Utc::now())
        .await
        .unwrap();
    assert_eq!((v.fee_amount, v.fee_state.as_str()), (0, "exempt"));
    assert!(v.fee_receipt.is_none());
    input.fee = Some(FeeInput {
        copies: 2,
        collect_at: "result".into(),
        ..FeeInput::default()
    });
    let v = intake::save(&d.db, &d.session, &input, Utc::now())
        .await
        .unwrap();
    assert_eq!(
        (v.fee_amount, v.fee_state.as_str()),
        (16_000, "due-at-result")
    );
    assert_eq!(v.forms, ["receipt", "control-sheet"]);
}

#[tokio::test]
async fn proxies_need_the_owner_and_an_authorisation_businesses_a_valid_tax_code() {
    let d = demo_desk().await;
    let mut input = intake_input("2.000815", None);
    input.submitter_role = Some("proxy".into());
    input.owner = Some(Applicant {
        full_name: "Trần Văn Chủ".into(),
        id_number: "001085001234".into(),
        ..Default::default()
    });
    let e = intake::save(&d.db, &d.session, &input, Utc::now())
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("authorisation"));
    input.authorisation = Some("Giấy ủy quyền số 12/UQ ngày 01/03/2026".into());
    let v = intake::save(&d.db, &d.session, &input, Utc::now())
        .await
        .unwrap();
    assert_eq!(
        (v.submitter_role.as_str(), v.authorisation.as_str()),
        ("proxy", "Giấy ủy quyền số 12/UQ ngày 01/03/2026")
    );

    let mut biz = intake_input("2.000815", None);
    biz.owner_kind = Some("business".into());
    biz.owner = Some(Applicant {
        full_name: "Công ty TNHH Ánh Dương".into(),
        id_number: "0100109107".into(),
        ..Default::default()
    });
    // 0100109107 has a wrong check digit: 0100109106 is the valid form.
    let e = intake::save(&d.db, &d.session, &biz, Utc::now())
        .await
        .unwrap_err();
    assert_eq!(e.field(), Some("owner_id_number"));
    biz.owner = Some(Applicant {
        full_name: "Công ty TNHH Ánh Dương".into(),
        id_number: "0100109106".into(),
        ..Default::default()
    });
    let v = intake::save(&d.db, &d.session, &biz, Utc::now())
        .await
        .unwrap();
    assert_eq!(v.owner_kind, "business");
}

#[tokio::test]
async fn a_returning_citizen_is_found_and_warned_about_an_open_dossier() {
    let d = demo_desk().await;
    let input = intake_input("2.000815", None);
    intake::save(&d.db, &d.session, &input, Utc::now())
        .await
        .unwrap();
    let hits = applicants::search(&d.db, &d.session, "0011900", 10)
        .await
        .unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].applicant.full_name, "Nguyễn Thị Hồng Đặng");
    assert_eq!(
        applicants::search(&d.db, &d.session, "hong dang", 10)
            .await
            .unwrap()
            .len(),
        1
    );
    assert!(
        applicants::search(&d.db, &d.session, "ng", 10)
            .await
            .unwrap()
            .is_empty(),
        "at least 3 characters"
    );
    let open = applicants::open_dossiers(&d.db, "001190012345", "2.000815")
        .await
        .unwrap();
    assert_eq!(open.len(), 1);
    assert!(
        applicants::open_dossiers(&d.db, "001190012345", "1.001193")
            .await
            .unwrap()
            .is_empty()
    );
}

#[tokio::test]
async fn uncertain_details_are_warnings_not_blocks() {
    let d = demo_desk().await;
    let mut input = intake_input("2.000815", None);
    input.submitter.id_number = "123456789".into(); // legacy 9-digit CMND
    input.submitter.phone = "02438123456".into(); // a landline
    let v = intake::save(&d.db, &d.session, &input, Utc::now())
        .await
        .unwrap();
    assert_eq!(v.warnings.len(), 2, "{:?}", v.warnings);
    assert!(
        v.warnings.iter().any(|w| w.contains("CMND")),
        "{:?}",
        v.warnings
    );
}

//! Choosing a printer, through the OS for real (CUPS here; Windows goes through the same
//! `print_os` functions, see README "Windows 10/11"): the machine's printers are listed by their
//! OS names, and a printer that does not exist gets a clear Vietnamese message and no print-log
//! row. Needs the cups-pdf queue "MotcuaPDF" (scripts/cups-pdf-printer.sh).

use motcua::dto::{Applicant, DocumentReceived, IntakeInput};
use motcua::forms::{self, FormKind};

#[tokio::test]
async fn printers_are_listed_and_an_unknown_printer_is_named_in_the_error() {
    motcua::i18n::set_locale("vi");
    let printers = motcua::forms::print_os::list().await.expect("lpstat");
    assert!(
        printers.iter().any(|p| p.name == "MotcuaPDF"),
        "no CUPS queue MotcuaPDF in {printers:?}: run scripts/cups-pdf-printer.sh"
    );
    assert!(printers.iter().filter(|p| p.is_default).count() <= 1);

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
        submitter: Applicant {
            full_name: "Đặng Văn Hùng".into(),
            id_number: "001090012345".into(),
            ..Default::default()
        },
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

    let err = forms::print_to(
        &db,
        &session,
        FormKind::Receipt,
        &code,
        Some("Máy in tầng 2"),
    )
    .await
    .expect_err("no such printer");
    let msg = err.to_wire().message;
    assert!(
        msg.contains("Không tìm thấy máy in \"Máy in tầng 2\""),
        "{msg}"
    );
    let d = motcua::dossier::get(&db, &code).await.unwrap();
    assert!(
        d.prints.is_empty(),
        "a failed print is not logged: {:?}",
        d.prints
    );
}

//! Smoke test of the INSTALLED package (scripts/ci/deb.sh runs it after `apt-get install
//! ./motcua-desk_*.deb`): `MOTCUA_DESK_BIN=/usr/bin/motcua-desk MOTCUA_BIN=/usr/bin/motcua`.
//! As a new user: a home of its own (`MOTCUA_SMOKE_HOME`), the default data directory (no
//! MOTCUA_DB), the demo desk made with the installed CLI; then the installed app signs in,
//! records a dossier, saves its receipt as a PDF, and shows its version in "Giới thiệu".
//!
//! Ignored in the normal suite (it needs the package installed):
//! `xvfb-run -a cargo test -p motcua-e2e --test installed_smoke -- --ignored --nocapture`.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use fantoccini::key::Key;
use motcua_e2e::*;

/// The new user's home: `MOTCUA_SMOKE_HOME` (deb.sh checks it after `apt-get remove`), else a
/// temporary one.
fn smoke_home() -> (PathBuf, Option<tempfile::TempDir>) {
    match std::env::var_os("MOTCUA_SMOKE_HOME") {
        Some(h) if !h.is_empty() => {
            let h = PathBuf::from(h);
            std::fs::create_dir_all(&h).expect("MOTCUA_SMOKE_HOME");
            (h, None)
        }
        _ => {
            let t = tempfile::tempdir().expect("tempdir");
            (t.path().to_path_buf(), Some(t))
        }
    }
}

/// The installed CLI as the new user (their home, no MOTCUA_DB: the default data directory).
fn cli(home: &Path) -> Command {
    let mut c = Command::new(cli_bin());
    c.env("HOME", home)
        .env_remove("MOTCUA_DB")
        .env_remove("XDG_DATA_HOME")
        .env_remove("MOTCUA_RECEIPTS_DIR")
        .env("MOTCUA_KEY_STORE", "file")
        .env("MOTCUA_PASSWORD", PASSWORD);
    c
}

#[tokio::test]
#[ignore = "needs the installed package: scripts/ci/deb.sh"]
async fn installed_app_signs_in_records_a_dossier_and_saves_the_receipt() {
    let app = desk_bin();
    let (home, _keep) = smoke_home();
    println!(
        "smoke: app {}, CLI {}, home {}",
        app.display(),
        cli_bin().display(),
        home.display()
    );

    // Versions: the CLI and the app say the package's version.
    let v = cli(&home)
        .arg("--version")
        .output()
        .expect("motcua --version");
    let cli_version = String::from_utf8_lossy(&v.stdout).trim().to_string();
    println!("smoke: {cli_version}");
    assert_eq!(cli_version, format!("motcua {}", motcua::VERSION));
    let v = Command::new(&app)
        .arg("--version")
        .output()
        .expect("motcua-desk --version");
    let app_version = String::from_utf8_lossy(&v.stdout).trim().to_string();
    println!("smoke: {app_version}");
    assert!(
        app_version.starts_with(&format!("motcua-desk {} (build ", motcua::VERSION)),
        "{app_version}"
    );

    // The demo desk with the installed CLI, in the user's data directory.
    let out = cli(&home)
        .args(["init", "--demo"])
        .output()
        .expect("motcua init --demo");
    assert!(
        out.status.success(),
        "init --demo: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let data = home.join(".local/share/motcua-desk");
    assert!(
        data.join("desk.sqlite").is_file(),
        "the database is in the user's data directory"
    );

    // The installed app, as this user.
    let env: Vec<(&str, &Path)> = vec![("HOME", &home), ("MOTCUA_KEY_STORE", Path::new("file"))];
    let driver = Driver::start(&env);
    let started = Instant::now();
    let c = driver.session(&app).await;
    find(&c, "signin-username").await;
    println!(
        "smoke: sign-in screen after {} ms",
        started.elapsed().as_millis()
    );
    sign_in(&c, "mai", PASSWORD).await;

    // One dossier from the keyboard.
    let search = find(&c, "proc-search").await;
    search.send_keys("chung thuc ban sao").await.expect("type");
    find(&c, "proc-option-2.000815").await;
    search
        .send_keys(&Key::Enter.to_string())
        .await
        .expect("Enter");
    fill(&c, "sub-name", "Phạm Thị Ngọc Ánh").await;
    fill(&c, "sub-id", "001190012345").await;
    fill(&c, "sub-phone", "0912345678").await;
    fill(&c, "sub-address", "Thôn Đông, xã Tân Phú").await;
    click(&c, "intake-save").await;
    let code = eventually("the dossier code", || async {
        Some(text(&c, "intake-result-code").await).filter(|t| t.contains('-'))
    })
    .await
    .trim()
    .to_string();
    println!("smoke: recorded dossier {code}");

    // The receipt as a PDF, where a clerk finds it: ~/Documents/motcua-desk/receipts (or the
    // data directory when the system has no Documents folder).
    click(&c, "save-pdf").await;
    let candidates = [
        home.join("Documents/motcua-desk/receipts")
            .join(format!("{code}.pdf")),
        data.join("receipts").join(format!("{code}.pdf")),
    ];
    let file = eventually("the receipt file", || async {
        candidates.iter().find(|p| p.is_file()).cloned()
    })
    .await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    let text_of_pdf = pdf_text(&file);
    assert!(text_of_pdf.contains(&code), "the receipt holds the code");
    assert!(text_of_pdf.contains("GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ"));
    println!(
        "smoke: receipt {} ({} bytes) holds the code",
        file.display(),
        std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0)
    );

    // Giới thiệu: the version and the database path.
    click(&c, "nav-about").await;
    assert_eq!(motcua_e2e::text(&c, "about-version").await, motcua::VERSION);
    let shown = motcua_e2e::text(&c, "about-db-path").await;
    assert_eq!(shown, data.join("desk.sqlite").display().to_string());
    println!(
        "smoke: About shows {} (build {})",
        motcua::VERSION,
        motcua_e2e::text(&c, "about-build").await
    );
    click(&c, "about-close").await;
    c.close().await.ok();
    drop(driver);

    // The app made today's checked backup beside the database at start.
    let backups = data.join("backups");
    let n = std::fs::read_dir(&backups)
        .map(|d| d.filter_map(Result::ok).count())
        .unwrap_or(0);
    assert!(n >= 1, "a daily backup in {}", backups.display());
    println!("smoke: {n} backup(s) in {}", backups.display());
}

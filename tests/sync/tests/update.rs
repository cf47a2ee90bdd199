//! Signed updates from the portal (issue 11, item 4), with real processes and a real package
//! manager: version N of `motcua` is installed from a `.deb` with `apt-get`, the portal (a real
//! `motcua-portal` process on 127.0.0.1) publishes N+1, and the installed desk downloads,
//! verifies and installs it itself (`motcua update download` + `update apply`, which runs
//! `apt-get install`). On the way: a release signed with another key is refused by the portal, a
//! downgrade is not offered, a package tampered with on the portal's disk is refused by the desk,
//! a truncated download is refused and later resumed, and the installed N keeps working after
//! each refusal. After the update: the version is N+1, the dossiers and the clerk's account are
//! intact, and a checked backup was taken before N+1 opened the database.
//!
//! Needs binaries built with the test key pair and two versions: `scripts/ci/updates.sh` builds
//! them and runs this test (as root, for apt-get). Without `MOTCUA_UPDATE_TEST_BINS` it says so
//! and does nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use motcua_sync_tests::{DESK_PASSWORD, DESK_USER, Portal, json_of};
use serde_json::Value;

const UNIT: &str = "000.00.31.H29";
const PACKAGE: &str = "motcua-update-test";
const OLD: &str = "0.1.0";
const NEW: &str = "0.2.0";

struct Setup {
    /// motcua-0.1.0, motcua-0.2.0, the test key pair.
    bins: PathBuf,
    work: tempfile::TempDir,
}

impl Setup {
    fn from_env() -> Option<Setup> {
        let bins = PathBuf::from(std::env::var_os("MOTCUA_UPDATE_TEST_BINS")?);
        Some(Setup {
            bins,
            work: tempfile::tempdir().expect("tempdir"),
        })
    }

    fn key(&self) -> PathBuf {
        self.bins.join("test-release.key")
    }

    fn built(&self, version: &str) -> PathBuf {
        self.bins.join(format!("motcua-{version}"))
    }

    /// A `.deb` of the `motcua` binary built as `built_as`, labelled `version`.
    fn deb(&self, built_as: &str, version: &str) -> PathBuf {
        let root = self.work.path().join(format!("pkg-{version}"));
        let bin_dir = root.join("opt").join(PACKAGE).join("bin");
        std::fs::create_dir_all(&bin_dir).unwrap();
        std::fs::create_dir_all(root.join("DEBIAN")).unwrap();
        std::fs::copy(self.built(built_as), bin_dir.join("motcua")).unwrap();
        let arch =
            String::from_utf8(run_ok(Command::new("dpkg").arg("--print-architecture")).stdout)
                .unwrap();
        std::fs::write(
            root.join("DEBIAN/control"),
            format!(
                "Package: {PACKAGE}\nVersion: {version}\nArchitecture: {}\nMaintainer: Một Cửa Desk tests <tests@localhost>\nDescription: motcua update test package\n",
                arch.trim()
            ),
        )
        .unwrap();
        let out = self.work.path().join(format!("{PACKAGE}_{version}.deb"));
        run_ok(
            Command::new("dpkg-deb")
                .args(["--root-owner-group", "-Zgzip", "-z1", "--build"])
                .arg(&root)
                .arg(&out),
        );
        out
    }

    /// `motcua release sign` with the test key (any built motcua will do).
    fn sign(&self, file: &Path, version: &str, key: &Path) -> PathBuf {
        let sig = PathBuf::from(format!("{}.sig", file.display()));
        run_ok(
            Command::new(self.built(OLD))
                .args(["release", "sign"])
                .arg(file)
                .args(["--version", version, "--platform", "linux-deb", "--key"])
                .arg(key)
                .arg("-o")
                .arg(&sig),
        );
        sig
    }
}

fn run_ok(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("spawn");
    assert!(
        out.status.success(),
        "{cmd:?} failed ({}):\n{}\n{}",
        out.status,
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

fn installed() -> PathBuf {
    PathBuf::from(format!("/opt/{PACKAGE}/bin/motcua"))
}

/// Removes the test package whatever happens.
struct Uninstall;
impl Drop for Uninstall {
    fn drop(&mut self) {
        let _ = Command::new("apt-get")
            .args(["remove", "-y", "-o", "DPkg::Lock::Timeout=300", PACKAGE])
            .env("DEBIAN_FRONTEND", "noninteractive")
            .output();
    }
}

/// The installed desk on its own database.
struct Desk {
    dir: tempfile::TempDir,
}

impl Desk {
    fn db(&self) -> PathBuf {
        self.dir.path().join("desk.sqlite")
    }

    fn run(&self, args: &[&str]) -> Output {
        Command::new(installed())
            .arg("--db")
            .arg(self.db())
            .args(args)
            .env("MOTCUA_LANG", "vi")
            .env("MOTCUA_CREDENTIAL_STORE", "file")
            .env("MOTCUA_KEY_STORE", "file")
            .env("MOTCUA_USER", DESK_USER)
            .env("MOTCUA_PASSWORD", DESK_PASSWORD)
            // Full speed on loopback: the rate limit has its own check below.
            .env("MOTCUA_UPDATE_RATE_KIB", "0")
            .output()
            .expect("spawn installed motcua")
    }

    fn ok(&self, args: &[&str]) -> Value {
        let mut a = vec!["--json"];
        a.extend_from_slice(args);
        let out = self.run(&a);
        assert!(
            out.status.success(),
            "{args:?}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        json_of(&out)
    }

    /// A command that must fail: its error code and message.
    fn refused(&self, args: &[&str]) -> (String, String) {
        let mut a = vec!["--json"];
        a.extend_from_slice(args);
        let out = self.run(&a);
        assert!(
            !out.status.success(),
            "{args:?} should fail: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        let v = json_of(&out);
        (
            v["error"]["code"].as_str().unwrap_or_default().to_string(),
            v["error"]["message"]
                .as_str()
                .unwrap_or_default()
                .to_string(),
        )
    }

    fn version(&self) -> String {
        let out = run_ok(Command::new(installed()).arg("--version"));
        String::from_utf8_lossy(&out.stdout).trim().to_string()
    }

    fn codes(&self) -> Vec<String> {
        let v = self.ok(&["dossiers", "list", "--limit", "500"]);
        let arr = match &v {
            Value::Array(a) => a.clone(),
            other => other["dossiers"].as_array().cloned().unwrap_or_default(),
        };
        let mut codes: Vec<String> = arr
            .iter()
            .filter_map(|d| d["code"].as_str().map(str::to_string))
            .collect();
        codes.sort();
        codes
    }

    fn part_len(&self) -> Option<u64> {
        let dir = self.dir.path().join("updates");
        std::fs::read_dir(dir)
            .ok()?
            .filter_map(|e| e.ok())
            .find(|e| e.file_name().to_string_lossy().ends_with(".part"))
            .and_then(|e| e.metadata().ok())
            .map(|m| m.len())
    }
}

fn apt_install(deb: &Path) {
    run_ok(
        Command::new("apt-get")
            .args(["install", "-y", "-o", "DPkg::Lock::Timeout=300"])
            .arg(deb)
            .env("DEBIAN_FRONTEND", "noninteractive"),
    );
}

#[test]
fn the_installed_desk_updates_itself_from_the_portal_and_refuses_bad_packages() {
    let Some(s) = Setup::from_env() else {
        eprintln!(
            "update test skipped: MOTCUA_UPDATE_TEST_BINS is not set (scripts/ci/updates.sh builds the two versions and runs it)"
        );
        return;
    };
    let _cleanup = Uninstall;

    // Version N, installed the way a desk PC gets it.
    let deb_old = s.deb(OLD, OLD);
    apt_install(&deb_old);
    let desk = Desk {
        dir: tempfile::tempdir().unwrap(),
    };
    assert!(desk.version().ends_with(OLD), "{}", desk.version());

    let mut portal = Portal::new();
    portal.add_demo_unit(UNIT);
    portal.start();
    let code = portal.new_desk_code(UNIT);
    desk.ok(&[
        "enroll",
        "--portal",
        &portal.url(),
        "--code",
        &code,
        "--clerk-name",
        "Trần Thị Mai",
    ]);
    for (name, id) in [
        ("Đặng Văn Lâm", "001090012345"),
        ("Nguyễn Thị Hồng", "079085001234"),
    ] {
        desk.ok(&[
            "intake",
            "--procedure",
            "2.000815",
            "--name",
            name,
            "--id-number",
            id,
            "--phone",
            "0987654321",
        ]);
    }
    let before = desk.codes();
    assert_eq!(before.len(), 2);
    assert_eq!(
        desk.ok(&["update", "check"])["offer"]["state"],
        "up_to_date"
    );

    // A package signed with another key: the portal refuses to publish it.
    let deb_new = s.deb(NEW, NEW);
    let other_key = s.work.path().join("other.key");
    run_ok(
        Command::new(s.built(OLD))
            .args(["release", "keygen", "--out"])
            .arg(&other_key),
    );
    let bad_sig = s.sign(&deb_new, NEW, &other_key);
    let out = portal
        .cmd()
        .args(["release", "publish"])
        .arg(&deb_new)
        .args(["--version", NEW, "--platform", "linux-deb", "--signature"])
        .arg(&bad_sig)
        .output()
        .unwrap();
    assert!(!out.status.success(), "a foreign signature must be refused");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("chữ ký không khớp"), "{err}");

    // A downgrade: an older version (correctly signed) is published; the desk does not take it.
    let deb_older = s.deb(OLD, "0.0.9");
    let sig = s.sign(&deb_older, "0.0.9", &s.key());
    portal.cli(&[
        "release",
        "publish",
        &deb_older.display().to_string(),
        "--version",
        "0.0.9",
        "--platform",
        "linux-deb",
        "--signature",
        &sig.display().to_string(),
    ]);
    let v = desk.ok(&["update", "download"]);
    assert_eq!(v["offer"]["state"], "up_to_date", "{v}");
    assert_eq!(v["offer"]["offered"], "0.0.9", "{v}");
    assert!(v["ready"].is_null(), "{v}");
    let text = String::from_utf8_lossy(&desk.run(&["update", "check"]).stdout).to_string();
    assert!(text.contains("không mới hơn"), "{text}");

    // N+1, correctly signed.
    let sig = s.sign(&deb_new, NEW, &s.key());
    let published = portal.cli_json(&[
        "release",
        "publish",
        &deb_new.display().to_string(),
        "--version",
        NEW,
        "--platform",
        "linux-deb",
        "--signature",
        &sig.display().to_string(),
    ]);
    let stored = PathBuf::from(published["file_path"].as_str().unwrap());
    let good = std::fs::read(&stored).unwrap();
    assert_eq!(published["size"], good.len() as u64);
    let offer = desk.ok(&["update", "check"]);
    assert_eq!(offer["offer"]["state"], "newer", "{offer}");
    assert_eq!(offer["offer"]["release"]["version"], NEW);

    // Tampered with on the portal's disk (one byte, same size): refused, nothing kept.
    let mut tampered = good.clone();
    let mid = tampered.len() / 2;
    tampered[mid] ^= 0x5a;
    std::fs::write(&stored, &tampered).unwrap();
    let (code, message) = desk.refused(&["update", "download"]);
    assert_eq!(code, "update_hash_mismatch", "{message}");
    assert!(message.contains("bị sửa"), "{message}");
    assert!(
        message.contains("Phần mềm hiện tại vẫn dùng bình thường"),
        "{message}"
    );
    assert_eq!(desk.part_len(), None, "a wrong package is not kept");
    assert!(desk.ok(&["update", "status"])["ready"].is_null());
    let (code, _) = desk.refused(&["update", "apply"]);
    assert_eq!(code, "update_nothing_ready");
    assert!(desk.version().ends_with(OLD));
    assert_eq!(desk.codes(), before, "N still works");

    // Truncated on the way (the portal's file is cut short): refused, the part kept...
    let half = good.len() / 2;
    std::fs::write(&stored, &good[..half]).unwrap();
    let (code, message) = desk.refused(&["update", "download"]);
    assert_eq!(code, "update_truncated", "{message}");
    assert!(message.contains("chưa đủ"), "{message}");
    assert_eq!(desk.part_len(), Some(half as u64));
    assert!(desk.ok(&["update", "status"])["ready"].is_null());
    assert!(desk.version().ends_with(OLD));

    // ...and the next attempt fetches only the rest (HTTP Range), then verifies.
    std::fs::write(&stored, &good).unwrap();
    let v = desk.ok(&["update", "download"]);
    assert_eq!(v["downloaded"], (good.len() - half) as u64, "resumed: {v}");
    assert_eq!(v["ready"]["release"]["version"], NEW, "{v}");
    assert_eq!(
        desk.ok(&["update", "status"])["ready"]["release"]["version"],
        NEW
    );

    // The desk installs it (apt-get install of the verified package).
    let applied = desk.ok(&["update", "apply"]);
    assert_eq!(applied["version"], NEW, "{applied}");
    assert_eq!(applied["finished"], true);
    assert!(desk.version().ends_with(NEW), "{}", desk.version());

    // N+1 opens the database: a checked backup first, then everything is there.
    assert_eq!(desk.codes(), before, "dossiers intact");
    let status = desk.ok(&["update", "status"]);
    assert_eq!(status["current"], NEW, "{status}");
    assert!(status["ready"].is_null(), "{status}");
    let backups: Vec<PathBuf> = std::fs::read_dir(desk.dir.path().join("backups"))
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&format!("before-update-{OLD}-to-{NEW}-"))
        })
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    // The backup restores, with the same dossiers (accounts: the sign-in on it works).
    let restored = Desk {
        dir: tempfile::tempdir().unwrap(),
    };
    let out = Command::new(installed())
        .arg("--db")
        .arg(restored.db())
        .arg("--json")
        .arg("restore")
        .arg(&backups[0])
        .arg("--backup-key-of")
        .arg(desk.db())
        .env("MOTCUA_KEY_STORE", "file")
        .env("MOTCUA_CREDENTIAL_STORE", "file")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(
        restored.codes(),
        before,
        "the pre-update backup holds the data"
    );
    // Only once: the next start of N+1 takes no new backup.
    desk.ok(&["dossiers", "list"]);
    let n = std::fs::read_dir(desk.dir.path().join("backups"))
        .unwrap()
        .filter(|e| {
            e.as_ref().is_ok_and(|e| {
                e.file_name()
                    .to_string_lossy()
                    .starts_with("before-update-")
            })
        })
        .count();
    assert_eq!(n, 1);
    // The new version still syncs with the portal, and there is nothing newer now.
    desk.ok(&["sync"]);
    let v = desk.ok(&["update", "check"]);
    assert_eq!(v["offer"]["state"], "up_to_date", "{v}");
    assert_eq!(v["current"], NEW);
    portal.stop();
}

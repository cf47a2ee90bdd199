//! Driving the real desk app through WebDriver: tauri-driver (port 4444) in front of
//! WebKitWebDriver, the app binary from `target/debug/motcua-desk` (or `MOTCUA_DESK_BIN`, e.g. the
//! installed `/usr/bin/motcua-desk`), a fresh database per run.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};

/// The workspace root (this crate lives in `tests/e2e`).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("workspace root")
}

/// Cargo's target directory (`CARGO_TARGET_DIR`, else `<workspace>/target`).
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(d) if !d.is_empty() => {
            let d = PathBuf::from(d);
            if d.is_absolute() {
                d
            } else {
                workspace_root().join(d)
            }
        }
        _ => workspace_root().join("target"),
    }
}

/// The desk app under test: `MOTCUA_DESK_BIN` (e.g. `/usr/bin/motcua-desk` from the .deb), else
/// the debug build in the target directory.
pub fn desk_bin() -> PathBuf {
    bin_from_env("MOTCUA_DESK_BIN", "motcua-desk")
}

/// The `motcua` CLI beside it: `MOTCUA_BIN`, else the debug build in the target directory.
pub fn cli_bin() -> PathBuf {
    bin_from_env("MOTCUA_BIN", "motcua")
}

fn bin_from_env(var: &str, name: &str) -> PathBuf {
    let p = match std::env::var_os(var) {
        Some(p) if !p.is_empty() => PathBuf::from(p),
        _ => target_dir().join("debug").join(name),
    };
    assert!(
        p.exists(),
        "{} is missing: build it (cargo build -p motcua-desk -p motcua) or set {var}",
        p.display()
    );
    p
}

/// tauri-driver, stopped with SIGTERM on drop (SIGKILL would orphan WebKitWebDriver).
pub struct Driver {
    child: Child,
    pub port: u16,
}

impl Driver {
    pub fn start(env: &[(&str, &Path)]) -> Driver {
        let port = free_port();
        let native = free_port();
        let mut cmd = Command::new("tauri-driver");
        cmd.args([
            "--port",
            &port.to_string(),
            "--native-port",
            &native.to_string(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
        for (k, v) in env {
            cmd.env(k, v);
        }
        let child = cmd
            .spawn()
            .expect("tauri-driver must be installed (cargo install tauri-driver --locked)");
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not listen on {port}"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Driver { child, port }
    }

    pub async fn session(&self, app: &Path) -> Client {
        let caps =
            serde_json::json!({ "browserName": "wry", "tauri:options": { "application": app } });
        let caps = match caps {
            serde_json::Value::Object(m) => m,
            _ => unreachable!(),
        };
        // The first session after a cold start can be refused while tauri-driver is still
        // bringing WebKitWebDriver up (seen once in CI: the connection closed without an
        // answer); a few tries a second apart, then the error.
        let mut last = None;
        for _ in 0..5 {
            match ClientBuilder::rustls()
                .expect("tls")
                .capabilities(caps.clone())
                .connect(&format!("http://127.0.0.1:{}", self.port))
                .await
            {
                Ok(client) => return client,
                Err(e) => {
                    eprintln!("e2e: WebDriver session not ready yet ({e}); retrying");
                    last = Some(e);
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
            }
        }
        panic!("WebDriver session with the app: {last:?}");
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = Command::new("kill")
            .arg("-TERM")
            .arg(self.child.id().to_string())
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = self.child.kill();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("free port")
}

/// The password of every account the end-to-end tests make: the first admin typed into the
/// first-run setup, and `motcua init --demo` (which reads it from MOTCUA_PASSWORD).
pub const PASSWORD: &str = "e2e-mat-khau-1";

/// The app's environment: its database, where forms are saved, and the database key in a 0600
/// file next to the database (there is no keyring service under Xvfb; the CLI uses the same).
pub fn desk_env<'a>(db: &'a Path, receipts: &'a Path) -> Vec<(&'static str, &'a Path)> {
    vec![
        ("MOTCUA_DB", db),
        ("MOTCUA_RECEIPTS_DIR", receipts),
        ("MOTCUA_KEY_STORE", Path::new("file")),
    ]
}

/// The `motcua` CLI on `db`, signed in as `user` with [`PASSWORD`] (the key store as the app's).
pub fn cli_command(cli: &Path, db: &Path, user: &str) -> Command {
    let mut cmd = Command::new(cli);
    cmd.arg("--db")
        .arg(db)
        .env("MOTCUA_KEY_STORE", "file")
        .env("MOTCUA_PASSWORD", PASSWORD)
        .env("MOTCUA_USER", user);
    cmd
}

/// `motcua init --demo`: the demo unit, catalogue and accounts (admin `admin`, supervisor
/// `giamsat`, clerk `mai`, all with [`PASSWORD`]).
pub fn init_demo(cli: &Path, db: &Path) {
    let out = cli_command(cli, db, "admin")
        .args(["init", "--demo"])
        .output()
        .unwrap_or_else(|e| panic!("motcua init --demo: {e}"));
    assert!(
        out.status.success(),
        "motcua init --demo: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Signs in on the app's sign-in screen (user name, password, Enter) and waits for the desk.
pub async fn sign_in(c: &Client, username: &str, password: &str) {
    fill(c, "signin-username", username).await;
    fill(c, "signin-password", password).await;
    find(c, "signin-password")
        .await
        .send_keys(&fantoccini::key::Key::Enter.to_string())
        .await
        .unwrap_or_else(|e| panic!("sign in as {username}: {e}"));
    find(c, "sign-out").await;
}

/// `[data-testid="..."]`
pub fn tid(id: &str) -> String {
    format!("[data-testid=\"{id}\"]")
}

/// Waits for an element by test id.
pub async fn find(c: &Client, id: &str) -> fantoccini::elements::Element {
    c.wait()
        .at_most(Duration::from_secs(15))
        .for_element(Locator::Css(&tid(id)))
        .await
        .unwrap_or_else(|e| panic!("element {id}: {e}"))
}

/// Types into an input found by test id (after clearing it).
pub async fn fill(c: &Client, id: &str, text: &str) {
    let el = find(c, id).await;
    el.clear()
        .await
        .unwrap_or_else(|e| panic!("clear {id}: {e}"));
    if !text.is_empty() {
        el.send_keys(text)
            .await
            .unwrap_or_else(|e| panic!("type into {id}: {e}"));
    }
}

/// Clicks an element found by test id, retrying while the UI re-renders it (a stale element).
pub async fn click(c: &Client, id: &str) {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        match find(c, id).await.click().await {
            Ok(()) => return,
            Err(e) if Instant::now() >= deadline => panic!("click {id}: {e}"),
            Err(_) => tokio::time::sleep(Duration::from_millis(150)).await,
        }
    }
}

pub async fn value(c: &Client, id: &str) -> String {
    find(c, id)
        .await
        .prop("value")
        .await
        .ok()
        .flatten()
        .unwrap_or_default()
}

pub async fn text(c: &Client, id: &str) -> String {
    find(c, id).await.text().await.unwrap_or_default()
}

/// Polls `f` until it returns Some, for at most 15 s.
pub async fn eventually<T, F, Fut>(what: &str, mut f: F) -> T
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Option<T>>,
{
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Some(v) = f().await {
            return v;
        }
        assert!(Instant::now() < deadline, "timed out waiting for {what}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

/// Runs the `motcua` CLI on `db` with `--json` and returns its answer; panics with its stderr
/// when it fails. It signs in as the demo clerk `mai` ([`cli_command`]).
pub fn motcua_json(cli: &Path, db: &Path, args: &[&str]) -> serde_json::Value {
    let out = cli_command(cli, db, "mai")
        .args(args)
        .arg("--json")
        .output()
        .unwrap_or_else(|e| panic!("motcua {args:?}: {e}"));
    assert!(
        out.status.success(),
        "motcua {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "motcua {args:?} JSON: {e}: {}",
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

/// The text of a PDF (`pdftotext`), whitespace collapsed to single spaces.
pub fn pdf_text(path: &Path) -> String {
    let out = Command::new("pdftotext")
        .arg(path)
        .arg("-")
        .output()
        .unwrap_or_else(|e| panic!("pdftotext {}: {e}", path.display()));
    String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

//! Helpers for the desk ⇄ portal sync tests: the real `motcua` and `motcua-portal` binaries
//! (built by `cargo build -p motcua -p motcua-portal` before these tests run), each on its own
//! temporary database, talking over 127.0.0.1 only; and a faulty proxy to put between them.

pub mod proxy;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// The cargo target directory (honours CARGO_TARGET_DIR).
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

/// A debug binary of the workspace; a clear message when it was not built.
pub fn bin(name: &str) -> PathBuf {
    let p = target_dir().join("debug").join(name);
    assert!(
        p.exists(),
        "{} is missing: run `cargo build -p motcua -p motcua-portal` first (scripts/test.sh does)",
        p.display()
    );
    p
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port on 127.0.0.1")
}

/// Runs a command and returns its output; panics with stderr when it failed and `ok` is asked.
fn run(mut cmd: Command, ok: bool) -> Output {
    let out = cmd.output().expect("spawn");
    if ok && !out.status.success() {
        panic!(
            "{:?} failed ({}):\nstdout: {}\nstderr: {}",
            cmd,
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    out
}

pub fn json_of(out: &Output) -> Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "not JSON ({e}):\nstdout: {}\nstderr: {}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    })
}

/// A portal process on a temporary SQLite database (or the URL in `MOTCUA_SYNC_TEST_DB`? no:
/// always SQLite here; the portal's own suite covers PostgreSQL).
pub struct Portal {
    pub dir: tempfile::TempDir,
    pub db: String,
    pub port: u16,
    child: Option<Child>,
}

impl Portal {
    pub fn new() -> Portal {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("portal.sqlite").display().to_string();
        Portal {
            dir,
            db,
            port: free_port(),
            child: None,
        }
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    pub fn cmd(&self) -> Command {
        let mut c = Command::new(bin("motcua-portal"));
        c.arg("--db").arg(&self.db);
        c
    }

    /// `motcua-portal --db DB ARGS…`, which must succeed.
    pub fn cli(&self, args: &[&str]) -> Output {
        let mut c = self.cmd();
        c.args(args);
        run(c, true)
    }

    pub fn cli_json(&self, args: &[&str]) -> Value {
        let mut a = vec!["--json"];
        a.extend_from_slice(args);
        json_of(&self.cli(&a))
    }

    /// Starts `serve` and waits until it accepts connections.
    pub fn start(&mut self) {
        assert!(self.child.is_none(), "already running");
        let mut c = self.cmd();
        c.args([
            "serve",
            "--listen",
            &format!("127.0.0.1:{}", self.port),
            "--public-url",
            &self.url(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
        self.child = Some(c.spawn().expect("spawn portal"));
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "portal did not start on {}",
                self.port
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }

    /// A unit with the demo catalogue and this year's and next year's holidays.
    pub fn add_demo_unit(&self, code: &str) {
        self.cli(&[
            "unit",
            "add",
            "--code",
            code,
            "--name",
            "TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG XÃ TÂN PHÚ",
            "--parent-authority",
            "ỦY BAN NHÂN DÂN XÃ TÂN PHÚ",
            "--place",
            "Tân Phú",
            "--hotline",
            "1900 0000",
            "--lookup-url",
            &format!("{}/tra-cuu", self.url()),
        ]);
        let catalogue = workspace_root().join("assets/catalogue/demo-catalogue.json");
        self.cli(&[
            "catalogue",
            "import",
            "--unit",
            code,
            &catalogue.display().to_string(),
        ]);
    }

    /// `desk add` → the one-time enrollment code.
    pub fn new_desk_code(&self, unit: &str) -> String {
        let v = self.cli_json(&["desk", "add", "--unit", unit]);
        for key in ["enrollment_code", "code", "one_time_code"] {
            if let Some(s) = v[key].as_str() {
                return s.to_string();
            }
        }
        panic!("no enrollment code in {v}");
    }

    /// `dossiers list --json` as an array.
    pub fn dossiers(&self) -> Vec<Value> {
        let v = self.cli_json(&["dossiers", "list"]);
        match v {
            Value::Array(a) => a,
            other => other["dossiers"].as_array().cloned().unwrap_or_default(),
        }
    }
}

impl Drop for Portal {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A distinct, valid Vietnamese personal name for the n-th test person (names may not hold digits).
pub fn person(n: usize) -> String {
    const FAMILY: [&str; 10] = [
        "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
    ];
    const MIDDLE: [&str; 10] = [
        "Văn", "Thị", "Minh", "Ngọc", "Đức", "Thu", "Quang", "Thanh", "Hữu", "Kim",
    ];
    const GIVEN: [&str; 10] = [
        "An", "Bình", "Chi", "Dũng", "Giang", "Hà", "Khánh", "Lâm", "Mai", "Nam",
    ];
    format!(
        "{} {} {} {}",
        FAMILY[n % 10],
        MIDDLE[(n / 10) % 10],
        GIVEN[(n / 100) % 10],
        GIVEN[(n / 1000) % 10]
    )
}

/// The sign-in name and password of every test desk's first account.
pub const DESK_USER: &str = "mai";
pub const DESK_PASSWORD: &str = "mat-khau-thu-nghiem";

/// A desk: a `motcua` database in its own directory.
pub struct Desk {
    pub dir: tempfile::TempDir,
    pub db: PathBuf,
}

impl Desk {
    pub fn new() -> Desk {
        let dir = tempfile::tempdir().expect("tempdir");
        let db = dir.path().join("desk.sqlite");
        Desk { dir, db }
    }

    pub fn cmd(&self) -> Command {
        let mut c = Command::new(bin("motcua"));
        // The credential in its owner-only file, whatever keyring this machine has, so the
        // tests can read and redirect it.
        // Signed in as `mai`: on a fresh database `enroll` makes her the desk's first account (an
        // administrator), and every later command signs in with the same name and password.
        c.arg("--db")
            .arg(&self.db)
            .env("MOTCUA_LANG", "vi")
            .env("MOTCUA_CREDENTIAL_STORE", "file")
            .env("MOTCUA_USER", DESK_USER)
            .env("MOTCUA_PASSWORD", DESK_PASSWORD);
        c
    }

    pub fn try_cli(&self, args: &[&str]) -> Output {
        let mut c = self.cmd();
        c.args(args);
        run(c, false)
    }

    pub fn cli(&self, args: &[&str]) -> Output {
        let mut c = self.cmd();
        c.args(args);
        run(c, true)
    }

    pub fn cli_json(&self, args: &[&str]) -> Value {
        let mut a = vec!["--json"];
        a.extend_from_slice(args);
        json_of(&self.cli(&a))
    }

    pub fn enroll(&self, portal: &str, code: &str) -> Value {
        self.cli_json(&[
            "enroll",
            "--portal",
            portal,
            "--code",
            code,
            "--clerk-name",
            "Trần Thị Mai",
        ])
    }

    /// Records one accepted dossier; returns its code.
    pub fn intake(&self, name: &str, id_number: &str) -> String {
        let v = self.cli_json(&[
            "intake",
            "--procedure",
            "2.000815",
            "--name",
            name,
            "--id-number",
            id_number,
            "--phone",
            "0987654321",
        ]);
        v["code"].as_str().expect("code").to_string()
    }

    /// `sync --json`, whatever its exit status.
    pub fn sync(&self) -> Value {
        json_of(&self.try_cli(&["--json", "sync"]))
    }

    /// Codes of every dossier on this desk.
    pub fn codes(&self) -> Vec<String> {
        let v = self.cli_json(&["dossiers", "list", "--limit", "500"]);
        let arr = match &v {
            Value::Array(a) => a.clone(),
            other => other["dossiers"].as_array().cloned().unwrap_or_default(),
        };
        arr.iter()
            .filter_map(|d| d["code"].as_str().map(str::to_string))
            .collect()
    }
}

/// A plain HTTP/1.1 GET on 127.0.0.1: (status, body).
pub fn http_get(url: &str) -> (u16, String) {
    http("GET", url, None, None)
}

/// A plain HTTP/1.1 request on 127.0.0.1 (`Connection: close`): (status, body).
pub fn http(
    method: &str,
    url: &str,
    bearer: Option<&str>,
    json_body: Option<&str>,
) -> (u16, String) {
    use std::io::{Read, Write};
    let rest = url.strip_prefix("http://").expect("http URL");
    let (host, path) = rest
        .split_once('/')
        .map(|(h, p)| (h, format!("/{p}")))
        .unwrap_or((rest, "/".into()));
    let mut s = std::net::TcpStream::connect(host).expect("connect");
    let mut head = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n");
    if let Some(t) = bearer {
        head.push_str(&format!("Authorization: Bearer {t}\r\n"));
    }
    let body = json_body.unwrap_or("");
    if json_body.is_some() {
        head.push_str(&format!(
            "Content-Type: application/json\r\nContent-Length: {}\r\n",
            body.len()
        ));
    }
    head.push_str("\r\n");
    s.write_all(head.as_bytes()).expect("write");
    s.write_all(body.as_bytes()).expect("write body");
    let mut buf = Vec::new();
    s.read_to_end(&mut buf).expect("read");
    let text = String::from_utf8_lossy(&buf).to_string();
    let status = text
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

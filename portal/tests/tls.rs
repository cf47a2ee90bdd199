//! HTTPS (`serve --tls-cert --tls-key`, rustls with `ring`): a self-signed certificate made in the
//! test, a client that trusts only it, on 127.0.0.1. In-process and as the real binary.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::Env;
use motcua_portal::{AppState, desks};
use motcua_protocol::{ENROLL_PATH, EnrollRequest, EnrollResponse, PROTOCOL_HEADER, PULL_PATH};
use reqwest::StatusCode;

both_backends!(https_in_process, https_from_the_binary);

struct Pem {
    _dir: tempfile::TempDir,
    cert: PathBuf,
    key: PathBuf,
    cert_pem: String,
}

/// A self-signed certificate for 127.0.0.1 and localhost.
fn self_signed() -> Pem {
    let ck =
        rcgen::generate_simple_self_signed(vec!["127.0.0.1".to_string(), "localhost".to_string()])
            .expect("self-signed certificate");
    let dir = tempfile::tempdir().unwrap();
    let cert = dir.path().join("cert.pem");
    let key = dir.path().join("key.pem");
    let cert_pem = ck.cert.pem();
    std::fs::write(&cert, &cert_pem).unwrap();
    std::fs::write(&key, ck.signing_key.serialize_pem()).unwrap();
    Pem {
        _dir: dir,
        cert,
        key,
        cert_pem,
    }
}

/// A client that trusts only this certificate.
fn client(pem: &Pem) -> reqwest::Client {
    let cert = reqwest::Certificate::from_pem(pem.cert_pem.as_bytes()).unwrap();
    reqwest::Client::builder()
        .tls_certs_only([cert])
        .build()
        .unwrap()
}

/// Enrolls a desk and pulls over `base` (https://…), as a desk would.
async fn desk_over(env: &Env, http: &reqwest::Client, base: &str) {
    let new = desks::add(&env.db, "U1", None).await.unwrap();
    let res = http
        .post(format!("{base}{ENROLL_PATH}"))
        .header(PROTOCOL_HEADER, "1")
        .json(&EnrollRequest {
            code: new.enrollment_code,
            desk_name: String::new(),
        })
        .send()
        .await
        .expect("enroll over HTTPS");
    assert_eq!(res.status(), StatusCode::OK);
    let e: EnrollResponse = res.json().await.unwrap();
    let res = http
        .get(format!("{base}{PULL_PATH}?cursor=0"))
        .header(PROTOCOL_HEADER, "1")
        .bearer_auth(&e.token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    // The lookup page's public URL starts with https.
    let health = http.get(format!("{base}/healthz")).send().await.unwrap();
    assert_eq!(health.status(), StatusCode::OK);
}

async fn https_in_process(env: Env) {
    env.unit("U1").await;
    let pem = self_signed();
    let config = motcua_portal::tls::server_config(&pem.cert, &pem.key).expect("TLS config");
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let base = format!("https://127.0.0.1:{port}");
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let server = tokio::spawn(motcua_portal::serve_tls(
        listener,
        config,
        AppState::new(env.db.clone(), base.clone()),
        async {
            let _ = stopped.await;
        },
    ));
    // A connection that never says hello does not hold up the others.
    let idle = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    desk_over(&env, &client(&pem), &base).await;
    drop(idle);
    // Plain HTTP on the HTTPS port gets no answer, and a client that does not trust the
    // certificate refuses it.
    assert!(
        reqwest::get(format!("http://127.0.0.1:{port}/healthz"))
            .await
            .and_then(|r| r.error_for_status())
            .is_err()
    );
    let stranger = reqwest::Client::builder()
        .tls_certs_only([])
        .build()
        .unwrap();
    let err = stranger
        .get(format!("{base}/healthz"))
        .send()
        .await
        .expect_err("untrusted certificate");
    assert!(err.is_connect(), "{err:?}");
    let _ = stop.send(());
    let _ = server.await;

    // Files that are not what they should be: a clear error, code `tls`.
    let other = self_signed();
    for (cert, key, needle) in [
        (pem.cert.as_path(), other.key.as_path(), "không khớp"),
        (pem.key.as_path(), pem.key.as_path(), "không có chứng chỉ"),
        (
            pem.cert.as_path(),
            Path::new("/nonexistent/key.pem"),
            "khóa riêng",
        ),
    ] {
        let e = motcua_portal::tls::server_config(cert, key).expect_err("bad TLS files");
        assert_eq!(e.code(), "tls");
        assert!(e.to_string().contains(needle), "{e}");
    }
}

struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

async fn https_from_the_binary(env: Env) {
    env.unit("U1").await;
    let pem = self_signed();
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_motcua-portal"))
        .arg("--db")
        .arg(&env.db_url)
        .args(["serve", "--listen", &format!("127.0.0.1:{port}")])
        .arg("--tls-cert")
        .arg(&pem.cert)
        .arg("--tls-key")
        .arg(&pem.key)
        .env_remove("MOTCUA_PORTAL_DB")
        .env_remove("MOTCUA_PORTAL_PUBLIC_URL")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("start motcua-portal serve");
    let _running = Running(child);
    let deadline = Instant::now() + Duration::from_secs(20);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "portal did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    desk_over(&env, &client(&pem), &format!("https://127.0.0.1:{port}")).await;

    // --tls-cert alone is refused, and so is a key that does not exist, before serving.
    let out = Command::new(env!("CARGO_BIN_EXE_motcua-portal"))
        .arg("--db")
        .arg(&env.db_url)
        .args(["serve", "--listen", "127.0.0.1:0", "--tls-cert"])
        .arg(&pem.cert)
        .env_remove("MOTCUA_PORTAL_TLS_KEY")
        .output()
        .unwrap();
    assert!(!out.status.success());
    let out = Command::new(env!("CARGO_BIN_EXE_motcua-portal"))
        .arg("--db")
        .arg(&env.db_url)
        .args(["serve", "--listen", "127.0.0.1:0", "--tls-cert"])
        .arg(&pem.cert)
        .args(["--tls-key", "/nonexistent/key.pem"])
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("khóa riêng TLS"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

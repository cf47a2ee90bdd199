//! `sync` reports what it did before an error: the portal killed during the second batch of a
//! push (the first 500 rows acknowledged) gives `pushed: 500` and an error that says so, in the
//! CLI's JSON and in the status the app shows (`last_error`), not `pushed: 0`.

use std::sync::mpsc;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use motcua::dto::{Applicant, DocumentReceived, IntakeInput};
use motcua_sync_tests::{DESK_PASSWORD, DESK_USER, Desk, Portal};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

const UNIT: &str = "000.00.31.H29";

/// Records `n` accepted dossiers on the desk's database in this process (fast: no CLI start-up
/// per dossier); returns the changes waiting to be sent.
async fn many_dossiers(desk: &Desk, n: usize) -> i64 {
    // SAFETY of set_var: set before any other thread of this test reads the environment.
    unsafe { std::env::set_var("MOTCUA_KEY_STORE", "file") };
    let db = motcua::store::open(&desk.db).await.expect("open desk db");
    let s = motcua::accounts::sign_in(&db, DESK_USER, DESK_PASSWORD, chrono::Utc::now())
        .await
        .expect("sign in");
    for i in 0..n {
        let input = IntakeInput {
            procedure_code: "2.000815".into(),
            submitter: Applicant {
                full_name: motcua_sync_tests::person(i),
                id_number: format!("079190{i:06}"),
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
        motcua::dossier::intake::save(&db, &s, &input, chrono::Utc::now())
            .await
            .expect("intake");
    }
    let pending: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM outbox WHERE acked_at IS NULL AND quarantined = 0",
    )
    .fetch_one(&db)
    .await
    .expect("pending");
    db.close().await;
    pending
}

/// A proxy that forwards everything until the second push request, then tells the test (which
/// kills the portal) and, once told the portal is gone, hangs up.
async fn proxy_killing_at_second_push(
    upstream: u16,
    seen: mpsc::Sender<()>,
    killed: Arc<Mutex<mpsc::Receiver<()>>>,
) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let pushes = Arc::new(Mutex::new(0usize));
    tokio::spawn(async move {
        loop {
            let Ok((client, _)) = listener.accept().await else {
                continue;
            };
            let (pushes, seen, killed) = (pushes.clone(), seen.clone(), killed.clone());
            tokio::spawn(async move {
                let Ok(upstream) = TcpStream::connect(("127.0.0.1", upstream)).await else {
                    return;
                };
                let (mut cr, mut cw) = client.into_split();
                let (mut ur, mut uw) = upstream.into_split();
                let down = tokio::spawn(async move {
                    let _ = tokio::io::copy(&mut ur, &mut cw).await;
                });
                let mut buf = vec![0u8; 64 * 1024];
                loop {
                    let n = match cr.read(&mut buf).await {
                        Ok(0) | Err(_) => break,
                        Ok(n) => n,
                    };
                    let chunk = &buf[..n];
                    if chunk.windows(17).any(|w| w == b"POST /api/v1/push") {
                        let k = {
                            let mut p = pushes.lock().expect("lock");
                            *p += 1;
                            *p
                        };
                        if k == 2 {
                            let _ = seen.send(());
                            let killed = killed.clone();
                            let _ = tokio::task::spawn_blocking(move || {
                                killed
                                    .lock()
                                    .expect("lock")
                                    .recv_timeout(Duration::from_secs(30))
                            })
                            .await;
                            down.abort();
                            return;
                        }
                    }
                    if uw.write_all(chunk).await.is_err() {
                        break;
                    }
                }
                let _ = down.await;
            });
        }
    });
    port
}

#[test]
fn sync_reports_the_batch_acknowledged_before_the_portal_died() {
    let mut portal = Portal::new();
    portal.add_demo_unit(UNIT);
    portal.start();
    let desk = Desk::new();
    desk.enroll(&portal.url(), &portal.new_desk_code(UNIT));
    let rt = tokio::runtime::Runtime::new().expect("runtime");
    let pending = rt.block_on(many_dossiers(&desk, 600));
    assert!(pending > 500, "{pending}");

    let (seen_tx, seen_rx) = mpsc::channel();
    let (killed_tx, killed_rx) = mpsc::channel();
    let proxy_port = rt.block_on(proxy_killing_at_second_push(
        portal.port,
        seen_tx,
        Arc::new(Mutex::new(killed_rx)),
    ));
    let cred_path = format!("{}.credential", desk.db.display());
    let cred = std::fs::read_to_string(&cred_path).expect("credential");
    std::fs::write(
        &cred_path,
        cred.replace(&portal.url(), &format!("http://127.0.0.1:{proxy_port}")),
    )
    .expect("rewrite credential");

    let mut cmd = desk.cmd();
    cmd.args(["--json", "sync"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let child = cmd.spawn().expect("spawn sync");
    seen_rx
        .recv_timeout(Duration::from_secs(120))
        .expect("the desk sent a second push");
    portal.stop();
    killed_tx.send(()).expect("tell the proxy");
    let out = child.wait_with_output().expect("sync output");
    let report = motcua_sync_tests::json_of(&out);
    println!("sync after the portal died mid-push: {report}");
    assert!(!out.status.success(), "the run ended in an error");
    assert_eq!(report["pushed"], 500, "{report}");
    assert_eq!(report["status"]["pending"], pending - 500, "{report}");
    let error = report["error"].as_str().expect("error");
    assert!(error.contains("500"), "{error}");
    // The status the app's status bar shows carries the same sentence.
    assert!(
        report["status"]["last_error"]
            .as_str()
            .is_some_and(|e| e.contains("500")),
        "{report}"
    );
}

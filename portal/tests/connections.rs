//! Issue 14, point 3: slow or silent connections stayed open for minutes. The portal now closes a
//! connection that does not send its headers in time (also between requests: the idle timeout),
//! answers 408 when a body stalls, caps open connections per client address, and keeps serving
//! everyone else meanwhile. Each test runs a real portal on 127.0.0.1 with short bounds.

mod common;

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use motcua_portal::AppState;
use motcua_portal::connections::ConnLimits;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpSocket, TcpStream};

/// A portal over a fresh SQLite file with the given bounds; stopped when the guard drops.
struct Portal {
    addr: SocketAddr,
    _stop: tokio::sync::oneshot::Sender<()>,
    _dir: tempfile::TempDir,
}

async fn portal(limits: ConnLimits) -> Portal {
    let dir = tempfile::tempdir().unwrap();
    let db = motcua_portal::open(&dir.path().join("p.db").display().to_string())
        .await
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
    let state = AppState::new(db, format!("http://{addr}"));
    tokio::spawn(motcua_portal::serve_with_connections(
        listener,
        state,
        limits,
        async {
            let _ = stopped.await;
        },
    ));
    Portal {
        addr,
        _stop: stop,
        _dir: dir,
    }
}

fn short() -> ConnLimits {
    ConnLimits {
        header_read: Duration::from_millis(800),
        body_read: Duration::from_millis(800),
        per_address: 4,
        ..ConnLimits::default()
    }
}

/// Reads until the portal closes the connection (or `within` passes): what it sent, and whether it
/// closed.
async fn read_until_closed(s: &mut TcpStream, within: Duration) -> (String, bool) {
    let mut out = Vec::new();
    let closed = tokio::time::timeout(within, s.read_to_end(&mut out))
        .await
        .is_ok();
    (String::from_utf8_lossy(&out).to_string(), closed)
}

/// A connection from another loopback address (127.0.0.2), counted apart from 127.0.0.1.
async fn connect_from(ip: &str, to: SocketAddr) -> TcpStream {
    let sock = TcpSocket::new_v4().unwrap();
    sock.bind(format!("{ip}:0").parse().unwrap()).unwrap();
    sock.connect(to).await.unwrap()
}

async fn healthz(addr: SocketAddr) -> String {
    let mut s = TcpStream::connect(addr).await.unwrap();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let (text, closed) = read_until_closed(&mut s, Duration::from_secs(5)).await;
    assert!(closed, "the healthy answer came with Connection: close");
    text
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silent_connection_is_closed_and_others_are_served_meanwhile() {
    let p = portal(short()).await;
    let start = Instant::now();
    let mut silent = TcpStream::connect(p.addr).await.unwrap();
    // Others are served while it waits.
    assert!(healthz(p.addr).await.starts_with("HTTP/1.1 200"));
    let (_, closed) = read_until_closed(&mut silent, Duration::from_secs(5)).await;
    assert!(closed, "a connection that sends nothing is closed");
    assert!(
        start.elapsed() < Duration::from_secs(4),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn headers_sent_byte_by_byte_are_cut_off() {
    let p = portal(short()).await;
    let mut slow = TcpStream::connect(p.addr).await.unwrap();
    let request =
        b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Padding: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n\r\n";
    let start = Instant::now();
    let mut cut_off = false;
    for b in request {
        if slow.write_all(&[*b]).await.is_err() {
            cut_off = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
        if start.elapsed() > Duration::from_secs(3) {
            break;
        }
    }
    let (text, closed) = read_until_closed(&mut slow, Duration::from_secs(3)).await;
    assert!(cut_off || closed, "still open after {:?}", start.elapsed());
    assert!(!text.contains("200 OK"), "{text}");
    assert!(
        start.elapsed() < Duration::from_secs(6),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_idle_kept_alive_connection_is_closed() {
    let p = portal(short()).await;
    let mut s = TcpStream::connect(p.addr).await.unwrap();
    s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await
        .unwrap();
    let mut buf = vec![0u8; 4096];
    let n = s.read(&mut buf).await.unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).starts_with("HTTP/1.1 200"));
    let start = Instant::now();
    let (_, closed) = read_until_closed(&mut s, Duration::from_secs(5)).await;
    assert!(closed, "an idle kept-alive connection is closed");
    assert!(
        start.elapsed() < Duration::from_secs(4),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stalled_body_gets_a_json_408() {
    let p = portal(short()).await;
    let mut s = TcpStream::connect(p.addr).await.unwrap();
    s.write_all(
        b"POST /api/v1/enroll HTTP/1.1\r\nHost: x\r\nx-motcua-protocol: 1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"code\":",
    )
    .await
    .unwrap();
    let start = Instant::now();
    let (text, closed) = read_until_closed(&mut s, Duration::from_secs(5)).await;
    assert!(closed, "{text}");
    assert!(text.starts_with("HTTP/1.1 408"), "{text}");
    assert!(text.contains("\"code\":\"request_timeout\""), "{text}");
    assert!(
        start.elapsed() < Duration::from_secs(4),
        "{:?}",
        start.elapsed()
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connections_per_address_are_capped() {
    let limits = ConnLimits {
        header_read: Duration::from_secs(20),
        ..short()
    };
    let p = portal(limits).await;
    let mut held = Vec::new();
    for _ in 0..4 {
        held.push(TcpStream::connect(p.addr).await.unwrap());
    }
    // Let the portal accept and count them.
    tokio::time::sleep(Duration::from_millis(200)).await;
    let mut fifth = TcpStream::connect(p.addr).await.unwrap();
    let _ = fifth
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
        .await;
    let start = Instant::now();
    let (text, closed) = read_until_closed(&mut fifth, Duration::from_secs(5)).await;
    assert!(closed && text.is_empty(), "{text}");
    assert!(
        start.elapsed() < Duration::from_secs(2),
        "{:?}",
        start.elapsed()
    );
    // Another address is served.
    let mut other = connect_from("127.0.0.2", p.addr).await;
    other
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        .await
        .unwrap();
    let (text, _) = read_until_closed(&mut other, Duration::from_secs(5)).await;
    assert!(text.starts_with("HTTP/1.1 200"), "{text}");
    // A held connection closing frees its place.
    drop(held.pop());
    tokio::time::sleep(Duration::from_millis(200)).await;
    assert!(healthz(p.addr).await.starts_with("HTTP/1.1 200"));
}

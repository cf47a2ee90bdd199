//! A faulty TCP proxy between desk and portal: per connection it passes traffic through, drops
//! the connection at once, delays it, answers 500 itself, or forwards the request and cuts the
//! portal's answer halfway (the portal did the work; the desk never hears of it). The choice is
//! pseudo-random from a seed, so a failing run can be repeated.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Debug, Default)]
pub struct Counts {
    pub passed: AtomicU64,
    pub dropped: AtomicU64,
    pub delayed: AtomicU64,
    pub errors_500: AtomicU64,
    pub cut: AtomicU64,
}

impl Counts {
    pub fn summary(&self) -> String {
        format!(
            "passed {}, dropped {}, delayed {}, answered 500 {}, cut halfway {}",
            self.passed.load(Ordering::Relaxed),
            self.dropped.load(Ordering::Relaxed),
            self.delayed.load(Ordering::Relaxed),
            self.errors_500.load(Ordering::Relaxed),
            self.cut.load(Ordering::Relaxed)
        )
    }
}

/// Starts the proxy on a free 127.0.0.1 port in front of `upstream_port`; returns its port.
/// `fault_percent` of the connections get one of the four faults. Runs until the runtime stops.
pub async fn start(upstream_port: u16, fault_percent: u64, seed: u64) -> (u16, Arc<Counts>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind proxy");
    let port = listener.local_addr().expect("addr").port();
    let counts = Arc::new(Counts::default());
    let c = counts.clone();
    tokio::spawn(async move {
        let mut rng = seed | 1;
        loop {
            let Ok((client, _)) = listener.accept().await else {
                continue;
            };
            rng ^= rng << 13;
            rng ^= rng >> 7;
            rng ^= rng << 17;
            let roll = rng % 100;
            let kind = if roll >= fault_percent {
                0
            } else {
                1 + (rng / 100) % 4
            };
            let c = c.clone();
            tokio::spawn(async move {
                let _ = handle(client, upstream_port, kind, &c).await;
            });
        }
    });
    (port, counts)
}

async fn handle(
    mut client: TcpStream,
    upstream_port: u16,
    kind: u64,
    c: &Counts,
) -> std::io::Result<()> {
    match kind {
        1 => {
            c.dropped.fetch_add(1, Ordering::Relaxed);
            drop(client);
            return Ok(());
        }
        3 => {
            // Read the request head, then answer 500 without forwarding.
            c.errors_500.fetch_add(1, Ordering::Relaxed);
            let mut buf = vec![0u8; 4096];
            let _ = tokio::time::timeout(Duration::from_secs(2), client.read(&mut buf)).await;
            client
                .write_all(b"HTTP/1.1 500 Internal Server Error\r\ncontent-length: 0\r\nconnection: close\r\n\r\n")
                .await?;
            return Ok(());
        }
        2 => {
            c.delayed.fetch_add(1, Ordering::Relaxed);
            tokio::time::sleep(Duration::from_millis(400)).await;
        }
        4 => {
            c.cut.fetch_add(1, Ordering::Relaxed);
        }
        _ => {
            c.passed.fetch_add(1, Ordering::Relaxed);
        }
    }
    let mut upstream = TcpStream::connect(("127.0.0.1", upstream_port)).await?;
    let (mut cr, mut cw) = client.split();
    let (mut ur, mut uw) = upstream.split();
    if kind == 4 {
        // Forward the request; give back only half of the first part of the answer, then hang up.
        let up = async {
            let _ = tokio::io::copy(&mut cr, &mut uw).await;
        };
        let down = async {
            let mut buf = vec![0u8; 64 * 1024];
            if let Ok(n) = ur.read(&mut buf).await {
                let _ = cw.write_all(&buf[..n / 2]).await;
            }
        };
        tokio::select! {
            _ = up => {}
            _ = down => {}
        }
        return Ok(());
    }
    let up = tokio::io::copy(&mut cr, &mut uw);
    let down = tokio::io::copy(&mut ur, &mut cw);
    let _ = tokio::try_join!(up, down);
    Ok(())
}

//! Kết nối: how the portal serves its connections, with bounds on how long and how many (issue
//! 14, point 3: five slow or silent connections stayed open for minutes).
//!
//! - headers: a client has [`ConnLimits::header_read`] to send a request's headers, counted from
//!   when the connection is opened or, on a kept-alive connection, from the end of the previous
//!   answer, so it is also the idle timeout (hyper's `header_read_timeout`);
//! - body: each piece of a request body must arrive within [`ConnLimits::body_read`] of the one
//!   before (tower-http's `TimeoutBody`); a body that stalls ends the request with 408
//!   `request_timeout`;
//! - connections per client address: at most [`ConnLimits::per_address`] open at once; a further
//!   one is closed as soon as it is accepted. Addresses of `--trusted-proxy` are not capped (every
//!   client behind the proxy shares its address; the proxy bounds its own clients).
//!
//! HTTP/1.1 only, like before (the desks and browsers speak it; TLS offers only `http/1.1`).

use std::collections::HashMap;
use std::future::Future;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::ConnectInfo;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::server::graceful::GracefulShutdown;
use tokio::io::{AsyncRead, AsyncWrite};
use tower::ServiceExt;
use tower_http::timeout::TimeoutBody;

use crate::access::ClientAddr;

/// Connection bounds of `serve`.
#[derive(Debug, Clone)]
pub struct ConnLimits {
    /// Time to send a request's headers, and longest idle time between requests.
    pub header_read: Duration,
    /// Longest wait for the next piece of a request body.
    pub body_read: Duration,
    /// Open connections per client address (0: no cap).
    pub per_address: usize,
    /// Addresses that are not capped (reverse proxies).
    pub uncapped: Vec<IpAddr>,
    /// Longest wait for open connections to finish at shutdown.
    pub drain: Duration,
}

impl Default for ConnLimits {
    fn default() -> Self {
        ConnLimits {
            header_read: Duration::from_secs(15),
            body_read: Duration::from_secs(30),
            per_address: 64,
            uncapped: Vec::new(),
            drain: Duration::from_secs(10),
        }
    }
}

/// Open connections per address.
#[derive(Clone, Default)]
struct Open(Arc<Mutex<HashMap<IpAddr, usize>>>);

/// One counted connection; uncounted when dropped.
struct Slot {
    open: Open,
    ip: IpAddr,
}

impl Open {
    fn take(&self, ip: IpAddr, cap: usize) -> Option<Slot> {
        let mut m = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let n = m.entry(ip).or_insert(0);
        if *n >= cap {
            return None;
        }
        *n += 1;
        Some(Slot {
            open: self.clone(),
            ip,
        })
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        let mut m = self.open.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = m.get_mut(&self.ip) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                m.remove(&self.ip);
            }
        }
    }
}

/// Serves `router` on `listener` until `shutdown` resolves, then lets open connections finish
/// (at most [`ConnLimits::drain`]).
pub async fn serve<L>(
    mut listener: L,
    router: Router,
    limits: ConnLimits,
    shutdown: impl Future<Output = ()> + Send + 'static,
) -> std::io::Result<()>
where
    L: axum::serve::Listener<Addr = SocketAddr>,
    L::Io: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(limits.header_read);
    let graceful = GracefulShutdown::new();
    let open = Open::default();
    tokio::pin!(shutdown);
    loop {
        let (io, peer) = tokio::select! {
            c = listener.accept() => c,
            () = &mut shutdown => break,
        };
        let slot = if limits.per_address == 0 || limits.uncapped.contains(&peer.ip()) {
            None
        } else {
            match open.take(peer.ip(), limits.per_address) {
                Some(s) => Some(s),
                None => {
                    drop(io);
                    continue;
                }
            }
        };
        let router = router.clone();
        let body_read = limits.body_read;
        let service = hyper::service::service_fn(move |req: hyper::Request<Incoming>| {
            let mut req = req.map(|body| axum::body::Body::new(TimeoutBody::new(body_read, body)));
            req.extensions_mut().insert(ConnectInfo(ClientAddr(peer)));
            router.clone().oneshot(req)
        });
        let conn = http.serve_connection(TokioIo::new(io), service);
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            let _slot = slot;
            let _ = conn.await;
        });
    }
    drop(listener);
    let _ = tokio::time::timeout(limits.drain, graceful.shutdown()).await;
    Ok(())
}

/// Whether a body error is the body-read timeout.
pub fn is_body_timeout(e: &(dyn std::error::Error + 'static)) -> bool {
    let mut cur: Option<&(dyn std::error::Error + 'static)> = Some(e);
    while let Some(err) = cur {
        if err.is::<tower_http::timeout::TimeoutError>() {
            return true;
        }
        cur = err.source();
    }
    false
}

//! Cổng trung tâm: the portal the desks sync with.
//!
//! The library holds everything; the `motcua-portal` binary is only the command line over it, and
//! tests and benchmarks start the server in-process with [`open`] + [`router`] (or [`serve`]).
//!
//! Storage: SQLite by default, PostgreSQL at scale, one layer for both ([`db`]). Sync semantics
//! (design.md, "Sync"): [`push`] stores each desk change once under (desk, seq) and applies it to
//! the portal's dossiers ([`projection`]); [`feed`] is what desks pull, with a portal-assigned
//! cursor; [`desks`] holds enrollment, tokens and the per-desk share of the daily sequence.

pub mod access;
pub mod admin;
pub mod api;
pub mod cli;
pub mod connections;
pub mod db;
pub mod db_file;
pub mod db_key;
pub mod desk_anchor;
pub mod desks;
pub mod dossier_code;
pub mod dossiers;
pub mod error;
pub mod feed;
pub mod lookup_page;
pub mod national;
pub mod projection;
pub mod public;
pub mod push;
pub mod rate_limit;
pub mod reference;
pub mod releases;
pub mod secret;
pub mod tls;
pub mod units;

use std::sync::Arc;

use axum::Router;
use axum::middleware;

pub use db::{Backend, Db, open, open_with_key};
pub use error::{Error, Result};

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// The portal's public base URL (e.g. `https://congdvc.example.gov.vn`), without a trailing
    /// slash: used for links such as the citizens' lookup page.
    pub public_url: String,
    /// Rate limits and their buckets ([`rate_limit`]), shared by every request.
    pub limits: Arc<rate_limit::Limits>,
}

impl AppState {
    /// A state with the default limits of `serve`.
    pub fn new(db: Db, public_url: impl Into<String>) -> AppState {
        AppState::with_limits(db, public_url, rate_limit::LimitConfig::default())
    }

    pub fn with_limits(
        db: Db,
        public_url: impl Into<String>,
        limits: rate_limit::LimitConfig,
    ) -> AppState {
        AppState {
            db,
            public_url: public_url.into(),
            limits: Arc::new(rate_limit::Limits::new(limits)),
        }
    }
}

/// The whole HTTP application. Later modules (lookup page, OpenAPI, national export) merge their
/// own `Router<AppState>` before the response-header layer, e.g.
/// `router_with(state, api::routes().merge(lookup::routes()))`.
pub fn router(state: AppState) -> Router {
    router_with(
        state,
        api::routes()
            .merge(api::admin::routes())
            .merge(public::routes())
            .merge(releases::routes()),
    )
}

/// [`router`] with a caller-chosen set of routes (all still get access control and limits
/// ([`access`]), the protocol headers, `Date`, and JSON 404s). A route that is not in
/// [`access::ROUTES`] is refused to everyone.
pub fn router_with(state: AppState, routes: Router<AppState>) -> Router {
    routes
        .route_layer(middleware::from_fn_with_state(state.clone(), access::guard))
        .fallback(api::not_found)
        .layer(middleware::from_fn(access::request_shape))
        .layer(middleware::from_fn(api::response_headers))
        .with_state(state)
}

/// Serves `router(state)` on an already bound listener until `shutdown` resolves, with the default
/// connection bounds ([`connections::ConnLimits`]; trusted proxies are not capped per address).
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let conn = default_conn_limits(&state);
    serve_with_connections(listener, state, conn, shutdown).await
}

/// [`serve`] with caller-chosen connection bounds.
pub async fn serve_with_connections(
    listener: tokio::net::TcpListener,
    state: AppState,
    conn: connections::ConnLimits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    connections::serve(listener, router(state), conn, shutdown).await
}

/// [`serve`] over HTTPS ([`tls::server_config`] makes the configuration).
pub async fn serve_tls(
    listener: tokio::net::TcpListener,
    tls: Arc<rustls::ServerConfig>,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    let conn = default_conn_limits(&state);
    serve_tls_with_connections(listener, tls, state, conn, shutdown).await
}

/// [`serve_tls`] with caller-chosen connection bounds.
pub async fn serve_tls_with_connections(
    listener: tokio::net::TcpListener,
    tls: Arc<rustls::ServerConfig>,
    state: AppState,
    conn: connections::ConnLimits,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    connections::serve(
        tls::TlsListener::new(listener, tls)?,
        router(state),
        conn,
        shutdown,
    )
    .await
}

fn default_conn_limits(state: &AppState) -> connections::ConnLimits {
    connections::ConnLimits {
        uncapped: state.limits.config.trusted_proxies.clone(),
        ..connections::ConnLimits::default()
    }
}

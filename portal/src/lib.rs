//! Cổng trung tâm: the portal the desks sync with.
//!
//! The library holds everything; the `motcua-portal` binary is only the command line over it, and
//! tests and benchmarks start the server in-process with [`open`] + [`router`] (or [`serve`]).
//!
//! Storage: SQLite by default, PostgreSQL at scale, one layer for both ([`db`]). Sync semantics
//! (design.md, "Sync"): [`push`] stores each desk change once under (desk, seq) and applies it to
//! the portal's dossiers ([`projection`]); [`feed`] is what desks pull, with a portal-assigned
//! cursor; [`desks`] holds enrollment, tokens and the per-desk share of the daily sequence.

pub mod admin;
pub mod api;
pub mod cli;
pub mod db;
pub mod desks;
pub mod dossiers;
pub mod error;
pub mod feed;
pub mod lookup_page;
pub mod national;
pub mod national_export;
pub mod projection;
pub mod public;
pub mod push;
pub mod reference;
pub mod secret;
pub mod units;

use axum::Router;
use axum::middleware;

pub use db::{Backend, Db, open};
pub use error::{Error, Result};

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    /// The portal's public base URL (e.g. `https://congdvc.example.gov.vn`), without a trailing
    /// slash: used for links such as the citizens' lookup page.
    pub public_url: String,
}

/// The whole HTTP application. Later modules (lookup page, OpenAPI, national export) merge their
/// own `Router<AppState>` before the response-header layer, e.g.
/// `router_with(state, api::routes().merge(lookup::routes()))`.
pub fn router(state: AppState) -> Router {
    router_with(
        state,
        api::routes()
            .merge(api::admin::routes())
            .merge(public::routes()),
    )
}

/// [`router`] with a caller-chosen set of routes (all still get the protocol headers, `Date`,
/// and JSON 404s).
pub fn router_with(state: AppState, routes: Router<AppState>) -> Router {
    routes
        .fallback(api::not_found)
        .layer(middleware::from_fn(api::response_headers))
        .with_state(state)
}

/// Serves `router(state)` on an already bound listener until `shutdown` resolves.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: AppState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown)
        .await
}

/// Vietnamese messages from the desk core (status labels, catalogue errors): call once at start.
pub fn init_locale() {
    motcua::i18n::set_locale("vi");
}

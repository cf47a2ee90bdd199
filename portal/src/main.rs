//! Cổng trung tâm: the portal the desks sync with. See the library for everything it does.
use std::process::ExitCode;

use clap::Parser;

#[tokio::main]
async fn main() -> ExitCode {
    motcua_portal::cli::main_with(motcua_portal::cli::Cli::parse()).await
}

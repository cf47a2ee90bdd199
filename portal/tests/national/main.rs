//! The national sync (Cổng DVC quốc gia): payloads field by field against committed fixtures,
//! and the outbound sync against a stand-in national portal on 127.0.0.1.

#[path = "../common/mod.rs"]
mod common;
mod payloads;
mod stand_in;
mod sync;

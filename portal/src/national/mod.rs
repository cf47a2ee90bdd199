//! Đồng bộ lên Cổng Dịch vụ công quốc gia: every dossier and its progress, sent as the national
//! portal expects (DongBoHoSoMC, CapNhatTienDoHoSoMC), checked field by field against two public
//! implementations (VietOpenCPS/opencps-v2 `DVCQGIntegrationActionImpl.java`; the Thanh Hóa
//! system HuanVu201/DichVuCong_KhoaLuan_PASETO `SyncLocalDataToDVCQGService.cs`).
//!
//! - [`codes`]: the code lists, as enums, each with its source;
//! - [`payload`]: the pure payload builders;
//! - [`load`]: what the portal stores, read into the builders' input;
//! - [`client`]: the HTTP client (request wrapper, retries with backoff, timeouts);
//! - [`queue`]: the durable queue and the sync pass (exactly once in effect);
//! - [`report`]: `national status` and the on-time / digitisation figures;
//! - [`export`]: the JSON file of `dossiers export-national`.

pub mod client;
pub mod codes;
pub mod export;
pub mod load;
pub mod payload;
pub mod queue;
pub mod report;

pub use client::{Client, NationalConfig};
pub use queue::{PassReport, run_pass};

/// Runs a sync pass every `every` until the process ends; errors are printed (never the token)
/// and the next pass tries again. Runs on its own task: desk sync never waits for it.
pub async fn run_forever(db: crate::Db, client: Client, every: std::time::Duration) {
    loop {
        match run_pass(&db, &client, 0).await {
            Ok(r) if r.dossiers_failed + r.step_batches_failed > 0 => eprintln!(
                "motcua-portal: đồng bộ quốc gia: {} hồ sơ lỗi, {} lô tiến độ lỗi (xem `national status`)",
                r.dossiers_failed, r.step_batches_failed
            ),
            Ok(_) => {}
            Err(e) => eprintln!("motcua-portal: đồng bộ quốc gia: {e}"),
        }
        tokio::time::sleep(every).await;
    }
}

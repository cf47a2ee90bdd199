//! The baseline for BENCHMARKS.md: a bare Tauri 2 window showing a one-line page, built with the
//! same crate versions and profile as the desk app, so scripts/bench-app.sh measures both the same
//! way (`APP=.../examples/bare_window`). Its "first screen" is the page's load-finished event (the
//! desk's is later: its UI's first IPC call after mounting).

use tauri::webview::PageLoadEvent;

fn main() {
    let result = tauri::Builder::default()
        .on_page_load(|_, payload| {
            if payload.event() == PageLoadEvent::Finished {
                let ms = std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_millis())
                    .unwrap_or(0);
                println!("motcua-ready {ms}");
            }
        })
        .run(tauri::generate_context!("tauri.bare.conf.json"));
    if let Err(e) = result {
        eprintln!("bare window: {e}");
        std::process::exit(1);
    }
}

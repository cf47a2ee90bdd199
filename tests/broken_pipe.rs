//! `motcua … | head`: a reader that has gone away (the pipe closed before the command writes)
//! never makes a command panic; it exits as it would have, quietly (issue 13, item 13).

mod common;

use std::process::{Command, Stdio};

/// Runs `motcua` with its standard output on a pipe whose reading end is already closed.
fn run_into_closed_pipe(db: &std::path::Path, args: &[&str]) -> std::process::Output {
    let (reader, writer) = std::io::pipe().expect("pipe");
    drop(reader);
    let child = Command::new(env!("CARGO_BIN_EXE_motcua"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("MOTCUA_LANG")
        .env("MOTCUA_USER", "mai")
        .env("MOTCUA_PASSWORD", common::PASSWORD)
        .env("MOTCUA_KEY_STORE", "file")
        .stdout(Stdio::from(writer))
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn motcua");
    child.wait_with_output().expect("wait for motcua")
}

#[tokio::test]
async fn every_kind_of_output_survives_a_closed_pipe() {
    let desk = common::demo_desk().await;
    let cases: [(&[&str], i32); 6] = [
        (&["calendar", "holidays", "2026"], 0),
        (&["calendar", "holidays", "2026", "--json"], 0),
        (&["catalogue", "list", "--json"], 0),
        (&["dossiers", "list"], 0),
        // An error with --json prints its JSON on stdout, then the message on stderr: exit 1.
        (&["dossier", "000.00.31.H29-000000-9999", "--json"], 1),
        // Validation problems as JSON: exit 1 as documented.
        (&["validate", "id-number", "12", "--json"], 1),
    ];
    for (args, code) in cases {
        let o = run_into_closed_pipe(&desk.path, args);
        let stderr = String::from_utf8_lossy(&o.stderr);
        assert!(
            !stderr.contains("panicked") && !stderr.contains("Broken pipe"),
            "{args:?}: {stderr}"
        );
        assert_eq!(o.status.code(), Some(code), "{args:?}: {stderr}");
    }
}

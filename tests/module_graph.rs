//! The core's modules depend on each other in one direction only (README, "Architecture").
//!
//! Reads every file under `src/` (not `src/bin/`, the CLI's own tree), finds each `crate::x`
//! path outside comments and unit tests, and checks that every top-level module `x` it names comes
//! before the file's own module in [`LAYERS`]. A new module must be placed in the list; an import
//! that goes up the list (and so could close a cycle) fails here with the file that made it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Bottom to top: a module may use only modules listed before it.
const LAYERS: &[&str] = &[
    // Leaves: no dependency inside the crate.
    "clock",
    "limits",
    "i18n",
    "mask",
    "search_text",
    "version",
    "error",
    // Người nộp hồ sơ: ID numbers, the CCCD card's QR, tax codes.
    "identity",
    // The shapes the app and the CLI exchange (plain data).
    "dto",
    "printable",
    // The encrypted database, its key, backups, integrity, upgrades, safe output paths, and the
    // audit chain's anchor kept beside the file.
    "store",
    // Accounts, roles, the hash-chained audit log.
    "accounts",
    // The unit's settings, calendar, catalogue, signers and fee rules.
    "reference",
    // A dossier's life: intake, lifecycle, due changes, hand-out, register, outbox.
    "dossier",
    // What is printed: the forms (Mẫu 01-07, receipts) and the printer.
    "forms",
    // Day report, ledger (sổ theo dõi), exports.
    "reports",
    // Desk ⇄ portal.
    "sync",
    "provision",
    "update",
];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The top-level module a file under `src/` belongs to (`src/dossier/intake.rs` → `dossier`).
fn module_of(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?.to_string();
    match first.as_str() {
        "lib.rs" | "bin" => None,
        f => Some(f.trim_end_matches(".rs").to_string()),
    }
}

/// The top-level modules named by `crate::` paths in `code` (groups `crate::{a, b::c}` included).
fn named_modules(code: &str) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let ident = |s: &str| -> String {
        s.trim_start()
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    let mut rest = code;
    while let Some(at) = rest.find("crate::") {
        let before = rest[..at].chars().last();
        rest = &rest[at + "crate::".len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue; // e.g. `motcua_crate::`
        }
        if let Some(group) = rest.strip_prefix('{') {
            let mut depth = 0;
            let mut item = String::new();
            for c in group.chars() {
                match c {
                    '{' => depth += 1,
                    '}' if depth == 0 => break,
                    '}' => depth -= 1,
                    ',' if depth == 0 => {
                        found.insert(ident(&item));
                        item.clear();
                        continue;
                    }
                    _ => {}
                }
                item.push(c);
            }
            found.insert(ident(&item));
        } else {
            found.insert(ident(rest));
        }
    }
    found
}

/// Code without comment lines and without the file's unit tests (which may reach anywhere).
fn code_of(text: &str) -> String {
    let text = text.split("#[cfg(test)]").next().unwrap_or(text);
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn graph() -> BTreeMap<String, BTreeMap<String, BTreeSet<String>>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let mut g: BTreeMap<String, BTreeMap<String, BTreeSet<String>>> = BTreeMap::new();
    for file in files {
        let Some(module) = module_of(&src, &file) else {
            continue;
        };
        let text = std::fs::read_to_string(&file).expect("read");
        let edges = g.entry(module.clone()).or_default();
        for used in named_modules(&code_of(&text)) {
            if used != module && !used.is_empty() {
                let shown = file
                    .strip_prefix(&src)
                    .unwrap_or(&file)
                    .display()
                    .to_string();
                edges.entry(used).or_default().insert(shown);
            }
        }
    }
    g
}

#[test]
fn every_module_is_placed_and_imports_only_downwards() {
    let g = graph();
    let place = |m: &str| LAYERS.iter().position(|l| *l == m);
    let mut wrong = Vec::new();
    for (module, edges) in &g {
        let Some(here) = place(module) else {
            wrong.push(format!(
                "src/{module}: not in LAYERS (place it in tests/module_graph.rs)"
            ));
            continue;
        };
        for (used, files) in edges {
            // Names that are not modules (Error, Result, VERSION, the calendar/documents crates).
            let Some(there) = place(used) else {
                continue;
            };
            if there >= here {
                wrong.push(format!("{module} → {used} goes up the layers: {files:?}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

#[test]
fn the_cli_is_not_part_of_the_library() {
    let lib = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs"))
        .expect("lib.rs");
    assert!(!lib.contains("mod cli"), "the CLI lives in src/bin/motcua/");
    assert!(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("src/bin/motcua/cli/mod.rs")
            .exists()
    );
}

#[test]
fn the_scanner_sees_single_and_grouped_paths() {
    let found = named_modules(
        "use crate::{Error, dossier::{self, Status}, store};\nlet x = crate::sync::run();",
    );
    let want: BTreeSet<String> = ["Error", "dossier", "store", "sync"]
        .into_iter()
        .map(String::from)
        .collect();
    assert_eq!(found, want);
    // An upward import is caught (the check is not vacuous).
    assert!(named_modules(&code_of("// crate::sync\nfn f() {}")).is_empty());
}

//! `motcua`: the desk's command line for admins and scripts. It is not part of the core library:
//! its subcommands (the `cli` module tree beside this file) parse arguments and print, and call
//! the same `motcua` core functions the Tauri commands call.

// The CLI's own messages (`cli.*` keys) come from the same locale files as the core's.
rust_i18n::i18n!("locales", fallback = "vi");

mod cli;

fn main() -> std::process::ExitCode {
    cli::main()
}

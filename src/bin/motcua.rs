//! `motcua`: the desk's command line for admins and scripts.

fn main() -> std::process::ExitCode {
    motcua::cli::main()
}

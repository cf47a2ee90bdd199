//! The app's own command-line options, read before any window opens:
//! `motcua-desk --version` prints the version and exits; `motcua-desk --provision FILE` sets a new
//! desk up from a provisioning file at this start (see `motcua::provision`).

use std::ffi::OsString;
use std::path::PathBuf;

/// The app's version (the same as the `motcua` CLI's).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Which build this is: the git commit `scripts/package.sh` built from (`MOTCUA_BUILD`), else
/// `dev` for a build from a checkout.
pub const BUILD: &str = match option_env!("MOTCUA_BUILD") {
    Some(b) => b,
    None => "dev",
};

#[derive(Debug, Default, PartialEq, Eq)]
pub struct Launch {
    /// `--provision FILE`.
    pub provision: Option<PathBuf>,
}

/// What the command line asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Action {
    Run(Launch),
    /// `--version` / `-V`: print this and exit.
    PrintVersion(String),
    /// A bad option: print this and exit with status 2.
    Usage(String),
}

pub fn version_line() -> String {
    format!("motcua-desk {VERSION} (build {BUILD})")
}

/// Reads the options (without the program name). Options it does not know are left to the
/// toolkit (GTK reads a few of its own).
pub fn parse(args: impl IntoIterator<Item = OsString>) -> Action {
    let mut launch = Launch::default();
    let mut args = args.into_iter();
    while let Some(a) = args.next() {
        match a.to_str() {
            Some("--version" | "-V") => return Action::PrintVersion(version_line()),
            Some("--provision") => match args.next() {
                Some(f) => launch.provision = Some(PathBuf::from(f)),
                None => {
                    return Action::Usage(
                        "--provision cần đường dẫn tệp cài đặt quầy (provision.json)".into(),
                    );
                }
            },
            Some(s) if s.starts_with("--provision=") => {
                launch.provision = Some(PathBuf::from(&s["--provision=".len()..]));
            }
            _ => {}
        }
    }
    Action::Run(launch)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str]) -> Action {
        parse(args.iter().map(OsString::from))
    }

    #[test]
    fn options_are_read() {
        assert_eq!(run(&[]), Action::Run(Launch::default()));
        assert_eq!(
            run(&["--provision", "/tmp/p.json"]),
            Action::Run(Launch {
                provision: Some(PathBuf::from("/tmp/p.json"))
            })
        );
        assert_eq!(
            run(&["--provision=/etc/x.json"]),
            Action::Run(Launch {
                provision: Some(PathBuf::from("/etc/x.json"))
            })
        );
        assert!(matches!(run(&["--provision"]), Action::Usage(_)));
        match run(&["--version"]) {
            Action::PrintVersion(v) => {
                assert!(v.starts_with(&format!("motcua-desk {VERSION} ")), "{v}")
            }
            other => panic!("{other:?}"),
        }
    }
}

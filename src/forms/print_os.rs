//! In qua hệ điều hành: hands a PDF file to one of the machine's printers.
//!
//! - Linux/macOS: CUPS `lp` (`-d PRINTER` when one is chosen, else the CUPS default).
//! - Windows, where there is no CUPS: Windows' own PDF renderer (`Windows.Data.Pdf`, part of
//!   Windows 8.1 and later) draws each page through Direct2D into the chosen printer's driver
//!   (the `winprint` crate's `WinPdfPrinter`). So every installed printer works, real or virtual
//!   ("Microsoft Print to PDF"), no PDF reader has to be installed and no dialog opens. The
//!   alternatives were weaker: the shell's `print`/`printto` verbs depend on the default PDF app
//!   (Edge, the default on Windows 10/11, registers neither), and sending the PDF's raw bytes to
//!   the spooler only works on printers that read PDF themselves.
//!
//! The printer is the chosen one (its OS name, e.g. `MOTCUA_PRINTER`), else the OS default.

use std::path::Path;

use rust_i18n::t;
use serde::Serialize;

use crate::{Error, Result};

/// A printer of this machine, as the OS names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Printer {
    pub name: String,
    /// The OS default printer (Windows: the user's default; CUPS: the system default).
    pub is_default: bool,
}

/// The printer chosen by `MOTCUA_PRINTER` (an empty value chooses none: the OS default).
pub fn chosen_printer() -> Option<String> {
    std::env::var("MOTCUA_PRINTER")
        .ok()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
}

/// Sends the PDF `file` to `printer` (its OS name), else to the default printer, with `title`
/// as the job's name. Returns what the print system answered: the CUPS request id (`lp`'s
/// line), or on Windows the name of the printer the job went to.
pub async fn send(file: &Path, title: &str, printer: Option<&str>) -> Result<String> {
    imp::send(file, title, printer).await
}

/// The machine's printers, the default one marked.
pub async fn list() -> Result<Vec<Printer>> {
    imp::list().await
}

/// Error for a chosen printer the OS does not know.
fn unknown_printer(name: &str) -> Error {
    Error::Print(t!("print.unknown_printer", name = name).to_string())
}

/// Error for a print with no printer chosen on a machine without a default one.
fn no_default_printer() -> Error {
    Error::Print(t!("print.no_default").to_string())
}

#[cfg(not(windows))]
mod imp {
    use super::*;

    pub async fn send(file: &Path, title: &str, printer: Option<&str>) -> Result<String> {
        let out = lp_command(file, title, printer)
            .output()
            .await
            .map_err(|e| Error::Print(t!("print.no_lp", detail = e.to_string()).to_string()))?;
        if !out.status.success() {
            let err = String::from_utf8_lossy(&out.stderr).trim().to_string();
            if let Some(p) = printer.filter(|_| err.contains("does not exist")) {
                return Err(unknown_printer(p));
            }
            if printer.is_none() && err.contains("no default destination") {
                return Err(no_default_printer());
            }
            return Err(Error::Print(t!("print.failed", detail = err).to_string()));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    }

    /// `lp [-d PRINTER] -t TITLE FILE`, with CUPS's messages in English (they are matched).
    pub(super) fn lp_command(
        file: &Path,
        title: &str,
        printer: Option<&str>,
    ) -> tokio::process::Command {
        let mut cmd = tokio::process::Command::new("lp");
        cmd.env("LC_ALL", "C");
        if let Some(p) = printer {
            cmd.arg("-d").arg(p);
        }
        cmd.arg("-t").arg(title).arg(file);
        cmd
    }

    pub async fn list() -> Result<Vec<Printer>> {
        let run = |args: &'static [&'static str]| async move {
            tokio::process::Command::new("lpstat")
                .env("LC_ALL", "C")
                .args(args)
                .output()
                .await
                .map_err(|e| Error::Print(t!("print.no_lp", detail = e.to_string()).to_string()))
        };
        let names = run(&["-e"]).await?;
        let default = run(&["-d"]).await?;
        Ok(parse_lpstat(
            &String::from_utf8_lossy(&names.stdout),
            &String::from_utf8_lossy(&default.stdout),
        ))
    }

    /// Printers from `lpstat -e` (one name a line) and `lpstat -d` ("system default
    /// destination: NAME" or "no system default destination").
    pub(super) fn parse_lpstat(names: &str, default: &str) -> Vec<Printer> {
        let default = default
            .lines()
            .find_map(|l| l.strip_prefix("system default destination:"))
            .map(str::trim);
        names
            .lines()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(|n| Printer {
                name: n.to_string(),
                is_default: Some(n) == default,
            })
            .collect()
    }
}

#[cfg(windows)]
mod imp {
    use super::*;
    use winprint::printer::{FilePrinter, FindDeviceError, PrinterDevice, WinPdfPrinter};
    use winprint::ticket::PrintTicket;

    pub async fn send(file: &Path, _title: &str, printer: Option<&str>) -> Result<String> {
        // The job takes the file's name as its title (the dossier's code); the calls block
        // until the job is spooled.
        let (file, printer) = (file.to_path_buf(), printer.map(str::to_string));
        tokio::task::spawn_blocking(move || print_pdf(&file, printer.as_deref()))
            .await
            .map_err(|e| Error::Print(t!("print.failed", detail = e.to_string()).to_string()))?
    }

    fn print_pdf(file: &Path, printer: Option<&str>) -> Result<String> {
        let device = device(printer)?;
        let name = device.name().to_string();
        WinPdfPrinter::new(device)
            .print(file, PrintTicket::default())
            .map_err(|e| failed(&e))?;
        Ok(name)
    }

    /// The chosen printer, else the user's default one.
    fn device(printer: Option<&str>) -> Result<PrinterDevice> {
        match printer {
            Some(name) => PrinterDevice::by_os_name(name).map_err(|e| match e {
                FindDeviceError::NotFound => unknown_printer(name),
                e => failed(&e),
            }),
            None => PrinterDevice::user_default()
                .map_err(|e| failed(&e))?
                .ok_or_else(no_default_printer),
        }
    }

    /// The error with its causes, for the message (winprint's errors say little alone).
    fn failed(e: &dyn std::error::Error) -> Error {
        let mut detail = e.to_string();
        let mut source = e.source();
        while let Some(s) = source {
            detail.push_str(": ");
            detail.push_str(&s.to_string());
            source = s.source();
        }
        Error::Print(t!("print.failed", detail = detail).to_string())
    }

    pub async fn list() -> Result<Vec<Printer>> {
        tokio::task::spawn_blocking(|| -> Result<Vec<Printer>> {
            let default = PrinterDevice::user_default()
                .ok()
                .flatten()
                .map(|d| d.name().to_string());
            let all = PrinterDevice::all().map_err(|e| {
                Error::Print(t!("print.list_failed", detail = e.to_string()).to_string())
            })?;
            Ok(all
                .iter()
                .map(|d| Printer {
                    name: d.name().to_string(),
                    is_default: Some(d.name()) == default.as_deref(),
                })
                .collect())
        })
        .await
        .map_err(|e| Error::Print(t!("print.list_failed", detail = e.to_string()).to_string()))?
    }
}

#[cfg(all(test, not(windows)))]
mod tests {
    use super::imp::*;
    use super::*;

    #[test]
    fn lpstat_output_marks_the_default_printer() {
        let names = "MotcuaPDF\nQuay-1\n";
        let p = parse_lpstat(names, "system default destination: Quay-1\n");
        assert_eq!(
            p,
            vec![
                Printer {
                    name: "MotcuaPDF".into(),
                    is_default: false
                },
                Printer {
                    name: "Quay-1".into(),
                    is_default: true
                },
            ]
        );
        let none = parse_lpstat(names, "no system default destination\n");
        assert!(none.iter().all(|p| !p.is_default));
    }

    #[test]
    fn lp_gets_the_chosen_printer_and_the_title() {
        let cmd = lp_command(
            Path::new("/tmp/a b.pdf"),
            "000.00.31.H29-261127-0001",
            Some("Quay 1"),
        );
        let std = cmd.as_std();
        assert_eq!(std.get_program(), "lp");
        let args: Vec<_> = std
            .get_args()
            .map(|a| a.to_string_lossy().into_owned())
            .collect();
        assert_eq!(
            args,
            [
                "-d",
                "Quay 1",
                "-t",
                "000.00.31.H29-261127-0001",
                "/tmp/a b.pdf"
            ]
        );
        let default = lp_command(Path::new("x.pdf"), "t", None);
        assert!(!default.as_std().get_args().any(|a| a == "-d"));
    }
}

//! The one writer of human-facing messages. They go to stderr: in `proxy` and `serve` mode,
//! stdout belongs to JSON-RPC. Every message passes through [`crate::secret::redact`]: an
//! error may quote what a server said, and a server may have echoed a secret.

use std::io::{IsTerminal, Write};

use crate::settings::env;

/// Writes short messages for people to stderr, honouring `--quiet`.
#[derive(Debug, Clone, Copy)]
pub struct Printer {
    quiet: bool,
}

impl Printer {
    pub fn new(quiet: bool) -> Self {
        Printer { quiet }
    }

    /// Whether stderr is a terminal (used to decide on colour and spinners).
    pub fn is_terminal(&self) -> bool {
        std::io::stderr().is_terminal()
    }

    /// An informational line; suppressed by `--quiet`.
    pub fn info(&self, msg: impl std::fmt::Display) {
        if !self.quiet {
            let _ = writeln!(std::io::stderr().lock(), "{}", redacted(msg));
        }
    }

    /// A warning; suppressed by `--quiet`.
    pub fn warn(&self, msg: impl std::fmt::Display) {
        if !self.quiet {
            let _ = writeln!(std::io::stderr().lock(), "warning: {}", redacted(msg));
        }
    }

    /// A report of several lines, as it is (it ends with its own newline); always printed.
    pub fn report(&self, text: impl std::fmt::Display) {
        let _ = write!(std::io::stderr().lock(), "{}", redacted(text));
    }

    /// An error; always printed. A `{:#}` anyhow chain prints as "a: b: c".
    pub fn error(&self, msg: impl std::fmt::Display) {
        let _ = writeln!(std::io::stderr().lock(), "error: {}", redacted(msg));
    }
}

fn redacted(msg: impl std::fmt::Display) -> String {
    let text = msg.to_string();
    crate::secret::redact(&text).into_owned()
}

/// A one-line spinner on a terminal stderr while something slow happens; on anything else the
/// message is printed once as a plain line. Dropping it clears the line.
pub struct Spinner {
    task: Option<tokio::task::JoinHandle<()>>,
}

impl Printer {
    /// Show `msg` with a spinner and the seconds elapsed (needs a tokio runtime).
    pub fn spinner(&self, msg: impl Into<String>) -> Spinner {
        let msg = msg.into();
        if self.quiet {
            return Spinner { task: None };
        }
        if !self.is_terminal() || env::os(env::TERM).is_some_and(|t| t == "dumb") {
            self.info(&msg);
            return Spinner { task: None };
        }
        let task = tokio::spawn(async move {
            const FRAMES: [char; 10] = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
            let started = std::time::Instant::now();
            for i in 0usize.. {
                let _ = write!(
                    std::io::stderr().lock(),
                    "\r\x1b[2K{} {msg} {} s",
                    FRAMES[i % FRAMES.len()],
                    started.elapsed().as_secs()
                );
                tokio::time::sleep(std::time::Duration::from_millis(120)).await;
            }
        });
        Spinner { task: Some(task) }
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        if let Some(t) = self.task.take() {
            t.abort();
            let _ = write!(std::io::stderr().lock(), "\r\x1b[2K");
        }
    }
}

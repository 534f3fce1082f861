//! The one writer of human-facing messages. They go to stderr: in `proxy` and `serve` mode,
//! stdout belongs to JSON-RPC.

use std::io::{IsTerminal, Write};

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
            let _ = writeln!(std::io::stderr().lock(), "{msg}");
        }
    }

    /// A warning; suppressed by `--quiet`.
    pub fn warn(&self, msg: impl std::fmt::Display) {
        if !self.quiet {
            let _ = writeln!(std::io::stderr().lock(), "warning: {msg}");
        }
    }

    /// An error; always printed. A `{:#}` anyhow chain prints as "a: b: c".
    pub fn error(&self, msg: impl std::fmt::Display) {
        let _ = writeln!(std::io::stderr().lock(), "error: {msg}");
    }
}

//! What commands print on stdout — a token, JSON, a config file, completions, man pages — goes
//! through here. A reader that went away (`mcp-bridge status --json | head -0`) ends the command
//! quietly: [`StdoutClosed`] travels up like any error and `lib::run` exits 0 without a word,
//! where `println!` would panic. Text is passed through [`crate::secret::redact`] unless it is
//! the secret the user asked for (`mcp-bridge token`).

use std::io::Write;

/// stdout was closed by its reader.
#[derive(Debug, thiserror::Error)]
#[error("stdout was closed")]
pub struct StdoutClosed;

/// Print `text` and a newline, with known secrets hidden.
pub fn println(text: impl std::fmt::Display) -> anyhow::Result<()> {
    let text = format!("{text}\n");
    write(crate::secret::redact(&text).as_bytes())
}

/// Print `text` as it is, with known secrets hidden.
pub fn print(text: &str) -> anyhow::Result<()> {
    write(crate::secret::redact(text).as_bytes())
}

/// Print a secret the user asked for, and a newline.
pub fn println_secret(text: &str) -> anyhow::Result<()> {
    write(format!("{text}\n").as_bytes())
}

/// Write bytes as they are (generated scripts and pages).
pub fn write(bytes: &[u8]) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Err(StdoutClosed.into()),
        Err(e) => Err(anyhow::Error::new(e).context("cannot write to stdout")),
    }
}

//! `tracing` set-up: to stderr or to a log file, never to stdout. Every line passes through
//! [`crate::secret::redact`] on its way out, so a secret that a server echoed into an error
//! never reaches the log; the log file is opened by [`crate::files::open_private_append`].

use std::io::Write;
use std::path::Path;

use tracing_subscriber::EnvFilter;
use tracing_subscriber::fmt::MakeWriter;

use crate::settings::log::LogSettings;

/// Install the global subscriber. `RUST_LOG` wins over `-v`/`-q`/`--debug`.
pub fn init(settings: &LogSettings) -> anyhow::Result<()> {
    let level = settings.level.as_str();
    let directive = if settings.dependencies {
        level.to_owned()
    } else {
        // Dependencies stay quiet unless RUST_LOG asks for them.
        format!("warn,mcp_bridge={level}")
    };
    let filter = EnvFilter::try_from_env("RUST_LOG").unwrap_or_else(|_| EnvFilter::new(directive));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    match &settings.file {
        Some(path) => {
            let file = open_log_file(path)?;
            builder
                .with_ansi(false)
                .with_writer(Redacting(std::sync::Mutex::new(file)))
                .try_init()
        }
        None => builder
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .with_writer(Redacting(std::io::stderr))
            .try_init(),
    }
    .map_err(|e| anyhow::anyhow!("cannot set up logging: {e}"))
}

fn open_log_file(path: &Path) -> anyhow::Result<std::fs::File> {
    crate::files::open_private_append(path, "log file").map_err(anyhow::Error::from)
}

/// A writer maker whose writers hide known secrets. The formatter writes each event with one
/// `write_all`, so a secret is never split between two calls.
struct Redacting<M>(M);

struct RedactingWriter<W>(W);

impl<'a, M: MakeWriter<'a>> MakeWriter<'a> for Redacting<M> {
    type Writer = RedactingWriter<M::Writer>;

    fn make_writer(&'a self) -> Self::Writer {
        RedactingWriter(self.0.make_writer())
    }
}

impl<W: Write> Write for RedactingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let text = String::from_utf8_lossy(buf);
        self.0.write_all(crate::secret::redact(&text).as_bytes())?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.0.flush()
    }
}

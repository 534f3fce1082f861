//! `tracing` set-up: to stderr or to a log file, never to stdout. Every line passes through
//! [`crate::secret::redact`] on its way out, so a secret that a server echoed into an error
//! never reaches the log; the log file is opened by [`crate::files::open_private_append`].

use std::io::Write;
use std::path::Path;

use tracing_subscriber::filter::Targets;
use tracing_subscriber::fmt::MakeWriter;

use crate::settings::env;
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
    use tracing_subscriber::layer::SubscriberExt;
    use tracing_subscriber::util::SubscriberInitExt;
    let filter = filter(env::text(env::RUST_LOG), &directive);
    // The filter decides; the formatter itself lets every level through.
    let builder = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_target(false);
    match &settings.file {
        Some(path) => {
            let file = open_log_file(path)?;
            builder
                .with_ansi(false)
                .with_writer(Redacting(std::sync::Mutex::new(file)))
                .finish()
                .with(filter)
                .try_init()
        }
        None => builder
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .with_writer(Redacting(std::io::stderr))
            .finish()
            .with(filter)
            .try_init(),
    }
    .map_err(|e| anyhow::anyhow!("cannot set up logging: {e}"))
}

/// `RUST_LOG` as `target=level` pairs and a bare default level (`warn,mcp_bridge=debug`),
/// when it is set and reads as such; `directive` otherwise.
fn filter(rust_log: Option<&str>, directive: &str) -> Targets {
    rust_log
        .filter(|v| !v.trim().is_empty())
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| directive.parse().expect("the built-in filter parses"))
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

#[cfg(test)]
mod tests {
    use super::filter;
    use tracing::Level;

    #[test]
    fn rust_log_wins_when_it_reads_as_a_filter() {
        let f = filter(Some("mcp_bridge=trace,hyper=info"), "warn,mcp_bridge=warn");
        assert!(f.would_enable("mcp_bridge::proxy", &Level::TRACE));
        assert!(f.would_enable("hyper::client", &Level::INFO));
        assert!(!f.would_enable("hyper::client", &Level::DEBUG));
        assert!(!f.would_enable("zbus", &Level::ERROR));

        let f = filter(Some("debug"), "warn,mcp_bridge=warn");
        assert!(f.would_enable("reqwest", &Level::DEBUG));

        for unset in [None, Some(""), Some("mcp_bridge=[span]=loud")] {
            let f = filter(unset, "warn,mcp_bridge=info");
            assert!(
                f.would_enable("mcp_bridge::proxy", &Level::INFO),
                "{unset:?}"
            );
            assert!(!f.would_enable("mcp_bridge::proxy", &Level::DEBUG));
            assert!(f.would_enable("reqwest", &Level::WARN));
            assert!(!f.would_enable("reqwest", &Level::INFO));
        }
    }
}

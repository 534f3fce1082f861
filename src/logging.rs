//! `tracing` set-up: to stderr or to a log file, never to stdout. The log file is opened by
//! [`crate::files::open_private_append`].

use std::path::Path;

use tracing_subscriber::EnvFilter;

use crate::cli::GlobalArgs;

/// Install the global subscriber. `RUST_LOG` wins over `-v`/`-q`/`--debug`.
pub fn init(args: &GlobalArgs) -> anyhow::Result<()> {
    let level = if args.quiet {
        "error"
    } else if args.debug {
        "debug"
    } else {
        match args.verbose {
            0 => "warn",
            1 => "info",
            2 => "debug",
            _ => "trace",
        }
    };
    let directive = if args.verbose >= 3 {
        level.to_owned()
    } else {
        // Dependencies stay quiet unless RUST_LOG asks for them.
        format!("warn,mcp_bridge={level}")
    };
    let filter = EnvFilter::try_from_env("RUST_LOG").unwrap_or_else(|_| EnvFilter::new(directive));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    match &args.log_file {
        Some(path) => {
            let file = open_log_file(path)?;
            builder
                .with_ansi(false)
                .with_writer(std::sync::Mutex::new(file))
                .try_init()
        }
        None => builder
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .with_writer(std::io::stderr)
            .try_init(),
    }
    .map_err(|e| anyhow::anyhow!("cannot set up logging: {e}"))
}

fn open_log_file(path: &Path) -> anyhow::Result<std::fs::File> {
    crate::files::open_private_append(path, "log file").map_err(anyhow::Error::from)
}

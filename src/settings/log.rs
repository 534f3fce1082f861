//! What a command logs and where: `-v`/`-q`/`--debug` and `--log-file` (`MCP_BRIDGE_LOG_FILE`),
//! for [`crate::logging::init`]. (`RUST_LOG`, when set, wins over the level.)

use std::path::PathBuf;

use crate::cli::GlobalArgs;

/// How much to log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Level {
    Error,
    Warn,
    Info,
    Debug,
    Trace,
}

impl Level {
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Error => "error",
            Level::Warn => "warn",
            Level::Info => "info",
            Level::Debug => "debug",
            Level::Trace => "trace",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LogSettings {
    pub level: Level,
    /// The level holds for the dependencies too (`-vvv`); otherwise they log warnings only.
    pub dependencies: bool,
    /// Append to this file (mode 0600) instead of stderr.
    pub file: Option<PathBuf>,
}

impl LogSettings {
    pub fn resolve(args: &GlobalArgs) -> LogSettings {
        let level = if args.quiet {
            Level::Error
        } else if args.debug {
            Level::Debug
        } else {
            match args.verbose {
                0 => Level::Warn,
                1 => Level::Info,
                2 => Level::Debug,
                _ => Level::Trace,
            }
        };
        LogSettings {
            level,
            dependencies: args.verbose >= 3,
            file: args.log_file.clone(),
        }
    }
}

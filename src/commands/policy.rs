//! `mcp-bridge policy show [--json]`: which machine policy files were looked for, which
//! apply, and every rule with the file it comes from. Exits 3 when a policy file cannot be
//! used (the bridge would not start), naming it and the problem.

use clap::{Args, Subcommand};

use crate::printer::Printer;

/// Show the machine policy an administrator set, and where it comes from.
///
/// The system file is /etc/mcp-bridge/policy.toml on Linux, /Library/Application
/// Support/mcp-bridge/policy.toml on macOS and %ProgramData%\mcp-bridge\policy.toml on
/// Windows; MCP_BRIDGE_POLICY names one more. Their rules combine to the strictest, and no
/// flag, variable or named server loosens them.
#[derive(Debug, Args)]
pub struct PolicyArgs {
    #[command(subcommand)]
    pub command: PolicyCommand,
}

#[derive(Debug, Subcommand)]
pub enum PolicyCommand {
    /// Print the policy files and their rules.
    #[command(
        after_help = "Examples:\n  mcp-bridge policy show\n  MCP_BRIDGE_POLICY=./strict.toml mcp-bridge policy show --json"
    )]
    Show {
        /// Machine-readable output on stdout.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(args: PolicyArgs, printer: Printer) -> anyhow::Result<()> {
    match args.command {
        PolicyCommand::Show { json } => {
            let policy = crate::policy::load()?;
            if json {
                let v = crate::policy::show::to_json(&policy);
                super::output::println(serde_json::to_string_pretty(&v)?)?;
            } else {
                for line in crate::policy::show::lines(&policy) {
                    printer.info(line);
                }
            }
            Ok(())
        }
    }
}

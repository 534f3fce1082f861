//! `mcp-bridge policy show [--json]`: which machine policy files were looked for, which
//! apply, and every rule with the file it comes from. Exits 3 when a policy file cannot be
//! used (the bridge would not start), naming it and the problem.

use crate::cli::{PolicyArgs, PolicyCommand};
use crate::printer::Printer;

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

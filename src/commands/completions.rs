//! `mcp-bridge completions <shell>` and `mcp-bridge man`: generated from the clap definition.

use std::io::Write;

use clap::CommandFactory;

use crate::cli::Cli;

/// Write the completion script for `shell` to `out`.
pub fn completions(shell: clap_complete::Shell, out: &mut dyn Write) -> anyhow::Result<()> {
    let mut cmd = Cli::command();
    clap_complete::generate(shell, &mut cmd, "mcp-bridge", out);
    Ok(())
}

/// Write the man page (roff) to `out`.
pub fn man(out: &mut dyn Write) -> anyhow::Result<()> {
    let cmd = Cli::command();
    clap_mangen::Man::new(cmd).render(out)?;
    Ok(())
}

//! Flags of `mcp-bridge serve`.

use clap::{Args, Subcommand};

#[derive(Debug, Args)]
pub struct ServeArgs {
    #[command(subcommand)]
    pub catalog: ServeCatalog,
}

#[derive(Debug, Subcommand)]
pub enum ServeCatalog {
    /// The Cisco Meraki Dashboard tools.
    Meraki(MerakiServeArgs),
}

#[derive(Debug, Args)]
pub struct MerakiServeArgs {
    /// Answer every tool from example data built into the binary; needs no key and no network.
    #[arg(long)]
    pub demo: bool,
}

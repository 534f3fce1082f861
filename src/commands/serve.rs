//! `mcp-bridge serve <catalog>`: a local stdio MCP server.

use crate::cli::{ServeArgs, serve::ServeCatalog};

pub async fn run(args: ServeArgs) -> anyhow::Result<()> {
    match args.catalog {
        ServeCatalog::Meraki(_) => {
            anyhow::bail!("`serve meraki` is not available in this build yet")
        }
    }
}

//! Placeholder.
pub async fn run(_args: crate::cli::ProxyArgs) -> anyhow::Result<()> { Ok(()) }

//! Moving credentials from other tools into the bridge's stores. Today: [`mcp_remote`].

pub mod mcp_remote;

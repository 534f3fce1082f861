//! Moving credentials from other tools into the bridge's stores. Today: [`mcp_remote`], with
//! [`launch`] reading how the host configs start it.

pub mod launch;
pub mod mcp_remote;

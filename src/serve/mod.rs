//! A small MCP server over stdio that hosts a [`ToolCatalog`]: `initialize` with version
//! negotiation, `ping`, `tools/list`, `tools/call` with progress and cancellation, results
//! capped in size. It knows nothing about any particular API; `meraki` is one catalog.

mod catalog;
mod protocol;
mod result;
pub mod ruled;
mod server;

pub use catalog::{CallContext, CallError, ServerInfo, ToolCatalog, ToolDef, ToolOutput};
pub use protocol::{SUPPORTED_VERSIONS, Version};
pub use result::render;
pub use server::{ServeOptions, serve};

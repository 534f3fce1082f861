//! Test support: a fake MCP server on 127.0.0.1:0 and a harness that runs the real binary.

pub mod bridge;
pub mod fake_access;
pub mod fake_as;
pub mod fake_modern;
pub mod fake_modern_tools;
pub mod fake_server;
#[cfg(target_os = "linux")]
pub mod memory;
pub mod platform;
pub mod tls;

pub use bridge::{BridgeProc, PROMPTLY, eventually};
pub use fake_server::{FakeServer, Knobs};

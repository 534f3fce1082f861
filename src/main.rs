//! The `mcp-bridge` executable: parse the command line and hand over to the library.

use std::process::ExitCode;

fn main() -> ExitCode {
    mcp_bridge::run()
}

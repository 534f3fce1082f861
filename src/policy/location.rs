//! Where the machine's policy file is: the one platform seam of the policy. Only an
//! administrator can write these places, which is what lets the policy bind the user.
//!
//! | platform | file |
//! |---|---|
//! | Linux and other Unix | `/etc/mcp-bridge/policy.toml` |
//! | macOS | `/Library/Application Support/mcp-bridge/policy.toml` |
//! | Windows | `%ProgramData%\mcp-bridge\policy.toml` |
//!
//! `MCP_BRIDGE_POLICY` names one more file, read after the system one. It can only add
//! rules (the merge keeps the strictest), so it needs no protection: it serves tests and users
//! who restrict themselves.

use std::path::PathBuf;

use crate::settings::env::{self, Var};

/// The variable naming one more policy file.
pub const POLICY_ENV: Var = env::MCP_BRIDGE_POLICY;

/// The system policy file of this platform.
pub fn system_path() -> PathBuf {
    platform_path()
}

#[cfg(target_os = "macos")]
fn platform_path() -> PathBuf {
    PathBuf::from("/Library/Application Support/mcp-bridge/policy.toml")
}

#[cfg(windows)]
fn platform_path() -> PathBuf {
    let base = env::os(env::ProgramData)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(r"C:\ProgramData"));
    base.join("mcp-bridge").join("policy.toml")
}

#[cfg(not(any(target_os = "macos", windows)))]
fn platform_path() -> PathBuf {
    PathBuf::from("/etc/mcp-bridge/policy.toml")
}

/// The extra file named by `MCP_BRIDGE_POLICY`, if any.
pub fn extra_path() -> Option<PathBuf> {
    env::os(POLICY_ENV)
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_system_file_is_absolute_and_named_policy_toml() {
        let p = super::system_path();
        assert!(p.is_absolute(), "{}", p.display());
        assert!(p.ends_with("mcp-bridge/policy.toml") || p.ends_with(r"mcp-bridge\policy.toml"));
    }
}

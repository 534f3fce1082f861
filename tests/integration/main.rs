//! One integration test binary: the real `mcp-bridge` executable against in-process fakes on
//! 127.0.0.1:0.

// A test or example program: its modules' `pub` items serve its own files, and it reports on
// its own stdout and stderr (the bridge's stream rules are for the bridge).
#![allow(unreachable_pub, clippy::print_stdout, clippy::print_stderr)]

mod as_migration;
mod audit;
#[cfg(unix)]
mod browser_launch;
mod cf_access;
mod cli;
mod closed_stdout;
mod credentials;
mod default_store;
mod doctor;
mod eras;
mod eras_modern_host;
mod eras_mrtr;
mod fallback;
mod faults;
// Needs util-linux's `script` for a pseudo-terminal (macOS's `script` takes other options).
#[cfg(target_os = "linux")]
mod feedback;
mod flags;
mod host_config;
mod hostile;
mod import;
mod install_flags;
mod lifecycle;
mod load;
mod login_pasted;
mod named;
mod network;
mod npm_launch;
mod oauth;
mod policy;
#[cfg(unix)]
mod private_files;
mod redaction;
mod relay;
mod remote_flags;
mod renewal;
mod session;
mod sign_in_pending;
mod stdio;
mod support;
mod unruly_json;
mod usage;

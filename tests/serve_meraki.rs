//! Integration tests of `mcp-bridge serve meraki`: the real binary driven over stdio, against a
//! fake Dashboard API on 127.0.0.1 built from the API reference's examples.

// A test or example program: its modules' `pub` items serve its own files, and it reports on
// its own stdout and stderr (the bridge's stream rules are for the bridge).
#![allow(unreachable_pub, clippy::print_stdout, clippy::print_stderr)]

mod serve_meraki {
    pub mod fake_dashboard;
    pub mod harness;

    mod cache;
    mod client;
    mod demo;
    mod generic;
    mod hosts;
    mod ids;
    mod key;
    mod pacing;
    mod protocol;
    mod tools;
}

//! Integration tests of `mcp-bridge serve meraki`: the real binary driven over stdio, against a
//! fake Dashboard API on 127.0.0.1 built from the API reference's examples.

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

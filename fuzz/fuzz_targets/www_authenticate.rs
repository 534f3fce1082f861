//! Fuzz WWW-Authenticate parsing.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mcp_bridge::oauth::challenge::{BearerChallenge, parse};

fuzz_target!(|data: &[u8]| {
    let s = String::from_utf8_lossy(data);
    let _ = parse(&s);
    let _ = BearerChallenge::from_header(&s);
});

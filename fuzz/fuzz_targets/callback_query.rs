//! Fuzz the loopback callback's judgement of the authorization response.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mcp_bridge::oauth::callback::{Expectation, Verdict, classify};

fuzz_target!(|data: &[u8]| {
    let q = String::from_utf8_lossy(data);
    let expect = Expectation { state: "st".into(), issuer: "https://as.test".into(), iss_required: data.len() % 2 == 0 };
    if let Verdict::Code(_) = classify(&q, &expect) {
        // A code is only ever accepted with the right state.
        assert!(q.contains("state=st"));
    }
});

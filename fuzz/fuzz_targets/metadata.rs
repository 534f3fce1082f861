//! Fuzz authorization server metadata validation and the resource metadata match.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mcp_bridge::oauth::browser::check_url;
use mcp_bridge::oauth::discovery::{parse_auth_server, resource_matches};

fuzz_target!(|data: &[u8]| {
    let server = url::Url::parse("https://mcp.example.com/mcp").unwrap();
    if let Ok(doc) = serde_json::from_slice::<serde_json::Value>(data) {
        if let Ok(meta) = parse_auth_server(doc.clone()) {
            // Whatever is accepted is safe to open and offers S256.
            assert!(check_url(meta.authorization_endpoint.as_str()).is_ok());
            assert!(meta.code_challenge_methods.iter().any(|m| m == "S256"));
        }
        if let Some(r) = doc["resource"].as_str() {
            let _ = resource_matches(&server, r);
        }
    }
    let _ = resource_matches(&server, &String::from_utf8_lossy(data));
});

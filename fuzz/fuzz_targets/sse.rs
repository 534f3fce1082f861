//! Fuzz the SSE parser, fed in chunks whose sizes come from the input itself.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mcp_bridge::transport::sse::SseParser;

fuzz_target!(|data: &[u8]| {
    let Some((&step, rest)) = data.split_first() else { return };
    let step = usize::from(step % 16) + 1;
    let mut parser = SseParser::new(4096);
    for chunk in rest.chunks(step) {
        if parser.feed(chunk).is_err() {
            return;
        }
        while let Some(ev) = parser.next_event() {
            assert!(ev.data.len() <= 4096);
        }
    }
});

//! Fuzz the stdin side: newline framing (size cap, CRLF, BOM) and the JSON-RPC envelope.
#![no_main]
use libfuzzer_sys::fuzz_target;
use mcp_bridge::jsonrpc::{LineReader, Message};

fuzz_target!(|data: &[u8]| {
    let rt = tokio::runtime::Builder::new_current_thread().build().unwrap();
    rt.block_on(async {
        let mut reader = LineReader::new(tokio::io::BufReader::with_capacity(7, data), 64);
        while let Some(line) = reader.next_line().await {
            if let Ok(line) = line
                && let Ok(m) = Message::parse(line)
            {
                assert!(!m.bytes().contains(&b'\n'), "a message must fit on one line");
                if let Some(items) = m.batch_items() {
                    let ok: Vec<Message> = items.into_iter().flatten().collect();
                    if !ok.is_empty() {
                        let _ = Message::batch(&ok);
                    }
                }
            }
        }
    });
});

//! An incremental parser for `text/event-stream` (the WHATWG rules that MCP uses): `event`,
//! `data` (multi-line), `id`, `retry`, comments, and any of CR, LF or CRLF as line ends. It is
//! fed bytes as they arrive and caps the size of one event.

/// One dispatched event. `data` may be empty (MCP servers send "priming" events that carry
/// only an `id`); such events still move the last event id.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SseEvent {
    pub event: Option<String>,
    pub data: String,
    pub id: Option<String>,
    pub retry: Option<u64>,
}

/// The event (or one of its lines) is larger than the cap.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("server-sent event larger than {limit} bytes")]
pub struct EventTooLarge {
    pub limit: usize,
}

/// Feed bytes with [`SseParser::feed`]; take complete events with [`SseParser::next_event`].
#[derive(Debug)]
pub struct SseParser {
    limit: usize,
    line: Vec<u8>,
    /// The previous chunk ended in CR: a following LF belongs to it.
    after_cr: bool,
    event: Option<String>,
    data: String,
    has_data: bool,
    id: Option<String>,
    retry: Option<u64>,
    ready: std::collections::VecDeque<SseEvent>,
}

impl SseParser {
    pub fn new(limit: usize) -> Self {
        SseParser {
            limit,
            line: Vec::new(),
            after_cr: false,
            event: None,
            data: String::new(),
            has_data: false,
            id: None,
            retry: None,
            ready: Default::default(),
        }
    }

    /// Consume a chunk of the stream.
    pub fn feed(&mut self, mut chunk: &[u8]) -> Result<(), EventTooLarge> {
        if self.after_cr && chunk.first() == Some(&b'\n') {
            chunk = &chunk[1..];
        }
        self.after_cr = false;
        while let Some(i) = chunk.iter().position(|&b| b == b'\n' || b == b'\r') {
            self.push_line_part(&chunk[..i])?;
            let line = std::mem::take(&mut self.line);
            self.process_line(line)?;
            let crlf = chunk[i] == b'\r' && chunk.get(i + 1) == Some(&b'\n');
            if chunk[i] == b'\r' && i + 1 == chunk.len() {
                self.after_cr = true;
            }
            chunk = &chunk[i + if crlf { 2 } else { 1 }..];
        }
        self.push_line_part(chunk)
    }

    /// The next complete event, if any.
    pub fn next_event(&mut self) -> Option<SseEvent> {
        self.ready.pop_front()
    }

    fn push_line_part(&mut self, part: &[u8]) -> Result<(), EventTooLarge> {
        if self.line.len() + part.len() + self.data.len() > self.limit {
            self.line.clear();
            return Err(EventTooLarge { limit: self.limit });
        }
        self.line.extend_from_slice(part);
        Ok(())
    }

    fn process_line(&mut self, mut line: Vec<u8>) -> Result<(), EventTooLarge> {
        if line.is_empty() {
            self.dispatch();
            return Ok(());
        }
        if line[0] == b':' {
            return Ok(());
        }
        // The first data line of an event becomes its data in place: a message as large as
        // the cap is held once, not twice.
        if !self.has_data && line.starts_with(b"data:") {
            let start = if line.get(5) == Some(&b' ') { 6 } else { 5 };
            line.drain(..start);
            self.data = String::from_utf8(line)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
            self.has_data = true;
            return Ok(());
        }
        let line = &line[..];
        let (name, value) = match line.iter().position(|&b| b == b':') {
            Some(i) => {
                let v = &line[i + 1..];
                (&line[..i], v.strip_prefix(b" ").unwrap_or(v))
            }
            None => (line, &b""[..]),
        };
        let value = String::from_utf8_lossy(value);
        match name {
            b"event" => self.event = Some(value.into_owned()),
            b"data" => {
                if self.has_data {
                    self.data.push('\n');
                }
                self.data.push_str(&value);
                self.has_data = true;
                if self.data.len() > self.limit {
                    self.data.clear();
                    self.has_data = false;
                    return Err(EventTooLarge { limit: self.limit });
                }
            }
            b"id" if !value.contains('\0') => self.id = Some(value.into_owned()),
            b"retry" if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) => {
                self.retry = value.parse().ok();
            }
            _ => {}
        }
        Ok(())
    }

    fn dispatch(&mut self) {
        if !self.has_data && self.id.is_none() && self.retry.is_none() && self.event.is_none() {
            return;
        }
        self.ready.push_back(SseEvent {
            event: self.event.take(),
            data: std::mem::take(&mut self.data),
            id: self.id.take(),
            retry: self.retry.take(),
        });
        self.has_data = false;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_all(chunks: &[&[u8]]) -> Vec<SseEvent> {
        let mut p = SseParser::new(1 << 20);
        let mut out = Vec::new();
        for c in chunks {
            p.feed(c).unwrap();
            while let Some(e) = p.next_event() {
                out.push(e);
            }
        }
        out
    }

    #[test]
    fn parses_fields_and_multiline_data() {
        let ev = parse_all(&[b"event: message\nid: 7\nretry: 500\ndata: {\"a\":\ndata: 1}\n\n"]);
        assert_eq!(ev.len(), 1);
        assert_eq!(ev[0].event.as_deref(), Some("message"));
        assert_eq!(ev[0].data, "{\"a\":\n1}");
        assert_eq!((ev[0].id.as_deref(), ev[0].retry), (Some("7"), Some(500)));
    }

    #[test]
    fn handles_cr_crlf_split_chunks_comments_and_priming() {
        let ev = parse_all(&[
            b": hi\r",
            b"\nid: p1\r\ndata:\r\n\r",
            b"\ndata: x\rdata: y\r\r",
        ]);
        assert_eq!(ev.len(), 2);
        assert_eq!((ev[0].id.as_deref(), ev[0].data.as_str()), (Some("p1"), ""));
        assert_eq!(ev[1].data, "x\ny");
    }

    #[test]
    fn caps_event_size() {
        let mut p = SseParser::new(8);
        assert!(p.feed(b"data: 0123456789\n\n").is_err());
        let mut p = SseParser::new(8);
        assert!(p.feed(b"data: 01234\ndata: 56789\n").is_err());
    }

    #[test]
    fn bad_retry_and_unknown_fields_are_ignored() {
        let ev = parse_all(&[b"retry: 5x\nfoo: bar\ndata: d\n\n"]);
        assert_eq!((ev[0].retry, ev[0].data.as_str()), (None, "d"));
    }
}

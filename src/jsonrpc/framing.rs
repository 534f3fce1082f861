//! Newline-delimited framing for stdin: one JSON-RPC message per line, CRLF and a leading
//! UTF-8 byte order mark tolerated, blank lines skipped, and a size cap so that one endless
//! line cannot exhaust memory. An oversized line is reported and skipped; reading goes on.

use tokio::io::{AsyncBufRead, AsyncBufReadExt};

/// A line that could not be delivered.
#[derive(Debug, thiserror::Error)]
pub enum FrameError {
    #[error("message of more than {limit} bytes skipped (see --max-message-size)")]
    TooLong { limit: usize },
    #[error("reading stdin: {0}")]
    Io(#[from] std::io::Error),
}

/// Reads lines of at most `limit` bytes from a buffered reader.
pub struct LineReader<R> {
    inner: R,
    limit: usize,
    line: Vec<u8>,
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

impl<R: AsyncBufRead + Unpin> LineReader<R> {
    pub fn new(inner: R, limit: usize) -> Self {
        LineReader {
            inner,
            limit,
            line: Vec::new(),
        }
    }

    /// The next non-blank line without its terminator, `None` at end of input.
    pub async fn next_line(&mut self) -> Option<Result<Vec<u8>, FrameError>> {
        loop {
            match self.read_raw_line().await {
                Ok(None) => return None,
                Ok(Some(mut line)) => {
                    if line.last() == Some(&b'\r') {
                        line.pop();
                    }
                    if line.starts_with(BOM) {
                        line.drain(..BOM.len());
                    }
                    if line.iter().all(u8::is_ascii_whitespace) {
                        continue;
                    }
                    return Some(Ok(line));
                }
                Err(e) => return Some(Err(e)),
            }
        }
    }

    async fn read_raw_line(&mut self) -> Result<Option<Vec<u8>>, FrameError> {
        let mut too_long = false;
        loop {
            let buf = self.inner.fill_buf().await?;
            if buf.is_empty() {
                if too_long {
                    return Err(FrameError::TooLong { limit: self.limit });
                }
                if self.line.is_empty() {
                    return Ok(None);
                }
                return Ok(Some(std::mem::take(&mut self.line)));
            }
            let (chunk, found, used) = match buf.iter().position(|&b| b == b'\n') {
                Some(i) => (&buf[..i], true, i + 1),
                None => (buf, false, buf.len()),
            };
            if !too_long {
                if self.line.len() + chunk.len() > self.limit {
                    too_long = true;
                    self.line = Vec::new();
                } else {
                    self.line.extend_from_slice(chunk);
                }
            }
            self.inner.consume(used);
            if found {
                if too_long {
                    return Err(FrameError::TooLong { limit: self.limit });
                }
                return Ok(Some(std::mem::take(&mut self.line)));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    async fn lines(input: &[u8], limit: usize) -> Vec<Result<String, String>> {
        let mut r = LineReader::new(tokio::io::BufReader::with_capacity(4, input), limit);
        let mut out = Vec::new();
        while let Some(l) = r.next_line().await {
            out.push(
                l.map(|b| String::from_utf8(b).unwrap())
                    .map_err(|e| e.to_string()),
            );
        }
        out
    }

    #[tokio::test]
    async fn splits_lines_with_crlf_bom_and_blanks() {
        let got = lines(b"\xEF\xBB\xBF{\"a\":1}\r\n\n  \n{\"b\":2}\n{\"c\":3}", 100).await;
        assert_eq!(
            got,
            vec![
                Ok("{\"a\":1}".into()),
                Ok("{\"b\":2}".into()),
                Ok("{\"c\":3}".into())
            ]
        );
    }

    #[tokio::test]
    async fn oversized_line_is_skipped_and_reading_goes_on() {
        let got = lines(b"0123456789abcdef\nok\n0123456789abcdef", 8).await;
        assert_eq!(got.len(), 3);
        assert!(got[0].as_ref().unwrap_err().contains("more than 8 bytes"));
        assert_eq!(got[1], Ok("ok".into()));
        assert!(got[2].is_err());
    }
}

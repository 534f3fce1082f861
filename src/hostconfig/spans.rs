//! Where things sit in a JSONC text: for every object, the byte offsets of its braces and of
//! each member's key, value and following comma, with comments and trailing commas allowed.
//! [`super::edit`] uses the offsets to change one member and leave every other byte as it was.
//! The text has already been checked as JSON(C) by [`super::parse`]; a text this reader cannot
//! follow is reported, never guessed at.

/// An object: `{` at `open`, `}` at `close`, its members in order.
#[derive(Debug, Clone)]
pub struct Object {
    pub open: usize,
    pub close: usize,
    pub members: Vec<Member>,
}

/// One `"key": value` of an object.
#[derive(Debug, Clone)]
pub struct Member {
    /// The key, unescaped.
    pub key: String,
    /// Offset of the key's opening quote.
    pub key_start: usize,
    /// The value's text is `value_start..value_end`.
    pub value_start: usize,
    pub value_end: usize,
    /// Offset of the comma after the value, if there is one.
    pub comma: Option<usize>,
    /// The value, when it is an object.
    pub object: Option<Object>,
}

impl Object {
    pub fn member(&self, key: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.key == key)
    }
}

/// The text could not be followed at this offset.
#[derive(Debug)]
pub struct SpanError(pub usize);

/// The top-level object of `text` (a leading byte order mark is skipped).
pub fn root(text: &str) -> Result<Object, SpanError> {
    let mut r = Reader {
        b: text.as_bytes(),
        pos: 0,
    };
    if text.starts_with('\u{feff}') {
        r.pos = '\u{feff}'.len_utf8();
    }
    r.skip();
    let obj = r.object()?;
    r.skip();
    if r.pos != r.b.len() {
        return Err(SpanError(r.pos));
    }
    Ok(obj)
}

struct Reader<'a> {
    b: &'a [u8],
    pos: usize,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.pos).copied()
    }

    /// Skip whitespace and comments.
    fn skip(&mut self) {
        loop {
            match (self.peek(), self.b.get(self.pos + 1)) {
                (Some(b' ' | b'\t' | b'\n' | b'\r'), _) => self.pos += 1,
                (Some(b'/'), Some(b'/')) => {
                    while self.peek().is_some_and(|c| c != b'\n') {
                        self.pos += 1;
                    }
                }
                (Some(b'/'), Some(b'*')) => {
                    self.pos += 2;
                    while self.pos < self.b.len()
                        && !(self.b[self.pos] == b'*' && self.b.get(self.pos + 1) == Some(&b'/'))
                    {
                        self.pos += 1;
                    }
                    self.pos = (self.pos + 2).min(self.b.len());
                }
                _ => return,
            }
        }
    }

    fn expect(&mut self, c: u8) -> Result<(), SpanError> {
        if self.peek() == Some(c) {
            self.pos += 1;
            Ok(())
        } else {
            Err(SpanError(self.pos))
        }
    }

    fn object(&mut self) -> Result<Object, SpanError> {
        let open = self.pos;
        self.expect(b'{')?;
        let mut members = Vec::new();
        loop {
            self.skip();
            if self.peek() == Some(b'}') {
                let close = self.pos;
                self.pos += 1;
                return Ok(Object {
                    open,
                    close,
                    members,
                });
            }
            let key_start = self.pos;
            self.string()?;
            let raw = std::str::from_utf8(&self.b[key_start..self.pos])
                .map_err(|_| SpanError(key_start))?;
            let key: String = serde_json::from_str(raw).map_err(|_| SpanError(key_start))?;
            self.skip();
            self.expect(b':')?;
            self.skip();
            let value_start = self.pos;
            let object = self.value()?;
            let value_end = self.pos;
            self.skip();
            let comma = (self.peek() == Some(b',')).then_some(self.pos);
            members.push(Member {
                key,
                key_start,
                value_start,
                value_end,
                comma,
                object,
            });
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {}
                _ => return Err(SpanError(self.pos)),
            }
        }
    }

    /// A value; the object it is, if it is one.
    fn value(&mut self) -> Result<Option<Object>, SpanError> {
        match self.peek() {
            Some(b'{') => self.object().map(Some),
            Some(b'[') => {
                self.pos += 1;
                loop {
                    self.skip();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        return Ok(None);
                    }
                    self.value()?;
                    self.skip();
                    match self.peek() {
                        Some(b',') => self.pos += 1,
                        Some(b']') => {}
                        _ => return Err(SpanError(self.pos)),
                    }
                }
            }
            Some(b'"') => self.string().map(|()| None),
            Some(c) if c == b'-' || c.is_ascii_alphanumeric() => {
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || b"+-.".contains(&c))
                {
                    self.pos += 1;
                }
                Ok(None)
            }
            _ => Err(SpanError(self.pos)),
        }
    }

    fn string(&mut self) -> Result<(), SpanError> {
        self.expect(b'"')?;
        while let Some(c) = self.peek() {
            self.pos += 1;
            match c {
                b'\\' => self.pos += 1,
                b'"' => return Ok(()),
                _ => {}
            }
        }
        Err(SpanError(self.pos))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_keys_values_and_commas_are_located() {
        let text = "\u{feff}{\n  // servers\n  \"mcpServers\": {\"a\": {\"command\": \"x\", \"args\": [1, {\"b\": 2},],}, /* c */ \"q\\\"\": null},\n  \"n\": -1.5e3,\n}\n";
        let root = root(text).unwrap();
        assert_eq!(root.members.len(), 2);
        let servers = root.member("mcpServers").unwrap();
        assert!(servers.comma.is_some());
        let inner = servers.object.as_ref().unwrap();
        assert_eq!(
            inner
                .members
                .iter()
                .map(|m| m.key.as_str())
                .collect::<Vec<_>>(),
            ["a", "q\""]
        );
        let a = inner.member("a").unwrap();
        assert_eq!(
            &text[a.value_start..a.value_end],
            "{\"command\": \"x\", \"args\": [1, {\"b\": 2},],}"
        );
        let args = a.object.as_ref().unwrap().member("args").unwrap();
        assert_eq!(&text[args.value_start..args.value_end], "[1, {\"b\": 2},]");
        let n = root.member("n").unwrap();
        assert_eq!(&text[n.value_start..n.value_end], "-1.5e3");
        assert_eq!(n.comma.map(|c| &text[c..=c]), Some(","));
        assert_eq!(&text[root.close..=root.close], "}");
    }

    #[test]
    fn texts_it_cannot_follow_are_reported() {
        for bad in [
            "[1]",
            "{\"a\" 1}",
            "{\"a\": }",
            "{\"a\": 1} x",
            "{\"a\": \"open",
        ] {
            assert!(root(bad).is_err(), "{bad}");
        }
    }
}

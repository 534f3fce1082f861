//! The JSON-RPC envelope. A [`Message`] keeps the original bytes (made single-line) and a
//! small parsed head: the kind, the id as raw JSON text, and the method. Nothing else is
//! interpreted, so unknown methods and fields pass through unchanged.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::value::RawValue;

/// JSON-RPC and MCP error codes the bridge produces.
pub mod error_codes {
    pub const PARSE_ERROR: i64 = -32700;
    pub const INVALID_REQUEST: i64 = -32600;
    pub const METHOD_NOT_FOUND: i64 = -32601;
    pub const INVALID_PARAMS: i64 = -32602;
    pub const INTERNAL_ERROR: i64 = -32603;
    /// Implementation-defined server error: the remote server could not be reached or failed.
    pub const REMOTE_ERROR: i64 = -32000;
    /// The request was cut off because the connection or stream to the server broke.
    pub const CONNECTION_CLOSED: i64 = -32001;
}

/// What a message is, by the JSON-RPC rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Request,
    Notification,
    Response,
    Batch,
}

/// A JSON-RPC id, kept as its JSON text (`1`, `"abc"`) so it is compared and echoed exactly.
#[derive(Clone, PartialEq, Eq, Hash)]
pub struct Id(Box<str>);

impl Id {
    /// The id's JSON text.
    pub fn as_json(&self) -> &str {
        &self.0
    }

    /// A string id (for the bridge's own requests).
    pub fn string(s: &str) -> Id {
        Id(serde_json::to_string(s)
            .expect("a string serializes")
            .into())
    }

    fn from_raw(raw: &RawValue) -> Id {
        Id(raw.get().into())
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why bytes are not a JSON-RPC message.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum ParseError {
    #[error("not valid JSON: {0}")]
    Json(String),
    #[error("not a JSON-RPC message: {0}")]
    Invalid(&'static str),
}

impl ParseError {
    /// The JSON-RPC error code to answer with.
    pub fn code(&self) -> i64 {
        match self {
            ParseError::Json(_) => error_codes::PARSE_ERROR,
            ParseError::Invalid(_) => error_codes::INVALID_REQUEST,
        }
    }
}

/// One JSON-RPC message (or batch) on its way through the bridge.
#[derive(Clone)]
pub struct Message {
    raw: Bytes,
    kind: Kind,
    id: Option<Id>,
    method: Option<Box<str>>,
}

#[derive(Deserialize)]
struct Head<'a> {
    #[serde(borrow)]
    id: Option<&'a RawValue>,
    #[serde(borrow)]
    method: Option<Cow<'a, str>>,
    result: Option<IgnoredAny>,
    error: Option<IgnoredAny>,
}

impl Message {
    /// Parse one message or batch. The bytes are validated as JSON; newlines between tokens
    /// (legal JSON whitespace, never inside strings) are removed so the message fits one line.
    pub fn parse(bytes: impl Into<Bytes>) -> Result<Message, ParseError> {
        let mut raw: Bytes = bytes.into();
        let first = raw.iter().find(|b| !b.is_ascii_whitespace()).copied();
        let (kind, id, method) = if first == Some(b'[') {
            let items: Vec<&RawValue> =
                serde_json::from_slice(&raw).map_err(|e| ParseError::Json(e.to_string()))?;
            if items.is_empty() {
                return Err(ParseError::Invalid("empty batch"));
            }
            (Kind::Batch, None, None)
        } else {
            let head: Head<'_> = serde_json::from_slice(&raw).map_err(|e| {
                if e.is_data() {
                    ParseError::Invalid("expected a JSON object or array")
                } else {
                    ParseError::Json(e.to_string())
                }
            })?;
            let id = head.id.filter(|r| r.get() != "null").map(Id::from_raw);
            let method = head.method.map(|m| Box::<str>::from(m.as_ref()));
            let kind = match (&method, &id) {
                (Some(_), Some(_)) => Kind::Request,
                (Some(_), None) => Kind::Notification,
                (None, _) if head.result.is_some() || head.error.is_some() => Kind::Response,
                (None, _) => return Err(ParseError::Invalid("no method, result or error")),
            };
            (kind, id, method)
        };
        if raw.iter().any(|&b| b == b'\n' || b == b'\r') {
            raw = raw
                .iter()
                .copied()
                .filter(|&b| b != b'\n' && b != b'\r')
                .collect::<Vec<u8>>()
                .into();
        }
        Ok(Message {
            raw,
            kind,
            id,
            method,
        })
    }

    /// Build a message from a JSON value (serialized compactly).
    pub fn from_value(value: &serde_json::Value) -> Result<Message, ParseError> {
        Message::parse(serde_json::to_vec(value).expect("a Value serializes"))
    }

    /// A JSON-RPC error response.
    pub fn error_response(
        id: Option<&Id>,
        code: i64,
        message: &str,
        data: Option<serde_json::Value>,
    ) -> Message {
        let id: serde_json::Value = match id {
            Some(id) => serde_json::from_str(id.as_json()).expect("an id is JSON"),
            None => serde_json::Value::Null,
        };
        // The bridge's own errors may quote a server: known secrets are hidden.
        let message = crate::secret::redact(message);
        let mut error = serde_json::json!({ "code": code, "message": message });
        if let Some(data) = data {
            error["data"] = data;
        }
        let v = serde_json::json!({ "jsonrpc": "2.0", "id": id, "error": error });
        Message::from_value(&v).expect("an error response is a message")
    }

    /// A request the bridge makes on its own behalf.
    pub fn request(id: &Id, method: &str, params: Option<serde_json::Value>) -> Message {
        let id: serde_json::Value = serde_json::from_str(id.as_json()).expect("an id is JSON");
        let mut v = serde_json::json!({ "jsonrpc": "2.0", "id": id, "method": method });
        if let Some(p) = params {
            v["params"] = p;
        }
        Message::from_value(&v).expect("a request is a message")
    }

    pub fn kind(&self) -> Kind {
        self.kind
    }

    pub fn id(&self) -> Option<&Id> {
        self.id.as_ref()
    }

    pub fn method(&self) -> Option<&str> {
        self.method.as_deref()
    }

    /// The single-line JSON bytes.
    pub fn bytes(&self) -> &Bytes {
        &self.raw
    }

    /// The whole message as a JSON value (for the few messages the bridge must look into).
    pub fn to_value(&self) -> serde_json::Value {
        serde_json::from_slice(&self.raw).expect("a message is valid JSON")
    }

    /// The members of a batch, each parsed; `None` if this is not a batch. Members that are
    /// not JSON-RPC messages are returned as errors in their place.
    pub fn batch_items(&self) -> Option<Vec<Result<Message, ParseError>>> {
        if self.kind != Kind::Batch {
            return None;
        }
        let items: Vec<&RawValue> = serde_json::from_slice(&self.raw).ok()?;
        Some(
            items
                .into_iter()
                .map(|r| Message::parse(Bytes::copy_from_slice(r.get().as_bytes())))
                .collect(),
        )
    }

    /// Join messages into one batch message.
    pub fn batch(items: &[Message]) -> Message {
        let mut out = Vec::with_capacity(items.iter().map(|m| m.raw.len() + 1).sum::<usize>() + 2);
        out.push(b'[');
        for (i, m) in items.iter().enumerate() {
            if i > 0 {
                out.push(b',');
            }
            out.extend_from_slice(&m.raw);
        }
        out.push(b']');
        Message::parse(out).expect("a batch of messages is a message")
    }
}

impl fmt::Debug for Message {
    /// Only the head: message bodies may carry secrets or large payloads.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Message")
            .field("kind", &self.kind)
            .field("id", &self.id)
            .field("method", &self.method)
            .field("len", &self.raw.len())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_messages() {
        let m = Message::parse(&br#"{"jsonrpc":"2.0","id":7,"method":"tools/list"}"#[..]).unwrap();
        assert_eq!(
            (m.kind(), m.id().unwrap().as_json(), m.method()),
            (Kind::Request, "7", Some("tools/list"))
        );
        let n = Message::parse(&br#"{"jsonrpc":"2.0","method":"notifications/initialized"}"#[..])
            .unwrap();
        assert_eq!(n.kind(), Kind::Notification);
        let r = Message::parse(&br#"{"jsonrpc":"2.0","id":"a","result":{}}"#[..]).unwrap();
        assert_eq!(
            (r.kind(), r.id().unwrap().as_json()),
            (Kind::Response, r#""a""#)
        );
        let e =
            Message::parse(&br#"{"jsonrpc":"2.0","id":null,"error":{"code":1,"message":"x"}}"#[..])
                .unwrap();
        assert_eq!((e.kind(), e.id()), (Kind::Response, None));
    }

    #[test]
    fn rejects_non_messages() {
        assert!(matches!(
            Message::parse(&b"{nope"[..]),
            Err(ParseError::Json(_))
        ));
        assert_eq!(
            Message::parse(&b"42"[..]).unwrap_err().code(),
            error_codes::INVALID_REQUEST
        );
        assert_eq!(
            Message::parse(&b"{}"[..]).unwrap_err().code(),
            error_codes::INVALID_REQUEST
        );
        assert_eq!(
            Message::parse(&b"[]"[..]).unwrap_err().code(),
            error_codes::INVALID_REQUEST
        );
    }

    #[test]
    fn keeps_unknown_fields_and_removes_newlines() {
        let m = Message::parse(
            &b"{\"jsonrpc\":\"2.0\",\n \"method\":\"x/y\",\r\n\"zz\":{\"a\":\"b\\nc\"}}"[..],
        )
        .unwrap();
        assert_eq!(
            m.bytes().as_ref(),
            br#"{"jsonrpc":"2.0", "method":"x/y","zz":{"a":"b\nc"}}"#
        );
    }

    #[test]
    fn batches_split_and_join() {
        let b = Message::parse(
            &br#"[{"jsonrpc":"2.0","id":1,"method":"a"},{"jsonrpc":"2.0","method":"n"},3]"#[..],
        )
        .unwrap();
        assert_eq!(b.kind(), Kind::Batch);
        let items = b.batch_items().unwrap();
        assert_eq!(items.len(), 3);
        assert_eq!(items[0].as_ref().unwrap().kind(), Kind::Request);
        assert!(items[2].is_err());
        let joined = Message::batch(&[items[0].clone().unwrap(), items[1].clone().unwrap()]);
        assert_eq!(joined.batch_items().unwrap().len(), 2);
    }

    #[test]
    fn error_response_echoes_the_id() {
        let id = Id::string("x-1");
        let e = Message::error_response(Some(&id), -32000, "down", None);
        assert_eq!(e.to_value()["id"], "x-1");
        assert_eq!(e.to_value()["error"]["code"], -32000);
    }
}

//! The JSON-RPC envelope. A [`Message`] keeps the original bytes (made single-line) and a
//! small parsed head: the kind, the id as raw JSON text, and the method. Nothing else is
//! interpreted, so unknown methods and fields pass through unchanged.

use std::borrow::Cow;
use std::fmt;

use bytes::Bytes;
use serde::Deserialize;
use serde::de::IgnoredAny;
use serde_json::value::RawValue;

use super::budget::Charge;
use super::raw;
use std::sync::{Arc, Mutex};

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
        let mut text = String::new();
        raw::push_string(&mut text, s);
        Id(text.into())
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
    #[error("the message nests more than 128 levels deep, too deep for the bridge to rewrite")]
    TooDeep,
}

impl ParseError {
    /// The JSON-RPC error code to answer with.
    pub fn code(&self) -> i64 {
        match self {
            ParseError::Json(_) => error_codes::PARSE_ERROR,
            ParseError::Invalid(_) | ParseError::TooDeep => error_codes::INVALID_REQUEST,
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
    /// The bytes this message holds in a [`super::ByteBudget`], shared by its copies; they
    /// are given back when the last copy is dropped, or earlier by [`Message::release`].
    charge: Option<Arc<Mutex<Option<Charge>>>>,
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
            charge: None,
        })
    }

    /// Build a message from a JSON value (serialized compactly).
    pub fn from_value(value: &serde_json::Value) -> Result<Message, ParseError> {
        let bytes = serde_json::to_vec(value).map_err(|e| ParseError::Json(e.to_string()))?;
        Message::parse(bytes)
    }

    /// A JSON-RPC error response. The id is echoed as the host wrote it, whatever its form.
    pub fn error_response(
        id: Option<&Id>,
        code: i64,
        message: &str,
        data: Option<serde_json::Value>,
    ) -> Message {
        // The bridge's own errors may quote a server: known secrets are hidden.
        let message = crate::secret::redact(message);
        let mut error = serde_json::json!({ "code": code, "message": message });
        if let Some(data) = data {
            error["data"] = data;
        }
        Message::response(id, "error", &error.to_string())
    }

    /// A JSON-RPC success response carrying `result`, echoing the id as written.
    pub fn result_response(id: Option<&Id>, result: &serde_json::Value) -> Message {
        Message::response(id, "result", &result.to_string())
    }

    fn response(id: Option<&Id>, member: &str, body: &str) -> Message {
        let id_text = id.map_or("null", Id::as_json);
        let raw = format!(r#"{{"jsonrpc":"2.0","id":{id_text},"{member}":{body}}}"#);
        Message {
            raw: Bytes::from(raw),
            kind: Kind::Response,
            id: id.cloned(),
            method: None,
            charge: None,
        }
    }

    /// A request the bridge makes on its own behalf.
    pub fn request(id: &Id, method: &str, params: Option<serde_json::Value>) -> Message {
        let mut raw = format!(r#"{{"jsonrpc":"2.0","id":{},"method":"#, id.as_json());
        raw::push_string(&mut raw, method);
        if let Some(p) = params {
            raw.push_str(r#","params":"#);
            raw.push_str(&p.to_string());
        }
        raw.push('}');
        Message {
            raw: Bytes::from(raw),
            kind: Kind::Request,
            id: Some(id.clone()),
            method: Some(method.into()),
            charge: None,
        }
    }

    /// A notification the bridge sends, without params.
    pub fn notification(method: &str) -> Message {
        let mut raw = String::from(r#"{"jsonrpc":"2.0","method":"#);
        raw::push_string(&mut raw, method);
        raw.push('}');
        Message {
            raw: Bytes::from(raw),
            kind: Kind::Notification,
            id: None,
            method: Some(method.into()),
            charge: None,
        }
    }

    /// This request again under another id, every other member as written.
    pub fn with_id(&self, id: &Id) -> Option<Message> {
        let text = raw::replace_member(self.text(), "id", id.as_json())?;
        Some(Message {
            raw: Bytes::from(text),
            kind: self.kind,
            id: Some(id.clone()),
            method: self.method.clone(),
            charge: None,
        })
    }

    /// This message, holding `charge` until its last copy is dropped.
    pub fn charged(mut self, charge: Charge) -> Message {
        self.charge = Some(Arc::new(Mutex::new(Some(charge))));
        self
    }

    /// Give the message's bytes back to its budget now (the message has been sent on, and
    /// what is left of it is about to go), for every copy.
    pub fn release(&self) {
        if let Some(c) = &self.charge {
            c.lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner)
                .take();
        }
    }

    /// Whether the message holds bytes of a budget.
    pub fn is_charged(&self) -> bool {
        self.charge.is_some()
    }

    /// A copy that holds no budget (for a message kept beyond its trip, such as the host's
    /// `initialize` remembered for a replay).
    pub fn uncharged(&self) -> Message {
        Message {
            charge: None,
            ..self.clone()
        }
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

    /// The message as text (it was validated as JSON, so it is UTF-8).
    pub fn text(&self) -> &str {
        std::str::from_utf8(&self.raw).unwrap_or_default()
    }

    /// The whole message as a JSON value, for the messages the bridge must rewrite. Any
    /// number fits (serde_json's `arbitrary_precision`); nesting deeper than serde_json's
    /// recursion limit (128) is refused, since a `Value` that deep would be dropped, cloned
    /// and serialized by recursion. Prefer [`Message::field`] to read a part.
    pub fn to_value(&self) -> Result<serde_json::Value, ParseError> {
        serde_json::from_slice(&self.raw).map_err(|e| {
            if e.to_string().starts_with("recursion limit") {
                ParseError::TooDeep
            } else {
                ParseError::Json(e.to_string())
            }
        })
    }

    /// The JSON text at `path` (object keys from the top), read at any depth.
    pub fn field(&self, path: &[&str]) -> Option<&RawValue> {
        raw::member(self.text(), path)
    }

    /// The value at `path`, when it is one the bridge can hold (see [`Message::to_value`]).
    pub fn value_at(&self, path: &[&str]) -> Option<serde_json::Value> {
        serde_json::from_str(self.field(path)?.get()).ok()
    }

    /// The string at `path`, if there is one.
    pub fn str_at(&self, path: &[&str]) -> Option<String> {
        serde_json::from_str(self.field(path)?.get()).ok()
    }

    /// Whether the message has a member at `path`.
    pub fn has(&self, path: &[&str]) -> bool {
        self.field(path).is_some()
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
        Message {
            raw: out.into(),
            kind: Kind::Batch,
            id: None,
            method: None,
            charge: None,
        }
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
        let v = e.to_value().unwrap();
        assert_eq!(v["id"], "x-1");
        assert_eq!(v["error"]["code"], -32000);
    }

    #[test]
    fn unruly_values_are_answered_and_rewritten_without_panic() {
        let deep = format!("{}{}", "[".repeat(500), "]".repeat(500));
        for id in ["1e400", "-0.0e-999", deep.as_str()] {
            let text = format!(r#"{{"jsonrpc":"2.0","id":{id},"method":"m","params":{deep}}}"#);
            let m = Message::parse(text.clone()).unwrap();
            let e = Message::error_response(m.id(), -32000, "x", None);
            assert!(
                e.text()
                    .starts_with(&format!(r#"{{"jsonrpc":"2.0","id":{id},"error""#))
            );
            assert!(Message::parse(e.bytes().clone()).is_ok());
            assert_eq!(m.to_value().unwrap_err(), ParseError::TooDeep);
            let again = m.with_id(&Id::string("n")).unwrap();
            assert_eq!(again.field(&["params"]).unwrap().get(), deep);
        }
        let big = Message::parse(&br#"{"jsonrpc":"2.0","id":1,"result":{"n":1e400}}"#[..]).unwrap();
        let v = big.to_value().unwrap();
        // Rewritten, the number keeps its digits (serde_json spells the exponent `e+400`).
        assert_eq!(v["result"]["n"].to_string(), "1e+400");
        let again = Message::from_value(&v).unwrap().to_value().unwrap();
        assert_eq!(again, v);
    }
}

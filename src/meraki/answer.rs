//! What the Dashboard answered, made readable: bodies parsed as JSON, `{"errors": [...]}` bodies
//! turned into errors with the Dashboard's messages, transport failures as one line of text.

use serde_json::Value;
use url::Url;

use super::MerakiError;

/// `host` or `host:port`, for messages.
pub(super) fn host_of(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(h), Some(p)) => format!("{h}:{p}"),
        (Some(h), None) => h.to_owned(),
        _ => url.scheme().to_owned(),
    }
}

/// A failed request as one line, with its causes (never its URL, which may carry ids).
pub(super) fn transport_error(e: reqwest::Error) -> MerakiError {
    let e = e.without_url();
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(&e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    MerakiError::Transport(msg)
}

/// An answer body as JSON (empty: `null`).
pub(super) fn parse_body(body: &[u8]) -> Result<Value, MerakiError> {
    if body.iter().all(u8::is_ascii_whitespace) {
        return Ok(Value::Null);
    }
    serde_json::from_slice(body).map_err(|_| {
        let text = String::from_utf8_lossy(&body[..body.len().min(200)]);
        MerakiError::BadResponse(crate::secret::redact(&text).into_owned())
    })
}

/// The Dashboard's `{"errors": [...]}` (or whatever text came) as an error.
pub(super) fn api_error(status: u16, body: &[u8]) -> MerakiError {
    let messages = match serde_json::from_slice::<Value>(body) {
        Ok(v) => match v.get("errors").and_then(Value::as_array) {
            Some(list) => list
                .iter()
                .map(|m| m.as_str().map_or_else(|| m.to_string(), str::to_owned))
                .map(|m| crate::secret::redact(&m).into_owned())
                .collect(),
            None => vec![crate::secret::redact(&v.to_string()).into_owned()],
        },
        Err(_) => {
            let text = String::from_utf8_lossy(&body[..body.len().min(300)]);
            let text = crate::secret::redact(text.trim()).into_owned();
            if text.is_empty() { vec![] } else { vec![text] }
        }
    };
    MerakiError::Api { status, messages }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_bodies_become_messages() {
        let e = api_error(404, br#"{"errors":["Network not found"]}"#);
        assert_eq!(
            e.to_string(),
            "Meraki Dashboard API error 404 Not Found (check the id; list ids with the meraki_get_* tools): Network not found"
        );
        let e = api_error(502, b"<html>Bad gateway</html>");
        assert!(e.to_string().contains("502 Bad Gateway: <html>"));
    }
}

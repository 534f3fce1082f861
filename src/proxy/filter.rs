//! `--ignore-tool`: glob patterns (`*` matches any run of characters, case-insensitive, whole
//! name) that hide tools from `tools/list` and refuse calls to them.

use crate::jsonrpc::{Message, raw};

/// The set of hidden tool patterns.
#[derive(Debug, Clone, Default)]
pub struct ToolFilter {
    patterns: Vec<String>,
}

impl ToolFilter {
    pub fn new(patterns: &[String]) -> Self {
        ToolFilter {
            patterns: patterns.iter().map(|p| p.to_lowercase()).collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Whether the tool is hidden.
    pub fn blocks(&self, tool: &str) -> bool {
        let tool = tool.to_lowercase();
        self.patterns.iter().any(|p| glob_match(p, &tool))
    }

    /// The name of the tool a `tools/call` request calls, when that tool is hidden.
    pub fn blocked_call(&self, msg: &Message) -> Option<String> {
        if self.is_empty() || msg.method() != Some("tools/call") {
            return None;
        }
        let name = msg.str_at(&["params", "name"])?;
        self.blocks(&name).then_some(name)
    }

    /// Remove hidden tools from a `tools/list` response; other responses pass unchanged.
    /// Only the `tools` array is rewritten; every other byte, and each tool kept, is passed on
    /// as the server wrote it, at any depth and with any number.
    pub fn filter_list(&self, msg: Message) -> Message {
        if self.is_empty() {
            return msg;
        }
        self.without_hidden(&msg).unwrap_or(msg)
    }

    fn without_hidden(&self, msg: &Message) -> Option<Message> {
        let result = msg.field(&["result"])?.get();
        let tools = raw::elements(raw::member(result, &["tools"])?.get())?;
        let kept: Vec<&str> = tools
            .iter()
            .map(|t| t.get())
            .filter(|t| {
                !raw::member(t, &["name"])
                    .and_then(|n| serde_json::from_str::<String>(n.get()).ok())
                    .is_some_and(|n| self.blocks(&n))
            })
            .collect();
        if kept.len() == tools.len() {
            return None;
        }
        let tools = format!("[{}]", kept.join(","));
        let result = raw::replace_member(result, "tools", &tools)?;
        let text = raw::replace_member(msg.text(), "result", &result)?;
        Message::parse(text).ok()
    }
}

/// `*`-only glob matching over the whole string.
fn glob_match(pattern: &str, text: &str) -> bool {
    let parts: Vec<&str> = pattern.split('*').collect();
    if parts.len() == 1 {
        return pattern == text;
    }
    let (first, last) = (parts[0], parts[parts.len() - 1]);
    if !text.starts_with(first) || text.len() < first.len() + last.len() || !text.ends_with(last) {
        return false;
    }
    let mut rest = &text[first.len()..text.len() - last.len()];
    for mid in &parts[1..parts.len() - 1] {
        match rest.find(mid) {
            Some(i) => rest = &rest[i + mid.len()..],
            None => return false,
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn globs() {
        assert!(glob_match("delete_*", "delete_network"));
        assert!(glob_match("*", "x"));
        assert!(glob_match("a*b*c", "axxbyyc"));
        assert!(!glob_match("a*b*c", "axxc"));
        assert!(!glob_match("get", "get_x"));
        assert!(!glob_match("ab*ba", "aba"));
        assert!(ToolFilter::new(&["DELETE_*".into()]).blocks("delete_Org"));
    }

    #[test]
    fn filters_lists_and_calls() {
        let f = ToolFilter::new(&["secret*".into()]);
        let list = Message::parse(
            &br#"{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"a"},{"name":"secret_x"}],"nextCursor":"c"}}"#[..],
        )
        .unwrap();
        let v = f.filter_list(list).to_value().unwrap();
        assert_eq!(v["result"]["tools"].as_array().unwrap().len(), 1);
        assert_eq!(v["result"]["nextCursor"], "c");
        let call = Message::parse(
            &br#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"Secret_y"}}"#[..],
        )
        .unwrap();
        assert_eq!(f.blocked_call(&call).as_deref(), Some("Secret_y"));
    }
}

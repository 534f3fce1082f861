//! `--ignore-tool`: glob patterns (`*` matches any run of characters, case-insensitive, whole
//! name) that hide tools from `tools/list` and refuse calls to them.

use crate::jsonrpc::Message;

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
        let v = msg.to_value();
        let name = v["params"]["name"].as_str()?;
        self.blocks(name).then(|| name.to_owned())
    }

    /// Remove hidden tools from a `tools/list` response; other responses pass unchanged.
    pub fn filter_list(&self, msg: Message) -> Message {
        if self.is_empty() {
            return msg;
        }
        let mut v = msg.to_value();
        let Some(tools) = v["result"]["tools"].as_array_mut() else {
            return msg;
        };
        let before = tools.len();
        tools.retain(|t| !t["name"].as_str().is_some_and(|n| self.blocks(n)));
        if tools.len() == before {
            return msg;
        }
        Message::from_value(&v).unwrap_or(msg)
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
        let v = f.filter_list(list).to_value();
        assert_eq!(v["result"]["tools"].as_array().unwrap().len(), 1);
        assert_eq!(v["result"]["nextCursor"], "c");
        let call = Message::parse(
            &br#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"Secret_y"}}"#[..],
        )
        .unwrap();
        assert_eq!(f.blocked_call(&call).as_deref(), Some("Secret_y"));
    }
}

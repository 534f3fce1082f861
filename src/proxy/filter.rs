//! The tool rules applied to the relay: `--ignore-tool`, `--allow-tool`, `--read-only` and
//! the machine policy's tool tables ([`crate::policy::tools`]). Hidden tools are removed from
//! every `tools/list` page and calls to them are refused. Whether a tool is read-only is what
//! the server's last `tools/list` said of it (`annotations.readOnlyHint`); a tool the host
//! calls without the bridge having seen it listed so is not read-only.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use crate::jsonrpc::{Message, raw};
use crate::policy::{Refusal, ToolLayer, ToolRules};

/// The rules, and what the server said of each tool it listed.
#[derive(Debug, Clone, Default)]
pub struct ToolFilter {
    rules: Arc<ToolRules>,
    read_only: Arc<Mutex<HashMap<String, bool>>>,
}

impl ToolFilter {
    /// `--ignore-tool` patterns alone.
    pub fn new(patterns: &[String]) -> Self {
        Self::from_rules(ToolRules::new(vec![ToolLayer::from_flags(
            &[],
            patterns,
            false,
        )]))
    }

    pub fn from_rules(rules: ToolRules) -> Self {
        ToolFilter {
            rules: Arc::new(rules),
            read_only: Arc::default(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }

    /// Why the tool is hidden, if it is.
    pub fn refusal(&self, tool: &str) -> Option<Refusal> {
        let hint = self.read_only.lock().ok()?.get(tool).copied();
        self.rules.refusal(tool, hint)
    }

    /// Whether the tool is hidden.
    pub fn blocks(&self, tool: &str) -> bool {
        self.refusal(tool).is_some()
    }

    /// The tool a `tools/call` request calls and why it is refused, when it is.
    pub fn blocked_call(&self, msg: &Message) -> Option<(String, Refusal)> {
        if self.is_empty() || msg.method() != Some("tools/call") {
            return None;
        }
        let name = msg.str_at(&["params", "name"])?;
        let why = self.refusal(&name)?;
        Some((name, why))
    }

    /// Remove hidden tools from a `tools/list` response (one page of it); other responses
    /// pass unchanged. Only the `tools` array is rewritten; every other byte, and each tool
    /// kept, is passed on as the server wrote it, at any depth and with any number.
    pub fn filter_list(&self, msg: Message) -> Message {
        if self.is_empty() {
            return msg;
        }
        self.without_hidden(&msg).unwrap_or(msg)
    }

    fn without_hidden(&self, msg: &Message) -> Option<Message> {
        let result = msg.field(&["result"])?.get();
        let tools = raw::elements(raw::member(result, &["tools"])?.get())?;
        let mut kept: Vec<&str> = Vec::new();
        for t in tools.iter().map(|t| t.get()) {
            let name = raw::member(t, &["name"])
                .and_then(|n| serde_json::from_str::<String>(n.get()).ok());
            let Some(name) = name else {
                continue;
            };
            let hint =
                raw::member(t, &["annotations", "readOnlyHint"]).is_some_and(|v| v.get() == "true");
            if let Ok(mut seen) = self.read_only.lock() {
                seen.insert(name.clone(), hint);
            }
            if self.rules.refusal(&name, Some(hint)).is_none() {
                kept.push(t);
            }
        }
        if kept.len() == tools.len() {
            return None;
        }
        let tools = format!("[{}]", kept.join(","));
        let result = raw::replace_member(result, "tools", &tools)?;
        let text = raw::replace_member(msg.text(), "result", &result)?;
        Message::parse(text).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(text: &str) -> Message {
        Message::parse(text.as_bytes().to_vec()).unwrap()
    }

    #[test]
    fn filters_lists_and_calls() {
        let f = ToolFilter::new(&["secret*".into()]);
        let list = msg(
            r#"{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"a"},{"name":"secret_x"}],"nextCursor":"c"}}"#,
        );
        let v = f.filter_list(list).to_value().unwrap();
        assert_eq!(v["result"]["tools"].as_array().unwrap().len(), 1);
        assert_eq!(v["result"]["nextCursor"], "c");
        let call =
            msg(r#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"Secret_y"}}"#);
        let (name, why) = f.blocked_call(&call).unwrap();
        assert_eq!(name, "Secret_y");
        assert_eq!(why.to_string(), "--ignore-tool \"secret*\"");
    }

    #[test]
    fn read_only_follows_what_each_page_said() {
        let f = ToolFilter::from_rules(ToolRules::new(vec![ToolLayer::from_flags(&[], &[], true)]));
        let page = msg(
            r#"{"jsonrpc":"2.0","id":1,"result":{"tools":[{"name":"get","annotations":{"readOnlyHint":true}},{"name":"set","annotations":{"readOnlyHint":false}},{"name":"bare"}],"nextCursor":"2"}}"#,
        );
        let v = f.filter_list(page).to_value().unwrap();
        let names: Vec<&str> = v["result"]["tools"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["name"].as_str().unwrap())
            .collect();
        assert_eq!(names, ["get"]);
        let call = |n: &str| {
            msg(&format!(
                r#"{{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{{"name":"{n}"}}}}"#
            ))
        };
        assert!(f.blocked_call(&call("get")).is_none());
        assert!(f.blocked_call(&call("set")).is_some());
        assert!(f.blocked_call(&call("never_listed")).is_some());
    }
}

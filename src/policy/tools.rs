//! Which tools may be listed and called: layers of rules, each from one place (the command
//! line, or one table of one policy file), all of which must let a tool through. A deny in
//! any layer wins; every layer with an allow list must match; any layer that asks for
//! read-only tools keeps only those the server marks `readOnlyHint: true`. Adding a layer can
//! only hide more, which is why the user's flags cannot undo the policy's rules.

use std::fmt;
use std::path::PathBuf;

use super::pattern::tool_glob;

/// Where a layer of rules comes from, for the message that names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RuleSource {
    /// `--allow-tool`, `--ignore-tool`, `--read-only` (or a named server's same settings).
    Flags,
    /// A policy file, and the table the rules sit in (`tools` or `tools."PATTERN"`).
    Policy { file: PathBuf, table: String },
}

/// One place's rules.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ToolLayer {
    pub source: RuleSource,
    /// Only tools matching one of these (None: no allow list).
    pub allow: Option<Vec<String>>,
    pub deny: Vec<String>,
    pub read_only: bool,
}

impl ToolLayer {
    /// The command line's layer.
    pub fn from_flags(allow: &[String], deny: &[String], read_only: bool) -> ToolLayer {
        ToolLayer {
            source: RuleSource::Flags,
            allow: (!allow.is_empty()).then(|| allow.to_vec()),
            deny: deny.to_vec(),
            read_only,
        }
    }

    fn is_empty(&self) -> bool {
        self.allow.is_none() && self.deny.is_empty() && !self.read_only
    }
}

/// Why a tool is hidden and its call refused: the rule, and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub rule: String,
    pub source: RuleSource,
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.source {
            RuleSource::Flags => write!(f, "{}", self.rule),
            RuleSource::Policy { file, .. } => {
                write!(f, "{} in the policy {}", self.rule, file.display())
            }
        }
    }
}

/// All layers that apply to one server.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ToolRules {
    layers: Vec<ToolLayer>,
}

impl ToolRules {
    pub fn new(layers: Vec<ToolLayer>) -> ToolRules {
        ToolRules {
            layers: layers.into_iter().filter(|l| !l.is_empty()).collect(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.layers.is_empty()
    }

    pub fn layers(&self) -> &[ToolLayer] {
        &self.layers
    }

    /// Whether some layer keeps only read-only tools.
    pub fn read_only(&self) -> Option<&RuleSource> {
        self.layers.iter().find(|l| l.read_only).map(|l| &l.source)
    }

    /// Why the tool may not be listed or called, if it may not. `read_only_hint` is what the
    /// server's annotations say (None: not known).
    pub fn refusal(&self, tool: &str, read_only_hint: Option<bool>) -> Option<Refusal> {
        for layer in &self.layers {
            if let Some(p) = layer.deny.iter().find(|p| tool_glob(p, tool)) {
                let rule = match &layer.source {
                    RuleSource::Flags => format!("--ignore-tool \"{p}\""),
                    RuleSource::Policy { table, .. } => format!("{table}.deny \"{p}\""),
                };
                return Some(Refusal {
                    rule,
                    source: layer.source.clone(),
                });
            }
        }
        for layer in &self.layers {
            if let Some(allow) = &layer.allow
                && !allow.iter().any(|p| tool_glob(p, tool))
            {
                let list = allow
                    .iter()
                    .map(|p| format!("\"{p}\""))
                    .collect::<Vec<_>>()
                    .join(", ");
                let rule = match &layer.source {
                    RuleSource::Flags => format!("not matched by --allow-tool {list}"),
                    RuleSource::Policy { table, .. } => {
                        format!("not in {table}.allow [{list}]")
                    }
                };
                return Some(Refusal {
                    rule,
                    source: layer.source.clone(),
                });
            }
        }
        if read_only_hint != Some(true)
            && let Some(layer) = self.layers.iter().find(|l| l.read_only)
        {
            let why = match read_only_hint {
                Some(_) => "the server does not mark it readOnlyHint: true",
                None => "it was not listed as readOnlyHint: true",
            };
            let rule = match &layer.source {
                RuleSource::Flags => format!("--read-only ({why})"),
                RuleSource::Policy { table, .. } => format!("{table}.read_only = true ({why})"),
            };
            return Some(Refusal {
                rule,
                source: layer.source.clone(),
            });
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn policy(table: &str, allow: Option<&[&str]>, deny: &[&str], read_only: bool) -> ToolLayer {
        ToolLayer {
            source: RuleSource::Policy {
                file: PathBuf::from("/etc/mcp-bridge/policy.toml"),
                table: table.into(),
            },
            allow: allow.map(|a| a.iter().map(|s| s.to_string()).collect()),
            deny: deny.iter().map(|s| s.to_string()).collect(),
            read_only,
        }
    }

    #[test]
    fn deny_wins_over_any_allow() {
        let rules = ToolRules::new(vec![
            ToolLayer::from_flags(&["delete_*".into()], &[], false),
            policy("tools", None, &["delete_*"], false),
        ]);
        let r = rules.refusal("delete_network", Some(true)).unwrap();
        assert_eq!(
            r.to_string(),
            "tools.deny \"delete_*\" in the policy /etc/mcp-bridge/policy.toml"
        );
    }

    #[test]
    fn every_allow_list_must_match() {
        let rules = ToolRules::new(vec![
            policy(
                "tools.\"https://*.example.com\"",
                Some(&["get_*"]),
                &[],
                false,
            ),
            ToolLayer::from_flags(&["*".into()], &[], false),
        ]);
        assert!(rules.refusal("get_devices", None).is_none());
        let r = rules.refusal("update_device", None).unwrap();
        assert_eq!(
            r.rule,
            "not in tools.\"https://*.example.com\".allow [\"get_*\"]"
        );
        let flags_only = ToolRules::new(vec![ToolLayer::from_flags(&["get_*".into()], &[], false)]);
        assert_eq!(
            flags_only.refusal("set_x", None).unwrap().to_string(),
            "not matched by --allow-tool \"get_*\""
        );
    }

    #[test]
    fn read_only_keeps_only_tools_marked_so() {
        let rules = ToolRules::new(vec![
            ToolLayer::from_flags(&[], &[], false),
            policy("tools", None, &[], true),
        ]);
        assert!(rules.refusal("get_x", Some(true)).is_none());
        assert!(
            rules
                .refusal("set_x", Some(false))
                .unwrap()
                .rule
                .contains("tools.read_only = true (the server does not mark it")
        );
        assert!(
            rules
                .refusal("unseen", None)
                .unwrap()
                .rule
                .contains("not listed"),
            "a tool never listed is refused, not assumed harmless"
        );
        let flag = ToolRules::new(vec![ToolLayer::from_flags(&[], &[], true)]);
        assert!(
            flag.refusal("set_x", None)
                .unwrap()
                .to_string()
                .starts_with("--read-only")
        );
    }

    #[test]
    fn empty_layers_are_dropped() {
        assert!(ToolRules::new(vec![ToolLayer::from_flags(&[], &[], false)]).is_empty());
    }
}

//! The policy told to a person (`mcp-bridge policy show`, `status`, `doctor`): which files
//! were looked for, which apply, and each rule with the file it comes from.

use serde_json::{Value, json};

use super::tools::ToolLayer;
use super::{Policy, location};

/// One line per file looked for, then one per rule.
pub fn lines(policy: &Policy) -> Vec<String> {
    let mut out = Vec::new();
    for l in policy.looked() {
        let what = if l.from_env {
            format!("{} (from {})", l.path.display(), location::POLICY_ENV)
        } else {
            format!("{} (system)", l.path.display())
        };
        out.push(if l.found {
            format!("✓ policy {what}")
        } else {
            format!("- no policy file at {what}")
        });
    }
    if policy.is_empty() {
        out.push("  no rules apply beyond your own flags".into());
        return out;
    }
    for f in policy.files() {
        let mut rules = Vec::new();
        if let Some(allow) = &f.servers_allow {
            rules.push(format!(
                "servers.allow = {}",
                quoted(allow.iter().map(|p| p.as_str()))
            ));
        }
        if !f.servers_deny.is_empty() {
            rules.push(format!(
                "servers.deny = {}",
                quoted(f.servers_deny.iter().map(|p| p.as_str()))
            ));
        }
        for scoped in &f.tools {
            rules.extend(layer_lines(&scoped.layer));
        }
        if f.store_keyring {
            rules.push("store = \"keyring\" (no token file)".into());
        }
        if let Some(h) = f.allow_http {
            rules.push(format!("allow_http = {h}"));
        }
        if let Some(c) = &f.ca_file {
            rules.push(format!("ca_file = {}", c.display()));
        }
        if let Some(p) = &f.proxy {
            rules.push(format!("proxy = {p}"));
        }
        if let Some(a) = &f.audit_log {
            rules.push(format!(
                "audit_log = {}{}",
                a.display(),
                if f.audit_arguments {
                    " (with arguments)"
                } else {
                    ""
                }
            ));
        }
        if let Some(s) = f.serve_meraki {
            rules.push(format!("serve_meraki = {s}"));
        }
        out.push(format!("  {}:", f.path.display()));
        if rules.is_empty() {
            out.push("    (no rules)".into());
        }
        out.extend(rules.into_iter().map(|r| format!("    {r}")));
    }
    out
}

fn layer_lines(layer: &ToolLayer) -> Vec<String> {
    let table = match &layer.source {
        super::RuleSource::Policy { table, .. } => table.clone(),
        super::RuleSource::Flags => "flags".into(),
    };
    let mut out = Vec::new();
    if let Some(a) = &layer.allow {
        out.push(format!(
            "{table}.allow = {}",
            quoted(a.iter().map(String::as_str))
        ));
    }
    if !layer.deny.is_empty() {
        out.push(format!(
            "{table}.deny = {}",
            quoted(layer.deny.iter().map(String::as_str))
        ));
    }
    if layer.read_only {
        out.push(format!("{table}.read_only = true"));
    }
    out
}

fn quoted<'a>(items: impl Iterator<Item = &'a str>) -> String {
    format!(
        "[{}]",
        items
            .map(|s| format!("\"{s}\""))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// One line for `status`: the files that apply, or that none does.
pub fn one_line(policy: &Policy) -> String {
    if policy.is_empty() {
        return format!(
            "Policy: none ({} is absent)",
            location::system_path().display()
        );
    }
    let files = policy
        .files()
        .iter()
        .map(|f| f.path.display().to_string())
        .collect::<Vec<_>>()
        .join(", ");
    format!("Policy: {files} (see mcp-bridge policy show)")
}

/// The same, for `--json`.
pub fn to_json(policy: &Policy) -> Value {
    let files: Vec<Value> = policy
        .files()
        .iter()
        .map(|f| {
            json!({
                "path": f.path,
                "servers": {
                    "allow": f.servers_allow.as_ref().map(|a| a.iter().map(|p| p.as_str()).collect::<Vec<_>>()),
                    "deny": f.servers_deny.iter().map(|p| p.as_str()).collect::<Vec<_>>(),
                },
                "tools": f.tools.iter().map(|s| json!({
                    "server": s.server.as_ref().map(|p| p.as_str()),
                    "allow": s.layer.allow,
                    "deny": s.layer.deny,
                    "read_only": s.layer.read_only,
                })).collect::<Vec<_>>(),
                "store": f.store_keyring.then_some("keyring"),
                "allow_http": f.allow_http,
                "ca_file": f.ca_file,
                "proxy": f.proxy,
                "audit_log": f.audit_log,
                "audit_arguments": f.audit_arguments,
                "serve_meraki": f.serve_meraki,
            })
        })
        .collect();
    json!({
        "looked_for": policy.looked().iter().map(|l| json!({
            "path": l.path, "from_env": l.from_env, "found": l.found,
        })).collect::<Vec<_>>(),
        "files": files,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::PolicyFile;

    #[test]
    fn each_rule_is_shown_under_its_file() {
        let f = PolicyFile::parse(
            std::path::Path::new("/etc/mcp-bridge/policy.toml"),
            "store = \"keyring\"\n[servers]\nallow = [\"https://m.example.com/mcp\"]\n[tools]\nread_only = true",
        )
        .unwrap();
        let text = lines(&Policy::from_files(vec![f])).join("\n");
        assert!(
            text.contains("✓ policy /etc/mcp-bridge/policy.toml"),
            "{text}"
        );
        assert!(
            text.contains("servers.allow = [\"https://m.example.com/mcp\"]"),
            "{text}"
        );
        assert!(text.contains("tools.read_only = true"), "{text}");
        assert!(text.contains("store = \"keyring\""), "{text}");
        assert!(
            lines(&Policy::default())
                .join("\n")
                .contains("no rules apply")
        );
    }
}

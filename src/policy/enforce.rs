//! What the commands ask of the policy, in one place so their hooks stay one line each: the
//! tool rules of a server (the policy's layers, then the user's flags), the audit logs to
//! write, the store to use, and whether `serve meraki` may run.

use std::path::Path;

use super::tools::{ToolLayer, ToolRules};
use super::{Policy, Refused};
use crate::audit::Sink;

/// The policy's tool rules for the server, with the command line's added.
pub fn tool_rules(
    policy: &Policy,
    url: Option<&url::Url>,
    allow: &[String],
    deny: &[String],
    read_only: bool,
) -> ToolRules {
    let mut layers = policy.tool_layers(url);
    layers.push(ToolLayer::from_flags(allow, deny, read_only));
    ToolRules::new(layers)
}

/// Every audit log: the policy's (with arguments when it says so), and the user's as well,
/// never instead.
pub fn audit_sinks(policy: &Policy, user: Option<&Path>, user_arguments: bool) -> Vec<Sink> {
    let mut sinks: Vec<Sink> = policy
        .audit_logs()
        .into_iter()
        .map(|(path, _)| Sink {
            path,
            include_arguments: policy.audit_arguments(),
        })
        .collect();
    if let Some(path) = user {
        sinks.push(Sink {
            path: path.to_owned(),
            include_arguments: user_arguments,
        });
    }
    sinks
}

/// The store kind to open: the keyring when the policy says so (with no file fallback), and
/// a refusal of `--store file` then.
pub fn store_kind(
    policy: &Policy,
    asked: Option<crate::store::StoreKind>,
) -> Result<Option<crate::store::StoreKind>, Refused> {
    use crate::store::StoreKind;
    policy.check_store(match asked {
        Some(StoreKind::File) => Some("file"),
        _ => None,
    })?;
    Ok(match (policy.keyring_only(), asked) {
        (Some(_), None) => Some(StoreKind::Keyring),
        (_, asked) => asked,
    })
}

/// Refuse `serve meraki` where the policy forbids it, and `--allow-writes` where the policy
/// keeps every server's tools read-only.
pub fn check_serve_meraki(policy: &Policy, allow_writes: bool) -> Result<(), Refused> {
    if let Some(path) = policy.forbids_serve_meraki() {
        return Err(Refused(format!(
            "the policy {} does not allow the local Meraki server (serve_meraki = false)",
            path.display()
        )));
    }
    if allow_writes
        && let Some(layer) = policy.tool_layers(None).into_iter().find(|l| l.read_only)
        && let super::RuleSource::Policy { file, table } = &layer.source
    {
        return Err(Refused(format!(
            "the policy {} keeps tools read-only ({table}.read_only = true): --allow-writes (or MERAKI_ALLOW_WRITES) is not allowed",
            file.display()
        )));
    }
    Ok(())
}

/// Refuse a server the policy does not allow (or stop on a policy file that cannot be used).
pub fn check_server(url: &url::Url) -> anyhow::Result<()> {
    let policy = super::load()?;
    policy.check_http(url)?;
    policy.check_server(url)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::policy::PolicyFile;
    use crate::store::StoreKind;

    fn policy(text: &str) -> Policy {
        Policy::from_files(vec![
            PolicyFile::parse(Path::new("/etc/mcp-bridge/policy.toml"), text).unwrap(),
        ])
    }

    #[test]
    fn the_users_audit_log_is_added_not_substituted() {
        let p = policy("audit_log = \"/var/log/a.jsonl\"");
        let sinks = audit_sinks(&p, Some(Path::new("/tmp/mine.jsonl")), true);
        assert_eq!(sinks.len(), 2);
        assert_eq!(sinks[0].path, Path::new("/var/log/a.jsonl"));
        assert!(
            !sinks[0].include_arguments,
            "the user's choice is for the user's file"
        );
        assert!(sinks[1].include_arguments);
        assert!(audit_sinks(&Policy::default(), None, false).is_empty());
    }

    #[test]
    fn keyring_only_means_no_file_fallback_and_no_file_store() {
        let p = policy("store = \"keyring\"");
        assert_eq!(store_kind(&p, None).unwrap(), Some(StoreKind::Keyring));
        assert!(store_kind(&p, Some(StoreKind::File)).is_err());
        assert_eq!(
            store_kind(&p, Some(StoreKind::Memory)).unwrap(),
            Some(StoreKind::Memory)
        );
        assert_eq!(store_kind(&Policy::default(), None).unwrap(), None);
    }

    #[test]
    fn serve_meraki_refusals_name_the_rule() {
        let e = check_serve_meraki(&policy("serve_meraki = false"), false).unwrap_err();
        assert!(e.to_string().contains("serve_meraki = false"), "{e}");
        let ro = policy("[tools]\nread_only = true");
        assert!(check_serve_meraki(&ro, false).is_ok());
        let e = check_serve_meraki(&ro, true).unwrap_err();
        assert!(e.to_string().contains("tools.read_only = true"), "{e}");
    }

    #[test]
    fn user_flags_only_add_layers() {
        let p = policy("[tools]\nread_only = true\ndeny = [\"delete_*\"]");
        let rules = tool_rules(&p, None, &["delete_*".into()], &[], false);
        assert!(rules.refusal("delete_x", Some(true)).is_some());
        assert!(rules.refusal("set_x", Some(false)).is_some());
    }
}

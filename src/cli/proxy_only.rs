//! The parser of `mcp-bridge proxy …` alone: the command line a host runs at every launch.
//!
//! Building the whole command tree (every subcommand's arguments and help, then the
//! `--no-SWITCH` negations and the empty-variable rule over all of them) was most of the
//! instructions a launch executes before its first byte to the server. This tree has the
//! top-level options and `proxy` only, made by the same derived definitions and the same two
//! rules, so a command line it accepts means what it means to the full parser. Anything it
//! does not cleanly accept (help, version, a usage error) goes to the full parser, so every
//! message a person sees comes from there.

use std::ffi::{OsStr, OsString};

use clap::{Args, FromArgMatches};

use super::{Cli, GlobalArgs, ProxyArgs, negations, without_empty_env};

/// `args` parsed by the proxy-only tree, or `None` when they are not a clean `proxy` command
/// line (the caller then uses the full parser).
pub(super) fn parse(args: &[OsString], is_empty: &dyn Fn(&OsStr) -> bool) -> Option<Cli> {
    if args.get(1).map(OsString::as_os_str) != Some(OsStr::new("proxy")) {
        return None;
    }
    let matches = command(is_empty).try_get_matches_from(args).ok()?;
    Cli::from_arg_matches(&matches).ok()
}

/// The top level's options and settings (as `Cli` declares them) with `proxy` as the one
/// subcommand.
pub(super) fn command(is_empty: &dyn Fn(&OsStr) -> bool) -> clap::Command {
    let proxy = negations::add_negations(ProxyArgs::augment_args(clap::Command::new("proxy")));
    let root = GlobalArgs::augment_args(
        clap::Command::new("mcp-bridge")
            .args_override_self(true)
            .subcommand_required(true),
    )
    .subcommand(proxy);
    without_empty_env(root, is_empty)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(args: &[&str]) -> Vec<OsString> {
        args.iter().map(OsString::from).collect()
    }

    /// What the full parser makes of `args`, next to what the proxy-only one makes of them.
    fn both(args: &[&str], is_empty: &dyn Fn(&OsStr) -> bool) -> (Option<String>, Option<String>) {
        let full = super::super::command()
            .try_get_matches_from(os(args))
            .ok()
            .and_then(|m| Cli::from_arg_matches(&m).ok());
        let full = full.map(|c| format!("{c:?}"));
        let fast = parse(&os(args), is_empty).map(|c| format!("{c:?}"));
        (full, fast)
    }

    #[test]
    fn accepted_command_lines_mean_the_same_to_both_parsers() {
        let none = |_: &OsStr| false;
        let lines: &[&[&str]] = &[
            &["mcp-bridge", "proxy", "https://x/mcp"],
            &["mcp-bridge", "proxy", "https://x/mcp", "3334", "-vv"],
            &[
                "mcp-bridge",
                "proxy",
                "https://x/mcp",
                "--store",
                "file",
                "--store",
                "memory",
            ],
            &[
                "mcp-bridge",
                "proxy",
                "https://x/mcp",
                "-H",
                "A: b",
                "--header",
                "C: d",
            ],
            &[
                "mcp-bridge",
                "proxy",
                "https://x/mcp",
                "--allow-http",
                "--no-allow-http",
            ],
            &[
                "mcp-bridge",
                "proxy",
                "https://x/mcp",
                "--no-allow-http",
                "--allow-http",
            ],
            &[
                "mcp-bridge",
                "proxy",
                "https://x/mcp",
                "--log-file",
                "/tmp/l",
                "-q",
            ],
            &[
                "mcp-bridge",
                "proxy",
                "https://x/mcp",
                "--transport",
                "sse-only",
                "--debug",
            ],
            &[
                "mcp-bridge",
                "proxy",
                "https://x/mcp",
                "--read-only",
                "--allow-tool",
                "get*",
            ],
            &[
                "mcp-bridge",
                "proxy",
                "https://x/mcp",
                "--ignore-tool",
                "a",
                "--ignore-tool",
                "b",
            ],
        ];
        for line in lines {
            let (full, fast) = both(line, &none);
            assert!(full.is_some(), "the full parser refuses {line:?}");
            assert!(fast.is_some(), "the proxy-only parser refuses {line:?}");
            assert_eq!(full, fast, "{line:?}");
        }
    }

    #[test]
    fn anything_else_is_left_to_the_full_parser() {
        let none = |_: &OsStr| false;
        for line in [
            &["mcp-bridge", "proxy", "--help"][..],
            &["mcp-bridge", "proxy", "--version"],
            &["mcp-bridge", "--version"],
            &["mcp-bridge", "proxy"],
            &["mcp-bridge", "proxy", "https://x/mcp", "--no-such-flag"],
            &["mcp-bridge", "login", "https://x/mcp"],
            &["mcp-bridge", "https://x/mcp"],
            &["mcp-bridge", "-v", "proxy", "https://x/mcp"],
        ] {
            assert_eq!(
                parse(&os(line), &none).map(|c| format!("{c:?}")),
                None,
                "{line:?}"
            );
        }
    }

    #[test]
    fn variables_set_to_nothing_are_unset_here_too() {
        let empty = |n: &OsStr| n == "CF_ACCESS_TEAM";
        let cmd = command(&empty);
        let proxy = cmd.find_subcommand("proxy").unwrap();
        let team = proxy
            .get_arguments()
            .find(|a| a.get_id() == "cf_access_team")
            .unwrap();
        assert_eq!(team.get_env(), None);
        let cmd = command(&|_: &OsStr| false);
        let proxy = cmd.find_subcommand("proxy").unwrap();
        let team = proxy
            .get_arguments()
            .find(|a| a.get_id() == "cf_access_team")
            .unwrap();
        assert_eq!(
            team.get_env().map(|e| e.to_os_string()),
            Some("CF_ACCESS_TEAM".into())
        );
    }

    #[test]
    fn the_tree_is_consistent() {
        command(&|_: &OsStr| false).debug_assert();
    }
}

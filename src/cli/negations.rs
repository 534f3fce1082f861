//! `--no-SWITCH`: every on/off flag of the commands that take a server name can be turned off
//! again, so that a switch a named server's settings turn on (`use-id-token = true`) can be
//! undone for one run. The negations are derived from the clap definition (nothing to keep in
//! step), hidden from `--help`, and the last of a switch and its negation wins.

use clap::{Arg, ArgAction, Command};

/// Subcommands whose server positional may be a name, and so whose switches a config file can
/// turn on.
pub const TAKES_SERVER: [&str; 6] = ["proxy", "login", "logout", "status", "token", "doctor"];

/// The negation's long name for a switch's.
pub fn negation(long: &str) -> String {
    format!("no-{long}")
}

/// The parser: the derived definition plus a hidden `--no-SWITCH` for each switch of the
/// commands in [`TAKES_SERVER`].
pub fn with_negations(mut cli: Command) -> Command {
    for name in TAKES_SERVER {
        cli = cli.mut_subcommand(name, add_negations);
    }
    cli
}

fn is_switch(a: &Arg) -> bool {
    matches!(a.get_action(), ArgAction::SetTrue)
        && !a.is_global_set()
        && a.get_long().is_some()
        && !matches!(a.get_id().as_str(), "help" | "version")
}

/// `cmd` with a hidden `--no-SWITCH` for each of its own switches.
pub fn add_negations(cmd: Command) -> Command {
    let switches: Vec<(String, String)> = cmd
        .get_arguments()
        .filter(|a| is_switch(a))
        .map(|a| {
            (
                a.get_id().to_string(),
                a.get_long().unwrap_or_default().to_owned(),
            )
        })
        .collect();
    let taken: Vec<String> = cmd
        .get_arguments()
        .filter_map(|a| a.get_long().map(str::to_owned))
        .collect();
    let mut cmd = cmd;
    for (id, long) in switches {
        let neg = negation(&long);
        if taken.contains(&neg) {
            continue;
        }
        let neg_id = format!("{id}__negated");
        cmd = cmd.mut_arg(&id, |a| a.overrides_with(neg_id.clone())).arg(
            Arg::new(neg_id)
                .long(neg)
                .action(ArgAction::SetTrue)
                .hide(true)
                .overrides_with(id.clone())
                .help(format!(
                    "Turn --{long} off (for a named server that turns it on)"
                )),
        );
    }
    cmd
}

#[cfg(test)]
mod tests {
    use clap::{CommandFactory, FromArgMatches};

    use super::*;
    use crate::cli::{Cli, Command as Sub};

    fn proxy(args: &[&str]) -> crate::cli::ProxyArgs {
        let m = with_negations(Cli::command())
            .try_get_matches_from(args)
            .unwrap();
        match Cli::from_arg_matches(&m).unwrap().command {
            Sub::Proxy(p) => p,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn the_last_of_a_switch_and_its_negation_wins() {
        let base = ["mcp-bridge", "proxy", "https://x.test/mcp"];
        let with = |extra: &[&str]| {
            let mut v = base.to_vec();
            v.extend_from_slice(extra);
            proxy(&v)
        };
        assert!(with(&["--use-id-token"]).auth.use_id_token);
        assert!(
            !with(&["--use-id-token", "--no-use-id-token"])
                .auth
                .use_id_token
        );
        assert!(
            with(&["--no-use-id-token", "--use-id-token"])
                .auth
                .use_id_token
        );
        assert!(!with(&["--no-use-id-token"]).auth.use_id_token);
        assert!(!with(&["--keep-alive", "--no-keep-alive"]).keep_alive);
        assert!(!with(&["--no-browser", "--no-no-browser"]).auth.no_browser);
    }

    #[test]
    fn negations_are_hidden_and_only_for_switches() {
        let mut cli = with_negations(Cli::command());
        cli.build();
        let p = cli.find_subcommand("proxy").unwrap();
        let neg = p
            .get_arguments()
            .find(|a| a.get_long() == Some("no-use-id-token"))
            .unwrap();
        assert!(neg.is_hide_set());
        assert!(p.get_arguments().all(|a| a.get_long() != Some("no-scope")));
        assert!(
            p.get_arguments()
                .all(|a| a.get_long() != Some("no-verbose"))
        );
        cli.debug_assert();
    }
}

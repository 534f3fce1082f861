//! Turning a server name on the command line into its URL and settings: `mcp-bridge proxy
//! meraki --scope x` becomes `mcp-bridge proxy <url> <flags from the file> --scope x`. The
//! command line's own flags come last and win (the parser lets a later flag override an
//! earlier one); repeatable flags add up.

use std::ffi::OsString;

use clap::CommandFactory;

use super::{ConfigError, is_name, path, read, server};
use crate::cli::Cli;

/// Subcommands whose server positional may be a name.
const TAKES_SERVER: [&str; 6] = ["proxy", "login", "logout", "status", "token", "doctor"];

/// Replace a server name with its URL and settings; arguments without one pass unchanged.
pub fn resolve_names(args: Vec<OsString>) -> Result<Vec<OsString>, ConfigError> {
    let Ok(matches) = Cli::command().try_get_matches_from(&args) else {
        return Ok(args);
    };
    let Some((sub, sm)) = matches.subcommand() else {
        return Ok(args);
    };
    if !TAKES_SERVER.contains(&sub) {
        return Ok(args);
    }
    let Ok(Some(name)) = sm.try_get_one::<String>("url") else {
        return Ok(args);
    };
    if !is_name(name) {
        return Ok(args);
    }
    let name = name.clone();
    let path = path().map_err(|message| ConfigError {
        path: "config.toml".into(),
        line: None,
        message,
    })?;
    let shown = path.display().to_string();
    let text = read(&path)?;
    let named = server(&text, &shown, &name)?;
    let known = subcommand_longs(sub);
    let mut file_flags: Vec<OsString> = Vec::new();
    for group in named.flags {
        let long = group[0].trim_start_matches('-').to_owned();
        if known.contains(&long) {
            file_flags.extend(group.into_iter().map(OsString::from));
        }
    }
    // The name may also appear as some option's value: take the occurrence whose replacement
    // the parser reads as the server positional.
    let sub_at = args.iter().position(|a| a == sub).unwrap_or(0);
    for i in (sub_at + 1..args.len()).filter(|&i| args[i] == name.as_str()) {
        let mut out: Vec<OsString> = args[..i].to_vec();
        out.push(named.url.clone().into());
        out.extend(file_flags.iter().cloned());
        out.extend(args[i + 1..].iter().cloned());
        if url_of(&out, sub).as_deref() == Some(named.url.as_str()) {
            return Ok(out);
        }
    }
    Ok(args)
}

fn url_of(args: &[OsString], sub: &str) -> Option<String> {
    let m = Cli::command().try_get_matches_from(args).ok()?;
    let (s, sm) = m.subcommand()?;
    (s == sub).then(|| sm.try_get_one::<String>("url").ok()??.clone().into())?
}

fn subcommand_longs(sub: &str) -> Vec<String> {
    let mut cli = Cli::command();
    cli.build();
    cli.find_subcommand(sub)
        .map(|c| {
            c.get_arguments()
                .filter_map(|a| a.get_long().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use clap::Parser;

    use super::*;

    fn os(v: &[&str]) -> Vec<OsString> {
        v.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_positional_is_found_even_when_an_option_value_has_the_same_text() {
        let args = os(&["mcp-bridge", "-v", "proxy", "--scope", "meraki", "meraki"]);
        assert_eq!(url_of(&args, "proxy").as_deref(), Some("meraki"));
    }

    #[test]
    fn a_later_flag_overrides_an_earlier_one_and_lists_add_up() {
        let cli = Cli::try_parse_from(os(&[
            "mcp-bridge",
            "proxy",
            "https://x.test/mcp",
            "--scope",
            "from-file",
            "--header",
            "A: 1",
            "--scope",
            "from-cli",
            "--header",
            "B: 2",
        ]))
        .unwrap();
        let crate::cli::Command::Proxy(p) = cli.command else {
            panic!()
        };
        assert_eq!(p.auth.scope.as_deref(), Some("from-cli"));
        assert_eq!(p.headers, ["A: 1", "B: 2"]);
    }

    #[test]
    fn urls_and_other_subcommands_pass_unchanged() {
        let a = os(&["mcp-bridge", "proxy", "https://x.test/mcp"]);
        assert_eq!(resolve_names(a.clone()).unwrap(), a);
        let b = os(&["mcp-bridge", "serve", "meraki", "--demo"]);
        assert_eq!(resolve_names(b.clone()).unwrap(), b);
    }
}

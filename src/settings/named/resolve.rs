//! Turning a server name on the command line into its URL and settings: `mcp-bridge proxy
//! meraki --scope x` becomes `mcp-bridge proxy <url> <settings from the file> --scope x`.
//!
//! Precedence is command line > environment > config file > defaults. A setting is left out
//! when the command line or the environment already gives that flag (or its `--no-` negation,
//! or a flag it conflicts with, or a variable that stands for it); repeatable flags such as
//! `--header` add up. When the result does not parse, the error names the config file's entry
//! and line rather than the name.

use std::ffi::OsString;

use clap::parser::ValueSource;

use super::{ConfigError, NamedServer, is_name, path, read, server};
use crate::cli::negations::{self, TAKES_SERVER};
use crate::settings::env::{self, Env, Var};

/// Settings that an environment variable clap does not know about stands for: the variable
/// wins over the setting.
const SUPERSEDED_BY_ENV: [(&str, Var); 2] = [
    (
        "cf-access-client-secret-file",
        crate::cf_access::service_token::SECRET_ENV,
    ),
    ("client-id", env::ACCESS_CLIENT_ID),
];

/// Replace a server name with its URL and settings; arguments without one pass unchanged.
pub fn resolve_names(args: Vec<OsString>) -> Result<Vec<OsString>, ConfigError> {
    resolve_with(args, env::process(), &path)
}

/// `env`: the environment; `config`: where the config file is.
fn resolve_with(
    args: Vec<OsString>,
    env: &Env,
    config: &dyn Fn() -> Result<std::path::PathBuf, String>,
) -> Result<Vec<OsString>, ConfigError> {
    // `proxy URL …` (how hosts start the bridge): the server is a URL, not a name, and there
    // is nothing to resolve; clap's command tree is built once, later, to parse.
    if args.get(1).is_some_and(|a| a == "proxy")
        && args
            .get(2)
            .and_then(|a| a.to_str())
            .is_some_and(|a| !a.starts_with('-') && !is_name(a))
    {
        return Ok(args);
    }
    // Arguments that do not parse as they are get clap's own error later.
    let Ok(matches) = crate::cli::command().try_get_matches_from(&args) else {
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
    let path = config().map_err(|message| ConfigError {
        path: "config.toml".into(),
        line: None,
        message,
    })?;
    let shown = path.display().to_string();
    let text = read(&path)?;
    let named = server(&text, &shown, &name)?;
    let sub_cmd = subcommand(sub);
    let given = |long: &str| -> bool {
        let Some(arg) = sub_cmd.get_arguments().find(|a| a.get_long() == Some(long)) else {
            return false;
        };
        matches!(
            sm.value_source(arg.get_id().as_str()),
            Some(ValueSource::CommandLine | ValueSource::EnvVariable)
        )
    };
    let mut file_args: Vec<OsString> = Vec::new();
    for setting in &named.settings {
        let Some(arg) = sub_cmd
            .get_arguments()
            .find(|a| a.get_long() == Some(setting.long.as_str()))
        else {
            continue; // a proxy flag this subcommand does not take
        };
        let repeatable = matches!(arg.get_action(), clap::ArgAction::Append);
        let overridden = given(&setting.long)
            || given(&negations::negation(&setting.long))
            || sub_cmd
                .get_arg_conflicts_with(arg)
                .iter()
                .any(|c| c.get_long().is_some_and(given))
            || SUPERSEDED_BY_ENV
                .iter()
                .any(|(long, var)| *long == setting.long && env.get(*var).is_some());
        if repeatable || !overridden {
            file_args.extend(setting.args.iter().map(OsString::from));
        }
    }
    let at = positional_at(&args, sub, &name).ok_or_else(|| ConfigError {
        path: shown.clone(),
        line: named.line,
        message: format!("cannot tell where the server name `{name}` is in the arguments"),
    })?;
    let mut out: Vec<OsString> = args[..at].to_vec();
    out.push(named.url.clone().into());
    out.extend(file_args);
    out.extend(args[at + 1..].iter().cloned());
    if let Err(e) = crate::cli::command().try_get_matches_from(&out) {
        return Err(entry_error(&named, &shown, &e));
    }
    Ok(out)
}

/// The index of the argument that is the server positional (the name may also be some
/// option's value): the occurrence whose replacement by a URL the parser reads as the URL.
fn positional_at(args: &[OsString], sub: &str, name: &str) -> Option<usize> {
    const PROBE: &str = "https://server-name.invalid/";
    let sub_at = args.iter().position(|a| a == sub)?;
    (sub_at + 1..args.len())
        .filter(|&i| args[i] == name)
        .find(|&i| {
            let mut probe = args.to_vec();
            probe[i] = PROBE.into();
            url_of(&probe, sub).as_deref() == Some(PROBE)
        })
}

fn url_of(args: &[OsString], sub: &str) -> Option<String> {
    let m = crate::cli::command().try_get_matches_from(args).ok()?;
    let (s, sm) = m.subcommand()?;
    (s == sub).then(|| sm.try_get_one::<String>("url").ok()??.clone().into())?
}

fn subcommand(sub: &str) -> clap::Command {
    let mut cli = crate::cli::command();
    cli.build();
    cli.find_subcommand(sub)
        .cloned()
        .unwrap_or_else(|| clap::Command::new("none"))
}

/// A parse failure of the arguments with the settings in: say which entry it comes from.
fn entry_error(named: &NamedServer, path: &str, e: &clap::Error) -> ConfigError {
    use clap::error::ContextKind;
    let rendered = e.render().to_string();
    let first = rendered
        .lines()
        .map(str::trim)
        .take_while(|l| !l.is_empty() && !l.starts_with("Usage:") && !l.starts_with("tip:"))
        .collect::<Vec<_>>()
        .join(" ");
    let first = first.trim_start_matches("error: ").to_owned();
    let culprit = e
        .get(ContextKind::InvalidArg)
        .map(|v| v.to_string())
        .and_then(|flag| {
            named.settings.iter().find(|s| {
                flag.trim_start_matches("--")
                    .split([' ', '='])
                    .next()
                    .is_some_and(|f| f == s.long)
            })
        });
    let (line, what) = match culprit {
        Some(s) => (
            s.line,
            format!("the setting `{}` in [servers.{}]", s.long, named.name),
        ),
        None => (
            named.line,
            format!("the settings of [servers.{}]", named.name),
        ),
    };
    ConfigError {
        path: path.into(),
        line,
        message: format!(
            "{what} do not work with this command: {first}; fix the entry (`mcp-bridge config \
             show {}`) or override it on the command line",
            named.name
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn os(v: &[&str]) -> Vec<OsString> {
        v.iter().map(OsString::from).collect()
    }

    fn strings(v: Vec<OsString>) -> Vec<String> {
        v.into_iter()
            .map(|s| s.to_string_lossy().into_owned())
            .collect()
    }

    /// Resolve against a config file in a temporary directory.
    fn resolve(file: &str, args: &[&str], env: &[(&str, &str)]) -> Result<Vec<String>, String> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("config.toml");
        std::fs::write(&path, file).unwrap();
        let env = Env::from_pairs(env.iter().copied());
        resolve_with(os(args), &env, &|| Ok(path.clone()))
            .map(strings)
            .map_err(|e| e.to_string())
    }

    const FILE: &str = "[servers.meraki]\nurl = \"https://m.test/mcp\"\nuse-id-token = true\nscope = \"from-file\"\nheader = [\"X-File: 1\"]\ndevice-code = true\ncf-access-client-secret-file = \"/run/secret\"\n";

    #[test]
    fn the_positional_is_found_even_when_an_option_value_has_the_same_text() {
        let args = os(&["mcp-bridge", "-v", "proxy", "--scope", "meraki", "meraki"]);
        assert_eq!(positional_at(&args, "proxy", "meraki"), Some(5));
    }

    #[test]
    fn settings_fill_in_what_the_command_line_leaves_out() {
        let out = resolve(
            FILE,
            &["mcp-bridge", "proxy", "meraki", "--header", "X-Cli: 2"],
            &[],
        )
        .unwrap();
        assert_eq!(
            out,
            [
                "mcp-bridge",
                "proxy",
                "https://m.test/mcp",
                "--use-id-token",
                "--scope",
                "from-file",
                "--header",
                "X-File: 1",
                "--device-code",
                "--cf-access-client-secret-file",
                "/run/secret",
                "--header",
                "X-Cli: 2"
            ]
        );
    }

    #[test]
    fn the_command_line_and_the_environment_win_without_conflicts() {
        let out = resolve(
            FILE,
            &[
                "mcp-bridge",
                "proxy",
                "meraki",
                "--scope",
                "cli",
                "--no-use-id-token",
                "--client-credentials",
            ],
            &[(crate::cf_access::service_token::SECRET_ENV.name(), "s")],
        )
        .unwrap();
        let joined = out.join(" ");
        assert!(!joined.contains("from-file"), "{joined}");
        assert!(
            !joined.contains("--use-id-token"),
            "the negation drops it: {joined}"
        );
        assert!(
            !joined.contains("--device-code"),
            "conflicts with --client-credentials: {joined}"
        );
        assert!(
            !joined.contains("/run/secret"),
            "the environment's secret wins: {joined}"
        );
        assert!(joined.contains("X-File: 1"), "lists add up: {joined}");
        let cli =
            crate::cli::parse(os(&out.iter().map(String::as_str).collect::<Vec<_>>())).unwrap();
        let crate::cli::Command::Proxy(p) = cli.command else {
            panic!()
        };
        assert!(!p.auth.use_id_token && p.auth.client_credentials && !p.auth.device_code);
        assert_eq!(p.auth.scope.as_deref(), Some("cli"));
    }

    #[test]
    fn a_setting_the_command_does_not_take_names_its_entry_and_line() {
        let file = "[servers.m1]\nurl = \"https://m.test/mcp\"\ntransport = \"carrier-pigeon\"\n";
        let e = resolve(file, &["mcp-bridge", "proxy", "m1"], &[]).unwrap_err();
        assert!(
            e.contains("line 3") && e.contains("`transport` in [servers.m1]"),
            "{e}"
        );
        assert!(e.contains("carrier-pigeon"), "{e}");
        assert!(!e.contains("not a valid URL"), "{e}");
        let file = "[servers.m1]\nurl = \"https://m.test/mcp\"\naudit-include-arguments = true\n";
        let e = resolve(file, &["mcp-bridge", "proxy", "m1"], &[]).unwrap_err();
        assert!(
            e.contains("[servers.m1]") && e.contains("--audit-log"),
            "{e}"
        );
    }

    fn nowhere() -> Result<std::path::PathBuf, String> {
        Err("no config file is read for these".into())
    }

    #[test]
    fn urls_and_other_subcommands_pass_unchanged() {
        let a = os(&["mcp-bridge", "proxy", "https://x.test/mcp"]);
        assert_eq!(
            resolve_with(a.clone(), &Env::default(), &nowhere).unwrap(),
            a
        );
        let b = os(&["mcp-bridge", "serve", "meraki", "--demo"]);
        assert_eq!(
            resolve_with(b.clone(), &Env::default(), &nowhere).unwrap(),
            b
        );
        let c = os(&["mcp-bridge", "meraki", "key-status"]);
        assert_eq!(
            resolve_with(c.clone(), &Env::default(), &nowhere).unwrap(),
            c
        );
    }
}

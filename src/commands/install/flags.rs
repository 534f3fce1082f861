//! The words after `install HOST NAME SERVER`: install's own options (`--print`,
//! `--config-file`, `--force`, `--help`) are taken out wherever they are; the rest are the
//! entry's `proxy` flags, checked with the real `proxy` definition before anything is written —
//! the server resolved (a URL that the bridge accepts, or a known named server), every flag
//! known, and no secret that would land in the host's file in plain text. For the local
//! Meraki server (`install HOST NAME serve meraki FLAGS…`) the flags are checked with the
//! `serve meraki` definition instead.

use std::ffi::OsString;
use std::path::PathBuf;

use clap::CommandFactory;
use clap::parser::ValueSource;

use crate::cli::Cli;
use crate::hostconfig::literal_secret_header;
use crate::settings::named as config;
use crate::transport::http_client::check_server_url;

/// Install's own options found among the words.
#[derive(Debug, Default, PartialEq, Eq)]
pub(super) struct Own {
    pub print: bool,
    pub force: bool,
    pub help: bool,
    pub config_file: Option<PathBuf>,
}

/// Separate install's options from the proxy flags (no proxy flag has the name of one).
pub(super) fn split(words: &[String]) -> Result<(Own, Vec<String>), String> {
    split_for(&proxy_command(), words)
}

/// Separate install's options from the flags of `command` (`proxy` or `serve meraki`).
pub(super) fn split_for(
    command: &clap::Command,
    words: &[String],
) -> Result<(Own, Vec<String>), String> {
    let proxy = command;
    let takes_value = |word: &str| -> bool {
        let arg = if let Some(long) = word.strip_prefix("--") {
            if long.contains('=') {
                return false;
            }
            proxy.get_arguments().find(|a| a.get_long() == Some(long))
        } else if let Some(short) = word.strip_prefix('-').filter(|s| s.chars().count() == 1) {
            let c = short.chars().next();
            proxy.get_arguments().find(|a| a.get_short() == c)
        } else {
            None
        };
        arg.is_some_and(|a| a.get_action().takes_values())
    };
    let mut own = Own::default();
    let mut rest = Vec::new();
    let mut it = words.iter();
    while let Some(w) = it.next() {
        match w.as_str() {
            // Nothing after the server needs escaping; a `--` is left out of the entry.
            "--" => {}
            "--print" => own.print = true,
            "--force" => own.force = true,
            "-h" | "--help" => own.help = true,
            "--config-file" => {
                let v = it.next().ok_or("--config-file needs a path")?;
                own.config_file = Some(PathBuf::from(v));
            }
            w if w.starts_with("--config-file=") => {
                own.config_file = Some(PathBuf::from(&w["--config-file=".len()..]));
            }
            w if takes_value(w) => {
                rest.push(w.to_owned());
                rest.extend(it.next().cloned());
            }
            w => rest.push(w.to_owned()),
        }
    }
    Ok((own, rest))
}

fn proxy_command() -> clap::Command {
    let mut cli = Cli::command();
    cli.build();
    cli.find_subcommand("proxy")
        .expect("a proxy subcommand")
        .clone()
}

/// The definition of `serve meraki`.
pub(super) fn serve_meraki_command() -> clap::Command {
    let mut cli = Cli::command();
    cli.build();
    cli.find_subcommand("serve")
        .and_then(|s| s.find_subcommand("meraki"))
        .expect("a serve meraki subcommand")
        .clone()
}

/// Check that `mcp-bridge serve meraki FLAGS…` would start (the API key never comes from the
/// command line, so there is no secret to look for).
pub(super) fn check_serve_meraki(flags: &[String]) -> Result<(), String> {
    let mut argv: Vec<OsString> = vec!["mcp-bridge".into(), "serve".into(), "meraki".into()];
    argv.extend(flags.iter().map(OsString::from));
    Cli::command()
        .try_get_matches_from(argv)
        .map(drop)
        .map_err(|e| {
            let text = e.to_string();
            let first = text.lines().next().unwrap_or_default();
            format!(
                "{} (in the flags for `mcp-bridge serve meraki`; see `mcp-bridge serve meraki --help`)",
                first.trim_start_matches("error: ")
            )
        })
}

/// Check that `mcp-bridge proxy SERVER FLAGS…` would run: the error says what is wrong and
/// how to give it instead.
pub(super) fn check(server: &str, flags: &[String]) -> Result<(), String> {
    let (url, from_file) = if config::is_name(server) {
        let path = config::path()?;
        let text = config::read(&path).map_err(|e| e.to_string())?;
        let named = config::server(&text, &path.display().to_string(), server)
            .map_err(|e| e.to_string())?;
        (named.url.clone(), named.args())
    } else {
        (server.to_owned(), Vec::new())
    };
    let parse = |extra: &[String]| {
        let mut argv: Vec<OsString> = vec!["mcp-bridge".into(), "proxy".into(), url.clone().into()];
        argv.extend(extra.iter().map(OsString::from));
        argv.extend(flags.iter().map(OsString::from));
        Cli::command().try_get_matches_from(argv).map_err(|e| {
            let text = e.to_string();
            let first = text.lines().next().unwrap_or_default();
            format!(
                "{} (in the flags for `mcp-bridge proxy`; see `mcp-bridge proxy --help`)",
                first.trim_start_matches("error: ")
            )
        })
    };
    let all = parse(&from_file)?;
    let (_, m) = all.subcommand().expect("the proxy subcommand");
    check_server_url(&url, m.get_flag("allow_http")).map_err(|e| e.to_string())?;
    // Only what goes into the host's file is checked for secrets (a named server's settings
    // stay in config.toml).
    let own = parse(&[])?;
    let (_, m) = own.subcommand().expect("the proxy subcommand");
    for (id, flag, instead) in [
        (
            "client_secret",
            "--client-secret",
            "put {\"client_id\": …, \"client_secret\": …} in a file only you can read and pass \
             --static-oauth-client-info @FILE, or set MCP_BRIDGE_CLIENT_SECRET in the environment the host starts the bridge with",
        ),
        (
            "cf_access_client_secret",
            "--cf-access-client-secret",
            "store it in the keyring once with `mcp-bridge login URL --cf-access-client-id ID` (it asks for the secret), \
             or pass --cf-access-client-secret-file PATH",
        ),
    ] {
        if m.value_source(id) == Some(ValueSource::CommandLine) {
            return Err(format!(
                "{flag} would be written into the host's config file in plain text; {instead}"
            ));
        }
    }
    for h in m.get_many::<String>("headers").into_iter().flatten() {
        crate::transport::headers::check_syntax(h, "--header").map_err(|e| e.to_string())?;
        if let Some(name) = literal_secret_header(h) {
            return Err(format!(
                "the header `{name}` carries a credential that would be written into the host's config file in plain text; \
                 write `{name}: ${{TOKEN}}` and set TOKEN in the entry's \"env\", or use --header-file PATH (a file only you can read)"
            ));
        }
    }
    if let Some(info) = m.get_one::<String>("static_oauth_client_info") {
        crate::settings::named::flags::check_static_client_info(info, "the host's config file")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn installs_options_are_found_anywhere_and_values_are_left_alone() {
        let (own, rest) = split(&words(&[
            "--scope",
            "x",
            "--print",
            "-H",
            "--force",
            "--config-file=/tmp/c.json",
            "--transport",
            "sse-only",
        ]))
        .unwrap();
        assert!(own.print && !own.force, "`--force` here is the -H value");
        assert_eq!(own.config_file, Some(PathBuf::from("/tmp/c.json")));
        assert_eq!(
            rest,
            ["--scope", "x", "-H", "--force", "--transport", "sse-only"]
        );
        let (own, rest) = split(&words(&["--config-file", "c.json", "--", "3334"])).unwrap();
        assert!(!own.print && own.config_file.is_some());
        assert_eq!(rest, ["3334"]);
        assert!(split(&words(&["--config-file"])).is_err());
    }

    #[test]
    fn serve_meraki_flags_are_checked_with_its_own_definition() {
        let (own, rest) = split_for(
            &serve_meraki_command(),
            &words(&["--demo", "--print", "--region", "canada"]),
        )
        .unwrap();
        assert!(own.print);
        assert_eq!(rest, ["--demo", "--region", "canada"]);
        assert!(check_serve_meraki(&rest).is_ok());
        let e = check_serve_meraki(&words(&["--region", "mars"])).unwrap_err();
        assert!(e.contains("mars") && e.contains("serve meraki"), "{e}");
        assert!(check_serve_meraki(&words(&["--scope", "x"])).is_err());
    }

    #[test]
    fn the_flags_are_checked_as_proxy_would_check_them() {
        let ok = |s: &str, f: &[&str]| check(s, &words(f));
        assert!(ok("https://m.test/mcp", &["--scope", "a b", "3334"]).is_ok());
        let e = ok("https://m.test/mcp", &["--bogus"]).unwrap_err();
        assert!(e.contains("--bogus"), "{e}");
        let e = ok("http://m.test/mcp", &[]).unwrap_err();
        assert!(e.contains("--allow-http"), "{e}");
        assert!(ok("http://m.test/mcp", &["--allow-http"]).is_ok());
        assert!(ok("ftp://m.test/", &[]).unwrap_err().contains("http(s)"));
        let e = ok("https://m.test/mcp", &["--client-secret", "s3"]).unwrap_err();
        assert!(e.contains("plain text") && !e.contains("s3"), "{e}");
        let e = ok("https://m.test/mcp", &["-H", "Authorization Bearer s3"]).unwrap_err();
        assert!(e.contains("no colon") && !e.contains("s3"), "{e}");
        let e = ok("https://m.test/mcp", &["-H", "Authorization: Bearer abc"]).unwrap_err();
        assert!(e.contains("${TOKEN}"), "{e}");
        assert!(ok("https://m.test/mcp", &["-H", "Authorization: Bearer ${T}"]).is_ok());
        let e = ok(
            "https://m.test/mcp",
            &[
                "--static-oauth-client-info",
                r#"{"client_id":"c","client_secret":"s"}"#,
            ],
        )
        .unwrap_err();
        assert!(e.contains("@FILE"), "{e}");
        assert!(
            ok(
                "https://m.test/mcp",
                &["--static-oauth-client-info", "@/tmp/c.json"]
            )
            .is_ok()
        );
    }
}

//! The settings of a named server are the long flags of `mcp-bridge proxy`, looked up in the clap
//! definition itself, so every flag works in the file without a list to keep in step: a boolean
//! flag takes `true`/`false`, a repeatable one an array (or one string), any other a string or
//! number. Secrets are refused, in a secret flag or as a literal credential header: they belong
//! in the environment, a file or the keyring.

use clap::ArgAction;
use toml_edit::Value;

/// Flags whose value is a secret, never written into or read from the config file.
pub const SECRET_FLAGS: [&str; 2] = ["client-secret", "cf-access-client-secret"];

fn proxy_command() -> clap::Command {
    use clap::CommandFactory;
    let mut cli = crate::cli::Cli::command();
    cli.build();
    cli.find_subcommand("proxy")
        .expect("a proxy subcommand")
        .clone()
}

enum Kind {
    Switch,
    List,
    Single,
}

fn lookup(key: &str) -> Result<(String, Kind), String> {
    let long = key.replace('_', "-");
    if SECRET_FLAGS.contains(&long.as_str()) {
        return Err(format!(
            "`{key}` is a secret and does not belong in the config file; give it through the environment \
             (MCP_BRIDGE_CLIENT_SECRET, CF_ACCESS_CLIENT_SECRET), --cf-access-client-secret-file, or the keyring"
        ));
    }
    let cmd = proxy_command();
    let found = cmd
        .get_arguments()
        .find(|a| a.get_long() == Some(long.as_str()) && !a.is_positional());
    let Some(arg) = found.filter(|a| !matches!(a.get_id().as_str(), "help" | "version")) else {
        let longs: Vec<String> = cmd
            .get_arguments()
            .filter_map(|a| a.get_long().map(str::to_owned))
            .collect();
        let hint = longs
            .iter()
            .map(|l| (distance(l, &long), l))
            .filter(|(d, _)| *d <= 2)
            .min()
            .map(|(_, l)| format!("; did you mean `{l}`?"))
            .unwrap_or_default();
        return Err(format!("unknown setting `{key}`{hint}"));
    };
    let kind = match arg.get_action() {
        ArgAction::SetTrue | ArgAction::SetFalse => Kind::Switch,
        ArgAction::Append => Kind::List,
        _ => Kind::Single,
    };
    Ok((long, kind))
}

/// Header names that carry credentials, by their `-`/`_`-separated words.
const CREDENTIAL_WORDS: [&str; 13] = [
    "authorization",
    "auth",
    "cookie",
    "secret",
    "token",
    "password",
    "passwd",
    "key",
    "apikey",
    "session",
    "credential",
    "credentials",
    "signature",
];

/// Refuse a `--header` whose value is a literal secret: a credential header (Authorization,
/// Cookie, CF-Access-Client-Secret, X-API-Key, …) whose value is not written with `${VAR}`
/// (an auth scheme word such as `Bearer` may stay literal), or any header whose value looks like
/// a token (a JWT, a service token secret). The value is never repeated in the message.
pub fn check_header(header: &str) -> Result<(), String> {
    crate::transport::headers::check_syntax(header, "--header").map_err(|e| e.to_string())?;
    let Some((name, value)) = header.split_once(':') else {
        return Ok(());
    };
    let name = name.trim();
    let mut literal = String::new();
    let mut rest = value;
    while let Some(start) = rest.find("${") {
        literal.push_str(&rest[..start]);
        match rest[start..].find('}') {
            Some(end) => rest = &rest[start + end + 1..],
            None => {
                rest = "";
                break;
            }
        }
    }
    literal.push_str(rest);
    let words: Vec<String> = literal
        .split_whitespace()
        .filter(|w| {
            !matches!(
                w.to_ascii_lowercase().as_str(),
                "bearer" | "basic" | "token" | "dpop"
            )
        })
        .map(str::to_owned)
        .collect();
    let lname = name.to_ascii_lowercase();
    let credential_name = lname
        .split(['-', '_'])
        .any(|w| CREDENTIAL_WORDS.contains(&w));
    let token_like = words
        .iter()
        .any(|w| (w.starts_with("eyJ") && w.matches('.').count() == 2) || w.starts_with("cfast_"));
    if (credential_name && !words.is_empty()) || token_like {
        return Err(format!(
            "the header `{name}` has a literal secret, which does not belong in the config file; \
             write it as `{name}: ${{VAR}}` (`{name}: Bearer ${{VAR}}` for a token) with VAR in \
             the environment, or keep it in a --header-file"
        ));
    }
    Ok(())
}

/// Refuse a `--static-oauth-client-info` given as JSON with a literal `client_secret` (not
/// `${VAR}`), for the commands that write flags into a file (`install`, `config add`, and a
/// named server read back); `file` names that file. `@FILE` is always fine.
pub fn check_static_client_info(info: &str, file: &str) -> Result<(), String> {
    let literal_secret = !info.trim_start().starts_with('@')
        && serde_json::from_str::<serde_json::Value>(info)
            .ok()
            .and_then(|v| v["client_secret"].as_str().map(|s| !s.contains("${")))
            == Some(true);
    if literal_secret {
        return Err(format!(
            "--static-oauth-client-info holds a client_secret in plain text, which does not \
             belong in {file}; put the JSON in a file only you can read and pass \
             --static-oauth-client-info @FILE"
        ));
    }
    Ok(())
}

/// The long flag and command-line arguments a setting stands for.
pub fn to_args(key: &str, value: &Value) -> Result<(String, Vec<String>), String> {
    let (long, kind) = lookup(key)?;
    let args = args_of(key, &long, kind, value)?;
    if long == "header" {
        for h in args.iter().skip(1).step_by(2) {
            check_header(h)?;
        }
    }
    if long == "static-oauth-client-info" {
        for v in args.iter().skip(1) {
            check_static_client_info(v, "the config file")?;
        }
    }
    Ok((long, args))
}

fn args_of(key: &str, long: &str, kind: Kind, value: &Value) -> Result<Vec<String>, String> {
    let flag = format!("--{long}");
    let scalar = |v: &Value| match v {
        Value::String(s) => Some(s.value().clone()),
        Value::Integer(i) => Some(i.value().to_string()),
        Value::Float(f) => Some(f.value().to_string()),
        _ => None,
    };
    match kind {
        Kind::Switch => match value.as_bool() {
            Some(true) => Ok(vec![flag]),
            Some(false) => Ok(vec![]),
            None => Err(format!("`{key}` takes true or false")),
        },
        Kind::List => {
            let items: Vec<String> = match value {
                Value::Array(a) => a
                    .iter()
                    .map(|v| scalar(v).ok_or(()))
                    .collect::<Result<_, _>>()
                    .map_err(|()| format!("`{key}` takes strings"))?,
                v => vec![
                    scalar(v)
                        .ok_or_else(|| format!("`{key}` takes a string or a list of strings"))?,
                ],
            };
            Ok(items.into_iter().flat_map(|v| [flag.clone(), v]).collect())
        }
        Kind::Single => {
            let v = scalar(value).ok_or_else(|| format!("`{key}` takes a string or a number"))?;
            Ok(vec![flag, v])
        }
    }
}

/// Settings from command-line flags (for `config add`): (key, value) pairs; repeated list
/// flags come back as arrays.
pub fn from_args(args: &[String]) -> Result<Vec<(String, Value)>, String> {
    let mut out: Vec<(String, Value)> = Vec::new();
    let mut it = args.iter();
    while let Some(a) = it.next() {
        let Some(flag) = a.strip_prefix("--") else {
            return Err(format!("`{a}` is not a --flag"));
        };
        let (name, inline) = match flag.split_once('=') {
            Some((n, v)) => (n, Some(v.to_owned())),
            None => (flag, None),
        };
        let (long, kind) = lookup(name)?;
        match kind {
            Kind::Switch => out.push((long, Value::from(true))),
            Kind::List | Kind::Single => {
                let v = match inline {
                    Some(v) => v,
                    None => it
                        .next()
                        .cloned()
                        .ok_or_else(|| format!("--{long} needs a value"))?,
                };
                if long == "header" {
                    check_header(&v)?;
                }
                if long == "static-oauth-client-info" {
                    check_static_client_info(&v, "the config file")?;
                }
                if matches!(kind, Kind::List) {
                    if let Some((_, Value::Array(arr))) = out.iter_mut().find(|(k, _)| *k == long) {
                        arr.push(v);
                        continue;
                    }
                    let mut arr = toml_edit::Array::new();
                    arr.push(v);
                    out.push((long, Value::Array(arr)));
                } else {
                    out.push((long, Value::from(v)));
                }
            }
        }
    }
    Ok(out)
}

/// Edit distance, for "did you mean".
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1];
        for (j, cb) in b.iter().enumerate() {
            let sub = prev[j] + usize::from(ca != *cb);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_round_trip_through_settings() {
        let args: Vec<String> = [
            "--use-id-token",
            "--header",
            "A: 1",
            "--header=B: 2",
            "--scope",
            "x y",
            "--callback-port",
            "8976",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let settings = from_args(&args).unwrap();
        let keys: Vec<&str> = settings.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["use-id-token", "header", "scope", "callback-port"]);
        let back: Vec<String> = settings
            .iter()
            .flat_map(|(k, v)| to_args(k, v).unwrap().1)
            .collect();
        assert_eq!(
            back,
            [
                "--use-id-token",
                "--header",
                "A: 1",
                "--header",
                "B: 2",
                "--scope",
                "x y",
                "--callback-port",
                "8976"
            ]
        );
    }

    #[test]
    fn secrets_and_unknown_flags_are_refused() {
        assert!(
            from_args(&["--client-secret".into(), "s".into()])
                .unwrap_err()
                .contains("secret")
        );
        assert!(to_args("cf_access_client_secret", &Value::from("s")).is_err());
        assert!(
            to_args("trasnport", &Value::from("x"))
                .unwrap_err()
                .contains("did you mean `transport`")
        );
        assert!(to_args("help", &Value::from(true)).is_err());
        assert!(
            to_args("no-use-id-token", &Value::from(true)).is_err(),
            "negations are for the command line"
        );
        assert_eq!(distance("kitten", "sitting"), 3);
    }

    #[test]
    fn literal_secrets_in_headers_are_refused_and_never_repeated() {
        for bad in [
            "Authorization: Bearer abc123",
            "authorization:abc",
            "CF-Access-Client-Secret: 9f8e7d",
            "X-API-Key: k3y",
            "X-Auth-Token: ${PART}tail",
            "Cookie: CF_Authorization=xyz",
            "X-Anything: eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ1In0.c2ln",
            "X-Other: cfast_abcdef",
        ] {
            let e = check_header(bad).unwrap_err();
            let value = bad.split_once(':').unwrap().1.trim();
            assert!(!e.contains(value), "{e}");
            assert!(
                from_args(&["--header".into(), bad.into()]).is_err(),
                "{bad}"
            );
        }
        for ok in [
            "Authorization: Bearer ${TOKEN}",
            "CF-Access-Client-Secret: ${CF_SECRET}",
            "CF-Access-Client-Id: 1a2b.access",
            "X-Team: blue",
            "X-Api-Key:",
        ] {
            assert!(check_header(ok).is_ok(), "{ok}");
        }
        let e = check_header("Authorization Bearer abc123").unwrap_err();
        assert!(e.contains("no colon") && !e.contains("abc123"), "{e}");
        let arr = Value::Array(["X-Team: a", "X-Api-Key: k"].into_iter().collect());
        assert!(to_args("header", &arr).is_err());
    }

    #[test]
    fn a_client_secret_in_static_client_info_is_refused_as_install_refuses_it() {
        let info = r#"{"client_id":"c","client_secret":"s3cr3t-value"}"#;
        let e = from_args(&["--static-oauth-client-info".into(), info.into()]).unwrap_err();
        assert!(
            e.contains("@FILE") && e.contains("the config file") && !e.contains("s3cr3t"),
            "{e}"
        );
        assert!(to_args("static_oauth_client_info", &Value::from(info)).is_err());
        for ok in [
            "@/home/me/client.json",
            r#"{"client_id":"c"}"#,
            r#"{"client_id":"c","client_secret":"${CLIENT_SECRET}"}"#,
        ] {
            assert!(
                from_args(&["--static-oauth-client-info".into(), ok.into()]).is_ok(),
                "{ok}"
            );
        }
    }
}

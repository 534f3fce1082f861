//! Extra request headers from `--header "Name: value"` and `--header-file`: parsing, `${VAR}`
//! expansion from the environment, and marking every value sensitive so it never reaches a log
//! (and remembering it, so that a server that echoes it has it hidden: [`crate::secret::redact`]).

use std::path::Path;

use http::{HeaderMap, HeaderName, HeaderValue};

/// A header the user gave that cannot be used.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum HeaderError {
    #[error("{origin}: expected \"Name: value\", got {shown}")]
    Syntax { origin: String, shown: String },
    #[error("{origin}: header {name} uses ${{{var}}}, which is not set in the environment")]
    UnsetVariable {
        origin: String,
        name: String,
        var: String,
    },
    #[error("{origin}: header {name} is managed by mcp-bridge and cannot be set")]
    Reserved { origin: String, name: String },
    #[error("{origin}: the value of header {name} is not a valid HTTP header value")]
    BadValue { origin: String, name: String },
    #[error("cannot read header file {path}: {detail}")]
    File { path: String, detail: String },
}

const RESERVED: &[&str] = &[
    "host",
    "content-length",
    "content-type",
    "accept",
    "mcp-session-id",
    "mcp-protocol-version",
    "last-event-id",
    "transfer-encoding",
    "connection",
];

/// Parse `--header` values and header files into one map. `env` looks up `${VAR}`.
pub fn collect_headers(
    args: &[String],
    files: &[impl AsRef<Path>],
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<HeaderMap, HeaderError> {
    let mut map = HeaderMap::new();
    for (i, arg) in args.iter().enumerate() {
        let origin = format!("--header #{}", i + 1);
        let (name, value) = parse_line(arg, &origin, env)?;
        remember(&value);
        map.append(name, value);
    }
    for file in files {
        let path = file.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| HeaderError::File {
            path: path.display().to_string(),
            detail: e.to_string(),
        })?;
        for (n, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let origin = format!("{}:{}", path.display(), n + 1);
            let (name, value) = parse_line(line, &origin, env)?;
            remember(&value);
            map.append(name, value);
        }
    }
    Ok(map)
}

fn remember(value: &HeaderValue) {
    if let Ok(v) = value.to_str() {
        crate::secret::redact::remember_header_value(v);
    }
}

fn parse_line(
    line: &str,
    origin: &str,
    env: &dyn Fn(&str) -> Option<String>,
) -> Result<(HeaderName, HeaderValue), HeaderError> {
    let syntax = || HeaderError::Syntax {
        origin: origin.to_owned(),
        // Show only the name before the colon: the value may be a secret, and so may a line
        // with no colon at all ("Authorization Bearer abc").
        shown: match line.split_once(':') {
            Some((name, _)) => format!("the name {:?}", name.trim()),
            None => format!(
                "{} characters with no colon (not shown)",
                line.chars().count()
            ),
        },
    };
    let (name, value) = line.split_once(':').ok_or_else(syntax)?;
    let name = name.trim();
    if name.is_empty()
        || !name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(syntax());
    }
    let header = HeaderName::from_bytes(name.as_bytes()).map_err(|_| syntax())?;
    if RESERVED.contains(&header.as_str()) {
        return Err(HeaderError::Reserved {
            origin: origin.to_owned(),
            name: name.to_owned(),
        });
    }
    let value = expand_vars(value.trim(), env).map_err(|var| HeaderError::UnsetVariable {
        origin: origin.to_owned(),
        name: name.to_owned(),
        var,
    })?;
    let mut value = HeaderValue::from_str(&value).map_err(|_| HeaderError::BadValue {
        origin: origin.to_owned(),
        name: name.to_owned(),
    })?;
    value.set_sensitive(true);
    Ok((header, value))
}

/// Check one `--header` value's syntax (name, colon, a valid value) without the environment:
/// for the commands that write it into a file (`install`, `config add`).
pub fn check_syntax(line: &str, origin: &str) -> Result<(), HeaderError> {
    parse_line(line, origin, &|_| Some(String::new())).map(drop)
}

/// Replace every `${VAR}` with its value; `Err(VAR)` names the first unset variable.
pub fn expand_vars(s: &str, env: &dyn Fn(&str) -> Option<String>) -> Result<String, String> {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        match after.find('}') {
            Some(end) => {
                let var = &after[..end];
                out.push_str(&env(var).ok_or_else(|| var.to_owned())?);
                rest = &after[end + 1..];
            }
            None => {
                out.push_str(&rest[start..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(k: &str) -> Option<String> {
        (k == "TOKEN").then(|| "s3cret".to_owned())
    }

    #[test]
    fn parses_and_expands() {
        let m = collect_headers(
            &[
                "Authorization: Bearer ${TOKEN}".into(),
                "X-Team:blue".into(),
            ],
            &[] as &[&Path],
            &env,
        )
        .unwrap();
        assert_eq!(m["authorization"], "Bearer s3cret");
        assert!(m["authorization"].is_sensitive());
        assert_eq!(m["x-team"], "blue");
    }

    #[test]
    fn errors_name_the_problem_without_the_value() {
        let e =
            collect_headers(&["Authorization: ${NOPE}".into()], &[] as &[&Path], &env).unwrap_err();
        assert!(e.to_string().contains("${NOPE}"), "{e}");
        let e = collect_headers(
            &["Authorization Bearer sekrit".into()],
            &[] as &[&Path],
            &env,
        )
        .unwrap_err();
        assert!(matches!(e, HeaderError::Syntax { .. }));
        assert!(!e.to_string().contains("sekrit"), "{e}");
        assert!(check_syntax("Authorization Bearer sekrit", "--header").is_err());
        assert!(check_syntax("Authorization: Bearer ${UNSET}", "--header").is_ok());
        let e = collect_headers(&["Mcp-Session-Id: x".into()], &[] as &[&Path], &env).unwrap_err();
        assert!(matches!(e, HeaderError::Reserved { .. }));
        let e =
            collect_headers(&["Bad Name: secretvalue".into()], &[] as &[&Path], &env).unwrap_err();
        assert!(!e.to_string().contains("secretvalue"));
    }

    #[test]
    fn reads_header_files_with_comments() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("h");
        std::fs::write(&p, "# comment\n\nX-Api-Key: ${TOKEN}\nX-Other: 1\n").unwrap();
        let m = collect_headers(&[], &[&p], &env).unwrap();
        assert_eq!((m["x-api-key"].to_str().unwrap(), m.len()), ("s3cret", 2));
        std::fs::write(&p, "oops\n").unwrap();
        let e = collect_headers(&[], &[&p], &env).unwrap_err();
        assert!(e.to_string().contains(":1"), "{e}");
    }

    #[test]
    fn unterminated_variable_stays_literal() {
        assert_eq!(expand_vars("a ${B", &env).unwrap(), "a ${B");
    }
}

//! The layering of the crate, read from its sources: the command line (`crate::cli`) is known
//! only to `lib.rs`, the commands and the settings that resolve it; nothing below the commands
//! reaches up into `crate::commands`; the storage (`crate::store`) knows none of the layers that
//! keep things in it; the process environment is read by `settings::env` alone. (The layers
//! are drawn in src/lib.rs.)

use std::path::{Path, PathBuf};

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The lines of `text` (comments left out) that name the module `module` of the crate, by
/// path (`crate::cli::…`, `use crate::cli;`, `crate::cli::{…}`).
fn mentions(text: &str, module: &str) -> Vec<String> {
    let needle = format!("crate::{module}");
    text.lines()
        .map(|l| l.split("//").next().unwrap_or_default())
        .filter(|l| {
            l.match_indices(&needle).any(|(at, _)| {
                let next = l[at + needle.len()..].chars().next();
                !next.is_some_and(|c| c.is_alphanumeric() || c == '_')
            })
        })
        .map(|l| l.trim().to_owned())
        .collect()
}

/// (file relative to src/, offending line) for every file not in `allowed` that names
/// `crate::<module>`.
fn violations(module: &str, allowed: &[&str]) -> Vec<(String, String)> {
    source_texts()
        .into_iter()
        .filter(|(rel, _)| !allowed.iter().any(|a| rel == a || rel.starts_with(a)))
        .flat_map(|(rel, text)| {
            mentions(&text, module)
                .into_iter()
                .map(move |l| (rel.clone(), l))
        })
        .collect()
}

/// (file relative to src/, its text) for every source file.
fn source_texts() -> Vec<(String, String)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    files
        .into_iter()
        .map(|file| {
            let rel = file
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            (rel, std::fs::read_to_string(&file).unwrap())
        })
        .collect()
}

/// (file relative to src/, offending line) for every file under `dir` that names
/// `crate::<module>`.
fn mentions_under(dir: &str, module: &str) -> Vec<(String, String)> {
    let prefix = format!("{}/", dir.trim_end_matches('/'));
    let under: Vec<(String, String)> = source_texts()
        .into_iter()
        .filter(|(rel, _)| rel.starts_with(&prefix))
        .collect();
    assert!(!under.is_empty(), "no sources under src/{dir}");
    under
        .into_iter()
        .flat_map(|(rel, text)| {
            mentions(&text, module)
                .into_iter()
                .map(move |l| (rel.clone(), l))
        })
        .collect()
}

#[test]
fn the_scanner_finds_what_it_looks_for() {
    assert_eq!(mentions("use crate::cli::AuthArgs;", "cli").len(), 1);
    assert_eq!(mentions("let c = crate::cli::command();", "cli").len(), 1);
    assert_eq!(mentions("use crate::cli;", "cli").len(), 1);
    assert!(mentions("use crate::client::X;", "cli").is_empty());
    assert!(mentions("// see crate::cli::AuthArgs", "cli").is_empty());
}

#[test]
fn only_the_top_knows_the_command_line() {
    let found = violations(
        "cli",
        &["lib.rs", "main.rs", "cli/", "commands/", "settings/"],
    );
    assert!(
        found.is_empty(),
        "modules below the commands and settings name crate::cli: {found:#?}"
    );
}

#[test]
fn nothing_below_the_commands_reaches_up_into_them() {
    let found = violations("commands", &["lib.rs", "main.rs", "commands/"]);
    assert!(
        found.is_empty(),
        "modules below the commands name crate::commands: {found:#?}"
    );
}

/// The storage keeps what the layers above give it in its own shapes (the state file's
/// records, the credential store's strings): the sign-in, the credential, the relay and the
/// wire convert theirs, and the storage names none of them.
#[test]
fn the_storage_knows_nothing_of_the_layers_that_use_it() {
    let above = [
        "commands",
        "cli",
        "doctor",
        "hostconfig",
        "migrate",
        "proxy",
        "serve",
        "meraki",
        "credential",
        "oauth",
        "cf_access",
        "transport",
        "revision",
        "jsonrpc",
    ];
    let found: Vec<_> = above
        .iter()
        .flat_map(|m| mentions_under("store/", m))
        .collect();
    assert!(
        found.is_empty(),
        "src/store names a layer above it: {found:#?}"
    );
}

/// The lines of `text` (comments left out) that read the process environment with the
/// standard library (`std::env::var`, `var_os`, `vars`, `vars_os`, however imported).
fn environment_reads(text: &str) -> Vec<String> {
    text.lines()
        .map(|l| l.split("//").next().unwrap_or_default())
        .filter(|l| {
            l.contains("env::var")
                || (l.contains("std::env::{") && l.contains("var"))
                || l.contains("use std::env;")
        })
        .map(|l| l.trim().to_owned())
        .collect()
}

#[test]
fn the_environment_scanner_finds_what_it_looks_for() {
    assert_eq!(
        environment_reads("let h = std::env::var_os(\"HOME\");").len(),
        1
    );
    assert_eq!(environment_reads("std::env::var(\"TERM\").ok()").len(), 1);
    assert_eq!(
        environment_reads("for (k, v) in std::env::vars() {").len(),
        1
    );
    assert_eq!(
        environment_reads("use std::env::{args_os, var_os};").len(),
        1
    );
    assert_eq!(environment_reads("use std::env;").len(), 1);
    assert!(environment_reads("let a = std::env::args_os();").is_empty());
    assert!(environment_reads("env::os(env::TERM)").is_empty());
    assert!(environment_reads("// not std::env::var(\"X\")").is_empty());
}

/// Every variable is read through `settings::env`, whose list names it, from one snapshot.
#[test]
fn only_the_settings_read_the_environment() {
    let found: Vec<(String, String)> = source_texts()
        .into_iter()
        .filter(|(rel, _)| rel != "settings/env.rs")
        .flat_map(|(rel, text)| {
            environment_reads(&text)
                .into_iter()
                .map(move |l| (rel.clone(), l))
        })
        .collect();
    assert!(
        found.is_empty(),
        "the process environment is read outside settings/env.rs: {found:#?}"
    );
}

//! Whether this binary was started by the npm package's launcher (`npx -y mcp-bridge …`, a
//! global `npm i -g mcp-bridge`, a project's `node_modules`), and then what the host's entry
//! runs instead of this file's path.
//!
//! The launcher (`npm/mcp-bridge/bin/mcp-bridge.js`) tells the binary in three variables:
//! [`PACKAGE_ENV`] (`mcp-bridge@<version>`), [`LAUNCHER_ENV`] (the launcher script's path) and
//! [`BINARY_ENV`] (the binary it started). They count only when [`BINARY_ENV`] is this very
//! program, so that a copy that reaches another process (a browser the bridge opens, a shell
//! started from there) changes nothing for any other mcp-bridge.
//!
//! - Under npx the binary sits in npm's cache (`…/_npx/<hash>/node_modules/…`), which npm
//!   empties as it likes: the entry runs `npx -y mcp-bridge@<version>` instead, the same
//!   version, fetched again if the cache was cleared.
//! - A global install has a stable command on PATH (npm's link or `.cmd` shim to the
//!   launcher): the entry runs that.
//! - Anything else (a project's own `node_modules`, which a desktop host does not run from
//!   and `npm ci` wipes) gets the npx form too.
//!
//! On Windows, `npx` and npm's shims are `.cmd` scripts, which a host can only start through
//! `cmd /c` (Claude Desktop and Cursor users write `"command": "cmd", "args": ["/c", "npx",
//! …]` for mcp-remote): the entry does the same.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use crate::settings::env::{self, Var};

/// `mcp-bridge@<version>`: the package spec the entry should run.
pub const PACKAGE_ENV: Var = env::MCP_BRIDGE_NPM_PACKAGE;
/// The path of the launcher script that started this binary.
pub const LAUNCHER_ENV: Var = env::MCP_BRIDGE_NPM_LAUNCHER;
/// The binary the launcher started (must be this program for the others to count).
pub const BINARY_ENV: Var = env::MCP_BRIDGE_NPM_BINARY;

/// How the npm package started this binary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NpmLaunch {
    /// Through npx (or from a project's node_modules): run `npx -y <spec>`.
    Npx { spec: String },
    /// From a global install: run the command npm put on PATH.
    Global { shim: PathBuf },
}

/// What the host's entry runs: `command`, then `args` before the bridge's own arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EntryCommand {
    pub command: String,
    pub args: Vec<String>,
}

impl NpmLaunch {
    /// The launch of this process, from its environment; `None` when the npm launcher did not
    /// start this very binary.
    pub fn from_env() -> Option<NpmLaunch> {
        let running = std::env::current_exe().ok()?;
        detect(
            &|k| env::os(k).map(ToOwned::to_owned),
            &running,
            env::os(env::PATH).map(ToOwned::to_owned),
            cfg!(windows),
        )
    }

    /// The entry's command for a host on this platform (`windows`: through `cmd /c`).
    pub fn entry_command(&self, windows: bool) -> EntryCommand {
        let (program, mut args) = match self {
            NpmLaunch::Npx { spec } => ("npx".to_owned(), vec!["-y".to_owned(), spec.clone()]),
            NpmLaunch::Global { shim } => (shim.to_string_lossy().into_owned(), vec![]),
        };
        if windows {
            args.splice(0..0, ["/c".to_owned(), program]);
            EntryCommand {
                command: "cmd".to_owned(),
                args,
            }
        } else {
            EntryCommand {
                command: program,
                args,
            }
        }
    }
}

/// The arguments that `cmd /c` would not pass on as written (`&`, `|`, `<`, `>`, `^`, `%`,
/// `"` have a meaning to it).
pub fn mangled_by_cmd(args: &[String]) -> Vec<&str> {
    args.iter()
        .map(String::as_str)
        .filter(|a| a.contains(['&', '|', '<', '>', '^', '%', '"']))
        .collect()
}

/// The launch described by `env`, for the program at `running`.
pub fn detect(
    env: &dyn Fn(Var) -> Option<OsString>,
    running: &Path,
    path_var: Option<OsString>,
    windows: bool,
) -> Option<NpmLaunch> {
    let spec = env(PACKAGE_ENV)?.into_string().ok()?;
    if !is_package_spec(&spec) {
        return None;
    }
    let binary = PathBuf::from(env(BINARY_ENV)?);
    if !same_file(&binary, running) {
        return None;
    }
    let launcher = PathBuf::from(env(LAUNCHER_ENV)?);
    let under_npx = launcher.components().any(|c| c.as_os_str() == "_npx");
    if !under_npx && let Some(shim) = global_shim(&launcher, path_var, windows) {
        return Some(NpmLaunch::Global { shim });
    }
    Some(NpmLaunch::Npx { spec })
}

/// `mcp-bridge@1.2.3` (a version of letters, digits, `.`, `-`, `+`): nothing that a shell or
/// npm would read as more than one package.
fn is_package_spec(spec: &str) -> bool {
    spec.strip_prefix("mcp-bridge@").is_some_and(|v| {
        !v.is_empty()
            && v.starts_with(|c: char| c.is_ascii_digit())
            && v.chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))
    })
}

/// The command on PATH that npm's global install made for `launcher`: on Unix a link
/// `<prefix>/bin/mcp-bridge` to it; on Windows `<prefix>\mcp-bridge.cmd`, beside
/// `<prefix>\node_modules\mcp-bridge\bin\mcp-bridge.js`.
fn global_shim(launcher: &Path, path_var: Option<OsString>, windows: bool) -> Option<PathBuf> {
    let name = if windows {
        "mcp-bridge.cmd"
    } else {
        "mcp-bridge"
    };
    std::env::split_paths(&path_var?)
        .filter(|dir| dir.is_absolute())
        .map(|dir| dir.join(name))
        .find(|shim| {
            if windows {
                let beside = shim.with_file_name("node_modules/mcp-bridge/bin/mcp-bridge.js");
                shim.is_file() && same_file(&beside, launcher)
            } else {
                same_file(shim, launcher)
            }
        })
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(x), Ok(y)) => x == y,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Tree {
        _dir: tempfile::TempDir,
        root: PathBuf,
    }

    fn tree(files: &[&str]) -> Tree {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        for f in files {
            let p = root.join(f);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(&p, "").unwrap();
        }
        Tree { _dir: dir, root }
    }

    fn env_of(vars: Vec<(Var, OsString)>) -> impl Fn(Var) -> Option<OsString> {
        move |k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone())
    }

    const NPX_BIN: &str = "cache/_npx/9f3a/node_modules/@mcp-bridge/linux-x64/bin/mcp-bridge";
    const NPX_JS: &str = "cache/_npx/9f3a/node_modules/mcp-bridge/bin/mcp-bridge.js";

    fn npm_env(t: &Tree, bin: &str, js: &str) -> Vec<(Var, OsString)> {
        vec![
            (PACKAGE_ENV, "mcp-bridge@0.4.1".into()),
            (LAUNCHER_ENV, t.root.join(js).into()),
            (BINARY_ENV, t.root.join(bin).into()),
        ]
    }

    #[test]
    fn under_npx_the_entry_runs_npx_with_the_same_version() {
        let t = tree(&[NPX_BIN, NPX_JS]);
        let env = env_of(npm_env(&t, NPX_BIN, NPX_JS));
        let launch = detect(&env, &t.root.join(NPX_BIN), None, false).unwrap();
        assert_eq!(
            launch,
            NpmLaunch::Npx {
                spec: "mcp-bridge@0.4.1".into()
            }
        );
        assert_eq!(
            launch.entry_command(false),
            EntryCommand {
                command: "npx".into(),
                args: vec!["-y".into(), "mcp-bridge@0.4.1".into()]
            }
        );
        assert_eq!(
            launch.entry_command(true),
            EntryCommand {
                command: "cmd".into(),
                args: vec![
                    "/c".into(),
                    "npx".into(),
                    "-y".into(),
                    "mcp-bridge@0.4.1".into()
                ]
            }
        );
    }

    #[test]
    fn the_variables_count_only_for_the_binary_they_name() {
        let t = tree(&[NPX_BIN, NPX_JS, "other/mcp-bridge"]);
        let env = env_of(npm_env(&t, NPX_BIN, NPX_JS));
        // A release binary that inherited the variables from some other process.
        assert_eq!(
            detect(&env, &t.root.join("other/mcp-bridge"), None, false),
            None
        );
        // Without the launcher's variables: not an npm launch at all.
        let none = |_: Var| None;
        assert_eq!(detect(&none, &t.root.join(NPX_BIN), None, false), None);
    }

    #[test]
    fn a_spec_that_is_not_one_version_of_this_package_is_ignored() {
        let t = tree(&[NPX_BIN, NPX_JS]);
        for bad in [
            "mcp-remote@1.0.0",
            "mcp-bridge",
            "mcp-bridge@latest",
            "mcp-bridge@1.0.0 evil",
            "mcp-bridge@1.0.0&calc",
            "",
        ] {
            let mut vars = npm_env(&t, NPX_BIN, NPX_JS);
            vars[0].1 = bad.into();
            let env = env_of(vars);
            assert_eq!(
                detect(&env, &t.root.join(NPX_BIN), None, false),
                None,
                "{bad}"
            );
        }
        assert!(is_package_spec("mcp-bridge@1.2.3-rc.1+build.5"));
    }

    #[cfg(unix)]
    #[test]
    fn a_global_install_writes_the_link_on_path() {
        let bin =
            "prefix/lib/node_modules/mcp-bridge/node_modules/@mcp-bridge/linux-x64/bin/mcp-bridge";
        let js = "prefix/lib/node_modules/mcp-bridge/bin/mcp-bridge.js";
        let t = tree(&[bin, js]);
        std::fs::create_dir_all(t.root.join("prefix/bin")).unwrap();
        let link = t.root.join("prefix/bin/mcp-bridge");
        std::os::unix::fs::symlink("../lib/node_modules/mcp-bridge/bin/mcp-bridge.js", &link)
            .unwrap();
        let env = env_of(npm_env(&t, bin, js));
        let path =
            std::env::join_paths([t.root.join("elsewhere"), t.root.join("prefix/bin")]).unwrap();
        let launch = detect(&env, &t.root.join(bin), Some(path), false).unwrap();
        assert_eq!(launch, NpmLaunch::Global { shim: link.clone() });
        assert_eq!(
            launch.entry_command(false),
            EntryCommand {
                command: link.to_string_lossy().into_owned(),
                args: vec![]
            }
        );
        // Not on PATH (a project's node_modules): the npx form.
        let env = env_of(npm_env(&t, bin, js));
        assert!(matches!(
            detect(&env, &t.root.join(bin), None, false),
            Some(NpmLaunch::Npx { .. })
        ));
    }

    #[test]
    fn a_windows_global_install_is_found_by_its_cmd_shim() {
        let bin =
            "npm/node_modules/mcp-bridge/node_modules/@mcp-bridge/win32-x64/bin/mcp-bridge.exe";
        let js = "npm/node_modules/mcp-bridge/bin/mcp-bridge.js";
        let t = tree(&[bin, js, "npm/mcp-bridge.cmd", "other/mcp-bridge.cmd"]);
        let env = env_of(npm_env(&t, bin, js));
        let path = std::env::join_paths([t.root.join("other"), t.root.join("npm")]).unwrap();
        let launch = detect(&env, &t.root.join(bin), Some(path), true).unwrap();
        let shim = t.root.join("npm/mcp-bridge.cmd");
        assert_eq!(launch, NpmLaunch::Global { shim: shim.clone() });
        assert_eq!(
            launch.entry_command(true).args,
            vec!["/c".to_owned(), shim.to_string_lossy().into_owned()]
        );
    }

    #[test]
    fn what_cmd_would_change_is_named() {
        let args: Vec<String> = ["proxy", "https://x.test/mcp?a=1&b=2", "--scope", "read"]
            .map(String::from)
            .to_vec();
        assert_eq!(mangled_by_cmd(&args), ["https://x.test/mcp?a=1&b=2"]);
    }
}

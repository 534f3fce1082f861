//! Which path of this program goes into the host's config.
//!
//! The path the user invoked, not the file it resolves to: a package manager's link
//! (`/opt/homebrew/bin/mcp-bridge` → `../Cellar/mcp-bridge/0.3.1/bin/mcp-bridge`) stays valid
//! across upgrades, while the versioned file it points to is deleted by the next one. So
//! argv[0] is used — made absolute against the working directory when it has a directory part,
//! looked up on PATH when it is a bare name, as the shell did — provided it is the same file
//! as the running program (a PATH that changed since, or a wrapper that set argv[0] to
//! something else, falls back). `current_exe()` is the fallback, not the first choice: on
//! Linux it reads /proc/self/exe, which has every link resolved already.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The absolute path to write into the host's config.
pub(super) fn own_path() -> std::io::Result<PathBuf> {
    let running = std::env::current_exe()?;
    let invoked = std::env::args_os().next().and_then(|a0| {
        invoked_path(
            &a0,
            std::env::current_dir().ok().as_deref(),
            crate::settings::env::os(crate::settings::env::PATH).map(ToOwned::to_owned),
        )
    });
    Ok(match invoked {
        Some(p) if same_file(&p, &running) => p,
        _ => running,
    })
}

/// argv[0] as an absolute path: against `cwd` when it names a directory, else the first
/// match on `path_var`.
fn invoked_path(
    argv0: &OsString,
    cwd: Option<&Path>,
    path_var: Option<OsString>,
) -> Option<PathBuf> {
    let given = Path::new(argv0);
    if given.components().count() > 1 || given.is_absolute() {
        let abs = if given.is_absolute() {
            given.to_owned()
        } else {
            cwd?.join(given)
        };
        return abs.is_file().then(|| tidy(&abs));
    }
    let names: Vec<OsString> = if cfg!(windows) {
        vec![argv0.clone(), {
            let mut n = argv0.clone();
            n.push(".exe");
            n
        }]
    } else {
        vec![argv0.clone()]
    };
    std::env::split_paths(&path_var?)
        .filter(|dir| dir.is_absolute())
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// `a/./b` → `a/b` (no `..` handling: that would need the links it must not resolve).
fn tidy(p: &Path) -> PathBuf {
    p.components()
        .filter(|c| !matches!(c, std::path::Component::CurDir))
        .collect()
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

    #[test]
    fn a_bare_name_is_found_on_path_and_a_relative_one_in_the_working_directory() {
        let dir = tempfile::tempdir().unwrap();
        let bin = dir.path().join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        // Windows runs `mcp-bridge` as `mcp-bridge.exe`.
        let file = if cfg!(windows) {
            "mcp-bridge.exe"
        } else {
            "mcp-bridge"
        };
        std::fs::write(bin.join(file), "").unwrap();
        let path = std::env::join_paths([Path::new("relative"), &bin]).unwrap();
        let found = invoked_path(&"mcp-bridge".into(), None, Some(path));
        assert_eq!(found, Some(bin.join(file)));
        let rel = invoked_path(&format!("./bin/{file}").into(), Some(dir.path()), None);
        assert_eq!(rel, Some(bin.join(file)));
        assert_eq!(
            invoked_path(&"nope".into(), None, Some(bin.into_os_string())),
            None
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_link_on_path_is_kept_as_the_link() {
        let dir = tempfile::tempdir().unwrap();
        let cellar = dir.path().join("Cellar/0.1.0");
        std::fs::create_dir_all(&cellar).unwrap();
        let real = cellar.join("mcp-bridge");
        std::fs::write(&real, "").unwrap();
        let bin = dir.path().join("bin");
        std::fs::create_dir_all(&bin).unwrap();
        std::os::unix::fs::symlink(&real, bin.join("mcp-bridge")).unwrap();
        let path = std::env::join_paths([Path::new("relative"), &bin]).unwrap();
        let found = invoked_path(&"mcp-bridge".into(), None, Some(path)).unwrap();
        assert_eq!(found, bin.join("mcp-bridge"));
        assert!(same_file(&found, &real));
        let rel = invoked_path(&"./bin/mcp-bridge".into(), Some(dir.path()), None).unwrap();
        assert_eq!(rel, bin.join("mcp-bridge"));
        assert!(invoked_path(&"nope".into(), None, Some(bin.into_os_string())).is_none());
    }
}

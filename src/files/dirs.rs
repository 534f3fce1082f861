//! The private directory the bridge keeps its files in (the data directory and its `locks/`),
//! and the lock files there.
//!
//! A missing directory is created with mode 0700. One that exists is checked each time it is
//! used, because `MCP_BRIDGE_DATA_DIR` may name any directory:
//! - owned by another user: refused (they could read or swap what is written there);
//! - its parent writable by others without the sticky bit: refused (anyone could rename the
//!   directory away and put their own in its place); a sticky parent such as `/tmp` is fine;
//! - ours but open to the group or others: narrowed to 0700 (a warning says so).

use std::fs;
use std::io;
use std::path::Path;

use super::platform;

/// Create `dir` (and missing parents) with mode 0700, or check and narrow an existing one.
pub fn private_dir(dir: &Path) -> io::Result<()> {
    match fs::metadata(dir) {
        Ok(_) => {}
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let mut b = fs::DirBuilder::new();
            b.recursive(true);
            #[cfg(unix)]
            std::os::unix::fs::DirBuilderExt::mode(&mut b, 0o700);
            b.create(dir)?;
        }
        Err(e) => return Err(e),
    }
    check(dir)
}

/// Open (or create, mode 0600) a lock file, never through a link at its name.
pub fn open_lock(path: &Path) -> io::Result<fs::File> {
    let mut opts = fs::OpenOptions::new();
    opts.create(true).truncate(false).write(true);
    platform::private_create(&mut opts, 0o600);
    platform::check_not_link(path)?;
    opts.open(path)
}

fn refuse(dir: &Path, why: String) -> io::Error {
    io::Error::new(
        io::ErrorKind::PermissionDenied,
        format!(
            "refusing to keep credentials in {}: {why}; use a directory of your own \
             (MCP_BRIDGE_DATA_DIR names it)",
            dir.display()
        ),
    )
}

fn check(dir: &Path) -> io::Result<()> {
    let meta = fs::metadata(dir)?;
    if !meta.is_dir() {
        return Err(refuse(dir, "it is not a directory".into()));
    }
    if let Some(uid) = platform::foreign_owner(&meta) {
        return Err(refuse(
            dir,
            format!("it belongs to another user (uid {uid})"),
        ));
    }
    if let Some(parent) = dir.parent().filter(|p| !p.as_os_str().is_empty())
        && let Ok(pm) = fs::metadata(parent)
        && let Some(mode) = platform::mode(&pm)
        && mode & 0o002 != 0
        && mode & 0o1000 == 0
    {
        return Err(refuse(
            dir,
            format!(
                "{} can be changed by every user (mode {:o}, no sticky bit)",
                parent.display(),
                mode & 0o7777
            ),
        ));
    }
    if let Some(mode) = platform::mode(&meta)
        && mode & 0o077 != 0
    {
        platform::set_path_mode(dir, 0o700).map_err(|e| {
            refuse(
                dir,
                format!("others can use it (mode {mode:o}) and it cannot be narrowed to 0700: {e}"),
            )
        })?;
        tracing::warn!(dir = %dir.display(), "the directory was open to others (mode {mode:o}); narrowed to 0700");
    }
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    fn mode(p: &Path) -> u32 {
        fs::metadata(p).unwrap().permissions().mode() & 0o7777
    }

    #[test]
    fn a_new_directory_is_private() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().join("a").join("b");
        private_dir(&d).unwrap();
        assert_eq!(mode(&d), 0o700);
        assert_eq!(mode(&dir.path().join("a")), 0o700);
    }

    #[test]
    fn an_open_directory_of_ours_is_narrowed() {
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().join("data");
        fs::create_dir(&d).unwrap();
        fs::set_permissions(&d, fs::Permissions::from_mode(0o777)).unwrap();
        private_dir(&d).unwrap();
        assert_eq!(mode(&d), 0o700);
    }

    #[test]
    fn a_directory_in_a_world_writable_parent_without_sticky_bit_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let shared = dir.path().join("shared");
        fs::create_dir(&shared).unwrap();
        fs::set_permissions(&shared, fs::Permissions::from_mode(0o777)).unwrap();
        let d = shared.join("data");
        let e = private_dir(&d).unwrap_err().to_string();
        assert!(
            e.contains(&d.display().to_string()) && e.contains("sticky"),
            "{e}"
        );
        // With the sticky bit, as /tmp has it, the directory is fine.
        fs::set_permissions(&shared, fs::Permissions::from_mode(0o1777)).unwrap();
        private_dir(&d).unwrap();
    }

    #[test]
    // A test that cannot run here says so on the test harness's stderr.
    #[allow(clippy::print_stderr)]
    fn a_directory_owned_by_another_user_is_refused() {
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } != 0 {
            eprintln!("skipped: needs root to give a directory to another user");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let d = dir.path().join("theirs");
        fs::create_dir(&d).unwrap();
        std::os::unix::fs::chown(&d, Some(65534), Some(65534)).unwrap();
        let e = private_dir(&d).unwrap_err().to_string();
        assert!(
            e.contains(&d.display().to_string()) && e.contains("another user (uid 65534)"),
            "{e}"
        );
    }
}

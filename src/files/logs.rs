//! Opening a file to append to that only the user may read: `--log-file` and `--audit-log`.
//!
//! The file is created with mode 0600. An existing one is opened without following a link
//! at its name (a link planted at a predictable log path would send the lines elsewhere), is
//! refused when it belongs to another user (they could read what is appended), and is
//! narrowed to 0600 when others could read it. A terminal or `/dev/null` is taken as it is.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

use super::platform;

/// Open `path` for appending, as the module describes. `what` names the file in errors
/// ("log file", "audit log").
pub fn open_private_append(path: &Path, what: &str) -> io::Result<File> {
    let shown = path.display();
    let err = |kind: io::ErrorKind, why: String| {
        io::Error::new(kind, format!("cannot use the {what} {shown}: {why}"))
    };
    platform::check_not_link(path).map_err(|e| err(io::ErrorKind::InvalidInput, e.to_string()))?;
    let mut opts = OpenOptions::new();
    opts.create(true).append(true);
    platform::private_create(&mut opts, 0o600);
    let file = opts.open(path).map_err(|e| {
        if platform::is_link_error(&e) {
            err(
                io::ErrorKind::InvalidInput,
                "it is a symbolic link; give the path of the file itself".into(),
            )
        } else {
            err(e.kind(), e.to_string())
        }
    })?;
    let meta = file.metadata()?;
    if platform::is_device(&meta) {
        return Ok(file);
    }
    if !meta.is_file() {
        return Err(err(
            io::ErrorKind::InvalidInput,
            "it is not a regular file".into(),
        ));
    }
    if let Some(uid) = platform::foreign_owner(&meta) {
        return Err(err(
            io::ErrorKind::PermissionDenied,
            format!("it belongs to another user (uid {uid}), who could read what is written"),
        ));
    }
    if let Some(mode) = platform::mode(&meta)
        && mode & 0o077 != 0
    {
        platform::set_file_mode(&file, 0o600).map_err(|e| {
            err(
                e.kind(),
                format!(
                    "others can read it (mode {mode:o}) and it cannot be narrowed to 0600: {e}"
                ),
            )
        })?;
        tracing::warn!(path = %shown, "the {what} was readable by others (mode {mode:o}); narrowed to 0600");
    }
    Ok(file)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::fs;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_new_file_is_private_and_an_open_one_is_narrowed() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("new.log");
        open_private_append(&p, "log file").unwrap();
        assert_eq!(
            fs::metadata(&p).unwrap().permissions().mode() & 0o777,
            0o600
        );
        let old = dir.path().join("old.log");
        fs::write(&old, "earlier\n").unwrap();
        fs::set_permissions(&old, fs::Permissions::from_mode(0o644)).unwrap();
        open_private_append(&old, "log file").unwrap();
        assert_eq!(
            fs::metadata(&old).unwrap().permissions().mode() & 0o777,
            0o600
        );
        assert_eq!(fs::read_to_string(&old).unwrap(), "earlier\n");
    }

    #[test]
    fn a_link_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("bashrc");
        fs::write(&target, "").unwrap();
        let link = dir.path().join("bridge.log");
        std::os::unix::fs::symlink(&target, &link).unwrap();
        let e = open_private_append(&link, "log file")
            .unwrap_err()
            .to_string();
        assert!(e.contains("symbolic link"), "{e}");
    }

    #[test]
    fn dev_null_is_fine() {
        open_private_append(Path::new("/dev/null"), "log file").unwrap();
    }

    #[test]
    // A test that cannot run here says so on the test harness's stderr.
    #[allow(clippy::print_stderr)]
    fn a_file_of_another_user_is_refused() {
        // SAFETY: geteuid has no preconditions.
        if unsafe { libc::geteuid() } != 0 {
            eprintln!("skipped: needs root to give a file to another user");
            return;
        }
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("theirs.log");
        fs::write(&p, "").unwrap();
        std::os::unix::fs::chown(&p, Some(65534), Some(65534)).unwrap();
        let e = open_private_append(&p, "log file").unwrap_err().to_string();
        assert!(e.contains("another user"), "{e}");
    }
}

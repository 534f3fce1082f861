//! Replacing a file whole: the new bytes go into a temporary file in the same directory, which
//! is synced and renamed over the target, then the directory is synced. A crash (or a full
//! disk) leaves the old file or the new one, never a mix.
//!
//! The temporary file is the dangerous moment, so it is made safe whatever the directory:
//! - its name is random (`.NAME.<16 hex>.tmp`), so nobody can plant a link there in advance;
//! - it is created with `O_CREAT | O_EXCL | O_NOFOLLOW` and mode 0600: a name that exists
//!   already (a planted file or link) is never opened, only skipped;
//! - it keeps mode 0600 while the bytes are written, and gets the mode the file is to have
//!   (the original's, for a file a person owns) just before the rename.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use super::platform;

/// What to do with the file that is there.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Target {
    /// A file of the bridge's own (tokens, state): mode 0600; a link at the path is replaced
    /// by the file, never followed.
    Private,
    /// A person's file (a host's config, `config.toml`): through a symbolic link, the file it
    /// points to is written (dotfile links survive); its mode is kept; a new file gets 0600.
    KeepMode,
}

/// Replace `path` with `bytes`, atomically.
pub fn replace(path: &Path, bytes: &[u8], target: Target) -> io::Result<()> {
    let real = match target {
        Target::Private => path.to_owned(),
        Target::KeepMode => through_links(path)?,
    };
    let mode = match target {
        Target::Private => 0o600,
        Target::KeepMode => fs::metadata(&real)
            .ok()
            .and_then(|m| platform::mode(&m))
            .unwrap_or(0o600),
    };
    let dir = parent_of(&real);
    let name = real
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "file".into());
    let (mut file, tmp) = create_temp(&dir, &name)?;
    let result = (|| {
        file.write_all(bytes)?;
        if mode != 0o600 {
            platform::set_file_mode(&file, mode)?;
        }
        file.sync_all()?;
        drop(file);
        fs::rename(&tmp, &real)?;
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Create `path` with `bytes` and then `mode`; fails with `AlreadyExists` when anything (a
/// file, a link) is at the path already.
pub fn write_new(path: &Path, bytes: &[u8], mode: u32) -> io::Result<()> {
    let mut file = open_new(path)?;
    let result = (|| {
        file.write_all(bytes)?;
        if mode != 0o600 {
            platform::set_file_mode(&file, mode)?;
        }
        file.sync_all()
    })();
    if result.is_err() {
        let _ = fs::remove_file(path);
    }
    result
}

/// Read a file; `None` when it does not exist.
pub fn read(path: &Path) -> io::Result<Option<Vec<u8>>> {
    match fs::read(path) {
        Ok(b) => Ok(Some(b)),
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e),
    }
}

fn parent_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_owned(),
        _ => PathBuf::from("."),
    }
}

/// The file a chain of symbolic links ends at (which need not exist yet).
fn through_links(path: &Path) -> io::Result<PathBuf> {
    let mut p = path.to_owned();
    for _ in 0..40 {
        match fs::symlink_metadata(&p) {
            Ok(m) if m.file_type().is_symlink() => {
                let to = fs::read_link(&p)?;
                p = if to.is_absolute() {
                    to
                } else {
                    parent_of(&p).join(to)
                };
            }
            _ => return Ok(p),
        }
    }
    Err(io::Error::other(format!(
        "{}: too many levels of symbolic links",
        path.display()
    )))
}

fn open_new(path: &Path) -> io::Result<File> {
    let mut opts = OpenOptions::new();
    opts.write(true).create_new(true);
    platform::private_create(&mut opts, 0o600);
    opts.open(path)
}

/// A new temporary file next to the target, under a random name.
fn create_temp(dir: &Path, name: &str) -> io::Result<(File, PathBuf)> {
    let mut last = None;
    for _ in 0..16 {
        let mut r = [0u8; 8];
        getrandom::fill(&mut r).map_err(|e| io::Error::other(e.to_string()))?;
        let hex: String = r.iter().map(|b| format!("{b:02x}")).collect();
        let tmp = dir.join(format!(".{name}.{hex}.tmp"));
        match open_new(&tmp) {
            Ok(f) => return Ok((f, tmp)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no free temporary name")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_whole_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f.json");
        replace(&p, b"one", Target::Private).unwrap();
        replace(&p, b"two", Target::Private).unwrap();
        assert_eq!(read(&p).unwrap().unwrap(), b"two");
        assert_eq!(read(&dir.path().join("none")).unwrap(), None);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&p).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[cfg(unix)]
    #[test]
    fn a_link_planted_at_the_old_temporary_name_receives_nothing() {
        // The name the previous version used: `.NAME.<pid>.tmp`.
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("tokens.json");
        let stolen = dir.path().join("stolen");
        fs::write(&stolen, "").unwrap();
        let planted = dir
            .path()
            .join(format!(".tokens.json.{}.tmp", std::process::id()));
        std::os::unix::fs::symlink(&stolen, &planted).unwrap();
        replace(&p, b"refresh-token-value", Target::Private).unwrap();
        assert_eq!(fs::read_to_string(&stolen).unwrap(), "");
        assert_eq!(fs::read_to_string(&p).unwrap(), "refresh-token-value");
        assert!(!fs::symlink_metadata(&p).unwrap().file_type().is_symlink());
    }

    #[cfg(unix)]
    #[test]
    fn a_link_at_a_private_target_is_replaced_not_followed() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere");
        fs::write(&elsewhere, "theirs").unwrap();
        let p = dir.path().join("tokens.json");
        std::os::unix::fs::symlink(&elsewhere, &p).unwrap();
        replace(&p, b"mine", Target::Private).unwrap();
        assert_eq!(fs::read_to_string(&elsewhere).unwrap(), "theirs");
        assert_eq!(fs::read_to_string(&p).unwrap(), "mine");
    }

    #[cfg(unix)]
    #[test]
    fn a_persons_file_keeps_its_mode_and_its_link() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("dotfiles-config.toml");
        fs::write(&real, "old").unwrap();
        fs::set_permissions(&real, fs::Permissions::from_mode(0o640)).unwrap();
        let link = dir.path().join("config.toml");
        std::os::unix::fs::symlink("dotfiles-config.toml", &link).unwrap();
        replace(&link, b"new", Target::KeepMode).unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&real).unwrap(), "new");
        let mode = fs::metadata(&real).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o640);
        // A new file is private.
        let fresh = dir.path().join("fresh.json");
        replace(&fresh, b"{}", Target::KeepMode).unwrap();
        let mode = fs::metadata(&fresh).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }

    #[test]
    fn write_new_never_opens_what_is_there() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f.bak");
        write_new(&p, b"first", 0o600).unwrap();
        let e = write_new(&p, b"second", 0o600).unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read_to_string(&p).unwrap(), "first");
    }

    #[cfg(unix)]
    #[test]
    fn a_failed_write_keeps_the_old_file() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("f.json");
        replace(&p, b"old", Target::Private).unwrap();
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o500)).unwrap();
        let r = replace(&p, b"new", Target::Private);
        fs::set_permissions(dir.path(), fs::Permissions::from_mode(0o700)).unwrap();
        // Root may write anyway; either way the file is whole.
        let now = read(&p).unwrap().unwrap();
        assert!(r.is_err() && now == b"old" || r.is_ok() && now == b"new");
    }
}

//! Writing a host's config file: a backup of the previous bytes first, then the file replaced
//! through [`crate::files`] (keeping its mode; through a symlink, the file it points to is
//! written, so dotfile links survive). The file may hold secrets in an entry's `env`, so no
//! copy of it is ever readable by others: the temporary file and every backup are created
//! 0600 and exclusively, and a backup then gets the mode of the file it copies.
//!
//! Backups never overwrite one another: the first change saves `FILE.bak`, which therefore
//! keeps the file as it was before mcp-bridge ever touched it; later changes save
//! `FILE.bak.<UTC time>`. When a backup with the same bytes exists already, no new one is made.

use std::fs;
use std::path::{Path, PathBuf};

use crate::files;

/// Where the previous file went.
#[derive(Debug, PartialEq, Eq)]
pub enum Backup {
    /// There was no previous file.
    None,
    /// A new backup file.
    Saved(PathBuf),
    /// An existing backup already has the same bytes.
    Existing(PathBuf),
}

fn backups_of(path: &Path) -> Vec<PathBuf> {
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return Vec::new();
    };
    let dir = if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    };
    let base = format!("{}.bak", name.to_string_lossy());
    let mut found: Vec<PathBuf> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .filter(|e| {
            let n = e.file_name().to_string_lossy().into_owned();
            n == base || n.starts_with(&format!("{base}."))
        })
        .map(|e| e.path())
        .collect();
    found.sort();
    found
}

fn save_backup(path: &Path, old: &[u8], mode: u32, now: u64) -> std::io::Result<Backup> {
    let existing = backups_of(path);
    if let Some(same) = existing
        .iter()
        .find(|b| fs::read(b).is_ok_and(|bytes| bytes == old))
    {
        return Ok(Backup::Existing(same.clone()));
    }
    let first = PathBuf::from(format!("{}.bak", path.display()));
    let stamp = crate::clock::compact_stamp(now);
    let candidates = std::iter::once(first.clone())
        .chain(std::iter::once(PathBuf::from(format!(
            "{}.{stamp}",
            first.display()
        ))))
        .chain((2..).map(|n| PathBuf::from(format!("{}.{stamp}-{n}", first.display()))));
    for target in candidates.take(1000) {
        // Created exclusively: a name that is taken (by an older backup, or by a link someone
        // planted) is skipped, never written through.
        match files::write_new(&target, old, mode) {
            Ok(()) => return Ok(Backup::Saved(target)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(std::io::Error::other(format!(
        "no free backup name next to {}",
        path.display()
    )))
}

/// Replace the file at `path` (or the file its symlink points to) with `text`, backing up the
/// previous bytes as the module describes.
pub fn write_with_backup(path: &Path, text: &str) -> std::io::Result<Backup> {
    let real = match fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => fs::canonicalize(path)?,
        _ => path.to_owned(),
    };
    let backup = match fs::read(&real) {
        Ok(old) => {
            let mode = files::mode_of(&real).unwrap_or(0o600);
            save_backup(&real, &old, mode, crate::clock::unix_now())?
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            if let Some(dir) = real.parent().filter(|d| !d.as_os_str().is_empty()) {
                fs::create_dir_all(dir)?;
            }
            Backup::None
        }
        Err(e) => return Err(e),
    };
    files::replace(&real, text.as_bytes(), files::Target::KeepMode)?;
    Ok(backup)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backups_never_overwrite_an_older_one() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("c.json");
        assert_eq!(write_with_backup(&file, "one").unwrap(), Backup::None);
        let first = write_with_backup(&file, "two").unwrap();
        assert_eq!(first, Backup::Saved(dir.path().join("c.json.bak")));
        let second = write_with_backup(&file, "three").unwrap();
        let Backup::Saved(b2) = second else {
            panic!("{second:?}")
        };
        assert!(b2.to_string_lossy().contains("c.json.bak.20"), "{b2:?}");
        let third = write_with_backup(&file, "four").unwrap();
        let Backup::Saved(b3) = third else {
            panic!("{third:?}")
        };
        assert_ne!(b2, b3, "two changes in the same second get two backups");
        assert_eq!(
            fs::read_to_string(dir.path().join("c.json.bak")).unwrap(),
            "one"
        );
        assert_eq!(fs::read_to_string(&b2).unwrap(), "two");
        assert_eq!(fs::read_to_string(&b3).unwrap(), "three");
        // Back to "one", then away again: its backup exists already.
        write_with_backup(&file, "one").unwrap();
        assert_eq!(
            write_with_backup(&file, "five").unwrap(),
            Backup::Existing(dir.path().join("c.json.bak"))
        );
        assert_eq!(fs::read_to_string(&file).unwrap(), "five");
    }

    #[cfg(unix)]
    #[test]
    fn a_symlinked_file_is_written_through_its_link() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("dotfiles-claude.json");
        fs::write(&real, "{}").unwrap();
        let link = dir.path().join(".claude.json");
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write_with_backup(&link, "{\"a\": 1}").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_to_string(&real).unwrap(), "{\"a\": 1}");
    }
}

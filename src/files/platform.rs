//! The platform seam of [`crate::files`]: modes, owners and links. On Unix the bits and the
//! owner are checked and set; on Windows files inherit the access list of their directory
//! (the user's profile), so these checks are no-ops there and links are refused by a
//! `symlink_metadata` look before opening.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

#[cfg(unix)]
mod imp {
    use std::os::unix::fs::{FileTypeExt, MetadataExt, OpenOptionsExt, PermissionsExt};

    use super::*;

    /// New files: created with `mode`; the last component is never followed if it is a link.
    pub(crate) fn private_create(opts: &mut OpenOptions, mode: u32) {
        opts.mode(mode).custom_flags(libc::O_NOFOLLOW);
    }

    /// Whether this open error means the path is a symbolic link (O_NOFOLLOW).
    pub(crate) fn is_link_error(e: &io::Error) -> bool {
        e.raw_os_error() == Some(libc::ELOOP) || e.raw_os_error() == Some(libc::EMLINK)
    }

    /// The uid of the owner, when it is not this process's effective user.
    pub(crate) fn foreign_owner(meta: &std::fs::Metadata) -> Option<u32> {
        // SAFETY: geteuid has no preconditions and cannot fail.
        let me = unsafe { libc::geteuid() };
        (meta.uid() != me).then_some(meta.uid())
    }

    pub(crate) fn mode(meta: &std::fs::Metadata) -> Option<u32> {
        Some(meta.permissions().mode() & 0o7777)
    }

    pub(crate) fn set_file_mode(file: &File, mode: u32) -> io::Result<()> {
        file.set_permissions(std::fs::Permissions::from_mode(mode))
    }

    pub(crate) fn set_path_mode(path: &Path, mode: u32) -> io::Result<()> {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
    }

    /// A terminal or `/dev/null`: nothing is kept on a disk.
    pub(crate) fn is_device(meta: &std::fs::Metadata) -> bool {
        meta.file_type().is_char_device()
    }

    pub(crate) fn check_not_link(_path: &Path) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(not(unix))]
mod imp {
    use super::*;

    pub(crate) fn private_create(_opts: &mut OpenOptions, _mode: u32) {}

    pub(crate) fn is_link_error(_e: &io::Error) -> bool {
        false
    }

    pub(crate) fn foreign_owner(_meta: &std::fs::Metadata) -> Option<u32> {
        None
    }

    pub(crate) fn mode(_meta: &std::fs::Metadata) -> Option<u32> {
        None
    }

    pub(crate) fn set_file_mode(_file: &File, _mode: u32) -> io::Result<()> {
        Ok(())
    }

    pub(crate) fn set_path_mode(_path: &Path, _mode: u32) -> io::Result<()> {
        Ok(())
    }

    pub(crate) fn is_device(_meta: &std::fs::Metadata) -> bool {
        false
    }

    pub(crate) fn check_not_link(path: &Path) -> io::Result<()> {
        match std::fs::symlink_metadata(path) {
            Ok(m) if m.file_type().is_symlink() => Err(io::Error::new(
                io::ErrorKind::InvalidInput,
                "it is a symbolic link",
            )),
            _ => Ok(()),
        }
    }
}

pub(super) use imp::*;

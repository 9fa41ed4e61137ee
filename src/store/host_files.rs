//! Files of the host that a person names: a file to attach, a path to save
//! an attachment to. guichet may run for everyone under one account (README,
//! "Several machines, one site"), so a path typed is a path on the server.
//! The defence is in how files are opened, not in a list of bad names:
//! only inside the folders the configuration allows, never `/proc`, `/sys`
//! or `/dev`, each directory opened without following a link (`openat` with
//! `O_NOFOLLOW`), reading only a regular file (checked on the opened
//! descriptor), writing only a file that did not exist (`O_EXCL`).

use rustix::fs::{Mode, OFlags, CWD};
use rustix::io::Errno;
use std::ffi::OsString;
use std::fs::File;
use std::os::fd::OwnedFd;
use std::os::unix::fs::MetadataExt;
use std::path::{Component, Path, PathBuf};

/// Never read nor written, whatever the configuration: the kernel's views of
/// processes (`/proc/self/environ` holds the server's environment) and
/// devices. Checked on the path with every link resolved.
const SYSTEM: [&str; 3] = ["/proc", "/sys", "/dev"];

/// Why a host file was refused.
#[derive(Debug)]
pub enum HostError {
    /// Under `/proc`, `/sys` or `/dev`.
    System { path: PathBuf },
    /// No folder is allowed at all (by default, under a shared account).
    NoneAllowed,
    /// Outside every allowed folder (the path as resolved).
    Outside { path: PathBuf },
    /// A symbolic link where none may be.
    Symlink { path: PathBuf },
    /// A directory, FIFO, socket or device, not a regular file.
    NotRegular { path: PathBuf },
    /// Saving: the file exists already.
    Exists { path: PathBuf },
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Directories on the way down: `O_PATH` needs no read permission on them
/// (a home may be 0711), and opens nothing but the name.
#[cfg(any(target_os = "linux", target_os = "android"))]
const DIR_ACCESS: OFlags = OFlags::PATH;
#[cfg(not(any(target_os = "linux", target_os = "android")))]
const DIR_ACCESS: OFlags = OFlags::RDONLY;

pub fn is_system(resolved: &Path) -> bool {
    SYSTEM.iter().any(|s| resolved.starts_with(s))
}

/// The allowed folders as they really are (links resolved); folders that do
/// not exist allow nothing.
pub fn real_dirs(dirs: &[PathBuf]) -> Vec<PathBuf> {
    dirs.iter()
        .filter_map(|d| d.canonicalize().ok())
        .filter(|d| !is_system(d))
        .collect()
}

/// Opens `path` for reading an attachment: a regular file inside `allowed`,
/// itself not a link (the folders above it may be links, as long as where
/// they lead is allowed). A FIFO cannot make this wait: it is opened
/// non-blocking, then refused on its `fstat`.
pub fn open_import(path: &Path, allowed: &[PathBuf]) -> Result<File, HostError> {
    let (parent, name) = split(path)?;
    let real_parent = parent.canonicalize().map_err(io(path))?;
    check_place(&real_parent.join(&name), allowed)?;
    // The canonical path has no link left: one met on the way down means
    // the tree changed since, and is refused like any other link.
    let dir = walk(&real_parent, path)?;
    let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::NOCTTY;
    let fd = rustix::fs::openat(
        &dir,
        name.as_os_str(),
        flags | OFlags::CLOEXEC,
        Mode::empty(),
    )
    .map_err(|e| refusal(e, path))?;
    let file = File::from(fd);
    let metadata = file.metadata().map_err(io(path))?;
    if !metadata.is_file() {
        return Err(HostError::NotRegular {
            path: path.to_path_buf(),
        });
    }
    Ok(file)
}

/// A file created for saving an attachment, and how to take it back.
pub struct Created {
    pub file: File,
    dir: OwnedFd,
    name: OsString,
}

impl Created {
    /// Removes the file (a save that failed half-way), by its folder's
    /// descriptor: never another file that took its name meanwhile in
    /// another folder.
    pub fn remove(self) {
        drop(self.file);
        let _ = rustix::fs::unlinkat(
            &self.dir,
            self.name.as_os_str(),
            rustix::fs::AtFlags::empty(),
        );
    }
}

/// Creates `path` (0600) for saving: a new file only, inside `allowed`, and
/// reached without any symbolic link on the way, as typed: each directory
/// is opened with `O_NOFOLLOW`, and must be the one whose place was checked.
pub fn create_export(path: &Path, allowed: &[PathBuf]) -> Result<Created, HostError> {
    let (dir, name) = checked_parent(path, allowed)?;
    let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::NOCTTY;
    let fd = rustix::fs::openat(
        &dir,
        name.as_os_str(),
        flags | OFlags::CLOEXEC,
        Mode::from_raw_mode(0o600),
    )
    .map_err(|e| match e {
        Errno::EXIST => HostError::Exists {
            path: path.to_path_buf(),
        },
        other => refusal(other, path),
    })?;
    Ok(Created {
        file: File::from(fd),
        dir,
        name,
    })
}

/// A folder created for a backup: its descriptor, and how to find it again.
pub struct CreatedDir {
    pub dir: OwnedFd,
    pub parent: OwnedFd,
    pub name: OsString,
}

/// Creates the folder `path` (0700) the way [`create_export`] creates a
/// file: a new folder only (`mkdirat` fails on anything already there,
/// a dangling link included), inside `allowed`, reached without any link.
pub fn create_dir_export(path: &Path, allowed: &[PathBuf]) -> Result<CreatedDir, HostError> {
    let (parent, name) = checked_parent(path, allowed)?;
    rustix::fs::mkdirat(&parent, name.as_os_str(), Mode::from_raw_mode(0o700)).map_err(
        |e| match e {
            Errno::EXIST => HostError::Exists {
                path: path.to_path_buf(),
            },
            other => refusal(other, path),
        },
    )?;
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    let dir = rustix::fs::openat(&parent, name.as_os_str(), flags, Mode::empty())
        .map_err(|e| refusal(e, path))?;
    Ok(CreatedDir { dir, parent, name })
}

/// The folder of `path`, opened along the path as typed without following
/// any link and checked to be the folder whose place was checked, and the
/// last name of `path`.
fn checked_parent(path: &Path, allowed: &[PathBuf]) -> Result<(OwnedFd, OsString), HostError> {
    let (parent, name) = split(path)?;
    let real_parent = parent.canonicalize().map_err(io(path))?;
    check_place(&real_parent.join(&name), allowed)?;
    let dir = walk(&parent, path)?;
    let (reached, checked) = (
        rustix::fs::fstat(&dir).map_err(|e| io(path)(e.into()))?,
        std::fs::metadata(&real_parent).map_err(io(path))?,
    );
    if (reached.st_dev, reached.st_ino) != (checked.dev(), checked.ino()) {
        return Err(HostError::Symlink {
            path: path.to_path_buf(),
        });
    }
    Ok((dir, name))
}

/// Whether the completion of a path may offer `resolved`: a file or folder
/// inside an allowed folder, or a folder on the way to one.
pub fn may_offer(resolved: &Path, is_dir: bool, real_allowed: &[PathBuf]) -> bool {
    !is_system(resolved)
        && real_allowed
            .iter()
            .any(|d| resolved.starts_with(d) || (is_dir && d.starts_with(resolved)))
}

/// The folder and the last name of `path`; a path without a last name
/// (`/`, `..`) is a folder, not a file.
fn split(path: &Path) -> Result<(PathBuf, OsString), HostError> {
    if path.as_os_str().is_empty() {
        return Err(io(path)(std::io::ErrorKind::NotFound.into()));
    }
    let Some(Component::Normal(name)) = path.components().next_back() else {
        return Err(HostError::NotRegular {
            path: path.to_path_buf(),
        });
    };
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    Ok((parent, name.to_os_string()))
}

fn check_place(resolved: &Path, allowed: &[PathBuf]) -> Result<(), HostError> {
    if is_system(resolved) {
        return Err(HostError::System {
            path: resolved.to_path_buf(),
        });
    }
    if allowed.is_empty() {
        return Err(HostError::NoneAllowed);
    }
    if !real_dirs(allowed).iter().any(|d| resolved.starts_with(d)) {
        return Err(HostError::Outside {
            path: resolved.to_path_buf(),
        });
    }
    Ok(())
}

/// Opens the directory `dir` one component at a time, following no link;
/// a relative `dir` starts from the current directory.
fn walk(dir: &Path, typed: &Path) -> Result<OwnedFd, HostError> {
    let flags = DIR_ACCESS | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    let start = if dir.is_absolute() { "/" } else { "." };
    let mut fd =
        rustix::fs::openat(CWD, start, flags, Mode::empty()).map_err(|e| refusal(e, typed))?;
    for component in dir.components() {
        let name = match component {
            Component::RootDir | Component::CurDir => continue,
            Component::ParentDir => "..".as_ref(),
            Component::Normal(name) => name,
            Component::Prefix(_) => return Err(io(typed)(std::io::ErrorKind::InvalidInput.into())),
        };
        fd = rustix::fs::openat(&fd, name, flags, Mode::empty()).map_err(|e| refusal(e, typed))?;
    }
    Ok(fd)
}

/// `O_NOFOLLOW` on a link answers `ELOOP`, and `O_DIRECTORY` on a link to a
/// folder `ENOTDIR`: both mean a link was met.
fn refusal(errno: Errno, path: &Path) -> HostError {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    match errno {
        // A socket cannot be opened as a file.
        Errno::NXIO => HostError::NotRegular {
            path: path.to_path_buf(),
        },
        Errno::LOOP => HostError::Symlink {
            path: path.to_path_buf(),
        },
        Errno::NOTDIR if is_link || has_link_above(path) => HostError::Symlink {
            path: path.to_path_buf(),
        },
        other => io(path)(other.into()),
    }
}

/// Whether a folder above `path` (as typed) is a symbolic link.
fn has_link_above(path: &Path) -> bool {
    path.ancestors()
        .skip(1)
        .filter(|a| !a.as_os_str().is_empty())
        .any(|a| std::fs::symlink_metadata(a).is_ok_and(|m| m.file_type().is_symlink()))
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> HostError + '_ {
    move |source| HostError::Io {
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};

    fn dirs(dir: &Path) -> Vec<PathBuf> {
        vec![dir.to_path_buf()]
    }

    #[test]
    fn reads_a_regular_file_inside_and_nothing_else() {
        let inside = tempfile::tempdir().unwrap();
        let outside = tempfile::tempdir().unwrap();
        let file = inside.path().join("a.txt");
        std::fs::write(&file, "ok").unwrap();
        let mut text = String::new();
        open_import(&file, &dirs(inside.path()))
            .unwrap()
            .read_to_string(&mut text)
            .unwrap();
        assert_eq!(text, "ok");
        std::fs::write(outside.path().join("secret"), "no").unwrap();
        let link = inside.path().join("link");
        std::os::unix::fs::symlink(outside.path().join("secret"), &link).unwrap();
        assert!(matches!(
            open_import(&link, &dirs(inside.path())),
            Err(HostError::Symlink { .. })
        ));
        let via_dir = inside.path().join("out");
        std::os::unix::fs::symlink(outside.path(), &via_dir).unwrap();
        assert!(matches!(
            open_import(&via_dir.join("secret"), &dirs(inside.path())),
            Err(HostError::Outside { .. })
        ));
        assert!(matches!(
            open_import(Path::new("/proc/self/environ"), &[PathBuf::from("/")]),
            Err(HostError::System { .. })
        ));
        assert!(matches!(
            open_import(&file, &[]),
            Err(HostError::NoneAllowed)
        ));
        assert!(matches!(
            open_import(inside.path(), &dirs(inside.path())),
            Err(HostError::NotRegular { .. })
        ));
    }

    #[test]
    fn writes_only_new_files_along_a_path_without_links() {
        let inside = tempfile::tempdir().unwrap();
        let out = inside.path().join("new.txt");
        let mut created = create_export(&out, &dirs(inside.path())).unwrap();
        created.file.write_all(b"x").unwrap();
        assert!(matches!(
            create_export(&out, &dirs(inside.path())),
            Err(HostError::Exists { .. })
        ));
        std::fs::create_dir(inside.path().join("real")).unwrap();
        std::os::unix::fs::symlink(inside.path().join("real"), inside.path().join("alias"))
            .unwrap();
        assert!(matches!(
            create_export(&inside.path().join("alias/f"), &dirs(inside.path())),
            Err(HostError::Symlink { .. })
        ));
        let dangling = inside.path().join("dangling");
        std::os::unix::fs::symlink(inside.path().join("nowhere"), &dangling).unwrap();
        assert!(matches!(
            create_export(&dangling, &dirs(inside.path())),
            Err(HostError::Exists { .. })
        ));
        assert!(!inside.path().join("nowhere").exists());
        let created = create_export(&inside.path().join("real/../gone"), &dirs(inside.path()));
        created.unwrap().remove();
        assert!(!inside.path().join("gone").exists());
    }
}

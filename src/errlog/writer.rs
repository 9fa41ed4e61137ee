//! The error log's file: `guichet.log` in a private folder, rotated by
//! size, appended to by several processes at once.
//!
//! Our own writer rather than tracing-appender's: that one rotates by time
//! only, and knows nothing of other processes, while a site over ssh runs
//! one guichet per session on the same file. Here every line is one
//! `write` to a file opened `O_APPEND`, made under an exclusive `flock` on
//! `.lock` beside it: the size check, the rotation and the write of one
//! process never interleave with another's, so no two processes rotate at
//! once and no line is lost in a file being renamed, or cut in two.

use rustix::fs::{FlockOperation, Mode, OFlags};
use std::fs::File;
use std::io::{self, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// The current file's name; older ones are `guichet.log.1` (the newest)
/// to `guichet.log.KEEP`.
pub const FILE_NAME: &str = "guichet.log";
const LOCK_NAME: &str = ".lock";

/// Where and how big.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rotation {
    /// A file reaching this size is rotated before the next line.
    pub max_bytes: u64,
    /// How many rotated files are kept; older ones are deleted.
    pub keep: u32,
}

impl Default for Rotation {
    fn default() -> Rotation {
        Rotation {
            max_bytes: 10 * 1024 * 1024,
            keep: 5,
        }
    }
}

/// One log folder. Holds no descriptor between lines: each line opens,
/// locks, writes and closes, so that a file another process rotated away
/// is never written to later (errors are rare; the cost is a few system
/// calls per line).
#[derive(Clone, Debug)]
pub struct RotatingFile {
    dir: PathBuf,
    rotation: Rotation,
}

impl RotatingFile {
    pub fn new(dir: PathBuf, rotation: Rotation) -> RotatingFile {
        RotatingFile { dir, rotation }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    pub fn path(&self) -> PathBuf {
        self.dir.join(FILE_NAME)
    }

    /// Appends `line` (a newline is added if missing) in one write.
    pub fn append(&self, line: &str) -> io::Result<()> {
        let mut bytes = line.as_bytes().to_vec();
        if !bytes.ends_with(b"\n") {
            bytes.push(b'\n');
        }
        self.ensure_dir()?;
        let lock = open_private(&self.dir.join(LOCK_NAME), OFlags::RDWR)?;
        rustix::fs::flock(&lock, FlockOperation::LockExclusive)?;
        let mut file = self.open_current()?;
        let size = file.metadata()?.len();
        if size > 0 && size + bytes.len() as u64 > self.rotation.max_bytes {
            self.rotate()?;
            file = self.open_current()?;
        }
        write_once(&mut file, &bytes)
        // The lock goes with its descriptor, here.
    }

    fn ensure_dir(&self) -> io::Result<()> {
        match std::fs::DirBuilder::new().mode(0o700).create(&self.dir) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
                let meta = std::fs::symlink_metadata(&self.dir)?;
                if !meta.is_dir() {
                    return Err(io::Error::other(format!(
                        "{} is not a folder",
                        self.dir.display()
                    )));
                }
                // A folder made by hand may be readable by others: make it
                // private when it is ours to change (else leave it be).
                if meta.mode() & 0o077 != 0 {
                    let _ =
                        std::fs::set_permissions(&self.dir, std::fs::Permissions::from_mode(0o700));
                }
                Ok(())
            }
            Err(e) => Err(e),
        }
    }

    fn open_current(&self) -> io::Result<File> {
        let file = open_private(&self.path(), OFlags::WRONLY | OFlags::APPEND)?;
        // A file created by someone else with wider rights is narrowed.
        if file.metadata()?.mode() & 0o077 != 0 {
            file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        }
        Ok(file)
    }

    /// `guichet.log` becomes `.1`, `.1` becomes `.2`, … and the oldest
    /// beyond `keep` goes. Called with the lock held.
    fn rotate(&self) -> io::Result<()> {
        let numbered = |n: u32| self.dir.join(format!("{FILE_NAME}.{n}"));
        if self.rotation.keep == 0 {
            return remove_if_there(&self.path());
        }
        remove_if_there(&numbered(self.rotation.keep))?;
        for n in (1..self.rotation.keep).rev() {
            match std::fs::rename(numbered(n), numbered(n + 1)) {
                Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
                _ => {}
            }
        }
        std::fs::rename(self.path(), numbered(1))
    }
}

/// Opens or creates a file 0600 from the start (never readable by others,
/// even for a moment), without following a symlink put in its place.
fn open_private(path: &Path, access: OFlags) -> io::Result<File> {
    let flags = access | OFlags::CREATE | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    let fd = rustix::fs::open(path, flags, Mode::from_raw_mode(0o600))?;
    Ok(File::from(fd))
}

fn remove_if_there(path: &Path) -> io::Result<()> {
    match std::fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// One `write` for the whole line: with `O_APPEND` it lands whole at the
/// end. A short write (a full disk) is finished rather than dropped.
fn write_once(file: &mut File, bytes: &[u8]) -> io::Result<()> {
    let written = file.write(bytes)?;
    if written < bytes.len() {
        file.write_all(&bytes[written..])?;
    }
    Ok(())
}

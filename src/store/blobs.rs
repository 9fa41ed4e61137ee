//! The attachment store: files named by the SHA-256 of their content, in a
//! private directory (0700, files 0600). Names come only from hashes we
//! computed, never from anything a user typed.

use super::{StoreError, StoreResult};
use crate::domain::audit_chain::hex;
use rustix::fs::{FlockOperation, Mode, OFlags};
use sha2::{Digest, Sha256};
use std::fs::{self, File};
use std::io::{Read, Seek, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

pub struct Blobs {
    dir: PathBuf,
}

/// Why a file could not be taken in or given back.
#[derive(Debug)]
pub enum BlobError {
    Unreadable(std::io::Error),
    TooBig {
        size: u64,
        max: u64,
    },
    /// The stored content no longer has the hash it is named by.
    Damaged {
        sha256: String,
    },
    Store(StoreError),
}

impl From<StoreError> for BlobError {
    fn from(e: StoreError) -> BlobError {
        BlobError::Store(e)
    }
}

pub struct Stored {
    pub sha256: String,
    pub size: u64,
}

impl Blobs {
    pub fn new(dir: &Path) -> Blobs {
        Blobs {
            dir: dir.to_path_buf(),
        }
    }

    /// Copies `input` in, hashing as it goes; refuses anything over `max`
    /// bytes (even if it grows while being read, or comes from a pipe).
    /// The partial file is locked while it is written, so that another
    /// process can tell it is not abandoned (see `remove_abandoned`).
    pub fn put(&self, input: &mut dyn Read, max: u64) -> Result<Stored, BlobError> {
        if let Some(fs_type) = super::netfs::network_fs_holding(&self.dir) {
            return Err(BlobError::Store(StoreError::NetworkFs {
                path: self.dir.clone(),
                fs_type,
            }));
        }
        self.ensure_dir(&self.dir)?;
        let (temp, mut output) = self.locked_partial()?;
        let result = self.copy_in(input, &mut output, &temp, max);
        if result.is_err() {
            let _ = fs::remove_file(&temp);
        }
        result
    }

    /// A new partial file, 0600, holding an exclusive lock. Another process
    /// sweeping abandoned partials could remove it between its creation and
    /// the lock: then it is made again under a new name.
    fn locked_partial(&self) -> StoreResult<(PathBuf, File)> {
        let mut attempts = 0;
        loop {
            attempts += 1;
            let temp = self.dir.join(temp_name());
            let file = private_file(&temp)?;
            rustix::fs::flock(&file, FlockOperation::NonBlockingLockExclusive)
                .map_err(|e| io(&temp, e.into()))?;
            if same_file(&file, &temp) || attempts >= 4 {
                return Ok((temp, file));
            }
        }
    }

    fn copy_in(
        &self,
        input: &mut dyn Read,
        output: &mut File,
        temp: &Path,
        max: u64,
    ) -> Result<Stored, BlobError> {
        let (size, sha256) = copy_hashing(input, output, max, |e| io(temp, e).into())?;
        output.sync_all().map_err(|e| io(temp, e))?;
        let target = self.path_of(&sha256)?;
        if let Some(parent) = target.parent() {
            self.ensure_dir(parent)?;
        }
        if target.exists() {
            // Same content already stored: keep one copy.
            fs::remove_file(temp).map_err(|e| io(temp, e))?;
        } else {
            fs::rename(temp, &target).map_err(|e| io(&target, e))?;
        }
        Ok(Stored { sha256, size })
    }

    /// Removes the partial files (`.incoming-*`) that no process is
    /// writing: those left by an attach that was killed. A partial being
    /// written is locked by its writer and kept. Returns how many went.
    pub fn remove_abandoned(&self) -> StoreResult<usize> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
            Err(e) => return Err(io(&self.dir, e)),
        };
        let mut removed = 0;
        for entry in entries.flatten() {
            let name = entry.file_name();
            if !name.to_string_lossy().starts_with(PARTIAL_PREFIX) {
                continue;
            }
            let path = entry.path();
            // Not following a link, nor waiting on a FIFO someone put there.
            let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::NONBLOCK | OFlags::CLOEXEC;
            let Ok(file) = rustix::fs::open(&path, flags, Mode::empty()).map(File::from) else {
                continue;
            };
            let free = rustix::fs::flock(&file, FlockOperation::NonBlockingLockExclusive).is_ok();
            if free && same_file(&file, &path) && fs::remove_file(&path).is_ok() {
                removed += 1;
            }
        }
        Ok(removed)
    }

    /// The hashes of every stored file (`ab/abcdef…`, 64 lowercase hex
    /// digits under its first two), sorted; partial files, links and any
    /// other name are not stored files and are left out.
    pub fn stored(&self) -> StoreResult<Vec<String>> {
        let mut hashes = Vec::new();
        for (prefix, path) in entries_of(&self.dir)? {
            if prefix.len() != 2 || !is_hex(&prefix) || !is_real_dir(&path) {
                continue;
            }
            for (name, file) in entries_of(&path)? {
                let regular = fs::symlink_metadata(&file).is_ok_and(|m| m.is_file());
                if name.len() == 64 && is_hex(&name) && name.starts_with(&prefix) && regular {
                    hashes.push(name);
                }
            }
        }
        hashes.sort();
        Ok(hashes)
    }

    /// Checks that the stored content still has its hash, then gives it to
    /// read from the start.
    pub fn open_verified(&self, sha256: &str) -> Result<File, BlobError> {
        let source = self.path_of(sha256)?;
        let mut input = File::open(&source).map_err(BlobError::Unreadable)?;
        let (_, actual) = copy_hashing(
            &mut input,
            &mut std::io::sink(),
            u64::MAX,
            BlobError::Unreadable,
        )?;
        if actual != sha256 {
            return Err(BlobError::Damaged {
                sha256: sha256.to_string(),
            });
        }
        input.rewind().map_err(BlobError::Unreadable)?;
        Ok(input)
    }

    /// Writes the stored content to `output`, checking on the way that it
    /// still has its hash (the caller removes what it wrote if not).
    pub fn save(&self, sha256: &str, output: &mut dyn Write) -> Result<u64, BlobError> {
        let source = self.path_of(sha256)?;
        let mut input = File::open(&source).map_err(BlobError::Unreadable)?;
        let (size, actual) = copy_hashing(&mut input, output, u64::MAX, BlobError::Unreadable)?;
        if actual != sha256 {
            return Err(BlobError::Damaged {
                sha256: sha256.to_string(),
            });
        }
        Ok(size)
    }

    /// `dir/ab/abcdef…`: only ever built from a 64-digit lowercase hex hash.
    fn path_of(&self, sha256: &str) -> StoreResult<PathBuf> {
        let valid = sha256.len() == 64
            && sha256
                .bytes()
                .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
        if !valid {
            return Err(StoreError::Corrupt(format!(
                "not a content hash: {sha256:?}"
            )));
        }
        Ok(self.dir.join(&sha256[..2]).join(sha256))
    }

    fn ensure_dir(&self, dir: &Path) -> StoreResult<()> {
        if dir.is_dir() {
            return Ok(());
        }
        fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(|e| io(dir, e))
    }
}

/// Copies `input` to `output`, hashing on the way; stops with `TooBig` past
/// `max` bytes (a file may grow while it is read). Returns size and hash.
fn copy_hashing(
    input: &mut dyn Read,
    output: &mut dyn Write,
    max: u64,
    write_error: impl Fn(std::io::Error) -> BlobError,
) -> Result<(u64, String), BlobError> {
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let read = match input.read(&mut buffer) {
            Ok(read) => read,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(BlobError::Unreadable(e)),
        };
        if read == 0 {
            return Ok((size, hex(&hasher.finalize())));
        }
        size += read as u64;
        if size > max {
            return Err(BlobError::TooBig { size, max });
        }
        hasher.update(&buffer[..read]);
        output.write_all(&buffer[..read]).map_err(&write_error)?;
    }
}

fn private_file(path: &Path) -> StoreResult<File> {
    fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(|e| io(path, e))
}

fn io(path: &Path, source: std::io::Error) -> StoreError {
    StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The entries of a folder with names in UTF-8 (stored names are hex);
/// a folder that does not exist has none.
fn entries_of(dir: &Path) -> StoreResult<Vec<(String, PathBuf)>> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io(dir, e)),
    };
    let mut found = Vec::new();
    for entry in entries {
        let entry = entry.map_err(|e| io(dir, e))?;
        if let Ok(name) = entry.file_name().into_string() {
            found.push((name, entry.path()));
        }
    }
    Ok(found)
}

fn is_hex(name: &str) -> bool {
    name.bytes()
        .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn is_real_dir(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

/// Whether `path` is still the file open as `file` (same device and inode).
fn same_file(file: &File, path: &Path) -> bool {
    match (file.metadata(), fs::symlink_metadata(path)) {
        (Ok(a), Ok(b)) => (a.dev(), a.ino()) == (b.dev(), b.ino()),
        _ => false,
    }
}

/// Names of partial files, never the name of a stored blob (hex only).
const PARTIAL_PREFIX: &str = ".incoming-";

/// Unique within this process and across processes (pid), never a user's.
fn temp_name() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!("{PARTIAL_PREFIX}{}-{nanos}-{n}", std::process::id())
}

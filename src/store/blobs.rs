//! The attachment store: files named by the SHA-256 of their content, in a
//! private directory (0700, files 0600). Names come only from hashes we
//! computed, never from anything a user typed.

use super::{StoreError, StoreResult};
use crate::domain::audit_chain::hex;
use sha2::{Digest, Sha256};
use std::fs::{self, File};
use std::io::{Read, Write};
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

pub struct Blobs {
    dir: PathBuf,
}

/// Why a file could not be taken in or given back.
#[derive(Debug)]
pub enum BlobError {
    Unreadable(std::io::Error),
    NotAFile,
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

    /// Copies `source` in, hashing as it goes; refuses anything but a
    /// regular file, and anything over `max` bytes (even if it grows while
    /// being read).
    pub fn put(&self, source: &Path, max: u64) -> Result<Stored, BlobError> {
        let metadata = fs::metadata(source).map_err(BlobError::Unreadable)?;
        if !metadata.is_file() {
            return Err(BlobError::NotAFile);
        }
        if metadata.len() > max {
            return Err(BlobError::TooBig {
                size: metadata.len(),
                max,
            });
        }
        let mut input = File::open(source).map_err(BlobError::Unreadable)?;
        self.ensure_dir(&self.dir)?;
        let temp = self.dir.join(temp_name());
        let result = self.copy_in(&mut input, &temp, max);
        if result.is_err() {
            let _ = fs::remove_file(&temp);
        }
        result
    }

    fn copy_in(&self, input: &mut File, temp: &Path, max: u64) -> Result<Stored, BlobError> {
        let mut output = private_file(temp)?;
        let (size, sha256) = copy_hashing(input, &mut output, max, |e| io(temp, e).into())?;
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

    /// Writes the stored content to `out` (created 0600), checking on the
    /// way that it still has its hash. Refuses to replace a file unless
    /// `overwrite`.
    pub fn save(&self, sha256: &str, out: &Path, overwrite: bool) -> Result<u64, BlobError> {
        let source = self.path_of(sha256)?;
        let mut input = File::open(&source).map_err(BlobError::Unreadable)?;
        let mut options = fs::OpenOptions::new();
        options.write(true).mode(0o600);
        if overwrite {
            options.create(true).truncate(true);
        } else {
            options.create_new(true);
        }
        let mut output = options.open(out).map_err(BlobError::Unreadable)?;
        let (size, actual) =
            copy_hashing(&mut input, &mut output, u64::MAX, BlobError::Unreadable)?;
        if actual != sha256 {
            let _ = fs::remove_file(out);
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
    input: &mut File,
    output: &mut File,
    max: u64,
    write_error: impl Fn(std::io::Error) -> BlobError,
) -> Result<(u64, String), BlobError> {
    let mut hasher = Sha256::new();
    let mut size = 0u64;
    let mut buffer = vec![0u8; 64 * 1024];
    loop {
        let read = input.read(&mut buffer).map_err(BlobError::Unreadable)?;
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

/// Unique within this process and across processes (pid), never a user's.
fn temp_name() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    format!(".incoming-{}-{nanos}-{n}", std::process::id())
}

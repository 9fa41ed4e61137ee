//! Taking a backup of a site into a new, private folder: a consistent copy
//! of the database made with SQLite's online backup API while others keep
//! writing, the attachment store (each file checked against its hash as it
//! is copied), the site key, and last `manifest.json`, which lists every
//! file with its size and SHA-256 and the audit head of the copy. A folder
//! without a manifest is a backup that did not finish.
//!
//! Every file is created inside the folder's descriptor (`openat`,
//! `O_EXCL`, `O_NOFOLLOW`, 0600), so nothing is written through a link that
//! appeared meanwhile. SQLite alone needs a path: its file is created first
//! by descriptor, and checked afterwards to be still the file reached by
//! that path.

use super::audit_verify;
use super::blobs::{BlobError, Blobs};
use super::host_files::CreatedDir;
use super::{StoreError, StoreResult};
use crate::domain::audit_chain::{hex, Anchor};
use rusqlite::backup::{Backup, StepResult};
use rusqlite::Connection;
use rustix::fs::{AtFlags, Mode, OFlags};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::fs::File;
use std::io::Write;
use std::os::fd::{AsFd, OwnedFd};
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::time::Duration;

/// The names inside a backup folder: `guichet --db BACKUP/guichet.db` finds
/// its key beside it, as for any database.
pub const DATABASE: &str = "guichet.db";
pub const KEY: &str = "guichet.db.key";
pub const ATTACHMENTS: &str = "attachments";
pub const MANIFEST: &str = "manifest.json";
const MANIFEST_PARTIAL: &str = "manifest.json.partial";

/// Pages copied per step (4 KiB each): between two steps nothing of the
/// source is held but the read transaction below, which in WAL mode blocks
/// no writer. Small, so that a step never holds the file for long.
const PAGES_PER_STEP: i32 = 64;
/// How long a busy step waits before trying again, and how many times.
const BUSY_PAUSE: Duration = Duration::from_millis(10);
const BUSY_STEPS: u32 = 1000;

/// What `manifest.json` holds.
#[derive(Clone, Debug, Serialize)]
pub struct Manifest {
    /// What this file is, for a reader that finds it alone.
    pub format: &'static str,
    /// When the backup started, RFC 3339 in UTC.
    pub created_at: String,
    pub guichet_version: &'static str,
    /// `PRAGMA user_version` of the copy.
    pub schema_version: i64,
    /// The last audit entry the copy holds (none for an empty log).
    pub audit_head: Option<Head>,
    pub files: Vec<FileEntry>,
}

#[derive(Clone, Debug, Serialize)]
pub struct Head {
    /// `ID:HASH`, as `audit anchor` prints it and `audit verify --anchor`
    /// takes it.
    pub anchor: String,
    pub id: i64,
    pub hash: String,
}

#[derive(Clone, Debug, Serialize)]
pub struct FileEntry {
    /// Relative to the backup folder, `/`-separated.
    pub path: String,
    pub size: u64,
    pub sha256: String,
}

/// What is backed up, and from where.
pub struct Sources<'a> {
    pub conn: &'a Connection,
    pub key_path: &'a Path,
    pub attachment_dir: &'a Path,
}

/// The folder's name for a backup started at `now`: `2026-12-03T101500Z`
/// (no colons, which some tools take for a host or a drive).
pub fn folder_name(now: i64) -> String {
    chrono::DateTime::from_timestamp(now, 0)
        .unwrap_or_default()
        .format("%Y-%m-%dT%H%M%SZ")
        .to_string()
}

/// Fills the new folder `target` (reached as `target_path`); the caller
/// removes it if this fails. Returns the manifest written.
pub fn take(
    target: &CreatedDir,
    target_path: &Path,
    sources: &Sources,
    now: i64,
) -> Result<Manifest, BlobError> {
    let mut files = Vec::new();
    let head = copy_database(target, target_path, sources.conn)?;
    files.push(hash_entry(&target.dir, DATABASE, target_path)?);
    files.push(copy_key(&target.dir, sources.key_path, target_path)?);
    files.extend(copy_attachments(
        target,
        target_path,
        sources.attachment_dir,
    )?);
    let manifest = Manifest {
        format: "guichet backup 1",
        created_at: chrono::DateTime::from_timestamp(now, 0)
            .unwrap_or_default()
            .format("%Y-%m-%dT%H:%M:%SZ")
            .to_string(),
        guichet_version: env!("CARGO_PKG_VERSION"),
        schema_version: head.schema_version,
        audit_head: head.anchor.map(|a| Head {
            anchor: a.to_string(),
            id: a.id,
            hash: a.hash,
        }),
        files,
    };
    write_manifest(&target.dir, target_path, &manifest)?;
    Ok(manifest)
}

struct CopyHead {
    schema_version: i64,
    anchor: Option<Anchor>,
}

/// The online backup, one step of pages at a time, inside one read
/// transaction of the source: every step reads the same snapshot (the
/// database as it was when the backup began, every change committed before
/// it included), so writers of other processes never make it start over,
/// and in WAL mode they are never blocked by it. The head is read from the
/// finished copy, so it is what the copy holds.
fn copy_database(
    target: &CreatedDir,
    target_path: &Path,
    source: &Connection,
) -> StoreResult<CopyHead> {
    let path = target_path.join(DATABASE);
    let created = create_file(&target.dir, DATABASE, &path)?;
    drop(created);
    let mut copy = Connection::open(&path)?;
    {
        let snapshot = source.unchecked_transaction()?;
        snapshot.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))?;
        let backup = Backup::new(source, &mut copy)?;
        let mut busy = 0;
        loop {
            match backup.step(PAGES_PER_STEP)? {
                StepResult::Done => break,
                StepResult::More => busy = 0,
                _ if busy < BUSY_STEPS => {
                    busy += 1;
                    std::thread::sleep(BUSY_PAUSE);
                }
                _ => return Err(StoreError::Busy { attempts: busy }),
            }
        }
        drop(backup);
        snapshot.commit()?;
    }
    // One file without its WAL: the copy stands alone (guichet switches a
    // file it opens back to WAL).
    copy.query_row("PRAGMA journal_mode = DELETE", [], |_| Ok(()))?;
    let schema_version = copy.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let anchor = audit_verify::anchor(&copy)?;
    copy.close().map_err(|(_, e)| StoreError::from(e))?;
    same_file(&target.dir, DATABASE, &path)?;
    Ok(CopyHead {
        schema_version,
        anchor,
    })
}

/// The site key, byte for byte: without it the copy's audit log can be
/// neither verified nor written.
fn copy_key(dir: &OwnedFd, key_path: &Path, target_path: &Path) -> StoreResult<FileEntry> {
    let bytes = std::fs::read(key_path).map_err(|e| io(key_path, e))?;
    let path = target_path.join(KEY);
    let mut file = create_file(dir, KEY, &path)?;
    file.write_all(&bytes).map_err(|e| io(&path, e))?;
    file.sync_all().map_err(|e| io(&path, e))?;
    Ok(FileEntry {
        path: KEY.into(),
        size: bytes.len() as u64,
        sha256: hex(&Sha256::digest(&bytes)),
    })
}

/// Every stored file, into `attachments/ab/abcdef…`: read back through
/// [`Blobs::save`], which fails on a file whose content no longer has the
/// hash it is named by. Files stored while this runs may or may not come:
/// the copy's rows only name files stored before it began.
fn copy_attachments(
    target: &CreatedDir,
    target_path: &Path,
    store_dir: &Path,
) -> Result<Vec<FileEntry>, BlobError> {
    let blobs = Blobs::new(store_dir);
    let root = make_dir(&target.dir, ATTACHMENTS, &target_path.join(ATTACHMENTS))?;
    let mut entries = Vec::new();
    let mut current: Option<(String, OwnedFd)> = None;
    for sha256 in blobs.stored()? {
        let prefix = sha256[..2].to_string();
        let relative = format!("{ATTACHMENTS}/{prefix}");
        let sub = match current.take() {
            Some((p, fd)) if p == prefix => fd,
            _ => make_dir(&root, &prefix, &target_path.join(&relative))?,
        };
        let path = target_path.join(&relative).join(&sha256);
        let mut file = create_file(&sub, &sha256, &path)?;
        let size = blobs.save(&sha256, &mut file).map_err(|e| match e {
            BlobError::Unreadable(e) => BlobError::Store(io(&path, e)),
            other => other,
        })?;
        file.sync_all().map_err(BlobError::Unreadable)?;
        rustix::fs::fsync(&sub).map_err(|e| io(&path, e.into()))?;
        entries.push(FileEntry {
            path: format!("{relative}/{sha256}"),
            size,
            sha256,
        });
        current = Some((prefix, sub));
    }
    Ok(entries)
}

/// Makes the folder of backups (0700, and its missing parents) if need be.
pub fn ensure_root(root: &Path) -> StoreResult<()> {
    use std::os::unix::fs::DirBuilderExt;
    if root.is_dir() {
        return Ok(());
    }
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(root)
        .map_err(|e| io(root, e))
}

/// Removes a backup that failed, so that no folder that looks like a
/// backup stays: only if `target_path` still leads to the folder created
/// (best effort; a folder left without its manifest is visibly unfinished).
pub fn discard(target: &CreatedDir, target_path: &Path) {
    let ours = rustix::fs::fstat(&target.dir);
    let reached = std::fs::symlink_metadata(target_path);
    if let (Ok(ours), Ok(reached)) = (ours, reached) {
        if reached.is_dir() && (ours.st_dev, ours.st_ino) == (reached.dev(), reached.ino()) {
            let _ = std::fs::remove_dir_all(target_path);
        }
    }
}

/// Written last, whole (a partial name renamed into place), and synced with
/// its folder: a folder that has it holds a finished backup.
fn write_manifest(dir: &OwnedFd, target_path: &Path, manifest: &Manifest) -> StoreResult<()> {
    let path = target_path.join(MANIFEST);
    let mut text = serde_json::to_string_pretty(manifest)
        .map_err(|e| StoreError::Corrupt(format!("manifest: {e}")))?;
    text.push('\n');
    let mut file = create_file(dir, MANIFEST_PARTIAL, &path)?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| io(&path, e))?;
    rustix::fs::renameat(dir, MANIFEST_PARTIAL, dir, MANIFEST).map_err(|e| io(&path, e.into()))?;
    rustix::fs::fsync(dir).map_err(|e| io(&path, e.into()))
}

/// Size and SHA-256 of a file of the folder, read by descriptor.
fn hash_entry(dir: &OwnedFd, name: &str, target_path: &Path) -> StoreResult<FileEntry> {
    let path = target_path.join(name);
    let flags = OFlags::RDONLY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    let mut file = rustix::fs::openat(dir, name, flags, Mode::empty())
        .map(File::from)
        .map_err(|e| io(&path, e.into()))?;
    let mut hasher = Sha256::new();
    let size = std::io::copy(&mut file, &mut hasher).map_err(|e| io(&path, e))?;
    Ok(FileEntry {
        path: name.into(),
        size,
        sha256: hex(&hasher.finalize()),
    })
}

/// A new file of the folder, 0600, never through a link.
fn create_file(dir: &impl AsFd, name: &str, path: &Path) -> StoreResult<File> {
    let flags = OFlags::WRONLY | OFlags::CREATE | OFlags::EXCL | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    rustix::fs::openat(dir, name, flags, Mode::from_raw_mode(0o600))
        .map(File::from)
        .map_err(|e| io(path, e.into()))
}

/// A new folder of the folder, 0700, opened without following a link.
fn make_dir(dir: &impl AsFd, name: &str, path: &Path) -> StoreResult<OwnedFd> {
    rustix::fs::mkdirat(dir, name, Mode::from_raw_mode(0o700)).map_err(|e| io(path, e.into()))?;
    let flags = OFlags::RDONLY | OFlags::DIRECTORY | OFlags::NOFOLLOW | OFlags::CLOEXEC;
    rustix::fs::openat(dir, name, flags, Mode::empty()).map_err(|e| io(path, e.into()))
}

/// The file SQLite wrote through `path` is the one created in the folder
/// by descriptor: no link or renamed folder sent it elsewhere.
fn same_file(dir: &OwnedFd, name: &str, path: &Path) -> StoreResult<()> {
    let ours =
        rustix::fs::statat(dir, name, AtFlags::SYMLINK_NOFOLLOW).map_err(|e| io(path, e.into()))?;
    let reached = std::fs::symlink_metadata(path).map_err(|e| io(path, e))?;
    if (ours.st_dev, ours.st_ino) == (reached.dev(), reached.ino()) {
        Ok(())
    } else {
        Err(StoreError::Corrupt(format!(
            "{} changed while the backup was written",
            path.display()
        )))
    }
}

fn io(path: &Path, source: std::io::Error) -> StoreError {
    StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn folders_are_named_by_the_utc_time_without_colons() {
        assert_eq!(super::folder_name(1_796_292_900), "2026-12-03T101500Z");
    }
}

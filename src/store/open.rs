//! Opening a database file safely: private permissions, no network
//! filesystem, never touching a file of a newer schema or of another program.

use super::{migrate, netfs, StoreError, StoreResult};
use rusqlite::{Connection, OpenFlags};
use std::fs;
use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt, PermissionsExt};
use std::path::Path;
use std::time::Duration;

/// `PRAGMA application_id` of guichet files: "GUIC".
pub const APPLICATION_ID: i64 = 0x4755_4943;

#[derive(Clone, Debug)]
pub struct OpenOptions {
    pub busy_timeout: Duration,
    /// The instant to stamp on the creation or migration audit entry.
    pub now: i64,
}

pub fn open_connection(path: &Path, options: &OpenOptions) -> StoreResult<Connection> {
    let dir = parent_dir(path);
    ensure_private_dir(dir)?;
    if let Some(fs_type) = netfs::network_fs_holding(dir) {
        return Err(StoreError::NetworkFs {
            path: path.to_path_buf(),
            fs_type,
        });
    }
    ensure_private_file(path)?;
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(options.busy_timeout)?;
    // Nothing may write to the file before we know it is ours and not newer:
    // even `journal_mode = WAL` rewrites its header.
    check_identity(&conn, path)?;
    conn.execute_batch(
        "PRAGMA journal_mode = WAL;
         PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = ON;
         PRAGMA trusted_schema = OFF;",
    )?;
    migrate::bring_up_to_date(&mut conn, options.now)?;
    Ok(conn)
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// A directory we create is 0700; one that exists is left as its owner set it.
fn ensure_private_dir(dir: &Path) -> StoreResult<()> {
    if dir.exists() {
        return Ok(());
    }
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)
        .map_err(io_error(dir))
}

/// The file is created 0600. SQLite gives its `-wal` and `-shm` files the
/// same mode. An existing file readable by others is tightened to 0600.
fn ensure_private_file(path: &Path) -> StoreResult<()> {
    match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => return Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
        Err(e) => return Err(io_error(path)(e)),
    }
    let metadata = fs::metadata(path).map_err(io_error(path))?;
    if metadata.permissions().mode() & 0o077 != 0 {
        fs::set_permissions(path, fs::Permissions::from_mode(0o600)).map_err(io_error(path))?;
    }
    Ok(())
}

fn check_identity(conn: &Connection, path: &Path) -> StoreResult<()> {
    let app_id: i64 = conn.query_row("PRAGMA application_id", [], |r| r.get(0))?;
    let version: i64 = conn.query_row("PRAGMA user_version", [], |r| r.get(0))?;
    let tables: i64 = conn.query_row("SELECT count(*) FROM sqlite_schema", [], |r| r.get(0))?;
    let foreign = app_id != APPLICATION_ID && (app_id != 0 || tables > 0);
    if foreign {
        return Err(StoreError::NotGuichet {
            path: path.to_path_buf(),
        });
    }
    if version > migrate::SCHEMA_VERSION {
        return Err(StoreError::NewerSchema {
            path: path.to_path_buf(),
            found: version,
            supported: migrate::SCHEMA_VERSION,
        });
    }
    Ok(())
}

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
    /// Whether a missing file may be created. Only `init` and `demo` (and the
    /// first-run screen, later) create one: elsewhere a mistyped path must not silently give
    /// an empty database.
    pub create: bool,
}

/// Attempts at switching to WAL: two processes opening a new file at the
/// same moment may see SQLITE_BUSY at once, without the busy timeout.
const WAL_ATTEMPTS: u32 = 8;

pub fn open_connection(
    path: &Path,
    key_path: &Path,
    options: &OpenOptions,
) -> StoreResult<Connection> {
    let dir = parent_dir(path);
    if !options.create && !path.exists() {
        return Err(StoreError::Missing {
            path: path.to_path_buf(),
        });
    }
    ensure_private_dir(dir)?;
    // Resolved, links and all: a link on a local disk to a file on NFS is
    // on NFS (and SQLite puts the WAL beside the file it resolves).
    if let Some(fs_type) = netfs::network_fs_of(&netfs::database_locations(path)) {
        return Err(StoreError::NetworkFs {
            path: path.to_path_buf(),
            fs_type,
        });
    }
    let created = create_private_file(path)?;
    if !created {
        // Read-only, so that a refused file is never written, not even by
        // the checkpoint SQLite runs when a connection closes.
        let probe = Connection::open_with_flags(path, OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        probe.busy_timeout(options.busy_timeout)?;
        check_identity(&probe, path)?;
        drop(probe);
        tighten_permissions(path)?;
    }
    let flags = OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let mut conn = Connection::open_with_flags(path, flags)?;
    conn.busy_timeout(options.busy_timeout)?;
    // Another process may have made the new file ours or newer meanwhile.
    check_identity(&conn, path)?;
    switch_to_wal(&conn)?;
    conn.execute_batch(
        "PRAGMA synchronous = FULL;
         PRAGMA foreign_keys = ON;
         PRAGMA secure_delete = ON;
         PRAGMA trusted_schema = OFF;",
    )?;
    // The lists' text filter folds case and accents in SQL.
    super::text_filter::register(&conn)?;
    migrate::bring_up_to_date(&mut conn, key_path, options.now)?;
    Ok(conn)
}

fn switch_to_wal(conn: &Connection) -> StoreResult<()> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        match conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get::<_, String>(0)) {
            Ok(mode) if mode.eq_ignore_ascii_case("wal") => return Ok(()),
            Ok(mode) => return Err(StoreError::Corrupt(format!("journal mode stayed {mode}"))),
            Err(e) => {
                let error = StoreError::from(e);
                if !error.is_busy() || attempt >= WAL_ATTEMPTS {
                    return Err(error);
                }
                std::thread::sleep(Duration::from_millis(10 * u64::from(attempt)));
            }
        }
    }
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

/// Creates the file 0600 if it does not exist; true if it was created.
/// SQLite gives the `-wal` and `-shm` files it creates the same mode.
fn create_private_file(path: &Path) -> StoreResult<bool> {
    match fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
    {
        Ok(_) => Ok(true),
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Ok(false),
        Err(e) => Err(io_error(path)(e)),
    }
}

/// An existing guichet file (and its `-wal` and `-shm`) readable by others
/// is tightened to 0600.
fn tighten_permissions(path: &Path) -> StoreResult<()> {
    let mut companions = vec![path.to_path_buf()];
    for suffix in ["-wal", "-shm"] {
        let mut name = path.as_os_str().to_owned();
        name.push(suffix);
        companions.push(name.into());
    }
    for file in companions {
        let Ok(metadata) = fs::metadata(&file) else {
            continue;
        };
        if metadata.permissions().mode() & 0o077 != 0 {
            fs::set_permissions(&file, fs::Permissions::from_mode(0o600))
                .map_err(io_error(&file))?;
        }
    }
    Ok(())
}

fn check_identity(conn: &Connection, path: &Path) -> StoreResult<()> {
    // One statement, so one snapshot: another process creating the file
    // may commit between two separate reads.
    let (app_id, version, tables): (i64, i64, i64) = conn.query_row(
        "SELECT (SELECT application_id FROM pragma_application_id()),
                (SELECT user_version FROM pragma_user_version()),
                (SELECT count(*) FROM sqlite_schema)",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    // Application id 0 is only a new file if nothing else is set either.
    let foreign = app_id != APPLICATION_ID && (app_id != 0 || tables > 0 || version != 0);
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

use std::path::PathBuf;

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{0}")]
    Sqlite(rusqlite::Error),
    /// No room left on the disk holding the database: SQLite could not
    /// write (`SQLITE_FULL`), or could not even give its shared-memory
    /// file its first pages, which is how a full disk shows when no other
    /// process had the database open (`SQLITE_IOERR_SHMSIZE`, which
    /// SQLite documents as a filesystem "out of space").
    #[error("the disk holding the database is full")]
    DiskFull,
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is on a network filesystem ({fs_type})")]
    NetworkFs { path: PathBuf, fs_type: String },
    #[error("{path} has schema version {found}; this guichet knows up to {supported}")]
    NewerSchema {
        path: PathBuf,
        found: i64,
        supported: i64,
    },
    #[error("no database at {path}")]
    Missing { path: PathBuf },
    #[error("{path} is not a guichet database")]
    NotGuichet { path: PathBuf },
    #[error("the database stayed busy after {attempts} attempts")]
    Busy { attempts: u32 },
    /// A bug guard: a write transaction tried to commit without recording
    /// an audit or journal entry.
    #[error("a change was about to be saved without an audit entry")]
    Unrecorded,
    #[error("the site key file {path} is missing: restore it from the backup taken with the database (without it the audit log can be neither written nor verified)")]
    KeyMissing { path: PathBuf },
    #[error("stored data is invalid: {0}")]
    Corrupt(String),
}

impl From<rusqlite::Error> for StoreError {
    fn from(error: rusqlite::Error) -> StoreError {
        let full = match &error {
            rusqlite::Error::SqliteFailure(e, _) => {
                e.code == rusqlite::ErrorCode::DiskFull
                    || e.extended_code == rusqlite::ffi::SQLITE_IOERR_SHMSIZE
            }
            _ => false,
        };
        if full {
            StoreError::DiskFull
        } else {
            StoreError::Sqlite(error)
        }
    }
}

impl StoreError {
    pub fn is_busy(&self) -> bool {
        match self {
            StoreError::Busy { .. } => true,
            StoreError::Sqlite(e) => matches!(
                e.sqlite_error_code(),
                Some(rusqlite::ErrorCode::DatabaseBusy | rusqlite::ErrorCode::DatabaseLocked)
            ),
            _ => false,
        }
    }
}

pub type StoreResult<T> = Result<T, StoreError>;

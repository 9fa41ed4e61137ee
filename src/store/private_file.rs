//! Files only their owner may read (0600), written whole through a
//! temporary file renamed into place: a reader, or a second signal in
//! mid-write, sees the previous content or the new one, never half.

use super::{StoreError, StoreResult};
use std::fs;
use std::io::Write;
use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
use std::path::{Path, PathBuf};

pub fn write_atomic(path: &Path, body: &[u8]) -> StoreResult<()> {
    let mut temp = path.as_os_str().to_owned();
    temp.push(format!(".tmp-{}", std::process::id()));
    let temp = PathBuf::from(temp);
    let io = |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    };
    let _ = fs::remove_file(&temp);
    let mut file = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&temp)
        .map_err(io)?;
    file.write_all(body).map_err(io)?;
    file.sync_all().map_err(io)?;
    // The umask may have taken bits off, never added: set it exactly.
    fs::set_permissions(&temp, fs::Permissions::from_mode(0o600)).map_err(io)?;
    fs::rename(&temp, path).map_err(io)
}

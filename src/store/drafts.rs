//! Drafts on disk: one private file per person (0600, in a 0700 folder
//! beside the database), written whole and renamed into place so that a
//! second signal in mid-write leaves the previous draft, never half a file.

use super::{StoreError, StoreResult};
use crate::domain::draft::Draft;
use std::fs;
use std::io::Read;
use std::os::unix::fs::{DirBuilderExt, PermissionsExt};
use std::path::{Path, PathBuf};

/// A draft file larger than this was not written by guichet: it is left
/// alone and not offered.
const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Where the drafts of one site live.
#[derive(Clone, Debug)]
pub struct DraftFiles {
    dir: PathBuf,
}

impl DraftFiles {
    pub fn new(dir: PathBuf) -> DraftFiles {
        DraftFiles { dir }
    }

    /// The file of one person. Logins are hex-encoded so that no login,
    /// whatever it holds, names a path outside the folder.
    pub fn path_of(&self, login: &str) -> PathBuf {
        let name: String = login.bytes().map(|b| format!("{b:02x}")).collect();
        self.dir.join(format!("{name}.json"))
    }

    pub fn save(&self, login: &str, draft: &Draft) -> StoreResult<()> {
        self.ensure_dir()?;
        let path = self.path_of(login);
        let body = serde_json::to_vec(draft).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        super::private_file::write_atomic(&path, &body)
    }

    /// The person's draft, if there is one guichet could have written
    /// (a regular file, not a link, of a sane size, that parses).
    pub fn load(&self, login: &str) -> StoreResult<Option<Draft>> {
        let path = self.path_of(login);
        let metadata = match fs::symlink_metadata(&path) {
            Ok(m) => m,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(io_error(&path)(e)),
        };
        if !metadata.is_file() || metadata.len() > MAX_FILE_BYTES {
            return Ok(None);
        }
        let mut body = Vec::new();
        fs::File::open(&path)
            .and_then(|f| f.take(MAX_FILE_BYTES).read_to_end(&mut body))
            .map_err(io_error(&path))?;
        Ok(serde_json::from_slice::<Draft>(&body)
            .ok()
            .map(Draft::bounded))
    }

    pub fn remove(&self, login: &str) -> StoreResult<()> {
        let path = self.path_of(login);
        match fs::remove_file(&path) {
            Ok(()) => Ok(()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
            Err(e) => Err(io_error(&path)(e)),
        }
    }

    fn ensure_dir(&self) -> StoreResult<()> {
        match fs::symlink_metadata(&self.dir) {
            Ok(m) if m.is_dir() => {
                if m.permissions().mode() & 0o077 != 0 {
                    fs::set_permissions(&self.dir, fs::Permissions::from_mode(0o700))
                        .map_err(io_error(&self.dir))?;
                }
                Ok(())
            }
            Ok(_) => Err(StoreError::Io {
                path: self.dir.clone(),
                source: std::io::Error::other("not a directory"),
            }),
            Err(_) => fs::DirBuilder::new()
                .recursive(true)
                .mode(0o700)
                .create(&self.dir)
                .map_err(io_error(&self.dir)),
        }
    }
}

fn io_error(path: &Path) -> impl FnOnce(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_path_buf(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::draft::{DraftField, DraftTarget};
    use std::os::unix::fs::MetadataExt;

    fn draft() -> Draft {
        Draft {
            kept_at: 5,
            tab: "tab".into(),
            form: "form".into(),
            target: DraftTarget::Section,
            fields: vec![DraftField {
                label: "l".into(),
                text: "half a sentence".into(),
                shown: None,
            }],
        }
    }

    #[test]
    fn a_draft_is_private_survives_a_round_trip_and_goes_when_removed() {
        let tmp = tempfile::tempdir().unwrap();
        let files = DraftFiles::new(tmp.path().join("drafts"));
        assert_eq!(files.load("ana").unwrap(), None);
        files.save("ana", &draft()).unwrap();
        let dir_mode = fs::metadata(tmp.path().join("drafts")).unwrap().mode() & 0o777;
        let file_mode = fs::metadata(files.path_of("ana")).unwrap().mode() & 0o777;
        assert_eq!((dir_mode, file_mode), (0o700, 0o600));
        assert_eq!(files.load("ana").unwrap(), Some(draft()));
        assert_eq!(files.load("bob").unwrap(), None);
        files.remove("ana").unwrap();
        assert_eq!(files.load("ana").unwrap(), None);
    }

    #[test]
    fn a_login_cannot_name_a_path_outside_the_folder() {
        let files = DraftFiles::new(PathBuf::from("/site/drafts"));
        let path = files.path_of("../../etc/passwd");
        assert_eq!(path.parent(), Some(Path::new("/site/drafts")));
    }

    #[test]
    fn a_link_or_garbage_in_place_of_a_draft_is_not_offered() {
        let tmp = tempfile::tempdir().unwrap();
        let files = DraftFiles::new(tmp.path().join("drafts"));
        files.save("ana", &draft()).unwrap();
        fs::write(files.path_of("ana"), b"{not json").unwrap();
        assert_eq!(files.load("ana").unwrap(), None);
        let outside = tmp.path().join("outside.json");
        fs::write(&outside, serde_json::to_vec(&draft()).unwrap()).unwrap();
        fs::remove_file(files.path_of("ana")).unwrap();
        std::os::unix::fs::symlink(&outside, files.path_of("ana")).unwrap();
        assert_eq!(files.load("ana").unwrap(), None);
    }
}

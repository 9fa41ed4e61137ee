//! `guichet backup`: a copy of the whole site (database, attachment store,
//! site key) in a new private folder, with a manifest written last.

use super::summary::Summary;
use super::{Actor, Error, Result, Service};
use crate::domain::audit_action::AuditAction;
use crate::domain::{Capability, Msg};
use crate::store::backup::{self, Manifest, Sources};
use crate::store::blobs::BlobError;
use crate::store::host_files::{self, CreatedDir, HostError};
use crate::store::site_key::SiteKey;
use std::path::{Path, PathBuf};

/// Two backups started in the same second get `…Z-2`, `…Z-3`: at most this
/// many in one second.
const SAME_SECOND: u32 = 50;

/// A finished backup: where it is, and what its manifest says.
#[derive(Debug)]
pub struct BackupDone {
    pub dir: PathBuf,
    pub manifest: Manifest,
}

impl Service {
    /// Backs the site up into `dir`, a new folder inside `backup.dir` or
    /// inside `attachments.export_dirs` (a path typed by a person is a path
    /// of the host), or by default into a new folder of `backup.dir` named
    /// by the UTC time. Records `site.backup` with the folder and the head
    /// of the copy; that entry comes after the copy, so the copy does not
    /// hold it. A failed backup removes its folder.
    pub fn backup(&mut self, actor: &Actor, dir: Option<&Path>) -> Result<BackupDone> {
        self.authorize(actor, Capability::SiteBackup)?;
        // Without the key the copy could not be verified: refuse before
        // writing anything.
        self.store.site_key()?;
        let now = self.now();
        let (created, path) = match dir {
            Some(dir) => (self.typed_folder(dir)?, dir.to_path_buf()),
            None => self.new_default_folder(now)?,
        };
        let path = path.canonicalize().unwrap_or(path);
        let key_path = SiteKey::path_for(self.store.path());
        let sources = Sources {
            conn: self.store.conn(),
            key_path: &key_path,
            attachment_dir: &self.settings.attachment_dir,
        };
        let manifest = match backup::take(&created, &path, &sources, now) {
            Ok(manifest) => manifest,
            Err(e) => {
                backup::discard(&created, &path);
                return Err(blob_error(e));
            }
        };
        let head = manifest.audit_head.as_ref().map(|h| h.anchor.clone());
        let summary = Summary::new()
            .value("path", path.display().to_string())
            .value("head", head)
            .build();
        let recorded = self.store.write(|w| {
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::SiteBackup, "main".into()),
                summary.clone(),
            )
        });
        if let Err(e) = recorded {
            // Every backup that stays is in the audit log.
            backup::discard(&created, &path);
            return Err(e);
        }
        Ok(BackupDone {
            dir: path,
            manifest,
        })
    }

    /// A folder typed by a person: new, inside `backup.dir` or an export
    /// folder, reached through no link.
    fn typed_folder(&self, dir: &Path) -> Result<CreatedDir> {
        let mut allowed = vec![self.settings.backup_dir.clone()];
        allowed.extend(self.settings.export_dirs.iter().cloned());
        host_files::create_dir_export(dir, &allowed).map_err(|e| self.backup_refusal(e, &allowed))
    }

    /// `backup.dir/2026-12-03T101500Z`, `backup.dir` made first (0700) if
    /// need be; reached by its real path, so that a configured folder
    /// behind a link still works.
    fn new_default_folder(&self, now: i64) -> Result<(CreatedDir, PathBuf)> {
        let root = &self.settings.backup_dir;
        crate::store::backup::ensure_root(root)?;
        let real = root.canonicalize().map_err(|e| io_error(root, e))?;
        let allowed = [real.clone()];
        let name = backup::folder_name(now);
        let mut attempt = 1;
        loop {
            let path = match attempt {
                1 => real.join(&name),
                n => real.join(format!("{name}-{n}")),
            };
            match host_files::create_dir_export(&path, &allowed) {
                Ok(created) => return Ok((created, path)),
                Err(HostError::Exists { .. }) if attempt < SAME_SECOND => attempt += 1,
                Err(e) => return Err(self.backup_refusal(e, &allowed)),
            }
        }
    }

    fn backup_refusal(&self, error: HostError, allowed: &[PathBuf]) -> Error {
        let listed = allowed
            .iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        Error::Invalid(match error {
            HostError::System { path } => {
                Msg::new("error.backup_system").arg("path", path.display())
            }
            HostError::NoneAllowed => Msg::new("error.backup_outside")
                .arg("path", "")
                .arg("dirs", listed),
            HostError::Outside { path } => Msg::new("error.backup_outside")
                .arg("path", path.display())
                .arg("dirs", listed),
            HostError::Symlink { path } => {
                Msg::new("error.backup_symlink").arg("path", path.display())
            }
            HostError::Exists { path } | HostError::NotRegular { path } => {
                Msg::new("error.backup_exists").arg("path", path.display())
            }
            HostError::Io { path, source } => return io_error(&path, source),
        })
    }
}

fn io_error(path: &Path, source: std::io::Error) -> Error {
    Error::Invalid(
        Msg::new("error.file_unreadable")
            .arg("path", path.display())
            .arg("detail", source),
    )
}

fn blob_error(error: BlobError) -> Error {
    match error {
        BlobError::Damaged { sha256 } => {
            Error::Conflict(Msg::new("error.backup_damaged").arg("sha256", sha256))
        }
        BlobError::Unreadable(e) => Error::Invalid(
            Msg::new("error.file_unreadable")
                .arg("path", "-")
                .arg("detail", e),
        ),
        BlobError::TooBig { size, max } => Error::Invalid(
            Msg::new("error.file_too_big")
                .arg("size", size)
                .arg("max", max),
        ),
        BlobError::Store(e) => Error::Store(e),
    }
}

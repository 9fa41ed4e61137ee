//! Attaching files to tickets and saving them back out.

use super::summary::Summary;
use super::tickets::TicketAccess;
use super::{not_found, Actor, Error, Result, Service};
use crate::domain::audit_action::AuditAction;
use crate::domain::{Capability, Msg};
use crate::store::blobs::{BlobError, Blobs};
use crate::store::host_files::{self, HostError};
use crate::store::ticket_work::{self, Attachment};
use std::fs::File;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Labels are shown, never used as paths: at most this many characters.
const MAX_LABEL_CHARS: usize = 120;

/// Which way a host file goes, for the refusal's words.
#[derive(Clone, Copy)]
enum Way {
    Import,
    Export,
}

impl Service {
    /// Copies a file of the host into the attachment store and attaches it:
    /// a regular file, inside `attachments.import_dirs`, not a link (see
    /// `store::host_files`). Staff may attach while the ticket is open; the
    /// requester only until it is taken in hand.
    pub fn attach_file(&mut self, actor: &Actor, ticket_id: i64, source: &Path) -> Result<i64> {
        let access = self.attach_access(actor, ticket_id)?;
        let mut file = host_files::open_import(source, &self.settings.import_dirs)
            .map_err(|e| self.host_error(e, Way::Import))?;
        let max = self.settings.attachment_max_bytes;
        let size = file.metadata().map(|m| m.len()).unwrap_or(0);
        if size > max {
            return Err(blob_error(BlobError::TooBig { size, max }, source));
        }
        self.attach_from(actor, access, &label_of(source), &mut file, source)
    }

    /// Attaches what `input` holds (standard input, under a shared account),
    /// named `name`; the size limit holds while it is read.
    pub fn attach_stream(
        &mut self,
        actor: &Actor,
        ticket_id: i64,
        name: &str,
        input: &mut dyn Read,
    ) -> Result<i64> {
        let access = self.attach_access(actor, ticket_id)?;
        let label = label_of(Path::new(name));
        self.attach_from(actor, access, &label, input, Path::new("-"))
    }

    /// Adding a file is editing the ticket: the same rule.
    fn attach_access(&self, actor: &Actor, ticket_id: i64) -> Result<TicketAccess> {
        self.edit_access(actor, ticket_id)
    }

    fn attach_from(
        &mut self,
        actor: &Actor,
        access: TicketAccess,
        label: &str,
        input: &mut dyn Read,
        source: &Path,
    ) -> Result<i64> {
        let ticket_id = access.ticket.id;
        let blobs = Blobs::new(&self.settings.attachment_dir);
        let stored = blobs
            .put(input, self.settings.attachment_max_bytes)
            .map_err(|e| blob_error(e, source))?;
        let (now, me) = (self.now(), access.me.user.id);
        self.store.write(|w| {
            access.still_current(w)?;
            let new = ticket_work::NewAttachment {
                ticket_id,
                uploader_id: me,
                sha256: &stored.sha256,
                size_bytes: i64::try_from(stored.size).unwrap_or(i64::MAX),
                label,
                now,
            };
            let id = ticket_work::insert_attachment(w, &new)?;
            crate::store::tickets::touch(w, ticket_id, now)?;
            let summary = Summary::new()
                .value("attachment_id", id)
                .value("label", label)
                .value("size_bytes", stored.size)
                .value("sha256", stored.sha256.as_str())
                .build();
            Self::audit(
                w,
                actor,
                now,
                (AuditAction::TicketAttach, ticket_id.to_string()),
                summary,
            )?;
            Ok(id)
        })
    }

    /// The attachment, for anyone who may read its ticket.
    fn readable_attachment(&self, actor: &Actor, attachment_id: i64) -> Result<Attachment> {
        self.authorize(actor, Capability::TicketRead)?;
        let Some(attachment) = ticket_work::attachment(self.store.conn(), attachment_id)? else {
            return Err(not_found("attachment", attachment_id));
        };
        // Out of reach looks missing, and names the attachment asked for,
        // not the ticket it belongs to.
        self.ticket_access(actor, attachment.ticket_id, Capability::TicketRead)
            .map_err(|e| match e {
                Error::NotFound(_) => not_found("attachment", attachment_id),
                other => other,
            })?;
        Ok(attachment)
    }

    /// Writes an attachment to a new file `out` (0600), inside
    /// `attachments.export_dirs`, reached through no link; never replaces a
    /// file.
    pub fn save_attachment(
        &self,
        actor: &Actor,
        attachment_id: i64,
        out: &Path,
    ) -> Result<Attachment> {
        let attachment = self.readable_attachment(actor, attachment_id)?;
        let mut created = host_files::create_export(out, &self.settings.export_dirs)
            .map_err(|e| self.host_error(e, Way::Export))?;
        let blobs = Blobs::new(&self.settings.attachment_dir);
        let written = blobs
            .save(&attachment.sha256, &mut created.file)
            .and_then(|_| created.file.sync_all().map_err(BlobError::Unreadable));
        if let Err(e) = written {
            created.remove();
            return Err(blob_error(e, out));
        }
        Ok(attachment)
    }

    /// An attachment's content, checked against its hash, to be written
    /// where the front end says (`--out -`: standard output).
    pub fn open_attachment(&self, actor: &Actor, attachment_id: i64) -> Result<(Attachment, File)> {
        let attachment = self.readable_attachment(actor, attachment_id)?;
        let blobs = Blobs::new(&self.settings.attachment_dir);
        let file = blobs
            .open_verified(&attachment.sha256)
            .map_err(|e| blob_error(e, Path::new("-")))?;
        Ok((attachment, file))
    }

    /// The folders whose files may be attached, as they really are: what
    /// the dashboard's path completion may offer.
    pub fn import_dirs(&self) -> Vec<PathBuf> {
        host_files::real_dirs(&self.settings.import_dirs)
    }

    /// Removes the partial files of attaches that were interrupted (no
    /// process holds their lock any more); how many. Run whenever a service
    /// starts, and for a check of the site.
    pub fn remove_abandoned_attachments(&self) -> Result<usize> {
        Ok(Blobs::new(&self.settings.attachment_dir).remove_abandoned()?)
    }

    fn host_error(&self, error: HostError, way: Way) -> Error {
        let dirs = match way {
            Way::Import => &self.settings.import_dirs,
            Way::Export => &self.settings.export_dirs,
        };
        let listed = dirs
            .iter()
            .map(|d| d.display().to_string())
            .collect::<Vec<_>>()
            .join(", ");
        let key = |import: &'static str, export: &'static str| match way {
            Way::Import => import,
            Way::Export => export,
        };
        Error::Invalid(match error {
            HostError::System { path } => {
                Msg::new(key("error.import_system", "error.export_system"))
                    .arg("path", path.display())
            }
            HostError::NoneAllowed if self.settings.shared_account => {
                Msg::new(key("error.import_shared", "error.export_shared"))
            }
            HostError::NoneAllowed => Msg::new(key("error.import_none", "error.export_none")),
            HostError::Outside { path } => {
                Msg::new(key("error.import_outside", "error.export_outside"))
                    .arg("path", path.display())
                    .arg("dirs", listed)
            }
            HostError::Symlink { path } => {
                Msg::new(key("error.import_symlink", "error.export_symlink"))
                    .arg("path", path.display())
            }
            HostError::NotRegular { path } => {
                Msg::new("error.not_a_file").arg("path", path.display())
            }
            HostError::Exists { path } => {
                Msg::new("error.export_exists").arg("path", path.display())
            }
            HostError::Io { path, source } => Msg::new("error.file_unreadable")
                .arg("path", path.display())
                .arg("detail", source),
        })
    }
}

/// The file's own name, as a label only: no directories, control
/// characters made harmless, length bounded.
pub fn label_of(source: &Path) -> String {
    let name = source
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let clean: String = name
        .chars()
        .map(|c| {
            if crate::domain::text::is_dangerous(c) || c == '/' {
                '\u{fffd}'
            } else {
                c
            }
        })
        .collect();
    let clean = clean.trim();
    let label = if clean.is_empty() || clean == "." || clean == ".." {
        "attachment"
    } else {
        clean
    };
    if label.chars().count() > MAX_LABEL_CHARS {
        let kept: String = label.chars().take(MAX_LABEL_CHARS - 1).collect();
        format!("{kept}…")
    } else {
        label.to_string()
    }
}

fn blob_error(error: BlobError, path: &Path) -> Error {
    match error {
        BlobError::Unreadable(e) => Error::Invalid(
            Msg::new("error.file_unreadable")
                .arg("path", path.display())
                .arg("detail", e),
        ),
        BlobError::TooBig { size, max } => Error::Invalid(
            Msg::new("error.file_too_big")
                .arg("size", size)
                .arg("max", max),
        ),
        BlobError::Damaged { sha256 } => {
            Error::Conflict(Msg::new("error.attachment_damaged").arg("sha256", sha256))
        }
        BlobError::Store(e) => Error::Store(e),
    }
}

#[cfg(test)]
mod tests {
    use super::label_of;
    use std::path::Path;

    #[test]
    fn labels_are_names_not_paths() {
        assert_eq!(label_of(Path::new("../../etc/passwd")), "passwd");
        assert_eq!(
            label_of(Path::new("/tmp/rapport été.pdf")),
            "rapport été.pdf"
        );
        assert_eq!(label_of(Path::new("a\u{1b}[2Jb.txt")), "a\u{fffd}[2Jb.txt");
        assert_eq!(label_of(Path::new("..")), "attachment");
        let long = "x".repeat(300);
        assert_eq!(label_of(Path::new(&long)).chars().count(), 120);
    }
}

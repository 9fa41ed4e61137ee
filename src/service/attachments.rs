//! Attaching files to tickets and saving them back out.

use super::summary::Summary;
use super::{Actor, Error, Result, Service};
use crate::domain::ticket::{self, Party};
use crate::domain::{Capability, Msg};
use crate::store::blobs::{BlobError, Blobs};
use crate::store::ticket_work::{self, Attachment};
use std::path::Path;

/// Labels are shown, never used as paths: at most this many characters.
const MAX_LABEL_CHARS: usize = 120;

impl Service {
    /// Copies a file into the attachment store and attaches it. Staff may
    /// attach while the ticket is open; the requester only until it is
    /// taken in hand.
    pub fn attach_file(&mut self, actor: &Actor, ticket_id: i64, source: &Path) -> Result<i64> {
        let access = self.ticket_access(actor, ticket_id, Capability::TicketUpdate)?;
        let party = access
            .party()
            .ok_or(Error::Denied(Capability::TicketUpdate))?;
        let status = access.status();
        if party == Party::Requester && !ticket::requester_may_edit(status, access.ticket.taken_at)
        {
            return Err(Error::Conflict(
                Msg::new("error.ticket_taken").arg("id", ticket_id),
            ));
        }
        if !status.is_open() {
            return Err(Error::Conflict(
                Msg::new("error.ticket_not_open")
                    .arg("id", ticket_id)
                    .arg("status", status),
            ));
        }
        let label = label_of(source);
        let blobs = Blobs::new(&self.settings.attachment_dir);
        let stored = blobs
            .put(source, self.settings.attachment_max_bytes)
            .map_err(|e| blob_error(e, source))?;
        let (now, me) = (self.now(), access.me.user.id);
        self.store.write(|w| {
            access.still_current(w)?;
            let new = ticket_work::NewAttachment {
                ticket_id,
                uploader_id: me,
                sha256: &stored.sha256,
                size_bytes: i64::try_from(stored.size).unwrap_or(i64::MAX),
                label: &label,
                now,
            };
            let id = ticket_work::insert_attachment(w, &new)?;
            crate::store::tickets::touch(w, ticket_id, now)?;
            let summary = Summary::new()
                .value("attachment_id", id)
                .value("label", label.as_str())
                .value("size_bytes", stored.size)
                .value("sha256", stored.sha256.as_str())
                .build();
            Self::audit(
                w,
                actor,
                now,
                ("ticket.attach", "ticket", ticket_id.to_string()),
                summary,
            )?;
            Ok(id)
        })
    }

    /// Writes an attachment to `out`, for anyone who may read its ticket.
    pub fn save_attachment(
        &self,
        actor: &Actor,
        attachment_id: i64,
        out: &Path,
        overwrite: bool,
    ) -> Result<Attachment> {
        let me = self.authorize(actor, Capability::TicketRead)?;
        let Some(attachment) = ticket_work::attachment(self.store.conn(), attachment_id)? else {
            return Err(me.unreachable(Capability::TicketRead, "attachment", attachment_id));
        };
        self.ticket_access(actor, attachment.ticket_id, Capability::TicketRead)?;
        let blobs = Blobs::new(&self.settings.attachment_dir);
        blobs
            .save(&attachment.sha256, out, overwrite)
            .map_err(|e| blob_error(e, out))?;
        Ok(attachment)
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
        BlobError::NotAFile => {
            Error::Invalid(Msg::new("error.not_a_file").arg("path", path.display()))
        }
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

use crate::domain::audit_chain::ChainFault;
use crate::domain::{Capability, Msg};
use crate::store::StoreError;

/// What a use case can come to, besides success. Each kind has its own exit
/// code in the CLI (see README, "Exit codes") and a message for people.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Wrong login, wrong password, locked or inactive account: one answer
    /// for all, so that nobody learns which logins exist.
    #[error("sign-in failed")]
    SignInFailed,
    #[error("permission denied: {0} needed")]
    Denied(Capability),
    #[error("not found: {0}")]
    NotFound(Msg),
    #[error("invalid input: {0}")]
    Invalid(Msg),
    #[error("conflict: {0}")]
    Conflict(Msg),
    #[error("audit chain broken at entry {id}")]
    AuditBroken { id: i64, fault: ChainFault },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("password hashing failed: {0}")]
    Hashing(String),
}

impl Error {
    /// The message to show, in the front end's language.
    pub fn message(&self) -> Msg {
        match self {
            Error::SignInFailed => Msg::new("error.sign_in_failed"),
            Error::Denied(cap) => Msg::new("error.denied").arg("capability", cap.key()),
            Error::NotFound(m) | Error::Invalid(m) | Error::Conflict(m) => m.clone(),
            Error::AuditBroken { id, fault } => Msg::new(match fault {
                ChainFault::BrokenLink => "error.audit_broken_link",
                ChainFault::ContentAltered => "error.audit_altered",
                ChainFault::Truncated => "error.audit_truncated",
                ChainFault::HeadMissing => "error.audit_head_missing",
                ChainFault::HeadForged => "error.audit_head_forged",
                ChainFault::CutOffRecorded => "error.audit_cut_off_recorded",
                ChainFault::TriggerAltered(_) => "error.audit_trigger_altered",
                ChainFault::AnchorLost => "error.audit_anchor_lost",
            })
            .arg("id", id)
            .arg(
                "trigger",
                match fault {
                    ChainFault::TriggerAltered(name) => name.as_str(),
                    _ => "",
                },
            ),
            Error::Store(e) => store_message(e),
            Error::Hashing(detail) => Msg::new("error.hashing").arg("detail", detail),
        }
    }
}

pub fn store_message(error: &StoreError) -> Msg {
    match error {
        StoreError::NetworkFs { path, fs_type } => Msg::new("error.network_fs")
            .arg("path", path.display())
            .arg("fs_type", fs_type),
        StoreError::NewerSchema {
            path,
            found,
            supported,
        } => Msg::new("error.newer_schema")
            .arg("path", path.display())
            .arg("found", found)
            .arg("supported", supported),
        StoreError::Missing { path } => Msg::new("error.no_database").arg("path", path.display()),
        StoreError::NotGuichet { path } => {
            Msg::new("error.not_guichet").arg("path", path.display())
        }
        StoreError::Busy { attempts } => Msg::new("error.busy").arg("attempts", attempts),
        StoreError::DiskFull => Msg::new("error.disk_full"),
        StoreError::Io { path, source } => Msg::new("error.io")
            .arg("path", path.display())
            .arg("detail", source),
        StoreError::KeyMissing { path } => {
            Msg::new("error.key_missing").arg("path", path.display())
        }
        other => Msg::new("error.database").arg("detail", other),
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;

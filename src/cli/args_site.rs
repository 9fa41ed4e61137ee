//! Commands about the whole site (backups; later restore and check).

use clap::Args;
use std::path::PathBuf;

#[derive(Args, Debug)]
pub struct BackupArgs {
    /// A new folder to write the backup into, inside backup.dir or
    /// attachments.export_dirs (default: a folder of backup.dir named by the
    /// UTC time).
    #[arg(value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

//! The `[log]` table: the size of the error log and how many old files are
//! kept (the log itself lives in `logs/` beside the database).

use serde::Deserialize;

#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields, default)]
pub struct LogConfig {
    /// `guichet.log` is rotated once it would grow past this size.
    pub max_bytes: u64,
    /// Rotated files kept: `guichet.log.1` (newest) to `guichet.log.KEEP`.
    pub keep: u32,
}

impl Default for LogConfig {
    fn default() -> Self {
        let rotation = crate::errlog::Rotation::default();
        LogConfig {
            max_bytes: rotation.max_bytes,
            keep: rotation.keep,
        }
    }
}

impl LogConfig {
    pub fn rotation(&self) -> crate::errlog::Rotation {
        crate::errlog::Rotation {
            max_bytes: self.max_bytes,
            keep: self.keep,
        }
    }

    /// Bounds: a few lines per file at the least, and no more old files
    /// than anyone would read.
    pub(super) fn check(&self) -> Result<(), String> {
        const MAX: u64 = 1 << 40;
        if !(4096..=MAX).contains(&self.max_bytes) {
            return Err(format!(
                "log.max_bytes = {} is out of range: use 4096 to {MAX}",
                self.max_bytes
            ));
        }
        if self.keep > 100 {
            return Err(format!(
                "log.keep = {} is out of range: use 0 to 100",
                self.keep
            ));
        }
        Ok(())
    }
}

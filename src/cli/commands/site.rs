//! `guichet backup`.

use crate::cli::args::Format;
use crate::cli::args_site::BackupArgs;
use crate::cli::{CliResult, Ctx};
use crate::domain::Msg;

pub fn backup(ctx: &mut Ctx, args: BackupArgs) -> CliResult {
    let actor = ctx.actor()?;
    let done = ctx.service.backup(&actor, args.dir.as_deref())?;
    let dir = done.dir.display().to_string();
    let head = done.manifest.audit_head.as_ref();
    if ctx.format == Format::Json {
        let value = serde_json::json!({
            "dir": dir,
            "head": head.map(|h| h.anchor.as_str()),
            "head_id": head.map(|h| h.id),
            "head_hash": head.map(|h| h.hash.as_str()),
            "created_at": done.manifest.created_at,
            "schema_version": done.manifest.schema_version,
            "files": done.manifest.files.len(),
        });
        let mut printer = ctx.printer(false);
        printer.document(&value)?;
        return Ok(());
    }
    let message = match head {
        Some(head) => Msg::new("cli.backup_done")
            .arg("dir", &dir)
            .arg("head", &head.anchor),
        None => Msg::new("cli.backup_done_empty").arg("dir", &dir),
    };
    ctx.say(&message.arg("files", done.manifest.files.len()));
    Ok(())
}

//! Forms interrupted by a signal or the idle lock: kept for their author,
//! offered back at the next sign-in, and nobody else's to read (the file
//! is named after the actor, never after something typed).

use super::{Actor, Result, Service};
use crate::domain::draft::Draft;
use crate::store::drafts::DraftFiles;

impl Service {
    fn draft_files(&self) -> DraftFiles {
        DraftFiles::new(self.settings.drafts_dir.clone())
    }

    /// Keeps the actor's open form, replacing any earlier draft; a form
    /// with nothing typed in it is not worth a file.
    pub fn keep_draft(&self, actor: &Actor, mut draft: Draft) -> Result<()> {
        if !draft.has_text() {
            return Ok(());
        }
        draft.kept_at = self.now();
        Ok(self.draft_files().save(&actor.login, &draft)?)
    }

    /// The actor's kept draft, if any.
    pub fn draft(&self, actor: &Actor) -> Result<Option<Draft>> {
        Ok(self.draft_files().load(&actor.login)?)
    }

    /// The draft was taken back into its form, or thrown away on purpose.
    pub fn discard_draft(&self, actor: &Actor) -> Result<()> {
        Ok(self.draft_files().remove(&actor.login)?)
    }
}

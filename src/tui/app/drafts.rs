//! Drafts: the open form kept at a signal or a lock, and offered back to
//! its author at the next sign-in (read off the UI thread).

use super::{App, Overlay, Screen};
use crate::domain::draft::Draft;
use crate::service::{self, Actor, Service};
use crate::tui::background::Reader;
use crate::tui::draft_offer::{DraftOffer, OfferStep};
use crate::tui::pane::Notice;

impl App {
    /// Locks, first keeping the open form's text for its author.
    pub(super) fn lock_keeping_draft(&mut self) {
        let failure = self.keep_draft();
        self.lock();
        self.notice = failure;
    }

    /// Writes the open form (the visible tab's first) to the actor's draft
    /// file; what to tell them if that failed.
    pub(super) fn keep_draft(&mut self) -> Option<Notice> {
        let Screen::Main(session) = &self.screen else {
            return None;
        };
        let visible = session.tabs.get(session.active).into_iter();
        let draft = visible.chain(session.tabs.iter()).find_map(|pane| {
            pane.draft().map(|mut draft| {
                draft.tab = pane.title().to_string();
                draft
            })
        })?;
        let error = self.service.keep_draft(&session.actor, draft).err()?;
        let detail = self.looks.i18n.render(&error.message());
        Some(Notice::Error(
            self.looks
                .i18n
                .with("tui.draft.not_kept", &[("detail", &detail)]),
        ))
    }

    /// The answer to a draft offered back after sign-in.
    pub(super) fn on_offer(&mut self, step: OfferStep) {
        let Screen::Main(session) = &mut self.screen else {
            return;
        };
        let Overlay::Draft(offer) = &session.overlay else {
            return;
        };
        let draft = offer.draft.clone();
        match step {
            OfferStep::Stay => {}
            OfferStep::Later => session.overlay = Overlay::None,
            OfferStep::Discard => {
                session.overlay = Overlay::None;
                self.notice = Some(match self.service.discard_draft(&session.actor) {
                    Ok(()) => Notice::Info(self.looks.i18n.text("tui.draft.discarded").into()),
                    Err(e) => Notice::Error(self.looks.i18n.render(&e.message())),
                });
            }
            OfferStep::Reopen => self.reopen_draft(&draft),
        }
    }

    /// Opens the draft's form again in its tab; the offer stays if the
    /// form cannot come back (its ticket gone, its tab no longer allowed).
    pub(super) fn reopen_draft(&mut self, draft: &Draft) {
        let Screen::Main(session) = &mut self.screen else {
            return;
        };
        let index = session.tabs.iter().position(|p| p.title() == draft.tab);
        let mut cx = pane_cx!(self, session);
        let reopened = index.is_some_and(|i| session.tabs[i].resume(draft, &mut cx));
        let failure = cx.notice.take();
        drop(cx);
        let Some(index) = index.filter(|_| reopened) else {
            self.notice = failure
                .or_else(|| Some(Notice::Error(self.looks.i18n.text("tui.draft.gone").into())));
            return;
        };
        session.overlay = Overlay::None;
        let _ = self.service.discard_draft(&session.actor);
        self.show_tab(index);
        self.notice = Some(Notice::Info(
            self.looks.i18n.text("tui.draft.reopened").into(),
        ));
    }

    /// A form kept at the last signal or lock comes back first thing: its
    /// file is asked for here, and offered when it is read.
    pub(super) fn offer_draft(&mut self) {
        let Screen::Main(session) = &mut self.screen else {
            return;
        };
        let mut reader = Reader::new(read_draft);
        let cx = pane_cx!(self, session);
        let read = reader.ask((), &cx);
        drop(cx);
        session.draft_read = Some(reader);
        if let Some((_, read)) = read {
            self.show_draft(read);
        }
    }

    /// The draft's file, once read (the one read of the session).
    pub(super) fn take_draft(&mut self) {
        let Screen::Main(session) = &mut self.screen else {
            return;
        };
        let Some((_, read)) = session.draft_read.as_mut().and_then(Reader::take) else {
            return;
        };
        session.draft_read = None;
        self.show_draft(read);
    }

    fn show_draft(&mut self, read: service::Result<Option<Draft>>) {
        let Screen::Main(session) = &mut self.screen else {
            return;
        };
        match read {
            // Over help, which a key may have opened meanwhile; a question
            // (quit?) or the notifications stay, and the draft waits on
            // disk for the next sign-in.
            Ok(Some(draft)) => {
                if matches!(session.overlay, Overlay::None | Overlay::Help { .. }) {
                    session.overlay = Overlay::Draft(Box::new(DraftOffer::new(draft)));
                }
            }
            Ok(None) => {}
            Err(e) => self.notice = Some(Notice::Error(self.looks.i18n.render(&e.message()))),
        }
    }
}

fn read_draft(service: &Service, actor: &Actor, _: &()) -> service::Result<Option<Draft>> {
    service.draft(actor)
}

//! A form or a question over a list, with what it is about (the job), and
//! how its outcome is shown.

use super::confirm::{Answer, Confirm};
use super::form::FormEvent;
use super::keyed::KeyedForm;
use crate::domain::draft::Draft;
use crate::domain::Msg;
use crate::service;
use crate::tui::keymap::Layer;
use crate::tui::pane::{Cx, View};
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::Frame;

/// `J` says what the modal is about, `F` names the form's fields.
pub enum Modal<J, F> {
    Form(J, KeyedForm<F>),
    Confirm(J, Confirm),
}

pub enum Step {
    /// The key was taken; the modal stays.
    Stay,
    Close,
    /// Submit the form, or do what was confirmed.
    Go,
}

impl<J, F: Copy + Eq> Modal<J, F> {
    pub fn on_key(&mut self, key: KeyEvent, keys: &crate::tui::keymap::Keymap) -> Step {
        match self {
            Modal::Form(_, form) => match form.on_key(key, keys) {
                FormEvent::Editing => Step::Stay,
                FormEvent::Cancel => Step::Close,
                FormEvent::Submit => Step::Go,
            },
            Modal::Confirm(_, confirm) => match confirm.on_key(key, keys) {
                Answer::Pending => Step::Stay,
                Answer::No => Step::Close,
                Answer::Yes => Step::Go,
            },
        }
    }

    /// The keys in force while it is open.
    pub fn layer(&self) -> Layer {
        match self {
            Modal::Form(..) => Layer::Form,
            Modal::Confirm(..) => Layer::Confirm,
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        match self {
            Modal::Form(_, form) => form.draw(frame, area, view),
            Modal::Confirm(_, confirm) => confirm.draw(frame, area, view),
        }
    }

    pub fn unsaved(&self) -> bool {
        matches!(self, Modal::Form(_, form) if form.is_dirty())
    }

    /// The open form, if it is one.
    pub fn form_mut(&mut self) -> Option<&mut KeyedForm<F>> {
        match self {
            Modal::Form(_, form) => Some(form),
            Modal::Confirm(..) => None,
        }
    }

    /// A pick of the open form is reading its options.
    pub fn waiting(&self) -> bool {
        matches!(self, Modal::Form(_, form) if form.picks_waiting())
    }

    /// The open form's typed text, for a draft.
    pub fn draft(&self) -> Option<Draft> {
        match self {
            Modal::Form(_, form) => form.draft(),
            Modal::Confirm(..) => None,
        }
    }
}

/// Shows a form's outcome: a message in the status line (true), or the
/// error in the form, which stays open with its text (false).
pub fn settle_form<J, F: Copy + Eq>(
    slot: &mut Option<Modal<J, F>>,
    job: J,
    mut form: KeyedForm<F>,
    outcome: service::Result<Msg>,
    cx: &mut Cx,
) -> bool {
    match outcome {
        Ok(msg) => {
            cx.info(&msg);
            true
        }
        Err(e) => {
            form.fail(cx.i18n.render(&e.message()));
            *slot = Some(Modal::Form(job, form));
            false
        }
    }
}

//! Pieces the admin and promos panes share: list navigation, small lists
//! read whole, forms and confirmations over a list, the section bar.

use crate::domain::Msg;
use crate::service;
use crate::tui::action::Action;
use crate::tui::pane::{Cx, View};
use crate::tui::widgets::confirm::{Answer, Confirm};
use crate::tui::widgets::form::{Field, FieldKind, Form, FormEvent};
use crate::tui::widgets::paged::{Fetch, PagedList};
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Row};
use ratatui::Frame;

/// Widths from which a pane shows a detail beside its list.
pub const WIDE: u16 = 120;

/// Moves the selection of a list for a navigation action; None if the
/// action is not one.
pub fn navigate<T, C: Clone>(
    list: &mut PagedList<T, C>,
    action: Action,
    fetch: &mut Fetch<T, C>,
) -> Option<service::Result<()>> {
    Some(match action {
        Action::Up => list.move_by(-1, fetch),
        Action::Down => list.move_by(1, fetch),
        Action::PageUp => list.page(false, fetch),
        Action::PageDown => list.page(true, fetch),
        Action::Top => list.top(fetch),
        Action::Bottom => list.bottom(fetch),
        _ => return None,
    })
}

/// A short list the services give whole (roles' grants, SLA rules), shown
/// through the same paged table as the long ones.
pub struct Listing<T> {
    all: Vec<T>,
    list: PagedList<(usize, T), usize>,
}

impl<T: Clone> Default for Listing<T> {
    fn default() -> Listing<T> {
        Listing::new()
    }
}

impl<T: Clone> Listing<T> {
    pub fn new() -> Listing<T> {
        Listing {
            all: Vec::new(),
            list: PagedList::new(|row: &(usize, T)| row.0),
        }
    }

    /// Takes fresh rows, keeping the selection's place.
    pub fn set(&mut self, rows: Vec<T>) {
        self.all = rows;
        let all = &self.all;
        // Reading from memory cannot fail.
        let _ = self.list.reload(&mut slice_fetch(all));
    }

    /// Takes rows of something else (another role): back to the top.
    pub fn replace(&mut self, rows: Vec<T>) {
        self.all = rows;
        let all = &self.all;
        let _ = self.list.reset(&mut slice_fetch(all));
    }

    pub fn navigate(&mut self, action: Action) -> bool {
        let all = &self.all;
        navigate(&mut self.list, action, &mut slice_fetch(all)).is_some()
    }

    pub fn selected(&self) -> Option<&T> {
        self.list.selected().map(|(_, row)| row)
    }

    pub fn rows(&self) -> &[T] {
        &self.all
    }

    pub fn draw(
        &self,
        frame: &mut Frame,
        area: Rect,
        view: &View,
        title: &str,
        header: (Row<'static>, &[Constraint]),
        row_of: impl Fn(&T) -> Row<'static>,
    ) {
        self.list
            .draw(frame, area, view, title, header, |(_, row)| row_of(row));
    }
}

fn slice_fetch<T: Clone>(
    all: &[T],
) -> impl FnMut(Option<&usize>, u32) -> service::Result<Vec<(usize, T)>> + '_ {
    move |after, limit| {
        let from = after.map_or(0, |a| a + 1);
        Ok(all
            .iter()
            .cloned()
            .enumerate()
            .skip(from)
            .take(limit as usize)
            .collect())
    }
}

/// A form or a question over a section, with what it is about.
pub enum Modal<K> {
    Form(K, Form),
    Confirm(K, Confirm),
}

pub enum Step {
    /// The key was taken; the modal stays.
    Stay,
    Close,
    /// Submit the form, or do what was confirmed.
    Go,
}

pub fn modal_key<K>(modal: &mut Modal<K>, key: KeyEvent) -> Step {
    match modal {
        Modal::Form(_, form) => match form.on_key(key) {
            FormEvent::Editing => Step::Stay,
            FormEvent::Cancel => Step::Close,
            FormEvent::Submit => Step::Go,
        },
        Modal::Confirm(_, confirm) => match confirm.on_key(key) {
            Answer::Pending => Step::Stay,
            Answer::No => Step::Close,
            Answer::Yes => Step::Go,
        },
    }
}

impl<K> Modal<K> {
    pub fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        match self {
            Modal::Form(_, form) => form.draw(frame, area, view),
            Modal::Confirm(_, confirm) => confirm.draw(frame, area, view),
        }
    }

    pub fn unsaved(&self) -> bool {
        matches!(self, Modal::Form(_, form) if form.is_dirty())
    }

    /// The open form's typed text, for a draft.
    pub fn draft(&self) -> Option<crate::domain::draft::Draft> {
        match self {
            Modal::Form(_, form) => form.draft(),
            Modal::Confirm(..) => None,
        }
    }
}

/// Shows a form's outcome: a message in the status line, or the error in
/// the form, which stays open with its text.
pub fn settle_form<K>(
    slot: &mut Option<Modal<K>>,
    kind: K,
    mut form: Form,
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
            *slot = Some(Modal::Form(kind, form));
            false
        }
    }
}

/// A one-line field holding `text`.
pub fn line(label: &'static str, text: &str) -> Field {
    Field::new(label, FieldKind::Line).with_text(text)
}

/// A choice among `options`, on `current` if it is one of them.
pub fn choice(label: &'static str, options: Vec<(String, String)>, current: &str) -> Field {
    let index = options.iter().position(|(v, _)| v == current).unwrap_or(0);
    let mut field = Field::new(label, FieldKind::Choice(options));
    field.choice = index;
    field
}

/// The text of a field if it differs from what the form was opened with.
pub fn changed(form: &Form, index: usize, was: &str) -> Option<String> {
    let now = form.value(index);
    (now.trim() != was.trim()).then_some(now)
}

/// "None" as a field's text: empty.
pub fn or_empty(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("")
}

/// A one-line bar of section names, the active one marked and reversed.
pub fn draw_bar(frame: &mut Frame, area: Rect, view: &View, names: &[&str], active: usize) {
    let mut spans = Vec::new();
    for (i, name) in names.iter().enumerate() {
        if i == active {
            spans.push(Span::styled(format!("▸{name} "), view.theme.tab_active));
        } else {
            spans.push(Span::styled(format!(" {name} "), view.theme.tab));
        }
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A header row from language-file keys.
pub fn header(view: &View, keys: &[&str]) -> Row<'static> {
    Row::new(
        keys.iter()
            .map(|k| view.t(k).to_string())
            .collect::<Vec<_>>(),
    )
}

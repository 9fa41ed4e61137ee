//! One shape for every list section (the Admin sections, Promos' lists):
//! a paged list read by keyset, a detail beside it, forms and questions
//! over it. A section says what is particular to it by implementing
//! [`ListSection`]; [`Section`] is the one [`Pane`] that does the rest
//! (navigation, reading again, the modal, clicks, drafts, drawing).
//!
//! Adding a section:
//! 1. a module with a struct for the section's own state (choices its
//!    forms offer, an inner focus), a `Job` enum (what a form or question
//!    is about) and a `Field` enum (the fields of its forms);
//! 2. `impl ListSection` for it: the row and cursor types, `fetch` (a
//!    plain function over the service, by keyset), `columns` and `row`,
//!    `on_action` opening forms with [`KeyedForm`] and questions with
//!    [`Confirm`], `submit` and `confirmed` calling the services;
//! 3. optionally `layout` and `draw_detail` for a detail beside the list,
//!    `intercept` for keys an inner focus takes first, `prepare` for what
//!    the forms need read beside the rows;
//! 4. `Section::boxed(YourSection::default())` where the tab or the Admin
//!    section bar makes its panes; the language keys in en and fr.

use super::confirm::Confirm;
use super::keyed::KeyedForm;
use super::modal::{settle_form, Modal, Step};
use super::paged::{rows_area, PagedList};
use crate::domain::Msg;
use crate::service::{self, Actor, Service};
use crate::tui::action::Action;
use crate::tui::pane::{Cx, Pane, View};
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Row;
use ratatui::Frame;
use std::cell::Cell;

/// Widths from which a section shows more columns, or a detail beside.
pub const WIDE: u16 = 120;

/// The list actions every section answers to.
pub const LIST_ACTIONS: &[Action] = &[
    Action::Up,
    Action::Down,
    Action::PageUp,
    Action::PageDown,
    Action::Top,
    Action::Bottom,
];

/// What a section's hook made of an action.
pub enum Hook<S: ListSection> {
    /// Not this hook's: the generic pane goes on with it.
    Pass,
    /// Taken; nothing more to do.
    Done,
    /// Taken: show this form or question.
    Open(Modal<S::Job, S::Field>),
}

/// Where the list and the detail go in the section's area.
pub struct Parts {
    pub list: Option<Rect>,
    pub detail: Option<Rect>,
}

impl Parts {
    /// The list alone.
    pub fn list(area: Rect) -> Parts {
        Parts {
            list: Some(area),
            detail: None,
        }
    }

    /// The detail alone (it has the keys on a narrow screen).
    pub fn detail(area: Rect) -> Parts {
        Parts {
            list: None,
            detail: Some(area),
        }
    }

    /// The list over a detail `height` lines tall.
    pub fn over(area: Rect, height: u16) -> Parts {
        let [list, detail] =
            Layout::vertical([Constraint::Min(5), Constraint::Length(height)]).areas(area);
        Parts {
            list: Some(list),
            detail: Some(detail),
        }
    }

    /// The list on the left, `percent` of the width, the detail beside.
    pub fn beside(area: Rect, percent: u16) -> Parts {
        let [list, detail] = Layout::horizontal([
            Constraint::Percentage(percent),
            Constraint::Percentage(100 - percent),
        ])
        .areas(area);
        Parts {
            list: Some(list),
            detail: Some(detail),
        }
    }
}

/// Where and what a detail draws.
pub struct Detail<'a, R> {
    pub area: Rect,
    pub view: &'a View<'a>,
    /// The selected row, if any.
    pub row: Option<&'a R>,
    /// As for the columns: the section's area is [`WIDE`] or more.
    pub wide: bool,
}

/// What a submitted form or a confirmed question did: the message for
/// the status line, or the service's refusal.
pub type Outcome = service::Result<Msg>;

/// A section's read of one page: `(service, actor, scope, after, limit)`.
pub type Fetcher<S> = fn(
    &Service,
    &Actor,
    &<S as ListSection>::Scope,
    Option<&<S as ListSection>::Cursor>,
    u32,
) -> service::Result<Vec<<S as ListSection>::Row>>;

pub trait ListSection: Sized + 'static {
    type Row;
    /// Where a page of rows starts: the key of the row before it.
    type Cursor: Clone + PartialOrd;
    /// What the list is of, beyond the actor's rights: `()` for a whole
    /// list, the parent for a list under another (a programme's cohorts).
    type Scope: Clone + Default + PartialEq;
    /// What a form or a question is about.
    type Job;
    /// The fields of the section's forms.
    type Field: Copy + Eq;

    /// Language-file key of the section's name.
    const TITLE: &'static str;

    /// The key of a row, where the page after it starts.
    const CURSOR: fn(&Self::Row) -> Self::Cursor;

    /// Up to `limit` rows of `scope` after a cursor; a plain function, so
    /// that it can run away from the pane.
    const FETCH: Fetcher<Self>;

    /// The actions answered (no modal open), for `?`; the hints' few.
    const ACTIONS: &'static [Action] = &[];
    const HINTS: &'static [Action] = &[];
    /// Language-file key of the list's title.
    const LIST_TITLE: &'static str = "";

    /// The actions answered in the present state, when it matters.
    fn actions(&self) -> &'static [Action] {
        Self::ACTIONS
    }

    fn hints(&self) -> &'static [Action] {
        Self::HINTS
    }

    /// The list's title, already translated.
    fn list_title(&self, view: &View) -> String {
        view.t(Self::LIST_TITLE).to_string()
    }
    /// The header's language-file keys and the columns' widths.
    fn columns(&self, wide: bool) -> (Vec<&'static str>, Vec<Constraint>);
    fn row(&self, row: &Self::Row, view: &View, wide: bool) -> Row<'static>;

    /// The list fills the area unless a section puts a detail beside it.
    fn layout(&self, area: Rect) -> Parts {
        Parts::list(area)
    }

    fn draw_detail(&self, _frame: &mut Frame, _at: Detail<'_, Self::Row>) {}

    /// Reads what the forms need beside the rows, before each refresh.
    fn prepare(&mut self, _cx: &mut Cx) {}

    /// The list is now of `scope` (its parent changed).
    fn rescoped(&mut self, _scope: &Self::Scope) {}

    /// The selection moved or the rows were read again.
    fn follow(&mut self, _row: Option<&Self::Row>) {}

    /// Before the list moves: an inner focus (a detail, a second list)
    /// may take the action.
    fn intercept(&mut self, _action: Action, _row: Option<&Self::Row>, _cx: &mut Cx) -> Hook<Self> {
        Hook::Pass
    }

    /// What an action that is not a move opens.
    fn on_action(&mut self, action: Action, row: Option<&Self::Row>, cx: &mut Cx) -> Hook<Self>;

    /// Does what a submitted form asks; the message for the status line.
    fn submit(&mut self, job: &Self::Job, form: &KeyedForm<Self::Field>, cx: &mut Cx) -> Outcome;

    /// Does what a question was answered yes to.
    fn confirmed(&mut self, _job: Self::Job, _cx: &mut Cx) -> Outcome {
        Err(service::Error::Conflict(Msg::new(
            "error.nothing_to_change",
        )))
    }

    /// After a saved form: the row to select (one just created); None
    /// reads the list again in place.
    fn created(&self, _job: &Self::Job, _form: &KeyedForm<Self::Field>) -> Option<Self::Cursor> {
        None
    }
}

/// The one pane over any [`ListSection`].
pub struct Section<S: ListSection> {
    pub inner: S,
    list: PagedList<S::Row, S::Cursor>,
    scope: S::Scope,
    modal: Option<Modal<S::Job, S::Field>>,
    /// The area the section was last drawn in, and where its rows were:
    /// a click maps through them.
    drawn: Cell<Rect>,
    rows: Cell<Rect>,
}

impl<S: ListSection> Section<S> {
    pub fn new(inner: S) -> Section<S> {
        Section {
            inner,
            list: PagedList::new(S::CURSOR),
            scope: S::Scope::default(),
            modal: None,
            drawn: Cell::new(Rect::default()),
            rows: Cell::new(Rect::default()),
        }
    }

    pub fn boxed(inner: S) -> Box<dyn Pane> {
        Box::new(Section::new(inner))
    }

    pub fn selected(&self) -> Option<&S::Row> {
        self.list.selected()
    }

    pub fn scope(&self) -> &S::Scope {
        &self.scope
    }

    /// Shows the rows of `scope`: from the top if it changed; read again
    /// in place if `again`.
    pub fn rescope(&mut self, scope: S::Scope, again: bool, cx: &mut Cx) {
        let fresh = scope != self.scope;
        if !fresh && !again {
            return;
        }
        self.scope = scope;
        self.inner.rescoped(&self.scope);
        if fresh {
            self.list = PagedList::new(S::CURSOR);
        }
        self.reload(cx);
    }

    /// A form or question is open over the section.
    pub fn modal_open(&self) -> bool {
        self.modal.is_some()
    }

    /// The list and detail, without the modal (a pane of several lists
    /// draws the modal over all of them).
    pub fn draw_body(&self, frame: &mut Frame, area: Rect, view: &View, wide: bool) {
        self.drawn.set(area);
        let parts = self.inner.layout(area);
        self.rows.set(Rect::default());
        if let Some(list) = parts.list {
            let (keys, widths) = self.inner.columns(wide);
            let header = Row::new(
                keys.iter()
                    .map(|k| view.t(k).to_string())
                    .collect::<Vec<_>>(),
            );
            let title = self.inner.list_title(view);
            self.list
                .draw(frame, list, view, &title, (header, &widths), |row| {
                    self.inner.row(row, view, wide)
                });
            self.rows.set(rows_area(list));
        }
        if let Some(detail) = parts.detail {
            let at = Detail {
                area: detail,
                view,
                row: self.list.selected(),
                wide,
            };
            self.inner.draw_detail(frame, at);
        }
    }

    pub fn draw_modal(&self, frame: &mut Frame, area: Rect, view: &View) {
        if let Some(modal) = &self.modal {
            modal.draw(frame, area, view);
        }
    }

    fn reload(&mut self, cx: &mut Cx) {
        let (service, actor, scope) = (&*cx.service, cx.actor, &self.scope);
        let mut fetch = |after: Option<&S::Cursor>, n| (S::FETCH)(service, actor, scope, after, n);
        let result = if self.list.is_empty() {
            self.list.reset(&mut fetch)
        } else {
            self.list.reload(&mut fetch)
        };
        cx.attempt(result);
        self.inner.follow(self.list.selected());
    }

    /// Selects the first row at or after `target` (a row just created),
    /// reading from the top; a very long list stops after a bounded
    /// number of rows.
    fn seek(&mut self, target: &S::Cursor, cx: &mut Cx) {
        const MAX_ROWS: usize = 20_000;
        let (service, actor, scope) = (&*cx.service, cx.actor, &self.scope);
        let mut fetch = |after: Option<&S::Cursor>, n| (S::FETCH)(service, actor, scope, after, n);
        let mut outcome = self.list.reset(&mut fetch);
        while outcome.is_ok() && self.list.selected_index() < MAX_ROWS {
            let before = self.list.selected_index();
            match self.list.selected() {
                Some(row) if (S::CURSOR)(row) < *target => {}
                _ => break,
            }
            outcome = self.list.move_by(1, &mut fetch);
            if self.list.selected_index() == before {
                break;
            }
        }
        cx.attempt(outcome);
        self.inner.follow(self.list.selected());
    }

    fn navigate(&mut self, action: Action, cx: &mut Cx) -> bool {
        let (service, actor, scope) = (&*cx.service, cx.actor, &self.scope);
        let mut fetch = |after: Option<&S::Cursor>, n| (S::FETCH)(service, actor, scope, after, n);
        let result = match action {
            Action::Up => self.list.move_by(-1, &mut fetch),
            Action::Down => self.list.move_by(1, &mut fetch),
            Action::PageUp => self.list.page(false, &mut fetch),
            Action::PageDown => self.list.page(true, &mut fetch),
            Action::Top => self.list.top(&mut fetch),
            Action::Bottom => self.list.bottom(&mut fetch),
            _ => return false,
        };
        cx.attempt(result);
        self.inner.follow(self.list.selected());
        true
    }

    /// Takes a hook's answer; false if it passed.
    fn take(&mut self, hook: Hook<S>) -> bool {
        match hook {
            Hook::Pass => false,
            Hook::Done => true,
            Hook::Open(modal) => {
                self.modal = Some(modal);
                true
            }
        }
    }

    fn go(&mut self, cx: &mut Cx) {
        match self.modal.take() {
            Some(Modal::Form(job, form)) => {
                let outcome = self.inner.submit(&job, &form, cx);
                let created = self.inner.created(&job, &form);
                if settle_form(&mut self.modal, job, form, outcome, cx) {
                    match created {
                        Some(target) => self.seek(&target, cx),
                        None => self.reload(cx),
                    }
                }
            }
            Some(Modal::Confirm(job, _)) => {
                let done = self.inner.confirmed(job, cx);
                if let Some(msg) = cx.attempt(done) {
                    cx.info(&msg);
                }
                self.reload(cx);
            }
            None => {}
        }
    }
}

impl<S: ListSection> Pane for Section<S> {
    fn title(&self) -> &'static str {
        S::TITLE
    }

    fn actions(&self) -> &'static [Action] {
        if self.modal.is_some() {
            &[]
        } else {
            self.inner.actions()
        }
    }

    fn hints(&self) -> &'static [Action] {
        self.inner.hints()
    }

    fn refresh(&mut self, cx: &mut Cx) {
        self.inner.prepare(cx);
        self.reload(cx);
    }

    fn on_action(&mut self, action: Action, cx: &mut Cx) -> bool {
        let hook = self.inner.intercept(action, self.list.selected(), cx);
        if self.take(hook) || self.navigate(action, cx) {
            return true;
        }
        if action == Action::Refresh {
            self.refresh(cx);
            return true;
        }
        let hook = self.inner.on_action(action, self.list.selected(), cx);
        self.take(hook)
    }

    fn on_key(&mut self, key: KeyEvent, cx: &mut Cx) -> bool {
        let Some(modal) = self.modal.as_mut() else {
            return false;
        };
        match modal.on_key(key) {
            Step::Stay => {}
            Step::Close => self.modal = None,
            Step::Go => self.go(cx),
        }
        true
    }

    fn typing(&self) -> bool {
        self.modal.is_some()
    }

    fn unsaved(&self) -> bool {
        self.modal.as_ref().is_some_and(Modal::unsaved)
    }

    fn draft(&self) -> Option<crate::domain::draft::Draft> {
        self.modal.as_ref().and_then(Modal::draft)
    }

    fn on_click(&mut self, row: u16, _cx: &mut Cx) {
        if self.modal.is_some() {
            return;
        }
        let y = self.drawn.get().y.saturating_add(row);
        let rows = self.rows.get();
        if y >= rows.y && y < rows.bottom() {
            self.list.select_visible(usize::from(y - rows.y));
            self.inner.follow(self.list.selected());
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        self.draw_body(frame, area, view, area.width >= WIDE);
        self.draw_modal(frame, area, view);
    }
}

/// A question worded in the actor's language, its names made inert.
pub fn ask<S: ListSection>(job: S::Job, msg: &Msg, cx: &Cx) -> Hook<S> {
    let question = super::clean(&cx.i18n.render(msg)).into_owned();
    Hook::Open(Modal::Confirm(job, Confirm::new(question)))
}

/// A form to open.
pub fn form<S: ListSection>(job: S::Job, form: KeyedForm<S::Field>) -> Hook<S> {
    Hook::Open(Modal::Form(job, form))
}

/// A page of a short list the services give whole (calendars, SLA rules),
/// keyed by position: row `i` is `(i, row)`.
pub fn slice_page<T>(all: Vec<T>, after: Option<&usize>, limit: u32) -> Vec<(usize, T)> {
    let from = after.map_or(0, |a| a + 1);
    all.into_iter()
        .enumerate()
        .skip(from)
        .take(limit as usize)
        .collect()
}

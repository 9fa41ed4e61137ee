//! The generic pane: the plumbing every list section shares. Its pages
//! are read off the UI thread, through a [`PageReader`]: a move within
//! the rows held is made at once, one that needs a page waits for it, and
//! the newest move wins. `/` opens its filter line ([`ListFilter`]):
//! each change reads the list again from the top, with the text.

use super::filter::{ListFilter, Typed};
use super::{Detail, Hook, ListSection, WIDE};
use crate::service::{self, Actor, Service};
use crate::tui::action::Action;
use crate::tui::keymap::Layer;
use crate::tui::pages::{Move, PageAsk, PageReader};
use crate::tui::pane::{Cx, Pane, View};
use crate::tui::widgets::modal::{settle_form, Modal, Step};
use crate::tui::widgets::paged::{rows_area, PagedList};
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Position, Rect};
use ratatui::widgets::Row;
use ratatui::Frame;
use std::cell::Cell;

/// The one pane over any [`ListSection`].
pub struct Section<S: ListSection> {
    pub inner: S,
    list: PagedList<S::Row, S::Cursor>,
    /// Pages are asked for a scope and the filter's text.
    pages: PageReader<Query<S>, S::Row, S::Cursor>,
    filter: ListFilter,
    /// A row just created, to select once the pages up to it are read.
    seeking: Option<S::Cursor>,
    scope: S::Scope,
    modal: Option<Modal<S::Job, S::Field>>,
    /// Where its rows were drawn in the last frame (nowhere when a detail
    /// took the list's place): a click maps through them.
    rows: Cell<Rect>,
}

impl<S: ListSection> Section<S> {
    pub fn new(inner: S) -> Section<S> {
        Section {
            inner,
            list: PagedList::new(S::CURSOR),
            pages: PageReader::new(read_page::<S>),
            filter: ListFilter::default(),
            seeking: None,
            scope: S::Scope::default(),
            modal: None,
            rows: Cell::new(Rect::default()),
        }
    }

    /// Its rows were drawn at `at` in the last frame.
    pub fn shows_rows_at(&self, at: Position) -> bool {
        self.rows.get().contains(at)
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

    /// The text typed after `/`, if a filter is in force.
    pub fn filter(&self) -> Option<&str> {
        self.filter.text()
    }

    /// What the pages are read for.
    fn query(&self) -> Query<S> {
        (self.scope.clone(), self.filter.text().map(str::to_string))
    }

    /// The filter's text changed: the list starts again from the top.
    fn refilter(&mut self, cx: &mut Cx) {
        self.list = PagedList::new(S::CURSOR);
        self.pages.forget();
        self.seeking = None;
        self.reload(cx);
    }

    fn on_filter_key(&mut self, key: KeyEvent, cx: &mut Cx) -> bool {
        match self.filter.on_key(key) {
            Typed::Changed => self.refilter(cx),
            Typed::Move { down } => {
                let action = if down { Action::Down } else { Action::Up };
                self.navigate(action, cx);
            }
            Typed::Kept | Typed::Stay => {}
            Typed::Pass => return false,
        }
        true
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
            self.pages.forget();
            self.seeking = None;
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
        let parts = self.inner.layout(area);
        self.rows.set(Rect::default());
        if let Some(mut list) = parts.list {
            if self.filter.shown() && list.height > 4 {
                let line = Rect { height: 1, ..list };
                self.filter.draw(frame, line, view);
                list.y += 1;
                list.height -= 1;
            }
            let (keys, widths) = self.inner.columns(wide);
            let header = Row::new(
                keys.iter()
                    .map(|k| view.t(k).to_string())
                    .collect::<Vec<_>>(),
            );
            let mut title = self.filter.title(self.inner.list_title(view));
            if self.pages.loading(view.instant) {
                title = format!("{title} · {}", view.t("tui.list.loading"));
            }
            self.list
                .draw(frame, list, view, &title, (header, &widths), |row| {
                    self.inner.row(row, view, wide)
                });
            self.rows.set(rows_area(list));
            if self.list.is_empty() && !self.pages.waiting() {
                self.filter.draw_nothing(frame, rows_area(list), view);
            }
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
        let mv = if self.list.is_empty() {
            Move::Reset
        } else {
            Move::Reload
        };
        let query = self.query();
        if self.pages.run(&mut self.list, mv, &query, cx) {
            self.inner.follow(self.list.selected());
        }
    }

    /// Selects the first row at or after `target` (a row just created),
    /// reading from the top as the pages come; a very long list stops
    /// after a bounded number of rows.
    fn seek(&mut self, target: S::Cursor, cx: &mut Cx) {
        self.seeking = Some(target);
        let query = self.query();
        if self.pages.run(&mut self.list, Move::Reset, &query, cx) {
            self.advance_seek(cx);
        }
    }

    /// Moves on towards the row sought over the rows held; stops where a
    /// page must be read (its answer calls this again).
    fn advance_seek(&mut self, cx: &mut Cx) {
        const MAX_ROWS: usize = 20_000;
        while let Some(target) = &self.seeking {
            let before = self.list.selected_index();
            let further = before < MAX_ROWS
                && self
                    .list
                    .selected()
                    .is_some_and(|row| (S::CURSOR)(row) < *target);
            if !further {
                self.seeking = None;
                break;
            }
            let query = self.query();
            if !self.pages.run(&mut self.list, Move::By(1), &query, cx) {
                return;
            }
            if self.list.selected_index() == before {
                self.seeking = None;
            }
        }
        self.inner.follow(self.list.selected());
    }

    fn navigate(&mut self, action: Action, cx: &mut Cx) -> bool {
        let Some(mv) = Move::of(action) else {
            return false;
        };
        self.seeking = None;
        let query = self.query();
        if self.pages.run(&mut self.list, mv, &query, cx) {
            self.inner.follow(self.list.selected());
        }
        true
    }

    /// Takes the pages and the section's own reads that came; true if
    /// the rows shown changed.
    pub fn collect_reads(&mut self, cx: &mut Cx) -> bool {
        self.inner.collect(cx);
        if let Some(form) = self.modal.as_mut().and_then(Modal::form_mut) {
            form.collect_picks();
        }
        let landed = self.pages.collect(&mut self.list, cx);
        if landed {
            self.advance_seek(cx);
        }
        landed
    }

    /// A page or one of the section's own reads is out.
    pub fn reads_waiting(&self) -> bool {
        self.pages.waiting()
            || self.inner.waiting()
            || self.modal.as_ref().is_some_and(Modal::waiting)
    }

    /// Takes a hook's answer; false if it passed. A form opened asks its
    /// picks for their first options.
    fn take(&mut self, hook: Hook<S>, cx: &Cx) -> bool {
        match hook {
            Hook::Pass => false,
            Hook::Done => true,
            Hook::Open(mut modal) => {
                if let Some(form) = modal.form_mut() {
                    form.ask_picks(cx);
                }
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
                        Some(target) => self.seek(target, cx),
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

    fn layer(&self) -> Layer {
        match &self.modal {
            Some(modal) => modal.layer(),
            None if self.filter.editing() => Layer::ListFilter,
            None => self.inner.layer(),
        }
    }

    fn refused(&self, action: Action) -> Option<crate::domain::Msg> {
        match &self.modal {
            Some(_) => None,
            None => self.inner.refused(action, self.list.selected()),
        }
    }

    fn refresh(&mut self, cx: &mut Cx) {
        self.inner.prepare(cx);
        self.reload(cx);
    }

    fn on_action(&mut self, action: Action, cx: &mut Cx) -> bool {
        // Only the list's own layer binds `/` (not an inner focus's).
        if action == Action::Filter && self.inner.layer() == S::LAYER {
            self.filter.open();
            return true;
        }
        let hook = self.inner.intercept(action, self.list.selected(), cx);
        if self.take(hook, cx) || self.navigate(action, cx) {
            return true;
        }
        if action == Action::Refresh {
            self.refresh(cx);
            return true;
        }
        let hook = self.inner.on_action(action, self.list.selected(), cx);
        self.take(hook, cx)
    }

    fn on_key(&mut self, key: KeyEvent, cx: &mut Cx) -> bool {
        let Some(modal) = self.modal.as_mut() else {
            return self.filter.editing() && self.on_filter_key(key, cx);
        };
        match modal.on_key(key, cx.keys) {
            Step::Stay => {
                // Checked as you type (the section's own `check`).
                if let Modal::Form(job, form) = modal {
                    form.ask_picks(cx);
                    let problem = self.inner.check(job, form, cx);
                    form.show_check(
                        problem.map(|m| super::super::clean(&cx.i18n.render(&m)).into_owned()),
                    );
                }
            }
            Step::Close => self.modal = None,
            Step::Go => self.go(cx),
        }
        true
    }

    fn typing(&self) -> bool {
        self.modal.is_some() || self.filter.editing()
    }

    fn collect(&mut self, cx: &mut Cx) {
        self.collect_reads(cx);
    }

    fn waiting(&self) -> bool {
        self.reads_waiting()
    }

    fn unsaved(&self) -> bool {
        self.modal.as_ref().is_some_and(Modal::unsaved)
    }

    fn draft(&self) -> Option<crate::domain::draft::Draft> {
        self.modal.as_ref().and_then(Modal::draft)
    }

    fn on_click(&mut self, at: Position, _cx: &mut Cx) {
        // Only a list drawn in the last frame takes clicks (a narrow
        // detail may have taken its place).
        if self.modal.is_none() && self.rows.get().contains(at) && self.list.click(at) {
            self.inner.follow(self.list.selected());
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        self.draw_body(frame, area, view, area.width >= WIDE);
        self.draw_modal(frame, area, view);
    }
}

/// What a section's pages are read for: its scope and its filter's text.
type Query<S> = (<S as ListSection>::Scope, Option<String>);

/// A page of a section, as the background reader reads it.
fn read_page<S: ListSection>(
    service: &Service,
    actor: &Actor,
    ask: &PageAsk<Query<S>, S::Cursor>,
) -> service::Result<Vec<S::Row>> {
    let (scope, filter) = &ask.query;
    (S::FETCH)(
        service,
        actor,
        scope,
        filter.as_deref(),
        ask.after.as_ref(),
        ask.limit,
    )
}

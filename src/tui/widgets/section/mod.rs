//! One shape for every list section (the Admin sections, Promos' lists):
//! a paged list read by keyset, a detail beside it, forms and questions
//! over it. A section says what is particular to it by implementing
//! [`ListSection`]; [`Section`] is the one `Pane` that does the rest
//! (navigation, reading again, the modal, `typing`/`unsaved`/`draft`,
//! clicks mapped through the rows as drawn, drawing). Its pages are read
//! off the UI thread: `FETCH` runs on a background reader.
//!
//! Adding a section (`panes/admin/categories.rs` is the smallest example):
//! 1. a module with a struct for the section's own state (choices its
//!    forms offer, an inner focus), a `Job` enum (what a form or question
//!    is about) and a `Field` enum (the fields of its forms, read with
//!    `form.value(Field::Name)`);
//! 2. `impl ListSection` for it: `Row`, `Cursor` (the keyset key), `Scope`
//!    (`()`, or the parent for a list under another), `TITLE`, `CURSOR`,
//!    `FETCH` (a plain function over the service, given the text typed
//!    after `/`: bind `/` to `filter` in the layer), `LAYER` (its keys: a
//!    variant of `Layer` and a table in `assets/keys.toml`, with `desc` and
//!    `hint` where the generic words mislead), `LIST_TITLE`, `COLUMNS` and
//!    `row`; `on_action` opening forms
//!    ([`KeyedForm`], with [`form`]) and questions ([`ask`]); `submit` and
//!    `confirmed` calling the services and saying what was done; `check`
//!    for what is wrong as typed (dates, amounts), shown at each key;
//! 3. only if needed: `layout` ([`Parts`]) and `draw_detail` for a detail,
//!    `intercept` for keys an inner focus takes first (a second list),
//!    `follow` when the selection moves, `prepare` for what the forms need
//!    read beside the rows (asked of a `background::Reader`, taken in
//!    `collect`, counted in `waiting`: `panes/admin/users.rs`), `created`
//!    to select a row just added;
//! 4. `Section::boxed(YourSection::default())` where the tab (its
//!    `TabSpec`) or the Admin section bar makes its panes, and the
//!    language keys in assets/i18n en and fr.

mod filter;
mod pane;

pub use filter::{ListFilter, Typed};
pub use pane::Section;

use super::confirm::Confirm;
use super::keyed::KeyedForm;
use super::modal::Modal;
use crate::domain::Msg;
use crate::service::{self, Actor, Service};
use crate::tui::action::Action;
use crate::tui::keymap::Layer;
use crate::tui::pane::{Cx, View};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Row;
use ratatui::Frame;

/// Widths from which a section shows more columns, or a detail beside.
pub const WIDE: u16 = 120;

/// A column of a section's list: its header's language-file key, its
/// width, and whether it shows only from [`WIDE`] columns on.
pub struct Column {
    pub key: &'static str,
    pub width: Constraint,
    pub wide_only: bool,
}

impl Column {
    pub const fn new(key: &'static str, width: Constraint) -> Column {
        Column {
            key,
            width,
            wide_only: false,
        }
    }

    /// A column shown only when the section is wide.
    pub const fn wide(key: &'static str, width: Constraint) -> Column {
        Column {
            key,
            width,
            wide_only: true,
        }
    }
}

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

/// A section's read of one page: `(service, actor, scope, filter, after,
/// limit)`; `filter` is the text typed after `/` (None: the whole list),
/// to be matched as the services do (case and accents folded, `%` and
/// `_` literal).
pub type Fetcher<S> = fn(
    &Service,
    &Actor,
    &<S as ListSection>::Scope,
    Option<&str>,
    Option<&<S as ListSection>::Cursor>,
    u32,
) -> service::Result<Vec<<S as ListSection>::Row>>;

pub trait ListSection: Sized + 'static {
    /// Rows, cursors and scopes go to and from the background reader.
    type Row: Send + 'static;
    /// Where a page of rows starts: the key of the row before it.
    type Cursor: Clone + PartialOrd + Send + 'static;
    /// What the list is of, beyond the actor's rights: `()` for a whole
    /// list, the parent for a list under another (a programme's cohorts).
    type Scope: Clone + Default + PartialEq + Send + 'static;
    /// What a form or a question is about.
    type Job;
    /// The fields of the section's forms.
    type Field: Copy + Eq;

    /// Language-file key of the section's name.
    const TITLE: &'static str;

    /// The key of a row, where the page after it starts.
    const CURSOR: fn(&Self::Row) -> Self::Cursor;

    /// Up to `limit` rows of `scope` matching the filter after a cursor;
    /// a plain function, so that it can run away from the pane.
    const FETCH: Fetcher<Self>;

    /// The section's keys (no modal open): its layer in
    /// `assets/keys.toml`, with its own words for them.
    const LAYER: Layer;
    /// Language-file key of the list's title.
    const LIST_TITLE: &'static str = "";

    /// The layer in the present state, when an inner focus has its own.
    fn layer(&self) -> Layer {
        Self::LAYER
    }

    /// The list's title, already translated.
    fn list_title(&self, view: &View) -> String {
        view.t(Self::LIST_TITLE).to_string()
    }
    /// The list's columns, in order.
    const COLUMNS: &'static [Column];

    /// The header's language-file keys and the columns' widths shown.
    fn columns(&self, wide: bool) -> (Vec<&'static str>, Vec<Constraint>) {
        Self::COLUMNS
            .iter()
            .filter(|c| wide || !c.wide_only)
            .map(|c| (c.key, c.width))
            .unzip()
    }
    fn row(&self, row: &Self::Row, view: &View, wide: bool) -> Row<'static>;

    /// The list fills the area unless a section puts a detail beside it.
    fn layout(&self, area: Rect) -> Parts {
        Parts::list(area)
    }

    fn draw_detail(&self, _frame: &mut Frame, _at: Detail<'_, Self::Row>) {}

    /// Asks for what the forms need beside the rows, before each refresh:
    /// through a [`crate::tui::background::Reader`] of its own, taken in
    /// `collect`, so that no frame waits for it.
    fn prepare(&mut self, _cx: &mut Cx) {}

    /// Takes the answers of the reads `prepare` asked for.
    fn collect(&mut self, _cx: &mut Cx) {}

    /// A read `prepare` asked for is out.
    fn waiting(&self) -> bool {
        false
    }

    /// The list is now of `scope` (its parent changed).
    fn rescoped(&mut self, _scope: &Self::Scope) {}

    /// The selection moved or the rows were read again.
    fn follow(&mut self, _row: Option<&Self::Row>) {}

    /// Before the list moves: an inner focus (a detail, a second list)
    /// may take the action.
    fn intercept(&mut self, _action: Action, _row: Option<&Self::Row>, _cx: &mut Cx) -> Hook<Self> {
        Hook::Pass
    }

    /// Why an action is not offered now (the role may not): left out of
    /// the hints and `?`, and its key says why instead of opening a form.
    fn refused(&self, _action: Action, _row: Option<&Self::Row>) -> Option<Msg> {
        None
    }

    /// What an action that is not a move opens.
    fn on_action(&mut self, action: Action, row: Option<&Self::Row>, cx: &mut Cx) -> Hook<Self>;

    /// What is wrong in the form as typed so far (a date, an amount),
    /// shown under its fields at each key; a pure check, no I/O: the
    /// service still checks at submit.
    fn check(&self, _job: &Self::Job, _form: &KeyedForm<Self::Field>, _cx: &Cx) -> Option<Msg> {
        None
    }

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

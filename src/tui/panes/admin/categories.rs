//! Ticket categories: the list by name, n adds one, e renames one.

use crate::domain::Msg;
use crate::store::ticket_work::Category;
use crate::tui::action::Action;
use crate::tui::keymap::Layer;
use crate::tui::pane::{Cx, Pane, View};
use crate::tui::widgets::clean;
use crate::tui::widgets::form::FieldKind;
use crate::tui::widgets::keyed::{self, KeyedForm};
use crate::tui::widgets::section::{self, Column, Fetcher, Hook, ListSection, Outcome, Section};
use ratatui::layout::Constraint;
use ratatui::widgets::Row;

pub enum Job {
    New,
    /// Rename the category of this name.
    Rename(String),
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Name,
}

#[derive(Default)]
pub struct Categories;

pub fn make() -> Box<dyn Pane> {
    Section::boxed(Categories)
}

impl ListSection for Categories {
    type Row = Category;
    type Cursor = String;
    type Scope = ();
    type Job = Job;
    type Field = Field;
    const TITLE: &'static str = "tui.admin.section.categories";

    const CURSOR: fn(&Category) -> String = |row| row.name.clone();

    const FETCH: Fetcher<Self> = |service, actor, _scope, filter, after, limit| {
        service.list_categories_matching(actor, filter, after.map_or("", String::as_str), limit)
    };

    const LAYER: Layer = Layer::Categories;

    const LIST_TITLE: &'static str = "tui.admin.categories.title";

    const COLUMNS: &'static [Column] = &[
        Column::new("tui.admin.categories.name", Constraint::Fill(1)),
        Column::new("tui.admin.categories.state", Constraint::Length(14)),
    ];

    fn row(&self, c: &Category, view: &View, _wide: bool) -> Row<'static> {
        let state = if c.active {
            view.t("tui.admin.categories.in_use")
        } else {
            view.t("tui.admin.categories.retired")
        };
        Row::new(vec![clean(&c.name).into_owned(), state.to_string()])
    }

    fn on_action(&mut self, action: Action, row: Option<&Category>, _cx: &mut Cx) -> Hook<Self> {
        match (action, row) {
            (Action::New, _) => {
                let field = keyed::empty("tui.admin.categories.name", FieldKind::Line);
                let form =
                    KeyedForm::titled("tui.admin.categories.new_title").field(Field::Name, field);
                section::form(Job::New, form)
            }
            (Action::Edit, Some(category)) => {
                let field = keyed::line("tui.admin.categories.name", &category.name);
                let form = KeyedForm::titled("tui.admin.categories.rename_title")
                    .field(Field::Name, field);
                section::form(Job::Rename(category.name.clone()), form)
            }
            (Action::Edit, None) => Hook::Done,
            _ => Hook::Pass,
        }
    }

    fn submit(&mut self, job: &Job, form: &KeyedForm<Field>, cx: &mut Cx) -> Outcome {
        let name = form.value(Field::Name);
        match job {
            Job::New => cx
                .service
                .add_category(cx.actor, &name)
                .map(|_| Msg::new("tui.admin.categories.created").arg("name", name.trim())),
            Job::Rename(old) => cx.service.rename_category(cx.actor, old, &name).map(|()| {
                Msg::new("tui.admin.categories.renamed")
                    .arg("old", old)
                    .arg("new", name.trim())
            }),
        }
    }
}

//! Ticket categories: the list by name, n adds one, e renames one.

use super::kit::{self, Modal, Step};
use crate::domain::Msg;
use crate::service::{self, Actor, Service};
use crate::store::ticket_work::Category;
use crate::tui::action::Action;
use crate::tui::pane::{Cx, Pane, View};
use crate::tui::widgets::clean;
use crate::tui::widgets::form::{Field, FieldKind, Form};
use crate::tui::widgets::paged::PagedList;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::Row;
use ratatui::Frame;

enum Job {
    New,
    /// Rename the category of this name.
    Rename(String),
}

pub struct Categories {
    list: PagedList<Category, String>,
    modal: Option<Modal<Job>>,
}

const ACTIONS: &[Action] = &[
    Action::Up,
    Action::Down,
    Action::PageUp,
    Action::PageDown,
    Action::Top,
    Action::Bottom,
    Action::New,
    Action::Edit,
    Action::Refresh,
    Action::FocusNext,
    Action::FocusPrev,
];

pub fn make() -> Box<dyn Pane> {
    Box::new(Categories {
        list: PagedList::new(|c: &Category| c.name.clone()),
        modal: None,
    })
}

fn fetch<'a>(
    service: &'a Service,
    actor: &'a Actor,
) -> impl FnMut(Option<&String>, u32) -> service::Result<Vec<Category>> + 'a {
    move |after, limit| service.list_categories(actor, after.map_or("", String::as_str), limit)
}

impl Categories {
    fn reload(&mut self, cx: &mut Cx) {
        let result = if self.list.is_empty() {
            self.list.reset(&mut fetch(cx.service, cx.actor))
        } else {
            self.list.reload(&mut fetch(cx.service, cx.actor))
        };
        cx.attempt(result);
    }

    fn go(&mut self, cx: &mut Cx) {
        let Some(Modal::Form(job, form)) = self.modal.take() else {
            return;
        };
        let name = form.value(0);
        let outcome = match &job {
            Job::New => cx
                .service
                .add_category(cx.actor, &name)
                .map(|_| Msg::new("tui.admin.categories.created").arg("name", name.trim())),
            Job::Rename(old) => cx.service.rename_category(cx.actor, old, &name).map(|()| {
                Msg::new("tui.admin.categories.renamed")
                    .arg("old", old)
                    .arg("new", name.trim())
            }),
        };
        if kit::settle_form(&mut self.modal, job, form, outcome, cx) {
            self.reload(cx);
        }
    }
}

impl Pane for Categories {
    fn title(&self) -> &'static str {
        "tui.admin.section.categories"
    }

    fn actions(&self) -> &'static [Action] {
        if self.modal.is_some() {
            &[]
        } else {
            ACTIONS
        }
    }

    fn hints(&self) -> &'static [Action] {
        &[Action::New, Action::Edit, Action::FocusNext]
    }

    fn refresh(&mut self, cx: &mut Cx) {
        self.reload(cx);
    }

    fn on_action(&mut self, action: Action, cx: &mut Cx) -> bool {
        let moved = kit::navigate(&mut self.list, action, &mut fetch(cx.service, cx.actor));
        if let Some(result) = moved {
            cx.attempt(result);
            return true;
        }
        match action {
            Action::New => {
                let field = Field::new("tui.admin.categories.name", FieldKind::Line);
                let form = Form::new("tui.admin.categories.new_title", vec![field]);
                self.modal = Some(Modal::Form(Job::New, form));
            }
            Action::Edit => {
                let Some(category) = self.list.selected() else {
                    return true;
                };
                let field = kit::line("tui.admin.categories.name", &category.name);
                let form = Form::new("tui.admin.categories.rename_title", vec![field]);
                self.modal = Some(Modal::Form(Job::Rename(category.name.clone()), form));
            }
            Action::Refresh => self.reload(cx),
            _ => return false,
        }
        true
    }

    fn on_key(&mut self, key: KeyEvent, cx: &mut Cx) -> bool {
        let Some(modal) = self.modal.as_mut() else {
            return false;
        };
        match kit::modal_key(modal, key) {
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
        if self.modal.is_none() && row >= 2 {
            self.list.select_visible(usize::from(row - 2));
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let keys = ["tui.admin.categories.name", "tui.admin.categories.state"];
        let widths = [Constraint::Fill(1), Constraint::Length(14)];
        let title = view.t("tui.admin.categories.title");
        self.list.draw(
            frame,
            area,
            view,
            title,
            (kit::header(view, &keys), &widths),
            |c| {
                let state = if c.active {
                    view.t("tui.admin.categories.in_use")
                } else {
                    view.t("tui.admin.categories.retired")
                };
                Row::new(vec![clean(&c.name).into_owned(), state.to_string()])
            },
        );
        if let Some(modal) = &self.modal {
            modal.draw(frame, area, view);
        }
    }
}

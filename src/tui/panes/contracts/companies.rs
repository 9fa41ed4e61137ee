//! The Contracts tab's companies (← from the clients): the active ones
//! or, after `a`, the archived ones; `/` filters by name, `e` edits one,
//! `space` archives or brings back the selected one, `d` removes it after
//! asking, refused at once with what still holds it. The details (address,
//! what holds it) are read with the rows, off the UI thread.

use crate::domain::Msg;
use crate::service::companies::{held_message, CompanyDetail, CompanyEdit, CompanyFilter};
use crate::service::{self, Actor, Error, Service};
use crate::tui::action::Action;
use crate::tui::keymap::Layer;
use crate::tui::pane::{Cx, View};
use crate::tui::widgets::clean;
use crate::tui::widgets::form::FieldKind;
use crate::tui::widgets::keyed::{self, KeyedForm};
use crate::tui::widgets::section::{self, Column, Fetcher, Hook, ListSection, Outcome};
use ratatui::layout::Constraint;
use ratatui::widgets::Row;

pub enum CompanyJob {
    Edit(Box<CompanyDetail>),
    Archive(String, bool),
    Remove(String),
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum CompanyField {
    Name,
    Address,
    Phone,
    Email,
    Notes,
}

#[derive(Default)]
pub struct Companies {
    pub focused: bool,
    /// The actor holds company.manage (asked at each refresh).
    pub manage: bool,
    archived: bool,
}

fn or_empty(value: &Option<String>) -> &str {
    value.as_deref().unwrap_or("")
}

/// A page of companies (the archived ones when `archived`), each with its
/// details and what holds it; none for those who may not read them.
fn fetch(
    service: &Service,
    actor: &Actor,
    archived: bool,
    text: Option<&str>,
    after: Option<&String>,
    limit: u32,
) -> service::Result<Vec<CompanyDetail>> {
    let filter = CompanyFilter {
        archived,
        only_id: None,
        text: text.map(str::to_string).filter(|t| !t.trim().is_empty()),
    };
    let after = after.map_or("", String::as_str);
    let rows = match service.list_companies_matching(actor, &filter, after, limit) {
        Err(Error::Denied(_)) => return Ok(Vec::new()),
        other => other?,
    };
    rows.into_iter()
        .map(|row| service.company(actor, &row.id.to_string()))
        .collect()
}

impl ListSection for Companies {
    type Row = CompanyDetail;
    type Cursor = String;
    /// Whether the list is of the archived companies.
    type Scope = bool;
    type Job = CompanyJob;
    type Field = CompanyField;
    const TITLE: &'static str = "tui.contracts.companies";

    const CURSOR: fn(&CompanyDetail) -> String = |row| row.name.clone();

    const FETCH: Fetcher<Self> = |service, actor, archived, text, after, limit| {
        fetch(service, actor, *archived, text, after, limit)
    };

    const LAYER: Layer = Layer::CrmCompanies;

    fn rescoped(&mut self, archived: &bool) {
        self.archived = *archived;
    }

    fn list_title(&self, view: &View) -> String {
        let key = if self.archived {
            "tui.contracts.companies_archived"
        } else {
            "tui.contracts.companies"
        };
        super::title(self.focused, view, key)
    }

    const COLUMNS: &'static [Column] = &[
        Column::new("tui.contracts.company", Constraint::Fill(2)),
        Column::new("tui.contracts.members", Constraint::Length(9)),
        Column::new("tui.contracts.clients", Constraint::Length(9)),
        Column::new("tui.contracts.contracts", Constraint::Length(9)),
        Column::wide("tui.contracts.phone", Constraint::Length(16)),
        Column::wide("tui.contracts.email", Constraint::Fill(1)),
    ];

    fn row(&self, c: &CompanyDetail, _view: &View, wide: bool) -> Row<'static> {
        let mut cells = vec![
            clean(&c.name).into_owned(),
            c.holders.users.to_string(),
            c.holders.clients.to_string(),
            c.holders.contracts.to_string(),
        ];
        if wide {
            cells.push(clean(or_empty(&c.phone)).into_owned());
            cells.push(clean(or_empty(&c.email)).into_owned());
        }
        Row::new(cells)
    }

    fn refused(&self, action: Action, row: Option<&CompanyDetail>) -> Option<Msg> {
        let key = match action {
            Action::Edit => "may.company_edit",
            Action::Toggle => "may.company_archive",
            Action::Delete => "may.company_remove",
            _ => return None,
        };
        if !self.manage {
            return Some(Msg::new(key));
        }
        match (action, row) {
            (Action::Delete, Some(c)) if c.holders.any() => Some(held_message(&c.name, &c.holders)),
            _ => None,
        }
    }

    fn on_action(
        &mut self,
        action: Action,
        row: Option<&CompanyDetail>,
        cx: &mut Cx,
    ) -> Hook<Self> {
        match (action, row) {
            (Action::Edit, Some(c)) => {
                let form = KeyedForm::titled("tui.contracts.edit_company")
                    .line(CompanyField::Name, "tui.contracts.company", &c.name)
                    .line(CompanyField::Address, "tui.contracts.address", &c.address)
                    .line(
                        CompanyField::Phone,
                        "tui.contracts.phone",
                        or_empty(&c.phone),
                    )
                    .line(
                        CompanyField::Email,
                        "tui.contracts.email",
                        or_empty(&c.email),
                    )
                    .field(
                        CompanyField::Notes,
                        keyed::empty("tui.contracts.notes", FieldKind::Multi).with_text(&c.notes),
                    );
                section::form(CompanyJob::Edit(Box::new(c.clone())), form)
            }
            (Action::Toggle, Some(c)) => {
                let archive = c.archived_at.is_none();
                let key = if archive {
                    "tui.contracts.archive_ask"
                } else {
                    "tui.contracts.unarchive_ask"
                };
                let msg = Msg::new(key).arg("name", &c.name);
                section::ask(CompanyJob::Archive(c.id.to_string(), archive), &msg, cx)
            }
            (Action::Delete, Some(c)) => {
                let msg = Msg::new("tui.contracts.remove_company_ask").arg("name", &c.name);
                section::ask(CompanyJob::Remove(c.id.to_string()), &msg, cx)
            }
            (Action::Edit | Action::Toggle | Action::Delete, None) => Hook::Done,
            _ => Hook::Pass,
        }
    }

    fn confirmed(&mut self, job: CompanyJob, cx: &mut Cx) -> Outcome {
        match job {
            CompanyJob::Archive(id, true) => {
                let c = cx.service.archive_company(cx.actor, &id)?;
                Ok(Msg::new("cli.company_archived").arg("name", &c.name))
            }
            CompanyJob::Archive(id, false) => {
                let c = cx.service.unarchive_company(cx.actor, &id)?;
                Ok(Msg::new("cli.company_unarchived").arg("name", &c.name))
            }
            CompanyJob::Remove(id) => {
                let name = cx.service.company(cx.actor, &id)?.name;
                cx.service.remove_company(cx.actor, &id)?;
                Ok(Msg::new("cli.company_removed").arg("name", &name))
            }
            CompanyJob::Edit(_) => Err(Error::Conflict(Msg::new("error.nothing_to_change"))),
        }
    }

    fn submit(&mut self, job: &CompanyJob, form: &KeyedForm<CompanyField>, cx: &mut Cx) -> Outcome {
        let CompanyJob::Edit(was) = job else {
            return Err(Error::Conflict(Msg::new("error.nothing_to_change")));
        };
        let changed = [
            form.changed(CompanyField::Name, &was.name),
            form.changed(CompanyField::Address, &was.address),
            form.changed(CompanyField::Phone, or_empty(&was.phone)),
            form.changed(CompanyField::Email, or_empty(&was.email)),
            form.changed(CompanyField::Notes, &was.notes),
        ];
        let edit = CompanyEdit {
            name: changed[0].as_deref(),
            address: changed[1].as_deref(),
            phone: changed[2].as_deref(),
            email: changed[3].as_deref(),
            notes: changed[4].as_deref(),
        };
        let c = cx
            .service
            .edit_company(cx.actor, &was.id.to_string(), &edit)?;
        Ok(Msg::new("cli.company_saved").arg("name", &c.name))
    }
}

//! Contracts: the CRM's clients and the chosen client's contracts, two
//! list sections (`clients.rs`, `contracts.rs`) chained by the contracts'
//! scope, as in Promos. ←/→ move between the lists; they sit side by side
//! when wide, one at a time when narrow. Shown to those who read clients
//! or contracts.

mod clients;
mod companies;
#[allow(clippy::module_inception)]
mod contracts;
mod filter;
mod forms;

use crate::domain::{Capability, Msg};
use crate::tui::action::Action;
use crate::tui::pane::{Cx, Pane, TabSpec, View, Visible};
use crate::tui::widgets::section::{Section, WIDE};
use clients::Clients;
use companies::Companies;
use contracts::{ChosenClient, Contracts};
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::Frame;

pub const TAB: TabSpec = TabSpec {
    visible: Visible::AnyOf(&[Capability::ClientRead, Capability::ContractRead]),
    make,
};

pub fn make() -> Box<dyn Pane> {
    let mut pane = ContractsPane {
        companies: Section::new(Companies::default()),
        clients: Section::new(Clients::default()),
        contracts: Section::new(Contracts::default()),
        focus: Focus::Clients,
    };
    pane.mark();
    Box::new(pane)
}

/// The list's title, marked when it has the keys.
fn title(focused: bool, view: &View, key: &str) -> String {
    let marker = if focused { "▸ " } else { "" };
    format!("{marker}{}", view.t(key))
}

fn optional(text: &str) -> Option<&str> {
    Some(text.trim()).filter(|t| !t.is_empty())
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Focus {
    /// Left of the clients, shown alone.
    Companies,
    Clients,
    Contracts,
}

pub struct ContractsPane {
    companies: Section<Companies>,
    clients: Section<Clients>,
    contracts: Section<Contracts>,
    focus: Focus,
}

impl ContractsPane {
    fn reload_all(&mut self, cx: &mut Cx) {
        // What the forms need: asked again, as rights can change meanwhile.
        let may = |cap| cx.service.may(cx.actor, cap).ok().flatten();
        let create = may(Capability::ClientCreate);
        self.clients.inner.create = create.is_some();
        self.clients.inner.name_sales = create == Some(crate::domain::Scope::All);
        self.companies.inner.manage = may(Capability::CompanyManage).is_some();
        self.contracts.inner.create = may(Capability::ContractCreate);
        self.contracts.inner.remove = may(Capability::ContractDelete).is_some();
        self.contracts.inner.currency = cx.service.currency().clone();
        self.contracts.inner.me = Some(cx.actor.id);
        self.clients.refresh(cx);
        if self.focus == Focus::Companies {
            self.companies.refresh(cx);
        }
        self.follow(cx, true);
    }

    /// Scopes the contracts to the selected client; `again` reads them
    /// even when the selection did not move.
    fn follow(&mut self, cx: &mut Cx, again: bool) {
        let chosen = match self.clients.selected() {
            Some(r) => ChosenClient {
                id: Some(r.client.id),
                name: r.client.full_name.clone(),
                sales_contact_id: r.client.sales_contact_id,
            },
            None => ChosenClient::default(),
        };
        self.contracts.rescope(chosen, again, cx);
    }

    fn mark(&mut self) {
        self.companies.inner.focused = self.focus == Focus::Companies;
        self.clients.inner.focused = self.focus == Focus::Clients;
        self.contracts.inner.focused = self.focus == Focus::Contracts;
    }

    fn focused(&self) -> &dyn Pane {
        match self.focus {
            Focus::Companies => &self.companies,
            Focus::Clients => &self.clients,
            Focus::Contracts => &self.contracts,
        }
    }

    fn focused_mut(&mut self) -> &mut dyn Pane {
        match self.focus {
            Focus::Companies => &mut self.companies,
            Focus::Clients => &mut self.clients,
            Focus::Contracts => &mut self.contracts,
        }
    }

    fn panes(&self) -> [&dyn Pane; 3] {
        [&self.companies, &self.clients, &self.contracts]
    }

    /// Moves the keys one list to the left or right; the companies are
    /// read when they come into view.
    fn move_focus(&mut self, right: bool, cx: &mut Cx) {
        let to = match (self.focus, right) {
            (Focus::Companies, true) => Focus::Clients,
            (Focus::Clients, true) | (Focus::Contracts, true) => Focus::Contracts,
            (Focus::Contracts, false) => Focus::Clients,
            (Focus::Clients | Focus::Companies, false) => Focus::Companies,
        };
        if to == Focus::Companies && self.focus != Focus::Companies {
            self.companies.refresh(cx);
        }
        self.focus = to;
    }
}

impl Pane for ContractsPane {
    fn title(&self) -> &'static str {
        "tui.tab.contracts"
    }

    fn layer(&self) -> crate::tui::keymap::Layer {
        self.focused().layer()
    }

    fn refused(&self, action: Action) -> Option<Msg> {
        match action {
            Action::FocusNext | Action::FocusPrev | Action::Refresh => None,
            Action::ShowArchived if self.focus == Focus::Companies => None,
            _ => self.focused().refused(action),
        }
    }

    fn refresh(&mut self, cx: &mut Cx) {
        self.reload_all(cx);
    }

    fn on_action(&mut self, action: Action, cx: &mut Cx) -> bool {
        match action {
            Action::FocusNext => self.move_focus(true, cx),
            Action::FocusPrev => self.move_focus(false, cx),
            Action::ShowArchived if self.focus == Focus::Companies => {
                let archived = !*self.companies.scope();
                self.companies.rescope(archived, true, cx);
            }
            Action::Refresh => self.reload_all(cx),
            _ => {
                if !self.focused_mut().on_action(action, cx) {
                    return false;
                }
                self.follow(cx, false);
            }
        }
        self.mark();
        true
    }

    /// A form that closes may have changed both lists (a new contract
    /// counts in its client): both are read again.
    fn on_key(&mut self, key: KeyEvent, cx: &mut Cx) -> bool {
        let was_open = self.focused().typing();
        let taken = self.focused_mut().on_key(key, cx);
        if was_open && !self.focused().typing() {
            self.reload_all(cx);
        }
        taken
    }

    fn typing(&self) -> bool {
        self.focused().typing()
    }

    fn collect(&mut self, cx: &mut Cx) {
        self.companies.collect_reads(cx);
        let clients = self.clients.collect_reads(cx);
        self.contracts.collect_reads(cx);
        if clients {
            self.follow(cx, false);
        }
    }

    fn waiting(&self) -> bool {
        self.panes().iter().any(|p| p.waiting())
    }

    fn unsaved(&self) -> bool {
        self.panes().iter().any(|p| p.unsaved())
    }

    fn draft(&self) -> Option<crate::domain::draft::Draft> {
        self.panes().iter().find_map(|p| p.draft())
    }

    fn on_click(&mut self, at: Position, cx: &mut Cx) {
        if self.focused().typing() {
            return;
        }
        self.focus = if self.focus == Focus::Companies && self.companies.shows_rows_at(at) {
            Focus::Companies
        } else if self.clients.shows_rows_at(at) {
            Focus::Clients
        } else if self.contracts.shows_rows_at(at) {
            Focus::Contracts
        } else {
            return;
        };
        self.mark();
        self.focused_mut().on_click(at, cx);
        self.follow(cx, false);
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        if self.focus == Focus::Companies {
            self.companies
                .draw_body(frame, area, view, area.width >= WIDE);
        } else if area.width >= WIDE {
            let [left, right] =
                Layout::horizontal([Constraint::Fill(2), Constraint::Fill(3)]).areas(area);
            self.clients.draw_body(frame, left, view, false);
            self.contracts.draw_body(frame, right, view, true);
        } else {
            match self.focus {
                Focus::Contracts => self.contracts.draw_body(frame, area, view, false),
                _ => self.clients.draw_body(frame, area, view, false),
            }
        }
        match self.focus {
            Focus::Companies => self.companies.draw_modal(frame, area, view),
            Focus::Clients => self.clients.draw_modal(frame, area, view),
            Focus::Contracts => self.contracts.draw_modal(frame, area, view),
        }
    }
}

//! Words for urgency levels as the ticket views name them (statuses and
//! priorities are `widgets::labels`, shared by every pane).

use crate::domain::sla::Level;
use crate::domain::ticket::fold;
use crate::i18n::Lang;
use crate::service::tickets::TicketFilter;
use crate::store::roles::Role;
use crate::tui::pane::View;
use crate::tui::theme::level_symbol;
use crate::tui::widgets::clean;
use crate::tui::widgets::labels::translated;
use ratatui::text::Span;
use ratatui::widgets::Cell;

/// A role's name in the interface's language.
pub fn role_name(view: &View, role: &Role) -> String {
    let label = match view.i18n.lang() {
        Lang::Fr => &role.label_fr,
        Lang::En => &role.label_en,
    };
    clean(label).into_owned()
}

/// The roles that handle tickets, read with the list, so that a ticket
/// shows its role by name ("Technicien") rather than by key.
#[derive(Default)]
pub struct RoleNames(pub Vec<Role>);

impl RoleNames {
    /// The role's name; its key if it is not known (yet).
    pub fn of(&self, view: &View, key: &str) -> String {
        self.0
            .iter()
            .find(|r| r.key == key)
            .map_or_else(|| clean(key).into_owned(), |r| role_name(view, r))
    }
}

impl RoleNames {
    /// A filter's role typed by its name in either language (`rôle:
    /// technicien`) is read as that role's key; a key stays as typed.
    pub fn by_name(&self, mut filter: TicketFilter) -> TicketFilter {
        if let Some(typed) = &filter.handling_role {
            let typed = fold(typed);
            let named = self.0.iter().find(|r| {
                [&r.key, &r.label_fr, &r.label_en]
                    .iter()
                    .any(|w| fold(w) == typed)
            });
            if let Some(role) = named {
                filter.handling_role = Some(role.key.clone());
            }
        }
        filter
    }
}

pub fn level_label(view: &View, level: Level) -> String {
    translated(view.i18n, "tui.tickets.level.", level.key())
}

/// The urgency symbol in its colour: the symbol carries the meaning too.
pub fn level_span(view: &View, level: Level) -> Span<'static> {
    Span::styled(level_symbol(level), view.theme.level(level))
}

pub fn level_cell(view: &View, level: Level) -> Cell<'static> {
    Cell::from(level_span(view, level))
}

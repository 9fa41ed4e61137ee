//! The filter bar's little language, read into the service's filter:
//! `status:waiting priority:high role:technician assignee:bob mine words…`.
//! Every `ticket list` option of the CLI has its key; the other words are
//! searched in the full text.

use super::{cursor_fn, Action, TicketsPane};
use crate::domain::sla::Level;
use crate::domain::ticket::{fold, Priority, Status};
use crate::domain::Msg;
use crate::service::tickets::{Sort, Ticket, TicketFilter};
use crate::service::{self, Actor, Service};
use crate::tui::background::{Answer, Background};
use crate::tui::pane::Cx;
use crate::tui::widgets::paged::{PagedList, PAGE};
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

impl TicketsPane {
    /// Reads the filter as typed and asks the background reader for the
    /// first page: no frame waits for a search. Read here instead if that
    /// thread could not start or has gone.
    pub(super) fn apply_filter(&mut self, cx: &mut Cx) {
        let filter = match parse(&self.filter_text, &cx.actor.login) {
            Ok(filter) => self.roles.by_name(filter),
            Err(msg) => {
                self.filter_error = Some(cx.i18n.render(&msg));
                return;
            }
        };
        if self.search.is_none() {
            self.search = Background::start(cx.spawner, cx.actor, first_page).ok();
        }
        let filter = match &mut self.search {
            Some(search) => match search.request(filter) {
                Ok(()) => return,
                Err(filter) => filter,
            },
            None => filter,
        };
        self.search = None;
        let result = first_page(cx.service, cx.actor, &filter);
        self.show_found((filter, result), cx);
    }

    /// Shows a filter's first page; the old list stays if the service
    /// refused the filter.
    pub(super) fn show_found(&mut self, found: Answer<TicketFilter, Vec<Ticket>>, cx: &mut Cx) {
        match found {
            (filter, Ok(rows)) => {
                let mut fresh = PagedList::new(cursor_fn(filter.sort));
                fresh.start_with(rows);
                self.list = fresh;
                self.pages.forget();
                self.filter = filter;
                self.filter_error = None;
                self.select_created();
                self.load_preview(cx);
            }
            (_, Err(e)) => {
                self.select_new = None;
                self.filter_error = Some(cx.i18n.render(&e.message()));
            }
        }
    }

    /// A search is out (the filter line says so at once).
    pub(super) fn searching(&self) -> bool {
        self.search.as_ref().is_some_and(Background::waiting)
    }

    pub(super) fn on_filter_key(&mut self, key: KeyEvent, cx: &mut Cx) -> bool {
        let ctrl = key.modifiers.contains(KeyModifiers::CONTROL);
        match key.code {
            KeyCode::Char('u') if ctrl => self.filter_text.clear(),
            KeyCode::Char(_) if ctrl || key.modifiers.contains(KeyModifiers::ALT) => return false,
            KeyCode::Char(c) => self.filter_text.push(c),
            KeyCode::Backspace => {
                self.filter_text.pop();
            }
            KeyCode::Enter => {
                self.filter_editing = false;
                self.apply_filter(cx);
                return true;
            }
            KeyCode::Esc => {
                self.filter_editing = false;
                self.filter_text.clear();
            }
            KeyCode::Up => {
                self.move_list(Action::Up, cx);
                return true;
            }
            KeyCode::Down => {
                self.move_list(Action::Down, cx);
                return true;
            }
            _ => return false,
        }
        if worth_searching(&self.filter_text) {
            self.apply_filter(cx);
        }
        true
    }
}

/// The first page of a filter, as the background reader reads it.
fn first_page(
    service: &Service,
    actor: &Actor,
    filter: &TicketFilter,
) -> service::Result<Vec<Ticket>> {
    service.list_tickets(actor, filter, None, PAGE as u32)
}

/// Whether the list should follow this keystroke at once. A search word of
/// one or two letters still being typed matches most of a big site and
/// costs a prefix scan of the whole index (180 ms at a million tickets):
/// it waits for its third letter, a space, or Enter.
fn worth_searching(text: &str) -> bool {
    if text.is_empty() || text.ends_with(char::is_whitespace) {
        return true;
    }
    let last = text.split_whitespace().last().unwrap_or("");
    last.contains(':') || last.chars().count() >= 3
}

#[cfg(test)]
mod typing_tests {
    use super::worth_searching;

    #[test]
    fn short_words_being_typed_wait_for_a_third_letter() {
        assert!(!worth_searching("s"));
        assert!(!worth_searching("salle i"));
        assert!(worth_searching("sal"));
        assert!(worth_searching("salle "));
        assert!(worth_searching("st:"));
        assert!(worth_searching("é漢字"));
        assert!(worth_searching(""));
    }
}

/// Reads what was typed. `me` is the signed-in login, for `mine`. An
/// unknown status or priority is refused with the list of those there are.
pub fn parse(text: &str, me: &str) -> Result<TicketFilter, Msg> {
    let mut filter = TicketFilter::default();
    let mut words = Vec::new();
    for token in tokens(text) {
        if need_word(&mut filter, &token) {
            continue;
        }
        let Some((key, value)) = token.split_once(':') else {
            match token.to_lowercase().as_str() {
                "mine" | "moi" => filter.assignee = Some(me.to_string()),
                "asc" => filter.ascending = true,
                _ => words.push(token),
            }
            continue;
        };
        // A key typed without its value yet filters nothing.
        if value.is_empty() {
            continue;
        }
        if !apply(&mut filter, &key.to_lowercase(), value, me)? {
            words.push(token);
        }
    }
    if !words.is_empty() {
        filter.text = Some(words.join(" "));
    }
    Ok(filter)
}

/// The words that find what needs doing, in English and French:
/// `assignee:none` (`assigné:aucun`), `closure` (`clôture`), and
/// `waiting:staff` (`attente:équipe`). False for any other word.
fn need_word(filter: &mut TicketFilter, token: &str) -> bool {
    let word = token.to_lowercase();
    let (key, value) = word.split_once(':').unwrap_or((word.as_str(), ""));
    match (key, value) {
        ("assignee" | "assigné" | "assigne", "none" | "aucun" | "personne") => {
            filter.unassigned = true
        }
        ("closure" | "clôture" | "cloture", "") => filter.closure_requested = true,
        ("waiting" | "attente", "staff" | "équipe" | "equipe") => filter.awaiting_staff = true,
        _ => return false,
    }
    true
}

/// Sets the field `key` names; false if no field has that name.
fn apply(filter: &mut TicketFilter, key: &str, value: &str, me: &str) -> Result<bool, Msg> {
    let login = |v: &str| {
        if v == "me" || v == "moi" {
            me.to_string()
        } else {
            v.to_string()
        }
    };
    let text = Some(value.to_string());
    match key {
        "status" | "statut" => filter.statuses.extend(statuses(value)?),
        "urgency" | "urgence" => {
            for part in value.split(',').filter(|p| !p.is_empty()) {
                let named = expand_named(part, &Level::EVERY, Level::key, Level::words);
                filter.urgencies.push(Level::from_text(&named)?);
            }
        }
        "priority" | "priorité" | "priorite" => {
            filter.priority = Some(Priority::from_text(&expand_named(
                value,
                Priority::EVERY,
                Priority::key,
                Priority::words,
            ))?);
        }
        "category" | "catégorie" | "categorie" => filter.category = text,
        "role" | "rôle" => filter.handling_role = text,
        "assignee" | "assigné" | "assigne" => filter.assignee = Some(login(value)),
        "requester" | "demandeur" => filter.requester = Some(login(value)),
        "company" | "entreprise" => filter.company = text,
        "created-from" | "created_from" => filter.created_from = text,
        "created-until" | "created_until" => filter.created_until = text,
        "updated-from" | "updated_from" => filter.updated_from = text,
        "updated-until" | "updated_until" => filter.updated_until = text,
        "sort" | "tri" => {
            let words = ["id", "updated", "priority", "modifie", "priorite"];
            filter.sort = match expand(&fold(value), &words).as_str() {
                "updated" | "modifie" => Sort::Updated,
                "priority" | "priorite" => Sort::Priority,
                _ => Sort::Id,
            }
        }
        _ => return Ok(false),
    }
    Ok(true)
}

/// `open` stands for the open statuses; commas separate several.
fn statuses(value: &str) -> Result<Vec<Status>, Msg> {
    let mut out = Vec::new();
    for part in value.split(',').filter(|p| !p.is_empty()) {
        if matches!(fold(part).as_str(), "open" | "ouvert" | "ouverts") {
            out.extend(Status::EVERY.iter().filter(|s| s.is_open()));
        } else {
            let named = expand_named(part, Status::EVERY, Status::key, Status::words);
            out.push(Status::from_text(&named)?);
        }
    }
    Ok(out)
}

/// The key of the one value whose key or name (in either language,
/// accents aside) begins with `value` (`susp` → `on_hold`, `hau` → `high`);
/// else `value` as typed, for `from_text` to read or refuse.
fn expand_named<T: Copy + PartialEq>(
    value: &str,
    every: &[T],
    key: fn(T) -> &'static str,
    words: fn(T) -> &'static [&'static str],
) -> String {
    let typed = fold(value);
    let mut found = every.iter().copied().filter(|v| {
        std::iter::once(key(*v))
            .chain(words(*v).iter().copied())
            .any(|w| fold(w).starts_with(&typed))
    });
    match (found.next(), found.next()) {
        (Some(only), None) => key(only).to_string(),
        _ => value.to_string(),
    }
}

/// A unique beginning of a known key stands for it (`wai` → `waiting`), so
/// the list follows while the word is typed; anything else is kept, to be
/// refused with the list of what there is.
fn expand(value: &str, keys: &[&str]) -> String {
    let lower = value.to_lowercase();
    let mut matches = keys.iter().filter(|k| k.starts_with(&lower));
    match (matches.next(), matches.next()) {
        (Some(only), None) => (*only).to_string(),
        _ => value.to_string(),
    }
}

/// Splits on spaces, except inside double quotes: `category:"Wi-Fi access"`.
fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    let mut quoted = false;
    for c in text.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !current.is_empty() {
                    out.push(std::mem::take(&mut current));
                }
            }
            c => current.push(c),
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_words_and_quotes_are_read() {
        let f = parse(
            "status:wai,in_p priority:hi role:technician mine écran noir category:\"Wi-Fi x\"",
            "bob",
        )
        .unwrap();
        assert_eq!(f.statuses, [Status::Waiting, Status::InProgress]);
        assert_eq!(f.priority, Some(Priority::High));
        assert_eq!(f.handling_role.as_deref(), Some("technician"));
        assert_eq!(f.assignee.as_deref(), Some("bob"));
        assert_eq!(f.category.as_deref(), Some("Wi-Fi x"));
        assert_eq!(f.text.as_deref(), Some("écran noir"));
    }

    #[test]
    fn open_unfinished_keys_sorting_and_unknown_keys() {
        let f = parse("status:open priority: sort:upd asc foo:bar", "me").unwrap();
        assert_eq!(
            f.statuses,
            [Status::Waiting, Status::InProgress, Status::OnHold]
        );
        assert_eq!(f.priority, None);
        assert_eq!(f.sort, Sort::Updated);
        assert!(f.ascending);
        assert_eq!(f.text.as_deref(), Some("foo:bar"));
        assert!(parse("   ", "me").unwrap().text.is_none());
        let needs = parse("assignee:none closure waiting:staff", "me").unwrap();
        assert!(needs.unassigned && needs.closure_requested && needs.awaiting_staff);
        assert!(needs.assignee.is_none() && needs.text.is_none());
        let french = parse("Assigné:aucun clôture attente:équipe", "moi").unwrap();
        assert!(french.unassigned && french.closure_requested && french.awaiting_staff);
        let refused = parse("status:zzz", "me").unwrap_err();
        assert_eq!(refused.key, "error.unknown_status");
    }

    #[test]
    fn french_names_of_values_and_their_beginnings_are_read() {
        let f = parse("statut:suspendu,en_c priorité:haute", "me").unwrap();
        assert_eq!(f.statuses, [Status::OnHold, Status::InProgress]);
        assert_eq!(f.priority, Some(Priority::High));
        let f = parse("statut:\"en attente\" priorite:CRIT", "me").unwrap();
        assert_eq!(f.statuses, [Status::Waiting]);
        assert_eq!(f.priority, Some(Priority::Critical));
        let f = parse("statut:resolu,ouverts", "me").unwrap();
        assert_eq!(f.statuses.len(), 4);
        assert!(parse("statut:en", "me").is_err(), "en attente or en cours");
    }

    #[test]
    fn urgency_levels_are_read_in_both_languages() {
        use crate::domain::sla::Level;
        let f = parse("urgence:retard", "moi").unwrap();
        assert_eq!(f.urgencies, [Level::Overdue]);
        let f = parse("urgency:overdue,soon", "me").unwrap();
        assert_eq!(f.urgencies, [Level::Overdue, Level::Soon]);
        let f = parse("urgence:\"en retard\",bientôt statut:ouverts", "moi").unwrap();
        assert_eq!(f.urgencies, [Level::Overdue, Level::Soon]);
        assert_eq!(f.statuses.len(), 3);
        assert_eq!(
            parse("urgence:urg", "moi").unwrap().urgencies,
            [Level::Urgent]
        );
        let refused = parse("urgence:zzz", "moi").unwrap_err();
        assert_eq!(refused.key, "error.unknown_level");
    }
}

//! A form field that picks one of many as you type (a company, a person,
//! a contract): each change of the text asks a background reader for the
//! first options that match and how many more do; ↑/↓ or ←/→ move among
//! them. Nothing is read in draw or on the UI thread: the form asks after
//! a key ([`Pick::ask`]) and takes the answer when it lands
//! ([`Pick::collect`]).
//!
//! The field's value is the chosen option's value, else the text as
//! typed: a free pick (a company) makes it a new one, which the list says
//! in its first row; another lets the service judge it (a contract's
//! number that is not signed yet is refused with the reason).

use crate::domain::text_filter::fold;
use crate::domain::Msg;
use crate::service;
use crate::tui::background::{Job, Reader};
use crate::tui::pane::{Cx, View};
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;

/// Options read for one text: (value, label) pairs, how many more match,
/// and whether that count stopped at its cap ("at least").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub options: Vec<(String, String)>,
    pub more: u64,
    pub at_least: bool,
}

/// What a pick's reader is asked: the text typed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Typed(String);

impl Typed {
    pub fn text(&self) -> &str {
        &self.0
    }
}

/// How a pick reads its options, on its reader's thread.
pub type PickRead = Job<Typed, Options>;

/// How many options a pick reads and shows at most.
pub const ROWS: u32 = 6;

pub struct Pick {
    reader: Reader<Typed, Options>,
    /// The text the field opened with, the text last asked for, and the
    /// text the options shown are for.
    opened: Option<String>,
    asked: Option<String>,
    shown_for: Option<String>,
    options: Options,
    /// The option chosen; None: the text as typed.
    chosen: Option<usize>,
    /// Language key of the first row naming the text as typed (`{name}`)
    /// when a pick keeps it (a new company); None: it must match.
    free: Option<&'static str>,
    failed: Option<Msg>,
}

impl Pick {
    pub fn new(read: PickRead) -> Pick {
        Pick {
            reader: Reader::new(read),
            opened: None,
            asked: None,
            shown_for: None,
            options: Options::default(),
            chosen: None,
            free: None,
            failed: None,
        }
    }

    /// Text that matches no option stands for itself, shown in a first
    /// row worded by `key` (with `{name}`).
    pub fn keeps_typed(mut self, key: &'static str) -> Pick {
        self.free = Some(key);
        self
    }

    /// What the field submits: the chosen option's value, else `typed`.
    pub fn value(&self, typed: &str) -> String {
        match self.current() {
            Some((value, _)) => value.clone(),
            None => typed.trim().to_string(),
        }
    }

    /// The chosen option's label, if one is chosen.
    pub fn label(&self) -> Option<&str> {
        self.current().map(|(_, label)| label.as_str())
    }

    fn current(&self) -> Option<&(String, String)> {
        let fresh = self.asked == self.shown_for;
        self.chosen
            .filter(|_| fresh)
            .and_then(|i| self.options.options.get(i))
    }

    /// Asks for the options of `typed` if they were not asked for yet.
    pub fn ask(&mut self, typed: &str, cx: &Cx) {
        if self.asked.as_deref() == Some(typed) {
            return;
        }
        if self.opened.is_none() {
            self.opened = Some(typed.to_string());
        }
        self.asked = Some(typed.to_string());
        self.chosen = None;
        if let Some(answer) = self.reader.ask(Typed(typed.to_string()), cx) {
            self.land(answer);
        }
    }

    /// Takes the options that landed; true if the field changed.
    pub fn collect(&mut self) -> bool {
        match self.reader.take() {
            Some(answer) => self.land(answer),
            None => false,
        }
    }

    pub fn waiting(&self) -> bool {
        self.reader.waiting()
    }

    fn land(&mut self, (Typed(typed), read): (Typed, service::Result<Options>)) -> bool {
        if self.asked.as_deref() != Some(typed.as_str()) {
            return false;
        }
        match read {
            Ok(options) => {
                let folded = fold(typed.trim());
                let exact = options.options.iter().position(|(value, label)| {
                    !folded.is_empty() && (fold(value) == folded || fold(label) == folded)
                });
                // The first option is taken for what was typed, not for an
                // empty field or the value it opened with (an edit keeps
                // an archived company, a former salesperson, as they are).
                let typed_now = !folded.is_empty() && self.opened.as_ref() != Some(&typed);
                let first = (typed_now && !options.options.is_empty()).then_some(0);
                self.chosen = exact.or(first);
                self.options = options;
                self.failed = None;
            }
            Err(e) => {
                self.options = Options::default();
                self.chosen = None;
                self.failed = Some(e.message());
            }
        }
        self.shown_for = Some(typed);
        true
    }

    /// Moves the choice by `delta` (the first row of a free pick, the text
    /// as typed, counts as one).
    pub fn step(&mut self, delta: isize, typed: &str) {
        let n = self.options.options.len() as isize;
        let typed_row = self.typed_row(typed);
        let at = match self.chosen {
            Some(i) => i as isize,
            None => -1,
        };
        let low = if self.free.is_some() || typed_row {
            -1
        } else {
            0
        };
        if n == 0 {
            return;
        }
        let span = n - low;
        let next = (at - low + delta).rem_euclid(span) + low;
        self.chosen = usize::try_from(next).ok();
    }

    /// The text as typed has a row of its own: the pick keeps it and no
    /// option is exactly it.
    fn typed_row(&self, typed: &str) -> bool {
        let folded = fold(typed.trim());
        self.free.is_some()
            && !folded.is_empty()
            && !self
                .options
                .options
                .iter()
                .any(|(v, l)| fold(v) == folded || fold(l) == folded)
    }

    /// The lines under the text it wants, when it has the keys.
    pub fn wanted_rows(&self, typed: &str) -> u16 {
        let rows = self.options.options.len() + usize::from(self.typed_row(typed)) + 1;
        rows as u16
    }

    /// Draws the options (the chosen one marked) and the line under them
    /// in `area`, as many rows as it holds.
    pub fn draw_rows(&self, frame: &mut Frame, area: Rect, view: &View, typed: &str) {
        let mut lines = Vec::new();
        let marked = |text: String, chosen: bool| {
            let style = if chosen {
                view.theme.selected
            } else {
                view.theme.base
            };
            let mark = if chosen { "▸ " } else { "  " };
            Line::from(Span::styled(format!("{mark}{text}"), style))
        };
        if let (true, Some(key)) = (self.typed_row(typed), self.free) {
            let name = super::clean(typed.trim()).into_owned();
            let text = view.i18n.render(&Msg::new(key).arg("name", name));
            lines.push(marked(text, self.chosen.is_none()));
        }
        for (i, (_, label)) in self.options.options.iter().enumerate() {
            let label = super::clean(label).into_owned();
            lines.push(marked(label, self.chosen == Some(i)));
        }
        let note = self.note(view, typed);
        let room = usize::from(area.height);
        if lines.len() + 1 > room {
            let chosen_at = self
                .chosen
                .map_or(0, |i| i + usize::from(self.typed_row(typed)));
            let skip = (chosen_at + 2).saturating_sub(room);
            lines = lines.into_iter().skip(skip).collect();
        }
        lines.truncate(room.saturating_sub(1));
        lines.push(Line::from(Span::styled(note, view.theme.dim)));
        frame.render_widget(Paragraph::new(lines), area);
    }

    /// The line under the options: still reading, a failure, how many
    /// more match, or that nothing does.
    fn note(&self, view: &View, typed: &str) -> String {
        if self.asked != self.shown_for && self.reader.loading(view.instant) {
            return view.t("tui.list.loading").to_string();
        }
        if let Some(failed) = &self.failed {
            return view.i18n.render(failed);
        }
        let o = &self.options;
        if o.more > 0 {
            let key = if o.at_least {
                "tui.pick.at_least_more"
            } else {
                "tui.pick.more"
            };
            return view.i18n.render(&Msg::new(key).arg("count", o.more));
        }
        if o.options.is_empty() && !self.typed_row(typed) && self.shown_for.is_some() {
            return view.t("tui.pick.none").to_string();
        }
        view.t("tui.pick.keys").to_string()
    }
}

/// Options from the rows a service matched: (value, label) of each, and
/// the count of those left.
pub fn options<T>(
    matches: crate::service::crm_pickers::Matches<T>,
    each: impl Fn(&T) -> (String, String),
) -> Options {
    Options {
        options: matches.rows.iter().map(each).collect(),
        more: matches.more,
        at_least: matches.at_least,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn no_read(
        _: &crate::service::Service,
        _: &crate::service::Actor,
        _: &Typed,
    ) -> service::Result<Options> {
        Ok(Options::default())
    }

    fn options(labels: &[&str]) -> Options {
        Options {
            options: labels
                .iter()
                .map(|l| (l.to_lowercase(), l.to_string()))
                .collect(),
            more: 0,
            at_least: false,
        }
    }

    /// The pick as if `typed` had been asked and `labels` had landed.
    fn landed(pick: &mut Pick, typed: &str, labels: &[&str]) {
        if pick.opened.is_none() {
            pick.opened = Some(String::new());
        }
        pick.asked = Some(typed.to_string());
        pick.chosen = None;
        assert!(pick.land((Typed(typed.to_string()), Ok(options(labels)))));
    }

    #[test]
    fn what_is_typed_takes_the_exact_option_else_the_first() {
        let mut pick = Pick::new(no_read);
        landed(&mut pick, "acme", &["Acme", "Acme Events"]);
        assert_eq!(pick.value("acme"), "acme");
        landed(&mut pick, "ev", &["Acme Events", "Évent Co"]);
        assert_eq!(pick.label(), Some("Acme Events"));
        pick.step(1, "ev");
        assert_eq!(pick.label(), Some("Évent Co"));
        pick.step(1, "ev");
        assert_eq!(
            pick.label(),
            Some("Acme Events"),
            "a pick that must match wraps"
        );
    }

    #[test]
    fn a_free_pick_keeps_the_text_as_typed_as_its_first_row() {
        let mut pick = Pick::new(no_read).keeps_typed("tui.contracts.new_company");
        landed(&mut pick, "Dur", &["Durand SA"]);
        assert_eq!(pick.value("Dur"), "durand sa", "the match is taken first");
        pick.step(-1, "Dur");
        assert_eq!(pick.label(), None);
        assert_eq!(
            pick.value(" Dur "),
            "Dur",
            "then the text as typed: a new one"
        );
        landed(&mut pick, "Zed", &[]);
        assert_eq!(pick.value("Zed"), "Zed");
        landed(&mut pick, "", &["A", "B"]);
        assert_eq!(pick.value(""), "", "an empty field picks nothing by itself");
    }

    #[test]
    fn the_value_it_opened_with_stays_unless_exactly_an_option() {
        let mut pick = Pick::new(no_read).keeps_typed("tui.contracts.new_company");
        pick.opened = Some("Old Co".into());
        landed(&mut pick, "Old Co", &["Old Company"]);
        assert_eq!(pick.value("Old Co"), "Old Co");
    }

    #[test]
    fn options_of_an_older_text_or_while_one_is_read_choose_nothing() {
        let mut pick = Pick::new(no_read);
        landed(&mut pick, "a", &["Ab"]);
        pick.asked = Some("ab".into());
        assert!(!pick.land((Typed("a".into()), Ok(options(&["Ab"])))));
        assert_eq!(pick.value("ab"), "ab", "stale options are not submitted");
    }
}

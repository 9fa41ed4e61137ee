//! A [`Form`] whose fields are named by a key of the section's own field
//! enum, so that `form.value(Field::Name)` cannot read the wrong field
//! when a field is added or moved. Drafts stay keyed by the fields'
//! language-file labels, as [`Form`] writes them.

use super::form::{Field, FieldKind, Form, FormEvent};
use super::pick::Pick;
use crate::domain::draft::Draft;
use crate::tui::pane::View;
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use ratatui::Frame;

pub struct KeyedForm<K> {
    form: Form,
    /// The key of each field, in the form's order.
    keys: Vec<K>,
    /// The error shown is the section's check as you type (cleared once
    /// the text is right), not a refusal of the service (kept).
    checked: bool,
}

impl<K: Copy + Eq> KeyedForm<K> {
    pub fn new(title: &'static str, fields: Vec<(K, Field)>) -> KeyedForm<K> {
        let (keys, fields) = fields.into_iter().unzip();
        KeyedForm {
            form: Form::new(title, fields),
            keys,
            checked: false,
        }
    }

    /// An empty form, its fields added in order with [`KeyedForm::line`]
    /// and the others.
    pub fn titled(title: &'static str) -> KeyedForm<K> {
        KeyedForm::new(title, Vec::new())
    }

    /// Adds a field made elsewhere.
    pub fn field(mut self, key: K, field: Field) -> KeyedForm<K> {
        self.form.fields.push(field);
        self.keys.push(key);
        self
    }

    /// Adds a one-line field holding `text`.
    pub fn line(self, key: K, label: &'static str, text: &str) -> KeyedForm<K> {
        self.field(key, line(label, text))
    }

    /// Adds an empty masked field.
    pub fn secret(self, key: K, label: &'static str) -> KeyedForm<K> {
        self.field(key, Field::new(label, FieldKind::Secret))
    }

    /// Adds a choice among `options`, on `current` if it is one of them.
    pub fn choice(
        self,
        key: K,
        label: &'static str,
        options: Vec<(String, String)>,
        current: &str,
    ) -> KeyedForm<K> {
        self.field(key, choice(label, options, current))
    }

    /// Adds a field that picks among what matches its text, holding `text`.
    pub fn pick(self, key: K, label: &'static str, pick: Pick, text: &str) -> KeyedForm<K> {
        self.field(key, Field::picking(label, pick, text))
    }

    /// Asks each pick for the options of its text, if not asked yet.
    pub fn ask_picks(&mut self, cx: &crate::tui::pane::Cx) {
        self.form.ask_picks(cx);
    }

    /// Takes the options that landed; true if any did.
    pub fn collect_picks(&mut self) -> bool {
        self.form.collect_picks()
    }

    pub fn picks_waiting(&self) -> bool {
        self.form.picks_waiting()
    }

    /// The text (or a choice's value) of the field keyed `key`; empty if
    /// the form has no such field.
    pub fn value(&self, key: K) -> String {
        self.keys
            .iter()
            .position(|k| *k == key)
            .map(|i| self.form.value(i))
            .unwrap_or_default()
    }

    /// The field's text if it differs from what the form was opened with.
    pub fn changed(&self, key: K, was: &str) -> Option<String> {
        let now = self.value(key);
        (now.trim() != was.trim()).then_some(now)
    }

    pub fn on_key(&mut self, key: KeyEvent, keys: &crate::tui::keymap::Keymap) -> FormEvent {
        self.form.on_key(key, keys)
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        self.form.draw(frame, area, view);
    }

    pub fn is_dirty(&self) -> bool {
        self.form.is_dirty()
    }

    pub fn draft(&self) -> Option<Draft> {
        self.form.draft()
    }

    pub fn restore(&mut self, draft: &Draft) {
        self.form.restore(draft);
    }

    pub fn fail(&mut self, message: String) {
        self.checked = false;
        self.form.fail(message);
    }

    /// Shows what the check as you type found wrong, or clears what it
    /// showed before once the text is right.
    pub fn show_check(&mut self, problem: Option<String>) {
        match problem {
            Some(message) => {
                self.form.fail(message);
                self.checked = true;
            }
            None if self.checked => {
                self.form.error = None;
                self.checked = false;
            }
            None => {}
        }
    }
}

/// A one-line field holding `text`.
pub fn line(label: &'static str, text: &str) -> Field {
    Field::new(label, FieldKind::Line).with_text(text)
}

/// An empty field of this kind.
pub fn empty(label: &'static str, kind: FieldKind) -> Field {
    Field::new(label, kind)
}

/// A choice among `options`, on `current` if it is one of them.
pub fn choice(label: &'static str, options: Vec<(String, String)>, current: &str) -> Field {
    let index = options.iter().position(|(v, _)| v == current).unwrap_or(0);
    let mut field = Field::new(label, FieldKind::Choice(options));
    field.choice = index;
    field
}

#[cfg(test)]
mod tests {
    use super::*;
    use ratatui::crossterm::event::{KeyCode, KeyModifiers};

    #[derive(Clone, Copy, PartialEq, Eq)]
    enum F {
        Name,
        Note,
        Missing,
    }

    #[test]
    fn values_are_read_by_key_whatever_the_order() {
        let mut form = KeyedForm::new(
            "t",
            vec![
                (F::Note, line("note", "old")),
                (F::Name, empty("name", FieldKind::Line)),
            ],
        );
        let keys = crate::tui::keymap::Keymap::defaults();
        form.on_key(KeyEvent::new(KeyCode::Tab, KeyModifiers::NONE), &keys);
        form.on_key(KeyEvent::new(KeyCode::Char('a'), KeyModifiers::NONE), &keys);
        assert_eq!(form.value(F::Name), "a");
        assert_eq!(form.value(F::Note), "old");
        assert_eq!(form.value(F::Missing), "");
        assert_eq!(form.changed(F::Note, " old "), None);
        assert_eq!(form.changed(F::Name, ""), Some("a".into()));
    }

    #[test]
    fn a_check_as_you_type_clears_itself_but_keeps_a_refusal() {
        let mut form = KeyedForm::new("t", vec![(F::Name, line("name", ""))]);
        form.show_check(Some("bad date".into()));
        assert_eq!(form.form.error.as_deref(), Some("bad date"));
        form.show_check(None);
        assert_eq!(form.form.error, None);
        form.fail("refused".into());
        form.show_check(None);
        assert_eq!(form.form.error.as_deref(), Some("refused"));
    }
}

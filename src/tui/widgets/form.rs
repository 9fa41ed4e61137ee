//! A form of labelled fields over ratatui-textarea. A failed submission
//! keeps every character typed and shows the error under the fields.

use crate::domain::draft::{Draft, DraftField, DraftTarget};
use crate::domain::Msg;
use crate::tui::action::Action;
use crate::tui::keymap::{Keymap, Layer};
use crate::tui::pane::View;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use ratatui::Frame;
use ratatui_textarea::TextArea;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FieldKind {
    Line,
    /// Masked with `•`.
    Secret,
    /// Several lines; Enter starts a new line, Ctrl-S submits.
    Multi,
    /// One of these (value, label) pairs, changed with ←/→ or space.
    Choice(Vec<(String, String)>),
}

pub struct Field {
    /// Language-file key of the label.
    pub label: &'static str,
    pub kind: FieldKind,
    pub input: TextArea<'static>,
    pub choice: usize,
}

impl Field {
    pub fn new(label: &'static str, kind: FieldKind) -> Field {
        let mut input = TextArea::default();
        input.set_cursor_line_style(Style::default());
        if kind == FieldKind::Secret {
            input.set_mask_char('•');
        }
        Field {
            label,
            kind,
            input,
            choice: 0,
        }
    }

    pub fn with_text(mut self, text: &str) -> Field {
        self.input = TextArea::new(text.split('\n').map(str::to_string).collect());
        self.input.set_cursor_line_style(Style::default());
        if self.kind == FieldKind::Secret {
            self.input.set_mask_char('•');
        }
        self.input.move_cursor(ratatui_textarea::CursorMove::Bottom);
        self.input.move_cursor(ratatui_textarea::CursorMove::End);
        self
    }

    pub fn value(&self) -> String {
        match &self.kind {
            FieldKind::Choice(options) => options
                .get(self.choice)
                .map(|(v, _)| v.clone())
                .unwrap_or_default(),
            _ => self.input.lines().join("\n"),
        }
    }

    fn height(&self) -> u16 {
        match self.kind {
            FieldKind::Multi => 6,
            _ => 3,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormEvent {
    /// The key was taken; nothing to do.
    Editing,
    Submit,
    Cancel,
}

pub struct Form {
    /// Language-file key of the title.
    pub title: &'static str,
    pub fields: Vec<Field>,
    pub focus: usize,
    /// Already translated: what was wrong and what to do.
    pub error: Option<String>,
    dirty: bool,
    confirm_discard: bool,
}

impl Form {
    pub fn new(title: &'static str, fields: Vec<Field>) -> Form {
        Form {
            title,
            fields,
            focus: 0,
            error: None,
            dirty: false,
            confirm_discard: false,
        }
    }

    pub fn value(&self, index: usize) -> String {
        self.fields.get(index).map(Field::value).unwrap_or_default()
    }

    /// What was typed, for a draft: every field but the secret ones (a
    /// password never reaches a file).
    pub fn kept_fields(&self) -> Vec<DraftField> {
        self.fields
            .iter()
            .filter(|f| f.kind != FieldKind::Secret)
            .map(|f| DraftField {
                label: f.label.to_string(),
                text: f.value(),
                shown: match &f.kind {
                    FieldKind::Choice(options) => options.get(f.choice).map(|(_, l)| l.clone()),
                    _ => None,
                },
            })
            .collect()
    }

    /// A draft of this form, about a section's object (shown back at the
    /// next sign-in); `tab` and the time are filled in by whoever keeps it.
    pub fn draft(&self) -> Option<Draft> {
        self.is_dirty().then(|| Draft {
            kept_at: 0,
            tab: String::new(),
            form: self.title.to_string(),
            target: DraftTarget::Section,
            fields: self.kept_fields(),
        })
    }

    /// Puts a draft's text back into the fields of the same labels; the
    /// form counts as typed, so that Esc asks before losing it again.
    pub fn restore(&mut self, draft: &Draft) {
        for field in &mut self.fields {
            let Some(text) = draft.text_of(field.label) else {
                continue;
            };
            match &field.kind {
                FieldKind::Secret => {}
                FieldKind::Choice(options) => {
                    if let Some(i) = options.iter().position(|(v, _)| v == text) {
                        field.choice = i;
                    }
                }
                _ => {
                    let kind = field.kind.clone();
                    *field = Field::new(field.label, kind).with_text(text);
                }
            }
        }
        self.dirty = true;
    }

    /// Something was typed that a cancel would lose.
    pub fn is_dirty(&self) -> bool {
        self.dirty
    }

    pub fn fail(&mut self, message: String) {
        self.error = Some(message);
    }

    /// The `form` layer's keys (next and previous field, save, cancel),
    /// then the editing keys of the focused field.
    pub fn on_key(&mut self, key: KeyEvent, keys: &Keymap) -> FormEvent {
        if self.confirm_discard {
            self.confirm_discard = false;
            return match key.code {
                KeyCode::Char('y' | 'Y' | 'o' | 'O') | KeyCode::Esc => FormEvent::Cancel,
                _ => FormEvent::Editing,
            };
        }
        let multi = self.fields.get(self.focus).map(|f| &f.kind) == Some(&FieldKind::Multi);
        match keys.action_in(Layer::Form, key) {
            Some(Action::Cancel) if self.dirty => self.confirm_discard = true,
            Some(Action::Cancel) => return FormEvent::Cancel,
            Some(Action::Save) => return FormEvent::Submit,
            Some(Action::NextField) => self.move_focus(1),
            Some(Action::PrevField) => self.move_focus(-1),
            _ => return self.on_edit_key(key, multi),
        }
        FormEvent::Editing
    }

    /// Keys the form layer does not bind: ↑/↓ and Enter move between
    /// one-line fields (Enter saves on the last), the rest edits.
    fn on_edit_key(&mut self, key: KeyEvent, multi: bool) -> FormEvent {
        match key.code {
            KeyCode::Down if !multi => self.move_focus(1),
            KeyCode::Up if !multi => self.move_focus(-1),
            KeyCode::Enter if !multi => {
                if self.focus + 1 == self.fields.len() {
                    return FormEvent::Submit;
                }
                self.move_focus(1);
            }
            _ => self.edit(key),
        }
        FormEvent::Editing
    }

    fn move_focus(&mut self, delta: isize) {
        let n = self.fields.len() as isize;
        if n > 0 {
            self.focus = (self.focus as isize + delta).rem_euclid(n) as usize;
        }
    }

    fn edit(&mut self, key: KeyEvent) {
        let Some(field) = self.fields.get_mut(self.focus) else {
            return;
        };
        if let FieldKind::Choice(options) = &field.kind {
            let n = options.len().max(1);
            match key.code {
                KeyCode::Right | KeyCode::Char(' ') => field.choice = (field.choice + 1) % n,
                KeyCode::Left => field.choice = (field.choice + n - 1) % n,
                _ => return,
            }
            self.dirty = true;
            return;
        }
        // Ctrl-M arrives as Enter in some terminals: a one-line field never
        // takes a newline.
        if field.kind != FieldKind::Multi
            && key.code == KeyCode::Char('m')
            && key.modifiers.contains(KeyModifiers::CONTROL)
        {
            return;
        }
        if field.input.input(key) {
            self.dirty = true;
        }
    }

    /// The form in a box over the pane; the cursor is shown in the focused
    /// field only.
    pub fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let wanted: u16 = self.fields.iter().map(Field::height).sum::<u16>() + 5;
        let popup = super::centered(area, 72.min(area.width), wanted.min(area.height));
        frame.render_widget(Clear, popup);
        let block = crate::tui::widgets::boxed(view, format!(" {} ", view.t(self.title)), true);
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let mut constraints: Vec<_> = self
            .fields
            .iter()
            .map(|f| Constraint::Length(f.height()))
            .collect();
        constraints.push(Constraint::Min(2));
        let areas = Layout::vertical(constraints).split(inner);
        for (i, field) in self.fields.iter().enumerate() {
            self.draw_field(frame, areas[i], view, field, i == self.focus);
        }
        let footer = areas[self.fields.len()];
        let mut lines = Vec::new();
        if let Some(error) = &self.error {
            lines.push(Line::from(Span::styled(error.as_str(), view.theme.error)));
        }
        let keys = if self.confirm_discard {
            view.t("tui.form.discard").to_string()
        } else {
            let label = |action| view.key_label_in(Layer::Form, action);
            view.i18n.render(
                &Msg::new("tui.form.keys")
                    .arg("next", label(Action::NextField))
                    .arg("save", label(Action::Save))
                    .arg("cancel", label(Action::Cancel)),
            )
        };
        lines.push(Line::from(Span::styled(keys, view.theme.dim)));
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), footer);
    }

    fn draw_field(&self, frame: &mut Frame, area: Rect, view: &View, field: &Field, focused: bool) {
        let border = if focused {
            view.theme.focus_border
        } else {
            view.theme.border
        };
        let block = Block::default()
            .borders(Borders::ALL)
            .border_style(border)
            .title(Span::styled(
                view.t(field.label),
                if focused {
                    view.theme.title
                } else {
                    view.theme.base
                },
            ));
        if let FieldKind::Choice(options) = &field.kind {
            let label = options
                .get(field.choice)
                .map(|(_, l)| super::clean(l).into_owned())
                .unwrap_or_default();
            let text = format!("◀ {label} ▶");
            frame.render_widget(
                Paragraph::new(text).style(view.theme.base).block(block),
                area,
            );
            return;
        }
        let mut input = field.input.clone();
        input.set_block(block);
        input.set_style(view.theme.base);
        input.set_cursor_style(if focused {
            view.theme.selected
        } else {
            Style::default()
        });
        frame.render_widget(&input, area);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    fn typed(form: &mut Form, text: &str) {
        for c in text.chars() {
            form.on_key(key(KeyCode::Char(c)), &Keymap::defaults());
        }
    }

    #[test]
    fn enter_walks_the_fields_then_submits_and_text_survives_an_error() {
        let mut form = Form::new(
            "t",
            vec![
                Field::new("a", FieldKind::Line),
                Field::new("b", FieldKind::Secret),
            ],
        );
        typed(&mut form, "alice");
        assert_eq!(
            form.on_key(key(KeyCode::Enter), &Keymap::defaults()),
            FormEvent::Editing
        );
        typed(&mut form, "s3cret");
        assert_eq!(
            form.on_key(key(KeyCode::Enter), &Keymap::defaults()),
            FormEvent::Submit
        );
        form.fail("too short".into());
        assert_eq!(form.value(0), "alice");
        assert_eq!(form.value(1), "s3cret");
    }

    #[test]
    fn esc_on_a_typed_form_asks_before_losing_it() {
        let mut form = Form::new("t", vec![Field::new("a", FieldKind::Multi)]);
        assert_eq!(
            form.on_key(key(KeyCode::Esc), &Keymap::defaults()),
            FormEvent::Cancel
        );
        typed(&mut form, "x");
        form.on_key(key(KeyCode::Enter), &Keymap::defaults());
        typed(&mut form, "y");
        assert_eq!(form.value(0), "x\ny");
        assert_eq!(
            form.on_key(key(KeyCode::Esc), &Keymap::defaults()),
            FormEvent::Editing
        );
        assert_eq!(
            form.on_key(key(KeyCode::Char('n')), &Keymap::defaults()),
            FormEvent::Editing
        );
        assert_eq!(form.value(0), "x\ny");
        form.on_key(key(KeyCode::Esc), &Keymap::defaults());
        assert_eq!(
            form.on_key(key(KeyCode::Char('y')), &Keymap::defaults()),
            FormEvent::Cancel
        );
    }

    #[test]
    fn a_draft_keeps_what_was_typed_but_never_a_secret_and_comes_back() {
        let options = vec![("a".into(), "A".into()), ("b".into(), "B".into())];
        let fields = || {
            vec![
                Field::new("name", FieldKind::Line),
                Field::new("pass", FieldKind::Secret),
                Field::new("pick", FieldKind::Choice(options.clone())),
                Field::new("text", FieldKind::Multi),
            ]
        };
        let mut form = Form::new("t", fields());
        assert_eq!(form.draft(), None, "nothing typed, nothing kept");
        typed(&mut form, "ana");
        form.on_key(key(KeyCode::Enter), &Keymap::defaults());
        typed(&mut form, "hunter2");
        form.on_key(key(KeyCode::Enter), &Keymap::defaults());
        form.on_key(key(KeyCode::Right), &Keymap::defaults());
        form.on_key(key(KeyCode::Tab), &Keymap::defaults());
        typed(&mut form, "one");
        form.on_key(key(KeyCode::Enter), &Keymap::defaults());
        typed(&mut form, "two");
        let draft = form.draft().unwrap();
        let labels: Vec<_> = draft.fields.iter().map(|f| f.label.as_str()).collect();
        assert_eq!(labels, ["name", "pick", "text"]);
        assert!(!serde_json::to_string(&draft).unwrap().contains("hunter2"));
        let mut again = Form::new("t", fields());
        again.restore(&draft);
        assert_eq!(
            (
                again.value(0),
                again.value(1),
                again.value(2),
                again.value(3)
            ),
            ("ana".into(), String::new(), "b".into(), "one\ntwo".into())
        );
        assert!(again.is_dirty());
    }

    #[test]
    fn a_choice_cycles_through_its_options() {
        let options = vec![("a".into(), "A".into()), ("b".into(), "B".into())];
        let mut form = Form::new("t", vec![Field::new("c", FieldKind::Choice(options))]);
        assert_eq!(form.value(0), "a");
        form.on_key(key(KeyCode::Right), &Keymap::defaults());
        assert_eq!(form.value(0), "b");
        form.on_key(key(KeyCode::Left), &Keymap::defaults());
        form.on_key(key(KeyCode::Left), &Keymap::defaults());
        assert_eq!(form.value(0), "b");
    }
}

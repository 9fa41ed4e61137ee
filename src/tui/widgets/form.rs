//! A form of labelled fields over ratatui-textarea. A failed submission
//! keeps every character typed and shows the error under the fields.

use super::pick::Pick;
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
    /// One of many, filtered as you type ([`Pick`], in `Field::pick`).
    Pick,
}

pub struct Field {
    /// Language-file key of the label.
    pub label: &'static str,
    pub kind: FieldKind,
    pub input: TextArea<'static>,
    pub choice: usize,
    /// The options of a [`FieldKind::Pick`].
    pub pick: Option<Box<Pick>>,
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
            pick: None,
        }
    }

    /// A field that picks among what matches its text, holding `text`.
    pub fn picking(label: &'static str, pick: Pick, text: &str) -> Field {
        let mut field = Field::new(label, FieldKind::Pick).with_text(text);
        field.pick = Some(Box::new(pick));
        field
    }

    /// The text typed (a choice has none).
    pub fn typed(&self) -> String {
        self.input.lines().join("\n")
    }

    pub fn with_text(mut self, text: &str) -> Field {
        self.set_text(text);
        self
    }

    fn set_text(&mut self, text: &str) {
        self.input = TextArea::new(text.split('\n').map(str::to_string).collect());
        self.input.set_cursor_line_style(Style::default());
        if self.kind == FieldKind::Secret {
            self.input.set_mask_char('•');
        }
        self.input.move_cursor(ratatui_textarea::CursorMove::Bottom);
        self.input.move_cursor(ratatui_textarea::CursorMove::End);
    }

    pub fn value(&self) -> String {
        match &self.kind {
            FieldKind::Choice(options) => options
                .get(self.choice)
                .map(|(v, _)| v.clone())
                .unwrap_or_default(),
            FieldKind::Pick => match &self.pick {
                Some(pick) => pick.value(&self.typed()),
                None => self.typed(),
            },
            _ => self.typed(),
        }
    }

    /// Its lines in the form; a pick with the keys gets up to `room` more
    /// for its options.
    fn height(&self, focused: bool, room: u16) -> u16 {
        match (&self.kind, &self.pick) {
            (FieldKind::Multi, _) => 6,
            (FieldKind::Pick, Some(pick)) if focused => {
                3 + pick.wanted_rows(&self.typed()).min(room)
            }
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
                    FieldKind::Pick => f.pick.as_ref().and_then(|p| p.label().map(str::to_string)),
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
                _ => field.set_text(text),
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
        if self.step_pick(key.code) {
            return FormEvent::Editing;
        }
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

    /// ↑/↓ and ←/→ move among a focused pick's options.
    fn step_pick(&mut self, code: KeyCode) -> bool {
        let delta = match code {
            KeyCode::Down | KeyCode::Right => 1,
            KeyCode::Up | KeyCode::Left => -1,
            _ => return false,
        };
        let Some(field) = self.fields.get_mut(self.focus) else {
            return false;
        };
        let typed = field.typed();
        let Some(pick) = field.pick.as_mut() else {
            return false;
        };
        pick.step(delta, &typed);
        self.dirty = true;
        true
    }

    /// Asks each pick for the options of its text, if not asked yet.
    pub fn ask_picks(&mut self, cx: &crate::tui::pane::Cx) {
        for field in &mut self.fields {
            let typed = field.typed();
            if let Some(pick) = field.pick.as_mut() {
                pick.ask(&typed, cx);
            }
        }
    }

    /// Takes the options that landed; true if any did.
    pub fn collect_picks(&mut self) -> bool {
        let mut landed = false;
        for pick in self.fields.iter_mut().filter_map(|f| f.pick.as_mut()) {
            landed |= pick.collect();
        }
        landed
    }

    /// A pick's options are being read.
    pub fn picks_waiting(&self) -> bool {
        self.fields
            .iter()
            .filter_map(|f| f.pick.as_ref())
            .any(|p| p.waiting())
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
        let base: u16 = self.heights(0).iter().sum::<u16>() + 5;
        let heights = self.heights(area.height.saturating_sub(base));
        let wanted: u16 = heights.iter().sum::<u16>() + 5;
        let popup = super::centered(area, 72.min(area.width), wanted.min(area.height));
        frame.render_widget(Clear, popup);
        let block = crate::tui::widgets::boxed(view, format!(" {} ", view.t(self.title)), true);
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let mut constraints: Vec<_> = heights.into_iter().map(Constraint::Length).collect();
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

    /// Each field's lines, the focused pick's options in up to `room` more.
    fn heights(&self, room: u16) -> Vec<u16> {
        self.fields
            .iter()
            .enumerate()
            .map(|(i, f)| f.height(i == self.focus, room))
            .collect()
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
        if let Some(pick) = &field.pick {
            let inner = block.inner(area);
            frame.render_widget(block, area);
            let [line, rows] =
                Layout::vertical([Constraint::Length(1), Constraint::Min(0)]).areas(inner);
            match pick.label() {
                Some(label) if !focused => {
                    let label = super::clean(label).into_owned();
                    frame.render_widget(Paragraph::new(label).style(view.theme.base), line);
                }
                _ => self.draw_input(frame, line, view, field, focused, None),
            }
            if focused && rows.height > 0 {
                pick.draw_rows(frame, rows, view, &field.typed());
            }
            return;
        }
        self.draw_input(frame, area, view, field, focused, Some(block));
    }

    /// The field's text and its cursor, in `block` if given.
    fn draw_input<'a>(
        &self,
        frame: &mut Frame,
        area: Rect,
        view: &View,
        field: &Field,
        focused: bool,
        block: Option<Block<'a>>,
    ) {
        let mut input: TextArea<'a> = field.input.clone();
        if let Some(block) = block {
            input.set_block(block);
        }
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
#[path = "form_tests.rs"]
mod tests;

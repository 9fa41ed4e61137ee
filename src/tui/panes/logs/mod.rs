//! The Logs tab: the audit log followed live, with a filter line and a
//! pause, and the connection journal beside it (side by side when wide,
//! one at a time otherwise, switched with ←/→).

mod audit;
mod entry;
pub mod filter;
mod journal;

use crate::domain::Capability;
use crate::service;
use crate::tui::action::Action;
use crate::tui::background::slow;
use crate::tui::job::{JobHandle, JobProgress};
use crate::tui::keymap::Layer;
use crate::tui::pages::Move;
use crate::tui::pane::{may_any, Cx, Pane, TabSpec, View, Visible};
use audit::{AuditLog, Tail};
use entry::EntryPopup;
use journal::Journal;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use ratatui_textarea::TextArea;

pub const TAB: TabSpec = TabSpec {
    visible: Visible::AnyOf(&[Capability::AuditRead, Capability::JournalRead]),
    make,
};

pub fn make() -> Box<dyn Pane> {
    Box::new(LogsPane::default())
}

/// Width from which both sections show side by side.
const SIDE_BY_SIDE: u16 = 140;

#[derive(Clone, Copy, PartialEq, Eq, Default)]
enum Section {
    #[default]
    Audit,
    Journal,
}

#[derive(Default)]
struct LogsPane {
    /// None until the first refresh, or when the actor may not read it.
    audit: Option<AuditLog>,
    journal: Option<Journal>,
    /// Which sections the actor may read is known (after the first refresh).
    checked: bool,
    focus: Section,
    /// The filter line being typed, if it has the keyboard.
    editing: Option<TextArea<'static>>,
    /// The filter in force, as typed.
    filter_text: String,
    popup: Option<EntryPopup>,
    /// The audit tail being read for a new filter, off the frame's thread;
    /// a newer one replaces (and so cancels) it.
    scan: Option<JobHandle<Tail>>,
    /// Both lists were drawn side by side in the last frame (clicks).
    side_by_side: std::cell::Cell<bool>,
}

impl LogsPane {
    fn focused(&self) -> Section {
        match (self.focus, self.audit.is_some(), self.journal.is_some()) {
            (Section::Audit, false, true) => Section::Journal,
            (Section::Journal, true, false) => Section::Audit,
            (focus, _, _) => focus,
        }
    }

    fn apply_filter(&mut self, cx: &mut Cx) {
        let Some(input) = &self.editing else { return };
        let text = input.lines().join(" ");
        match filter::parse(&text, cx.tz, cx.i18n) {
            Err(msg) => cx.error(&msg),
            Ok(parsed) => {
                self.editing = None;
                self.filter_text = text.trim().to_string();
                self.start_scan(parsed, cx);
            }
        }
    }

    /// Reads the tail of `filter` as a job; here if no thread can start.
    fn start_scan(&mut self, filter: service::audit::AuditFilter, cx: &mut Cx) {
        let Some(log) = &mut self.audit else { return };
        let job = filter.clone();
        match JobHandle::start(cx.spawner, cx.actor, move |step| {
            audit::scan_tail(step, job)
        }) {
            Ok(handle) => self.scan = Some(handle),
            Err(_) => {
                self.scan = None;
                log.filter = filter;
                let result = log.load_tail(cx.service, cx.actor);
                cx.attempt(result);
            }
        }
    }

    /// What the audit title says while a scan is out for long enough.
    fn scan_note(&self, view: &View) -> Option<String> {
        let scan = self.scan.as_ref()?;
        if !slow(Some(scan.started), view.instant) {
            return None;
        }
        let percent = match scan.progress {
            Some(p) if p.total > 0 => (p.done.min(p.total) * 100 / p.total).to_string(),
            _ => "0".to_string(),
        };
        Some(
            view.i18n
                .with("tui.logs.scanning", &[("percent", &percent)]),
        )
    }

    fn clear_filter(&mut self, cx: &mut Cx) -> bool {
        if self.audit.is_none() || self.filter_text.is_empty() {
            return false;
        }
        self.filter_text.clear();
        self.start_scan(Default::default(), cx);
        true
    }

    fn on_popup_action(&mut self, action: Action) -> bool {
        let Some(popup) = &mut self.popup else {
            return false;
        };
        match action {
            Action::Back | Action::Open => self.popup = None,
            Action::Up => popup.scroll = popup.scroll.saturating_sub(1),
            Action::Down => popup.scroll = popup.scroll.saturating_add(1),
            _ => return false,
        }
        true
    }

    fn on_audit_action(&mut self, action: Action, cx: &mut Cx) -> bool {
        let Some(log) = &mut self.audit else {
            return false;
        };
        // Moving up past the oldest entry held reads older ones first.
        let reached = match action {
            Action::Up => log.reach_up(1, cx.service, cx.actor),
            Action::PageUp => log.reach_up(log.page_rows(), cx.service, cx.actor),
            Action::Top => log.oldest(cx.service, cx.actor),
            _ => Ok(()),
        };
        cx.attempt(reached);
        match action {
            Action::Up => log.move_by(-1),
            Action::Down => log.move_by(1),
            Action::PageUp => log.page(false),
            Action::PageDown => log.page(true),
            Action::Top => {}
            _ => return self.on_audit_command(action, cx),
        }
        true
    }

    /// The audit actions that read or change more than the selection.
    fn on_audit_command(&mut self, action: Action, cx: &mut Cx) -> bool {
        let Some(log) = &mut self.audit else {
            return false;
        };
        let result = match action {
            Action::Bottom => log.resume(cx.service, cx.actor),
            Action::Pause => log.toggle_pause(cx.service, cx.actor),
            Action::Refresh => log.refresh(cx.service, cx.actor),
            Action::Open => {
                self.popup = log.selected().map(|e| EntryPopup {
                    entry: e.clone(),
                    scroll: 0,
                });
                Ok(())
            }
            Action::Filter => {
                let mut input = TextArea::new(vec![self.filter_text.clone()]);
                input.move_cursor(ratatui_textarea::CursorMove::End);
                self.editing = Some(input);
                Ok(())
            }
            Action::Back => return self.clear_filter(cx),
            _ => return false,
        };
        cx.attempt(result);
        true
    }

    fn on_journal_action(&mut self, action: Action, cx: &mut Cx) -> bool {
        let Some(journal) = &mut self.journal else {
            return false;
        };
        let mv = match action {
            Action::Refresh => Move::Reload,
            other => match Move::of(other) {
                Some(mv) => mv,
                None => return false,
            },
        };
        journal.run(mv, cx);
        true
    }

    fn draw_audit(&self, frame: &mut Frame, area: Rect, view: &View, focused: bool) {
        let Some(log) = &self.audit else { return };
        let note = self.scan_note(view);
        if self.editing.is_none() && self.filter_text.is_empty() {
            return log.draw(frame, area, view, focused, note.as_deref());
        }
        let [bar, list] = Layout::vertical([Constraint::Length(1), Constraint::Min(3)]).areas(area);
        let label = Span::styled(format!(" {} ", view.t("tui.logs.filter")), view.theme.key);
        match &self.editing {
            Some(input) => {
                let [left, right] = Layout::horizontal([
                    Constraint::Length(label.width() as u16),
                    Constraint::Min(1),
                ])
                .areas(bar);
                frame.render_widget(Paragraph::new(Line::from(label)), left);
                let mut input = input.clone();
                input.set_style(view.theme.base);
                input.set_cursor_style(view.theme.selected);
                input.set_cursor_line_style(view.theme.base);
                input.set_placeholder_text(view.t("tui.logs.filter_help"));
                frame.render_widget(&input, right);
            }
            None => {
                let text = crate::tui::widgets::clean(&self.filter_text).into_owned();
                let line = Line::from(vec![
                    label,
                    Span::styled(text, view.theme.base),
                    Span::styled(
                        format!("  {}", view.t("tui.logs.filter_clear")),
                        view.theme.dim,
                    ),
                ]);
                frame.render_widget(Paragraph::new(line), bar);
            }
        }
        log.draw(frame, list, view, focused, note.as_deref());
    }
}

impl Pane for LogsPane {
    fn title(&self) -> &'static str {
        "tui.tab.logs"
    }

    fn layer(&self) -> Layer {
        if self.popup.is_some() {
            return Layer::LogEntry;
        }
        match self.focused() {
            Section::Audit if self.audit.is_some() => Layer::Logs,
            _ => Layer::Journal,
        }
    }

    fn refresh(&mut self, cx: &mut Cx) {
        if !self.checked {
            self.checked = true;
            if may_any(cx.service, cx.actor, &[Capability::AuditRead]) {
                self.audit = Some(AuditLog::new());
                self.start_scan(Default::default(), cx);
            }
            if may_any(cx.service, cx.actor, &[Capability::JournalRead]) {
                self.journal = Some(Journal::new());
            }
        } else if let Some(log) = self.audit.as_mut().filter(|_| self.scan.is_none()) {
            // While a scan is out, it reads up to the newest entry itself.
            let result = log.refresh(cx.service, cx.actor);
            cx.attempt(result);
        }
        if let Some(journal) = &mut self.journal {
            journal.refresh(cx);
        }
    }

    fn on_action(&mut self, action: Action, cx: &mut Cx) -> bool {
        if self.popup.is_some() {
            return self.on_popup_action(action);
        }
        if matches!(action, Action::FocusNext | Action::FocusPrev) {
            if self.audit.is_some() && self.journal.is_some() {
                self.focus = match self.focused() {
                    Section::Audit => Section::Journal,
                    Section::Journal => Section::Audit,
                };
            }
            return true;
        }
        match self.focused() {
            Section::Audit => self.on_audit_action(action, cx),
            Section::Journal => self.on_journal_action(action, cx),
        }
    }

    fn on_key(&mut self, key: KeyEvent, cx: &mut Cx) -> bool {
        let Some(input) = &mut self.editing else {
            return false;
        };
        match key.code {
            KeyCode::Enter => self.apply_filter(cx),
            KeyCode::Esc => self.editing = None,
            _ => {
                input.input(key);
            }
        }
        true
    }

    fn typing(&self) -> bool {
        self.editing.is_some()
    }

    fn collect(&mut self, cx: &mut Cx) {
        if let Some(journal) = &mut self.journal {
            journal.collect(cx);
        }
        let Some(answer) = self.scan.as_mut().and_then(JobHandle::take) else {
            return;
        };
        self.scan = None;
        match (answer, &mut self.audit) {
            (Ok(tail), Some(log)) => log.install(tail),
            (Err(e), _) => cx.fail(&e),
            (Ok(_), None) => {}
        }
    }

    fn on_progress(&mut self, progress: &JobProgress) {
        if let Some(scan) = &mut self.scan {
            scan.note(progress);
        }
    }

    fn waiting(&self) -> bool {
        self.scan.is_some() || self.journal.as_ref().is_some_and(Journal::waiting)
    }

    /// A click on a list's rows selects there; when both lists show, the
    /// clicked one gets the keys.
    fn on_click(&mut self, at: Position, _cx: &mut Cx) {
        if self.popup.is_some() || self.editing.is_some() {
            return;
        }
        let focused = self.focused();
        let both = self.side_by_side.get();
        let audit_shown = both || focused == Section::Audit;
        let journal_shown = both || focused == Section::Journal;
        if audit_shown && self.audit.as_mut().is_some_and(|log| log.click(at)) {
            self.focus = Section::Audit;
        } else if journal_shown && self.journal.as_mut().is_some_and(|j| j.list.click(at)) {
            self.focus = Section::Journal;
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let both = self.audit.is_some() && self.journal.is_some();
        let wide = both && area.width >= SIDE_BY_SIDE;
        self.side_by_side.set(wide);
        let focus = self.focused();
        if wide {
            let [left, right] =
                Layout::horizontal([Constraint::Percentage(62), Constraint::Percentage(38)])
                    .areas(area);
            self.draw_audit(frame, left, view, focus == Section::Audit);
            if let Some(journal) = &self.journal {
                journal.draw(frame, right, view, focus == Section::Journal);
            }
        } else {
            match focus {
                Section::Audit => self.draw_audit(frame, area, view, true),
                Section::Journal => {
                    if let Some(journal) = &self.journal {
                        journal.draw(frame, area, view, both);
                    }
                }
            }
        }
        if let Some(popup) = &self.popup {
            entry::draw(frame, area, view, popup);
        }
    }
}

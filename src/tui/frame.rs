//! Drawing the whole screen from the app's state: the tab bar, the pane,
//! the hint and status lines, and the overlays. No I/O happens here.

use super::action::Action;
use super::app::{App, Overlay, Screen, Session};
use super::keymap::{Binding, Layer};
use super::pane::{Notice, Pane, View};
use super::widgets::{centered, clean};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph};
use ratatui::Frame;
use unicode_width::UnicodeWidthStr;

pub fn draw(app: &App, frame: &mut Frame) {
    let view = app.view();
    let area = frame.area();
    frame.render_widget(Block::default().style(view.theme.base), area);
    match &app.screen {
        Screen::Gate(gate) => {
            let [body, status] =
                Layout::vertical([Constraint::Min(3), Constraint::Length(1)]).areas(area);
            gate.draw(frame, body, &view, app.launch.demo.as_ref());
            draw_status(app, frame, status, &view, None);
        }
        Screen::Main(session) => draw_session(app, session, frame, area, &view),
    }
}

fn draw_session(app: &App, session: &Session, frame: &mut Frame, area: Rect, view: &View) {
    let [tabs, body, hints, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
        Constraint::Length(1),
    ])
    .areas(area);
    draw_tabs(app, session, frame, tabs, view);
    app.pane_area.set(body);
    let pane = &session.tabs[session.active];
    pane.draw(frame, body, view);
    draw_hints(app, session, frame, hints, view);
    draw_status(app, frame, status, view, Some(session));
    match &session.overlay {
        Overlay::None => {}
        Overlay::Help { scroll } => draw_help(frame, body, view, pane.as_ref(), *scroll),
        Overlay::Notifications(pane) => {
            let popup = centered(
                body,
                body.width.saturating_sub(4),
                body.height.saturating_sub(2),
            );
            frame.render_widget(Clear, popup);
            pane.draw(frame, popup, view);
        }
        Overlay::Profile(pane) => crate::tui::pane::Pane::draw(pane.as_ref(), frame, body, view),
        Overlay::ConfirmQuit => super::widgets::confirm::Confirm::new(view.t("tui.quit_unsaved"))
            .draw(frame, body, view),
        Overlay::Draft(offer) => offer.draw(frame, body, view),
    }
}

fn draw_tabs(app: &App, session: &Session, frame: &mut Frame, area: Rect, view: &View) {
    let titles: Vec<(Option<String>, &str)> = session
        .tabs
        .iter()
        .enumerate()
        // The key that really opens it (`[keys]` may have rebound it);
        // tabs past the ninth have none.
        .map(|(i, pane)| {
            (
                Action::tab_at(i).map(|a| view.key_label(a)),
                view.t(pane.title()),
            )
        })
        .collect();
    let (labels, gap) = fitted_tabs(&titles, area.width as usize);
    let mut spans = Vec::new();
    let mut positions = Vec::new();
    let mut x = area.x;
    for (i, label) in labels.into_iter().enumerate() {
        let width = label.width() as u16;
        positions.push((x, x + width));
        x += width + gap;
        let style = if i == session.active {
            view.theme.tab_active
        } else {
            view.theme.tab
        };
        spans.push(Span::styled(label, style));
        spans.push(Span::raw(" ".repeat(gap as usize)));
    }
    *app.tab_spans.borrow_mut() = positions;
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// The tabs' labels and the gap between them: ` 1 Tickets ` one space
/// apart when they fit; closer together when they would not (more tabs
/// than the width holds), so that every tab stays on the bar.
fn fitted_tabs(titles: &[(Option<String>, &str)], width: usize) -> (Vec<String>, u16) {
    let label = |(key, title): &(Option<String>, &str), pad: &str| match key {
        Some(key) => format!("{pad}{key} {title}{pad}"),
        None => format!("{pad}{title}{pad}"),
    };
    let mut last = (Vec::new(), 1);
    for (pad, gap) in [(" ", 1u16), (" ", 0), ("", 1)] {
        let labels: Vec<String> = titles.iter().map(|t| label(t, pad)).collect();
        let total: usize = labels.iter().map(|l| l.width()).sum::<usize>()
            + gap as usize * labels.len().saturating_sub(1);
        if total <= width {
            return (labels, gap);
        }
        last = (labels, gap);
    }
    last
}

/// The pane's most useful keys, or the message of the last action.
fn draw_hints(app: &App, session: &Session, frame: &mut Frame, area: Rect, view: &View) {
    let line = match &app.notice {
        Some(Notice::Error(text)) => {
            Line::from(Span::styled(clean(text).into_owned(), view.theme.error))
        }
        Some(Notice::Info(text)) => {
            Line::from(Span::styled(clean(text).into_owned(), view.theme.info))
        }
        None => {
            let pane: &dyn Pane = match &session.overlay {
                Overlay::Notifications(overlay) => overlay.as_ref(),
                Overlay::Profile(overlay) => overlay.as_ref(),
                _ => session.tabs[session.active].as_ref(),
            };
            hint_line(view, pane)
        }
    };
    frame.render_widget(Paragraph::new(line), area);
}

fn draw_status(app: &App, frame: &mut Frame, area: Rect, view: &View, session: Option<&Session>) {
    let clock = chrono::DateTime::from_timestamp(view.now, 0)
        .map(|t| t.with_timezone(&view.tz).format("%H:%M").to_string())
        .unwrap_or_default();
    let db = app
        .launch
        .reopen
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut left = String::new();
    if let Some(s) = session {
        left.push_str(&format!(" {} ", clean(&s.who)));
        let unread = if s.unread >= 100 {
            "99+".to_string()
        } else {
            s.unread.to_string()
        };
        left.push_str(&format!("│ ✉ {unread} "));
    }
    if !left.is_empty() {
        left.push('│');
    }
    left.push_str(&format!(" {} ", clean(&db)));
    let right = format!(" {clock} ");
    let pad = (area.width as usize).saturating_sub(left.width() + right.width());
    let line = Line::from(vec![
        Span::raw(left),
        Span::raw(" ".repeat(pad)),
        Span::raw(right),
    ]);
    frame.render_widget(Paragraph::new(line).style(view.theme.status_bar), area);
}

/// The layer's few hints, then help and quit where the frame's keys
/// work: each with its key as bound and its layer's words.
/// What the pane does not offer now is left out.
fn hint_line(view: &View, pane: &dyn Pane) -> Line<'static> {
    let layer = pane.layer();
    let mut actions = view.keys.hints(layer).to_vec();
    actions.retain(|a| pane.offers(*a));
    if !layer.alone() {
        actions.extend([Action::Help, Action::Quit]);
    }
    let mut spans = Vec::new();
    for action in actions {
        let hint = view
            .keys
            .binding(layer, action)
            .map_or("", |b| view.t(&b.hint));
        spans.push(Span::styled(
            view.key_label_in(layer, action),
            view.theme.key,
        ));
        spans.push(Span::styled(format!(" {hint}  "), view.theme.dim));
    }
    Line::from(spans)
}

/// The keys in force, layer by layer from the active one down to the
/// frame's, from the bindings themselves; what the pane does not offer
/// now is left out.
fn draw_help(frame: &mut Frame, area: Rect, view: &View, pane: &dyn Pane, scroll: u16) {
    let layer = pane.layer();
    let mut rows = Vec::new();
    for (i, l) in view.keys.stack(layer).into_iter().enumerate() {
        let heading = if i == 0 && l != Layer::Global {
            view.t("tui.help.pane")
        } else {
            view.t(l.title_key())
        };
        // A heading spans the whole width ("Se déplacer dans la liste").
        rows.push(Line::styled(heading.to_string(), view.theme.header));
        for binding in view.keys.own(l).iter().filter(|b| pane.offers(b.action)) {
            rows.extend(help_row(view, l, binding));
        }
    }
    let width = HELP_WIDTH.min(area.width.saturating_sub(2));
    let height = (rows.len() as u16 + 2).min(area.height);
    let popup = centered(area, width, height);
    let visible: Vec<_> = rows.into_iter().skip(scroll as usize).collect();
    frame.render_widget(Clear, popup);
    let block = crate::tui::widgets::boxed(view, view.t("tui.help.title"), true)
        .title_bottom(Span::styled(view.t("tui.help.close"), view.theme.dim));
    let lines = Paragraph::new(visible).block(block).style(view.theme.base);
    frame.render_widget(lines, popup);
}

/// The help's width, wide enough for the longest descriptions.
const HELP_WIDTH: u16 = 92;
/// The keys' column in `?`, with the space after it.
const HELP_KEYS: usize = 19;

/// A binding's line in `?`; the nine tab keys share one line.
fn help_row(view: &View, layer: Layer, binding: &Binding) -> Option<Line<'static>> {
    let (keys, description) = match binding.action.tab_index() {
        Some(0) => {
            let last = Action::tab_at(8).unwrap_or(Action::Tab1);
            let keys = format!(
                "{} … {}",
                view.key_label_in(layer, Action::Tab1),
                view.key_label_in(layer, last)
            );
            (keys, view.t("tui.help.tabs"))
        }
        Some(_) => return None,
        None => (
            view.key_labels_in(layer, binding.action),
            view.t(&binding.desc),
        ),
    };
    let keys: String = keys.chars().take(HELP_KEYS - 1).collect();
    let pad = HELP_KEYS - keys.chars().count();
    Some(Line::from(vec![
        Span::styled(keys, view.theme.key),
        Span::raw(" ".repeat(pad)),
        Span::raw(description.to_string()),
    ]))
}

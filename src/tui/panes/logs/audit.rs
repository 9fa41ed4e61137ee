//! The audit log as a live tail: newest at the bottom, new entries
//! appended as they are written (by any process), at most [`KEEP`] held.
//! Paused, new entries are counted and shown on resume.

use crate::service::audit::AuditFilter;
use crate::service::{self, Actor, Service};
use crate::store::audit::Entry;
use crate::tui::job::{Outcome, Step};
use crate::tui::pane::View;
use crate::tui::widgets::{clean, columns};
use ratatui::layout::{Constraint, Position, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row, Table, TableState};
use ratatui::Frame;
use std::cell::Cell as Shared;
use std::collections::VecDeque;

/// Entries held in memory; older ones leave from the top.
pub const KEEP: usize = 400;
/// New entries read per query while following.
const BATCH: u32 = 200;
/// How far new entries are counted while paused.
const COUNT_CAP: u32 = 1000;
/// Older entries read per query when paging back past the oldest held.
const OLDER: u32 = 200;
/// Entries held at most while paging back: `g` stops there (and says
/// more are older) rather than hold a log of millions in memory.
pub const MAX_HELD: usize = 50_000;

/// The newest entries of a filter, and the log's end when they were read.
pub struct Tail {
    pub filter: AuditFilter,
    entries: Vec<Entry>,
    end: i64,
}

/// Reads the newest [`KEEP`] entries of `filter` as a job: backwards from
/// the end, one stretch of ids per step, reporting how far back it got. A
/// rare match far back costs many steps (about 1 s at 6M entries), none
/// of them on the frame's thread, and a newer filter cancels it.
pub fn scan_tail(step: &Step, filter: AuditFilter) -> Outcome<Tail> {
    let (service, actor) = (step.service, step.actor);
    // Read the end first: an entry written meanwhile is then either in
    // the tail or after `end`, never lost between the two.
    let end = match service.audit_last_id(actor) {
        Ok(end) => end,
        Err(e) => return Ok(Err(e)),
    };
    let chunk = step.tuning().scan_chunk.max(1);
    let total = u64::try_from(end).unwrap_or(0);
    let mut found: Vec<Entry> = Vec::new();
    let mut upto = end;
    step.report(0, total)?;
    while upto > 0 && found.len() < KEEP {
        let above = upto.saturating_sub(chunk).max(0);
        let want = u32::try_from(KEEP - found.len()).unwrap_or(u32::MAX);
        match service.audit_between(actor, &filter, above, upto, want) {
            Ok(mut older) => {
                older.append(&mut found);
                found = older;
            }
            Err(e) => return Ok(Err(e)),
        }
        upto = above;
        step.report(u64::try_from(end - upto).unwrap_or(0), total)?;
    }
    Ok(Ok(Tail {
        filter,
        entries: found,
        end,
    }))
}

pub struct AuditLog {
    entries: VecDeque<Entry>,
    /// The newest id read: following asks for entries after it.
    last_id: i64,
    pub filter: AuditFilter,
    pub paused: bool,
    /// Entries written since the pause (up to [`COUNT_CAP`]).
    pub pending: usize,
    selected: usize,
    /// The first visible row and the rows' height, as last drawn.
    offset: Shared<usize>,
    height: Shared<usize>,
    /// Where the rows were last drawn, for clicks.
    rows_drawn: Shared<Rect>,
    /// The oldest matching entry is held: paging back has nothing more.
    oldest_held: bool,
}

impl AuditLog {
    pub fn new() -> AuditLog {
        AuditLog {
            entries: VecDeque::new(),
            last_id: 0,
            filter: AuditFilter::default(),
            paused: false,
            pending: 0,
            selected: 0,
            offset: Shared::new(0),
            height: Shared::new(10),
            rows_drawn: Shared::new(Rect::default()),
            oldest_held: false,
        }
    }

    /// Reads the newest entries afresh and follows from them, here: for
    /// a tail that has to be read at once (many new entries at a tick).
    pub fn load_tail(&mut self, service: &Service, actor: &Actor) -> service::Result<()> {
        // Read the end first: an entry written meanwhile is then either in
        // the tail or after `last_id`, never lost between the two.
        let end = service.audit_last_id(actor)?;
        let entries = service.audit_tail(actor, &self.filter, KEEP as u32)?;
        let filter = self.filter.clone();
        self.install(Tail {
            filter,
            entries,
            end,
        });
        Ok(())
    }

    /// Shows a tail read by [`scan_tail`] and follows from it.
    pub fn install(&mut self, tail: Tail) {
        self.last_id = tail.entries.last().map_or(tail.end, |e| e.id.max(tail.end));
        // A tail shorter than asked went back to the log's beginning.
        self.oldest_held = tail.entries.len() < KEEP;
        self.entries = tail.entries.into();
        self.filter = tail.filter;
        self.paused = false;
        self.pending = 0;
        self.stick_to_bottom();
    }

    /// Appends what was written since the last look, or only counts it
    /// while paused.
    pub fn refresh(&mut self, service: &Service, actor: &Actor) -> service::Result<()> {
        if self.paused {
            let new = service.audit_after(actor, &self.filter, self.last_id, COUNT_CAP)?;
            self.pending = new.len();
            return Ok(());
        }
        let mut read = 0;
        loop {
            let page = service.audit_after(actor, &self.filter, self.last_id, BATCH)?;
            let Some(last) = page.last() else { break };
            self.last_id = last.id;
            read += page.len();
            self.entries.extend(page);
            if read > KEEP {
                // Too many to append one by one: the tail is what shows.
                return self.load_tail(service, actor);
            }
        }
        let excess = self.entries.len().saturating_sub(KEEP);
        self.entries.drain(..excess);
        if excess > 0 {
            self.oldest_held = false;
        }
        self.stick_to_bottom();
        Ok(())
    }

    pub fn toggle_pause(&mut self, service: &Service, actor: &Actor) -> service::Result<()> {
        if self.paused {
            self.resume(service, actor)
        } else {
            self.paused = true;
            self.pending = 0;
            Ok(())
        }
    }

    pub fn resume(&mut self, service: &Service, actor: &Actor) -> service::Result<()> {
        self.paused = false;
        self.pending = 0;
        self.refresh(service, actor)
    }

    /// Reads the page of matching entries just older than the oldest held
    /// (keyset on the id) and puts it on top, the selection staying on its
    /// entry; the number of entries added.
    fn load_older(&mut self, service: &Service, actor: &Actor) -> service::Result<usize> {
        if self.oldest_held || self.entries.len() >= MAX_HELD {
            return Ok(0);
        }
        let upto = self.entries.front().map_or(self.last_id, |e| e.id - 1);
        let older = service.audit_between(actor, &self.filter, 0, upto, OLDER)?;
        if older.len() < OLDER as usize {
            self.oldest_held = true;
        }
        let added = older.len();
        for e in older.into_iter().rev() {
            self.entries.push_front(e);
        }
        self.selected += added;
        Ok(added)
    }

    /// Before a move of `up` rows up: the older entries it would reach are
    /// read first, so that the list goes back through the whole log.
    pub fn reach_up(&mut self, up: usize, service: &Service, actor: &Actor) -> service::Result<()> {
        while self.selected < up && self.load_older(service, actor)? > 0 {}
        Ok(())
    }

    /// Goes to the oldest entry (reading back to it, up to [`MAX_HELD`]).
    pub fn oldest(&mut self, service: &Service, actor: &Actor) -> service::Result<()> {
        while self.load_older(service, actor)? > 0 {}
        self.top();
        Ok(())
    }

    /// The rows a page moves by.
    pub fn page_rows(&self) -> usize {
        self.height.get().max(1)
    }

    fn stick_to_bottom(&mut self) {
        self.selected = self.entries.len().saturating_sub(1);
    }

    /// Moves the selection; going up leaves the bottom, so following
    /// pauses (the rows would otherwise move under the reader).
    pub fn move_by(&mut self, delta: isize) {
        if delta < 0 && !self.paused {
            self.paused = true;
            self.pending = 0;
        }
        let last = self.entries.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(delta).min(last);
    }

    pub fn page(&mut self, down: bool) {
        let step = self.height.get().max(1) as isize;
        self.move_by(if down { step } else { -step });
    }

    pub fn top(&mut self) {
        self.move_by(-(self.selected as isize));
        if !self.paused {
            self.paused = true;
        }
    }

    pub fn selected(&self) -> Option<&Entry> {
        self.entries.get(self.selected)
    }

    /// Selects the entry drawn at `at`; false if no row is drawn there.
    pub fn click(&mut self, at: Position) -> bool {
        let row = crate::tui::widgets::paged::row_at(self.rows_drawn.get(), at);
        row.map(|row| self.select_visible(row)).is_some()
    }

    pub fn select_visible(&mut self, row: usize) {
        let target = self.offset.get() + row;
        if target < self.entries.len() {
            if target < self.selected {
                self.paused = true;
            }
            self.selected = target;
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn title(&self, view: &View) -> String {
        let state = if self.paused {
            let count = if self.pending >= COUNT_CAP as usize {
                format!("{}+", COUNT_CAP - 1)
            } else {
                self.pending.to_string()
            };
            view.i18n.with("tui.logs.paused", &[("count", &count)])
        } else {
            view.t("tui.logs.following").to_string()
        };
        view.i18n.with("tui.logs.audit_title", &[("state", &state)])
    }

    /// Draws the tail; `note` (a scan's progress) follows the title.
    pub fn draw(
        &self,
        frame: &mut Frame,
        area: Rect,
        view: &View,
        focused: bool,
        note: Option<&str>,
    ) {
        let height = area.height.saturating_sub(3) as usize;
        self.height.set(height);
        let offset = window_offset(self.offset.get(), self.selected, height, self.len());
        self.offset.set(offset);
        let wide = area.width >= 100;
        let rows = self
            .entries
            .iter()
            .skip(offset)
            .take(height)
            .map(|e| entry_row(e, view, wide));
        let position = if self.entries.is_empty() {
            view.t("tui.logs.empty").to_string()
        } else {
            // "+": older entries exist than those held, so the count is
            // a lower bound.
            let more = if self.oldest_held { "" } else { "+" };
            format!("{} / {}{more}", self.selected + 1, self.entries.len())
        };
        let title = match note {
            Some(note) => format!(" {} · {note} ", self.title(view)),
            None => format!(" {} ", self.title(view)),
        };
        let block = crate::tui::widgets::boxed(view, title, focused)
            .title_bottom(Span::styled(format!(" {position} "), view.theme.dim));
        let table = Table::new(rows, self.widths(view, wide, offset, height))
            .header(header(view, wide).style(view.theme.header))
            .row_highlight_style(view.theme.selected)
            .highlight_symbol("▶ ")
            .style(view.theme.base)
            .block(block);
        let selected = self.selected.checked_sub(offset).filter(|s| *s < height);
        let mut state = TableState::default().with_selected(selected);
        frame.render_stateful_widget(table, area, &mut state);
        self.rows_drawn
            .set(crate::tui::widgets::paged::rows_area(area));
    }
}

/// The first visible row of a window `height` tall over `len` rows that
/// keeps `selected` in view and moves as little as possible.
pub fn window_offset(offset: usize, selected: usize, height: usize, len: usize) -> usize {
    let height = height.max(1);
    let mut offset = offset.min(len.saturating_sub(height));
    if selected < offset {
        offset = selected;
    } else if selected >= offset + height {
        offset = selected + 1 - height;
    }
    offset
}

impl AuditLog {
    /// The id column fits the largest id held (they are in order, so the
    /// first or last), the object column the widest object on screen
    /// (`ticket:1000000`): sizing it on every entry held, up to
    /// [`MAX_HELD`], would cost each frame.
    fn widths(&self, view: &View, wide: bool, offset: usize, height: usize) -> Vec<Constraint> {
        let objects: Vec<String> = self
            .entries
            .iter()
            .skip(offset)
            .take(height)
            .map(|e| object(e, view))
            .collect();
        let mut w = vec![
            Constraint::Length(16),
            Constraint::Length(10),
            Constraint::Length(18),
            columns::texts(
                view.t("tui.logs.col.object"),
                objects.iter().map(String::as_str),
                12,
                24,
            ),
            Constraint::Min(10),
        ];
        if wide {
            let ends = [self.entries.front(), self.entries.back()];
            let ids = ends.into_iter().flatten().map(|e| e.id);
            w.insert(0, columns::ids(view.t("tui.logs.col.id"), "", ids, 7));
        }
        w
    }
}

fn header(view: &View, wide: bool) -> Row<'static> {
    let mut keys = vec![
        "tui.logs.col.at",
        "tui.logs.col.actor",
        "tui.logs.col.action",
        "tui.logs.col.object",
        "tui.logs.col.summary",
    ];
    if wide {
        keys.insert(0, "tui.logs.col.id");
    }
    Row::new(keys.into_iter().map(|k| Cell::from(view.t(k).to_string())))
}

fn entry_row(e: &Entry, view: &View, wide: bool) -> Row<'static> {
    // With its year at every width: the log goes back years.
    let mut cells = vec![
        Cell::from(view.datetime(e.at)),
        Cell::from(clean(&view.i18n.actor_name(&e.actor_login, e.actor_id)).into_owned()),
        Cell::from(clean(&view.i18n.audit_action(&e.action)).into_owned()),
        Cell::from(object(e, view)),
        // JSON's null reads as a dash: "null" is no word in French.
        Cell::from(crate::tui::widgets::audit_summary(
            view.i18n, &e.summary, "—",
        )),
    ];
    if wide {
        cells.insert(0, Cell::from(e.id.to_string()));
    }
    Row::new(cells)
}

/// The object an entry is about, by the name of its kind: `ticket:101`.
pub fn object(e: &Entry, view: &View) -> String {
    let kind = view.i18n.object_kind(&e.object_type);
    clean(&format!("{kind}:{}", e.object_id)).into_owned()
}

//! A list over a keyset-paginated source: it holds a few pages around the
//! selection and builds table rows only for the lines on screen, so a list
//! of a million rows costs what a list of a hundred does.

use crate::service;
use crate::tui::pane::View;
use ratatui::layout::{Constraint, Position, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Block, Borders, Row, Table, TableState};
use ratatui::Frame;
use std::cell::Cell;

/// Rows per fetch.
pub const PAGE: usize = 100;
/// Pages kept in memory; older ones are fetched again when scrolled back to.
const KEEP_PAGES: usize = 3;
/// How far one `G` goes on a list that has not been read to its end.
const BOTTOM_PAGES: usize = 50;

/// Fetches up to `limit` rows after `cursor` (from the start for None).
pub type Fetch<'f, T, C> = dyn FnMut(Option<&C>, u32) -> service::Result<Vec<T>> + 'f;

pub struct PagedList<T, C> {
    rows: Vec<T>,
    /// Absolute index of `rows[0]`.
    base: usize,
    /// The cursor before each page read so far (None before the first).
    page_starts: Vec<Option<C>>,
    selected: usize,
    /// No rows after the last one held.
    at_end: bool,
    cursor_of: fn(&T) -> C,
    /// Where the visible window starts and how tall it is, as last drawn:
    /// drawing keeps the selection in view without I/O.
    offset: Cell<usize>,
    height: Cell<usize>,
    /// Where the rows were last drawn, for clicks.
    rows_drawn: Cell<Rect>,
}

impl<T, C: Clone> PagedList<T, C> {
    pub fn new(cursor_of: fn(&T) -> C) -> PagedList<T, C> {
        PagedList {
            rows: Vec::new(),
            base: 0,
            page_starts: vec![None],
            selected: 0,
            at_end: false,
            cursor_of,
            offset: Cell::new(0),
            rows_drawn: Cell::new(Rect::default()),
            height: Cell::new(10),
        }
    }

    /// Starts again from the first row (a new filter).
    pub fn reset(&mut self, fetch: &mut Fetch<T, C>) -> service::Result<()> {
        self.start_with(Vec::new());
        self.at_end = false;
        self.ensure(0, fetch)
    }

    /// Starts again from a first page read elsewhere (a background search).
    pub fn start_with(&mut self, first_page: Vec<T>) {
        self.at_end = first_page.len() < PAGE;
        self.rows = first_page;
        self.base = 0;
        self.page_starts = vec![None];
        self.selected = 0;
        self.offset.set(0);
        self.record_page_starts(0);
    }

    /// Reads the held pages again (the data changed), keeping the position.
    pub fn reload(&mut self, fetch: &mut Fetch<T, C>) -> service::Result<()> {
        let page = self.base / PAGE;
        let pages = self.rows.len().div_ceil(PAGE).max(1);
        let start = self.page_starts.get(page).cloned().flatten();
        let rows = fetch(start.as_ref(), (pages * PAGE) as u32)?;
        self.at_end = rows.len() < pages * PAGE;
        self.rows = rows;
        self.page_starts.truncate(page + 1);
        self.record_page_starts(page);
        self.clamp();
        Ok(())
    }

    pub fn selected(&self) -> Option<&T> {
        self.selected
            .checked_sub(self.base)
            .and_then(|i| self.rows.get(i))
    }

    pub fn selected_index(&self) -> usize {
        self.selected
    }

    /// Rows known so far, and whether that is all of them.
    pub fn known(&self) -> (usize, bool) {
        (self.base + self.rows.len(), self.at_end)
    }

    /// The rows held (a few pages around the selection): what column
    /// widths are sized on.
    pub fn held(&self) -> &[T] {
        &self.rows
    }

    pub fn is_empty(&self) -> bool {
        self.rows.is_empty() && self.base == 0
    }

    pub fn move_by(&mut self, delta: isize, fetch: &mut Fetch<T, C>) -> service::Result<()> {
        let target = self.selected.saturating_add_signed(delta);
        self.ensure(target, fetch)?;
        self.selected = target;
        self.clamp();
        Ok(())
    }

    pub fn page(&mut self, down: bool, fetch: &mut Fetch<T, C>) -> service::Result<()> {
        let step = self.height.get().max(1) as isize;
        self.move_by(if down { step } else { -step }, fetch)
    }

    pub fn top(&mut self, fetch: &mut Fetch<T, C>) -> service::Result<()> {
        self.move_by(-(self.selected as isize), fetch)
    }

    /// The last row, or `BOTTOM_PAGES` pages further on a very long list.
    pub fn bottom(&mut self, fetch: &mut Fetch<T, C>) -> service::Result<()> {
        let target = self.base + self.rows.len() + BOTTOM_PAGES * PAGE;
        self.ensure(target, fetch)?;
        self.selected = target;
        self.clamp();
        Ok(())
    }

    /// Selects the `row`th visible line (a mouse click).
    /// Selects the row drawn at `at`; false if the click is not on the
    /// rows as last drawn (the border, the header, elsewhere).
    pub fn click(&mut self, at: Position) -> bool {
        row_at(self.rows_drawn.get(), at)
            .map(|row| self.select_visible(row))
            .is_some()
    }

    pub fn select_visible(&mut self, row: usize) {
        let target = self.offset.get() + row;
        if target < self.base + self.rows.len() && target >= self.base {
            self.selected = target;
        }
    }

    fn clamp(&mut self) {
        let last = (self.base + self.rows.len()).saturating_sub(1);
        self.selected = self.selected.clamp(self.base.min(last), last);
    }

    /// Makes the row at `index` held, fetching forwards or backwards.
    fn ensure(&mut self, index: usize, fetch: &mut Fetch<T, C>) -> service::Result<()> {
        while index >= self.base + self.rows.len() && !self.at_end {
            self.fetch_next(fetch)?;
        }
        while index < self.base {
            self.fetch_previous(fetch)?;
        }
        Ok(())
    }

    fn fetch_next(&mut self, fetch: &mut Fetch<T, C>) -> service::Result<()> {
        let after = self.rows.last().map(self.cursor_of);
        let page = (self.base + self.rows.len()) / PAGE;
        let start = after.or_else(|| self.page_starts.get(page).cloned().flatten());
        let rows = fetch(start.as_ref(), PAGE as u32)?;
        self.at_end = rows.len() < PAGE;
        let first_new = self.rows.len();
        self.rows.extend(rows);
        if first_new < self.rows.len() {
            self.record_page_starts(self.base / PAGE);
        }
        if self.rows.len() > KEEP_PAGES * PAGE {
            self.rows.drain(..PAGE);
            self.base += PAGE;
        }
        Ok(())
    }

    fn fetch_previous(&mut self, fetch: &mut Fetch<T, C>) -> service::Result<()> {
        let page = self.base / PAGE - 1;
        let start = self.page_starts.get(page).cloned().flatten();
        let mut rows = fetch(start.as_ref(), PAGE as u32)?;
        if rows.len() != PAGE {
            // The data moved under us: restart the window at that page.
            self.rows = rows;
            self.base = page * PAGE;
            self.at_end = self.rows.len() < PAGE;
            return Ok(());
        }
        rows.append(&mut self.rows);
        self.rows = rows;
        self.base -= PAGE;
        if self.rows.len() > KEEP_PAGES * PAGE {
            self.rows.truncate(KEEP_PAGES * PAGE);
            self.at_end = false;
        }
        Ok(())
    }

    /// Notes the cursor before each page boundary inside the held rows.
    fn record_page_starts(&mut self, first_page: usize) {
        let pages_held = self.rows.len().div_ceil(PAGE);
        for p in 1..=pages_held {
            let index = p * PAGE;
            if index > self.rows.len() {
                break;
            }
            let page = first_page + p;
            let cursor = Some((self.cursor_of)(&self.rows[index - 1]));
            if self.page_starts.len() <= page {
                self.page_starts.resize(page + 1, None);
            }
            self.page_starts[page] = cursor;
        }
    }

    /// The rows of a window `height` lines tall that keeps the selection
    /// in view, and the selection's line in it.
    pub fn window(&self, height: usize) -> (&[T], Option<usize>) {
        self.height.set(height);
        let mut offset = self.offset.get().max(self.base);
        if self.selected < offset {
            offset = self.selected;
        } else if height > 0 && self.selected >= offset + height {
            offset = self.selected + 1 - height;
        }
        self.offset.set(offset);
        let start = (offset - self.base).min(self.rows.len());
        let end = (start + height).min(self.rows.len());
        let selected = self
            .selected
            .checked_sub(offset)
            .filter(|s| *s < end - start);
        (&self.rows[start..end], selected)
    }

    /// A table of the visible rows only, in a bordered block whose title
    /// says where the selection is (`12 / 300+`).
    pub fn draw(
        &self,
        frame: &mut Frame,
        area: Rect,
        view: &View,
        title: &str,
        (header, widths): (Row<'static>, &[Constraint]),
        row_of: impl Fn(&T) -> Row<'static>,
    ) {
        let inner_height = area.height.saturating_sub(3) as usize;
        let (rows, selected) = self.window(inner_height);
        let (known, complete) = self.known();
        let position = if known == 0 {
            view.t("tui.list.empty").to_string()
        } else {
            format!(
                "{} / {}{}",
                self.selected + 1,
                known,
                if complete { "" } else { "+" }
            )
        };
        let block = crate::tui::widgets::boxed(view, format!(" {title} "), false)
            .title_bottom(Span::styled(format!(" {position} "), view.theme.dim));
        let table = Table::new(rows.iter().map(row_of), widths.to_vec())
            .header(header.style(view.theme.header))
            .row_highlight_style(view.theme.selected)
            .highlight_symbol("▶ ")
            .style(view.theme.base)
            .block(block);
        let mut state = TableState::default().with_selected(selected);
        frame.render_stateful_widget(table, area, &mut state);
        self.rows_drawn.set(rows_area(area));
    }
}

/// Which visible row of `rows` (as drawn) a click at `at` is on.
pub fn row_at(rows: Rect, at: Position) -> Option<usize> {
    rows.contains(at).then(|| usize::from(at.y - rows.y))
}

/// Where the rows of a list drawn in `area` by [`PagedList::draw`] sit:
/// inside the border, under the header line. Clicks map through it.
pub fn rows_area(area: Rect) -> Rect {
    let inner = Block::default().borders(Borders::ALL).inner(area);
    Rect {
        y: inner.y.saturating_add(1),
        height: inner.height.saturating_sub(1),
        ..inner
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A source of `n` numbers with keyset pagination, counting fetches.
    fn source(
        n: usize,
        calls: &Cell<usize>,
    ) -> impl FnMut(Option<&usize>, u32) -> service::Result<Vec<usize>> + '_ {
        move |after, limit| {
            calls.set(calls.get() + 1);
            let from = after.map_or(0, |a| a + 1);
            Ok((from..n).take(limit as usize).collect())
        }
    }

    #[test]
    fn scrolling_far_keeps_only_a_few_pages_and_comes_back_exactly() {
        let calls = Cell::new(0);
        let mut fetch = source(10_000, &calls);
        let mut list = PagedList::new(|r: &usize| *r);
        list.reset(&mut fetch).unwrap();
        assert_eq!(list.selected(), Some(&0));
        list.move_by(2_345, &mut fetch).unwrap();
        assert_eq!(list.selected(), Some(&2_345));
        assert!(list.rows.len() <= KEEP_PAGES * PAGE);
        list.move_by(-2_300, &mut fetch).unwrap();
        assert_eq!(list.selected(), Some(&45));
        list.top(&mut fetch).unwrap();
        assert_eq!(list.selected(), Some(&0));
        list.move_by(-5, &mut fetch).unwrap();
        assert_eq!(list.selected(), Some(&0));
    }

    #[test]
    fn the_end_of_a_list_stops_the_selection_and_bottom_finds_it() {
        let calls = Cell::new(0);
        let mut fetch = source(250, &calls);
        let mut list = PagedList::new(|r: &usize| *r);
        list.reset(&mut fetch).unwrap();
        list.bottom(&mut fetch).unwrap();
        assert_eq!(list.selected(), Some(&249));
        assert_eq!(list.known(), (250, true));
        list.move_by(10, &mut fetch).unwrap();
        assert_eq!(list.selected(), Some(&249));
        let (rows, sel) = list.window(20);
        assert_eq!(rows.len(), 20);
        assert_eq!(sel, Some(19));
        assert_eq!(rows[19], 249);
    }

    #[test]
    fn an_empty_source_has_no_selection_and_reload_keeps_the_place() {
        let calls = Cell::new(0);
        let mut empty = source(0, &calls);
        let mut list = PagedList::new(|r: &usize| *r);
        list.reset(&mut empty).unwrap();
        assert!(list.selected().is_none());
        assert!(list.is_empty());
        let mut fetch = source(1_000, &calls);
        list.reset(&mut fetch).unwrap();
        list.move_by(420, &mut fetch).unwrap();
        list.reload(&mut fetch).unwrap();
        assert_eq!(list.selected(), Some(&420));
    }
}

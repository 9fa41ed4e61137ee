//! A short list the services give whole, shown and moved through like the
//! long, keyset-paged ones (a role's grants beside the roles).

use super::paged::PagedList;
use crate::service;
use crate::tui::action::Action;
use crate::tui::pane::View;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::Row;
use ratatui::Frame;

/// Rows held whole, drawn through a [`PagedList`].
pub struct Listing<T> {
    all: Vec<T>,
    list: PagedList<(usize, T), usize>,
}

impl<T: Clone> Default for Listing<T> {
    fn default() -> Listing<T> {
        Listing::new()
    }
}

impl<T: Clone> Listing<T> {
    pub fn new() -> Listing<T> {
        Listing {
            all: Vec::new(),
            list: PagedList::new(|row: &(usize, T)| row.0),
        }
    }

    /// Takes fresh rows, keeping the selection's place.
    pub fn set(&mut self, rows: Vec<T>) {
        self.all = rows;
        let all = &self.all;
        // Reading from memory cannot fail.
        let _ = self.list.reload(&mut slice_fetch(all));
    }

    /// Takes rows of something else (another role): back to the top.
    pub fn replace(&mut self, rows: Vec<T>) {
        self.all = rows;
        let all = &self.all;
        let _ = self.list.reset(&mut slice_fetch(all));
    }

    /// Moves the selection for a navigation action; false if the action
    /// is not one.
    pub fn navigate(&mut self, action: Action) -> bool {
        let all = &self.all;
        let fetch = &mut slice_fetch(all);
        // Reading from memory cannot fail.
        let _ = match action {
            Action::Up => self.list.move_by(-1, fetch),
            Action::Down => self.list.move_by(1, fetch),
            Action::PageUp => self.list.page(false, fetch),
            Action::PageDown => self.list.page(true, fetch),
            Action::Top => self.list.top(fetch),
            Action::Bottom => self.list.bottom(fetch),
            _ => return false,
        };
        true
    }

    pub fn selected(&self) -> Option<&T> {
        self.list.selected().map(|(_, row)| row)
    }

    pub fn rows(&self) -> &[T] {
        &self.all
    }

    pub fn draw(
        &self,
        frame: &mut Frame,
        area: Rect,
        view: &View,
        title: &str,
        header: (Row<'static>, &[Constraint]),
        row_of: impl Fn(&T) -> Row<'static>,
    ) {
        self.list
            .draw(frame, area, view, title, header, |(_, row)| row_of(row));
    }
}

fn slice_fetch<T: Clone>(
    all: &[T],
) -> impl FnMut(Option<&usize>, u32) -> service::Result<Vec<(usize, T)>> + '_ {
    move |after, limit| {
        let from = after.map_or(0, |a| a + 1);
        Ok(all
            .iter()
            .cloned()
            .enumerate()
            .skip(from)
            .take(limit as usize)
            .collect())
    }
}

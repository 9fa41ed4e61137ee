//! The list of tickets: a paged table whose extra columns appear when the
//! area is wide enough.

use super::labels::{level_cell, RoleNames};
use crate::service::tickets::{Cursor, Ticket};
use crate::tui::pane::View;
use crate::tui::widgets::labels;
use crate::tui::widgets::paged::PagedList;
use crate::tui::widgets::{clean, columns};
use ratatui::layout::{Constraint, Rect};
use ratatui::text::Span;
use ratatui::widgets::{Cell, Row};
use ratatui::Frame;

/// Which columns fit, from the narrowest screen to the widest.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Width {
    Narrow,
    Medium,
    Wide,
    Widest,
}

fn width_of(area: Rect) -> Width {
    match area.width {
        0..=89 => Width::Narrow,
        90..=119 => Width::Medium,
        120..=149 => Width::Wide,
        _ => Width::Widest,
    }
}

pub fn draw(
    frame: &mut Frame,
    area: Rect,
    view: &View,
    list: &PagedList<Ticket, Cursor>,
    title: &str,
    roles: &RoleNames,
) {
    let width = width_of(area);
    let mut header = vec![
        view.t("tui.tickets.col.id"),
        "",
        view.t("tui.tickets.col.status"),
        view.t("tui.tickets.col.priority"),
        view.t("tui.tickets.col.title"),
    ];
    let ids = list.held().iter().map(|t| t.id);
    let mut widths = vec![
        columns::ids(header[0], "#", ids, 6),
        Constraint::Length(1),
        Constraint::Length(11),
        Constraint::Length(8),
        Constraint::Min(12),
    ];
    if width >= Width::Medium {
        header.push(view.t("tui.tickets.col.requester"));
        widths.push(Constraint::Length(14));
    }
    header.push(view.t("tui.tickets.col.assignee"));
    widths.push(Constraint::Length(12));
    if width >= Width::Widest {
        header.extend([
            view.t("tui.tickets.col.role"),
            view.t("tui.tickets.col.category"),
        ]);
        widths.extend([Constraint::Length(12), Constraint::Length(14)]);
    }
    if width >= Width::Wide {
        header.push(view.t("tui.tickets.col.updated"));
        widths.push(Constraint::Length(16));
    }
    let header = Row::new(header.into_iter().map(str::to_string).collect::<Vec<_>>());
    list.draw(frame, area, view, title, (header, &widths), |t| {
        row(t, view, width, roles)
    });
}

fn row(t: &Ticket, view: &View, width: Width, roles: &RoleNames) -> Row<'static> {
    let mut cells = vec![
        Cell::from(format!("#{}", t.id)),
        // A stopped clock has no urgency left: a closed ticket is not "due soon".
        if t.status.is_open() {
            level_cell(view, t.urgency)
        } else {
            Cell::from("")
        },
        Cell::from(labels::status(view.i18n, t.status)),
        Cell::from(labels::priority(view.i18n, t.priority)),
        Cell::from(clean(&t.title).into_owned()),
    ];
    let none = || view.t("tui.tickets.nobody").to_string();
    if width >= Width::Medium {
        cells.push(Cell::from(clean(&t.requester_login).into_owned()));
    }
    let assignee = t
        .assignee_login
        .as_deref()
        .map_or_else(none, |a| clean(a).into_owned());
    cells.push(Cell::from(Span::raw(assignee)));
    if width >= Width::Widest {
        cells.push(Cell::from(roles.of(view, &t.handling_role)));
        let category = t.category.as_deref().map(|c| clean(c).into_owned());
        cells.push(Cell::from(category.unwrap_or_default()));
    }
    if width >= Width::Wide {
        cells.push(Cell::from(view.datetime(t.updated_at)));
    }
    Row::new(cells)
}

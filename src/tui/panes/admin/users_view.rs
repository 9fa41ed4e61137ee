//! How the users section looks: the list, and the account's detail with
//! the deeds that may be done to it.

use super::users::{or_empty, Deed, DEEDS};
use crate::service::users::UserRow;
use crate::tui::pane::View;
use crate::tui::widgets::clean;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row};
use ratatui::Frame;

pub(super) fn row(row: &UserRow, view: &View, now: i64, wide: bool) -> Row<'static> {
    let u = &row.user;
    let place = row.cohort.as_ref().or(row.company.as_ref());
    let mut cells = vec![
        state_symbol(row, now).to_string(),
        clean(&u.login).into_owned(),
        clean(&u.full_name).into_owned(),
        clean(role_label(row, view)).into_owned(),
        place.map(|p| clean(p).into_owned()).unwrap_or_default(),
    ];
    if wide {
        cells.push(clean(or_empty(&u.email)).into_owned());
    }
    Row::new(cells)
}

/// The account's detail; `chosen` is the deed that has the keys, if the
/// detail has them.
pub(super) fn draw_detail(
    frame: &mut Frame,
    area: Rect,
    view: &View,
    row: Option<&UserRow>,
    chosen: Option<usize>,
    now: i64,
) {
    let block = Block::default()
        .borders(Borders::ALL)
        .border_style(if chosen.is_some() {
            view.theme.focus_border
        } else {
            view.theme.border
        })
        .title(Span::styled(
            format!(" {} ", view.t("tui.admin.users.detail")),
            view.theme.title,
        ));
    let Some(row) = row else {
        frame.render_widget(Paragraph::new(view.t("tui.list.empty")).block(block), area);
        return;
    };
    let mut lines = detail_lines(row, view, now);
    lines.push(Line::from(""));
    for (i, deed) in DEEDS.iter().enumerate() {
        let label = view.t(deed_key(*deed, row.user.active));
        let is_chosen = chosen == Some(i);
        let style = if is_chosen {
            view.theme.selected
        } else {
            view.theme.base
        };
        let marker = if is_chosen { "▶ " } else { "  " };
        lines.push(Line::from(Span::styled(format!("{marker}{label}"), style)));
    }
    frame.render_widget(Paragraph::new(lines).block(block), area);
}

fn deed_key(deed: Deed, active: bool) -> &'static str {
    match deed {
        Deed::Profile => "tui.admin.users.do_edit",
        Deed::Role => "tui.admin.users.do_role",
        Deed::Password => "tui.admin.users.do_password",
        Deed::Unlock => "tui.admin.users.do_unlock",
        Deed::Active if active => "tui.admin.users.do_deactivate",
        Deed::Active => "tui.admin.users.do_activate",
    }
}

/// ✓ active, ✗ deactivated, ⊘ locked out by failed sign-ins.
fn state_symbol(row: &UserRow, now: i64) -> &'static str {
    if !row.user.active {
        "✗"
    } else if row.user.lock.is_locked(now) {
        "⊘"
    } else {
        "✓"
    }
}

fn detail_lines(row: &UserRow, view: &View, now: i64) -> Vec<Line<'static>> {
    let u = &row.user;
    let state = if !u.active {
        "tui.admin.users.inactive"
    } else if u.lock.is_locked(now) {
        "tui.admin.users.locked"
    } else {
        "tui.admin.users.active"
    };
    let pairs: Vec<(&str, String)> = vec![
        ("tui.admin.users.login", u.login.clone()),
        ("tui.admin.users.full_name", u.full_name.clone()),
        ("tui.admin.users.role", role_label(row, view).to_string()),
        (
            "tui.admin.users.email_short",
            or_empty(&u.email).to_string(),
        ),
        (
            "tui.admin.users.phone_short",
            or_empty(&u.phone).to_string(),
        ),
        (
            "tui.admin.users.cohort_short",
            or_empty(&row.cohort).to_string(),
        ),
        (
            "tui.admin.users.company_short",
            or_empty(&row.company).to_string(),
        ),
        (
            "tui.admin.users.state_label",
            format!("{} {}", state_symbol(row, now), view.t(state)),
        ),
        ("tui.admin.users.created_at", view.datetime(u.created_at)),
    ];
    pairs
        .into_iter()
        .map(|(key, value)| {
            Line::from(vec![
                Span::styled(format!("{}: ", view.t(key)), view.theme.dim),
                Span::styled(clean(&value).into_owned(), view.theme.base),
            ])
        })
        .collect()
}

/// The account's role by its label in the reader's language, made on the
/// site or built in.
fn role_label<'a>(row: &'a UserRow, view: &View) -> &'a str {
    match view.i18n.lang() {
        crate::i18n::Lang::Fr => &row.role_label_fr,
        crate::i18n::Lang::En => &row.role_label_en,
    }
}

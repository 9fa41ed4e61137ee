//! The connection journal: sign-in attempts, newest first, one's own or
//! everyone's as the actor's scope allows (the service decides).

use crate::domain::signin::LoginTried;
use crate::service::{self, Actor, Service};
use crate::store::journal::Attempt;
use crate::tui::pages::{Move, PageAsk, PageReader};
use crate::tui::pane::{Cx, View};
use crate::tui::widgets::clean;
use crate::tui::widgets::paged::PagedList;
use ratatui::layout::{Constraint, Rect};
use ratatui::widgets::{Cell, Row};
use ratatui::Frame;

pub struct Journal {
    pub list: PagedList<Attempt, i64>,
    loaded: bool,
    /// Its pages are read off the frame's thread.
    pages: PageReader<(), Attempt, i64>,
}

/// A page of the journal, newest first, before the id of the cursor.
fn read_page(
    service: &Service,
    actor: &Actor,
    ask: &PageAsk<(), i64>,
) -> service::Result<Vec<Attempt>> {
    service.journal(actor, ask.after.unwrap_or(i64::MAX), ask.limit)
}

impl Journal {
    pub fn new() -> Journal {
        Journal {
            list: PagedList::new(|a: &Attempt| a.id),
            loaded: false,
            pages: PageReader::new(read_page),
        }
    }

    /// Moves in the list, at once or when the page it needs is read.
    pub fn run(&mut self, mv: Move, cx: &mut Cx) {
        self.pages.run(&mut self.list, mv, &(), cx);
    }

    pub fn refresh(&mut self, cx: &mut Cx) {
        let mv = if std::mem::replace(&mut self.loaded, true) {
            Move::Reload
        } else {
            Move::Reset
        };
        self.run(mv, cx);
    }

    /// Takes the page that came, if it did.
    pub fn collect(&mut self, cx: &mut Cx) {
        self.pages.collect(&mut self.list, cx);
    }

    pub fn waiting(&self) -> bool {
        self.pages.waiting()
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, view: &View, focused: bool) {
        let wide = area.width >= 100;
        let mut keys = vec![
            "tui.logs.col.at",
            "tui.logs.col.login",
            "tui.logs.col.outcome",
            "tui.logs.col.via",
            "tui.logs.col.host",
        ];
        // Alone and wide, the login column holds an unknown login's whole
        // hash and length; narrow, their start still groups repeats.
        let mut widths = vec![
            Constraint::Length(16),
            Constraint::Length(if wide { 30 } else { 12 }),
            Constraint::Length(18),
            Constraint::Length(5),
            Constraint::Min(8),
        ];
        if wide {
            keys.extend(["tui.logs.col.os_user", "tui.logs.col.terminal"]);
            widths.extend([Constraint::Length(10), Constraint::Length(12)]);
        }
        let header = Row::new(keys.into_iter().map(|k| Cell::from(view.t(k).to_string())));
        let title = view.t("tui.logs.journal_title");
        // The paged list draws its own block; focus shows in the title.
        let mut title = if focused {
            format!("▸ {title}")
        } else {
            title.to_string()
        };
        if self.pages.loading(view.instant) {
            title = format!("{title} · {}", view.t("tui.list.loading"));
        }
        self.list
            .draw(frame, area, view, &title, (header, &widths), |a| {
                attempt_row(a, view, wide)
            });
    }
}

fn attempt_row(a: &Attempt, view: &View, wide: bool) -> Row<'static> {
    let mut cells = vec![
        Cell::from(view.datetime(a.at)),
        Cell::from(login(view, &a.login)),
        Cell::from(outcome(view, &a.outcome)),
        Cell::from(clean(&a.front_end).into_owned()),
        Cell::from(clean(&a.host).into_owned()),
    ];
    if wide {
        cells.extend([
            Cell::from(clean(&a.os_user).into_owned()),
            Cell::from(clean(&a.terminal).into_owned()),
        ]);
    }
    Row::new(cells)
}

/// An account's login; of a text that named no account only what the
/// journal keeps, its keyed hash and length (the outcome says "unknown").
fn login(view: &View, login: &LoginTried) -> String {
    match login {
        LoginTried::Account(login) => clean(login).into_owned(),
        LoginTried::Unknown {
            mac: Some(mac),
            chars,
        } => view.i18n.with(
            "tui.logs.unknown_login_cell",
            &[("hash", &clean(mac)), ("chars", &chars.to_string())],
        ),
        LoginTried::Unknown { mac: None, chars } => view.i18n.with(
            "tui.logs.unknown_login_cell_unhashed",
            &[("chars", &chars.to_string())],
        ),
    }
}

/// A mark and a word: `✓ signed in`, `✗ wrong password`.
fn outcome(view: &View, key: &str) -> String {
    let label = match key {
        "success" => "tui.logs.outcome.success",
        "bad_password" => "tui.logs.outcome.bad_password",
        "unknown_login" => "tui.logs.outcome.unknown_login",
        "locked" => "tui.logs.outcome.locked",
        "inactive" => "tui.logs.outcome.inactive",
        other => return format!("✗ {}", clean(other)),
    };
    let mark = if key == "success" { "✓" } else { "✗" };
    format!("{mark} {}", view.t(label))
}

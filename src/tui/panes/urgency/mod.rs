//! The urgency queue: open tickets most urgent first, each marked by its
//! level's colour and symbol, with a toggle to show only those about to
//! breach. Enter shows a ticket's SLA state in a popup. The queue's
//! pages and the popup's ticket are read off the UI thread (`reads.rs`).

mod detail;
pub(crate) mod labels;
mod reads;

use crate::domain::sla::Level;
use crate::domain::Capability;
use crate::service::tickets::TicketView;
use crate::store::sla_state::{queue_cursor_after, QueueCursor};
use crate::store::tickets::Ticket;
use crate::tui::action::Action;
use crate::tui::background::Reader;
use crate::tui::keymap::Layer;
use crate::tui::pages::{Move, PageReader};
use crate::tui::pane::{Cx, Pane, TabSpec, View, Visible};
use crate::tui::theme::level_symbol;
use crate::tui::widgets::paged::PagedList;
use crate::tui::widgets::{clean, columns};
use labels::{level_of, remaining};
use ratatui::layout::{Constraint, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Cell, Row};
use ratatui::Frame;

pub const TAB: TabSpec = TabSpec {
    visible: Visible::AnyOf(&[Capability::TicketRead]),
    make,
};

pub fn make() -> Box<dyn Pane> {
    Box::new(UrgencyPane::new())
}

/// The forecast's window: tickets due within this much business time.
const FORECAST_HOURS: i64 = 4;

/// Width from which the extra columns appear.
const WIDE: u16 = 140;

type Queue = PagedList<Ticket, QueueCursor>;

struct UrgencyPane {
    list: Queue,
    /// Only the tickets breaching within [`FORECAST_HOURS`].
    forecast: bool,
    loaded: bool,
    detail: Option<TicketView>,
    /// The queue's pages (of the window: None, or the forecast's), and the
    /// popup's ticket, are read there.
    pages: PageReader<Option<i64>, Ticket, QueueCursor>,
    details: Reader<reads::DetailAsk, TicketView>,
    /// The ticket asked to open, until it is read.
    opening: Option<i64>,
}

impl UrgencyPane {
    fn new() -> UrgencyPane {
        UrgencyPane {
            list: PagedList::new(queue_cursor_after),
            forecast: false,
            loaded: false,
            detail: None,
            pages: PageReader::new(reads::read_page),
            details: Reader::new(reads::read_detail),
            opening: None,
        }
    }

    fn window(&self) -> Option<i64> {
        self.forecast.then_some(FORECAST_HOURS * 3600)
    }

    /// Moves in the queue, at once or when the page it needs is read.
    fn move_queue(&mut self, mv: Move, cx: &mut Cx) {
        let window = self.window();
        self.pages.run(&mut self.list, mv, &window, cx);
    }

    fn title(&self, view: &View) -> String {
        let title = if self.forecast {
            view.i18n.with(
                "tui.urgency.title_forecast",
                &[("hours", &FORECAST_HOURS.to_string())],
            )
        } else {
            view.t("tui.urgency.title").to_string()
        };
        if self.loading(view.instant) {
            format!("{title} · {}", view.t("tui.list.loading"))
        } else {
            title
        }
    }
}

impl Pane for UrgencyPane {
    fn title(&self) -> &'static str {
        "tui.tab.urgency"
    }

    fn layer(&self) -> Layer {
        match self.detail {
            Some(_) => Layer::UrgencyDetail,
            None => Layer::Urgency,
        }
    }

    fn refresh(&mut self, cx: &mut Cx) {
        if self.loaded {
            self.move_queue(Move::Reload, cx);
        } else {
            self.loaded = true;
            self.move_queue(Move::Reset, cx);
        }
        self.reload_detail(cx);
    }

    fn on_action(&mut self, action: Action, cx: &mut Cx) -> bool {
        if self.detail.is_some() {
            return match action {
                Action::Back | Action::Open => {
                    self.opening = None;
                    self.detail = None;
                    true
                }
                Action::Refresh => {
                    self.refresh(cx);
                    true
                }
                _ => false,
            };
        }
        if let Some(mv) = Move::of(action) {
            self.move_queue(mv, cx);
            return true;
        }
        match action {
            Action::Open => self.open_detail(cx),
            Action::Back if self.opening.is_some() => self.opening = None,
            Action::Forecast => {
                self.forecast = !self.forecast;
                // The other window's rows replace these: from the top.
                self.pages.forget();
                self.move_queue(Move::Reset, cx);
            }
            Action::Refresh => self.refresh(cx),
            _ => return false,
        }
        true
    }

    fn collect(&mut self, cx: &mut Cx) {
        self.collect_reads(cx);
    }

    fn waiting(&self) -> bool {
        self.pages.waiting() || self.details.waiting()
    }

    fn on_click(&mut self, at: Position, _cx: &mut Cx) {
        if self.detail.is_none() {
            self.list.click(at);
        }
    }

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let wide = area.width >= WIDE;
        let header = header_row(view, wide);
        let ids = self.list.held().iter().map(|t| t.id);
        let widths = widths(
            wide,
            columns::ids(view.t("tui.urgency.col.id"), "#", ids, 6),
        );
        let title = self.title(view);
        self.list
            .draw(frame, area, view, &title, (header, &widths), |t| {
                ticket_row(t, view, wide)
            });
        if let Some(detail) = &self.detail {
            detail::draw(frame, area, view, detail);
        }
    }
}

fn widths(wide: bool, id: Constraint) -> Vec<Constraint> {
    let mut w = vec![
        Constraint::Length(11),
        Constraint::Length(9),
        id,
        Constraint::Length(8),
        Constraint::Length(11),
        Constraint::Min(12),
        Constraint::Length(10),
    ];
    if wide {
        w.splice(2..2, [Constraint::Length(16), Constraint::Length(12)]);
        w.extend([Constraint::Length(12), Constraint::Length(16)]);
    }
    w
}

fn header_row(view: &View, wide: bool) -> Row<'static> {
    let mut keys = vec!["tui.urgency.col.level", "tui.urgency.col.remaining"];
    if wide {
        keys.extend(["tui.urgency.col.due", "tui.urgency.col.role"]);
    }
    keys.extend([
        "tui.urgency.col.id",
        "tui.urgency.col.priority",
        "tui.urgency.col.status",
        "tui.urgency.col.title",
        "tui.urgency.col.assignee",
    ]);
    if wide {
        keys.extend(["tui.urgency.col.requester", "tui.urgency.col.category"]);
    }
    Row::new(keys.into_iter().map(|k| Cell::from(view.t(k).to_string())))
}

/// The level's symbol and name in its colour: never colour alone.
pub(crate) fn level_cell(level: Level, view: &View) -> Cell<'static> {
    let text = format!("{} {}", level_symbol(level), labels::level(view, level));
    Cell::from(Line::from(Span::styled(text, view.theme.level(level))))
}

fn ticket_row(t: &Ticket, view: &View, wide: bool) -> Row<'static> {
    let level = level_of(t);
    let due = t
        .sla
        .resolution_due
        .map(|d| remaining(view, d, false))
        .unwrap_or_else(|| view.t("tui.urgency.no_deadline").to_string());
    let mut cells = vec![level_cell(level, view), Cell::from(due)];
    if wide {
        let at = t
            .sla
            .resolution_due
            .map(|d| view.datetime(d))
            .unwrap_or_default();
        cells.extend([
            Cell::from(at),
            Cell::from(clean(&view.i18n.stored_value("role", &t.handling_role)).into_owned()),
        ]);
    }
    let assignee = t.assignee_login.as_deref().map_or_else(
        || view.t("tui.urgency.nobody").to_string(),
        |a| clean(a).into_owned(),
    );
    cells.extend([
        Cell::from(format!("#{}", t.id)),
        Cell::from(crate::tui::widgets::labels::priority(view.i18n, t.priority)),
        Cell::from(crate::tui::widgets::labels::status(view.i18n, t.status)),
        Cell::from(clean(&t.title).into_owned()),
        Cell::from(assignee),
    ]);
    if wide {
        let category = t.category.as_deref().map(clean).unwrap_or_default();
        cells.extend([
            Cell::from(clean(&t.requester_login).into_owned()),
            Cell::from(category.into_owned()),
        ]);
    }
    Row::new(cells)
}

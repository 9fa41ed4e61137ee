//! Adding a tab changes no pane's snapshot: pane tests snapshot the screen
//! below the tab bar, and a new tab only adds its name to that bar. Shown
//! with a test-only tab appended to the real ones.

mod support;

use guichet::i18n::Lang;
use guichet::service::{Actor, Service};
use guichet::tui::action::Action;
use guichet::tui::app::Screen;
use guichet::tui::pane::{Cx, Pane, TabSpec, View};
use guichet::tui::tabs::TABS;
use guichet::tui::testing::Setup;
use ratatui::layout::Rect;
use ratatui::widgets::Paragraph;
use ratatui::Frame;
use support::tui::{demo_admin, DemoAdmin};

/// A tab with nothing in it but a line of its own.
struct Probe;

impl Pane for Probe {
    fn title(&self) -> &'static str {
        "tui.tab.probe"
    }
    fn layer(&self) -> guichet::tui::keymap::Layer {
        guichet::tui::keymap::Layer::Global
    }
    fn refresh(&mut self, _cx: &mut Cx) {}
    fn on_action(&mut self, _action: Action, _cx: &mut Cx) -> bool {
        false
    }
    fn draw(&self, frame: &mut Frame, area: Rect, _view: &View) {
        frame.render_widget(Paragraph::new("probe"), area);
    }
}

fn everyone(_: &Service, _: &Actor) -> bool {
    true
}

fn with_probe() -> &'static [TabSpec] {
    let probe = TabSpec {
        visible: guichet::tui::pane::Visible::When(everyone),
        make: || Box::new(Probe),
    };
    let tabs: Vec<TabSpec> = TABS.iter().copied().chain([probe]).collect();
    Box::leak(tabs.into_boxed_slice())
}

/// The demo's administrator, signed in on a dashboard with `tabs`.
fn admin_on(tabs: &'static [TabSpec]) -> DemoAdmin {
    // Wide enough for the bar to hold every tab and the probe's name
    // (at 80 columns the CRM's tabs fill it).
    let setup = Setup {
        lang: Lang::En,
        tabs,
        size: (160, 48),
        ..Setup::default()
    };
    demo_admin(setup, 100, |_| {})
}

#[test]
fn a_new_tab_changes_no_pane_screen() {
    let (mut plain_site, mut probed_site) = (admin_on(TABS), admin_on(with_probe()));
    let (plain, probed) = (&mut plain_site.h, &mut probed_site.h);
    let titles: Vec<&'static str> = match &plain.app.screen {
        Screen::Main(session) => session.tabs.iter().map(|p| p.title()).collect(),
        Screen::Gate(_) => unreachable!(),
    };
    assert!(titles.len() >= 5, "{titles:?}");
    for title in titles {
        plain.open_tab(title);
        probed.open_tab(title);
        assert_eq!(plain.pane_screen(), probed.pane_screen(), "{title}");
        let (bar, probe_bar) = (plain.screen(), probed.screen());
        let first = |s: &str| s.lines().next().unwrap_or("").to_string();
        assert!(!first(&bar).contains("probe"), "{bar}");
        assert!(
            first(&probe_bar).contains("probe"),
            "the bar shows it: {probe_bar}"
        );
    }
    probed.open_tab("tui.tab.probe");
    assert!(probed.pane_screen().starts_with("probe"));
}

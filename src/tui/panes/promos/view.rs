//! How the promos pane looks: the three lists, or two of them at 80
//! columns, the focused one marked.

use super::{Focus, PromosPane};
use crate::tui::pane::View;
use crate::tui::panes::admin::kit;
use crate::tui::widgets::clean;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::widgets::Row;
use ratatui::Frame;

impl PromosPane {
    pub(super) fn draw_lists(&self, frame: &mut Frame, area: Rect, view: &View) {
        let wide = area.width >= kit::WIDE;
        let shown: &[Focus] = if wide {
            &[Focus::Programmes, Focus::Cohorts, Focus::Learners]
        } else if self.focus == Focus::Learners {
            &[Focus::Cohorts, Focus::Learners]
        } else {
            &[Focus::Programmes, Focus::Cohorts]
        };
        let weights: Vec<Constraint> = shown
            .iter()
            .map(|f| match f {
                Focus::Programmes => Constraint::Fill(2),
                Focus::Cohorts => Constraint::Fill(3),
                Focus::Learners => Constraint::Fill(3),
            })
            .collect();
        let areas = Layout::horizontal(weights).split(area);
        for (focus, area) in shown.iter().zip(areas.iter()) {
            match focus {
                Focus::Programmes => self.draw_programmes(frame, *area, view),
                Focus::Cohorts => self.draw_cohorts(frame, *area, view, wide),
                Focus::Learners => self.draw_learners(frame, *area, view, wide),
            }
        }
    }

    /// The list's title, marked when it has the keys.
    fn title(&self, focus: Focus, view: &View, key: &str) -> String {
        let marker = if self.focus == focus { "▸ " } else { "" };
        format!("{marker}{}", view.t(key))
    }

    fn draw_programmes(&self, frame: &mut Frame, area: Rect, view: &View) {
        let keys = ["tui.promos.programme", "tui.promos.cohort_count"];
        let widths = [Constraint::Fill(1), Constraint::Length(6)];
        let title = self.title(Focus::Programmes, view, "tui.promos.programmes");
        let header = (kit::header(view, &keys), &widths[..]);
        self.programmes
            .draw(frame, area, view, &title, header, |p| {
                Row::new(vec![clean(&p.name).into_owned(), p.cohorts.to_string()])
            });
    }

    fn draw_cohorts(&self, frame: &mut Frame, area: Rect, view: &View, wide: bool) {
        let mut keys = vec!["tui.promos.cohort", "tui.promos.learner_count"];
        let mut widths = vec![Constraint::Fill(1), Constraint::Length(11)];
        if wide {
            keys.extend(["tui.promos.start_short", "tui.promos.end_short"]);
            widths.extend([Constraint::Length(11), Constraint::Length(11)]);
        }
        let programme = self
            .shown_programme
            .as_deref()
            .map(clean)
            .unwrap_or_default();
        let title = self
            .title(Focus::Cohorts, view, "tui.promos.cohorts_of")
            .replace("{programme}", &programme);
        let header = (kit::header(view, &keys), &widths[..]);
        self.cohorts.draw(frame, area, view, &title, header, |c| {
            let mut cells = vec![clean(&c.name).into_owned(), c.learners.to_string()];
            if wide {
                cells.push(clean(kit::or_empty(&c.start_date)).into_owned());
                cells.push(clean(kit::or_empty(&c.end_date)).into_owned());
            }
            Row::new(cells)
        });
    }

    fn draw_learners(&self, frame: &mut Frame, area: Rect, view: &View, wide: bool) {
        let mut keys = vec!["tui.promos.login", "tui.promos.full_name"];
        let mut widths = vec![Constraint::Length(14), Constraint::Fill(1)];
        if wide {
            keys.push("tui.promos.email");
            widths.push(Constraint::Fill(1));
        }
        let cohort = self
            .cohorts
            .selected()
            .map(|c| clean(&c.name).into_owned())
            .unwrap_or_default();
        let title = self
            .title(Focus::Learners, view, "tui.promos.learners_of")
            .replace("{cohort}", &cohort);
        let header = (kit::header(view, &keys), &widths[..]);
        self.learners.draw(frame, area, view, &title, header, |r| {
            let mut cells = vec![
                clean(&r.user.login).into_owned(),
                clean(&r.user.full_name).into_owned(),
            ];
            if wide {
                cells.push(clean(kit::or_empty(&r.user.email)).into_owned());
            }
            Row::new(cells)
        });
    }
}

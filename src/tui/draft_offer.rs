//! The form a signal or the idle lock interrupted, offered back after
//! sign-in: Enter opens it again with its text, `d` throws it away (after
//! asking), Esc leaves it for later (it is offered again next time).

use super::pane::View;
use super::widgets::{centered, clean};
use crate::domain::draft::{Draft, DraftTarget};
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};
use ratatui::Frame;

pub struct DraftOffer {
    pub draft: Draft,
    confirm_discard: bool,
    scroll: u16,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OfferStep {
    Stay,
    Reopen,
    Discard,
    Later,
}

impl DraftOffer {
    pub fn new(draft: Draft) -> DraftOffer {
        DraftOffer {
            draft,
            confirm_discard: false,
            scroll: 0,
        }
    }

    /// Whether Enter can open the form again (a section's form can only be
    /// shown back: its text is there to be typed again).
    pub fn reopens(&self) -> bool {
        !matches!(self.draft.target, DraftTarget::Section)
    }

    pub fn on_key(&mut self, key: KeyEvent) -> OfferStep {
        if self.confirm_discard {
            self.confirm_discard = false;
            return match key.code {
                KeyCode::Char('y' | 'Y' | 'o' | 'O') | KeyCode::Enter => OfferStep::Discard,
                _ => OfferStep::Stay,
            };
        }
        match key.code {
            KeyCode::Enter if self.reopens() => OfferStep::Reopen,
            KeyCode::Char('d' | 'D') | KeyCode::Delete => {
                self.confirm_discard = true;
                OfferStep::Stay
            }
            KeyCode::Esc => OfferStep::Later,
            KeyCode::Down | KeyCode::Char('j') => {
                self.scroll = self.scroll.saturating_add(1);
                OfferStep::Stay
            }
            KeyCode::Up | KeyCode::Char('k') => {
                self.scroll = self.scroll.saturating_sub(1);
                OfferStep::Stay
            }
            _ => OfferStep::Stay,
        }
    }

    pub fn draw(&self, frame: &mut Frame, area: Rect, view: &View) {
        let popup = centered(
            area,
            area.width.saturating_sub(8).clamp(20, 90),
            area.height.saturating_sub(2),
        );
        frame.render_widget(Clear, popup);
        let block =
            crate::tui::widgets::boxed(view, format!(" {} ", view.t("tui.draft.title")), true);
        let inner = block.inner(popup);
        frame.render_widget(block, popup);
        let [text_area, keys_area] =
            Layout::vertical([Constraint::Min(1), Constraint::Length(2)]).areas(inner);
        frame.render_widget(
            Paragraph::new(self.lines(view))
                .wrap(Wrap { trim: false })
                .scroll((self.scroll, 0)),
            text_area,
        );
        let keys = if self.confirm_discard {
            "tui.draft.confirm_discard"
        } else if self.reopens() {
            "tui.draft.keys"
        } else {
            "tui.draft.keys_shown"
        };
        frame.render_widget(
            Paragraph::new(Span::styled(view.t(keys), view.theme.key)).wrap(Wrap { trim: true }),
            keys_area,
        );
    }

    /// What was kept, every line cleaned of terminal controls: the file
    /// is the person's own, but nothing read back reaches the screen raw.
    fn lines(&self, view: &View) -> Vec<Line<'static>> {
        let mut lines = vec![
            Line::from(view.i18n.with(
                "tui.draft.kept",
                &[
                    ("form", &clean(view.t(&self.draft.form))),
                    ("tab", &clean(view.t(&self.draft.tab))),
                    ("when", &view.datetime(self.draft.kept_at)),
                ],
            )),
            Line::from(""),
        ];
        for field in &self.draft.fields {
            lines.push(Line::from(Span::styled(
                clean(view.t(&field.label)).into_owned(),
                view.theme.title,
            )));
            lines.extend(
                field
                    .shown()
                    .split('\n')
                    .map(|l| Line::from(clean(l).into_owned())),
            );
            lines.push(Line::from(""));
        }
        lines
    }
}

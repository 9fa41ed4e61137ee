//! Colours. Every meaning carried by colour is also carried by a symbol or
//! by reverse video, so the monochrome theme (and colour-blind people) lose
//! nothing.

use crate::config::ThemeChoice;
use crate::domain::sla::Level;
use ratatui::style::{Color, Modifier, Style};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ThemeKind {
    Dark,
    Light,
    Mono,
}

#[derive(Clone, Debug)]
pub struct Theme {
    pub kind: ThemeKind,
    pub base: Style,
    pub dim: Style,
    pub title: Style,
    pub tab: Style,
    pub tab_active: Style,
    pub selected: Style,
    pub header: Style,
    pub status_bar: Style,
    pub key: Style,
    pub error: Style,
    pub info: Style,
    pub border: Style,
    pub focus_border: Style,
}

impl Theme {
    /// `auto` follows `NO_COLOR` (any non-empty value), as the convention asks.
    pub fn choose(choice: ThemeChoice, no_color: bool) -> Theme {
        match choice {
            ThemeChoice::Auto if no_color => Theme::of(ThemeKind::Mono),
            ThemeChoice::Auto | ThemeChoice::Dark => Theme::of(ThemeKind::Dark),
            ThemeChoice::Light => Theme::of(ThemeKind::Light),
            ThemeChoice::Mono => Theme::of(ThemeKind::Mono),
        }
    }

    pub fn from_env(choice: ThemeChoice) -> Theme {
        let no_color = std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        Theme::choose(choice, no_color)
    }

    pub fn of(kind: ThemeKind) -> Theme {
        let plain = Style::default();
        let bold = plain.add_modifier(Modifier::BOLD);
        let reverse = plain.add_modifier(Modifier::REVERSED);
        match kind {
            ThemeKind::Mono => Theme {
                kind,
                base: plain,
                dim: plain.add_modifier(Modifier::DIM),
                title: bold,
                tab: plain,
                tab_active: reverse.add_modifier(Modifier::BOLD),
                selected: reverse,
                header: bold.add_modifier(Modifier::UNDERLINED),
                status_bar: reverse,
                key: bold,
                error: bold,
                info: plain,
                border: plain,
                focus_border: bold,
            },
            ThemeKind::Dark | ThemeKind::Light => {
                let (fg, accent, muted) = if kind == ThemeKind::Dark {
                    (Color::Gray, Color::Cyan, Color::DarkGray)
                } else {
                    (Color::Black, Color::Blue, Color::Gray)
                };
                Theme {
                    kind,
                    base: plain.fg(fg),
                    dim: plain.fg(muted),
                    title: bold.fg(accent),
                    tab: plain.fg(fg),
                    tab_active: bold.fg(Color::Black).bg(accent),
                    selected: reverse.add_modifier(Modifier::BOLD),
                    header: bold.fg(accent),
                    status_bar: plain.fg(Color::Black).bg(muted),
                    key: bold.fg(accent),
                    error: bold.fg(Color::Red),
                    info: plain.fg(Color::Green),
                    border: plain.fg(muted),
                    focus_border: plain.fg(accent),
                }
            }
        }
    }

    /// The style of an urgency level; the level's symbol goes with it.
    pub fn level(&self, level: Level) -> Style {
        if self.kind == ThemeKind::Mono {
            return match level {
                Level::Overdue | Level::Urgent => self.title,
                _ => self.base,
            };
        }
        let colour = match level {
            Level::Ok => Color::Green,
            Level::Soon => Color::Yellow,
            Level::Urgent => Color::LightRed,
            Level::Overdue => Color::Red,
        };
        let style = Style::default().fg(colour);
        if level == Level::Overdue {
            style.add_modifier(Modifier::BOLD)
        } else {
            style
        }
    }
}

/// The symbol of an urgency level, so colour is never the only sign.
pub fn level_symbol(level: Level) -> &'static str {
    match level {
        Level::Ok => "·",
        Level::Soon => "◔",
        Level::Urgent => "◑",
        Level::Overdue => "●",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_gives_the_monochrome_theme_unless_one_is_chosen() {
        assert_eq!(Theme::choose(ThemeChoice::Auto, true).kind, ThemeKind::Mono);
        assert_eq!(
            Theme::choose(ThemeChoice::Auto, false).kind,
            ThemeKind::Dark
        );
        assert_eq!(
            Theme::choose(ThemeChoice::Light, true).kind,
            ThemeKind::Light
        );
        let mono = Theme::of(ThemeKind::Mono);
        assert!(mono.selected.add_modifier.contains(Modifier::REVERSED));
        assert_eq!(mono.selected.fg, None);
    }
}

//! Entering and leaving full-screen mode. The terminal is restored on every
//! way out: the guard's drop (quit, error, signal) and the panic hook. The
//! screen is cleared first, so nothing of the session stays visible.

use ratatui::backend::CrosstermBackend;
use ratatui::crossterm::event::{DisableMouseCapture, EnableMouseCapture};
use ratatui::crossterm::terminal::{
    disable_raw_mode, enable_raw_mode, Clear, ClearType, EnterAlternateScreen, LeaveAlternateScreen,
};
use ratatui::crossterm::{cursor, execute};
use ratatui::Terminal;
use std::io::{stdout, Stdout};

pub type Term = Terminal<CrosstermBackend<Stdout>>;

pub struct Guard {
    mouse: bool,
}

impl Guard {
    pub fn enter(mouse: bool) -> std::io::Result<(Guard, Term)> {
        install_panic_hook(mouse);
        enable_raw_mode()?;
        let guard = Guard { mouse };
        execute!(stdout(), EnterAlternateScreen, Clear(ClearType::All))?;
        if mouse {
            execute!(stdout(), EnableMouseCapture)?;
        }
        let terminal = Terminal::new(CrosstermBackend::new(stdout()))?;
        Ok((guard, terminal))
    }
}

impl Drop for Guard {
    fn drop(&mut self) {
        restore(self.mouse);
    }
}

/// Clears the alternate screen (terminals without one would otherwise keep
/// the last frame), then gives the terminal back as it was. Errors are
/// ignored: after an ssh drop there is nobody to write to.
pub fn restore(mouse: bool) {
    let mut out = stdout();
    let _ = execute!(out, Clear(ClearType::All), cursor::MoveTo(0, 0));
    if mouse {
        let _ = execute!(out, DisableMouseCapture);
    }
    let _ = execute!(out, LeaveAlternateScreen, cursor::Show);
    let _ = disable_raw_mode();
}

fn install_panic_hook(mouse: bool) {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore(mouse);
        previous(info);
    }));
}

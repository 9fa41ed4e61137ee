//! The full-screen dashboard (`guichet` with no subcommand). It calls the
//! same services as the command line and never checks a permission or
//! touches SQL itself.
//!
//! One channel of [`event::Event`]s drives [`app::App`]; `frame::draw`
//! renders from its state alone. Keys are data ([`keymap`]) naming one
//! [`action::Action`] each; tabs are listed in [`tabs::TABS`].

pub mod action;
pub mod app;
pub mod background;
mod draft_offer;
pub mod event;
pub mod frame;
pub mod gate;
pub mod job;
pub mod keymap;
mod named;
pub mod pages;
pub mod pane;
pub mod panes;
pub mod tabs;
mod terminal;
pub mod testing;
pub mod theme;
pub mod widgets;

use crate::config::Config;
use crate::domain::Msg;
use crate::i18n::{self, I18n};
use crate::service::{worker::Worker, Service};
use app::{App, Launch, Looks};
use std::sync::mpsc;
use std::time::Duration;

/// The look and keys the configuration asks for; conflicting or unreadable
/// bindings are refused here, before the screen changes.
pub fn looks_from(config: &Config) -> Result<Looks, Vec<Msg>> {
    let keys = keymap::Keymap::new(&config.keys)?;
    Ok(Looks {
        i18n: I18n::new(i18n::resolve(config.ui.language)).with_currency(config.currency()),
        theme: theme::Theme::from_env(config.ui.theme),
        keys,
        tz: config.timezone(),
        idle_lock_secs: i64::from(config.ui.idle_lock_minutes) * 60,
        mouse: config.ui.mouse,
    })
}

/// Runs the dashboard until the person quits or a signal arrives; the
/// signal's number, if one ended it.
pub fn run(service: Service, launch: Launch, looks: Looks) -> std::io::Result<Option<i32>> {
    let (tx, rx) = mpsc::channel();
    let interval = Duration::from_secs(launch.reopen.settings.urgency_interval_secs);
    // The worker keeps urgency current with its own connection; its writes
    // reach the screen through the data version, like anyone else's.
    let mut worker = launch
        .reopen
        .open()
        .ok()
        .and_then(|s| Worker::spawn(s, interval).ok());
    if let Some(worker) = worker.as_mut() {
        // Its reports go to the one event channel; left unread, they would
        // pile up for as long as the dashboard stays open.
        let reports = std::mem::replace(&mut worker.events, mpsc::channel().1);
        event::forward_worker(reports, tx.clone())?;
    }
    let mouse = looks.mouse;
    let mut app = App::new(service, launch, looks, tx.clone());
    event::spawn_signals(tx.clone())?;
    let (_guard, mut terminal) = terminal::Guard::enter(mouse)?;
    event::spawn_input(tx.clone())?;
    event::spawn_ticker(tx.clone())?;
    while !app.quit {
        terminal.draw(|f| frame::draw(&app, f))?;
        let Ok(first) = rx.recv() else { break };
        app.handle(first);
        // Take whatever else is waiting before drawing again, so a burst
        // of keys (a paste, a held arrow) costs one frame.
        while let Ok(next) = rx.try_recv() {
            app.handle(next);
            if app.quit {
                break;
            }
        }
    }
    // Nothing of the session may stay on screen or in scrollback: the
    // session's data goes, and the guard clears the screen as it leaves.
    // (Not `terminal.clear()`: it asks the terminal for the cursor, whose
    // answer the input thread would swallow.)
    app.lock();
    terminal.draw(|f| frame::draw(&app, f))?;
    drop(worker);
    Ok(app.stopped_by)
}

//! One channel carries everything the dashboard reacts to: keys and mouse
//! from the terminal, a tick for the clock and for noticing other processes'
//! changes, signals, finished background jobs and the urgency worker.

use crate::service::{self, worker::WorkerEvent, Actor};
use ratatui::crossterm::event::{self as term, KeyEvent, MouseEvent};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// How often the visible pane checks whether the file changed: well under
/// the one second the dashboard promises.
pub const TICK: Duration = Duration::from_millis(250);

pub enum Event {
    Key(KeyEvent),
    Mouse(MouseEvent),
    Resize,
    Tick,
    /// SIGTERM or SIGHUP (its number): keep the open form as a draft,
    /// restore the terminal and leave with status 128 + the number.
    Signal(i32),
    /// A sign-in or first-admin creation finished (bcrypt runs off the UI
    /// thread).
    SignedIn(service::Result<Actor>),
    Worker(WorkerEvent),
    /// A pane's background read or job has its answer
    /// ([`super::background`], [`super::job`]).
    Background,
    /// A long job got further ([`super::job`]).
    Progress(super::job::JobProgress),
}

/// Reads the terminal on its own thread until the receiver is gone.
pub fn spawn_input(tx: Sender<Event>) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("input".into())
        .spawn(move || loop {
            let event = match term::read() {
                Ok(term::Event::Key(k)) if k.kind != term::KeyEventKind::Release => Event::Key(k),
                Ok(term::Event::Mouse(m)) => Event::Mouse(m),
                Ok(term::Event::Resize(..)) => Event::Resize,
                Ok(_) => continue,
                // The terminal is gone (ssh dropped): leave as on SIGHUP.
                Err(_) => Event::Signal(signal_hook::consts::SIGHUP),
            };
            if tx.send(event).is_err() {
                return;
            }
        })?;
    Ok(())
}

pub fn spawn_ticker(tx: Sender<Event>) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("tick".into())
        .spawn(move || loop {
            std::thread::sleep(TICK);
            if tx.send(Event::Tick).is_err() {
                return;
            }
        })?;
    Ok(())
}

/// SIGTERM and SIGHUP become an event, so the main loop restores the
/// terminal on its way out instead of dying in raw mode.
pub fn spawn_signals(tx: Sender<Event>) -> std::io::Result<()> {
    use signal_hook::consts::{SIGHUP, SIGTERM};
    let mut signals = signal_hook::iterator::Signals::new([SIGTERM, SIGHUP])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            if let Some(signal) = signals.forever().next() {
                let _ = tx.send(Event::Signal(signal));
            }
        })?;
    Ok(())
}

/// Passes the urgency worker's reports on to the main channel.
pub fn forward_worker(
    events: std::sync::mpsc::Receiver<WorkerEvent>,
    tx: Sender<Event>,
) -> std::io::Result<()> {
    std::thread::Builder::new()
        .name("worker-events".into())
        .spawn(move || {
            for event in events {
                if tx.send(Event::Worker(event)).is_err() {
                    return;
                }
            }
        })?;
    Ok(())
}

//! Reads a pane hands to a thread of its own, so that no frame waits for
//! them: the search as you type in the Tickets list, whose worst case (a
//! word that matches much of a big site and never meets the other words)
//! costs several milliseconds at a million tickets.
//!
//! The thread has its own connection (one per thread), reads as the same
//! actor through the same services, and answers only the newest request:
//! requests that queue up while it works are dropped unread. Each answer
//! wakes the main loop with [`Event::Background`]; the pane then takes it.

use super::event::Event;
use crate::service::{self, Actor, Reopen, Service};
use std::sync::mpsc::{self, Receiver, Sender};

/// What a pane needs to start a background reader: how to open the file
/// again, and the main loop's channel.
#[derive(Clone, Copy)]
pub struct Spawner<'a> {
    pub reopen: &'a Reopen,
    pub events: &'a Sender<Event>,
}

/// A read run by a background thread, as that thread's service.
pub type Job<Q, T> = fn(&Service, &Actor, &Q) -> service::Result<T>;

/// An answer: the request it answers, and what the job gave.
pub type Answer<Q, T> = (Q, service::Result<T>);

pub struct Background<Q, T> {
    requests: Sender<(u64, Q)>,
    answers: Receiver<(u64, Answer<Q, T>)>,
    /// The number of the newest request, and whether it is still unanswered.
    newest: u64,
    waiting: bool,
}

impl<Q: Send + 'static, T: Send + 'static> Background<Q, T> {
    /// Starts the thread. It ends when this value is dropped (a lock or a
    /// sign-out drops the panes) once its current read is over.
    pub fn start(spawner: Spawner, actor: &Actor, job: Job<Q, T>) -> std::io::Result<Self> {
        let (requests, inbox) = mpsc::channel::<(u64, Q)>();
        let (outbox, answers) = mpsc::channel();
        let reopen = spawner.reopen.clone();
        let events = spawner.events.clone();
        let actor = actor.clone();
        std::thread::Builder::new()
            .name("pane-reader".into())
            .spawn(move || serve(&reopen, &actor, job, &inbox, &outbox, &events))?;
        Ok(Background {
            requests,
            answers,
            newest: 0,
            waiting: false,
        })
    }

    /// Asks for `query`; an answer to an older request will not be given.
    /// Gives the query back if the thread is gone.
    pub fn request(&mut self, query: Q) -> Result<(), Q> {
        self.newest += 1;
        match self.requests.send((self.newest, query)) {
            Ok(()) => {
                self.waiting = true;
                Ok(())
            }
            Err(mpsc::SendError((_, query))) => {
                self.waiting = false;
                Err(query)
            }
        }
    }

    /// The answer to the newest request, once it is there.
    pub fn take(&mut self) -> Option<Answer<Q, T>> {
        let mut found = None;
        while let Ok((number, answer)) = self.answers.try_recv() {
            if number == self.newest {
                found = Some(answer);
            }
        }
        if found.is_some() {
            self.waiting = false;
        }
        found
    }

    /// A request is out and its answer has not been taken yet.
    pub fn waiting(&self) -> bool {
        self.waiting
    }
}

fn serve<Q, T>(
    reopen: &Reopen,
    actor: &Actor,
    job: Job<Q, T>,
    inbox: &Receiver<(u64, Q)>,
    outbox: &Sender<(u64, Answer<Q, T>)>,
    events: &Sender<Event>,
) {
    let mut opened: Option<Service> = None;
    while let Ok(mut request) = inbox.recv() {
        // Keys typed while the last read ran: only the newest counts.
        while let Ok(newer) = inbox.try_recv() {
            request = newer;
        }
        let (number, query) = request;
        if opened.is_none() {
            // Opened on the first request, not at start: a pane that never
            // searches costs no connection.
            match reopen.open() {
                Ok(service) => opened = Some(service),
                Err(e) => {
                    let _ = outbox.send((number, (query, Err(e))));
                    let _ = events.send(Event::Background);
                    continue;
                }
            }
        }
        let Some(service) = &opened else { continue };
        let result = job(service, actor, &query);
        if outbox.send((number, (query, result))).is_err()
            || events.send(Event::Background).is_err()
        {
            return;
        }
    }
}

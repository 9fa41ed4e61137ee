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
use std::sync::Arc;
use std::time::{Duration, Instant};

/// What a pane needs to start a background reader: how to open the file
/// again, the main loop's channel, and how background work is tuned.
#[derive(Clone, Copy)]
pub struct Spawner<'a> {
    pub reopen: &'a Reopen,
    pub events: &'a Sender<Event>,
    pub tuning: &'a Tuning,
}

/// Called on a background thread before each read and each step of a
/// job. Only tests set one, to hold a read back for as long as they need
/// (a deliberately slow reader) without a sleep in the program.
pub type StepHook = Arc<dyn Fn() + Send + Sync>;

/// How background reads and jobs run; the defaults suit production.
#[derive(Clone)]
pub struct Tuning {
    pub hook: Option<StepHook>,
    /// Audit ids a filter scan reads per step (it reports progress and
    /// may be cancelled between two steps).
    pub scan_chunk: i64,
    /// The clock the readers' services read, the UI's in tests (a fixed
    /// or moving one); None: the system's, as in production.
    pub clock: Option<service::SharedClock>,
}

impl Default for Tuning {
    fn default() -> Tuning {
        Tuning {
            hook: None,
            // About 10 ms of scanning at 6M entries: a cancelled scan stops
            // at once, and progress moves visibly.
            scan_chunk: 50_000,
            clock: None,
        }
    }
}

impl Tuning {
    pub(super) fn step(&self) {
        if let Some(hook) = &self.hook {
            hook();
        }
    }
}

/// How long a read may take before its pane says it is loading.
pub const SLOW: Duration = Duration::from_millis(100);

/// Whether a read sent at `sent` has been out longer than [`SLOW`] at
/// `now` (the frame's monotonic instant).
pub fn slow(sent: Option<Instant>, now: Instant) -> bool {
    sent.is_some_and(|sent| now.saturating_duration_since(sent) > SLOW)
}

/// A read run by a background thread, as that thread's service.
pub type Job<Q, T> = fn(&Service, &Actor, &Q) -> service::Result<T>;

/// An answer: the request it answers, and what the job gave.
pub type Answer<Q, T> = (Q, service::Result<T>);

pub struct Background<Q, T> {
    requests: Sender<(u64, Q)>,
    answers: Receiver<(u64, Answer<Q, T>)>,
    /// The number of the newest request, and when it was sent while it is
    /// still unanswered.
    newest: u64,
    sent: Option<Instant>,
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
        let tuning = spawner.tuning.clone();
        std::thread::Builder::new()
            .name("pane-reader".into())
            .spawn(move || {
                let ends = Ends {
                    inbox: &inbox,
                    outbox: &outbox,
                    events: &events,
                };
                serve(&reopen, &actor, job, &tuning, &ends);
            })?;
        Ok(Background {
            requests,
            answers,
            newest: 0,
            sent: None,
        })
    }

    /// Asks for `query`; an answer to an older request will not be given.
    /// Gives the query back if the thread is gone.
    pub fn request(&mut self, query: Q) -> Result<(), Q> {
        self.newest += 1;
        match self.requests.send((self.newest, query)) {
            Ok(()) => {
                self.sent = Some(Instant::now());
                Ok(())
            }
            Err(mpsc::SendError((_, query))) => {
                self.sent = None;
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
            self.sent = None;
        }
        found
    }

    /// A request is out and its answer has not been taken yet.
    pub fn waiting(&self) -> bool {
        self.sent.is_some()
    }

    /// When the unanswered request was sent, for the pane's "loading".
    pub fn sent(&self) -> Option<Instant> {
        self.sent
    }
}

/// The reader thread's channels.
struct Ends<'a, Q, T> {
    inbox: &'a Receiver<(u64, Q)>,
    outbox: &'a Sender<(u64, Answer<Q, T>)>,
    events: &'a Sender<Event>,
}

fn serve<Q, T>(reopen: &Reopen, actor: &Actor, job: Job<Q, T>, tuning: &Tuning, ends: &Ends<Q, T>) {
    let Ends {
        inbox,
        outbox,
        events,
    } = ends;
    let mut opened: Option<Service> = None;
    while let Ok(mut request) = inbox.recv() {
        tuning.step();
        // Keys typed while the last read ran: only the newest counts.
        while let Ok(newer) = inbox.try_recv() {
            request = newer;
        }
        let (number, query) = request;
        if opened.is_none() {
            // Opened on the first request, not at start: a pane that never
            // searches costs no connection.
            match reopen.open_at(tuning.clock.as_ref()) {
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

/// A pane's reader of one kind of read: its thread starts on the first
/// request, and a read is made in place only if that thread could not
/// start or has gone (the pane then gets its answer at once).
pub struct Reader<Q, T> {
    job: Job<Q, T>,
    reader: Option<Background<Q, T>>,
}

impl<Q: Send + 'static, T: Send + 'static> Reader<Q, T> {
    pub fn new(job: Job<Q, T>) -> Reader<Q, T> {
        Reader { job, reader: None }
    }

    /// Asks for `query`; Some only when it had to be read here.
    pub fn ask(&mut self, query: Q, cx: &super::pane::Cx) -> Option<Answer<Q, T>> {
        if self.reader.is_none() {
            self.reader = Background::start(cx.spawner, cx.actor, self.job).ok();
        }
        let query = match &mut self.reader {
            Some(reader) => match reader.request(query) {
                Ok(()) => return None,
                Err(query) => query,
            },
            None => query,
        };
        self.reader = None;
        let read = (self.job)(cx.service, cx.actor, &query);
        Some((query, read))
    }

    /// The answer to the newest request, once it is there.
    pub fn take(&mut self) -> Option<Answer<Q, T>> {
        self.reader.as_mut().and_then(Background::take)
    }

    pub fn waiting(&self) -> bool {
        self.reader.as_ref().is_some_and(Background::waiting)
    }

    /// The request has been out longer than a frame should wait.
    pub fn loading(&self, now: Instant) -> bool {
        slow(self.reader.as_ref().and_then(Background::sent), now)
    }
}

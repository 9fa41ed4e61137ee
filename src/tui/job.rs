//! The shape of a long job (a filter scan far back in the audit log today;
//! exports, reports, PDF and mail next): a thread of its own, with its own
//! connection, that works in steps, reports how far it got on the event
//! channel after each one, and stops at the next step once its handle is
//! dropped or cancelled. Plain threads and channels, nothing more.

use super::background::{Spawner, Tuning};
use super::event::Event;
use crate::service::{self, Actor, Service};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::sync::Arc;
use std::time::Instant;

/// Which job a progress report is about: numbers are never reused in a
/// process, so a late report of a replaced job matches no handle.
pub type JobId = u64;

static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// How far a job got: `done` out of `total` units (ids scanned, rows
/// written…), as the job counts them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JobProgress {
    pub job: JobId,
    pub done: u64,
    pub total: u64,
}

/// What a running job is given: its service and actor, and a way to
/// report and to learn whether it should stop.
pub struct Step<'a> {
    pub service: &'a Service,
    pub actor: &'a Actor,
    id: JobId,
    cancelled: &'a AtomicBool,
    events: &'a Sender<Event>,
    tuning: &'a Tuning,
    /// The last percentage reported: a job of thousands of steps wakes
    /// the main loop a hundred times at most.
    reported: Cell<Option<u64>>,
}

/// The job was cancelled: it ends without an answer.
#[derive(Debug)]
pub struct Cancelled;

impl Step<'_> {
    /// Reports progress; Err once the job should stop (call it between two
    /// steps and return at once on Err).
    pub fn report(&self, done: u64, total: u64) -> Result<(), Cancelled> {
        self.tuning.step();
        if self.cancelled.load(Ordering::Relaxed) {
            return Err(Cancelled);
        }
        let percent = done.min(total).saturating_mul(100).checked_div(total);
        if percent.is_some() && self.reported.replace(percent) == percent {
            return Ok(());
        }
        let progress = JobProgress {
            job: self.id,
            done,
            total,
        };
        self.events
            .send(Event::Progress(progress))
            .map_err(|_| Cancelled)
    }

    pub fn tuning(&self) -> &Tuning {
        self.tuning
    }
}

/// What a job ends with: its answer, cancelled, or the service's error.
pub type Outcome<T> = Result<service::Result<T>, Cancelled>;

/// A running job. Dropping it cancels the job.
pub struct JobHandle<T> {
    pub id: JobId,
    cancelled: Arc<AtomicBool>,
    answer: Receiver<service::Result<T>>,
    /// When it started, for the pane's "loading", and its last report.
    pub started: Instant,
    pub progress: Option<JobProgress>,
}

impl<T: Send + 'static> JobHandle<T> {
    /// Starts `work` on its own thread and connection. Its answer wakes the
    /// main loop with [`Event::Background`].
    pub fn start<F>(spawner: Spawner, actor: &Actor, work: F) -> std::io::Result<JobHandle<T>>
    where
        F: FnOnce(&Step) -> Outcome<T> + Send + 'static,
    {
        let id = NEXT_ID.fetch_add(1, Ordering::Relaxed);
        let cancelled = Arc::new(AtomicBool::new(false));
        let (outbox, answer) = mpsc::channel();
        let reopen = spawner.reopen.clone();
        let events = spawner.events.clone();
        let tuning = spawner.tuning.clone();
        let actor = actor.clone();
        let flag = Arc::clone(&cancelled);
        std::thread::Builder::new()
            .name("job".into())
            .spawn(move || {
                let result = match reopen.open_at(tuning.clock.as_ref()) {
                    Err(e) => Err(e),
                    Ok(service) => {
                        let step = Step {
                            service: &service,
                            actor: &actor,
                            id,
                            cancelled: &flag,
                            events: &events,
                            tuning: &tuning,
                            reported: Cell::new(None),
                        };
                        match work(&step) {
                            Ok(result) => result,
                            Err(Cancelled) => return,
                        }
                    }
                };
                if !flag.load(Ordering::Relaxed) && outbox.send(result).is_ok() {
                    let _ = events.send(Event::Background);
                }
            })?;
        Ok(JobHandle {
            id,
            cancelled,
            answer,
            started: Instant::now(),
            progress: None,
        })
    }

    /// Keeps a report if it is this job's.
    pub fn note(&mut self, progress: &JobProgress) {
        if progress.job == self.id {
            self.progress = Some(*progress);
        }
    }

    /// The answer, once the job is over.
    pub fn take(&mut self) -> Option<service::Result<T>> {
        self.answer.try_recv().ok()
    }

    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }
}

impl<T> Drop for JobHandle<T> {
    fn drop(&mut self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }
}

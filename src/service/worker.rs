//! The background urgency worker: one plain thread with its own connection
//! (its own `Service`), a pass every `interval`, its reports on a channel.
//! It never touches the caller's connection, so the UI thread never waits
//! on it, and it stops as soon as it is told to (or its owner is dropped).

use super::urgency::PassReport;
use super::Service;
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::thread::JoinHandle;
use std::time::Duration;

/// What the worker reports after each pass that did something.
#[derive(Debug)]
pub enum WorkerEvent {
    Pass(PassReport),
    /// A pass failed (the file busy beyond the timeout, say); the worker
    /// carries on and tries again at the next interval.
    Failed(super::Error),
}

pub struct Worker {
    stop: Option<Sender<()>>,
    thread: Option<JoinHandle<()>>,
    pub events: Receiver<WorkerEvent>,
}

impl Worker {
    /// Starts the worker on `service`, which must have its own connection.
    /// The first pass runs at once.
    pub fn spawn(mut service: Service, interval: Duration) -> std::io::Result<Worker> {
        let (stop_tx, stop_rx) = mpsc::channel::<()>();
        let (events_tx, events) = mpsc::channel();
        let thread = std::thread::Builder::new()
            .name("urgency-worker".into())
            .spawn(move || loop {
                let mut events = Vec::new();
                match service.urgency_pass() {
                    Ok(report) if report.is_empty() => {}
                    Ok(report) => events.push(WorkerEvent::Pass(report)),
                    Err(e) => events.push(WorkerEvent::Failed(e)),
                }
                if let Err(e) = log_head_daily(&mut service) {
                    events.push(WorkerEvent::Failed(e));
                }
                for event in events {
                    if let WorkerEvent::Failed(e) = &event {
                        log_failure(e);
                    }
                    if events_tx.send(event).is_err() {
                        return;
                    }
                }
                match stop_rx.recv_timeout(interval) {
                    Err(RecvTimeoutError::Timeout) => continue,
                    Ok(()) | Err(RecvTimeoutError::Disconnected) => return,
                }
            })?;
        Ok(Worker {
            stop: Some(stop_tx),
            thread: Some(thread),
            events,
        })
    }

    /// Asks the worker to stop and waits for it: at most the end of the
    /// pass under way.
    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        drop(self.stop.take());
        if let Some(thread) = self.thread.take() {
            // A worker that panicked has nothing left to clean up.
            let _ = thread.join();
        }
    }
}

/// The day's line of the audit head in the error log, when this process
/// has one (see `Service::log_audit_head_daily`).
pub fn log_head_daily(service: &mut Service) -> super::Result<Option<super::audit::Anchor>> {
    if !crate::errlog::is_on() {
        return Ok(None);
    }
    service.log_audit_head_daily(&crate::errlog::write_head)
}

/// A failed pass goes to the error log, whichever front end runs the
/// worker (the dashboard shows none of them).
fn log_failure(error: &super::Error) {
    let detail = crate::errlog::chain(error);
    tracing::error!(front = "worker", detail, "urgency pass failed");
}

impl Drop for Worker {
    fn drop(&mut self) {
        self.shut_down();
    }
}

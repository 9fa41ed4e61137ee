//! A [`PagedList`]'s next pages read off the UI thread. A move runs at
//! once on the pages held; when it needs one more, the page is asked of a
//! background reader and the move is made again when it lands (the page
//! then answers from here). The newest move wins: keys pressed while a
//! page is out replace the move waiting for it.

use super::background::{slow, Background, Job};
use super::pane::Cx;
use super::widgets::paged::{PagedList, PAGE};
use crate::domain::Msg;
use crate::service;
use std::time::Instant;

/// One page to read: the query it belongs to, after which row, how many.
pub struct PageAsk<Q, C> {
    pub query: Q,
    pub after: Option<C>,
    pub limit: u32,
}

/// What a list can be asked to do.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    By(isize),
    Page {
        down: bool,
    },
    Top,
    Bottom,
    /// Read the held pages again (the data changed).
    Reload,
    /// Start again from the first row.
    Reset,
}

impl Move {
    /// The move a list action asks for (the `list` layer's six).
    pub fn of(action: crate::tui::action::Action) -> Option<Move> {
        use crate::tui::action::Action;
        Some(match action {
            Action::Up => Move::By(-1),
            Action::Down => Move::By(1),
            Action::PageUp => Move::Page { down: false },
            Action::PageDown => Move::Page { down: true },
            Action::Top => Move::Top,
            Action::Bottom => Move::Bottom,
            _ => return None,
        })
    }
}

pub struct PageReader<Q, T, C> {
    job: Job<PageAsk<Q, C>, Vec<T>>,
    reader: Option<Background<PageAsk<Q, C>, Vec<T>>>,
    /// The page read for the waiting move, until that move takes it.
    ready: Option<(Option<C>, u32, Vec<T>)>,
    waiting: Option<Move>,
}

impl<Q, T, C> PageReader<Q, T, C>
where
    Q: Clone + Send + 'static,
    T: Send + 'static,
    C: Clone + PartialEq + Send + 'static,
{
    pub fn new(job: Job<PageAsk<Q, C>, Vec<T>>) -> PageReader<Q, T, C> {
        PageReader {
            job,
            reader: None,
            ready: None,
            waiting: None,
        }
    }

    /// Makes `mv` on `list` now if its pages are held, else once the page
    /// it needs is read. True if the list changed now.
    pub fn run(&mut self, list: &mut PagedList<T, C>, mv: Move, query: &Q, cx: &mut Cx) -> bool {
        let first = (None, PAGE as u32);
        let first_ready = matches!(&self.ready, Some((None, n, _)) if *n == first.1);
        if mv == Move::Reset && !first_ready {
            // The rows shown stay until the first page is read: a list
            // started again never flashes empty meanwhile.
            return self.ask(list, mv, query, first, cx);
        }
        let mut missed = None;
        let ready = &mut self.ready;
        let mut fetch = |after: Option<&C>, limit: u32| match ready.take() {
            Some((at, n, rows)) if at.as_ref() == after && n == limit => Ok(rows),
            _ => {
                missed = Some((after.cloned(), limit));
                // Never shown: the move waits for the page instead.
                Err(service::Error::Conflict(Msg::new("tui.list.loading")))
            }
        };
        let result = match mv {
            Move::By(delta) => list.move_by(delta, &mut fetch),
            Move::Page { down } => list.page(down, &mut fetch),
            Move::Top => list.top(&mut fetch),
            Move::Bottom => list.bottom(&mut fetch),
            Move::Reload => list.reload(&mut fetch),
            Move::Reset => list.reset(&mut fetch),
        };
        let Some(missed) = missed else {
            // A move within the held pages does not void a reload that is
            // out: the data changed, the rows must be read again.
            if !matches!(self.waiting, Some(Move::Reload | Move::Reset)) || mv == Move::Reload {
                self.waiting = None;
            }
            cx.attempt(result);
            return true;
        };
        self.ask(list, mv, query, missed, cx)
    }

    /// Asks for the page `mv` needs; it is made when the page lands (at
    /// once, read here, if the reader's thread is gone). True if the list
    /// changed now.
    fn ask(
        &mut self,
        list: &mut PagedList<T, C>,
        mv: Move,
        query: &Q,
        (after, limit): (Option<C>, u32),
        cx: &mut Cx,
    ) -> bool {
        let ask = PageAsk {
            query: query.clone(),
            after,
            limit,
        };
        if self.reader.is_none() {
            self.reader = Background::start(cx.spawner, cx.actor, self.job).ok();
        }
        let ask = match &mut self.reader {
            Some(reader) => match reader.request(ask) {
                Ok(()) => {
                    self.waiting = Some(mv);
                    return false;
                }
                Err(ask) => ask,
            },
            None => ask,
        };
        // No thread: read the page here and make the move with it.
        self.reader = None;
        let read = (self.job)(cx.service, cx.actor, &ask);
        self.land(list, ask, read, cx)
    }

    /// Makes the waiting move once its page is read. True if the list
    /// changed.
    pub fn collect(&mut self, list: &mut PagedList<T, C>, cx: &mut Cx) -> bool {
        match self.reader.as_mut().and_then(Background::take) {
            Some((ask, read)) => self.land(list, ask, read, cx),
            None => false,
        }
    }

    fn land(
        &mut self,
        list: &mut PagedList<T, C>,
        ask: PageAsk<Q, C>,
        read: service::Result<Vec<T>>,
        cx: &mut Cx,
    ) -> bool {
        let Some(mv) = self.waiting.take() else {
            return false;
        };
        match read {
            Ok(rows) => {
                self.ready = Some((ask.after, ask.limit, rows));
                let query = ask.query;
                self.run(list, mv, &query, cx)
            }
            Err(e) => {
                cx.fail(&e);
                false
            }
        }
    }

    /// Forgets the waiting move (a new query replaces the list).
    pub fn forget(&mut self) {
        self.waiting = None;
        self.ready = None;
    }

    pub fn waiting(&self) -> bool {
        self.reader.as_ref().is_some_and(Background::waiting)
    }

    /// A page has been out longer than a frame should wait.
    pub fn loading(&self, now: Instant) -> bool {
        self.waiting.is_some() && slow(self.reader.as_ref().and_then(Background::sent), now)
    }
}

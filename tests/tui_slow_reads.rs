//! No pane read runs on the UI thread: with a deliberately slow reader (a
//! test hook that holds every background read and job step until the test
//! lets it go), frames keep coming, keys are handled, the pane says it is
//! loading after 100 ms, and the newest request's answer is the one shown.
//! Tickets, Logs, an Admin section, Urgency and the notifications overlay.

mod support;

use guichet::service::tickets::TicketFilter;
use guichet::tui::app::Screen;
use guichet::tui::background::Tuning;
use guichet::tui::testing::{Harness, Setup};
use ratatui::crossterm::event::KeyCode;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};
use support::tui::{actor, demo_file, first_login};

/// Holds background threads at each read or step while shut; `allow`
/// lets a number of them through. Counts the steps that went through.
#[derive(Default)]
struct Valve {
    state: Mutex<(Option<u64>, u64)>,
    moved: Condvar,
}

impl Valve {
    /// Open: every step goes through (None), else that many more.
    fn set(&self, permits: Option<u64>) {
        self.state.lock().unwrap().0 = permits;
        self.moved.notify_all();
    }

    fn passed(&self) -> u64 {
        self.state.lock().unwrap().1
    }

    fn step(&self) {
        let mut state = self.state.lock().unwrap();
        while state.0 == Some(0) {
            state = self.moved.wait(state).unwrap();
        }
        if let Some(n) = &mut state.0 {
            *n -= 1;
        }
        state.1 += 1;
    }
}

fn demo(dir: &Path) -> (PathBuf, String, String) {
    let path = dir.join("slow.db");
    let summary = demo_file(&path, 300);
    let admin = first_login(&summary.logins, "admin");
    (path, admin, summary.password)
}

fn slow_harness(path: &Path, valve: &Arc<Valve>, scan_chunk: i64) -> Harness {
    slow_harness_with(path, valve, scan_chunk, Setup::default())
}

/// `base` with the screen wide and every background read held by `valve`.
fn slow_harness_with(path: &Path, valve: &Arc<Valve>, scan_chunk: i64, base: Setup) -> Harness {
    let hook = Arc::clone(valve);
    let setup = Setup {
        size: (160, 48),
        tuning: Tuning {
            hook: Some(Arc::new(move || hook.step())),
            scan_chunk,
            ..Tuning::default()
        },
        ..base
    };
    Harness::open(path, setup)
}

fn actor_of(h: &Harness) -> guichet::service::Actor {
    match &h.app.screen {
        Screen::Main(s) => s.actor.clone(),
        Screen::Gate(_) => panic!("not signed in"),
    }
}

/// Draws frames (applying what came meanwhile) until one satisfies
/// `done`; each frame must come at once although the read is held.
fn poll_frames(h: &mut Harness, what: &str, done: impl Fn(&str) -> bool) -> String {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let start = Instant::now();
        let screen = h.pump().screen();
        assert!(start.elapsed() < Duration::from_secs(2), "a frame waited");
        if done(&screen) {
            return screen;
        }
        assert!(Instant::now() < deadline, "never saw {what}:\n{screen}");
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// The right part of the screen, where the preview is drawn when wide.
fn preview_part(screen: &str) -> String {
    screen
        .lines()
        .map(|l| l.chars().skip(97).collect::<String>())
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn moving_the_selection_reads_the_preview_off_the_frame_and_the_newest_wins() {
    let dir = tempfile::tempdir().unwrap();
    let (path, admin, password) = demo(dir.path());
    let valve = Arc::new(Valve::default());
    let mut h = slow_harness(&path, &valve, 50_000);
    h.sign_in(&admin, &password);
    let me = actor(&h);
    let rows = h
        .app
        .service
        .list_tickets(&me, &TicketFilter::default(), None, 3)
        .unwrap();
    let (first, third) = (rows[0].id, rows[2].id);
    let screen = h.screen();
    assert!(
        preview_part(&screen).contains(&format!("#{first} ")),
        "{screen}"
    );

    valve.set(Some(0));
    let before = valve.passed();
    h.key_now(KeyCode::Down).key_now(KeyCode::Down);
    assert!(h.app.background_pending());
    // The keys were handled and drawn at once: the list shows the third
    // row selected, and the preview no longer shows the first ticket.
    let screen = h.screen();
    assert!(
        !preview_part(&screen).contains(&format!("#{first} ")),
        "{screen}"
    );
    poll_frames(&mut h, "loading", |s| preview_part(s).contains("loading…"));

    valve.set(None);
    h.settle();
    let screen = h.screen();
    let preview = preview_part(&screen);
    assert!(preview.contains(&format!("#{third} ")), "{screen}");
    assert!(!preview.contains("loading…"), "{screen}");
    // The second row's request queued behind the held one and was dropped
    // unread: one read ran, for the newest selection.
    assert_eq!(valve.passed() - before, 1);
}

#[test]
fn a_logs_filter_scans_as_a_job_that_reports_progress_and_the_newest_filter_wins() {
    let dir = tempfile::tempdir().unwrap();
    let (path, admin, password) = demo(dir.path());
    let valve = Arc::new(Valve::default());
    // Ten ids per step: the demo's log takes many steps to scan.
    let mut h = slow_harness(&path, &valve, 10);
    h.sign_in(&admin, &password);
    h.open_tab("tui.tab.logs");
    let screen = h.screen();
    assert!(
        screen.contains("ticket:"),
        "the whole log to start with: {screen}"
    );

    h.keys("/action:user.*");
    valve.set(Some(0));
    h.key_now(KeyCode::Enter);
    assert!(h.app.background_pending());
    poll_frames(&mut h, "the scan at 0%", |s| {
        s.contains("reading… 0% of the log")
    });
    // Let a few steps through: the title follows the job's reports.
    valve.set(Some(20));
    let screen = poll_frames(&mut h, "the scan moving", |s| {
        s.contains("reading… ") && !s.contains("reading… 0%")
    });
    assert!(screen.contains("ticket:"), "the old list until the answer");
    // Keys are handled meanwhile: moving up pauses the tail.
    h.key_now(KeyCode::Up);
    poll_frames(&mut h, "the pause", |s| s.contains("paused"));

    // A newer filter (Esc clears it) replaces the scan, whose handle is
    // dropped: it stops at its next step and its answer never shows.
    h.key_now(KeyCode::Esc);
    valve.set(None);
    h.settle();
    let screen = h.screen();
    assert!(!screen.contains("reading…"), "{screen}");
    assert!(!screen.contains("action:user.*"), "{screen}");
    assert!(screen.contains("ticket:"), "the whole log again: {screen}");
    assert!(!h.app.background_pending());
}

#[test]
fn the_next_pages_of_the_tickets_list_are_read_off_the_frame() {
    let dir = tempfile::tempdir().unwrap();
    let (path, admin, password) = demo(dir.path());
    let valve = Arc::new(Valve::default());
    let mut h = slow_harness(&path, &valve, 50_000);
    h.sign_in(&admin, &password);
    assert!(h.screen().contains("1 / 100+"));

    valve.set(Some(0));
    // The last row is two pages away: the move waits for them, the list
    // stays where it was meanwhile, and the filter line says it is loading.
    h.key_now(KeyCode::Char('G'));
    assert!(h.app.background_pending());
    let screen = poll_frames(&mut h, "loading", |s| {
        s.lines().nth(1).is_some_and(|l| l.contains("loading…"))
    });
    assert!(screen.contains("1 / 100+"), "{screen}");

    valve.set(None);
    h.settle();
    let screen = h.screen();
    assert!(screen.contains("300 / 300"), "{screen}");
    assert!(preview_part(&screen).contains("#1 "), "{screen}");
    assert!(!screen.contains("loading…"), "{screen}");
}

#[test]
fn dropping_a_job_handle_stops_the_job_at_its_next_step_without_an_answer() {
    use guichet::tui::background::Spawner;
    use guichet::tui::event::Event;
    use guichet::tui::job::{Cancelled, JobHandle};
    use std::sync::mpsc;

    let dir = tempfile::tempdir().unwrap();
    let (path, admin, password) = demo(dir.path());
    let mut h = Harness::open(&path, Setup::default());
    h.sign_in(&admin, &password);
    let Screen::Main(session) = &h.app.screen else {
        panic!("not signed in")
    };
    let (events, received) = mpsc::channel();
    let tuning = Tuning::default();
    let spawner = Spawner {
        reopen: &h.app.launch.reopen,
        events: &events,
        tuning: &tuning,
    };
    let (stopped, stop_seen) = mpsc::channel();
    let handle: JobHandle<()> = JobHandle::start(spawner, &session.actor, move |step| {
        let mut done = 0;
        // Endless unless cancelled: only the handle can end it.
        while step.report(done, 1_000).is_ok() {
            done = (done + 1) % 1_000;
        }
        stopped.send(done).unwrap();
        Err(Cancelled)
    })
    .unwrap();
    match received.recv_timeout(Duration::from_secs(20)) {
        Ok(Event::Progress(p)) => assert_eq!(p.job, handle.id),
        _ => panic!("no progress reported"),
    }
    drop(handle);
    stop_seen
        .recv_timeout(Duration::from_secs(20))
        .expect("the job stopped");
    let answered = received.try_iter().any(|e| matches!(e, Event::Background));
    assert!(!answered, "a cancelled job gives no answer");
}

#[test]
fn an_admin_section_reads_its_rows_off_the_frame_and_the_newest_read_wins() {
    let dir = tempfile::tempdir().unwrap();
    let (path, admin, password) = demo(dir.path());
    let valve = Arc::new(Valve::default());
    let mut h = slow_harness(&path, &valve, 50_000);
    h.sign_in(&admin, &password);
    h.open_tab("tui.tab.admin")
        .open_section("tui.admin.section.categories");
    let screen = h.screen();
    assert!(screen.contains("Categories"), "{screen}");
    assert!(!screen.contains("Kettles"), "{screen}");

    valve.set(Some(0));
    let before = valve.passed();
    h.key_now(KeyCode::F(5));
    // Written meanwhile (through the dashboard's own connection, as a
    // form would), then read again: the second refresh is the newest.
    let me = actor_of(&h);
    h.app.service.add_category(&me, "Kettles").unwrap();
    h.key_now(KeyCode::F(5));
    assert!(h.app.background_pending());
    let screen = poll_frames(&mut h, "loading", |s| s.contains("loading…"));
    assert!(screen.contains("Ticket categories · loading…"), "{screen}");

    valve.set(None);
    h.settle();
    let screen = h.screen();
    assert!(screen.contains("Kettles"), "{screen}");
    assert!(!screen.contains("loading…"), "{screen}");
    // The first refresh queued behind the held one and was dropped unread.
    assert_eq!(valve.passed() - before, 1);
}

#[test]
fn the_urgency_queue_and_its_popup_are_read_off_the_frame_and_the_newest_wins() {
    let dir = tempfile::tempdir().unwrap();
    let (path, admin, password) = demo(dir.path());
    let valve = Arc::new(Valve::default());
    let mut h = slow_harness(&path, &valve, 50_000);
    h.sign_in(&admin, &password);
    h.open_tab("tui.tab.urgency");
    let whole = h.screen();
    assert!(whole.contains("Urgency"), "{whole}");

    valve.set(Some(0));
    let before = valve.passed();
    // The forecast, then the whole queue again: only the newest is read,
    // and the forecast's rows never show.
    h.key_now(KeyCode::Char('f')).key_now(KeyCode::Char('f'));
    assert!(h.app.background_pending());
    let screen = poll_frames(&mut h, "loading", |s| s.contains("loading…"));
    // Meanwhile the rows shown stay: the list never flashes empty.
    let rows = |s: &str| s.lines().filter(|l| l.contains(" #")).count();
    assert_eq!(rows(&screen), rows(&whole), "{screen}");
    valve.set(None);
    h.settle();
    assert_eq!(h.screen(), whole);
    assert_eq!(valve.passed() - before, 1);

    // The popup waits for its ticket; the queue stays meanwhile.
    valve.set(Some(0));
    h.key_now(KeyCode::Enter);
    let screen = poll_frames(&mut h, "loading", |s| s.contains("loading…"));
    assert!(!screen.contains("Resolution due"), "{screen}");
    valve.set(None);
    h.settle();
    let screen = h.screen();
    assert!(screen.contains("Resolution due"), "{screen}");
    assert!(!screen.contains("loading…"), "{screen}");
}

#[test]
fn the_notifications_overlay_reads_off_the_frame_and_marking_read_lowers_both_counts() {
    // Three days on, escalations have notified the assignee of #299.
    let later = guichet::tui::testing::FIXED_NOW + 3 * 86_400;
    let d = support::tui::desk(300);
    let mut other = support::tui::second_service(&d.path, Some(Box::new(move || later)));
    let admin = support::tui::sign_in(&mut other, &d.login("admin"), &d.password);
    other.urgency_pass().unwrap();
    let who = other
        .show_ticket(&admin, 299)
        .unwrap()
        .ticket
        .assignee_login
        .unwrap();
    let valve = Arc::new(Valve::default());
    let base = Setup {
        clock: Some(Box::new(move || later)),
        ..Setup::default()
    };
    let mut h = slow_harness_with(&d.path, &valve, 50_000, base);
    h.sign_in(&who, &d.password);
    let first = h.screen();
    let count: i64 = support::tui::unread_shown(&first)[4..]
        .trim()
        .parse()
        .unwrap();
    assert!(count >= 1, "{first}");

    valve.set(Some(0));
    h.keys("!");
    assert!(h.app.background_pending());
    let screen = poll_frames(&mut h, "loading", |s| {
        s.contains("Notifications ·") && s.contains("loading…")
    });
    assert!(!screen.contains("● unread"), "{screen}");
    valve.set(None);
    h.settle();
    let screen = h.screen();
    assert!(screen.contains("● unread"), "{screen}");
    assert!(!screen.contains("loading…"), "{screen}");

    // Marking read writes at once; the list and the counts are read again
    // off the frame, and both counts come down once they land.
    valve.set(Some(0));
    h.key_now(KeyCode::Char('m'));
    assert!(h.app.background_pending());
    poll_frames(&mut h, "the mark", |s| s.contains("1 marked read."));
    valve.set(None);
    h.settle();
    let screen = h.screen();
    assert_eq!(
        support::tui::unread_shown(&screen),
        format!("✉ {}", count - 1),
        "{screen}"
    );
    assert!(
        screen.contains(&format!("Notifications · {} unread", count - 1)),
        "{screen}"
    );
    assert!(screen.contains("○ read"), "{screen}");
}

#[test]
fn the_draft_kept_at_a_lock_is_read_off_the_frame_at_the_next_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let (path, admin, password) = demo(dir.path());
    let valve = Arc::new(Valve::default());
    let mut h = slow_harness(&path, &valve, 50_000);
    h.sign_in(&admin, &password);
    // A comment being typed when the dashboard locks is kept as a draft.
    h.keys("c").keys("Kettle on fire");
    h.ctrl('l');
    assert!(matches!(h.app.screen, Screen::Gate(_)));

    h.keys(&password);
    valve.set(Some(0));
    h.key_now(KeyCode::Enter);
    // The sign-in's bcrypt runs on a thread of its own; the session then
    // opens with every read held, the draft's among them.
    let deadline = Instant::now() + Duration::from_secs(20);
    while !matches!(h.app.screen, Screen::Main(_)) {
        assert!(Instant::now() < deadline, "never signed in");
        h.pump();
        std::thread::sleep(Duration::from_millis(5));
    }
    assert!(h.app.background_pending());
    let screen = poll_frames(&mut h, "a frame", |_| true);
    assert!(!screen.contains("was open when"), "{screen}");

    valve.set(None);
    h.settle();
    let screen = h.screen();
    assert!(screen.contains("was open when"), "{screen}");
    assert!(screen.contains("Kettle on fire"), "{screen}");
}

#[test]
fn promos_lists_follow_the_newest_selection_off_the_frame() {
    let dir = tempfile::tempdir().unwrap();
    let (path, admin, password) = demo(dir.path());
    // The same moves, every read let through at once: what must show.
    let open = Arc::new(Valve::default());
    let mut reference = slow_harness(&path, &open, 50_000);
    reference.sign_in(&admin, &password);
    reference
        .open_tab("tui.tab.promos")
        .key(KeyCode::Down)
        .key(KeyCode::Down);
    let expected = reference.screen();

    let valve = Arc::new(Valve::default());
    let mut h = slow_harness(&path, &valve, 50_000);
    h.sign_in(&admin, &password);
    h.open_tab("tui.tab.promos");
    valve.set(Some(0));
    // Two programmes down: the cohorts (then the learners) of the first
    // one passed are asked for, then replaced by the second's.
    h.key_now(KeyCode::Down).key_now(KeyCode::Down);
    assert!(h.app.background_pending());
    poll_frames(&mut h, "loading", |s| s.contains("loading…"));
    valve.set(None);
    h.settle();
    assert_eq!(h.screen(), expected);
}

#[test]
fn the_admin_sections_the_actor_may_use_are_read_off_the_frame() {
    let dir = tempfile::tempdir().unwrap();
    let (path, admin, password) = demo(dir.path());
    let valve = Arc::new(Valve::default());
    let mut h = slow_harness(&path, &valve, 50_000);
    h.sign_in(&admin, &password);
    let index = match &h.app.screen {
        Screen::Main(s) => s.tabs.iter().position(|p| p.title() == "tui.tab.admin"),
        Screen::Gate(_) => None,
    };
    let key = char::from_digit(index.unwrap() as u32 + 1, 10).unwrap();

    valve.set(Some(0));
    h.key_now(KeyCode::Char(key));
    assert!(h.app.background_pending());
    // A frame comes at once, its section bar still empty.
    let screen = poll_frames(&mut h, "a frame", |_| true);
    assert!(!screen.contains("SLA policies"), "{screen}");
    valve.set(None);
    h.settle();
    let screen = h.screen();
    assert!(screen.contains("▸Users   Roles"), "{screen}");
    assert!(screen.contains("SLA policies"), "{screen}");
}

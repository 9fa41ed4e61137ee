//! Driving the real `guichet` binary in a detached tmux session: start it
//! at a given size, type into it, read the screen (and the scrollback), and
//! wait for text with a timeout.
//!
//! Each [`Pane`] has its own tmux server on a private socket, without any
//! user configuration, killed when the pane is dropped. The program runs
//! from a small shell script, so that its exit status and the terminal's
//! mode afterwards can be printed on the screen:
//!
//! ```text
//! EXIT=0 TTY=cooked
//! ```
//!
//! `benches/tui.rs` includes this file alone (it needs nothing else of
//! `support`), and uses only part of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

const POLL: Duration = Duration::from_millis(50);

pub struct Pane {
    socket: PathBuf,
    dir: PathBuf,
    /// The program's own directory (script, socket); removed on drop.
    _dir: tempfile::TempDir,
}

/// What to run: the binary's arguments and its environment.
pub struct Run<'a> {
    pub args: Vec<String>,
    /// Set in the shell before the program (e.g. `LD_PRELOAD` for
    /// libfaketime, which must not reach tmux itself).
    pub env: Vec<(&'a str, String)>,
    pub size: (u16, u16),
}

impl<'a> Run<'a> {
    /// `guichet --db <db> --config <config>` in a UTF-8 locale.
    pub fn guichet(db: &Path, config: &Path) -> Run<'a> {
        Run {
            args: vec![
                "--db".into(),
                db.display().to_string(),
                "--config".into(),
                config.display().to_string(),
            ],
            env: vec![
                ("GUICHET_CONFIG", config.display().to_string()),
                ("LANG", "C.UTF-8".into()),
            ],
            size: (100, 30),
        }
    }

    pub fn size(mut self, width: u16, height: u16) -> Run<'a> {
        self.size = (width, height);
        self
    }

    pub fn env(mut self, name: &'a str, value: impl Into<String>) -> Run<'a> {
        self.env.push((name, value.into()));
        self
    }
}

/// Single quotes for the shell.
fn quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

impl Pane {
    /// Starts the real binary (`CARGO_BIN_EXE_guichet`) in a new session.
    pub fn start(run: Run) -> Pane {
        Pane::start_binary(Path::new(env!("CARGO_BIN_EXE_guichet")), run)
    }

    pub fn start_binary(binary: &Path, run: Run) -> Pane {
        let dir = tempfile::tempdir().unwrap();
        let socket = dir.path().join("tmux.sock");
        let mut script = String::from("unset GUICHET_DB GUICHET_AS GUICHET_PASSWORD LC_ALL\n");
        for (name, value) in &run.env {
            script.push_str(&format!("export {name}={}\n", quote(value)));
        }
        let args: Vec<_> = run.args.iter().map(|a| quote(a)).collect();
        // The instant the program starts, for the benchmark's startup time.
        script.push_str(&format!(
            "date +%s%N > {}\n",
            quote(&dir.path().join("started").display().to_string())
        ));
        script.push_str(&format!(
            "{} {}\nstatus=$?\n\
             case $(stty -a) in *-icanon*) mode=raw ;; *) mode=cooked ;; esac\n\
             echo \"EXIT=$status TTY=$mode\"\n\
             exec sleep 3600\n",
            quote(&binary.display().to_string()),
            args.join(" ")
        ));
        let path = dir.path().join("run.sh");
        std::fs::write(&path, script).unwrap();
        let pane = Pane {
            socket,
            dir: dir.path().to_path_buf(),
            _dir: dir,
        };
        let out = pane.tmux(&[
            "new-session",
            "-d",
            "-s",
            "t",
            "-x",
            &run.size.0.to_string(),
            "-y",
            &run.size.1.to_string(),
            "sh",
            &path.display().to_string(),
        ]);
        assert!(out.status.success(), "tmux: {out:?}");
        pane
    }

    fn tmux(&self, args: &[&str]) -> Output {
        Command::new("tmux")
            .arg("-S")
            .arg(&self.socket)
            .arg("-f")
            .arg("/dev/null")
            .args(args)
            .env_remove("TMUX")
            .output()
            .unwrap_or_else(|e| panic!("tmux could not run (is it installed?): {e}"))
    }

    fn ok(&self, args: &[&str]) -> String {
        let out = self.tmux(args);
        assert!(out.status.success(), "tmux {args:?}: {out:?}");
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Types text as is (no key names).
    pub fn type_text(&self, text: &str) {
        self.ok(&["send-keys", "-t", "t", "-l", text]);
    }

    /// One named key: `Enter`, `Escape`, `C-l`, `BTab`, `Down`…
    /// Escape is sent alone and followed by a pause, so that the next key
    /// is not read as Alt- plus that key. The pause only keeps the bytes
    /// apart: no test relies on it for a state, each waits for what its
    /// Escape did before going on.
    pub fn key(&self, name: &str) {
        self.ok(&["send-keys", "-t", "t", name]);
        if name == "Escape" {
            std::thread::sleep(Duration::from_millis(150));
        }
    }

    /// The visible screen.
    pub fn capture(&self) -> String {
        self.ok(&["capture-pane", "-p", "-t", "t"])
    }

    /// The scrollback and the screen.
    pub fn scrollback(&self) -> String {
        self.ok(&["capture-pane", "-p", "-S", "-", "-t", "t"])
    }

    /// Whether the program is showing the alternate screen.
    pub fn alternate_on(&self) -> bool {
        self.ok(&["display-message", "-p", "-t", "t", "#{alternate_on}"])
            .trim()
            == "1"
    }

    /// Waits until `text` is on the screen; fails with the last capture.
    pub fn wait_for(&self, text: &str, timeout: Duration) -> String {
        self.wait_until(&format!("{text:?} on screen"), timeout, |s| {
            s.contains(text)
        })
    }

    /// Waits until `text` has left the screen.
    pub fn wait_gone(&self, text: &str, timeout: Duration) -> String {
        self.wait_until(&format!("{text:?} gone"), timeout, |s| !s.contains(text))
    }

    pub fn wait_until(&self, what: &str, timeout: Duration, ok: impl Fn(&str) -> bool) -> String {
        self.poll_until(what, timeout, POLL, ok)
    }

    /// Waits for `text`, reading the screen as often as tmux allows; the
    /// time from the program's start to the capture that showed it.
    pub fn time_until(&self, text: &str, timeout: Duration) -> Duration {
        self.poll_until(
            &format!("{text:?} on screen"),
            timeout,
            Duration::ZERO,
            |s| s.contains(text),
        );
        let seen = std::time::SystemTime::now();
        let started = std::fs::read_to_string(self.dir.join("started"))
            .ok()
            .and_then(|t| t.trim().parse::<u64>().ok())
            .map(|ns| std::time::UNIX_EPOCH + Duration::from_nanos(ns))
            .expect("the start instant was not written");
        seen.duration_since(started).unwrap_or_default()
    }

    fn poll_until(
        &self,
        what: &str,
        timeout: Duration,
        poll: Duration,
        ok: impl Fn(&str) -> bool,
    ) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture();
            if ok(&screen) {
                return screen;
            }
            if start.elapsed() > timeout {
                panic!("waited {timeout:?} for {what}; the screen was:\n{screen}");
            }
            std::thread::sleep(poll);
        }
    }

    /// Waits for the sign-in screen, then types `login` and `password`.
    pub fn sign_in(&self, login: &str, password: &str, timeout: Duration) {
        self.wait_for("Sign in", timeout);
        self.type_text(login);
        self.key("Enter");
        self.type_text(password);
        self.key("Enter");
    }

    /// Presses `key` until `done` holds, one press at a time: after each,
    /// waits for the part of the screen `watch` reads (the selected row,
    /// the focused choice) to change, so that a slow frame never makes it
    /// press twice and overshoot. Fails if a press changes nothing.
    pub fn press_until(
        &self,
        key: &str,
        timeout: Duration,
        watch: impl Fn(&str) -> String,
        done: impl Fn(&str) -> bool,
    ) -> String {
        let start = Instant::now();
        loop {
            let screen = self.capture();
            if done(&screen) {
                return screen;
            }
            let before = watch(&screen);
            self.key(key);
            let left = timeout.saturating_sub(start.elapsed());
            let mut last = self.wait_until(&format!("{key} to change {before:?}"), left, |s| {
                done(s) || watch(s) != before
            });
            // The change may be a frame half drawn (the old marker erased,
            // the new one not yet there): judge the next press on a screen
            // that two captures in a row agree on.
            loop {
                std::thread::sleep(POLL);
                let again = self.capture();
                if again == last {
                    break;
                }
                assert!(
                    start.elapsed() < timeout,
                    "the screen never held still after {key}:\n{again}"
                );
                last = again;
            }
        }
    }

    /// Waits for the first frame of a session, whole: its tab bar and its
    /// status line (`who` as shown there, `admin · Administrator`); a capture may
    /// fall on a frame half drawn.
    pub fn wait_first_frame(&self, who: &str, timeout: Duration) -> String {
        self.wait_until("the session's first frame", timeout, |s| {
            s.contains(" 1 Tickets ") && s.contains(who)
        })
    }

    /// Goes to the tab of this title (as the tab bar shows it) with the key
    /// the bar shows before it, whatever its number for this role.
    pub fn open_tab(&self, title: &str, timeout: Duration) {
        let screen = self.wait_until(&format!("the tab {title:?} in the bar"), timeout, |s| {
            tab_key(s, title).is_some()
        });
        let key = tab_key(&screen, title).unwrap_or_default();
        assert!(
            key.chars().count() == 1,
            "the tab {title:?} has the key {key:?}: open_tab types one character"
        );
        self.type_text(&key);
    }

    /// Waits for the line the script prints once the program is gone,
    /// whole (a capture may fall before its end), and checks its exit
    /// status and that the terminal is back in cooked mode.
    pub fn wait_exit(&self, status: &str, timeout: Duration) -> String {
        let screen = self.wait_until("the whole exit line", timeout, |s| {
            s.lines().any(|l| {
                l.contains("EXIT=") && (l.ends_with(" TTY=cooked") || l.ends_with(" TTY=raw"))
            })
        });
        assert!(
            screen.contains(&format!("EXIT={status} TTY=cooked")),
            "{screen}"
        );
        screen
    }

    /// The shell that runs the program.
    pub fn shell_pid(&self) -> u32 {
        self.ok(&["list-panes", "-t", "t", "-F", "#{pane_pid}"])
            .trim()
            .parse()
            .unwrap()
    }

    /// The program itself: the shell's child other than `sleep`.
    pub fn program_pid(&self) -> Option<u32> {
        children(self.shell_pid()).into_iter().find(|pid| {
            std::fs::read_to_string(format!("/proc/{pid}/comm"))
                .is_ok_and(|comm| comm.trim() == "guichet")
        })
    }

    /// Sends `signal` (`TERM`, `HUP`…) to the program.
    pub fn signal(&self, signal: &str) {
        let pid = self.program_pid().expect("guichet is not running");
        let out = Command::new("kill")
            .arg(format!("-{signal}"))
            .arg(pid.to_string())
            .output()
            .unwrap();
        assert!(out.status.success(), "kill: {out:?}");
    }
}

/// The key the tab bar (the screen's first line, ` 1 Tickets  2 Urgency …`)
/// shows before `title`.
fn tab_key(screen: &str, title: &str) -> Option<String> {
    // tmux trims the line's trailing spaces: the last title ends it.
    let bar = format!("{} ", screen.lines().next()?);
    let at = bar.find(&format!(" {title} "))?;
    bar[..at].split_whitespace().last().map(str::to_string)
}

/// The processes whose parent is `parent`, from /proc.
pub fn children(parent: u32) -> Vec<u32> {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return Vec::new();
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.parse::<u32>().ok())
        .filter(|pid| {
            let Ok(stat) = std::fs::read_to_string(format!("/proc/{pid}/stat")) else {
                return false;
            };
            // "pid (comm) state ppid …": comm may hold spaces, so read
            // after its closing parenthesis.
            stat.rsplit_once(')')
                .and_then(|(_, rest)| rest.split_whitespace().nth(1)?.parse::<u32>().ok())
                == Some(parent)
        })
        .collect()
}

impl Drop for Pane {
    fn drop(&mut self) {
        let _ = self.tmux(&["kill-server"]);
    }
}

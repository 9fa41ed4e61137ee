//! Attachments are no door to the host, through the real binary: files come
//! in only from the allowed folders, as regular files reached without a
//! link, never from /proc, /sys or /dev; they go out only as new files in
//! the allowed folders, or to standard output; under an account shared
//! over ssh, only through standard input and output.

mod support;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};
use support::cli::{code, json, ok, stderr, stdout, Site, USER_PASSWORD};

/// Over ssh: what sshd sets for every session.
const SSH: (&str, &str) = ("SSH_CONNECTION", "10.0.0.9 51234 10.0.0.1 22");

/// Runs `cmd` feeding `stdin`, and fails (instead of hanging) if it has
/// not finished within a minute: a FIFO must never make guichet wait.
fn finish(mut cmd: Command, stdin: &[u8]) -> Output {
    cmd.stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut input = child.stdin.take().unwrap();
    // A refusal may come before the input is read: a closed pipe is fine.
    let _ = input.write_all(stdin);
    drop(input);
    let deadline = Instant::now() + Duration::from_secs(60);
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!("guichet did not finish: {:?}", child.wait_with_output());
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

/// `lea` (a learner) runs `args`, with `env` added.
fn lea(site: &Site, env: &[(&str, &str)], args: &[&str], stdin: &[u8]) -> Output {
    let mut cmd = site.command();
    cmd.args(["--as", "lea"]).args(args);
    cmd.env("GUICHET_PASSWORD", USER_PASSWORD);
    for (k, v) in env {
        cmd.env(k, v);
    }
    finish(cmd, stdin)
}

fn s(path: &Path) -> &str {
    path.to_str().unwrap()
}

/// A site whose `[attachments]` table is `table`, with lea's ticket #1.
fn site_with(table: impl Fn(&Path) -> String) -> Site {
    let site = Site::new();
    let extra = table(site.dir.path());
    std::fs::write(
        &site.config,
        format!("[security]\nbcrypt_cost = 4\n[attachments]\n{extra}"),
    )
    .unwrap();
    site.init();
    site.add_user("lea", "learner", &[]);
    site.add_user("tech", "technician", &[]);
    ok(lea(
        &site,
        &[],
        &["ticket", "new", "--title", "Pièces", "--role", "technician"],
        b"",
    ));
    site
}

fn refused(out: &Output, says: &str) {
    assert_eq!(
        code(out),
        6,
        "stdout: {}\nstderr: {}",
        stdout(out),
        stderr(out)
    );
    assert!(
        stderr(out).contains(says),
        "wanted {says:?} in: {}",
        stderr(out)
    );
}

fn attachments(site: &Site) -> Vec<serde_json::Value> {
    let shown = json(&lea(
        site,
        &[],
        &["ticket", "show", "1", "--format", "json"],
        b"",
    ));
    shown["attachments"].as_array().unwrap().clone()
}

#[test]
fn only_regular_files_inside_the_import_folders_are_read() {
    let site = site_with(|d| {
        format!(
            "import_dirs = [{:?}]\nexport_dirs = [{:?}]\n",
            d.join("in"),
            d.join("out")
        )
    });
    let base = site.dir.path();
    let (inside, outside) = (base.join("in"), base.join("elsewhere"));
    std::fs::create_dir_all(&inside).unwrap();
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::write(outside.join("secret.txt"), "not yours").unwrap();
    std::fs::write(inside.join("note.txt"), "mine").unwrap();

    let attach = |path: &Path| lea(&site, &[], &["ticket", "attach", "1", s(path)], b"");
    // A link to a file outside, and a folder link leading outside.
    std::os::unix::fs::symlink(outside.join("secret.txt"), inside.join("link.txt")).unwrap();
    refused(&attach(&inside.join("link.txt")), "symbolic link");
    std::os::unix::fs::symlink(&outside, inside.join("away")).unwrap();
    refused(
        &attach(&inside.join("away/secret.txt")),
        "outside the folders allowed for imports (attachments.import_dirs",
    );
    refused(
        &attach(&outside.join("secret.txt")),
        "outside the folders allowed for imports",
    );
    // A FIFO nobody writes to: refused at once, not waited on.
    let fifo = inside.join("pipe");
    assert!(Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap()
        .success());
    refused(&attach(&fifo), "not a regular file");
    refused(&attach(&inside), "not a regular file");
    refused(&attach(Path::new("/proc/self/environ")), "/proc");
    // Relative to the current folder, which is not allowed here.
    refused(
        &lea(
            &site,
            &[],
            &["ticket", "attach", "1", "in/../elsewhere/secret.txt"],
            b"",
        ),
        "attachments.import_dirs",
    );
    assert!(attachments(&site).is_empty(), "nothing was attached");
    ok(attach(&inside.join("note.txt")));
    ok(lea(
        &site,
        &[],
        &["ticket", "attach", "1", "in/note.txt"],
        b"",
    ));
    assert_eq!(attachments(&site).len(), 2);
}

#[test]
fn proc_sys_and_dev_are_never_read_even_when_everything_is_allowed() {
    let site = site_with(|_| "import_dirs = [\"/\"]\n".into());
    let attach = |path: &str| lea(&site, &[], &["ticket", "attach", "1", path], b"");
    for path in [
        "/proc/self/environ",
        "/proc/self/cmdline",
        "/sys",
        "/dev/null",
    ] {
        refused(&attach(path), "/proc, /sys or /dev");
    }
    // /dev/stdin, a link to /proc/self/fd/0.
    refused(&attach("/dev/stdin"), "/proc, /sys or /dev");
    // A link to /proc/self, then a file under it: the folder resolves there.
    let link = site.dir.path().join("me");
    std::os::unix::fs::symlink("/proc/self", &link).unwrap();
    refused(&attach(s(&link.join("environ"))), "/proc, /sys or /dev");
    let environ = site.dir.path().join("environ");
    std::os::unix::fs::symlink("/proc/self/environ", &environ).unwrap();
    refused(&attach(s(&environ)), "symbolic link");
    assert!(attachments(&site).is_empty());
}

#[test]
fn saving_creates_only_new_files_inside_the_export_folders_or_writes_to_stdout() {
    let site = site_with(|d| format!("export_dirs = [{:?}]\n", d.join("out")));
    let base = site.dir.path();
    let out = base.join("out");
    std::fs::create_dir_all(out.join("real")).unwrap();
    let content: Vec<u8> = (0..=255u8).cycle().take(5000).collect();
    let source = base.join("data.bin");
    std::fs::write(&source, &content).unwrap();
    ok(lea(&site, &[], &["ticket", "attach", "1", s(&source)], b""));
    let save = |path: &str| {
        lea(
            &site,
            &[],
            &["ticket", "attachment", "save", "1", "--out", path],
            b"",
        )
    };
    // Onto an existing file: refused, the file left as it was.
    let existing = out.join("existing.txt");
    std::fs::write(&existing, "keep me").unwrap();
    refused(&save(s(&existing)), "already exists");
    assert_eq!(std::fs::read(&existing).unwrap(), b"keep me");
    // Through a link to a folder, even one inside: refused, nothing made.
    std::os::unix::fs::symlink(out.join("real"), out.join("alias")).unwrap();
    refused(&save(s(&out.join("alias/x.bin"))), "symbolic link");
    assert!(!out.join("real/x.bin").exists());
    // A link planted where the file would go (the ~/.ssh/rc trick): the
    // name is taken, and the place it points to is never created.
    std::os::unix::fs::symlink(base.join("rc"), out.join("rc")).unwrap();
    refused(&save(s(&out.join("rc"))), "already exists");
    assert!(!base.join("rc").exists());
    // Outside the export folders (the current folder is not one here).
    refused(
        &save(s(&base.join("x.bin"))),
        "outside the folders allowed for saving (attachments.export_dirs",
    );
    refused(&save("x.bin"), "attachments.export_dirs");
    assert!(!base.join("x.bin").exists());
    refused(&save("/dev/stdout"), "/proc, /sys or /dev");
    // Standard output: the bytes alone, nothing said after them.
    let piped = save("-");
    assert_eq!(code(&piped), 0, "{}", stderr(&piped));
    assert_eq!(piped.stdout, content);
    // A new file inside: made, 0600, byte for byte.
    ok(save(s(&out.join("new.bin"))));
    assert_eq!(std::fs::read(out.join("new.bin")).unwrap(), content);
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(out.join("new.bin"))
        .unwrap()
        .permissions()
        .mode();
    assert_eq!(mode & 0o777, 0o600);
}

#[test]
fn standard_input_is_attached_under_its_name_within_the_size_limit() {
    let site = site_with(|_| "max_bytes = 1000\n".into());
    let content: Vec<u8> = b"\x00\x01binary\r\n\x04\xff".repeat(50);
    ok(lea(
        &site,
        &[],
        &[
            "ticket",
            "attach",
            "1",
            "--stdin",
            "--name",
            "journal é.bin",
        ],
        &content,
    ));
    let listed = attachments(&site);
    assert_eq!(listed[0]["label"], "journal é.bin");
    assert_eq!(listed[0]["size_bytes"], content.len());
    let back = lea(
        &site,
        &[],
        &["ticket", "attachment", "save", "1", "--out", "-"],
        b"",
    );
    assert_eq!(back.stdout, content);
    // Over the limit, though no size was known beforehand.
    refused(
        &lea(
            &site,
            &[],
            &["ticket", "attach", "1", "--stdin", "--name", "big"],
            &[7u8; 1001],
        ),
        "attachments.max_bytes",
    );
    assert_eq!(attachments(&site).len(), 1);
    let store = site.db.parent().unwrap().join("attachments");
    let leftovers: Vec<_> = std::fs::read_dir(&store)
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().starts_with(".incoming-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // --stdin needs --name, and a file and --stdin do not go together.
    let out = lea(&site, &[], &["ticket", "attach", "1", "--stdin"], b"x");
    assert_eq!(code(&out), 2, "{}", stderr(&out));
    let out = lea(
        &site,
        &[],
        &["ticket", "attach", "1", "f", "--stdin", "--name", "n"],
        b"x",
    );
    assert_eq!(code(&out), 2, "{}", stderr(&out));
}

#[test]
fn under_a_shared_account_over_ssh_files_come_and_go_only_through_stdin_and_stdout() {
    let site = site_with(|_| String::new());
    let file = site.dir.path().join("capture.png");
    std::fs::write(&file, "png").unwrap();
    // The same file is fine for the person's own account, in its folder...
    ok(lea(
        &site,
        &[],
        &["ticket", "attach", "1", "capture.png"],
        b"",
    ));
    // ...but over ssh the account is the server's, so no path at all.
    let out = lea(&site, &[SSH], &["ticket", "attach", "1", s(&file)], b"");
    refused(&out, "--stdin --name NAME");
    assert!(stderr(&out).contains("shared over ssh"), "{}", stderr(&out));
    let out = lea(
        &site,
        &[SSH],
        &["ticket", "attachment", "save", "1", "--out", "saved.png"],
        b"",
    );
    refused(&out, "--out -");
    assert!(!site.dir.path().join("saved.png").exists());
    ok(lea(
        &site,
        &[SSH],
        &["ticket", "attach", "1", "--stdin", "--name", "photo.png"],
        b"jpeg",
    ));
    let back = lea(
        &site,
        &[SSH],
        &["ticket", "attachment", "save", "2", "--out", "-"],
        b"",
    );
    assert_eq!(code(&back), 0, "{}", stderr(&back));
    assert_eq!(back.stdout, b"jpeg");
    // In French too.
    let out = lea(
        &site,
        &[SSH, ("LC_ALL", "fr_FR.UTF-8")],
        &["ticket", "attach", "1", s(&file)],
        b"",
    );
    refused(&out, "--stdin --name NOM");
}

/// Over ssh without a terminal (so that bytes pass untouched) and without
/// environment, the password is the first line of standard input.
#[test]
fn without_a_terminal_the_password_is_the_first_line_of_stdin() {
    let site = site_with(|_| String::new());
    // setsid: no controlling terminal, as under `ssh host cmd`.
    let wrapped = |args: &[&str]| {
        let inner = site.command();
        let mut cmd = Command::new("setsid");
        cmd.arg("-w")
            .arg(inner.get_program())
            .args(inner.get_args());
        for (k, v) in inner.get_envs() {
            match v {
                Some(v) => cmd.env(k, v),
                None => cmd.env_remove(k),
            };
        }
        cmd.current_dir(site.dir.path()).env(SSH.0, SSH.1);
        cmd.args(["--as", "lea"]).args(args);
        cmd
    };
    let mut input = format!("{USER_PASSWORD}\n").into_bytes();
    input.extend_from_slice(b"line one\nline two\n");
    ok(finish(
        wrapped(&["ticket", "attach", "1", "--stdin", "--name", "log.txt"]),
        &input,
    ));
    let back = finish(
        wrapped(&["ticket", "attachment", "save", "1", "--out", "-"]),
        format!("{USER_PASSWORD}\n").as_bytes(),
    );
    assert_eq!(code(&back), 0, "{}", stderr(&back));
    assert_eq!(back.stdout, b"line one\nline two\n");
}

//! A full disk, for real: the database on a small tmpfs filled up. Even a
//! reading command cannot record its sign-in, so it fails closed, but says
//! that the disk is full and what to do, not a raw SQLite error; once
//! space is freed everything works again and nothing was lost.
//!
//! The tmpfs is mounted in a private mount namespace (`unshare -m`), so it
//! vanishes with the test's shell whatever happens. CI runs as root; as
//! anyone else a user namespace (`unshare -rm`) maps the caller to root.

mod support;

use std::path::Path;
use std::process::Command;
use support::cli::{Site, ADMIN_PASSWORD};

/// Mounts a 4 MiB tmpfs, copies the site's database onto it, leaves
/// `$FREE` pages of 4 KiB free, runs a reading command in English and in
/// French, frees the space, runs it again, and copies the file back out.
const SCRIPT: &str = r#"
set -u
mount -t tmpfs -o size=4m tmpfs "$MNT" || exit 90
cp "$DB" "$DB.key" "$MNT/" || exit 91
avail=$(df -B4096 --output=avail "$MNT" | tail -n 1)
dd if=/dev/zero of="$MNT/filler" bs=4096 count=$((avail - FREE)) 2>/dev/null || exit 92
left=$(df -B4096 --output=avail "$MNT" | tail -n 1)
[ "$left" -eq "$FREE" ] || exit 93
run() {
    "$BIN" --db "$MNT/guichet.db" --config "$CFG" --as admin user list >"$OUT/$1.out" 2>"$OUT/$1.err"
    echo $? >"$OUT/$1.code"
}
run full
LC_ALL=fr_FR.UTF-8 run plein
rm -f "$MNT/filler"
run freed
cp "$MNT/guichet.db" "$OUT/after.db" || exit 94
"#;

fn is_root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("Uid:"))
                .map(|l| l.split_whitespace().nth(2) == Some("0"))
        })
        .unwrap_or(false)
}

struct Run {
    code: i32,
    stderr: String,
}

fn read_run(out: &Path, name: &str) -> Run {
    let read = |ext: &str| std::fs::read_to_string(out.join(format!("{name}.{ext}"))).unwrap();
    Run {
        code: read("code").trim().parse().unwrap(),
        stderr: read("err"),
    }
}

fn journal_rows(db: &Path) -> i64 {
    let conn = support::raw(db);
    conn.query_row("SELECT count(*) FROM sign_in_journal", [], |r| r.get(0))
        .unwrap()
}

/// Runs the script with `free` pages left; (full, plein, freed, journal
/// rows before, journal rows after).
fn on_a_full_disk(free: u32) -> (Run, Run, Run, i64, i64) {
    let site = Site::new();
    site.init();
    let before = journal_rows(site.path());
    let mnt = site.dir.path().join("small-disk");
    let out = site.dir.path().join("out");
    std::fs::create_dir(&mnt).unwrap();
    std::fs::create_dir(&out).unwrap();
    let namespace = if is_root() { "-m" } else { "-rm" };
    let status = Command::new("unshare")
        .args([namespace, "sh", "-c", SCRIPT])
        .env("MNT", &mnt)
        .env("OUT", &out)
        .env("DB", site.path())
        .env("CFG", &site.config)
        .env("BIN", env!("CARGO_BIN_EXE_guichet"))
        .env("FREE", free.to_string())
        .env("GUICHET_PASSWORD", ADMIN_PASSWORD)
        .env("LC_ALL", "C")
        .env("LANG", "C")
        .env_remove("GUICHET_AS")
        .env_remove("GUICHET_DB")
        .env_remove("GUICHET_CONFIG")
        .status()
        .unwrap_or_else(|e| {
            panic!("unshare (util-linux) is needed to mount a small tmpfs privately: {e}")
        });
    assert!(
        status.success(),
        "the small tmpfs could not be set up (exit {status}: 90 mount, 91 copy, 92-93 filling, \
         94 copy back); this test needs root or user namespaces"
    );
    let after = journal_rows(&out.join("after.db"));
    (
        read_run(&out, "full"),
        read_run(&out, "plein"),
        read_run(&out, "freed"),
        before,
        after,
    )
}

fn assert_says_disk_full(full: &Run, plein: &Run) {
    assert_eq!(full.code, 1, "{}", full.stderr);
    assert!(
        full.stderr
            .contains("The disk holding the database is full")
            && full.stderr.contains("Free some space on that disk"),
        "{}",
        full.stderr
    );
    for raw in [
        "database or disk is full",
        "disk I/O error",
        "Database error",
    ] {
        assert!(!full.stderr.contains(raw), "{}", full.stderr);
    }
    assert_eq!(plein.code, 1, "{}", plein.stderr);
    assert!(
        plein
            .stderr
            .contains("Le disque qui contient la base de données est plein")
            && plein.stderr.contains("Libérez de la place sur ce disque"),
        "{}",
        plein.stderr
    );
}

/// A few pages left: SQLite opens the file but cannot grow its WAL
/// (`SQLITE_FULL`).
#[test]
fn a_disk_too_full_for_the_journal_says_so_and_changes_nothing() {
    let (full, plein, freed, before, after) = on_a_full_disk(8);
    assert_says_disk_full(&full, &plein);
    assert_eq!(freed.code, 0, "{}", freed.stderr);
    assert_eq!(
        after,
        before + 1,
        "only the run after freeing space signed in"
    );
}

/// Not a page left: SQLite cannot even size its shared-memory file
/// (`SQLITE_IOERR_SHMSIZE`), which is how a full disk shows first when no
/// other process has the database open.
#[test]
fn a_disk_with_no_page_left_says_so_too() {
    let (full, plein, freed, before, after) = on_a_full_disk(0);
    assert_says_disk_full(&full, &plein);
    assert_eq!(freed.code, 0, "{}", freed.stderr);
    assert_eq!(after, before + 1);
}

//! `guichet backup`, through the real binary on real files: a copy taken
//! while other processes write, its manifest, and every refusal.

mod support;

use rusqlite::{Connection, OpenFlags};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use support::cli::{act, binary, code, json, ok, stderr, Site, ADMIN_PASSWORD, USER_PASSWORD};
use support::mode;

/// A site with a ticket (1) holding one attachment; returns the attached
/// file's content.
fn site_with_an_attachment() -> (Site, Vec<u8>) {
    let site = Site::new();
    site.init();
    site.add_user("lea", "learner", &[]);
    site.add_user("tech", "technician", &[]);
    ok(act(
        &site,
        "lea",
        &["ticket", "new", "--title", "Écran", "--role", "technician"],
    ));
    let content = b"rapport de panne\n".repeat(100);
    let file = site.dir.path().join("rapport.txt");
    std::fs::write(&file, &content).unwrap();
    ok(act(
        &site,
        "lea",
        &["ticket", "attach", "1", file.to_str().unwrap()],
    ));
    (site, content)
}

/// The guichet binary on another database file, with the site's config.
fn on_db(site: &Site, db: &Path, login: &str, args: &[&str]) -> Output {
    let mut cmd = binary(db, &site.config);
    cmd.env("GUICHET_PASSWORD", ADMIN_PASSWORD)
        .current_dir(site.dir.path());
    cmd.arg("--as").arg(login).args(args);
    cmd.output().unwrap()
}

fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn backups_dir(site: &Site) -> PathBuf {
    site.db.parent().unwrap().join("backups")
}

fn manifest(dir: &Path) -> serde_json::Value {
    serde_json::from_slice(&std::fs::read(dir.join("manifest.json")).unwrap()).unwrap()
}

/// What each writer did: `user:LOGIN` or `comment:TEXT`, sent once its
/// process exited successfully (so committed).
fn writer(site: &Site, n: usize, stop: &AtomicBool, done: &mpsc::Sender<String>) {
    let mut i = 0;
    while !stop.load(Ordering::Relaxed) {
        i += 1;
        let change = if n % 2 == 0 {
            let login = format!("w{n}x{i}");
            let out = site.run(
                &[
                    "--as",
                    "admin",
                    "user",
                    "add",
                    "--login",
                    &login,
                    "--name",
                    &login,
                    "--role",
                    "learner",
                    "--password-stdin",
                ],
                Some(ADMIN_PASSWORD),
                Some(&format!("{USER_PASSWORD}\n")),
            );
            (code(&out) == 0).then(|| format!("user:{login}"))
        } else {
            // Long, so that the file grows well past one step of the copy.
            let text = format!("commentaire {n}/{i} {}", "é".repeat(4000));
            let out = act(site, "tech", &["ticket", "comment", "1", "--text", &text]);
            (code(&out) == 0).then(|| format!("comment:{text}"))
        };
        match change {
            Some(change) => {
                if done.send(change).is_err() {
                    return;
                }
            }
            None => panic!("writer {n} failed at {i}"),
        }
    }
}

#[test]
fn a_backup_taken_under_writes_is_consistent_and_holds_every_earlier_commit() {
    let (site, _) = site_with_an_attachment();
    let stop = AtomicBool::new(false);
    let (tx, rx) = mpsc::channel();
    let (copy_dir, head, committed_before) = std::thread::scope(|scope| {
        for n in 0..4 {
            let (site, stop, tx) = (&site, &stop, tx.clone());
            scope.spawn(move || writer(site, n, stop, &tx));
        }
        drop(tx);
        // Wait (on the channel, no sleep) until the writers committed some
        // changes; everything received now was committed before the backup.
        let mut committed = Vec::new();
        while committed.len() < 24 {
            committed.push(rx.recv().unwrap());
        }
        committed.extend(rx.try_iter());
        let out = act(&site, "admin", &["--format", "json", "backup"]);
        // The writers were still writing while the backup ran: at least one
        // more change arrives after it.
        let after = rx.recv().unwrap();
        stop.store(true, Ordering::Relaxed);
        let value = json(&out);
        drop(after);
        for _ in rx.iter() {}
        let dir = PathBuf::from(value["dir"].as_str().unwrap());
        let head = value["head"].as_str().unwrap().to_string();
        (dir, head, committed)
    });
    assert!(copy_dir.starts_with(backups_dir(&site).canonicalize().unwrap()));
    let name = copy_dir.file_name().unwrap().to_str().unwrap();
    assert_eq!(name.len(), "2026-12-03T101500Z".len(), "{name}");
    assert!(name.ends_with('Z') && !name.contains(':'), "{name}");

    let db = copy_dir.join("guichet.db");
    {
        let copy = Connection::open_with_flags(&db, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
        let check: String = copy
            .query_row("PRAGMA integrity_check", [], |r| r.get(0))
            .unwrap();
        assert_eq!(check, "ok");
        let pages: i64 = copy
            .query_row("PRAGMA page_count", [], |r| r.get(0))
            .unwrap();
        assert!(pages > 2 * 64, "the copy took several steps: {pages} pages");
        for change in &committed_before {
            let (kind, value) = change.split_once(':').unwrap();
            let sql = match kind {
                "user" => "SELECT count(*) FROM users WHERE login = ?1",
                _ => "SELECT count(*) FROM ticket_comments WHERE body = ?1",
            };
            let found: i64 = copy.query_row(sql, [value], |r| r.get(0)).unwrap();
            assert_eq!(
                found, 1,
                "{change}, committed before the backup, is in the copy"
            );
        }
        // The manifest's head is the copy's last entry.
        let (id, hash): (i64, String) = copy
            .query_row(
                "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!(head, format!("{id}:{hash}"));
        let recorded: i64 = copy
            .query_row(
                "SELECT count(*) FROM audit_log WHERE action = 'site.backup'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(recorded, 0, "the backup's own entry comes after the copy");
    }
    let listed = manifest(&copy_dir);
    assert_eq!(listed["audit_head"]["anchor"].as_str(), Some(head.as_str()));

    // The copy verifies with its copied key, and holds its head.
    ok(on_db(&site, &db, "admin", &["audit", "verify"]));
    let out = ok(on_db(
        &site,
        &db,
        "admin",
        &["audit", "verify", "--anchor", &head],
    ));
    assert!(out.contains("still holds the anchor"), "{out}");

    // The site's own log records the backup, with its folder and head.
    let tail = json(&act(
        &site,
        "admin",
        &["--format", "json", "audit", "tail", "--limit", "500"],
    ));
    let entry = tail
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["action"] == "site.backup")
        .expect("a site.backup entry");
    let summary: serde_json::Value =
        serde_json::from_str(entry["summary"].as_str().unwrap()).unwrap();
    assert_eq!(summary["head"].as_str(), Some(head.as_str()));
    assert_eq!(summary["path"].as_str(), copy_dir.to_str());
}

#[test]
fn the_manifest_lists_every_file_with_its_hash_and_the_files_are_private() {
    let (site, content) = site_with_an_attachment();
    let dir = site.dir.path().join("mine");
    let out = ok(act(&site, "admin", &["backup", dir.to_str().unwrap()]));
    assert!(out.contains("audit verify --anchor"), "{out}");
    let listed = manifest(&dir);
    assert_eq!(listed["format"], "guichet backup 1");
    assert_eq!(listed["guichet_version"], env!("CARGO_PKG_VERSION"));
    assert_eq!(
        listed["schema_version"],
        guichet::store::migrate::SCHEMA_VERSION
    );
    let created = listed["created_at"].as_str().unwrap();
    assert!(created.ends_with('Z') && created.len() == 20, "{created}");
    let files = listed["files"].as_array().unwrap();
    let mut paths: Vec<&str> = files.iter().map(|f| f["path"].as_str().unwrap()).collect();
    for file in files {
        let bytes = std::fs::read(dir.join(file["path"].as_str().unwrap())).unwrap();
        assert_eq!(file["sha256"].as_str().unwrap(), sha256_hex(&bytes));
        assert_eq!(file["size"].as_u64().unwrap(), bytes.len() as u64);
    }
    // The attachment, under its hash, with its content.
    let sha = sha256_hex(&content);
    let attachment = format!("attachments/{}/{sha}", &sha[..2]);
    assert_eq!(std::fs::read(dir.join(&attachment)).unwrap(), content);
    // The key, byte for byte, private.
    let key = site.db.with_extension("db.key");
    assert_eq!(
        std::fs::read(dir.join("guichet.db.key")).unwrap(),
        std::fs::read(&key).unwrap()
    );
    paths.sort_unstable();
    assert_eq!(
        paths,
        vec![attachment.as_str(), "guichet.db", "guichet.db.key"]
    );
    // Exactly those files and the manifest: no journal, WAL or partial.
    let mut on_disk = Vec::new();
    let mut folders = vec![dir.clone()];
    while let Some(folder) = folders.pop() {
        assert_eq!(mode(&folder), 0o700, "{}", folder.display());
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                folders.push(path);
            } else {
                assert_eq!(mode(&path), 0o600, "{}", path.display());
                on_disk.push(path.strip_prefix(&dir).unwrap().display().to_string());
            }
        }
    }
    on_disk.sort();
    let mut expected: Vec<String> = paths.iter().map(|p| p.to_string()).collect();
    expected.push("manifest.json".into());
    expected.sort();
    assert_eq!(on_disk, expected);
}

#[test]
fn a_damaged_attachment_stops_the_backup_and_leaves_no_folder() {
    let (site, content) = site_with_an_attachment();
    let sha = sha256_hex(&content);
    let stored = site
        .db
        .parent()
        .unwrap()
        .join("attachments")
        .join(&sha[..2])
        .join(&sha);
    std::fs::write(&stored, b"not what was attached").unwrap();
    let out = act(&site, "admin", &["backup"]);
    assert_eq!(code(&out), 6, "{}", stderr(&out));
    assert!(stderr(&out).contains(&sha), "{}", stderr(&out));
    let left: Vec<_> = std::fs::read_dir(backups_dir(&site)).unwrap().collect();
    assert!(left.is_empty(), "nothing that looks like a backup stays");
}

#[test]
fn folders_outside_through_a_link_or_existing_are_refused_and_nothing_is_written() {
    let (site, _) = site_with_an_attachment();
    // Only backup.dir and this export folder may receive a backup.
    let exports = site.dir.path().join("exports");
    std::fs::create_dir(&exports).unwrap();
    let config = std::fs::read_to_string(&site.config).unwrap();
    std::fs::write(
        &site.config,
        format!(
            "{config}[attachments]\nexport_dirs = [{:?}]\n",
            exports.to_str().unwrap()
        ),
    )
    .unwrap();
    let outside = tempfile::tempdir().unwrap();
    let before = std::fs::read_dir(site.dir.path()).unwrap().count();

    let target = outside.path().join("b");
    let out = act(&site, "admin", &["backup", target.to_str().unwrap()]);
    assert_eq!(code(&out), 6);
    assert!(
        stderr(&out).contains("outside the folders"),
        "{}",
        stderr(&out)
    );
    assert!(!target.exists());

    // Through a link inside an allowed folder to a folder outside.
    let link = exports.join("link");
    std::os::unix::fs::symlink(outside.path(), &link).unwrap();
    let out = act(
        &site,
        "admin",
        &["backup", link.join("b").to_str().unwrap()],
    );
    assert_eq!(code(&out), 6);
    assert!(!target.exists());
    // A link inside the allowed folder to another allowed folder: still no.
    std::fs::create_dir(exports.join("real")).unwrap();
    std::os::unix::fs::symlink(exports.join("real"), exports.join("alias")).unwrap();
    let out = act(
        &site,
        "admin",
        &["backup", exports.join("alias/b").to_str().unwrap()],
    );
    assert_eq!(code(&out), 6);
    assert!(stderr(&out).contains("symbolic link"), "{}", stderr(&out));
    assert!(!exports.join("real/b").exists());

    // An existing folder, even empty and allowed.
    let existing = exports.join("real");
    let out = act(&site, "admin", &["backup", existing.to_str().unwrap()]);
    assert_eq!(code(&out), 6);
    assert!(stderr(&out).contains("already exists"), "{}", stderr(&out));
    assert_eq!(std::fs::read_dir(&existing).unwrap().count(), 0);

    let out = act(&site, "admin", &["backup", "/proc/guichet"]);
    assert_eq!(code(&out), 6);
    assert!(stderr(&out).contains("/proc"), "{}", stderr(&out));

    assert!(!backups_dir(&site).exists(), "backup.dir was not even made");
    assert_eq!(std::fs::read_dir(site.dir.path()).unwrap().count(), before);

    // And a new folder inside the export folder is fine.
    ok(act(
        &site,
        "admin",
        &["backup", exports.join("new").to_str().unwrap()],
    ));
    assert!(exports.join("new/manifest.json").is_file());
}

#[test]
fn without_site_backup_nothing_is_written() {
    let (site, _) = site_with_an_attachment();
    let target = site.dir.path().join("by-tech");
    for args in [vec!["backup"], vec!["backup", target.to_str().unwrap()]] {
        let out = act(&site, "tech", &args);
        assert_eq!(code(&out), 4, "{}", stderr(&out));
        assert!(stderr(&out).contains("site.backup"), "{}", stderr(&out));
    }
    assert!(!target.exists());
    assert!(!backups_dir(&site).exists());
    // The French message has no English in it.
    let mut cmd = site.command();
    cmd.env("LC_ALL", "fr_FR.UTF-8")
        .env("GUICHET_PASSWORD", ADMIN_PASSWORD);
    let target = site.dir.path().join("../ailleurs");
    let out = cmd
        .args(["--as", "admin", "backup", target.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(code(&out), 6);
    assert!(
        stderr(&out).contains("hors des dossiers"),
        "{}",
        stderr(&out)
    );
}

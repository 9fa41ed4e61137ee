//! The safety of opening a database file: private permissions, and never
//! writing to a file of a newer schema or of another program.

mod support;

use guichet::domain::audit_action::AuditAction;
use guichet::store::audit::{self, NewEntry};
use guichet::store::migrate::SCHEMA_VERSION;
use guichet::store::{Store, StoreError};
use rusqlite::Connection;
use std::ffi::OsString;
use std::fs;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::{Output, Stdio};
use std::sync::{Arc, Barrier};
use support::cli::{binary, code, stderr};
use support::store::{options, TestResult};

fn mode(path: &Path) -> std::io::Result<u32> {
    Ok(fs::metadata(path)?.permissions().mode() & 0o777)
}

/// `g.db` + `-wal`, `-shm` or `-journal`.
fn sidecar(path: &Path, suffix: &str) -> PathBuf {
    let mut name = OsString::from(path.as_os_str());
    name.push(suffix);
    PathBuf::from(name)
}

fn assert_no_sidecars(path: &Path) {
    for suffix in ["-wal", "-shm", "-journal"] {
        let side = sidecar(path, suffix);
        assert!(!side.exists(), "{} exists", side.display());
    }
}

/// A guichet file whose schema version is one past what this build knows,
/// in rollback-journal mode and with no -wal or -shm left beside it.
fn make_newer(path: &Path) -> TestResult {
    drop(Store::open(path, &options())?);
    let conn = Connection::open(path)?;
    conn.execute_batch(&format!(
        "PRAGMA user_version = {};
         PRAGMA wal_checkpoint(TRUNCATE);
         PRAGMA journal_mode = DELETE;",
        SCHEMA_VERSION + 1
    ))?;
    conn.close().map_err(|(_, e)| e)?;
    assert_no_sidecars(path);
    Ok(())
}

#[test]
fn new_files_and_directories_are_private() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("a").join("b").join("g.db");
    let mut store = Store::open(&path, &options())?;
    assert_eq!(mode(&path)?, 0o600, "the database file");
    assert_eq!(mode(&dir.path().join("a"))?, 0o700, "a/");
    assert_eq!(mode(&dir.path().join("a").join("b"))?, 0o700, "a/b/");

    store.write(|w| {
        let entry = NewEntry::system(
            1_700_000_001,
            AuditAction::DatabaseMigrate,
            "main",
            "{}".into(),
        );
        audit::append(w, &entry)
    })?;
    for suffix in ["-wal", "-shm"] {
        let side = sidecar(&path, suffix);
        if side.exists() {
            assert_eq!(mode(&side)?, 0o600, "{}", side.display());
        }
    }
    Ok(())
}

#[test]
fn an_existing_file_readable_by_others_is_tightened() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("g.db");
    drop(Store::open(&path, &options())?);
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644))?;
    assert_eq!(mode(&path)?, 0o644);
    drop(Store::open(&path, &options())?);
    assert_eq!(mode(&path)?, 0o600);
    Ok(())
}

#[test]
fn a_newer_schema_is_refused_and_left_untouched() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("g.db");
    make_newer(&path)?;
    let before = fs::read(&path)?;
    match Store::open(&path, &options()) {
        Err(StoreError::NewerSchema {
            found, supported, ..
        }) => {
            assert_eq!(found, SCHEMA_VERSION + 1);
            assert_eq!(supported, SCHEMA_VERSION);
        }
        Err(other) => panic!("expected NewerSchema, got {other:?}"),
        Ok(_) => panic!("a newer schema was opened"),
    }
    let after = fs::read(&path)?;
    assert!(before == after, "the file's bytes changed");
    assert_no_sidecars(&path);
    Ok(())
}

#[test]
fn another_programs_file_is_refused_and_left_untouched() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("other.sqlite");
    let conn = Connection::open(&path)?;
    conn.execute_batch("CREATE TABLE t (x TEXT); INSERT INTO t VALUES ('theirs');")?;
    conn.close().map_err(|(_, e)| e)?;
    let before = fs::read(&path)?;
    match Store::open(&path, &options()) {
        Err(StoreError::NotGuichet { path: refused }) => assert_eq!(refused, path),
        Err(other) => panic!("expected NotGuichet, got {other:?}"),
        Ok(_) => panic!("another program's file was opened"),
    }
    let after = fs::read(&path)?;
    assert!(before == after, "the file's bytes changed");
    assert_no_sidecars(&path);
    Ok(())
}

/// Ignored until src/store/open.rs retries `PRAGMA journal_mode = WAL`:
/// two connections switching a new file to WAL at once deadlock on its
/// locks, and SQLite answers SQLITE_BUSY at once, without waiting out the
/// busy timeout; about one first open in four fails that way. Run it with
/// `cargo test --test store_open -- --ignored`.
#[test]
fn two_first_opens_at_once_create_the_database_once() -> TestResult {
    let dir = tempfile::tempdir()?;
    // A few rounds, each on a new path in a directory not yet there.
    for round in 0..6 {
        let path = dir.path().join(format!("round{round}")).join("g.db");
        let barrier = Arc::new(Barrier::new(2));
        let threads: Vec<_> = (0..2)
            .map(|_| {
                let (path, barrier) = (path.clone(), Arc::clone(&barrier));
                std::thread::spawn(move || {
                    barrier.wait();
                    Store::open(&path, &options())
                })
            })
            .collect();
        for thread in threads {
            let store = thread.join().map_err(|_| "an opening thread panicked")??;
            let creations: i64 = store.conn().query_row(
                "SELECT count(*) FROM audit_log WHERE action = 'database.create'",
                [],
                |r| r.get(0),
            )?;
            assert_eq!(creations, 1, "round {round}");
            let key = store.site_key()?.chain_key();
            assert!(
                guichet::store::audit_verify::verify(store.conn(), &key, None)?.is_ok(),
                "round {round}"
            );
        }
        assert_eq!(mode(&path)?, 0o600, "round {round}");
    }
    Ok(())
}

/// Runs the real binary with English messages and no GUICHET_* variables.
fn guichet(db: &Path, config: &Path, args: &[&str]) -> std::io::Result<Output> {
    binary(db, config)
        .args(args)
        .env_remove("LC_MESSAGES")
        .stdin(Stdio::null())
        .output()
}

#[test]
fn the_binary_refuses_a_newer_schema_clearly() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("g.db");
    let config = dir.path().join("config.toml");
    fs::write(&config, "[security]\nbcrypt_cost = 4\n")?;
    make_newer(&path)?;
    let before = fs::read(&path)?;
    let out = guichet(&path, &config, &["user", "list", "--as", "x"])?;
    let stderr = stderr(&out);
    assert_eq!(code(&out), 1, "stderr: {stderr}");
    assert!(stderr.contains("newer"), "stderr: {stderr}");
    assert!(
        stderr.contains(&path.display().to_string()),
        "stderr: {stderr}"
    );
    assert!(before == fs::read(&path)?, "the file's bytes changed");
    assert_no_sidecars(&path);
    Ok(())
}

#[test]
fn the_binary_names_an_unknown_config_key_and_its_file() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("g.db");
    let config = dir.path().join("config.toml");
    fs::write(&config, "[security]\nbcrypt_costs = 4\n")?;
    let out = guichet(&path, &config, &["user", "list", "--as", "x"])?;
    let stderr = stderr(&out);
    assert_eq!(code(&out), 2, "stderr: {stderr}");
    assert!(
        stderr.contains(&config.display().to_string()),
        "stderr: {stderr}"
    );
    assert!(stderr.contains("bcrypt_costs"), "stderr: {stderr}");
    assert!(
        !path.exists(),
        "a bad configuration still created the database"
    );
    Ok(())
}

/// Ignored until src/store/open.rs tightens permissions only once the file
/// is known to be guichet's: today another program's file is chmod-ed to
/// 0600 before it is refused.
#[test]
fn a_refused_file_keeps_its_permissions() -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("other.sqlite");
    let conn = Connection::open(&path)?;
    conn.execute_batch("CREATE TABLE t (x TEXT);")?;
    conn.close().map_err(|(_, e)| e)?;
    fs::set_permissions(&path, fs::Permissions::from_mode(0o644))?;
    assert!(matches!(
        Store::open(&path, &options()),
        Err(StoreError::NotGuichet { .. })
    ));
    assert_eq!(mode(&path)?, 0o644, "another program's file was chmod-ed");
    Ok(())
}

/// Ignored until the identity check runs on a read-only connection: a newer
/// guichet that stopped with commits still in its -wal (a crash, or another
/// process holding the file) has them checkpointed into the main file when
/// our refused connection closes.
#[test]
fn a_newer_file_with_a_hot_wal_is_left_untouched() -> TestResult {
    let dir = tempfile::tempdir()?;
    let live = dir.path().join("live.db");
    drop(Store::open(&live, &options())?);
    let conn = Connection::open(&live)?;
    conn.execute_batch(&format!(
        "PRAGMA wal_autocheckpoint = 0; PRAGMA user_version = {};",
        SCHEMA_VERSION + 1
    ))?;
    // A copy taken while the writer is still open: a file and its hot -wal.
    let path = dir.path().join("g.db");
    fs::copy(&live, &path)?;
    fs::copy(sidecar(&live, "-wal"), sidecar(&path, "-wal"))?;
    drop(conn);
    let before = fs::read(&path)?;
    assert!(matches!(
        Store::open(&path, &options()),
        Err(StoreError::NewerSchema { .. })
    ));
    assert!(before == fs::read(&path)?, "the file's bytes changed");
    Ok(())
}

#[test]
fn only_init_creates_a_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("typo").join("guichet.db");
    let config = dir.path().join("config.toml");
    std::fs::write(&config, "[security]\nbcrypt_cost = 4\n").unwrap();
    let out = binary(&db, &config)
        .args(["--as", "admin", "user", "list"])
        .env("GUICHET_PASSWORD", "whatever-it-is-123")
        .output()
        .unwrap();
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(
        err.contains("No guichet database") && err.contains("guichet init"),
        "{err}"
    );
    assert!(
        !db.exists() && !db.parent().unwrap().exists(),
        "nothing was created"
    );
}

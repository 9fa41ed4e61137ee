//! The configuration's parsing and validation, key by key.

use super::*;

#[test]
fn empty_file_gives_defaults() {
    assert_eq!(parse("").unwrap(), Config::default());
}

#[test]
fn the_example_file_parses_to_the_defaults() {
    let example = include_str!("../../config.example.toml");
    assert_eq!(parse(example).unwrap(), Config::default());
}

#[test]
fn unknown_keys_and_bad_values_name_the_key() {
    let err = parse("[security]\nbcrypt_costs = 10\n").unwrap_err();
    assert!(
        err.starts_with("line 2, security.bcrypt_costs: unknown field"),
        "{err}"
    );
    assert!(!err.contains('\n'), "one line: {err}");
    let err = parse("[security]\nbcrypt_cost = 3\n").unwrap_err();
    assert!(err.contains("security.bcrypt_cost"), "{err}");
    let err = parse("[site]\ntimezone = \"Mars/Olympus\"\n").unwrap_err();
    assert!(err.contains("site.timezone"), "{err}");
    let err = parse("[ui]\nlanguage = \"de\"\n").unwrap_err();
    assert!(err.starts_with("line 2, ui.language:"), "{err}");
    let err = parse("[log]\nmax_bytes = 10\n").unwrap_err();
    assert!(err.starts_with("log.max_bytes = 10"), "{err}");
    let err = parse("[log]\nkeep = 1000\n").unwrap_err();
    assert!(err.starts_with("log.keep = 1000"), "{err}");
    let err = parse("[log]\nsize = 10\n").unwrap_err();
    assert!(err.starts_with("line 2, log.size: unknown field"), "{err}");
    let err = parse("[database]\nbusy_timeout_ms = \"soon\"\n").unwrap_err();
    assert!(err.contains("busy_timeout_ms"), "{err}");
    let err = parse("[backup]\ndir = \"backups\"\n").unwrap_err();
    assert!(err.starts_with("backup.dir holds"), "{err}");
    let err = parse("[backup]\nkeep = 3\n").unwrap_err();
    assert!(
        err.starts_with("line 2, backup.keep: unknown field"),
        "{err}"
    );
    assert!(parse("[backup]\ndir = \"/srv/guichet/backups\"\n").is_ok());
}

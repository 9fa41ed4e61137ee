//! Every message key written in the code exists in the language files
//! (both languages having the same keys is checked in src/i18n.rs).

use std::path::Path;

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// String literals that look like message keys: `"error.x"`, `"cli.x"`.
fn keys_in(source: &str) -> Vec<String> {
    let mut keys = Vec::new();
    for prefix in ["\"error.", "\"cli.", "\"tui."] {
        for (at, _) in source.match_indices(prefix) {
            let rest = &source[at + 1..];
            let Some(end) = rest.find('"') else { continue };
            let key = &rest[..end];
            if key
                .chars()
                .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
                && !key.ends_with('.')
            {
                keys.push(key.to_string());
            }
        }
    }
    keys
}

#[test]
fn every_key_used_in_the_code_has_an_english_and_a_french_text() {
    let mut files = Vec::new();
    rust_files(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")),
        &mut files,
    );
    let mut used = std::collections::BTreeSet::new();
    for file in files {
        used.extend(keys_in(&std::fs::read_to_string(&file).unwrap()));
    }
    assert!(used.len() > 50, "the scan found too few keys: {used:?}");
    for lang in [guichet::i18n::Lang::En, guichet::i18n::Lang::Fr] {
        let i18n = guichet::i18n::I18n::new(lang);
        let missing: Vec<_> = used.iter().filter(|k| i18n.text(k) == k.as_str()).collect();
        assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
    }
}

/// Column keys of listings: `("key", value)` pairs in the CLI's records.
fn column_keys(source: &str) -> Vec<String> {
    let mut keys = Vec::new();
    for (at, _) in source.match_indices("(\"") {
        if source[..at].ends_with("arg") || source[..at].ends_with("with") {
            continue;
        }
        let rest = &source[at + 2..];
        let Some(end) = rest.find('"') else { continue };
        let key = &rest[..end];
        let is_pair = rest[end + 1..].starts_with(", ");
        if is_pair && !key.is_empty() && key.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
            keys.push(key.to_string());
        }
    }
    keys
}

#[test]
fn every_column_of_every_listing_has_a_label_in_both_languages() {
    let mut files = Vec::new();
    rust_files(
        Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src/cli/commands")),
        &mut files,
    );
    let mut used = std::collections::BTreeSet::new();
    for file in files {
        used.extend(column_keys(&std::fs::read_to_string(&file).unwrap()));
    }
    assert!(
        used.contains("login") && used.contains("status"),
        "{used:?}"
    );
    for lang in [guichet::i18n::Lang::En, guichet::i18n::Lang::Fr] {
        let i18n = guichet::i18n::I18n::new(lang);
        let missing: Vec<_> = used
            .iter()
            .filter(|k| {
                let key = format!("column.{k}");
                i18n.text(&key) == key
            })
            .collect();
        assert!(
            missing.is_empty(),
            "{lang:?} lacks column labels {missing:?}"
        );
    }
}

/// Every audit action and object kind is named in both languages (the
/// Logs pane and `audit tail` show these names, never the stored keys).
#[test]
fn every_audit_action_and_object_kind_has_a_label_in_both_languages() {
    use guichet::domain::audit_action::{AuditAction, ObjectKind};
    let keys: Vec<String> = AuditAction::EVERY
        .iter()
        .map(|a| a.label_key())
        .chain(ObjectKind::EVERY.iter().map(|k| k.label_key()))
        .collect();
    for lang in [guichet::i18n::Lang::En, guichet::i18n::Lang::Fr] {
        let i18n = guichet::i18n::I18n::new(lang);
        let missing: Vec<_> = keys.iter().filter(|k| i18n.text(k) == k.as_str()).collect();
        assert!(missing.is_empty(), "{lang:?} lacks {missing:?}");
    }
}

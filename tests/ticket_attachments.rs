//! The attachment store's defences, through the real binary.

mod support;

use std::path::Path;
use support::cli::{act as as_, code, json, ok, stderr, Site};

fn store_files(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            assert_eq!(support::mode(&path), 0o700);
            out.extend(store_files(&path));
        } else {
            out.push(path);
        }
    }
    out
}

#[test]
fn hostile_attachment_names_never_become_paths() {
    let site = Site::new();
    site.init();
    site.add_user("lea", "learner", &[]);
    site.add_user("tech", "technician", &[]);
    ok(as_(
        &site,
        "lea",
        &[
            "ticket",
            "new",
            "--title",
            "Pièces jointes",
            "--role",
            "technician",
        ],
    ));
    let uploads = site.dir.path().join("uploads");
    std::fs::create_dir_all(uploads.join("a/b")).unwrap();
    let names = ["passwd", "bell\u{7}and\u{1b}[2Jclear.txt", &"é".repeat(127)];
    for (i, name) in names.iter().enumerate() {
        std::fs::write(uploads.join(name), format!("content {i}")).unwrap();
    }
    // A path that climbs out with "..": only its last component is a label.
    let climbing = uploads.join("a/b/../../passwd");
    ok(as_(
        &site,
        "lea",
        &["ticket", "attach", "1", climbing.to_str().unwrap()],
    ));
    for name in &names[1..] {
        ok(as_(
            &site,
            "lea",
            &[
                "ticket",
                "attach",
                "1",
                uploads.join(name).to_str().unwrap(),
            ],
        ));
    }
    let shown = json(&as_(
        &site,
        "lea",
        &["ticket", "show", "1", "--format", "json"],
    ));
    let labels: Vec<&str> = shown["attachments"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels[0], "passwd");
    assert!(!labels[1].chars().any(char::is_control), "{:?}", labels[1]);
    assert!(labels[2].chars().count() <= 120);
    // The store holds only hash-named private files, inside its own directory.
    let store = site.db.parent().unwrap().join("attachments");
    let files = store_files(&store);
    assert_eq!(files.len(), 3);
    for file in &files {
        let name = file.file_name().unwrap().to_str().unwrap();
        assert!(
            name.len() == 64 && name.chars().all(|c| c.is_ascii_hexdigit()),
            "{name}"
        );
        assert_eq!(support::mode(file), 0o600);
    }
    // Saved back out byte for byte, never over an existing file.
    let out = site.dir.path().join("saved.txt");
    ok(as_(
        &site,
        "tech",
        &[
            "ticket",
            "attachment",
            "save",
            "2",
            "--out",
            out.to_str().unwrap(),
        ],
    ));
    assert_eq!(std::fs::read(&out).unwrap(), b"content 1");
    let again = as_(
        &site,
        "tech",
        &["ticket", "attachment", "save", "1", "--out", "saved.txt"],
    );
    assert_eq!(code(&again), 6, "{}", stderr(&again));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    assert_eq!(std::fs::read(&out).unwrap(), b"content 1", "left as it was");
    // Displayed as inert text.
    let table = ok(as_(&site, "lea", &["ticket", "show", "1"]));
    assert!(!table.contains('\u{1b}') && !table.contains('\u{7}'));
}

#[test]
fn oversize_files_and_non_files_are_refused_and_nothing_is_stored() {
    let site = Site::with_config("[attachments]\nmax_bytes = 1000\n");
    site.init();
    site.add_user("lea", "learner", &[]);
    site.add_user("tech", "technician", &[]);
    ok(as_(
        &site,
        "lea",
        &[
            "ticket",
            "new",
            "--title",
            "Gros fichier",
            "--role",
            "technician",
        ],
    ));
    let big = site.dir.path().join("big.bin");
    std::fs::write(&big, vec![7u8; 1001]).unwrap();
    let out = as_(
        &site,
        "lea",
        &["ticket", "attach", "1", big.to_str().unwrap()],
    );
    assert_eq!(code(&out), 6);
    assert!(
        stderr(&out).contains("1001") && stderr(&out).contains("1000"),
        "{}",
        stderr(&out)
    );
    let dir = as_(
        &site,
        "lea",
        &["ticket", "attach", "1", site.dir.path().to_str().unwrap()],
    );
    assert_eq!(code(&dir), 6, "{}", stderr(&dir));
    let missing = as_(&site, "lea", &["ticket", "attach", "1", "/no/such/file"]);
    assert_eq!(code(&missing), 6);
    let store = site.db.parent().unwrap().join("attachments");
    assert!(!store.exists() || store_files(&store).is_empty());
    let shown = json(&as_(
        &site,
        "lea",
        &["ticket", "show", "1", "--format", "json"],
    ));
    assert_eq!(shown["attachments"].as_array().unwrap().len(), 0);
}

//! Tables and CSV show stored keys (statuses, priorities, urgency levels,
//! audit actions) by their names in the reader's language; JSON keeps the
//! keys, for scripts.

mod support;

use support::cli::{code, stderr, stdout, Site, ADMIN_PASSWORD};

fn run_fr(site: &Site, args: &[&str]) -> String {
    let out = site
        .command()
        .args(["--as", "admin"])
        .args(args)
        .env("LC_ALL", "fr_FR.UTF-8")
        .env("GUICHET_PASSWORD", ADMIN_PASSWORD)
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    stdout(&out)
}

#[test]
fn french_tables_name_what_json_keeps_as_keys() {
    let site = Site::new();
    site.init();
    site.add_user("jlearn", "learner", &[]);
    let table = run_fr(&site, &["audit", "tail"]);
    assert!(table.contains("utilisateur créé"), "{table}");
    assert!(!table.contains("user.create"), "{table}");
    assert!(table.contains("base créée"), "{table}");
    let csv = run_fr(&site, &["audit", "tail", "--format", "csv"]);
    assert!(csv.contains("utilisateur créé"), "{csv}");
    let json = run_fr(&site, &["audit", "tail", "--format", "json"]);
    let entries: serde_json::Value = serde_json::from_str(&json).unwrap();
    let actions: Vec<&str> = entries
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    assert!(actions.contains(&"user.create"), "{json}");
    assert!(
        entries
            .as_array()
            .unwrap()
            .iter()
            .all(|e| e["object_type"] != "utilisateur"),
        "{json}"
    );
}

//! `--text` on the CLI's lists: users, roles, categories, programmes,
//! cohorts and notifications, through the same service functions as the
//! dashboard's `/` (case and accents ignored, `%` and `_` literal).

mod support;

use support::cli::{act, json, Site};

/// The values of `field` in a JSON array printed by a list.
fn column(site: &Site, args: &[&str], field: &str) -> Vec<String> {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let rows = json(&act(site, "admin", &all));
    rows.as_array()
        .unwrap_or_else(|| panic!("not an array: {rows}"))
        .iter()
        .map(|r| r[field].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn lists_take_text_and_match_it_literally() {
    let site = Site::new();
    site.init();
    site.add_user("jbseck", "coach_hard", &[]);
    site.add_user("x_y", "learner", &[]);
    site.add_user("xzy", "learner", &[]);
    for name in ["50% off", "500 off", "Pédagogie"] {
        support::cli::assert_ok(&act(&site, "admin", &["category", "add", name]));
        support::cli::assert_ok(&act(&site, "admin", &["programme", "add", name]));
    }
    support::cli::assert_ok(&act(
        &site,
        "admin",
        &["cohort", "add", "Promo Été", "--programme", "500 off"],
    ));
    let users = |text: &str| column(&site, &["user", "list", "--text", text], "login");
    assert_eq!(users("JBSE"), ["jbseck"]);
    assert_eq!(users("hard-skills"), ["jbseck"], "by the role's label");
    assert_eq!(users("x_y"), ["x_y"]);
    assert_eq!(
        column(&site, &["role", "list", "--text", "HARD"], "key"),
        ["coach_hard"]
    );
    assert_eq!(
        column(&site, &["category", "list", "--text", "50%"], "name"),
        ["50% off"]
    );
    assert_eq!(
        column(&site, &["category", "list", "--text", "pedago"], "name"),
        ["Pédagogie"]
    );
    assert_eq!(
        column(&site, &["programme", "list", "--text", "%"], "name"),
        ["50% off"]
    );
    assert_eq!(
        column(&site, &["cohort", "list", "--text", "ete"], "name"),
        ["Promo Été"]
    );
    assert!(column(&site, &["notifications", "--text", "zzqq"], "title").is_empty());
}

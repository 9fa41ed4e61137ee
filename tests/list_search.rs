//! The lists' text filter through the services on a real file: `%` and
//! `_` typed are taken literally, case and accents are folded, and the
//! filtered list still pages by its keyset.

mod support;

use guichet::service::users::NewUser;
use support::service::{World, PASSWORD};

fn categories(w: &World, search: &str, after: &str, limit: u32) -> Vec<String> {
    w.service
        .list_categories_matching(&w.admin, Some(search), after, limit)
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect()
}

#[test]
fn percent_and_underscore_are_literal_and_accents_fold() {
    let mut w = World::new();
    let admin = w.admin.clone();
    for name in ["50% off", "500 off", "a_b", "axb", "Été", "ete indien"] {
        w.service.add_category(&admin, name).unwrap();
        w.service.add_programme(&admin, name).unwrap();
    }
    assert_eq!(categories(&w, "50%", "", 100), ["50% off"]);
    assert_eq!(categories(&w, "a_b", "", 100), ["a_b"]);
    assert_eq!(categories(&w, "%", "", 100), ["50% off"]);
    // In the list's order (by name, as stored: `É` after `e`).
    assert_eq!(categories(&w, "ÉTÉ", "", 100), ["ete indien", "Été"]);
    assert_eq!(
        categories(&w, "  ", "", 100).len(),
        6,
        "blank: the whole list"
    );
    let programmes: Vec<String> = w
        .service
        .list_programmes_matching(&admin, Some("_"), "", 100)
        .unwrap()
        .into_iter()
        .map(|p| p.name)
        .collect();
    assert_eq!(programmes, ["a_b"]);
    // Page by page, one row at a time, after the last one read.
    assert_eq!(categories(&w, "ete", "", 1), ["ete indien"]);
    assert_eq!(categories(&w, "ete", "ete indien", 1), ["Été"]);
    assert!(categories(&w, "ete", "Été", 1).is_empty());
}

#[test]
fn users_match_by_login_name_and_role_and_roles_by_key_and_label() {
    let mut w = World::new();
    let admin = w.admin.clone();
    let new = NewUser {
        login: "jbseck",
        full_name: "Jean-Baptiste Seck",
        role: "coach_hard",
        email: None,
        phone: None,
        cohort: None,
        company: None,
        password: PASSWORD,
    };
    w.service.add_user(&admin, &new).unwrap();
    w.add("x_y", "learner");
    w.add("xzy", "learner");
    let users = |search: &str| -> Vec<String> {
        w.service
            .list_users_matching(&admin, None, Some(search), "", 100)
            .unwrap()
            .into_iter()
            .map(|u| u.user.login)
            .collect()
    };
    assert_eq!(users("SECK"), ["jbseck"]);
    assert_eq!(users("hard-skills"), ["jbseck"], "the role's English label");
    assert_eq!(users("coach_h"), ["jbseck"], "the role's key");
    assert_eq!(users("x_y"), ["x_y"]);
    let roles: Vec<String> = w
        .service
        .list_roles_matching(&admin, Some("HARD"), "", 100)
        .unwrap()
        .into_iter()
        .map(|r| r.role.key)
        .collect();
    assert_eq!(roles, ["coach_hard"]);
}

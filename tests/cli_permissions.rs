//! Every front-end action of the foundation, run through the real binary by
//! one user of each default role: refused with exit 4 exactly when the role
//! lacks the capability, and never refused for lack of it otherwise.

mod support;

use guichet::domain::roles::{default_grants, DEFAULT_ROLES};
use guichet::domain::{Capability, Scope};
use support::cli::{code, stderr, Site, USER_PASSWORD};

/// An action: its arguments (`{r}` stands for the role, to keep names
/// unique), what it needs, and the scope it needs (`None`: any scope).
struct Action {
    args: &'static [&'static str],
    capability: Capability,
    scope: Option<Scope>,
    stdin: Option<&'static str>,
}

const fn act(args: &'static [&'static str], capability: Capability) -> Action {
    Action {
        args,
        capability,
        scope: None,
        stdin: None,
    }
}

const PASSWORD_LINE: &str = "Fresh-password-for-tests-7\n";

fn actions() -> Vec<Action> {
    use Capability as C;
    vec![
        Action {
            stdin: Some(PASSWORD_LINE),
            ..act(
                &[
                    "user",
                    "add",
                    "--login",
                    "new-{r}",
                    "--name",
                    "New",
                    "--role",
                    "learner",
                    "--password-stdin",
                ],
                C::UserCreate,
            )
        },
        act(&["user", "list"], C::UserRead),
        // Someone else's profile: only scope `all` may learn that "ghost" is missing.
        Action {
            scope: Some(Scope::All),
            ..act(&["user", "show", "ghost"], C::UserRead)
        },
        Action {
            scope: Some(Scope::All),
            ..act(&["user", "edit", "ghost", "--name", "G"], C::UserUpdate)
        },
        act(&["user", "set-role", "ghost", "learner"], C::RoleAssign),
        act(&["user", "deactivate", "ghost"], C::UserAccess),
        act(&["user", "activate", "ghost"], C::UserAccess),
        act(&["user", "unlock", "ghost"], C::UserAccess),
        Action {
            scope: Some(Scope::All),
            stdin: Some(PASSWORD_LINE),
            ..act(
                &["user", "passwd", "ghost", "--password-stdin"],
                C::UserPassword,
            )
        },
        act(&["role", "list"], C::RoleRead),
        act(&["role", "show", "learner"], C::RoleRead),
        act(&["role", "capabilities"], C::RoleRead),
        act(
            &[
                "role",
                "add",
                "role_{r}",
                "--label-fr",
                "R",
                "--label-en",
                "R",
            ],
            C::RoleManage,
        ),
        act(&["role", "grant", "learner", "kb.read:all"], C::RoleManage),
        act(
            &["role", "revoke", "learner", "inventory.read"],
            C::RoleManage,
        ),
        act(&["audit", "tail"], C::AuditRead),
        act(&["audit", "verify"], C::AuditRead),
        act(&["journal"], C::JournalRead),
        act(&["programme", "add", "Programme {r}"], C::ProgrammeManage),
        act(&["programme", "list"], C::ProgrammeRead),
        act(
            &[
                "cohort",
                "add",
                "Promo {r}",
                "--programme",
                "No such programme",
            ],
            C::CohortManage,
        ),
        act(&["cohort", "list"], C::CohortRead),
        act(&["company", "add", "Company {r}"], C::CompanyManage),
        act(&["company", "list"], C::CompanyRead),
    ]
}

#[test]
fn every_action_is_refused_with_exit_4_exactly_for_roles_that_lack_it() {
    let site = Site::new();
    site.init();
    for role in DEFAULT_ROLES.iter().filter(|r| r.key != "admin") {
        site.add_user(&format!("u-{}", role.key), role.key, &[]);
    }
    let mut denied = 0;
    for role in DEFAULT_ROLES {
        let login = if role.key == "admin" {
            "admin".to_string()
        } else {
            format!("u-{}", role.key)
        };
        let password = if role.key == "admin" {
            support::cli::ADMIN_PASSWORD
        } else {
            USER_PASSWORD
        };
        let grants = default_grants(role.key);
        for action in actions() {
            let args: Vec<String> = action
                .args
                .iter()
                .map(|a| a.replace("{r}", role.key))
                .collect();
            let mut full: Vec<&str> = vec!["--as", &login];
            full.extend(args.iter().map(String::as_str));
            let out = site.run(&full, Some(password), action.stdin);
            let held = grants.scope_of(action.capability);
            let allowed = match action.scope {
                None => held.is_some(),
                Some(needed) => held.is_some_and(|s| s.includes(needed)),
            };
            let what = format!("{} as {}: {}", args.join(" "), role.key, stderr(&out));
            if allowed {
                assert_ne!(code(&out), 4, "wrongly denied: {what}");
            } else {
                assert_eq!(code(&out), 4, "not denied: {what}");
                assert!(stderr(&out).contains(action.capability.key()), "{what}");
                denied += 1;
            }
        }
    }
    assert!(denied > 100, "the matrix should deny a lot: {denied}");
}

#[test]
fn permission_is_checked_before_the_input_is_validated() {
    let site = Site::new();
    site.init();
    site.add_user("learner1", "learner", &[]);
    // Invalid input from someone without the right is still "denied" (4),
    // never "invalid" (6) or "not found" (5): they learn nothing about it.
    for args in [
        &[
            "user",
            "add",
            "--login",
            "!!",
            "--name",
            "",
            "--role",
            "nope",
            "--password-stdin",
        ][..],
        &["role", "grant", "nope", "no.such:cap"][..],
        &[
            "cohort",
            "add",
            "",
            "--programme",
            "nowhere",
            "--start",
            "2026-02-30",
        ][..],
        &["user", "set-role", "nobody", "no_such_role"][..],
    ] {
        let mut full = vec!["--as", "learner1"];
        full.extend_from_slice(args);
        let out = site.run(&full, Some(USER_PASSWORD), Some(PASSWORD_LINE));
        assert_eq!(code(&out), 4, "{args:?}: {}", stderr(&out));
    }
}

#[test]
fn a_deactivated_or_demoted_user_loses_their_rights_at_once() {
    let site = Site::new();
    site.init();
    site.add_user("boss", "management", &[]);
    let as_boss = |args: &[&str]| site.as_user("boss", USER_PASSWORD, args);
    assert_eq!(code(&as_boss(&["company", "add", "Acme"])), 0);
    assert_eq!(
        code(&site.admin(&["user", "set-role", "boss", "support"])),
        0
    );
    assert_eq!(code(&as_boss(&["company", "add", "Acme 2"])), 4);
    assert_eq!(code(&site.admin(&["user", "deactivate", "boss"])), 0);
    assert_eq!(code(&as_boss(&["company", "list"])), 3);
}

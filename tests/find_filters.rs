//! Finding what needs doing (issue 13): unassigned tickets, pending
//! closure requests, tickets waiting on a staff reply; through the service
//! and through `ticket list`, never beyond the actor's reach.

mod support;

use guichet::service::tickets::TicketFilter;
use guichet::service::Actor;
use support::cli::{act, assert_ok, json, Site};
use support::service::World;

const LUMIERE: &str = "Agence Lumière";
const MARTIN: &str = "Boulangerie Martin";

fn unassigned() -> TicketFilter {
    TicketFilter {
        unassigned: true,
        ..Default::default()
    }
}

fn closure() -> TicketFilter {
    TicketFilter {
        closure_requested: true,
        ..Default::default()
    }
}

fn awaiting() -> TicketFilter {
    TicketFilter {
        awaiting_staff: true,
        ..Default::default()
    }
}

struct Desk {
    w: World,
    tech: Actor,
    other_tech: Actor,
    learner: Actor,
    other_learner: Actor,
    client: Actor,
    colleague: Actor,
    outsider: Actor,
}

fn desk() -> Desk {
    let mut w = World::new();
    w.company(LUMIERE);
    w.company(MARTIN);
    let tech = w.add("tech", "technician");
    let other_tech = w.add("coach", "coach_hard");
    let learner = w.add("lea", "learner");
    let other_learner = w.add("leo", "learner");
    let client = w.add_in("cli", "client", Some(LUMIERE));
    let colleague = w.add_in("col", "client", Some(LUMIERE));
    let outsider = w.add_in("out", "client", Some(MARTIN));
    Desk {
        w,
        tech,
        other_tech,
        learner,
        other_learner,
        client,
        colleague,
        outsider,
    }
}

#[test]
fn unassigned_tickets_are_those_of_nobody_and_only_within_reach() {
    let mut d = desk();
    let (lea, leo) = (d.learner.clone(), d.other_learner.clone());
    let mine = d.w.open(&lea, "Projecteur", "technician", Some("tech"));
    // Nobody holds the referent role: these stay with nobody.
    let nobodys = d.w.open(&lea, "Attestation", "referent", None);
    let leos = d.w.open(&leo, "Badge", "referent", None);
    let admin = d.w.admin.clone();
    assert_eq!(
        d.w.list_all(&admin, &unassigned()).unwrap(),
        [nobodys, leos]
    );
    assert_eq!(d.w.list_all(&lea, &unassigned()).unwrap(), [nobodys]);
    // The technician reads what is theirs or their role's: not these.
    assert!(d.w.list_all(&d.tech, &unassigned()).unwrap().is_empty());
    assert!(d
        .w
        .list_all(&d.other_tech, &unassigned())
        .unwrap()
        .is_empty());
    // Assigning one takes it off the list.
    d.w.service
        .assign(&admin, nobodys, None, Some("technician"))
        .unwrap();
    assert_eq!(d.w.list_all(&admin, &unassigned()).unwrap(), [leos]);
    assert_eq!(d.w.ticket(mine).assignee_login.as_deref(), Some("tech"));
}

#[test]
fn closure_requests_are_listed_until_staff_answer_them() {
    let mut d = desk();
    let (cli, out, tech) = (d.client.clone(), d.outsider.clone(), d.tech.clone());
    let asked = d.w.open(&cli, "Site en panne", "technician", None);
    let theirs = d.w.open(&out, "Mentions légales", "technician", None);
    let quiet = d.w.open(&cli, "Logo", "technician", None);
    for id in [asked, theirs] {
        let who = if id == asked { &cli } else { &out };
        d.w.service
            .request_closure(who, id, "C'est réglé de notre côté")
            .unwrap();
    }
    let admin = d.w.admin.clone();
    assert_eq!(d.w.list_all(&admin, &closure()).unwrap(), [asked, theirs]);
    // A client never sees another company's request, nor a colleague's
    // ticket without one.
    assert_eq!(d.w.list_all(&d.colleague, &closure()).unwrap(), [asked]);
    assert_eq!(d.w.list_all(&out, &closure()).unwrap(), [theirs]);
    d.w.status(&tech, asked, "closed");
    assert_eq!(d.w.list_all(&admin, &closure()).unwrap(), [theirs]);
    assert!(!d.w.list_all(&admin, &closure()).unwrap().contains(&quiet));
}

#[test]
fn a_ticket_waits_on_staff_until_staff_answer_in_public() {
    let mut d = desk();
    let (cli, col, tech) = (d.client.clone(), d.colleague.clone(), d.tech.clone());
    let admin = d.w.admin.clone();
    let id = d.w.open(&cli, "Formulaire de contact", "technician", None);
    // Opened, nobody answered yet.
    assert_eq!(d.w.list_all(&admin, &awaiting()).unwrap(), [id]);
    // An internal note is not an answer.
    d.w.service
        .comment(&tech, id, "Voir les logs", true)
        .unwrap();
    assert_eq!(d.w.list_all(&admin, &awaiting()).unwrap(), [id]);
    d.w.service.comment(&tech, id, "Corrigé ?", false).unwrap();
    assert!(d.w.list_all(&admin, &awaiting()).unwrap().is_empty());
    // A colleague of the requester is not staff: nothing changes.
    d.w.service
        .comment(&col, id, "Chez moi aussi", false)
        .unwrap();
    assert!(d.w.list_all(&admin, &awaiting()).unwrap().is_empty());
    d.w.service
        .comment(&cli, id, "Toujours pas", false)
        .unwrap();
    assert_eq!(d.w.list_all(&admin, &awaiting()).unwrap(), [id]);
    assert_eq!(d.w.list_all(&tech, &awaiting()).unwrap(), [id]);
    // Out of reach: another company's client, a learner.
    assert!(d.w.list_all(&d.outsider, &awaiting()).unwrap().is_empty());
    assert!(d.w.list_all(&d.learner, &awaiting()).unwrap().is_empty());
    // A status change with a comment answers too.
    d.w.service
        .change_status(
            &tech,
            id,
            support::service::status("in_progress"),
            Some("J'y suis"),
        )
        .unwrap();
    assert!(d.w.list_all(&admin, &awaiting()).unwrap().is_empty());
    d.w.service.comment(&cli, id, "Merci, et ?", false).unwrap();
    assert_eq!(d.w.list_all(&admin, &awaiting()).unwrap(), [id]);
    // On hold, staff wait for the requester; closed, nobody waits.
    d.w.status(&tech, id, "on_hold");
    assert!(d.w.list_all(&admin, &awaiting()).unwrap().is_empty());
    d.w.status(&tech, id, "closed");
    assert!(d.w.list_all(&admin, &awaiting()).unwrap().is_empty());
}

#[test]
fn the_three_filters_combine_with_the_others() {
    let mut d = desk();
    let lea = d.learner.clone();
    let a = d.w.open(&lea, "Clé perdue", "referent", None);
    let b = d.w.open(&lea, "Écran", "technician", Some("tech"));
    d.w.service.request_closure(&lea, a, "Retrouvée").unwrap();
    let admin = d.w.admin.clone();
    let all = TicketFilter {
        unassigned: true,
        closure_requested: true,
        awaiting_staff: true,
        ..Default::default()
    };
    assert_eq!(d.w.list_all(&admin, &all).unwrap(), [a]);
    let with_text = TicketFilter {
        text: Some("écran".into()),
        ..awaiting()
    };
    assert_eq!(d.w.list_all(&admin, &with_text).unwrap(), [b]);
}

/// The filters read through indexes, never the whole tickets table.
#[test]
fn each_filter_reads_an_index() {
    let d = desk();
    let conn = d.w.service.store().conn();
    // With the visibility of a technician, as the store writes it.
    let scoped = "(+t.assignee_id = 5 OR +t.handling_role = 'technician' OR +t.requester_id = 5)";
    for condition in [
        "t.assignee_id IS NULL",
        "t.closure_requested = 1",
        "t.awaiting_reply = 1",
    ] {
        let sql = format!(
            "EXPLAIN QUERY PLAN SELECT t.id FROM tickets t WHERE {scoped} AND {condition} ORDER BY t.id DESC LIMIT 50"
        );
        let mut stmt = conn.prepare(&sql).unwrap();
        let plan: Vec<String> = stmt
            .query_map([], |r| r.get::<_, String>(3))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(
            plan.iter().any(|p| p.contains("INDEX")) && !plan.iter().any(|p| p == "SCAN t"),
            "{condition}: {plan:?}"
        );
    }
}

fn ids(site: &Site, login: &str, args: &[&str]) -> Vec<i64> {
    let mut all = vec!["ticket", "list", "--format", "json"];
    all.extend_from_slice(args);
    let out = act(site, login, &all);
    assert_ok(&out);
    let mut ids: Vec<i64> = json(&out)
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_i64().unwrap())
        .collect();
    ids.sort_unstable();
    ids
}

fn new_ticket(site: &Site, login: &str, role: &str) -> i64 {
    let out = act(
        site,
        login,
        &[
            "ticket", "new", "--title", "Besoin", "--role", role, "--format", "json",
        ],
    );
    assert_ok(&out);
    json(&out)["id"].as_i64().unwrap()
}

#[test]
fn ticket_list_finds_what_needs_doing_within_reach() {
    let site = Site::new();
    site.init();
    site.add_user("tech", "technician", &[]);
    site.add_user("lea", "learner", &[]);
    site.add_user("leo", "learner", &[]);
    let lonely = new_ticket(&site, "lea", "referent");
    let handled = new_ticket(&site, "lea", "technician");
    let leos = new_ticket(&site, "leo", "referent");
    assert_eq!(ids(&site, "admin", &["--unassigned"]), [lonely, leos]);
    assert_eq!(ids(&site, "admin", &["--assignee", "none"]), [lonely, leos]);
    assert_eq!(ids(&site, "lea", &["--unassigned"]), [lonely]);
    assert!(ids(&site, "tech", &["--unassigned"]).is_empty());

    assert_ok(&act(
        &site,
        "tech",
        &[
            "ticket",
            "comment",
            &handled.to_string(),
            "--text",
            "Je regarde",
        ],
    ));
    assert_eq!(ids(&site, "admin", &["--awaiting-reply"]), [lonely, leos]);
    assert_eq!(ids(&site, "leo", &["--awaiting-reply"]), [leos]);
    assert!(ids(&site, "tech", &["--awaiting-reply"]).is_empty());

    assert_ok(&act(
        &site,
        "leo",
        &[
            "ticket",
            "request-close",
            &leos.to_string(),
            "--comment",
            "Plus besoin",
        ],
    ));
    assert_eq!(ids(&site, "admin", &["--closure-requested"]), [leos]);
    assert!(ids(&site, "lea", &["--closure-requested"]).is_empty());
    assert_eq!(
        ids(
            &site,
            "admin",
            &["--closure-requested", "--unassigned", "--awaiting-reply"]
        ),
        [leos]
    );
}

/// The demo is written in bulk, its tickets in their final state: who
/// spoke last is set once its comments are in, and the filter agrees with
/// the comments themselves (in the demo only requesters and staff write).
#[test]
fn the_demo_knows_which_tickets_wait_on_staff() {
    use guichet::tui::testing::{Harness, Setup};
    let dir = tempfile::tempdir().unwrap();
    let mut h = Harness::open(&dir.path().join("d.db"), Setup::default());
    let demo = h.app.service.fill_demo(2000, 1).unwrap();
    let login = support::tui::first_login(&demo.logins, "admin");
    let admin = support::tui::sign_in(&mut h.app.service, &login, &demo.password);
    let conn = h.app.service.store().conn();
    let mut stmt = conn
        .prepare(
            "SELECT t.id FROM tickets t WHERE t.status IN ('waiting', 'in_progress')
             AND coalesce((SELECT c.author_id = t.requester_id FROM ticket_comments c
                 WHERE c.ticket_id = t.id AND c.visibility = 'public'
                 ORDER BY c.id DESC LIMIT 1), 1) ORDER BY t.id",
        )
        .unwrap();
    let want: Vec<i64> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let answered: i64 = conn
        .query_row(
            "SELECT count(*) FROM tickets WHERE status IN ('waiting', 'in_progress') AND awaiting_staff = 0",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        !want.is_empty() && answered > 0,
        "{} waiting, {answered} answered",
        want.len()
    );
    let mut got = Vec::new();
    let mut after = None;
    loop {
        let page = h
            .app
            .service
            .list_tickets(&admin, &awaiting(), after, 50)
            .unwrap();
        let Some(last) = page.last() else { break };
        after = Some(guichet::store::tickets::cursor_after(
            last,
            Default::default(),
        ));
        got.extend(page.iter().map(|t| t.id));
    }
    got.sort_unstable();
    assert_eq!(got, want);
}

/// `--urgency` (and the dashboard's `urgency:`/`urgence:`) lists exactly
/// the tickets at those levels; a French word is understood and a wrong
/// one refused with the levels by their names.
#[test]
fn ticket_list_finds_tickets_by_urgency_level() {
    let site = Site::new();
    let out = site.run(&["demo", "--tickets", "400", "--seed", "3"], None, None);
    assert_ok(&out);
    let printed = support::cli::stdout(&out);
    let line = printed.lines().find(|l| l.contains("shown only this once"));
    let password = line.and_then(|l| l.rsplit(' ').next()).unwrap().to_string();
    let conn = site.raw();
    let of = |levels: &str| -> Vec<i64> {
        let sql = format!("SELECT id FROM tickets WHERE urgency IN ({levels}) ORDER BY id");
        let mut stmt = conn.prepare(&sql).unwrap();
        let rows = stmt.query_map([], |r| r.get(0)).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    };
    let listed = |args: &[&str]| -> Vec<i64> {
        let mut all = vec!["ticket", "list", "--format", "json", "--limit", "100000"];
        all.extend_from_slice(args);
        let out = site.as_user("admin", &password, &all);
        assert_ok(&out);
        let mut ids: Vec<i64> = json(&out)
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["id"].as_i64().unwrap())
            .collect();
        ids.sort_unstable();
        ids
    };
    let overdue = of("'overdue'");
    assert!(!overdue.is_empty(), "the demo has overdue tickets");
    assert_eq!(listed(&["--urgency", "overdue"]), overdue);
    assert_eq!(listed(&["--urgency", "retard"]), overdue);
    let pressing = of("'urgent', 'overdue'");
    assert!(pressing.len() > overdue.len(), "and urgent ones");
    assert_eq!(listed(&["--urgency", "urgent,en retard"]), pressing);
    let refused = site.as_user("admin", &password, &["ticket", "list", "--urgency", "zzz"]);
    assert_ne!(support::cli::code(&refused), 0);
    let message = support::cli::stderr(&refused);
    assert!(
        message.contains("overdue") && message.contains("due soon"),
        "{message}"
    );
}

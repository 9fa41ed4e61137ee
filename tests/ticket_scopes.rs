//! Who sees which ticket: for every user and every ticket of a small site,
//! `show_ticket` succeeds exactly when the scope of `ticket.read` reaches
//! the ticket, `list_tickets` returns exactly those tickets, and every
//! change tried from outside is denied without writing anything.

mod support;

use guichet::domain::Capability;
use guichet::service::ticket_work::TicketEdit;
use guichet::service::tickets::{Sort, Ticket, TicketFilter};
use guichet::service::{Actor, Error};
use std::collections::BTreeSet;
use support::service::{assert_denied, World};

struct Person {
    actor: Actor,
    role: String,
    company: Option<&'static str>,
}

struct Site {
    w: World,
    people: Vec<Person>,
    tickets: Vec<i64>,
}

const LUMIERE: &str = "Agence Lumière";
const MARTIN: &str = "Boulangerie Martin";

fn site() -> Site {
    let mut w = World::new();
    w.company(LUMIERE);
    w.company(MARTIN);
    let roster: &[(&str, &str, Option<&'static str>)] = &[
        ("ca1", "client", Some(LUMIERE)),
        ("ca2", "client", Some(LUMIERE)),
        ("cb1", "client", Some(MARTIN)),
        ("l1", "learner", None),
        ("l2", "learner", None),
        ("t1", "technician", None),
        ("t2", "technician", None),
        ("mover", "technician", None),
        ("k1", "caretaker", None),
        ("m1", "management", None),
        ("s1", "sales", None),
        ("p1", "support", None),
    ];
    let mut people = vec![Person {
        actor: w.admin.clone(),
        role: "admin".into(),
        company: None,
    }];
    for &(login, role, company) in roster {
        people.push(Person {
            actor: w.add_in(login, role, company),
            role: role.into(),
            company,
        });
    }
    let actor = |login: &str| -> Actor {
        people
            .iter()
            .find(|p| p.actor.login == login)
            .unwrap()
            .actor
            .clone()
    };
    // (requester, handling role, assignee, opened by the requester); when
    // not, the admin opens it on the requester's behalf.
    let opened: &[(&str, &str, Option<&str>, bool)] = &[
        ("l1", "technician", Some("t1"), true),
        ("l1", "caretaker", None, true),
        ("l1", "coach_soft", None, true),
        ("l2", "technician", Some("mover"), true),
        ("l2", "coach_hard", None, true),
        ("ca1", "technician", Some("t2"), true),
        ("ca2", "supervisor", None, false),
        ("cb1", "technician", None, true),
        ("cb1", "admin", None, true),
        ("t1", "caretaker", None, false),
        ("k1", "technician", Some("t2"), true),
        ("s1", "technician", None, false),
        ("admin", "coach_soft", None, true),
    ];
    let mut tickets = Vec::new();
    for (n, &(requester, role, assignee, self_opened)) in opened.iter().enumerate() {
        w.advance(60);
        let title = format!("Demande {n}");
        let id = if self_opened {
            w.open(&actor(requester), &title, role, assignee)
        } else {
            w.open_for(requester, &title, role, assignee)
        };
        tickets.push(id);
    }
    // Vary priorities, so that sorting by priority pages through ties.
    let admin = w.admin.clone();
    for (i, id) in tickets.iter().enumerate() {
        let priority = ["low", "normal", "high", "critical"][i % 4];
        if priority != "normal" {
            let edit = TicketEdit {
                priority: guichet::domain::ticket::Priority::parse(priority),
                ..Default::default()
            };
            w.service.edit_ticket(&admin, *id, &edit).unwrap();
        }
    }
    // A technician with a ticket of their own moves to another role: they
    // keep seeing what is assigned to them by name.
    w.service.set_role(&admin, "mover", "coach_soft").unwrap();
    people
        .iter_mut()
        .filter(|p| p.actor.login == "mover")
        .for_each(|p| p.role = "coach_soft".into());
    Site { w, people, tickets }
}

/// The visibility rules, written out by hand.
fn should_see(p: &Person, t: &Ticket) -> bool {
    let own = t.requester_login == p.actor.login;
    match p.role.as_str() {
        "admin" | "management" => true,
        "learner" => own,
        "client" => own || (p.company.is_some() && t.company.as_deref() == p.company),
        "technician" | "caretaker" | "coach_hard" | "coach_soft" | "supervisor" | "referent" => {
            own || t.assignee_login.as_deref() == Some(p.actor.login.as_str())
                || t.handling_role == p.role
        }
        "sales" | "support" => false,
        other => panic!("no rule for {other}"),
    }
}

/// Whether the role holds `ticket.read` at all (domain/roles.rs).
fn reads_tickets(role: &str) -> bool {
    !matches!(role, "sales" | "support")
}

/// A ticket out of the actor's reach looks missing when their role holds
/// `capability` at some scope (the CLI's exit 5); a role without it at all
/// is refused the capability, which tells nothing of the ticket.
fn assert_hidden<T: std::fmt::Debug>(
    w: &World,
    actor: &Actor,
    result: Result<T, Error>,
    capability: Capability,
) {
    if w.service.may(actor, capability).unwrap().is_some() {
        assert!(
            matches!(result, Err(Error::NotFound(_))),
            "{} {capability}: expected NotFound, got {result:?}",
            actor.login
        );
    } else {
        assert_denied(result, capability);
    }
}

#[test]
fn every_user_sees_exactly_the_tickets_their_scope_reaches() {
    let s = site();
    let all: Vec<Ticket> = s.tickets.iter().map(|id| s.w.ticket(*id)).collect();
    let company_of = |login: &str| all.iter().find(|t| t.requester_login == login);
    assert_eq!(company_of("ca1").unwrap().company.as_deref(), Some(LUMIERE));
    assert_eq!(company_of("l1").unwrap().company, None);
    assert_eq!(all[3].assignee_login.as_deref(), Some("mover"));
    let mut checked = 0;
    let mut visible = 0;
    for p in &s.people {
        let expected: BTreeSet<i64> = all
            .iter()
            .filter(|t| should_see(p, t))
            .map(|t| t.id)
            .collect();
        for t in &all {
            let result = s.w.service.show_ticket(&p.actor, t.id);
            let case = format!("{} ({}) on ticket {}", p.actor.login, p.role, t.id);
            if expected.contains(&t.id) {
                assert_eq!(result.unwrap().ticket, *t, "{case}");
                visible += 1;
            } else {
                assert_hidden(&s.w, &p.actor, result, Capability::TicketRead);
            }
            checked += 1;
        }
        for sort in [Sort::Id, Sort::Updated, Sort::Priority] {
            for ascending in [false, true] {
                let filter = TicketFilter {
                    sort,
                    ascending,
                    ..Default::default()
                };
                let listed = s.w.list_all(&p.actor, &filter);
                if reads_tickets(&p.role) {
                    let listed: BTreeSet<i64> = listed.unwrap().into_iter().collect();
                    assert_eq!(listed, expected, "{} {sort:?}", p.actor.login);
                } else {
                    assert_denied(listed, Capability::TicketRead);
                }
            }
        }
    }
    assert_eq!(checked, 13 * 13);
    // admin 13, management 13; clients 2 each (own and a colleague's);
    // learners 3 and 2 (their own); t1 7 (the role's 6 and one of their
    // own), t2 6; mover 4 (coach_soft's 2 and 2 still assigned by name);
    // k1 3 (the caretaker role's 2 and one of their own).
    assert_eq!(visible, 13 + 13 + 6 + 5 + 7 + 6 + 4 + 3);
    // A missing ticket looks like one out of reach: missing, to everyone.
    let l1 = &s.people[4].actor;
    assert!(matches!(
        s.w.service.show_ticket(l1, 999),
        Err(Error::NotFound(_))
    ));
    assert!(matches!(
        s.w.service.show_ticket(&s.w.admin, 999),
        Err(Error::NotFound(_))
    ));
}

#[test]
fn nothing_outside_scope_can_be_changed_or_read() {
    let mut s = site();
    let admin = s.w.admin.clone();
    // Give every ticket a comment and some time, so there is history to hide.
    for id in s.tickets.clone() {
        s.w.service
            .comment(&admin, id, "Pris en compte", false)
            .unwrap();
        s.w.service.log_time(&admin, id, 5, None, None).unwrap();
    }
    let snapshot = |w: &World, id: i64| {
        let v = w.view(id);
        (v.ticket, v.comments, v.time)
    };
    let before: Vec<_> = s.tickets.iter().map(|id| snapshot(&s.w, *id)).collect();
    let audit_before = s.w.audit_count();
    let mut attempts = 0;
    for p in &s.people {
        for (i, id) in s.tickets.iter().enumerate() {
            if should_see(p, &before[i].0) {
                continue;
            }
            let (a, id) = (&p.actor, *id);
            let edit = TicketEdit {
                title: Some("Piraté"),
                ..Default::default()
            };
            let w = &mut s.w;
            let r = w.service.comment(a, id, "Coucou", false);
            assert_hidden(w, a, r, Capability::TicketComment);
            let r = w.service.comment(a, id, "Coucou", true);
            assert_hidden(w, a, r, Capability::TicketCommentInternal);
            let cancelled = guichet::domain::ticket::Status::Cancelled;
            let r = w.service.change_status(a, id, cancelled, None);
            assert_hidden(w, a, r, Capability::TicketUpdate);
            let r = w.service.edit_ticket(a, id, &edit);
            assert_hidden(w, a, r, Capability::TicketUpdate);
            let r = w.service.request_closure(a, id, "Fini");
            assert_hidden(w, a, r, Capability::TicketUpdate);
            let r = w.service.log_time(a, id, 10, None, None);
            assert_hidden(w, a, r, Capability::TimeLog);
            let r = w.service.rate(a, id, 5, None);
            assert_hidden(w, a, r, Capability::TicketRate);
            let r = w.service.ticket_history(a, id, 0, 50);
            assert_hidden(w, a, r, Capability::TicketRead);
            attempts += 8;
            assert_eq!(s.w.audit_count(), audit_before, "{} on {id}", a.login);
        }
    }
    // 13 × 13 pairs, 57 of them in scope: 8 attempts on each of the 112 others.
    assert_eq!(attempts, 8 * 112);
    let after: Vec<_> = s.tickets.iter().map(|id| snapshot(&s.w, *id)).collect();
    assert_eq!(before, after);
    assert_eq!(s.w.audit_count(), audit_before);
}

#[test]
fn a_client_reads_and_comments_company_tickets_but_changes_only_their_own() {
    let mut s = site();
    let ca2 = s.people[2].actor.clone();
    assert_eq!(ca2.login, "ca2");
    let peer_ticket = s.tickets[5];
    assert_eq!(s.w.ticket(peer_ticket).requester_login, "ca1");
    assert!(s.w.service.show_ticket(&ca2, peer_ticket).is_ok());
    assert!(s.w.history(&ca2, peer_ticket).is_ok());
    s.w.service
        .comment(&ca2, peer_ticket, "Même souci chez moi", false)
        .unwrap();
    let before = s.w.audit_count();
    let edit = TicketEdit {
        title: Some("Autre"),
        ..Default::default()
    };
    let svc = &mut s.w.service;
    assert_denied(
        svc.change_status(
            &ca2,
            peer_ticket,
            guichet::domain::ticket::Status::Cancelled,
            None,
        ),
        Capability::TicketUpdate,
    );
    assert_denied(
        svc.edit_ticket(&ca2, peer_ticket, &edit),
        Capability::TicketUpdate,
    );
    assert_denied(
        svc.request_closure(&ca2, peer_ticket, "Fini"),
        Capability::TicketUpdate,
    );
    assert_eq!(s.w.audit_count(), before);
    let t2 = s.people[7].actor.clone();
    s.w.status(&t2, peer_ticket, "resolved");
    assert_denied(
        s.w.service.rate(&ca2, peer_ticket, 5, None),
        Capability::TicketRate,
    );
}

#[test]
fn internal_comments_never_reach_learners_or_clients() {
    let mut w = World::new();
    w.company(LUMIERE);
    let lea = w.add("lea", "learner");
    let claire = w.add_in("claire", "client", Some(LUMIERE));
    let colette = w.add_in("colette", "client", Some(LUMIERE));
    let tom = w.add("tom", "technician");
    let boss = w.add("boss", "management");
    let word = "zorglubien";
    let learner_ticket = w.open(&lea, "Souris cassée", "technician", Some("tom"));
    let client_ticket = w.open(&claire, "Site en panne", "technician", Some("tom"));
    for id in [learner_ticket, client_ticket] {
        w.service.comment(&tom, id, "On regarde", false).unwrap();
        w.service
            .comment(&tom, id, &format!("Le {word} a encore frappé"), true)
            .unwrap();
    }
    // An edit rebuilds the search row: the internal text must stay apart.
    let edit = TicketEdit {
        description: Some("Mise à jour"),
        ..Default::default()
    };
    w.service.edit_ticket(&tom, learner_ticket, &edit).unwrap();

    // Who reads without `ticket.comment_internal`: the ticket they look at,
    // and every ticket they may list.
    let both = vec![learner_ticket, client_ticket];
    let outsiders = [
        (&lea, learner_ticket, vec![learner_ticket]),
        (&claire, client_ticket, vec![client_ticket]),
        (&colette, client_ticket, vec![client_ticket]),
        (&boss, client_ticket, both.clone()),
    ];
    for (who, id, listed) in outsiders {
        let view = w.service.show_ticket(who, id).unwrap();
        assert_eq!(view.comments.len(), 1, "{}", who.login);
        assert!(view
            .comments
            .iter()
            .all(|c| !c.internal && !c.body.contains(word)));
        let history = w.history(who, id).unwrap();
        assert!(history
            .iter()
            .all(|e| e.action != "ticket.comment_internal"));
        assert!(history.iter().all(|e| !e.summary.contains(word)));
        assert_eq!(
            w.search(who, word).unwrap(),
            Vec::<i64>::new(),
            "{}",
            who.login
        );
        assert_eq!(w.search(who, "zorglu").unwrap(), Vec::<i64>::new());
        // Public comments are found.
        assert_eq!(w.search(who, "regarde").unwrap(), listed, "{}", who.login);
    }
    // Staff see them on their tickets; only a reader of every ticket's
    // internal comments (scope all) finds them by search, so that a hit can
    // never reveal one on a ticket where the reader is only the requester.
    assert_eq!(w.search(&tom, word).unwrap(), Vec::<i64>::new());
    assert_eq!(w.search(&w.admin, word).unwrap(), both);
    let view = w.service.show_ticket(&tom, learner_ticket).unwrap();
    assert_eq!(view.comments.iter().filter(|c| c.internal).count(), 1);
    let history = w.history(&tom, learner_ticket).unwrap();
    assert!(history
        .iter()
        .any(|e| e.action == "ticket.comment_internal"));
    // Learners and clients may not write them.
    for (who, id) in [(&lea, learner_ticket), (&claire, client_ticket)] {
        assert_denied(
            w.service.comment(who, id, "psst", true),
            Capability::TicketCommentInternal,
        );
    }
}

#[test]
fn search_folds_accents_ands_words_and_survives_hostile_input() {
    let mut w = World::new();
    let lea = w.add("lea", "learner");
    let a = w.open(&lea, "Échéance du rendu de projet", "technician", None);
    let b = w.open(&lea, "Imprimante du 2e étage", "technician", None);
    let c = w.open(&lea, "Projet tutoré : salle réservée", "technician", None);
    let admin = w.admin.clone();
    for who in [&lea, &admin] {
        assert_eq!(w.search(who, "echeance").unwrap(), [a]);
        assert_eq!(w.search(who, "ÉCHÉANCE").unwrap(), [a]);
        assert_eq!(w.search(who, "eche").unwrap(), [a]);
        assert_eq!(w.search(who, "etage").unwrap(), [b]);
        assert_eq!(w.search(who, "projet").unwrap(), [a, c]);
        assert_eq!(w.search(who, "echeance projet").unwrap(), [a]);
        assert_eq!(w.search(who, "projet reservee").unwrap(), [c]);
        assert_eq!(
            w.search(who, "echeance imprimante").unwrap(),
            Vec::<i64>::new()
        );
        assert_eq!(w.search(who, "du").unwrap(), [a, b]);
    }
    let hostile = [
        "\"NEAR(\" OR *",
        "NEAR(a b)",
        "* OR -",
        "title:projet",
        "{title}: x",
        "a AND",
        "^projet",
        "\"",
        "'; DROP TABLE tickets; --",
        "projet\u{1b}[2J",
        "(((",
        "*",
    ];
    for text in hostile {
        for who in [&lea, &admin] {
            let found = w.search(who, text);
            assert!(found.is_ok(), "{text:?}: {found:?}");
        }
    }
    assert_eq!(w.search(&lea, "title:projet").unwrap(), Vec::<i64>::new());
    assert_eq!(w.search(&lea, "\"projet\"").unwrap(), [a, c]);
    assert_eq!(w.ticket(a).title, "Échéance du rendu de projet");
}

#[test]
fn list_filters_do_not_reveal_which_logins_and_companies_exist() {
    let s = site();
    let l1 = &s.people[4].actor;
    let ca1 = &s.people[1].actor;
    assert_eq!((l1.login.as_str(), ca1.login.as_str()), ("l1", "ca1"));
    let by_requester = |login: &str| TicketFilter {
        requester: Some(login.into()),
        ..Default::default()
    };
    let by_company = |name: &str| TicketFilter {
        company: Some(name.into()),
        ..Default::default()
    };
    let answer = |who: &Actor, f: &TicketFilter| match s.w.service.list_tickets(who, f, None, 50) {
        Ok(page) => format!("{} tickets", page.len()),
        Err(e) => e.message().key.to_string(),
    };
    // Someone who may not read these users nor companies gets the same
    // answer whether they exist or not.
    assert_eq!(
        answer(l1, &by_requester("ca1")),
        answer(l1, &by_requester("nobody-here"))
    );
    assert_eq!(
        answer(ca1, &by_company(MARTIN)),
        answer(ca1, &by_company("Nulle Part SARL"))
    );
}

#[test]
fn a_ticket_shows_no_more_of_its_requester_than_user_read_allows() {
    let mut s = site();
    let admin = s.w.admin.clone();
    let edit = guichet::service::users::ProfileEdit {
        email: Some("camille@lumiere.fr"),
        phone: Some("06 11 22 33 44"),
        ..Default::default()
    };
    s.w.service.edit_user(&admin, "ca1", &edit).unwrap();
    let ca2 = s.people[2].actor.clone();
    let peer_ticket = s.tickets[5];
    // ca2 holds user.read:own: ca1's profile is out of reach…
    assert_denied(s.w.service.show_user(&ca2, "ca1"), Capability::UserRead);
    // …and so must its contact details be, through the ticket.
    let view = s.w.service.show_ticket(&ca2, peer_ticket).unwrap();
    assert_eq!(view.requester.user.login, "ca1");
    assert_eq!(view.requester.user.email, None);
    assert_eq!(view.requester.user.phone, None);
}

//! The CRM's clients through the service on a real file: who becomes a
//! client's sales contact, who edits, reassigns and removes, the lists and
//! their filters, a site reading 004 strictly, invalid input that changes
//! nothing, and a change made meanwhile by another process.

mod support;

use guichet::domain::Capability;
use guichet::service::clients::{ClientEdit, ClientQuery, NewClient};
use guichet::service::{Actor, Error};
use support::crm::{crm, ids, named, refused, Crm};
use support::service::*;

#[test]
fn a_salesperson_becomes_the_contact_of_the_client_they_create() {
    let mut c = crm();
    let (sam, sue) = (c.sam.clone(), c.sue.clone());
    let new = NewClient {
        full_name: "Kevin Casey",
        email: Some("kevin@startup.io"),
        phone: Some("+33 6 12 34 56 78"),
        company: Some("Cool Startup LLC"),
        first_contact: Some("2026-04-18"),
        sales: None,
    };
    let client = c.w.service.add_client(&sam, &new).unwrap();
    assert_eq!(client.sales_contact_id, Some(sam.id));
    assert_eq!(client.sales_login.as_deref(), Some("sam"));
    assert_eq!(client.company.as_deref(), Some("Cool Startup LLC"));
    assert_eq!(client.first_contact.as_deref(), Some("2026-04-18"));
    assert_eq!((client.created_at, client.updated_at), (T0, T0));
    // The new company was created with it, each with its audit entry.
    let tail: Vec<String> = c.actions().into_iter().rev().take(2).collect();
    assert_eq!(tail, ["client.create", "company.create"]);
    // Naming themselves is fine; naming a colleague is not theirs to do.
    let mine = NewClient {
        sales: Some("SAM"),
        ..named("Ada")
    };
    assert_eq!(
        c.w.service
            .add_client(&sam, &mine)
            .unwrap()
            .sales_contact_id,
        Some(sam.id)
    );
    let err = refused(&mut c, |c| {
        let theirs = NewClient {
            sales: Some("sue"),
            ..named("Bob")
        };
        c.w.service.add_client(&sam, &theirs)
    });
    assert!(
        matches!(err, Error::Denied(Capability::ClientCreate)),
        "{err:?}"
    );
    let _ = sue;
}

#[test]
fn management_names_and_reassigns_the_sales_contact_and_sales_cannot() {
    let mut c = crm();
    let (mia, sam, sue, sol) = (c.mia.clone(), c.sam.clone(), c.sue.clone(), c.sol.clone());
    let nobody = c.w.service.add_client(&mia, &named("Orphan")).unwrap();
    assert_eq!(nobody.sales_contact_id, None);
    let new = NewClient {
        sales: Some("sam"),
        ..named("Kevin")
    };
    let id = c.w.service.add_client(&mia, &new).unwrap().id;
    // Support does not handle clients: it cannot be a sales contact.
    let err = refused(&mut c, |c| {
        let to_support = ClientEdit {
            sales: Some("sol"),
            ..ClientEdit::default()
        };
        c.w.service.edit_client(&mia, id, &to_support)
    });
    assert_eq!(err.message().key, "error.not_a_sales_contact");
    c.w.advance(60);
    let to_sue = ClientEdit {
        sales: Some("sue"),
        ..ClientEdit::default()
    };
    let moved = c.w.service.edit_client(&mia, id, &to_sue).unwrap();
    assert_eq!(moved.sales_contact_id, Some(sue.id));
    assert_eq!(
        moved.updated_at,
        T0 + 60,
        "the system keeps the last update"
    );
    // Sam no longer holds it: he may not edit it, nor take it back.
    let err = refused(&mut c, |c| {
        let rename = ClientEdit {
            full_name: Some("Kev"),
            ..ClientEdit::default()
        };
        c.w.service.edit_client(&sam, id, &rename)
    });
    assert!(matches!(err, Error::Denied(Capability::ClientUpdate)));
    // Sue edits her client but cannot hand it to someone else.
    let rename = ClientEdit {
        full_name: Some("Kevin Casey"),
        ..ClientEdit::default()
    };
    c.w.service.edit_client(&sue, id, &rename).unwrap();
    let err = refused(&mut c, |c| {
        let back = ClientEdit {
            sales: Some("sam"),
            ..ClientEdit::default()
        };
        c.w.service.edit_client(&sue, id, &back)
    });
    assert!(matches!(err, Error::Denied(Capability::ClientUpdate)));
    let _ = sol;
}

#[test]
fn support_and_other_roles_create_and_edit_no_client_but_the_departments_read_them_all() {
    let mut c = crm();
    let (mia, sam, sol, tom) = (c.mia.clone(), c.sam.clone(), c.sol.clone(), c.tom.clone());
    let id = c.w.service.add_client(&sam, &named("Kevin")).unwrap().id;
    let err = refused(&mut c, |c| c.w.service.add_client(&sol, &named("X")));
    assert!(matches!(err, Error::Denied(Capability::ClientCreate)));
    let err = refused(&mut c, |c| {
        let edit = ClientEdit {
            full_name: Some("Y"),
            ..ClientEdit::default()
        };
        c.w.service.edit_client(&sol, id, &edit)
    });
    assert!(matches!(err, Error::Denied(Capability::ClientUpdate)));
    for who in [&mia, &sam, &sol] {
        assert_eq!(c.list(who, &ClientQuery::default()), [id]);
        assert_eq!(c.w.service.client(who, id).unwrap().full_name, "Kevin");
    }
    assert_denied(c.w.service.client(&tom, id), Capability::ClientRead);
    assert_denied(
        c.w.service
            .clients_matching(&tom, &ClientQuery::default(), 0, 10),
        Capability::ClientRead,
    );
}

#[test]
fn removal_is_management_s_and_waits_for_the_client_s_contracts() {
    let mut c = crm();
    let (mia, sam) = (c.mia.clone(), c.sam.clone());
    let id = c.w.service.add_client(&sam, &named("Kevin")).unwrap().id;
    let err = refused(&mut c, |c| c.w.service.remove_client(&sam, id));
    assert!(matches!(err, Error::Denied(Capability::ClientDelete)));
    support::raw(&c.db())
        .execute(
            "INSERT INTO contracts (kind, client_id, total_cents, due_cents, created_at, updated_at)
             VALUES ('event', ?1, 100, 100, 1, 1)",
            [id],
        )
        .unwrap();
    let err = refused(&mut c, |c| c.w.service.remove_client(&mia, id));
    assert_eq!(err.message().key, "error.client_has_contracts");
    assert_eq!(err.message().get("count"), Some("1"));
    let rights = c.w.service.client_rights(&mia, id).unwrap();
    assert!(rights.edit.allowed() && rights.reassign.allowed() && !rights.remove.allowed());
    support::raw(&c.db())
        .execute("DELETE FROM contracts", [])
        .unwrap();
    c.w.service.remove_client(&mia, id).unwrap();
    assert_eq!(
        c.actions().last().map(String::as_str),
        Some("client.remove")
    );
    assert_eq!(key(c.w.service.client(&mia, id)), "error.not_found");
}

#[test]
fn the_filters_return_exactly_the_right_clients() {
    let mut c = crm();
    let (mia, sam, sue) = (c.mia.clone(), c.sam.clone(), c.sue.clone());
    let add = |c: &mut Crm, who: &Actor, name: &str, company: Option<&str>, email: Option<&str>| {
        let new = NewClient {
            company,
            email,
            ..named(name)
        };
        c.w.service.add_client(who, &new).unwrap().id
    };
    let a = add(&mut c, &sam, "Élodie Ndiaye", Some("Acme"), None);
    let b = add(
        &mut c,
        &sam,
        "Bruno Petit",
        Some("Zeta"),
        Some("bruno@acme.fr"),
    );
    let d = add(&mut c, &sue, "Chloé Martin", Some("Acme"), None);
    let e = add(&mut c, &mia, "Denis", None, None);
    let q = |mine, company: Option<&str>, sales: Option<&str>, text: Option<&str>| {
        let (company_id, sales_contact_id) =
            c.w.service.client_filter_ids(&mia, company, sales).unwrap();
        ClientQuery {
            mine,
            company_id,
            sales_contact_id,
            text: text.map(String::from),
        }
    };
    assert_eq!(c.list(&mia, &q(false, None, None, None)), [a, b, d, e]);
    assert_eq!(c.list(&sam, &q(true, None, None, None)), [a, b]);
    assert_eq!(c.list(&mia, &q(true, None, None, None)), Vec::<i64>::new());
    assert_eq!(c.list(&mia, &q(false, Some("acme"), None, None)), [a, d]);
    assert_eq!(c.list(&mia, &q(false, None, Some("sue"), None)), [d]);
    assert_eq!(
        c.list(&mia, &q(false, Some("Acme"), Some("sam"), None)),
        [a]
    );
    assert_eq!(c.list(&mia, &q(false, None, None, Some("ELODIE"))), [a]);
    assert_eq!(
        c.list(&mia, &q(false, None, None, Some("acme"))),
        [b],
        "email too"
    );
    assert_eq!(
        c.list(&sue, &q(true, None, Some("sam"), None)),
        Vec::<i64>::new()
    );
    // Pages follow each other by id.
    let first =
        c.w.service
            .clients_matching(&mia, &ClientQuery::default(), 0, 2)
            .unwrap();
    let next =
        c.w.service
            .clients_matching(&mia, &ClientQuery::default(), first[1].id, 2)
            .unwrap();
    assert_eq!((ids(&first), ids(&next)), (vec![a, b], vec![d, e]));
}

#[test]
fn a_site_reading_004_strictly_shows_each_salesperson_only_their_clients() {
    let mut c = crm();
    let (admin, sam, sue) = (c.w.admin.clone(), c.sam.clone(), c.sue.clone());
    let mine = c.w.service.add_client(&sam, &named("Mine")).unwrap().id;
    let theirs = c.w.service.add_client(&sue, &named("Theirs")).unwrap().id;
    c.w.service
        .grant(&admin, "sales", "client.read:own")
        .unwrap();
    assert_eq!(c.list(&sam, &ClientQuery::default()), [mine]);
    assert_eq!(c.list(&sue, &ClientQuery::default()), [theirs]);
    assert_denied(c.w.service.client(&sam, theirs), Capability::ClientRead);
    // What is out of reach is refused without saying whether it exists.
    assert_denied(c.w.service.client(&sam, 9999), Capability::ClientRead);
    let edit = ClientEdit {
        phone: Some("01 23 45 67 89"),
        ..ClientEdit::default()
    };
    c.w.service.edit_client(&sam, mine, &edit).unwrap();
}

#[test]
fn invalid_input_gets_a_clear_message_and_changes_nothing() {
    let mut c = crm();
    let (mia, sam) = (c.mia.clone(), c.sam.clone());
    let id = c.w.service.add_client(&sam, &named("Kevin")).unwrap().id;
    let long = "x".repeat(10_000);
    let cases: Vec<(NewClient, &str)> = vec![
        (named(&long), "error.field_too_long"),
        (named("Kev\u{1b}[2Jin"), "error.control_chars"),
        (named("   "), "error.empty_field"),
        (
            NewClient {
                email: Some("kevin@"),
                ..named("K")
            },
            "error.invalid_email",
        ),
        (
            NewClient {
                phone: Some("12"),
                ..named("K")
            },
            "error.invalid_phone",
        ),
        (
            NewClient {
                company: Some("4242"),
                ..named("K")
            },
            "error.not_found",
        ),
        (
            NewClient {
                company: Some(&long),
                ..named("K")
            },
            "error.field_too_long",
        ),
        (
            NewClient {
                first_contact: Some("2026-02-30"),
                ..named("K")
            },
            "error.invalid_date",
        ),
        (
            NewClient {
                first_contact: Some("2030-01-01"),
                ..named("K")
            },
            "error.first_contact_in_future",
        ),
        (
            NewClient {
                sales: Some("nobody"),
                ..named("K")
            },
            "error.not_found",
        ),
    ];
    for (new, expected) in cases {
        let err = refused(&mut c, |c| c.w.service.add_client(&mia, &new));
        assert_eq!(err.message().key, expected, "{new:?}");
    }
    let err = refused(&mut c, |c| {
        let edit = ClientEdit {
            full_name: Some(&long),
            ..ClientEdit::default()
        };
        c.w.service.edit_client(&mia, id, &edit)
    });
    assert_eq!(err.message().key, "error.field_too_long");
    let err = refused(&mut c, |c| {
        c.w.service.edit_client(&mia, id, &ClientEdit::default())
    });
    assert_eq!(err.message().key, "error.nothing_to_change");
    let err = refused(&mut c, |c| {
        c.w.service.edit_client(&mia, 777, &ClientEdit::default())
    });
    assert_eq!(err.message().key, "error.not_found");
    let err = refused(&mut c, |c| c.w.service.remove_client(&mia, 777));
    assert_eq!(err.message().key, "error.not_found");
}

#[test]
fn an_edit_refuses_a_client_changed_by_someone_else_since_it_was_checked() {
    let mut c = crm();
    let (admin, sam) = (c.w.admin.clone(), c.sam.clone());
    let id = c.w.service.add_client(&sam, &named("Kevin")).unwrap().id;
    // Between sam's checks and his write, management hands the client to sue.
    let mut other = c.w.other_process();
    c.w.on_next_clock_read(move || {
        let to_sue = ClientEdit {
            sales: Some("sue"),
            ..ClientEdit::default()
        };
        other.edit_client(&admin, id, &to_sue).unwrap();
    });
    let rename = ClientEdit {
        full_name: Some("Kevin Casey"),
        ..ClientEdit::default()
    };
    let err = c.w.service.edit_client(&sam, id, &rename).unwrap_err();
    assert_eq!(err.message().key, "error.client_changed");
    let now = c.w.service.client(&c.mia.clone(), id).unwrap();
    assert_eq!(
        (now.full_name.as_str(), now.sales_login.as_deref()),
        ("Kevin", Some("sue"))
    );
}

/// The rights of a listed page, read with the actor's grants once, are
/// those asked client by client, for each role.
#[test]
fn a_pages_rights_are_each_clients_own() {
    let mut c = crm();
    let (mia, sam, sue) = (c.mia.clone(), c.sam.clone(), c.sue.clone());
    c.w.service.add_client(&sam, &named("Ada")).unwrap();
    c.w.service.add_client(&sue, &named("Bea")).unwrap();
    c.w.service.add_client(&mia, &named("Cy")).unwrap();
    for who in [&mia, &sam, &sue, &c.sol.clone()] {
        let listed =
            c.w.service
                .clients_matching(who, &ClientQuery::default(), 0, 50)
                .unwrap();
        assert_eq!(listed.len(), 3, "{}", who.login);
        let batch = c.w.service.client_rights_of(who, &listed).unwrap();
        for (client, rights) in listed.iter().zip(&batch) {
            let one = c.w.service.client_rights(who, client.id).unwrap();
            assert_eq!(*rights, one, "{} on client {}", who.login, client.id);
        }
    }
}

//! Companies through the service on a real file: edits, archiving (out of
//! the lists and pickers, history kept), removal only when nothing holds
//! them, and the indexes every list filter reads.

mod support;

use guichet::domain::Capability;
use guichet::service::clients::NewClient;
use guichet::service::companies::{CompanyEdit, CompanyFilter};
use guichet::service::users::NewUser;
use guichet::service::Error;
use support::crm::{crm, named, refused, Crm};
use support::service::*;

#[test]
fn companies_are_edited_archived_out_of_pickers_and_removed_only_when_nothing_holds_them() {
    let mut c = crm();
    let (admin, mia, sam) = (c.w.admin.clone(), c.mia.clone(), c.sam.clone());
    c.w.company("Acme");
    c.w.company("Empty Ltd");
    let edit = CompanyEdit {
        address: Some("12 rue de la Paix, 75002 Paris"),
        phone: Some("01 23 45 67 89"),
        email: Some("contact@acme.fr"),
        notes: Some("Two lines\nof notes"),
        ..CompanyEdit::default()
    };
    let acme = c.w.service.edit_company(&mia, "acme", &edit).unwrap();
    assert_eq!(acme.address, "12 rue de la Paix, 75002 Paris");
    assert_eq!(acme.notes, "Two lines\nof notes");
    assert_eq!(c.actions().last().map(String::as_str), Some("company.edit"));
    let err = refused(&mut c, |c| c.w.service.edit_company(&sam, "Acme", &edit));
    assert!(matches!(err, Error::Denied(Capability::CompanyManage)));
    let bad = CompanyEdit {
        email: Some("not an email"),
        ..CompanyEdit::default()
    };
    let err = refused(&mut c, |c| c.w.service.edit_company(&mia, "Acme", &bad));
    assert_eq!(err.message().key, "error.invalid_email");
    let clash = CompanyEdit {
        name: Some("empty ltd"),
        ..CompanyEdit::default()
    };
    let err = refused(&mut c, |c| c.w.service.edit_company(&mia, "Acme", &clash));
    assert_eq!(err.message().key, "error.exists");

    // Held by a user and a client: refused, counting them, offering archive.
    c.w.add_in("lea", "client", Some("Acme"));
    let new = NewClient {
        company: Some("Acme"),
        ..named("Kevin")
    };
    c.w.service.add_client(&sam, &new).unwrap();
    let err = refused(&mut c, |c| c.w.service.remove_company(&mia, "Acme"));
    let msg = err.message();
    assert_eq!(msg.key, "error.company_held");
    assert_eq!(
        (msg.get("users"), msg.get("clients")),
        (Some("1"), Some("1"))
    );

    // Archived: out of the lists and pickers, still shown by name.
    c.w.service
        .archive_company(&mia, &acme.id.to_string())
        .unwrap();
    let active = |c: &Crm, archived| -> Vec<String> {
        let filter = CompanyFilter {
            archived,
            ..CompanyFilter::default()
        };
        let rows =
            c.w.service
                .list_companies_matching(&mia, &filter, "", 50)
                .unwrap();
        rows.into_iter().map(|r| r.name).collect()
    };
    assert_eq!(active(&c, false), ["Empty Ltd"]);
    assert_eq!(active(&c, true), ["Acme"]);
    let old_list = c.w.service.list_companies(&admin, "", 50).unwrap();
    assert_eq!(old_list.len(), 1, "the pickers' list leaves it out");
    assert!(c
        .w
        .service
        .company(&sam, "Acme")
        .unwrap()
        .archived_at
        .is_some());
    let err = refused(&mut c, |c| c.w.service.add_client(&sam, &new));
    assert_eq!(err.message().key, "error.company_archived");
    let err = refused(&mut c, |c| {
        let user = NewUser {
            login: "max",
            full_name: "Max",
            role: "client",
            email: None,
            phone: None,
            cohort: None,
            company: Some("Acme"),
            password: PASSWORD,
        };
        c.w.service.add_user(&admin, &user)
    });
    assert_eq!(err.message().key, "error.company_archived");
    let err = refused(&mut c, |c| c.w.service.archive_company(&mia, "Acme"));
    assert_eq!(err.message().key, "error.company_already_archived");
    c.w.service.unarchive_company(&mia, "Acme").unwrap();
    assert_eq!(active(&c, false), ["Acme", "Empty Ltd"]);

    // Nothing holds the other one: it goes, with its audit entry.
    c.w.service.remove_company(&mia, "Empty Ltd").unwrap();
    assert_eq!(
        c.actions().last().map(String::as_str),
        Some("company.remove")
    );
    assert_eq!(
        key(c.w.service.company(&mia, "Empty Ltd")),
        "error.not_found"
    );
}

#[test]
fn every_filter_of_the_lists_reads_an_index() {
    let c = crm();
    let conn = c.w.service.store().conn();
    let plan = |filter| {
        guichet::store::crm_clients::list_plan(conn, &filter)
            .unwrap()
            .join(" | ")
    };
    use guichet::store::crm_clients::ClientFilter;
    let by_sales = plan(ClientFilter {
        sales_contact_id: Some(1),
        ..ClientFilter::default()
    });
    assert!(by_sales.contains("clients_by_sales"), "{by_sales}");
    let by_company = plan(ClientFilter {
        company_id: Some(1),
        ..ClientFilter::default()
    });
    assert!(by_company.contains("clients_by_company"), "{by_company}");
    let all = plan(ClientFilter::default());
    assert!(all.contains("USING INTEGER PRIMARY KEY"), "{all}");
    assert!(!all.contains("TEMP B-TREE"), "{all}");
    for (sql, index) in guichet::store::companies::LIST_STATEMENTS
        .iter()
        .zip(["companies_active_by_name", "companies_archived_by_name"])
    {
        let mut stmt = conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")).unwrap();
        let detail: Vec<String> = stmt
            .query_map(
                rusqlite::params!["", None::<i64>, 50, None::<String>],
                |r| r.get(3),
            )
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        let detail = detail.join(" | ");
        assert!(
            detail.contains(index) && !detail.contains("TEMP B-TREE"),
            "{detail}"
        );
    }
}

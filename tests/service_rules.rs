//! Rules enforced by the service layer, on a real database file, with a
//! clock the test moves.

mod support;

use guichet::domain::Capability;
use guichet::service::users::NewUser;
use guichet::service::{Actor, Error};
use support::service::{key, World, PASSWORD, T0};

#[test]
fn a_lock_lasts_the_configured_time_then_lifts() {
    let mut w = World::new();
    w.add("jdupont", "learner");
    for _ in 0..3 {
        assert!(matches!(
            w.sign_in("jdupont", "Not-the-password-9"),
            Err(Error::SignInFailed)
        ));
    }
    assert!(matches!(
        w.sign_in("jdupont", PASSWORD),
        Err(Error::SignInFailed)
    ));
    w.set_clock(T0 + 899);
    assert!(matches!(
        w.sign_in("jdupont", PASSWORD),
        Err(Error::SignInFailed)
    ));
    w.set_clock(T0 + 900);
    assert!(w.sign_in("jdupont", PASSWORD).is_ok());
    // A success clears the count: two more failures do not lock.
    for _ in 0..2 {
        let _ = w.sign_in("jdupont", "Not-the-password-9");
    }
    assert!(w.sign_in("jdupont", PASSWORD).is_ok());
}

#[test]
fn logins_are_case_insensitive_and_trimmed() {
    let mut w = World::new();
    w.add("mlefebvre", "technician");
    assert!(w.sign_in(" MLefebvre ", PASSWORD).is_ok());
}

#[test]
fn the_last_active_admin_can_be_neither_deactivated_nor_demoted() {
    let mut w = World::new();
    let admin = w.admin.clone();
    let err = w.service.set_active(&admin, "admin", false).unwrap_err();
    assert_eq!(err.message().key, "error.last_admin");
    let err = w.service.set_role(&admin, "admin", "learner").unwrap_err();
    assert_eq!(err.message().key, "error.last_admin");
    // With a second admin, the first may go; then the second is the last.
    w.add("second", "admin");
    w.service.set_role(&admin, "admin", "technician").unwrap();
    let second = w.sign_in("second", PASSWORD).unwrap();
    assert_eq!(
        key(w.service.set_active(&second, "second", false)),
        "error.last_admin"
    );
}

#[test]
fn nobody_hands_out_or_manages_more_than_they_hold() {
    let mut w = World::new();
    let boss = w.add("boss", "management");
    w.add("other-admin", "admin");
    let new_admin = NewUser {
        login: "sneaky",
        full_name: "Sneaky",
        role: "admin",
        email: None,
        phone: None,
        cohort: None,
        company: None,
        password: PASSWORD,
    };
    assert_eq!(
        key(w.service.add_user(&boss, &new_admin)),
        "error.role_mightier"
    );
    assert_eq!(
        key(w.service.set_role(&boss, "other-admin", "sales")),
        "error.target_mightier"
    );
    assert_eq!(
        key(w.service.set_active(&boss, "other-admin", false)),
        "error.target_mightier"
    );
    assert_eq!(
        key(w
            .service
            .set_password(&boss, "other-admin", "Taken-over-pass-77")),
        "error.target_mightier"
    );
    // Management may staff its own departments.
    let sales = NewUser {
        login: "seller",
        role: "sales",
        ..new_admin
    };
    assert!(w.service.add_user(&boss, &sales).is_ok());
}

#[test]
fn roles_are_data_and_the_admin_role_is_fixed() {
    let mut w = World::new();
    let admin = w.admin.clone();
    let role = guichet::service::roles::NewRole {
        key: "accueil",
        label_fr: "Accueil",
        label_en: "Front desk",
        handles_tickets: true,
        serves: guichet::domain::roles::Audience::Everyone,
    };
    w.service.add_role(&admin, &role).unwrap();
    w.service.grant(&admin, "accueil", "ticket.read").unwrap();
    let view = w.service.show_role(&admin, "accueil").unwrap();
    assert_eq!(
        view.grants.scope_of(Capability::TicketRead),
        Some(guichet::domain::Scope::Own)
    );
    w.service
        .grant(&admin, "accueil", "ticket.read:all")
        .unwrap();
    assert_eq!(
        key(w.service.grant(&admin, "accueil", "ticket.read:all")),
        "error.already_granted"
    );
    assert_eq!(
        key(w.service.grant(&admin, "accueil", "role.manage:own")),
        "error.scope_not_allowed"
    );
    assert_eq!(
        key(w.service.grant(&admin, "admin", "kb.read")),
        "error.admin_role_fixed"
    );
    assert_eq!(
        key(w.service.revoke(&admin, "admin", "kb.read")),
        "error.admin_role_fixed"
    );
    w.service.revoke(&admin, "accueil", "ticket.read").unwrap();
    assert_eq!(
        key(w.service.revoke(&admin, "accueil", "ticket.read")),
        "error.not_granted"
    );
    // Each accepted change wrote one audit entry; refusals wrote none.
    let filter = guichet::service::audit::AuditFilter {
        object_type: Some("role".into()),
        ..Default::default()
    };
    let actions: Vec<String> = w
        .service
        .audit_tail(&admin, &filter, 50)
        .unwrap()
        .into_iter()
        .map(|e| e.action)
        .collect();
    assert_eq!(
        actions,
        ["role.create", "role.grant", "role.grant", "role.revoke"]
    );
    // An action alone, or with an actor or an object (each read through a
    // different index), finds the same entries.
    let tail = |filter: guichet::service::audit::AuditFilter| -> Vec<String> {
        w.service
            .audit_tail(&admin, &filter, 50)
            .unwrap()
            .into_iter()
            .map(|e| format!("{} {} {}", e.actor_login, e.action, e.object_type))
            .collect()
    };
    let grants = vec!["admin role.grant role".to_string(); 2];
    for filter in [
        guichet::service::audit::AuditFilter {
            action: Some("role.grant".into()),
            ..Default::default()
        },
        guichet::service::audit::AuditFilter {
            action: Some("role.grant".into()),
            actor_login: Some("ADMIN ".into()),
            ..Default::default()
        },
        guichet::service::audit::AuditFilter {
            action: Some("role.grant".into()),
            object_type: Some("role".into()),
            ..Default::default()
        },
    ] {
        assert_eq!(tail(filter), grants);
    }
}

#[test]
fn scopes_limit_what_lists_show() {
    let mut w = World::new();
    let admin = w.admin.clone();
    w.service.add_company(&admin, "Agence Lumière").unwrap();
    w.service.add_company(&admin, "Boulangerie Martin").unwrap();
    let client = NewUser {
        login: "client1",
        full_name: "Claire Client",
        role: "client",
        email: Some("claire@lumiere.fr"),
        phone: Some("+33 6 12 34 56 78"),
        cohort: None,
        company: Some("Agence Lumière"),
        password: PASSWORD,
    };
    let id = w.service.add_user(&admin, &client).unwrap();
    let client = Actor {
        id,
        login: "client1".into(),
    };
    let companies = w.service.list_companies(&client, "", 50).unwrap();
    assert_eq!(
        companies
            .iter()
            .map(|c| c.name.as_str())
            .collect::<Vec<_>>(),
        ["Agence Lumière"]
    );
    let users = w.service.list_users(&client, None, "", 50).unwrap();
    assert_eq!(
        users
            .iter()
            .map(|u| u.user.login.as_str())
            .collect::<Vec<_>>(),
        ["client1"]
    );
    assert_eq!(w.service.list_users(&admin, None, "", 50).unwrap().len(), 2);
    // Keyset pages: after "admin", the next login.
    let page = w.service.list_users(&admin, None, "admin", 1).unwrap();
    assert_eq!(page[0].user.login, "client1");
}

#[test]
fn profiles_are_edited_within_scope_and_audited_field_by_field() {
    use guichet::service::users::ProfileEdit;
    let mut w = World::new();
    let admin = w.admin.clone();
    w.service.add_programme(&admin, "Développeur Web").unwrap();
    let cohort = guichet::service::org::NewCohort {
        name: "Promo 2026",
        programme: "Développeur Web",
        start: None,
        end: None,
    };
    w.service.add_cohort(&admin, &cohort).unwrap();
    let learner = w.add("lea", "learner");
    w.add("other", "learner");

    let phone = ProfileEdit {
        phone: Some("06 12 34 56 78"),
        ..Default::default()
    };
    w.service.edit_user(&learner, "lea", &phone).unwrap();
    assert_eq!(
        w.service
            .show_user(&learner, "lea")
            .unwrap()
            .user
            .phone
            .as_deref(),
        Some("06 12 34 56 78")
    );
    assert_eq!(
        key(w.service.edit_user(&learner, "lea", &phone)),
        "error.nothing_to_change"
    );
    let own_cohort = ProfileEdit {
        cohort: Some("Promo 2026"),
        ..Default::default()
    };
    assert!(matches!(
        w.service.edit_user(&learner, "lea", &own_cohort),
        Err(Error::Denied(_))
    ));
    assert!(matches!(
        w.service.edit_user(&learner, "other", &phone),
        Err(Error::Denied(_))
    ));
    assert!(matches!(
        w.service.show_user(&learner, "other"),
        Err(Error::Denied(_))
    ));
    assert!(matches!(
        w.service.show_user(&learner, "nobody"),
        Err(Error::Denied(_))
    ));
    assert!(matches!(
        w.service.show_user(&admin, "nobody"),
        Err(Error::NotFound(_))
    ));

    w.service.edit_user(&admin, "lea", &own_cohort).unwrap();
    let bad_email = ProfileEdit {
        email: Some("not-an-address"),
        ..Default::default()
    };
    assert_eq!(
        key(w.service.edit_user(&admin, "lea", &bad_email)),
        "error.invalid_email"
    );
    let clear = ProfileEdit {
        phone: Some(""),
        ..Default::default()
    };
    w.service.edit_user(&admin, "lea", &clear).unwrap();
    let lea = w.service.show_user(&admin, "lea").unwrap();
    assert_eq!(
        (lea.user.phone, lea.cohort.as_deref()),
        (None, Some("Promo 2026"))
    );

    let filter = guichet::service::audit::AuditFilter {
        object_id: Some(learner.id.to_string()),
        object_type: Some("user".into()),
        ..Default::default()
    };
    let summaries: Vec<String> = w
        .service
        .audit_tail(&admin, &filter, 10)
        .unwrap()
        .into_iter()
        .filter(|e| e.action == "user.update")
        .map(|e| e.summary)
        .collect();
    assert_eq!(
        summaries,
        [
            r#"{"phone":{"new":"06 12 34 56 78","old":null}}"#,
            r#"{"cohort_id":{"new":1,"old":null}}"#,
            r#"{"phone":{"new":null,"old":"06 12 34 56 78"}}"#,
        ]
    );
}

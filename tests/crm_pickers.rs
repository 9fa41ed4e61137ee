//! What the CRM's forms pick from as you type, through the service on a
//! real file: active companies only, the people whose role may own
//! clients (whatever the roles are called), the signed event contracts the
//! actor may use, each offered only to those whose form needs it, and
//! "N more" said rather than rows cut silently.

mod support;

use guichet::domain::crm::ContractKind;
use guichet::domain::money::Cents;
use guichet::domain::Capability;
use guichet::service::crm_contracts::NewContract;
use guichet::service::Actor;
use support::crm_seed;
use support::service::*;

struct Desk {
    w: World,
    mona: Actor,
    sam: Actor,
    sue: Actor,
    sol: Actor,
}

fn desk() -> Desk {
    let mut w = World::new();
    let mona = w.add("mona", "management");
    let sam = w.add("sam", "sales");
    let sue = w.add("sue", "sales");
    let sol = w.add("sol", "support");
    Desk {
        w,
        mona,
        sam,
        sue,
        sol,
    }
}

fn contract(w: &mut World, who: &Actor, client: i64, signed: bool, kind: ContractKind) -> i64 {
    let new = NewContract {
        client_id: client,
        total: Cents(10_000),
        due: None,
        kind,
        hours: (kind == ContractKind::HourPack).then_some(5),
        valid_from: None,
        valid_until: None,
        signed,
        sales: None,
    };
    w.service.add_contract(who, &new).unwrap()
}

#[test]
fn companies_offered_are_the_active_ones_matching_what_is_typed() {
    let mut d = desk();
    for name in ["Acme Événements", "Acme Traiteur", "Zèbre & Co", "Ancienne"] {
        d.w.company(name);
    }
    let admin = d.w.admin.clone();
    d.w.service.archive_company(&admin, "Ancienne").unwrap();
    let names = |d: &Desk, who: &Actor, typed: &str| -> Vec<String> {
        let found = d.w.service.company_picks(who, typed, 10).unwrap();
        found.rows.into_iter().map(|c| c.name).collect()
    };
    // In the index's order, the companies list's own.
    assert_eq!(
        names(&d, &d.sam, "acme"),
        ["Acme Traiteur", "Acme Événements"]
    );
    assert_eq!(names(&d, &d.mona, "EVENEMENTS"), ["Acme Événements"]);
    assert_eq!(names(&d, &d.sam, "ancienne"), Vec::<String>::new());
    assert_eq!(names(&d, &d.sam, "%"), Vec::<String>::new(), "% is literal");
    assert_denied(
        d.w.service.company_picks(&d.sol, "acme", 10),
        Capability::ClientCreate,
    );
}

#[test]
fn a_long_list_says_how_many_more_match() {
    let mut d = desk();
    for i in 0..12 {
        d.w.company(&format!("Société {i:02}"));
    }
    let found = d.w.service.company_picks(&d.sam, "société", 5).unwrap();
    assert_eq!(
        (found.rows.len(), found.more, found.at_least),
        (5, 7, false)
    );
    let all = d.w.service.company_picks(&d.sam, "", 20).unwrap();
    assert_eq!((all.rows.len(), all.more), (12, 0));
}

#[test]
fn sales_contacts_are_whoever_may_own_clients_offered_to_who_may_name_them() {
    let mut d = desk();
    let logins = |found: guichet::service::crm_pickers::Matches<_>| -> Vec<String> {
        found
            .rows
            .into_iter()
            .map(|p: guichet::service::crm_pickers::PersonPick| p.login)
            .collect()
    };
    // admin, management and sales hold client.update; support does not.
    let all = d.w.service.sales_contact_picks(&d.mona, "", 10).unwrap();
    assert_eq!(logins(all), ["admin", "mona", "sam", "sue"]);
    let su = d.w.service.sales_contact_picks(&d.mona, "SU", 10).unwrap();
    assert_eq!(logins(su), ["sue"]);
    // A salesperson names no one but themselves: nothing to pick.
    assert_denied(
        d.w.service.sales_contact_picks(&d.sam, "", 10),
        Capability::ClientUpdate,
    );
    // Roles are data: a role of the site's own that may own clients is in.
    let admin = d.w.admin.clone();
    let role = guichet::service::roles::NewRole {
        key: "key_account",
        label_fr: "Grands comptes",
        label_en: "Key accounts",
        handles_tickets: false,
        serves: guichet::domain::roles::Audience::Everyone,
    };
    d.w.service.add_role(&admin, &role).unwrap();
    d.w.service
        .grant(&admin, "key_account", "client.update:own")
        .unwrap();
    d.w.add("kim", "key_account");
    let all = d.w.service.sales_contact_picks(&d.mona, "", 10).unwrap();
    assert_eq!(logins(all), ["admin", "kim", "mona", "sam", "sue"]);
}

#[test]
fn event_contracts_offered_are_the_signed_ones_the_actor_may_use() {
    let mut d = desk();
    let conn = d.w.service.store().conn();
    let lea = crm_seed::client(conn, "Léa Martin", Some(d.sam.id), None);
    let hugo = crm_seed::client(conn, "Hugo Petit", Some(d.sue.id), None);
    let (mona, sam) = (d.mona.clone(), d.sam.clone());
    let signed = contract(&mut d.w, &mona, lea, true, ContractKind::Event);
    let unsigned = contract(&mut d.w, &sam, lea, false, ContractKind::Event);
    let pack = contract(&mut d.w, &mona, lea, true, ContractKind::HourPack);
    let sues = contract(&mut d.w, &mona, hugo, true, ContractKind::Event);
    let ids = |d: &Desk, who: &Actor, typed: &str| -> Vec<i64> {
        let found = d.w.service.event_contract_picks(who, typed, 10).unwrap();
        found.rows.into_iter().map(|c| c.id).collect()
    };
    assert_eq!(ids(&d, &d.mona, ""), [sues, signed]);
    assert_eq!(ids(&d, &d.sam, ""), [signed], "their own client's only");
    assert_eq!(ids(&d, &d.sam, "lea"), [signed]);
    assert_eq!(ids(&d, &d.mona, &format!("#{sues}")), [sues]);
    assert_eq!(ids(&d, &d.mona, &unsigned.to_string()), Vec::<i64>::new());
    assert_eq!(ids(&d, &d.mona, &pack.to_string()), Vec::<i64>::new());
    let found = d.w.service.event_contract_picks(&d.mona, "", 10).unwrap();
    assert_eq!(found.rows[0].client.as_deref(), Some("Hugo Petit"));
    assert_denied(
        d.w.service.event_contract_picks(&d.sol, "", 10),
        Capability::EventCreate,
    );
}

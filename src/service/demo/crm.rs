//! The event company's CRM in the demo (issue 15, `002_…`/`004_…`): the
//! companies of its customers, about 200 clients (each with one of the
//! demo's salespeople), twice as many contracts (some unsigned, some
//! unpaid; a few of them the agency's hour packs and hosting) and one and
//! a half times as many events (some without a support contact), in
//! French, with the audit entry of each creation. Deterministic: the same
//! seed and `now` give the same rows.

use super::rng::Rng;
use super::{Directory, DAY};
use crate::domain::audit_action::AuditAction;
use crate::domain::{validate, Msg};
use crate::service::summary::Summary;
use crate::service::{Error, Result};
use crate::store::audit::{Chain, NewEntry};
use crate::store::demo_crm::{self, DemoClient, DemoContract, DemoEvent};
use crate::store::{org, Write};

/// Clients when `--clients` is not given.
pub const DEFAULT_CLIENTS: u64 = 200;
/// A bound on typing slips (each client brings two contracts and one and
/// a half events, each with its audit entry).
pub const MAX_CLIENTS: u64 = 1_000_000;
const HOUR: i64 = 3_600;

/// How many rows the CRM part of the demo writes for `clients` clients.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CrmCounts {
    pub companies: u64,
    pub clients: u64,
    pub contracts: u64,
    pub events: u64,
}

/// The event company's customers (and, for the agency, `people::COMPANIES`).
#[rustfmt::skip]
const COMPANIES: &[(&str, &str)] = &[
    ("Traiteur Dupont", "traiteur-dupont.test"), ("Les Jardins de Sologne", "jardins-sologne.test"),
    ("Association Jazz en Seine", "jazz-en-seine.test"), ("Banque Mutuelle de l'Ouest", "bmo.test"),
    ("Laboratoires Garnier-Fall", "labo-garnier-fall.test"), ("Cave des Coteaux", "cave-coteaux.test"),
    ("Mairie de Montreuil", "montreuil.test"), ("Studio Lumen", "studio-lumen.test"),
    ("Cabinet Sarr Conseil", "sarr-conseil.test"), ("Club de Voile de Brest", "voile-brest.test"),
    ("Éditions du Quai", "editions-quai.test"), ("Clinique Saint-Roch", "saint-roch.test"),
    ("Transports Diallo", "transports-diallo.test"), ("Lycée Victor-Hugo", "lycee-vh.test"),
    ("Fondation Ndiaye", "fondation-ndiaye.test"), ("Maison Perrin", "maison-perrin.test"),
    ("Start-up Nébuleuse", "nebuleuse.test"), ("Théâtre des Capucines", "capucines.test"),
    ("Coopérative Bio d'Auvergne", "bio-auvergne.test"), ("Hôtel du Parc", "hotel-du-parc.test"),
];

#[rustfmt::skip]
const FIRST: &[&str] = &[
    "Aurélie", "Bastien", "Capucine", "Djibril", "Estelle", "Fabrice", "Gwenaëlle", "Henri",
    "Isabelle", "Jérôme", "Karima", "Laurent", "Mélanie", "Nicolas", "Odile", "Pascal", "Rachida",
    "Sébastien", "Tiphaine", "Ulysse", "Valérie", "William", "Yasmine", "Adama", "Bérénice",
    "Christophe", "Diane", "Étienne", "Florence", "Grégoire", "Hélène", "Issa", "Jacqueline",
];

#[rustfmt::skip]
const LAST: &[&str] = &[
    "Lemaire", "Barbier", "Carpentier", "Diagne", "Etienne", "Fournier", "Girard", "Hubert",
    "Joly", "Koné", "Lacroix", "Marchand", "Nicolas", "Olivier", "Picard", "Renaud", "Sanchez",
    "Traoré", "Vasseur", "Weber", "Bonnet", "Colin", "Deschamps", "Gaillard", "Lebrun", "Masson",
];

#[rustfmt::skip]
const EVENTS: &[&str] = &[
    "Mariage", "Séminaire annuel", "Soirée de gala", "Salon professionnel", "Lancement de produit",
    "Anniversaire des 20 ans", "Conférence de presse", "Festival d'été", "Journée portes ouvertes",
    "Remise de prix", "Assemblée générale", "Concert caritatif", "Team building", "Vernissage",
];

#[rustfmt::skip]
const PLACES: &[&str] = &[
    "Salle des fêtes, Montreuil", "Château de Vincennes", "Domaine des Trois Chênes, Sologne",
    "Palais des congrès, Lyon", "Docks de Marseille", "Halle aux grains, Toulouse",
    "Abbaye de Fontevraud", "Parc floral, Paris 12e", "Quai des Chartrons, Bordeaux",
    "Cité des congrès, Nantes", "Grand Hôtel, Cabourg", "Ferme du Buisson, Noisiel",
];

#[rustfmt::skip]
const NOTES: &[&str] = &[
    "",
    "Accès traiteur par la cour arrière.",
    "Prévoir un vestiaire.\nParking réservé aux invités.",
    "Sono et éclairage fournis par le lieu.\nRépétition la veille à 18 h.",
    "Menu végétarien pour 20 % des invités.",
    "Navette depuis la gare à 14 h et 18 h.\nContact sur place : le régisseur.",
];

/// What the CRM part writes for `clients` clients.
pub fn counts(clients: u64) -> CrmCounts {
    CrmCounts {
        companies: COMPANIES.len() as u64,
        clients,
        contracts: 2 * clients,
        events: clients * 3 / 2,
    }
}

/// Refuses a size beyond [`MAX_CLIENTS`] before anything is written.
pub fn check_size(clients: u64) -> Result<()> {
    if clients > MAX_CLIENTS {
        return Err(Error::Invalid(
            Msg::new("error.demo_too_many_clients").arg("max", MAX_CLIENTS),
        ));
    }
    Ok(())
}

/// The ids the CRM rows point at.
struct Staff {
    sales: Vec<(i64, String)>,
    support: Vec<(i64, String)>,
}

fn staff(dir: &Directory) -> Staff {
    let of = |role: &str| -> Vec<(i64, String)> {
        dir.people
            .iter()
            .zip(&dir.users)
            .filter(|(p, _)| p.role == role)
            .map(|(_, u)| u.clone())
            .collect()
    };
    Staff {
        sales: of("sales"),
        support: of("support"),
    }
}

/// Writes the CRM's rows and their audit entries (before the tickets',
/// each part with its own chain, one open at a time).
pub(super) fn fill(
    w: &Write,
    dir: &Directory,
    (seed, clients): (u64, u64),
    now: i64,
) -> Result<()> {
    let staff = staff(dir);
    if staff.sales.is_empty() || clients == 0 {
        return Ok(());
    }
    let mut rng = Rng::new(seed ^ 0xC0FF_EE15);
    let mut chain = Chain::start(w, now)?;
    let setup_at = now - 2 * 365 * DAY;
    let mut company_ids = Vec::new();
    for (name, _) in COMPANIES {
        let id = org::insert_company(w, name, setup_at)?;
        let summary = Summary::new().value("name", *name).value("via", "demo");
        audit(
            w,
            &mut chain,
            (setup_at, None),
            (AuditAction::CompanyCreate, id),
            summary,
        )?;
        company_ids.push(id);
    }
    let mut client_rows = Vec::new();
    for n in 0..clients {
        client_rows.push(client(
            w,
            &mut chain,
            &mut rng,
            (&staff, &company_ids),
            (n, now),
        )?);
    }
    let mut signed_events = Vec::new();
    for _ in 0..2 * clients {
        if let Some(found) = contract(w, &mut chain, &mut rng, (dir, &client_rows), now)? {
            signed_events.push(found);
        }
    }
    if !signed_events.is_empty() {
        for _ in 0..clients * 3 / 2 {
            let on = signed_events[rng.below(signed_events.len() as u64) as usize];
            event(w, &mut chain, &mut rng, (&staff, on), now)?;
        }
    }
    chain.finish(w)?;
    Ok(())
}

/// A client: (id, sales contact, created at, company).
type ClientRow = (i64, (i64, String), i64, Option<i64>);

fn client(
    w: &Write,
    chain: &mut Chain,
    rng: &mut Rng,
    (staff, company_ids): (&Staff, &[i64]),
    (n, now): (u64, i64),
) -> Result<ClientRow> {
    let (first, last) = (rng.pick(FIRST), rng.pick(LAST));
    let full_name = format!("{first} {last}");
    let company = (!rng.chance(10)).then(|| rng.below(COMPANIES.len() as u64) as usize);
    let domain = company.map_or("exemple-particulier.test", |c| COMPANIES[c].1);
    let email = format!("{}.{}{n}@{domain}", ascii(first), ascii(last));
    let phone = format!(
        "06 {:02} {:02} {:02} {:02}",
        rng.below(100),
        rng.below(100),
        rng.below(100),
        rng.below(100)
    );
    let created_at = now - rng.range(30 * DAY, 700 * DAY);
    let first_contact = day_of(created_at - rng.range(0, 60 * DAY));
    let sales = staff.sales[rng.below(staff.sales.len() as u64) as usize].clone();
    validate::name("full_name", &full_name).map_err(Error::Invalid)?;
    validate::email(&email).map_err(Error::Invalid)?;
    let row = DemoClient {
        full_name: &full_name,
        email: &email,
        phone: &phone,
        company_id: company.map(|c| company_ids[c]),
        sales_contact_id: sales.0,
        first_contact: &first_contact,
        created_at,
        updated_at: created_at,
    };
    let id = demo_crm::insert_client(w, &row)?;
    let summary = Summary::new()
        .value("full_name", full_name.as_str())
        .value("email", email.as_str())
        .value("phone", phone.as_str())
        .value("company_id", row.company_id)
        .value("sales_contact_id", sales.0)
        .value("first_contact", first_contact.as_str())
        .value("via", "demo");
    let by = Some((sales.0, sales.1.as_str()));
    audit(
        w,
        chain,
        (created_at, by),
        (AuditAction::ClientCreate, id),
        summary,
    )?;
    Ok((id, sales, created_at, company.map(|c| company_ids[c])))
}

/// One contract; gives (id, signed at) when it is a signed event contract
/// that events may be held for.
fn contract(
    w: &Write,
    chain: &mut Chain,
    rng: &mut Rng,
    (dir, clients): (&Directory, &[ClientRow]),
    now: i64,
) -> Result<Option<(i64, i64)>> {
    let kind = rng.weighted(&[("event", 88), ("hour_pack", 8), ("hosting", 4)]);
    let (client, agency) = if kind == "event" || dir.company_ids.is_empty() {
        (
            Some(&clients[rng.below(clients.len() as u64) as usize]),
            None,
        )
    } else {
        (None, Some(rng.pick(&dir.company_ids)))
    };
    let since = client.map_or(now - 365 * DAY, |c| c.2);
    let created_at = rng.range(since, now - DAY);
    let signed_at = (!rng.chance(25)).then(|| (created_at + rng.range(HOUR, 20 * DAY)).min(now));
    let total_cents = 100 * rng.range(5, 500) * 100;
    let due_cents = match (signed_at, rng.below(3)) {
        (None, _) | (Some(_), 0) => total_cents,
        (Some(_), 1) => 0,
        _ => total_cents / 100 * rng.range(10, 90),
    };
    let (hours, from, until) = terms(rng, kind, created_at);
    let row = DemoContract {
        kind,
        client_id: client.map(|c| c.0),
        // A client's contract belongs to the client's company, as the
        // service files it.
        company_id: agency.or(client.and_then(|c| c.3)),
        sales_contact_id: client.map(|c| c.1 .0),
        total_cents,
        due_cents,
        signed_at,
        hours_bought: hours,
        valid_from: from,
        valid_until: until,
        created_at,
        updated_at: signed_at.unwrap_or(created_at),
    };
    let id = demo_crm::insert_contract(w, &row)?;
    let summary = Summary::new()
        .value("kind", kind)
        .value("client_id", row.client_id)
        .value("company_id", row.company_id)
        .value("sales_contact_id", row.sales_contact_id)
        .value("total_cents", total_cents)
        .value("due_cents", due_cents)
        .value("signed_at", signed_at)
        .value("hours_bought", hours)
        .value("valid_from", row.valid_from.clone())
        .value("valid_until", row.valid_until.clone())
        .value("via", "demo");
    let by = client.map(|c| (c.1 .0, c.1 .1.as_str()));
    audit(
        w,
        chain,
        (created_at, by),
        (AuditAction::ContractCreate, id),
        summary,
    )?;
    Ok(match (kind, signed_at) {
        ("event", Some(at)) => Some((id, at)),
        _ => None,
    })
}

/// Hours, start and end of an agency contract: hour packs of 5, 10 or 50
/// hours valid a year from purchase; hosting from its start to its renewal.
fn terms(rng: &mut Rng, kind: &str, at: i64) -> (Option<i64>, Option<String>, Option<String>) {
    match kind {
        "hour_pack" => (
            Some(rng.pick(&[5, 10, 50])),
            Some(day_of(at)),
            Some(day_of(at + 365 * DAY)),
        ),
        "hosting" => (None, Some(day_of(at)), Some(day_of(at + 365 * DAY))),
        _ => (None, None, None),
    }
}

fn event(
    w: &Write,
    chain: &mut Chain,
    rng: &mut Rng,
    (staff, (contract_id, signed_at)): (&Staff, (i64, i64)),
    now: i64,
) -> Result<()> {
    let name = format!("{} {}", rng.pick(EVENTS), rng.pick(LAST));
    let day = signed_at + rng.range(7, 240) * DAY;
    let starts_at = day - day.rem_euclid(DAY) + rng.range(8, 20) * HOUR;
    let ends_at = starts_at + rng.pick(&[2, 4, 6, 10, 30, 54]) * HOUR;
    let support = if staff.support.is_empty() || rng.chance(15) {
        None
    } else {
        Some(staff.support[rng.below(staff.support.len() as u64) as usize].clone())
    };
    let created_at = rng.range(signed_at, now.max(signed_at + 1));
    let row = DemoEvent {
        contract_id,
        name: &name,
        support_contact_id: support.as_ref().map(|s| s.0),
        starts_at,
        ends_at,
        location: rng.pick(PLACES),
        attendees: rng.range(0, 400),
        notes: rng.pick(NOTES),
        created_at,
        updated_at: created_at,
    };
    let id = demo_crm::insert_event(w, &row)?;
    let summary = Summary::new()
        .value("contract_id", contract_id)
        .value("name", name.as_str())
        .value("support_contact_id", row.support_contact_id)
        .value("starts_at", starts_at)
        .value("ends_at", ends_at)
        .value("location", row.location)
        .value("attendees", row.attendees)
        .value("via", "demo");
    audit(
        w,
        chain,
        (created_at, None),
        (AuditAction::EventCreate, id),
        summary,
    )
}

fn audit(
    w: &Write,
    chain: &mut Chain,
    (at, by): (i64, Option<(i64, &str)>),
    (action, id): (AuditAction, i64),
    summary: Summary,
) -> Result<()> {
    let summary = summary.build().to_string();
    let entry = match by {
        Some((actor_id, login)) => NewEntry {
            at,
            actor_id: Some(actor_id),
            actor_login: login.to_string(),
            action,
            object_id: id.to_string(),
            summary,
        },
        None => NewEntry::system(at, action, &id.to_string(), summary),
    };
    chain.append(w, &entry)?;
    Ok(())
}

fn day_of(at: i64) -> String {
    chrono::DateTime::from_timestamp(at, 0)
        .unwrap_or_default()
        .date_naive()
        .to_string()
}

/// An email's local part: lowercase ASCII, accents dropped.
fn ascii(name: &str) -> String {
    crate::domain::text_filter::fold(name)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_scale_with_the_number_of_clients() {
        let c = counts(200);
        assert_eq!((c.clients, c.contracts, c.events), (200, 400, 300));
        assert!(check_size(MAX_CLIENTS).is_ok());
        assert_eq!(
            check_size(MAX_CLIENTS + 1).unwrap_err().message().key,
            "error.demo_too_many_clients"
        );
    }

    #[test]
    fn generated_names_and_emails_pass_the_rules_typed_ones_do() {
        for first in FIRST {
            for last in LAST {
                let name = format!("{first} {last}");
                assert!(validate::name("full_name", &name).is_ok(), "{name}");
                let email = format!("{}.{}7@x.test", ascii(first), ascii(last));
                assert!(validate::email(&email).is_ok(), "{email}");
            }
        }
        for (name, _) in COMPANIES {
            assert!(validate::name("name", name).is_ok(), "{name}");
        }
    }
}

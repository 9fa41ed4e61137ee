//! Who the demo centre and agency are: programmes, cohorts, companies,
//! categories, and a roster of people with French logins.

use super::rng::Rng;
use std::collections::HashSet;

pub const PROGRAMMES: &[&str] = &[
    "Développeur Web",
    "Data Analyst",
    "Technicien Réseau",
    "Concepteur Développeur d'Applications",
    "Technicien d'Assistance Informatique",
];

/// The agency's clients; the second field is their mail domain.
pub const COMPANIES: &[(&str, &str)] = &[
    ("Agence Lumière", "agence-lumiere.test"),
    ("Boulangerie Martin", "boulangerie-martin.test"),
    ("Cabinet Dubois Avocats", "cabinet-dubois.test"),
    ("Garage Moreau", "garage-moreau.test"),
    ("Librairie des Quais", "librairie-des-quais.test"),
    ("Fromagerie Lefèvre", "fromagerie-lefevre.test"),
    ("Atelier Couture Ndiaye", "couture-ndiaye.test"),
    ("Clinique Vétérinaire du Parc", "veto-du-parc.test"),
    ("Transports Fall et Fils", "transports-fall.test"),
    ("Mairie de Saint-Léon", "saint-leon.test"),
];

pub const CATEGORIES: &[&str] = &[
    "Matériel",
    "Réseau",
    "Compte et accès",
    "Logiciel",
    "Impression",
    "Pédagogie",
    "Administratif",
    "Bâtiment",
    "Site web",
    "Messagerie",
    "Hébergement",
];

#[rustfmt::skip]
const FIRST_NAMES: &[&str] = &[
    "Élodie", "Cheikh", "Rokhyatou", "Jean-Baptiste", "Aminata", "Mamadou", "Camille", "Théo",
    "Fatou", "Ousmane", "Léa", "Hugo", "Awa", "Ibrahima", "Chloé", "Lucas", "Mariama", "Moussa",
    "Inès", "Baptiste", "Khadija", "Youssef", "Manon", "Nathan", "Aïssatou", "Abdoulaye",
    "Clémence", "Maxime", "Ndèye", "Pape", "Sarah", "Thomas", "Coumba", "Modou", "Juliette",
    "Antoine", "Seynabou", "Amadou", "Océane", "Rémi", "Bineta", "Alioune", "Margaux",
    "Quentin", "Sokhna", "Lamine", "Zoé", "Gaël", "Marie-Claire", "Anne-Sophie",
];

#[rustfmt::skip]
const LAST_NAMES: &[&str] = &[
    "Ndiaye", "Talla", "Fall", "Moreau", "Diop", "Sow", "Martin", "Bernard", "Dubois", "Petit",
    "Durand", "Leroy", "Faye", "Gueye", "Sarr", "Ba", "Diallo", "Lefèvre", "Mercier", "Garnier",
    "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Perrin", "Morin",
    "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin",
    "Mbaye", "Cissé", "Kane", "Seck", "Thiam", "Camara", "Le Goff", "N'Diaye", "Benali",
];

/// How many people of each role the demo has (learners: per cohort;
/// clients: per company). Learners are many, staff several, admin one.
pub const STAFF_COUNTS: &[(&str, usize)] = &[
    ("technician", 5),
    ("coach_hard", 3),
    ("coach_soft", 2),
    ("supervisor", 2),
    ("referent", 2),
    ("caretaker", 2),
    ("management", 2),
    ("sales", 3),
    ("support", 3),
];
pub const LEARNERS_PER_COHORT: usize = 18;
pub const CLIENTS_PER_COMPANY: usize = 2;
pub const STAFF_DOMAIN: &str = "campus-demo.test";

/// A cohort to create: its programme (index into [`PROGRAMMES`]) and dates.
pub struct CohortPlan {
    pub name: String,
    pub programme: usize,
    pub start: String,
    pub end: String,
}

/// Two promos per programme: last year's (September to July) and this
/// year's (January to December), each with its own letter so that a
/// cohort name alone is never ambiguous.
pub fn cohorts(year: i32) -> Vec<CohortPlan> {
    let mut out = Vec::new();
    for (index, _) in PROGRAMMES.iter().enumerate() {
        let letter = char::from(b'A' + index as u8);
        out.push(CohortPlan {
            name: format!("Promo {} {letter}", year - 1),
            programme: index,
            start: format!("{}-09-07", year - 1),
            end: format!("{year}-07-10"),
        });
        out.push(CohortPlan {
            name: format!("Promo {year} {letter}"),
            programme: index,
            start: format!("{year}-01-12"),
            end: format!("{year}-12-18"),
        });
    }
    out
}

/// Somebody to create.
#[derive(Clone, Debug)]
pub struct Person {
    pub login: String,
    pub full_name: String,
    pub email: String,
    pub role: &'static str,
    /// Index into the cohorts of [`cohorts`].
    pub cohort: Option<usize>,
    /// Index into [`COMPANIES`].
    pub company: Option<usize>,
}

/// Everybody, admin first, then staff, learners and clients.
pub fn roster(rng: &mut Rng, cohorts: usize) -> Vec<Person> {
    let mut names = Names {
        taken: HashSet::new(),
        logins: HashSet::new(),
    };
    let mut out = vec![names.person(rng, "admin", STAFF_DOMAIN, Some("admin"))];
    for (role, count) in STAFF_COUNTS {
        for _ in 0..*count {
            out.push(names.person(rng, role, STAFF_DOMAIN, None));
        }
    }
    for cohort in 0..cohorts {
        for _ in 0..LEARNERS_PER_COHORT {
            let mut p = names.person(rng, "learner", STAFF_DOMAIN, None);
            p.cohort = Some(cohort);
            out.push(p);
        }
    }
    for (index, (_, domain)) in COMPANIES.iter().enumerate() {
        for _ in 0..CLIENTS_PER_COMPANY {
            let mut p = names.person(rng, "client", domain, None);
            p.company = Some(index);
            out.push(p);
        }
    }
    out
}

struct Names {
    taken: HashSet<String>,
    logins: HashSet<String>,
}

impl Names {
    /// A new full name (never twice the same) and a login made of the
    /// initials of the first name and the whole surname: Élodie Ndiaye is
    /// `endiaye`, Jean-Baptiste Moreau `jbmoreau`; a second one gets a 2.
    fn person(
        &mut self,
        rng: &mut Rng,
        role: &'static str,
        domain: &str,
        login: Option<&str>,
    ) -> Person {
        let (first, last) = loop {
            let pair = (rng.pick(FIRST_NAMES), rng.pick(LAST_NAMES));
            if self.taken.insert(format!("{} {}", pair.0, pair.1)) {
                break pair;
            }
        };
        let base = match login {
            Some(fixed) => fixed.to_string(),
            None => {
                let initials: String = first
                    .split('-')
                    .filter_map(|p| fold(p).chars().next())
                    .collect();
                format!("{initials}{}", fold(last))
            }
        };
        let mut login = base.clone();
        let mut n = 2;
        while !self.logins.insert(login.clone()) {
            login = format!("{base}{n}");
            n += 1;
        }
        Person {
            email: format!("{login}@{domain}"),
            login,
            full_name: format!("{first} {last}"),
            role,
            cohort: None,
            company: None,
        }
    }
}

/// Lowercase ASCII letters only: accents folded, spaces, hyphens and
/// apostrophes dropped (logins allow nothing else worth having here).
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.to_lowercase().chars() {
        match c {
            'à' | 'â' | 'ä' => out.push('a'),
            'é' | 'è' | 'ê' | 'ë' => out.push('e'),
            'î' | 'ï' => out.push('i'),
            'ô' | 'ö' => out.push('o'),
            'ù' | 'û' | 'ü' => out.push('u'),
            'ç' => out.push('c'),
            'œ' => out.push_str("oe"),
            c if c.is_ascii_lowercase() || c.is_ascii_digit() => out.push(c),
            _ => {}
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logins_are_folded_initials_and_surnames_and_unique() {
        assert_eq!(fold("Élodie"), "elodie");
        assert_eq!(fold("N'Diaye"), "ndiaye");
        assert_eq!(fold("Le Goff"), "legoff");
        let people = roster(&mut Rng::new(3), 10);
        let logins: HashSet<_> = people.iter().map(|p| p.login.as_str()).collect();
        assert_eq!(logins.len(), people.len());
        assert_eq!(people[0].login, "admin");
        for p in &people {
            assert!(
                crate::domain::validate::login(&p.login).is_ok(),
                "{}",
                p.login
            );
        }
    }
}

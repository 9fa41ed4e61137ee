//! What the demo tickets say: titles, descriptions and comments put
//! together from French fragments, so that a million tickets still read
//! like a help desk and full-text search has real words to find.

use super::rng::Rng;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Side {
    /// Opened by a learner of the training centre.
    Centre,
    /// Opened by a client of the web agency.
    Agency,
}

pub struct Topic {
    pub side: Side,
    pub weight: u32,
    /// A name from `people::CATEGORIES`.
    pub category: &'static str,
    pub role: &'static str,
    pub titles: &'static [&'static str],
    pub details: &'static [&'static str],
    /// What staff write when they resolve it.
    pub fixes: &'static [&'static str],
}

const fn topic(
    side: Side,
    weight: u32,
    (category, role): (&'static str, &'static str),
    titles: &'static [&'static str],
    details: &'static [&'static str],
    fixes: &'static [&'static str],
) -> Topic {
    Topic {
        side,
        weight,
        category,
        role,
        titles,
        details,
        fixes,
    }
}

use Side::{Agency as A, Centre as C};

pub const TOPICS: &[Topic] = &[
    topic(
        C,
        14,
        ("Matériel", "technician"),
        &[
            "Écran noir en salle {salle}",
            "Le clavier du poste {poste} ne répond plus",
            "Souris défectueuse au poste {poste}",
            "Vidéoprojecteur qui ne s'allume pas en salle {salle}",
            "PC portable de prêt qui ne charge plus",
            "Ordinateur très lent au poste {poste}",
            "Casque audio cassé en salle {salle}",
        ],
        &[
            "Le voyant reste orange et rien ne s'affiche.",
            "J'ai déjà redémarré deux fois, sans succès.",
            "Le problème est apparu ce matin en arrivant.",
            "Ça fait un bruit de ventilateur très fort puis ça s'éteint.",
        ],
        &[
            "Câble vidéo remplacé, l'écran fonctionne de nouveau.",
            "Pièce changée, le poste redémarre normalement.",
            "Matériel échangé contre un modèle du stock.",
        ],
    ),
    topic(
        C,
        10,
        ("Réseau", "technician"),
        &[
            "Wi-Fi instable au {etage} étage",
            "Pas d'accès à Internet en salle {salle}",
            "Connexion coupée toutes les dix minutes",
            "Impossible d'accéder au serveur de fichiers",
            "VPN refusé depuis la maison",
        ],
        &[
            "La connexion tombe dès qu'on est plus de dix dans la salle.",
            "Le message d'erreur parle d'un délai d'attente dépassé.",
            "Le téléphone capte le réseau mais pas l'ordinateur.",
        ],
        &[
            "Borne Wi-Fi redémarrée et mise à jour.",
            "Câble réseau remplacé, la connexion est stable.",
            "Réglage corrigé sur le pare-feu, l'accès fonctionne.",
        ],
    ),
    topic(
        C,
        10,
        ("Compte et accès", "technician"),
        &[
            "Mot de passe expiré sur {appli}",
            "Impossible de me connecter à {appli}",
            "Compte bloqué après plusieurs essais",
            "Pas d'accès au dossier partagé de la promo",
            "Badge d'entrée refusé à l'accueil",
        ],
        &[
            "Le site me dit que mes identifiants sont incorrects.",
            "J'ai reçu un mail de réinitialisation mais le lien a expiré.",
            "Mes camarades y ont accès mais pas moi.",
        ],
        &[
            "Compte débloqué et mot de passe réinitialisé : pensez à le changer.",
            "Droits ajoutés sur le dossier de la promo.",
            "Badge réactivé à l'accueil.",
        ],
    ),
    topic(
        C,
        8,
        ("Logiciel", "technician"),
        &[
            "Docker ne démarre pas sur le poste {poste}",
            "VS Code plante à l'ouverture du projet",
            "Licence {logiciel} expirée",
            "Installation de Python impossible sans droits admin",
            "Mise à jour Windows bloquée à 35 %",
        ],
        &[
            "J'ai une erreur de virtualisation au lancement.",
            "Le logiciel se ferme tout seul après quelques secondes.",
            "Il me faut l'outil pour le TP de demain.",
        ],
        &[
            "Virtualisation activée dans le BIOS, Docker démarre.",
            "Logiciel réinstallé et licence renouvelée.",
            "Mise à jour terminée à distance.",
        ],
    ),
    topic(
        C,
        5,
        ("Impression", "technician"),
        &[
            "Imprimante du {etage} étage bloquée",
            "Bourrage papier à la reprographie",
            "Impression en noir et blanc seulement",
        ],
        &[
            "Les documents restent dans la file d'attente.",
            "L'écran de l'imprimante affiche une erreur E-52.",
        ],
        &[
            "Bourrage retiré et file d'attente vidée.",
            "Cartouche changée.",
        ],
    ),
    topic(
        C,
        9,
        ("Pédagogie", "coach_hard"),
        &[
            "Question sur l'exercice {module}",
            "Besoin d'aide sur le projet {module}",
            "Correction du TP {module} pas encore reçue",
            "Accès au dépôt GitLab du module {module}",
        ],
        &[
            "Je bloque sur la deuxième partie de l'énoncé.",
            "Mon code compile mais les tests ne passent pas.",
            "Je ne comprends pas la consigne sur le rendu.",
        ],
        &[
            "Point fait en salle, l'exercice est débloqué.",
            "Correction envoyée avec des commentaires.",
            "Accès au dépôt ajouté.",
        ],
    ),
    topic(
        C,
        5,
        ("Pédagogie", "coach_soft"),
        &[
            "Préparation à l'entretien de stage",
            "Relecture de mon CV",
            "Difficultés à travailler en équipe sur le projet {module}",
            "Conseils pour la présentation orale",
        ],
        &[
            "J'ai un entretien la semaine prochaine.",
            "Je voudrais un avis avant d'envoyer mes candidatures.",
        ],
        &[
            "Entretien blanc fait, fiche de conseils envoyée.",
            "CV relu et annoté.",
        ],
    ),
    topic(
        C,
        5,
        ("Administratif", "referent"),
        &[
            "Attestation de formation à fournir",
            "Absence justifiée à enregistrer",
            "Recherche d'entreprise pour l'alternance",
            "Aménagement d'horaires pour raison médicale",
        ],
        &[
            "C'est pour mon dossier auprès de France Travail.",
            "J'ai le justificatif à vous transmettre.",
        ],
        &[
            "Attestation envoyée par mail.",
            "Absence enregistrée avec le justificatif.",
        ],
    ),
    topic(
        C,
        4,
        ("Administratif", "supervisor"),
        &[
            "Retard de transport ce matin",
            "Salle {salle} fermée à clé pendant la pause",
            "Objet perdu en salle {salle}",
            "Bruit dans le couloir pendant l'évaluation",
        ],
        &[
            "Le bus n'est pas passé, j'arriverai vers 10 h.",
            "J'ai oublié une gourde bleue et un chargeur.",
        ],
        &[
            "Retard noté.",
            "Objet retrouvé, il vous attend à l'accueil.",
        ],
    ),
    topic(
        C,
        6,
        ("Bâtiment", "caretaker"),
        &[
            "Chauffage en panne en salle {salle}",
            "Fuite d'eau dans les toilettes du {etage} étage",
            "Lumière qui clignote en salle {salle}",
            "Store bloqué en salle {salle}",
            "Distributeur de boissons en panne",
            "Porte du parking qui ne ferme plus",
        ],
        &[
            "Il fait très froid depuis ce matin.",
            "Ça goutte sur le sol, il faudrait mettre un panneau.",
            "C'est gênant pour suivre le cours.",
        ],
        &[
            "Réparé, tout fonctionne.",
            "Plombier passé, fuite colmatée.",
            "Néon remplacé.",
        ],
    ),
    topic(
        A,
        10,
        ("Site web", "technician"),
        &[
            "Formulaire de contact du site qui n'envoie plus rien",
            "Page d'accueil très lente depuis ce matin",
            "Erreur 500 sur la page {page}",
            "Mise à jour des horaires d'ouverture sur le site",
            "Le site s'affiche mal sur mobile",
            "Paiement en ligne refusé pour certains clients",
        ],
        &[
            "Plusieurs clients nous ont appelés pour nous le signaler.",
            "Rien n'a changé de notre côté depuis hier.",
            "C'est important pour nous avant le week-end.",
        ],
        &[
            "Correction déployée, le formulaire envoie de nouveau.",
            "Cache vidé et images optimisées, la page est rapide.",
            "Contenu mis à jour en ligne.",
        ],
    ),
    topic(
        A,
        6,
        ("Messagerie", "technician"),
        &[
            "Boîte mail pleine",
            "Mails reçus dans les indésirables",
            "Création d'une adresse pour un nouvel employé",
            "Signature de mail à mettre à jour",
            "Mot de passe de messagerie oublié",
        ],
        &[
            "Nous ne recevons plus les commandes depuis hier.",
            "La personne arrive lundi.",
        ],
        &[
            "Quota augmenté et anciens mails archivés.",
            "Adresse créée, identifiants envoyés au responsable.",
        ],
    ),
    topic(
        A,
        4,
        ("Hébergement", "technician"),
        &[
            "Certificat SSL expiré sur {domaine}",
            "Renouvellement du nom de domaine {domaine}",
            "Sauvegarde du site à restaurer",
            "Espace disque presque plein sur l'hébergement",
        ],
        &[
            "Le navigateur affiche un avertissement de sécurité.",
            "Nous avons reçu une alerte par mail.",
        ],
        &[
            "Certificat renouvelé, renouvellement automatique activé.",
            "Sauvegarde restaurée et vérifiée.",
        ],
    ),
    topic(
        A,
        3,
        ("Compte et accès", "technician"),
        &[
            "Accès à l'administration du site perdu",
            "Ajouter un compte pour notre stagiaire",
        ],
        &[
            "Le lien de réinitialisation n'arrive pas.",
            "Elle doit pouvoir modifier les actualités.",
        ],
        &["Accès rétabli.", "Compte créé avec les droits d'éditeur."],
    ),
];

const SALLES: &[&str] = &["1", "2", "3", "4", "5", "6", "7", "8", "B12", "B14"];
const ETAGES: &[&str] = &["1er", "2e", "3e"];
const MODULES: &[&str] = &[
    "HTML/CSS",
    "JavaScript",
    "SQL",
    "Python",
    "React",
    "Linux",
    "Cisco",
    "Power BI",
    "Java",
    "PHP",
];
const APPLIS: &[&str] = &["Moodle", "GitLab", "Teams", "Pix", "Windows", "l'ENT"];
const LOGICIELS: &[&str] = &[
    "Office",
    "Tableau",
    "PhpStorm",
    "Packet Tracer",
    "Photoshop",
];
const PAGES: &[&str] = &["contact", "boutique", "réservation", "actualités", "équipe"];

const OPENERS: &[&str] = &[
    "Bonjour,",
    "Bonjour à toute l'équipe,",
    "Bonjour l'équipe,",
    "Bonsoir,",
];
const CONTEXTS: &[&str] = &[
    "Ça arrive une fois sur deux.",
    "Mes collègues ont le même souci.",
    "C'est bloquant pour rendre mon travail avant vendredi.",
    "Rien n'a changé de mon côté depuis hier.",
    "Je reste disponible pour en parler.",
    "C'est la deuxième fois cette semaine.",
];
const CLOSERS: &[&str] = &[
    "Merci d'avance.",
    "Merci pour votre aide !",
    "Bonne journée.",
    "Cordialement.",
];

/// A topic of `side`, more common ones more often.
pub fn topic_for(rng: &mut Rng, side: Side) -> &'static Topic {
    let total: u64 = TOPICS
        .iter()
        .filter(|t| t.side == side)
        .map(|t| u64::from(t.weight))
        .sum();
    let mut left = rng.below(total);
    for t in TOPICS.iter().filter(|t| t.side == side) {
        if left < u64::from(t.weight) {
            return t;
        }
        left -= u64::from(t.weight);
    }
    &TOPICS[0]
}

/// A title from the topic, its placeholders filled in.
pub fn title(rng: &mut Rng, topic: &Topic, domain: &str) -> String {
    let template = rng.pick(topic.titles);
    let Some(start) = template.find('{') else {
        return template.to_string();
    };
    let end = template[start..]
        .find('}')
        .map_or(template.len(), |e| start + e + 1);
    let value = match &template[start..end] {
        "{salle}" => rng.pick(SALLES),
        "{etage}" => rng.pick(ETAGES),
        "{module}" => rng.pick(MODULES),
        "{appli}" => rng.pick(APPLIS),
        "{logiciel}" => rng.pick(LOGICIELS),
        "{page}" => rng.pick(PAGES),
        "{domaine}" => domain,
        _ => "",
    };
    let poste;
    let value = if &template[start..end] == "{poste}" {
        poste = format!("PC-{:02}", rng.range(1, 25));
        poste.as_str()
    } else {
        value
    };
    [&template[..start], value, &template[end..]].concat()
}

/// A few lines as people write them, signed with the first name.
pub fn description(rng: &mut Rng, topic: &Topic, first_name: &str) -> String {
    let mut text = String::with_capacity(200);
    text.push_str(rng.pick(OPENERS));
    text.push_str("\n\n");
    text.push_str(rng.pick(topic.details));
    text.push(' ');
    text.push_str(rng.pick(CONTEXTS));
    text.push_str("\n\n");
    text.push_str(rng.pick(CLOSERS));
    text.push('\n');
    text.push_str(first_name);
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::service::demo::people;

    #[test]
    fn titles_are_filled_and_valid() {
        let mut rng = Rng::new(1);
        for topic in TOPICS {
            assert!(people::CATEGORIES.contains(&topic.category));
            assert!(people::STAFF_COUNTS
                .iter()
                .any(|(r, n)| *r == topic.role && *n > 0));
            for _ in 0..40 {
                let t = title(&mut rng, topic, "exemple.test");
                assert!(!t.contains('{') && !t.contains('}'), "{t}");
                assert!(crate::domain::ticket::title(&t).is_ok());
                let d = description(&mut rng, topic, "Awa");
                assert!(crate::domain::ticket::body("description", &d, true).is_ok());
            }
        }
    }
}

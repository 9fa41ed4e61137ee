//! What people write on demo tickets as they move along: staff taking
//! them in hand, questions and answers, internal notes, thanks, reasons.

pub const TAKING: &[&str] = &[
    "Bien reçu, je m'en occupe.",
    "Je regarde ça dans la matinée.",
    "Je passe voir après la pause.",
    "Pris en charge, je reviens vers vous rapidement.",
];
pub const QUESTIONS: &[&str] = &[
    "Pouvez-vous préciser le message d'erreur exact ?",
    "À quelle heure le problème est-il apparu ?",
    "Pouvez-vous tester depuis un autre poste et me dire ce que ça donne ?",
    "J'ai besoin du numéro inscrit sous l'appareil pour continuer.",
];
pub const REPLIES: &[&str] = &[
    "Le message dit « délai d'attente dépassé ».",
    "C'était vers 9 h, juste après la pause.",
    "Depuis un autre poste, ça fonctionne.",
    "Je viens de réessayer : toujours pareil.",
];
pub const INTERNAL: &[&str] = &[
    "Deuxième signalement cette semaine : prévoir un remplacement.",
    "En attente de la pièce chez le fournisseur.",
    "Voir avec le prestataire si c'est encore sous garantie.",
    "Client sous contrat d'heures : décompter le temps passé.",
    "Même souci que le mois dernier, probablement la mise à jour du pilote.",
];
pub const FOLLOW_UPS: &[&str] = &[
    "Toujours pareil ce matin.",
    "Une nouvelle ? C'est assez urgent pour nous.",
    "Je suis disponible après 14 h si besoin.",
];
pub const THANKS: &[&str] = &[
    "Merci, ça fonctionne de nouveau !",
    "Parfait, merci pour la rapidité.",
    "C'est bon pour moi, vous pouvez fermer.",
];
pub const REOPENS: &[&str] = &[
    "Le problème est revenu ce matin.",
    "Finalement ça recommence depuis hier.",
];
pub const CANCELS: &[&str] = &[
    "Finalement le problème s'est réglé tout seul, désolé.",
    "Doublon d'une autre demande, j'annule.",
    "Je me suis trompé de demande, j'en refais une.",
];
pub const STAFF_CANCELS: &[&str] = &[
    "Doublon : suivi dans une autre demande.",
    "Hors de notre périmètre, demande réorientée.",
];
pub const STAFF_CLOSES: &[&str] = &[
    "Réglé lors de l'intervention, je clôture.",
    "Traité par téléphone, je clôture.",
];
pub const CLOSURE_REQUESTS: &[&str] = &[
    "Le problème ne se produit plus, vous pouvez clôturer.",
    "On a trouvé une solution de notre côté, merci de fermer la demande.",
];
pub const RATING_COMMENTS: &[&str] = &[
    "Très réactif, merci !",
    "Un peu long, mais c'est réglé.",
    "Explications claires, merci.",
    "Il a fallu relancer deux fois.",
];
pub const TIME_NOTES: &[&str] = &[
    "Diagnostic sur place",
    "Remplacement du matériel",
    "Échange avec le demandeur",
    "Recherche de la cause",
    "Intervention à distance",
    "Tests et vérification",
];

//! clap's usage errors through the real binary: with `ui.language = "fr"`
//! each kind a person meets is written in French, with its suggestion,
//! possible values and usage line, and the same exit status (2) on
//! standard error; in English clap's own text stands.

mod support;

use support::cli::*;

const FRENCH: &str = "[ui]\nlanguage = \"fr\"\n";

/// clap's English words that must not reach a French reader.
const CLAP_ENGLISH: &[&str] = &[
    "error:",
    "Usage:",
    "For more information",
    "unexpected",
    "invalid value",
    "possible values",
    "required",
    "provided",
    "similar",
    "unrecognized",
    "cannot be used",
    "tip:",
];

/// Runs `args` on a French site (no database needed: clap refuses first)
/// and returns its standard error, checking the status and the streams.
fn refused_in_french(args: &[&str]) -> String {
    let site = Site::with_config(FRENCH);
    let out = site.run(args, None, None);
    let err = stderr(&out);
    assert_eq!(code(&out), 2, "{args:?}:\n{err}");
    assert_eq!(stdout(&out), "", "{args:?}: a usage error goes to stderr");
    assert!(err.starts_with("erreur : "), "{args:?}:\n{err}");
    assert!(
        err.contains("Pour en savoir plus, essayez « --help »."),
        "{args:?}:\n{err}"
    );
    for word in CLAP_ENGLISH {
        assert!(!err.contains(word), "{word:?} in {args:?}:\n{err}");
    }
    err
}

#[test]
fn an_unknown_argument_is_refused_in_french_with_the_similar_one() {
    let err = refused_in_french(&["ticket", "list", "--bogus"]);
    assert!(err.contains("argument inattendu : « --bogus »"), "{err}");
    assert!(
        err.contains("Utilisation : guichet ticket list [OPTIONS]"),
        "{err}"
    );
    let err = refused_in_french(&["ticket", "list", "--statu", "x"]);
    assert!(err.contains("« --statu »"), "{err}");
    assert!(
        err.contains("un argument proche existe : « --status »"),
        "{err}"
    );
}

#[test]
fn an_invalid_value_is_refused_in_french_with_the_possible_values() {
    let err = refused_in_french(&["ticket", "list", "--sort", "bogus"]);
    assert!(
        err.contains("valeur « bogus » invalide pour « --sort <TRI> »"),
        "{err}"
    );
    assert!(
        err.contains("[valeurs possibles : id, updated, priority]"),
        "{err}"
    );
    // A value the parser refuses (a number expected) names the argument
    // by its French placeholder.
    let err = refused_in_french(&["ticket", "show", "abc"]);
    assert!(err.contains("« abc »"), "{err}");
    assert!(err.contains("<NUMÉRO>"), "{err}");
}

#[test]
fn missing_required_arguments_are_listed_in_french() {
    let err = refused_in_french(&["ticket", "new", "--role", "technician"]);
    assert!(err.contains("ces arguments obligatoires manquent"), "{err}");
    assert!(err.contains("--title <TITRE>"), "{err}");
}

#[test]
fn an_unknown_subcommand_is_refused_in_french_with_the_similar_one() {
    let err = refused_in_french(&["ticket", "lsit"]);
    assert!(err.contains("sous-commande inconnue : « lsit »"), "{err}");
    assert!(
        err.contains("une sous-commande proche existe : « list »"),
        "{err}"
    );
    let err = refused_in_french(&["tciket"]);
    assert!(err.contains("« ticket »"), "{err}");
}

#[test]
fn a_missing_or_unexpected_value_is_refused_in_french() {
    let err = refused_in_french(&["ticket", "list", "--status"]);
    assert!(
        err.contains("« --status <STATUT> » attend une valeur"),
        "{err}"
    );
    let err = refused_in_french(&["ticket", "list", "--asc=yes"]);
    assert!(
        err.contains("valeur inattendue « yes » pour « --asc »"),
        "{err}"
    );
    let err = refused_in_french(&["notifications", "read", "1", "--all"]);
    assert!(err.contains("ne peut pas être utilisé avec"), "{err}");
}

#[test]
fn english_usage_errors_are_clap_s_own() {
    let site = Site::new();
    let out = site.run(&["ticket", "list", "--statu", "x"], None, None);
    let err = stderr(&out);
    assert_eq!(code(&out), 2, "{err}");
    for line in [
        "error: unexpected argument '--statu' found",
        "tip: a similar argument exists: '--status'",
        "Usage: guichet ticket list --status <STATUS>",
        "For more information, try '--help'.",
    ] {
        assert!(err.contains(line), "{line:?} in:\n{err}");
    }
    let out = site.run(&["ticket", "list", "--sort", "bogus"], None, None);
    let err = stderr(&out);
    assert_eq!(code(&out), 2, "{err}");
    assert!(
        err.contains("[possible values: id, updated, priority]"),
        "{err}"
    );
}

#[test]
fn help_and_version_still_print_and_succeed_in_french() {
    let site = Site::with_config(FRENCH);
    let help = site.run(&["ticket", "list", "--help"], None, None);
    assert_eq!(code(&help), 0, "{}", stderr(&help));
    assert!(stdout(&help).contains("Utilisation : guichet ticket list"));
    let version = site.run(&["--version"], None, None);
    assert_eq!(code(&version), 0, "{}", stderr(&version));
    assert!(
        stdout(&version).starts_with("guichet "),
        "{}",
        stdout(&version)
    );
}

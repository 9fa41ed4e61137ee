//! `--help` in the interface's language. The derive's doc comments are the
//! English source; `assets/i18n/{en,fr}/help.toml` hold each command's about
//! line (`help.<path>.about`, the path being `guichet.ticket.list`) and each
//! flag's help (`help.<path>.options.<id>`). In French the command tree is
//! rewritten from them before clap reads the arguments, together with the
//! words clap itself would write in English.

use crate::config;
use crate::i18n::{self, I18n, Lang};
use clap::{Arg, ArgAction, Command};
use std::ffi::OsString;
use std::path::PathBuf;

/// The language of the help, read before clap reads the command line: the
/// configuration file named by `--config` (or the site's under
/// `--pinned`), else the default one, as the commands themselves read it.
pub fn language(args: &[OsString]) -> Lang {
    let pinned = args.iter().any(|a| a == "--pinned");
    let mut flag: Option<PathBuf> = None;
    let mut words = args.iter();
    while let Some(word) = words.next() {
        let text = word.to_string_lossy();
        if text == "--config" {
            flag = words.next().map(PathBuf::from);
        } else if let Some(path) = text.strip_prefix("--config=") {
            flag = Some(PathBuf::from(path));
        }
    }
    let flag = if pinned { None } else { flag };
    let config = config::config_path(flag.as_deref())
        .and_then(|(path, must_exist)| config::load(&path, must_exist).ok())
        .unwrap_or_default();
    i18n::resolve(config.ui.language)
}

/// The command tree with its texts in `i18n`'s language; English keeps the
/// derive's own.
pub fn localized(cmd: Command, i18n: &I18n) -> Command {
    if i18n.lang() == Lang::En {
        return cmd;
    }
    let words = Words {
        commands: leaked(i18n.text("help.clap.commands")),
        command_name: leaked(i18n.text("help.clap.command_name")),
    };
    let cmd = walk(cmd, "guichet", i18n, words)
        .disable_version_flag(true)
        .arg(
            Arg::new("version")
                .short('V')
                .long("version")
                .action(ArgAction::Version)
                .help(i18n.text("help.clap.version").to_string()),
        );
    // clap's own `help` subcommand is worded in English: ours reads the
    // same words (`guichet help ticket list`), see `help_asked`.
    cmd.disable_help_subcommand(true).subcommand(
        Command::new("help")
            .about(i18n.text("help.clap.help_command").to_string())
            .arg(
                Arg::new("command")
                    .num_args(0..)
                    .value_name(words.command_name)
                    .help(i18n.text("help.clap.help_path").to_string()),
            ),
    )
}

/// `guichet help ticket list` read by our `help` subcommand: prints that
/// command's help and says so (true), as clap's would.
pub fn help_asked(cmd: &mut Command, matches: &clap::ArgMatches) -> bool {
    let Some(("help", sub)) = matches.subcommand() else {
        return false;
    };
    let path: Vec<String> = sub
        .get_many::<String>("command")
        .map(|v| v.cloned().collect())
        .unwrap_or_default();
    // Built, the subcommands know their full name and the global flags.
    cmd.build();
    let mut at: &Command = cmd;
    for name in &path {
        match at.find_subcommand(name) {
            Some(next) => at = next,
            None => break,
        }
    }
    let mut at = at.clone();
    // A closed output leaves nothing to say.
    let _ = at.print_help();
    true
}

/// The words clap keeps for the whole run (it takes them only as
/// `&'static str`).
#[derive(Clone, Copy)]
struct Words {
    commands: &'static str,
    command_name: &'static str,
}

/// Text kept for the rest of the process: two words, once per run.
fn leaked(text: &str) -> &'static str {
    Box::leak(text.to_owned().into_boxed_str())
}

fn walk(cmd: Command, path: &str, i18n: &I18n, words: Words) -> Command {
    let mut cmd = cmd;
    if let Some(about) = found(i18n, &format!("help.{path}.about")) {
        cmd = cmd.about(about).long_about(None::<&str>);
    }
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let help = found(i18n, &format!("help.{path}.options.{id}"));
        cmd = cmd.mut_arg(&id, |arg| localized_arg(arg, help, i18n));
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let below = format!("{path}.{name}");
        cmd = cmd.mut_subcommand(&name, |sub| walk(sub, &below, i18n, words));
    }
    cmd.disable_help_flag(true)
        .arg(
            Arg::new("help")
                .short('h')
                .long("help")
                .action(ArgAction::Help)
                .help(i18n.text("help.clap.help").to_string()),
        )
        .subcommand_help_heading(words.commands)
        .subcommand_value_name(words.command_name)
        .help_template(i18n.text("help.clap.template").to_string())
}

/// An argument's help, with the default, the possible values and the
/// variable clap would add in English written in the language too.
fn localized_arg(arg: Arg, help: Option<String>, i18n: &I18n) -> Arg {
    // An argument without help of its own still gets clap's additions in
    // the language.
    let had_help = help.is_some();
    let mut text = help.unwrap_or_default();
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .collect();
    let possible: Vec<String> = arg
        .get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| v.get_name().to_string())
        .collect();
    let is_flag = matches!(
        arg.get_action(),
        ArgAction::SetTrue | ArgAction::SetFalse | ArgAction::Count
    );
    let mut arg = with_placeholders(arg, i18n);
    if !defaults.is_empty() && !is_flag {
        text.push_str(&i18n.with("help.clap.default", &[("value", &defaults.join(", "))]));
        arg = arg.hide_default_value(true);
    }
    if !possible.is_empty() && !is_flag {
        text.push_str(&i18n.with("help.clap.possible", &[("values", &possible.join(", "))]));
        arg = arg.hide_possible_values(true);
    }
    if let Some(env) = arg.get_env() {
        let name = env.to_string_lossy().into_owned();
        text.push_str(&i18n.with("help.clap.env", &[("name", &name)]));
        arg = arg.hide_env(true);
    }
    if text.is_empty() && !had_help {
        return arg;
    }
    arg.help(text.trim_start().to_string())
        .long_help(None::<&str>)
}

/// The names clap shows for an argument's values (`--status <STATUS>`,
/// in the usage line and in its errors too) in the language:
/// `help.placeholder.<NAME>`; a name the files lack stays as it is.
fn with_placeholders(arg: Arg, i18n: &I18n) -> Arg {
    let Some(names) = arg
        .get_value_names()
        .filter(|_| arg.get_action().takes_values())
    else {
        return arg;
    };
    // clap takes value names only as `&'static str`: a few bytes per
    // argument, once per run (only in French).
    let local: Vec<&'static str> = names
        .iter()
        .map(|name| {
            let word = found(i18n, &format!("help.placeholder.{name}"));
            leaked(word.as_deref().unwrap_or(name.as_str()))
        })
        .collect();
    arg.value_names(local)
}

/// The text of `key` in the language files, if they have one.
fn found(i18n: &I18n, key: &str) -> Option<String> {
    let text = i18n.text(key);
    (text != key).then(|| text.to_string())
}

/// Every about line and flag help of the derive, by key: the English
/// source of `assets/i18n/en/help.toml`, and what a test compares it with.
#[cfg(test)]
pub fn english_texts() -> Vec<(String, String)> {
    use clap::CommandFactory;
    let mut out = Vec::new();
    collect(&super::args::Cli::command(), "guichet", &mut out);
    out
}

#[cfg(test)]
fn collect(cmd: &Command, path: &str, out: &mut Vec<(String, String)>) {
    let about = cmd.get_long_about().or(cmd.get_about());
    if let Some(about) = about {
        out.push((format!("help.{path}.about"), about.to_string()));
    }
    for arg in cmd.get_arguments() {
        let help = arg.get_long_help().or(arg.get_help());
        if let Some(help) = help {
            out.push((
                format!("help.{path}.options.{}", arg.get_id()),
                help.to_string(),
            ));
        }
    }
    for sub in cmd.get_subcommands() {
        collect(sub, &format!("{path}.{}", sub.get_name()), out);
    }
}

/// The visible arguments and subcommands of `cmd` and below that have no
/// help text, by path.
#[cfg(test)]
fn without_help(cmd: &Command, path: &str, out: &mut Vec<String>) {
    for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
        if arg.get_help().is_none() && arg.get_long_help().is_none() {
            out.push(format!("{path} {}", arg.get_id()));
        }
    }
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        let below = format!("{path} {}", sub.get_name());
        // clap's own `help` lists the commands again, as its values.
        if sub.get_name() == "help" && sub.get_about().is_some() {
            continue;
        }
        if sub.get_about().is_none() && sub.get_long_about().is_none() {
            out.push(below.clone());
        }
        without_help(sub, &below, out);
    }
}

/// The value names of every argument of `cmd` and below.
#[cfg(test)]
fn placeholders(cmd: &Command, out: &mut std::collections::BTreeSet<String>) {
    for arg in cmd
        .get_arguments()
        .filter(|a| a.get_action().takes_values())
    {
        for name in arg.get_value_names().unwrap_or_default() {
            out.insert(name.to_string());
        }
    }
    for sub in cmd.get_subcommands() {
        placeholders(sub, out);
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::{I18n, Lang};

    /// The English file says what the derive says: a doc comment changed
    /// in args*.rs is changed in help.toml too (and so looked at in fr).
    #[test]
    fn the_english_help_file_is_the_derives_text() {
        let en = I18n::new(Lang::En);
        for (key, text) in super::english_texts() {
            assert_eq!(en.text(&key), text, "{key} in assets/i18n/en/help.toml");
        }
    }

    /// Every argument and subcommand a person can see says what it is
    /// for, in English (the derive) and in French (the language files).
    #[test]
    fn every_visible_argument_and_subcommand_has_help() {
        use clap::CommandFactory;
        for lang in [Lang::En, Lang::Fr] {
            let i18n = I18n::new(lang);
            let mut cmd = super::localized(crate::cli::args::Cli::command(), &i18n);
            cmd.build();
            let mut missing = Vec::new();
            super::without_help(&cmd, "guichet", &mut missing);
            assert!(
                missing.is_empty(),
                "{lang:?}: no help for\n{}",
                missing.join("\n")
            );
        }
        // French falls back to English for a key it lacks: each text must
        // be the French file's own.
        let (en, fr) = (I18n::new(Lang::En), I18n::new(Lang::Fr));
        for (key, _) in super::english_texts() {
            assert_ne!(fr.text(&key), en.text(&key), "{key} not in fr/help.toml");
        }
    }

    /// Every name clap shows for a value has its word in the files, so
    /// that French help reads `<STATUT>`, not `<STATUS>`.
    #[test]
    fn every_placeholder_has_its_word_in_both_languages() {
        use clap::CommandFactory;
        let mut names = std::collections::BTreeSet::new();
        super::placeholders(&crate::cli::args::Cli::command(), &mut names);
        assert!(names.len() > 20, "{names:?}");
        for lang in [Lang::En, Lang::Fr] {
            let i18n = I18n::new(lang);
            let missing: Vec<&String> = names
                .iter()
                .filter(|n| super::found(&i18n, &format!("help.placeholder.{n}")).is_none())
                .collect();
            assert!(
                missing.is_empty(),
                "{lang:?}: no help.placeholder for {missing:?}"
            );
        }
        // English keeps the derive's own names.
        let en = I18n::new(Lang::En);
        for name in &names {
            assert_eq!(en.text(&format!("help.placeholder.{name}")), name.as_str());
        }
    }

    /// Prints the English texts as a TOML file, to start `help.toml` from
    /// (`cargo test --lib print_english_help -- --ignored --nocapture`).
    #[test]
    #[ignore]
    fn print_english_help() {
        let mut table = String::new();
        let mut last = String::new();
        for (key, text) in super::english_texts() {
            let (section, name) = key.rsplit_once('.').unwrap_or(("", &key));
            if section != last {
                table.push_str(&format!("\n[{section}]\n"));
                last = section.to_string();
            }
            let quoted = toml::Value::String(text).to_string();
            table.push_str(&format!("{name} = {quoted}\n"));
        }
        println!("{table}");
    }
}

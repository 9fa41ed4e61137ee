//! clap's usage errors in the interface's language. English keeps clap's
//! own text (and colours); in French the kinds a person meets most are
//! written from `help.clap.error.*`, with what clap knows about the error
//! (`Error::context`): the argument, the value, the possible values, the
//! suggestion, the usage line. A kind not written here keeps clap's text.

use crate::i18n::{I18n, Lang};
use clap::error::{ContextKind, ContextValue, Error, ErrorKind};

/// Prints `error` as clap would, in `i18n`'s language, and gives the exit
/// status clap would (2 for a usage error, 0 for `--help` or `--version`).
pub fn report(error: &Error, i18n: &I18n) -> i32 {
    match localized(error, i18n) {
        Some(text) => {
            eprint!("{text}");
            error.exit_code()
        }
        None => {
            // A closed output leaves nothing to say.
            let _ = error.print();
            error.exit_code()
        }
    }
}

/// The whole message in `i18n`'s language; None where clap's own text
/// stands (English, help and version pages, a kind not written here).
pub fn localized(error: &Error, i18n: &I18n) -> Option<String> {
    if i18n.lang() == Lang::En {
        return None;
    }
    let what = what_went_wrong(error, i18n)?;
    let mut text = format!("{}{what}", i18n.text("help.clap.error.prefix"));
    let tips = suggestions(error, i18n);
    if !tips.is_empty() {
        text.push('\n');
        for tip in tips {
            text.push_str(&format!("\n  {tip}"));
        }
    }
    if let Some(usage) = usage_line(error, i18n) {
        text.push_str(&format!("\n\n{usage}"));
    }
    let more = i18n.with("help.clap.error.more", &[("help", "--help")]);
    text.push_str(&format!("\n\n{more}\n"));
    Some(crate::domain::text::for_terminal(&text, true))
}

/// The first line: what clap refused.
fn what_went_wrong(error: &Error, i18n: &I18n) -> Option<String> {
    let arg = one(error, ContextKind::InvalidArg);
    let value = one(error, ContextKind::InvalidValue);
    let line = match error.kind() {
        ErrorKind::UnknownArgument => {
            i18n.with("help.clap.error.unknown_argument", &[("arg", &arg?)])
        }
        ErrorKind::InvalidValue => {
            let (arg, value) = (arg?, value?);
            let mut line = if value.is_empty() {
                i18n.with("help.clap.error.missing_value", &[("arg", &arg)])
            } else {
                let pair = [("value", value.as_str()), ("arg", arg.as_str())];
                i18n.with("help.clap.error.invalid_value", &pair)
            };
            let possible = many(error, ContextKind::ValidValue);
            if !possible.is_empty() {
                let values = possible.join(", ");
                let list = i18n.with("help.clap.error.possible_values", &[("values", &values)]);
                line.push_str(&format!("\n  {list}"));
            }
            line
        }
        ErrorKind::ValueValidation => {
            // clap adds the parser's own reason, in English: left out.
            let pair = [("value", value?), ("arg", arg?)];
            i18n.with(
                "help.clap.error.invalid_value",
                &pair.each_ref().map(as_pair),
            )
        }
        ErrorKind::MissingRequiredArgument => {
            let missing = many(error, ContextKind::InvalidArg);
            let mut line = i18n.text("help.clap.error.missing_required").to_string();
            for name in missing {
                line.push_str(&format!("\n  {name}"));
            }
            line
        }
        ErrorKind::InvalidSubcommand => {
            let command = one(error, ContextKind::InvalidSubcommand)?;
            i18n.with(
                "help.clap.error.unknown_subcommand",
                &[("command", &command)],
            )
        }
        ErrorKind::MissingSubcommand => {
            let command = one(error, ContextKind::InvalidSubcommand)?;
            let mut line = i18n.with(
                "help.clap.error.missing_subcommand",
                &[("command", &command)],
            );
            let valid = many(error, ContextKind::ValidSubcommand);
            if !valid.is_empty() {
                let values = valid.join(", ");
                let list = i18n.with("help.clap.error.subcommands", &[("values", &values)]);
                line.push_str(&format!("\n  {list}"));
            }
            line
        }
        ErrorKind::WrongNumberOfValues => {
            let expected = number(error, ContextKind::ExpectedNumValues)?;
            let actual = number(error, ContextKind::ActualNumValues)?;
            let words = [("arg", arg?), ("expected", expected), ("actual", actual)];
            i18n.with(
                "help.clap.error.wrong_number",
                &words.each_ref().map(as_pair),
            )
        }
        ErrorKind::TooFewValues => {
            let expected = number(error, ContextKind::MinValues)?;
            let actual = number(error, ContextKind::ActualNumValues)?;
            let words = [("arg", arg?), ("expected", expected), ("actual", actual)];
            i18n.with("help.clap.error.too_few", &words.each_ref().map(as_pair))
        }
        ErrorKind::TooManyValues => {
            let pair = [("value", value?), ("arg", arg?)];
            i18n.with(
                "help.clap.error.unexpected_value",
                &pair.each_ref().map(as_pair),
            )
        }
        ErrorKind::ArgumentConflict => conflict(error, i18n, &arg?)?,
        _ => return None,
    };
    Some(line)
}

/// `--a` cannot be used with `--b` (or with several, or twice).
fn conflict(error: &Error, i18n: &I18n, arg: &str) -> Option<String> {
    match error.get(ContextKind::PriorArg) {
        Some(ContextValue::String(other)) if other == arg => {
            Some(i18n.with("help.clap.error.repeated", &[("arg", arg)]))
        }
        Some(ContextValue::String(other)) => {
            let pair = [("arg", arg), ("other", other.as_str())];
            Some(i18n.with("help.clap.error.conflict", &pair))
        }
        Some(ContextValue::Strings(others)) => {
            let mut line = i18n.with("help.clap.error.conflict_many", &[("arg", arg)]);
            for other in others {
                line.push_str(&format!("\n  {other}"));
            }
            Some(line)
        }
        _ => None,
    }
}

/// clap's "a similar argument exists" and "a similar subcommand exists";
/// its tips written as English sentences ("'ticket --status' exists", "to
/// pass '-x' as a value, use '-- -x'") are read back for their words, and
/// one of another form is left out.
fn suggestions(error: &Error, i18n: &I18n) -> Vec<String> {
    let mut tips: Vec<String> = match error.get(ContextKind::Suggested) {
        Some(ContextValue::StyledStrs(sentences)) => sentences
            .iter()
            .filter_map(|s| written_tip(&s.to_string(), i18n))
            .collect(),
        _ => Vec::new(),
    };
    let commands = many(error, ContextKind::SuggestedSubcommand);
    if !commands.is_empty() {
        let key = if commands.len() == 1 {
            "help.clap.error.similar_subcommand"
        } else {
            "help.clap.error.similar_subcommands"
        };
        let names = quoted(i18n, &commands);
        tips.push(i18n.with(key, &[("names", &names)]));
    }
    if let Some(arg) = one(error, ContextKind::SuggestedArg) {
        tips.push(i18n.with("help.clap.error.similar_argument", &[("names", &arg)]));
    }
    tips
}

/// One of clap's English tips in the language, from the words it quotes.
fn written_tip(sentence: &str, i18n: &I18n) -> Option<String> {
    let quoted: Vec<&str> = sentence.split('\'').skip(1).step_by(2).collect();
    if let (Some(rest), [path]) = (sentence.strip_suffix("' exists"), quoted.as_slice()) {
        rest.starts_with('\'').then_some(())?;
        return Some(i18n.with("help.clap.error.exists", &[("path", path)]));
    }
    match (sentence.starts_with("to pass '"), quoted.as_slice()) {
        (true, [value, written]) => {
            let pair = [("value", *value), ("written", *written)];
            Some(i18n.with("help.clap.error.as_value", &pair))
        }
        _ => None,
    }
}

/// The usage line clap put in the error, headed in the language.
fn usage_line(error: &Error, i18n: &I18n) -> Option<String> {
    let Some(ContextValue::StyledStr(usage)) = error.get(ContextKind::Usage) else {
        return None;
    };
    // clap writes "Usage: guichet …"; the rest is the command line's own words.
    let plain = usage.to_string();
    let rest = plain.strip_prefix("Usage:").unwrap_or(&plain).trim_start();
    Some(format!("{} {rest}", i18n.text("help.clap.error.usage")))
}

/// Names in the language's quotes: « a », « b ».
fn quoted(i18n: &I18n, names: &[String]) -> String {
    let (open, close) = if i18n.lang() == Lang::Fr {
        ("« ", " »")
    } else {
        ("'", "'")
    };
    names
        .iter()
        .map(|n| format!("{open}{n}{close}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn one(error: &Error, kind: ContextKind) -> Option<String> {
    match error.get(kind)? {
        ContextValue::String(text) => Some(text.clone()),
        ContextValue::Strings(texts) => texts.first().cloned(),
        ContextValue::StyledStr(text) => Some(text.to_string()),
        _ => None,
    }
}

fn many(error: &Error, kind: ContextKind) -> Vec<String> {
    match error.get(kind) {
        Some(ContextValue::String(text)) => vec![text.clone()],
        Some(ContextValue::Strings(texts)) => texts.clone(),
        _ => Vec::new(),
    }
}

fn number(error: &Error, kind: ContextKind) -> Option<String> {
    match error.get(kind)? {
        ContextValue::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

fn as_pair<'a>(pair: &'a (&'static str, String)) -> (&'static str, &'a str) {
    (pair.0, pair.1.as_str())
}

#[cfg(test)]
mod tests {
    use super::localized;
    use crate::i18n::{I18n, Lang};
    use clap::{Arg, Command};

    /// A command whose --pair takes exactly two values (guichet has none
    /// yet, so the binary cannot show this kind).
    fn refused(words: &[&str]) -> clap::Error {
        let cmd = Command::new("guichet")
            .arg(
                Arg::new("pair")
                    .long("pair")
                    .num_args(2)
                    .value_names(["A", "B"]),
            )
            .arg(Arg::new("some").long("some").num_args(3..));
        match cmd.try_get_matches_from(words) {
            Err(e) => e,
            Ok(_) => panic!("{words:?} was accepted"),
        }
    }

    #[test]
    fn a_wrong_number_of_values_is_said_in_french() {
        let error = refused(&["guichet", "--pair", "a"]);
        assert_eq!(error.kind(), clap::error::ErrorKind::WrongNumberOfValues);
        let fr = I18n::new(Lang::Fr);
        let text = localized(&error, &fr).unwrap_or_default();
        assert!(text.starts_with("erreur : "), "{error:?}: {text}");
        assert!(text.contains("attend 2 valeurs"), "{text}");
        assert!(text.contains("reçu 1"), "{text}");
        let error = refused(&["guichet", "--some", "a"]);
        assert_eq!(error.kind(), clap::error::ErrorKind::TooFewValues);
        let text = localized(&error, &fr).unwrap_or_default();
        assert!(text.contains("au moins 3 valeurs"), "{error:?}: {text}");
        assert!(text.contains("que 1"), "{text}");
    }

    /// clap's tips written as English sentences are read back for their
    /// words; another form is left out rather than shown in English.
    #[test]
    fn clap_s_written_tips_are_said_in_french() {
        let fr = I18n::new(Lang::Fr);
        let tip = |s: &str| super::written_tip(s, &fr);
        assert_eq!(
            tip("'ticket --status' exists").as_deref(),
            Some("astuce : « ticket --status » existe")
        );
        let as_value = tip("to pass '-x' as a value, use '-- -x'").unwrap_or_default();
        assert!(
            as_value.contains("« -x »") && as_value.contains("« -- -x »"),
            "{as_value}"
        );
        assert_eq!(
            tip("subcommand 'list' exists; to use it, remove the '--' before it"),
            None
        );
    }

    #[test]
    fn english_keeps_clap_s_text() {
        let error = refused(&["guichet", "--bogus"]);
        assert_eq!(localized(&error, &I18n::new(Lang::En)), None);
        let fr = localized(&error, &I18n::new(Lang::Fr)).unwrap_or_default();
        assert!(fr.contains("« --bogus »"), "{fr}");
    }
}

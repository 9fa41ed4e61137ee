//! The words of the contracts list's `/` filter: `unsigned` (`nonsigné`,
//! `non signés`), `unpaid` (`impayés`), `mine` (`moi`), `kind:K` (the key
//! or its French name) and free text for the rest. Pure, so that the
//! background reader parses what was typed.

use crate::domain::crm::ContractKind;
use crate::domain::text_filter::fold;
use crate::service::crm_contracts::ContractFilter;

/// The filter the typed text means; words it does not know are text.
pub fn parse(typed: &str) -> ContractFilter {
    let mut filter = ContractFilter::default();
    let mut text: Vec<&str> = Vec::new();
    let words: Vec<&str> = typed.split_whitespace().collect();
    let mut i = 0;
    while i < words.len() {
        let word = fold(words[i]);
        let next = words.get(i + 1).map(|w| fold(w));
        // `non signés` is two words that mean one filter.
        if word == "non" && next.as_deref().is_some_and(is_signed) {
            filter.unsigned = true;
            i += 2;
            continue;
        }
        if !known(&word, &mut filter) {
            text.push(words[i]);
        }
        i += 1;
    }
    let text = text.join(" ");
    filter.text = (!text.is_empty()).then_some(text);
    filter
}

fn is_signed(word: &str) -> bool {
    matches!(word, "signe" | "signes" | "signee" | "signees")
}

/// Sets the filter a folded word names, if it names one.
fn known(word: &str, filter: &mut ContractFilter) -> bool {
    let bare = word.trim_end_matches('s').replace('-', "");
    match bare.as_str() {
        "unsigned" | "nonsigne" | "nonsignee" => filter.unsigned = true,
        "unpaid" | "impaye" | "impayee" => filter.unpaid = true,
        "mine" | "moi" | "mien" | "mes" | "me" => filter.mine = true,
        _ => {
            let Some(kind) = word.strip_prefix("kind:").or(word.strip_prefix("type:")) else {
                return false;
            };
            match ContractKind::parse(kind) {
                Ok(kind) => filter.kind = Some(kind),
                Err(_) => return false,
            }
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_and_french_words_set_the_same_filters() {
        for typed in [
            "unsigned unpaid mine",
            "non signés impayés moi",
            "nonsigné IMPAYÉ Moi",
        ] {
            let f = parse(typed);
            assert!(f.unsigned && f.unpaid && f.mine, "{typed}: {f:?}");
            assert_eq!(f.text, None, "{typed}");
        }
    }

    #[test]
    fn kinds_are_read_by_key_or_french_name() {
        assert_eq!(parse("kind:hour_pack").kind, Some(ContractKind::HourPack));
        assert_eq!(parse("type:hébergement").kind, Some(ContractKind::Hosting));
        assert_eq!(parse("kind:événement").kind, Some(ContractKind::Event));
    }

    #[test]
    fn other_words_are_text_kept_as_typed() {
        let f = parse("Dupont unpaid kind:nope Élise");
        assert!(f.unpaid);
        assert_eq!(f.kind, None);
        assert_eq!(f.text.as_deref(), Some("Dupont kind:nope Élise"));
        assert!(!parse("non Dupont").unsigned);
        assert_eq!(parse("").text, None);
    }
}

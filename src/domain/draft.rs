//! A form's text kept when the dashboard had to leave with the form open (a
//! signal, an ssh drop, the idle lock), offered back at the next sign-in of
//! the same person. Passwords are never part of a draft.

use serde::{Deserialize, Serialize};

/// The longest text a draft keeps per field: a form holds what a person
/// typed, and a file grown past this was not written by guichet.
pub const MAX_FIELD_CHARS: usize = 64 * 1024;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// When it was kept (seconds since the epoch).
    pub kept_at: i64,
    /// Language-file key of the tab the form was open in.
    pub tab: String,
    /// Language-file key of the form's title.
    pub form: String,
    /// What the form was about, so that it can be opened again.
    pub target: DraftTarget,
    pub fields: Vec<DraftField>,
}

/// What a draft's form was about.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DraftTarget {
    /// A new ticket for a handling role, and the member chosen (None: the
    /// least loaded).
    NewTicket {
        role: String,
        member: Option<String>,
    },
    /// One of the forms about a ticket: `action` names which
    /// (`comment`, `log_time`, `status:resolved`…).
    Ticket { id: i64, action: String },
    /// A form of a list section: its text is shown back, to be typed again.
    Section,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DraftField {
    /// Language-file key of the field's label.
    pub label: String,
    /// What was typed, or the value chosen.
    pub text: String,
    /// For a choice, the label the person saw (the value is for the form).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shown: Option<String>,
}

impl DraftField {
    /// What to show back: the choice's label, or the text typed.
    pub fn shown(&self) -> &str {
        self.shown.as_deref().unwrap_or(&self.text)
    }
}

impl Draft {
    /// Worth keeping: something was typed in at least one field.
    pub fn has_text(&self) -> bool {
        self.fields.iter().any(|f| !f.text.trim().is_empty())
    }

    /// The text of the field with this label, if the draft has it.
    pub fn text_of(&self, label: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|f| f.label == label)
            .map(|f| f.text.as_str())
    }

    /// Fields cut to [`MAX_FIELD_CHARS`], for a draft read from a file.
    pub fn bounded(mut self) -> Draft {
        for field in &mut self.fields {
            if let Some((at, _)) = field.text.char_indices().nth(MAX_FIELD_CHARS) {
                field.text.truncate(at);
            }
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn draft(texts: &[&str]) -> Draft {
        Draft {
            kept_at: 0,
            tab: "t".into(),
            form: "f".into(),
            target: DraftTarget::Ticket {
                id: 3,
                action: "comment".into(),
            },
            fields: texts
                .iter()
                .enumerate()
                .map(|(i, t)| DraftField {
                    label: format!("l{i}"),
                    text: t.to_string(),
                    shown: None,
                })
                .collect(),
        }
    }

    #[test]
    fn only_typed_text_is_worth_keeping() {
        assert!(!draft(&["", "  \n"]).has_text());
        assert!(draft(&["", "x"]).has_text());
        assert_eq!(draft(&["a", "b"]).text_of("l1"), Some("b"));
        assert_eq!(draft(&["a"]).text_of("nope"), None);
    }

    #[test]
    fn a_huge_field_is_cut_on_a_character_boundary() {
        let long = "é".repeat(MAX_FIELD_CHARS + 10);
        let cut = draft(&[&long]).bounded();
        assert_eq!(cut.fields[0].text.chars().count(), MAX_FIELD_CHARS);
    }
}

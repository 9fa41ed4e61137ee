//! The dashboard's vocabulary: every key does one [`Action`]. The same table
//! names the action in the configuration file (`[keys]`) and in the default
//! layers (`assets/keys.toml`), and describes it in the help overlay
//! (`action.<name>` in the language files) unless a layer gives its own
//! words.

use super::named::named_enum;

named_enum! {
    Action, "action.", description_key;
    Quit = "quit",
    Lock = "lock",
    Help = "help",
    NextTab = "next_tab",
    PrevTab = "prev_tab",
    Tab1 = "tab_1",
    Tab2 = "tab_2",
    Tab3 = "tab_3",
    Tab4 = "tab_4",
    Tab5 = "tab_5",
    Tab6 = "tab_6",
    Tab7 = "tab_7",
    Tab8 = "tab_8",
    Tab9 = "tab_9",
    Notifications = "notifications",
    Profile = "profile",
    Up = "up",
    Down = "down",
    Top = "top",
    Bottom = "bottom",
    PageUp = "page_up",
    PageDown = "page_down",
    FocusNext = "focus_next",
    FocusPrev = "focus_prev",
    Open = "open",
    Back = "back",
    Filter = "filter",
    New = "new",
    Edit = "edit",
    Delete = "delete",
    Refresh = "refresh",
    Take = "take",
    Status = "status",
    Assign = "assign",
    Comment = "comment",
    LogTime = "log_time",
    Attach = "attach",
    Rate = "rate",
    RequestClosure = "request_closure",
    ResolveNext = "resolve_next",
    Forecast = "forecast",
    Pause = "pause",
    MarkRead = "mark_read",
    MarkAllRead = "mark_all_read",
    Toggle = "toggle",
    NextField = "next_field",
    PrevField = "prev_field",
    Save = "save",
    Cancel = "cancel",
    Yes = "yes",
    No = "no",
    // The Contracts tab (issue 15).
    Sign = "sign",
    Pay = "pay",
    ShowArchived = "show_archived",
}

impl Action {
    /// The actions that jump to a tab, first tab first.
    const TABS: [Action; 9] = [
        Action::Tab1,
        Action::Tab2,
        Action::Tab3,
        Action::Tab4,
        Action::Tab5,
        Action::Tab6,
        Action::Tab7,
        Action::Tab8,
        Action::Tab9,
    ];

    /// The tab an action jumps to (`1` → the first), if it is one of those.
    pub fn tab_index(self) -> Option<usize> {
        Action::TABS.iter().position(|a| *a == self)
    }

    /// The action that jumps to the tab at `index`, if there is one.
    pub fn tab_at(index: usize) -> Option<Action> {
        Action::TABS.get(index).copied()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        let mut names: Vec<_> = Action::ALL.iter().map(|a| a.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Action::ALL.len());
        for a in Action::ALL {
            assert_eq!(Action::from_name(a.name()), Some(*a));
        }
        assert_eq!(Action::Tab3.tab_index(), Some(2));
        assert_eq!(Action::from_name("nope"), None);
    }

    #[test]
    fn every_action_is_described_in_both_languages() {
        use crate::i18n::{I18n, Lang};
        for lang in [Lang::En, Lang::Fr] {
            let i18n = I18n::new(lang);
            for a in Action::ALL {
                let key = a.description_key();
                assert_ne!(i18n.text(key), key, "{lang:?} lacks {key}");
                let hint = format!("hint.{}", a.name());
                assert_ne!(i18n.text(&hint), hint, "{lang:?} lacks {hint}");
            }
        }
    }
}

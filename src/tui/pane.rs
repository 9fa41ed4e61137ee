//! What a tab is: a [`Pane`] drawn from its own state, fed actions and keys,
//! and refreshed from the services when the data under it changes.

use super::action::Action;
use super::background::Spawner;
use super::keymap::{Keymap, Layer};
use super::theme::Theme;
use crate::domain::Msg;
use crate::i18n::I18n;
use crate::service::{self, Actor, Service};
use ratatui::crossterm::event::KeyEvent;
use ratatui::layout::{Position, Rect};
use ratatui::Frame;

/// What a pane may use while it handles an action: the services, as the
/// signed-in actor, and the status line for what it has to say.
pub struct Cx<'a> {
    pub service: &'a mut Service,
    pub actor: &'a Actor,
    pub i18n: &'a I18n,
    pub tz: chrono_tz::Tz,
    /// The message for the status line after this action, if any.
    pub notice: Option<Notice>,
    /// For reads that must not hold up a frame.
    pub spawner: Spawner<'a>,
    /// The bindings, for forms and questions that read keys themselves.
    pub keys: &'a Keymap,
}

impl Cx<'_> {
    /// Shows a service's refusal or failure; the program goes on.
    pub fn fail(&mut self, error: &service::Error) {
        self.notice = Some(Notice::Error(self.i18n.render(&error.message())));
    }

    pub fn info(&mut self, msg: &Msg) {
        self.notice = Some(Notice::Info(self.i18n.render(msg)));
    }

    pub fn error(&mut self, msg: &Msg) {
        self.notice = Some(Notice::Error(self.i18n.render(msg)));
    }

    /// Runs a service call; an error goes to the status line and gives None.
    pub fn attempt<T>(&mut self, result: service::Result<T>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                self.fail(&e);
                None
            }
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Notice {
    Info(String),
    Error(String),
}

/// Key labels (`ctrl-pgdn, space`) named in the reader's language through
/// the language files (`key.pgdn`); single characters stay as they are.
pub fn key_names(i18n: &I18n, labels: &str) -> String {
    let name = |part: &str| -> String {
        if part.chars().count() <= 1 {
            return part.to_string();
        }
        let key = format!("key.{part}");
        let text = i18n.text(&key);
        if text == key {
            part.to_string()
        } else {
            text.to_string()
        }
    };
    labels
        .split(", ")
        .map(|label| label.split('-').map(name).collect::<Vec<_>>().join("-"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What drawing needs, and nothing that does I/O.
pub struct View<'a> {
    pub i18n: &'a I18n,
    pub theme: &'a Theme,
    pub keys: &'a Keymap,
    pub tz: chrono_tz::Tz,
    /// The instant the frame shows, from the service's clock.
    pub now: i64,
    /// The same, monotonic: how long a background read has been out.
    pub instant: std::time::Instant,
}

impl View<'_> {
    pub fn t<'k>(&'k self, key: &'k str) -> &'k str {
        self.i18n.text(key)
    }

    /// The first key of a frame action (a tab's) as the reader's language
    /// names it (`espace`, `entrée` in French).
    pub fn key_label(&self, action: Action) -> String {
        self.key_label_in(Layer::Global, action)
    }

    /// The first key of an action with `layer` active, for hints.
    pub fn key_label_in(&self, layer: Layer, action: Action) -> String {
        self.named_keys(&self.keys.first_label(layer, action))
    }

    /// All keys of an action with `layer` active, for `?`.
    pub fn key_labels_in(&self, layer: Layer, action: Action) -> String {
        self.named_keys(&self.keys.labels(layer, action))
    }

    /// Names each part of key labels (`ctrl-pgdn, space`) through the
    /// language files (`key.pgdn`); single characters stay as they are.
    fn named_keys(&self, labels: &str) -> String {
        key_names(self.i18n, labels)
    }

    /// A local date and time, `2026-11-22 14:05`.
    pub fn datetime(&self, at: i64) -> String {
        use chrono::TimeZone;
        match self.tz.timestamp_opt(at, 0) {
            chrono::LocalResult::Single(t) | chrono::LocalResult::Ambiguous(t, _) => {
                t.format("%Y-%m-%d %H:%M").to_string()
            }
            chrono::LocalResult::None => at.to_string(),
        }
    }
}

pub trait Pane {
    /// The language-file key of the tab's title.
    fn title(&self) -> &'static str;

    /// The layer of bindings the pane answers to in its present state:
    /// it decides what keys do here, and what `?` and the hints show.
    fn layer(&self) -> Layer;

    /// Why an action of the present layer is not offered now: the role
    /// may not, or not on the selected object (the service said so with
    /// what the pane read). None: offered. Hints and `?` leave out what is
    /// refused, and its key says why at once, before any form opens.
    fn refused(&self, _action: Action) -> Option<Msg> {
        None
    }

    /// Whether the action is offered now (see [`Pane::refused`]).
    fn offers(&self, action: Action) -> bool {
        self.refused(action).is_none()
    }

    /// Reloads what is on screen (the visible page only) from the services.
    fn refresh(&mut self, cx: &mut Cx);

    /// Handles an action; false if it means nothing here.
    fn on_action(&mut self, action: Action, cx: &mut Cx) -> bool;

    /// While [`Pane::typing`], every key comes here first, before bindings.
    fn on_key(&mut self, _key: KeyEvent, _cx: &mut Cx) -> bool {
        false
    }

    /// A text field or dialog has the keyboard.
    fn typing(&self) -> bool {
        false
    }

    /// A form holds text not yet saved: quitting asks first.
    fn unsaved(&self) -> bool {
        false
    }

    /// The open form's text, to keep when the dashboard must leave or
    /// lock with it open; None when no form holds typed text.
    fn draft(&self) -> Option<crate::domain::draft::Draft> {
        None
    }

    /// Opens the form a draft came from again, with its text; false if
    /// this pane cannot (the draft is then only shown back).
    fn resume(&mut self, _draft: &crate::domain::draft::Draft, _cx: &mut Cx) -> bool {
        false
    }

    /// Takes the answers of its background reads, if any came.
    fn collect(&mut self, _cx: &mut Cx) {}

    /// A long job of this pane reported how far it got.
    fn on_progress(&mut self, _progress: &super::job::JobProgress) {}

    /// A background read of this pane has not been answered yet.
    fn waiting(&self) -> bool {
        false
    }

    /// The title key of the section shown, for a tab made of sections.
    fn section(&self) -> Option<&'static str> {
        None
    }

    /// A click at this place of the screen, inside the pane's area (mouse,
    /// when enabled). Panes map it through the areas they last drew.
    fn on_click(&mut self, _at: Position, _cx: &mut Cx) {}

    fn draw(&self, frame: &mut Frame, area: Rect, view: &View);
}

/// A tab of the dashboard: adding one is adding a module and a line to
/// [`super::tabs::TABS`].
#[derive(Clone, Copy)]
pub struct TabSpec {
    /// Whether the signed-in actor may use it (a capability check through
    /// the service; the service still checks every call).
    pub visible: Visible,
    pub make: fn() -> Box<dyn Pane>,
}

/// Who sees a tab.
#[derive(Clone, Copy)]
pub enum Visible {
    /// Those who hold any of these capabilities.
    AnyOf(&'static [crate::domain::Capability]),
    /// Those this check admits.
    When(fn(&Service, &Actor) -> bool),
}

impl TabSpec {
    /// Whether the signed-in actor sees the tab.
    pub fn shown_to(&self, service: &Service, actor: &Actor) -> bool {
        match self.visible {
            Visible::AnyOf(caps) => may_any(service, actor, caps),
            Visible::When(check) => check(service, actor),
        }
    }
}

/// True if the actor holds any of the capabilities.
pub fn may_any(service: &Service, actor: &Actor, caps: &[crate::domain::Capability]) -> bool {
    caps.iter()
        .any(|c| matches!(service.may(actor, *c), Ok(Some(_))))
}

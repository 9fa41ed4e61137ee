//! Everything about one ticket, as lines to scroll: its fields, the
//! requester, the description, comments, attachments, time, the SLA
//! timeline and the history.

use super::labels::{level_label, level_span, RoleNames};
use crate::domain::sla::format_duration;
use crate::domain::sla_clock::{Stretch, Target};
use crate::service::sla_explain::{Answer, Explanation};
use crate::service::tickets::TicketView;
use crate::service::{self, Actor, Service};
use crate::store::audit::Entry;
use crate::tui::pane::View;
use crate::tui::widgets::labels;
use crate::tui::widgets::{clean, clean_lines};
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// How many history entries the detail reads.
const HISTORY: u32 = 500;
/// Comments shown in the compact preview, the latest ones.
const PREVIEW_COMMENTS: usize = 3;

/// An open ticket with what only the full view shows.
pub struct Detail {
    pub ticket: TicketView,
    pub history: Vec<Entry>,
    /// `None` when the actor may not see it or the SLA cannot be read.
    pub sla: Option<Explanation>,
}

impl Detail {
    pub fn load(service: &Service, actor: &Actor, id: i64) -> service::Result<Detail> {
        let ticket = service.show_ticket(actor, id)?;
        let history = service.ticket_history(actor, id, 0, HISTORY)?;
        Ok(Detail {
            ticket,
            history,
            sla: service.explain_sla(actor, id).ok(),
        })
    }

    pub fn lines(&self, view: &View, roles: &RoleNames) -> Vec<Line<'static>> {
        let mut out = Vec::new();
        fields(&mut out, view, &self.ticket, roles);
        requester(&mut out, view, &self.ticket);
        description(&mut out, view, &self.ticket);
        comments(&mut out, view, &self.ticket, usize::MAX);
        attachments(&mut out, view, &self.ticket);
        time(&mut out, view, &self.ticket);
        if let Some(sla) = &self.sla {
            timeline(&mut out, view, sla);
        }
        history(&mut out, view, &self.history);
        out
    }
}

/// The side panel next to the list: fields, description, latest comments.
pub fn preview_lines(view: &View, ticket: &TicketView, roles: &RoleNames) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    fields(&mut out, view, ticket, roles);
    description(&mut out, view, ticket);
    comments(&mut out, view, ticket, PREVIEW_COMMENTS);
    out
}

const LABEL_WIDTH: usize = 20;

fn pair(view: &View, label: &str, value: impl Into<String>) -> Line<'static> {
    let label = view.t(label);
    let pad = LABEL_WIDTH.saturating_sub(label.width()).max(1);
    Line::from(vec![
        Span::styled(format!("{label}{}", " ".repeat(pad)), view.theme.dim),
        Span::styled(value.into(), view.theme.base),
    ])
}

fn heading(out: &mut Vec<Line<'static>>, view: &View, key: &str) {
    out.push(Line::from(""));
    out.push(Line::from(Span::styled(
        view.t(key).to_string(),
        view.theme.header,
    )));
}

fn optional(view: &View, text: Option<&str>) -> String {
    match text {
        Some(t) if !t.is_empty() => clean(t).into_owned(),
        _ => view.t("tui.tickets.none").to_string(),
    }
}

fn when(view: &View, at: Option<i64>) -> String {
    at.map_or_else(
        || view.t("tui.tickets.none").to_string(),
        |t| view.datetime(t),
    )
}

fn fields(out: &mut Vec<Line<'static>>, view: &View, v: &TicketView, roles: &RoleNames) {
    let t = &v.ticket;
    out.push(Line::from(Span::styled(
        format!("#{} {}", t.id, clean(&t.title)),
        view.theme.title,
    )));
    out.push(pair(
        view,
        "tui.tickets.field.status",
        labels::status(view.i18n, t.status),
    ));
    out.push(pair(
        view,
        "tui.tickets.field.priority",
        labels::priority(view.i18n, t.priority),
    ));
    let mut urgency = pair(view, "tui.tickets.field.urgency", "—");
    // A stopped clock has no urgency left: a closed ticket is not "due soon".
    if t.status.is_open() {
        urgency.spans.pop();
        urgency.spans.push(level_span(view, t.urgency));
        urgency
            .spans
            .push(Span::raw(format!(" {}", level_label(view, t.urgency))));
    }
    out.push(urgency);
    out.push(pair(
        view,
        "tui.tickets.field.role",
        roles.of(view, &t.handling_role),
    ));
    let nobody = Some(view.t("tui.tickets.nobody"));
    out.push(pair(
        view,
        "tui.tickets.field.assignee",
        optional(view, t.assignee_login.as_deref().or(nobody)),
    ));
    out.push(pair(
        view,
        "tui.tickets.field.requester",
        clean(&t.requester_login).into_owned(),
    ));
    out.push(pair(
        view,
        "tui.tickets.field.category",
        optional(view, t.category.as_deref()),
    ));
    out.push(pair(
        view,
        "tui.tickets.field.created",
        view.datetime(t.created_at),
    ));
    out.push(pair(
        view,
        "tui.tickets.field.updated",
        view.datetime(t.updated_at),
    ));
    out.push(pair(
        view,
        "tui.tickets.field.taken",
        when(view, t.taken_at),
    ));
    out.push(pair(
        view,
        "tui.tickets.field.first_due",
        when(view, t.sla.first_response_due),
    ));
    out.push(pair(
        view,
        "tui.tickets.field.resolution_due",
        when(view, t.sla.resolution_due),
    ));
    if t.resolved_at.is_some() || t.closed_at.is_some() {
        out.push(pair(
            view,
            "tui.tickets.field.resolved",
            when(view, t.resolved_at),
        ));
        out.push(pair(
            view,
            "tui.tickets.field.closed",
            when(view, t.closed_at),
        ));
    }
    if t.closure_requested {
        out.push(pair(
            view,
            "tui.tickets.field.closure",
            view.t("tui.tickets.yes").to_string(),
        ));
    }
    if let Some(score) = t.rating {
        let stars = "★".repeat(score.clamp(0, 5) as usize);
        let comment = t.rating_comment.as_deref().map(|c| clean(c).into_owned());
        out.push(pair(
            view,
            "tui.tickets.field.rating",
            format!("{stars} {score}/5 {}", comment.unwrap_or_default()),
        ));
    }
    out.push(pair(
        view,
        "tui.tickets.field.opened_from",
        optional(view, Some(&t.opened_from_host)),
    ));
    let next: Vec<String> = v
        .next_statuses
        .iter()
        .map(|s| labels::status(view.i18n, *s))
        .collect();
    out.push(pair(
        view,
        "tui.tickets.field.next",
        optional(view, Some(&next.join(", "))),
    ));
}

fn requester(out: &mut Vec<Line<'static>>, view: &View, v: &TicketView) {
    heading(out, view, "tui.tickets.section.requester");
    let u = &v.requester.user;
    out.push(pair(
        view,
        "tui.tickets.field.name",
        format!("{} ({})", clean(&u.full_name), clean(&u.login)),
    ));
    out.push(pair(
        view,
        "tui.tickets.field.email",
        optional(view, u.email.as_deref()),
    ));
    out.push(pair(
        view,
        "tui.tickets.field.phone",
        optional(view, u.phone.as_deref()),
    ));
    out.push(pair(
        view,
        "tui.tickets.field.cohort",
        optional(view, v.requester.cohort.as_deref()),
    ));
    out.push(pair(
        view,
        "tui.tickets.field.programme",
        optional(view, v.programme.as_deref()),
    ));
    out.push(pair(
        view,
        "tui.tickets.field.company",
        optional(view, v.requester.company.as_deref()),
    ));
}

fn description(out: &mut Vec<Line<'static>>, view: &View, v: &TicketView) {
    heading(out, view, "tui.tickets.section.description");
    if v.ticket.description.trim().is_empty() {
        out.push(Line::from(Span::styled(
            view.t("tui.tickets.none").to_string(),
            view.theme.dim,
        )));
    }
    for line in clean_lines(&v.ticket.description) {
        out.push(Line::from(line));
    }
}

fn comments(out: &mut Vec<Line<'static>>, view: &View, v: &TicketView, at_most: usize) {
    heading(out, view, "tui.tickets.section.comments");
    if v.comments.is_empty() {
        out.push(Line::from(Span::styled(
            view.t("tui.tickets.none").to_string(),
            view.theme.dim,
        )));
    }
    let skip = v.comments.len().saturating_sub(at_most);
    for c in v.comments.iter().skip(skip) {
        let mut head = vec![Span::styled(
            format!(
                "— {} · {}",
                clean(&c.author_login),
                view.datetime(c.created_at)
            ),
            view.theme.key,
        )];
        if c.internal {
            head.push(Span::styled(
                format!(" [{}]", view.t("tui.tickets.internal")),
                view.theme.title,
            ));
        }
        out.push(Line::from(head));
        for line in clean_lines(&c.body) {
            out.push(Line::from(format!("  {line}")));
        }
    }
}

fn attachments(out: &mut Vec<Line<'static>>, view: &View, v: &TicketView) {
    heading(out, view, "tui.tickets.section.attachments");
    if v.attachments.is_empty() {
        out.push(Line::from(Span::styled(
            view.t("tui.tickets.none").to_string(),
            view.theme.dim,
        )));
    }
    for a in &v.attachments {
        out.push(Line::from(format!(
            "#{}  {}  {} B  {} · {}",
            a.id,
            clean(&a.label),
            a.size_bytes,
            clean(&a.uploader_login),
            view.datetime(a.created_at)
        )));
    }
}

fn time(out: &mut Vec<Line<'static>>, view: &View, v: &TicketView) {
    let Some(entries) = &v.time else { return };
    heading(out, view, "tui.tickets.section.time");
    for e in entries {
        out.push(Line::from(format!(
            "{}  {:>4} min  {}  {}",
            clean(&e.worked_on),
            e.minutes,
            clean(&e.author_login),
            clean(&e.note)
        )));
    }
    let total = v.total_minutes.unwrap_or(0);
    out.push(pair(
        view,
        "tui.tickets.field.total",
        format_duration(total * 60),
    ));
}

fn target(view: &View, key: &str, t: &Option<Target>) -> Line<'static> {
    let text = match t {
        None => view.t("tui.tickets.none").to_string(),
        Some(t) => view.i18n.with(
            "tui.tickets.sla.target",
            &[
                ("elapsed", &format_duration(t.elapsed)),
                ("total", &format_duration(t.total)),
                ("remaining", &format_duration(t.remaining)),
                ("due", &when(view, t.due)),
            ],
        ),
    };
    pair(view, key, text)
}

/// A first response given stops its clock: say when, and whether in time.
fn answered(view: &View, a: &Answer) -> Line<'static> {
    let key = if a.in_time {
        "tui.tickets.sla.met"
    } else {
        "tui.tickets.sla.late"
    };
    let text = view.i18n.with(
        key,
        &[
            ("at", &view.datetime(a.at)),
            ("after", &format_duration(a.after)),
        ],
    );
    pair(view, "tui.tickets.sla.first_response", text)
}

fn timeline(out: &mut Vec<Line<'static>>, view: &View, e: &Explanation) {
    heading(out, view, "tui.tickets.section.sla");
    out.push(pair(
        view,
        "tui.tickets.sla.policy",
        clean(&e.policy.name).into_owned(),
    ));
    out.push(pair(
        view,
        "tui.tickets.sla.calendar",
        format!("{} ({})", clean(&e.calendar), clean(&e.timezone)),
    ));
    match &e.first_answer {
        Some(a) => out.push(answered(view, a)),
        None => out.push(target(
            view,
            "tui.tickets.sla.first_response",
            &e.first_response,
        )),
    }
    out.push(target(view, "tui.tickets.sla.resolution", &e.resolution));
    let mut level = pair(view, "tui.tickets.sla.level", "");
    level.spans.pop();
    level.spans.push(level_span(view, e.level));
    level
        .spans
        .push(Span::raw(format!(" {}", level_label(view, e.level))));
    out.push(level);
    out.push(pair(
        view,
        "tui.tickets.sla.next_change",
        when(view, e.next_change),
    ));
    for s in &e.segments {
        let clock = match &s.stretch {
            Stretch::Counted => view.t("tui.tickets.sla.counted"),
            Stretch::OutsideHours { .. } => view.t("tui.tickets.sla.outside_hours"),
            Stretch::Paused => view.t("tui.tickets.sla.paused"),
            Stretch::Stopped => view.t("tui.tickets.sla.stopped"),
        };
        out.push(Line::from(format!(
            "{} → {}  {:<12} {:<16} {}",
            view.datetime(s.from),
            view.datetime(s.to),
            labels::status(view.i18n, s.status),
            clock,
            format_duration(s.counted())
        )));
    }
    out.push(pair(
        view,
        "tui.tickets.sla.elapsed",
        format_duration(e.elapsed),
    ));
}

fn history(out: &mut Vec<Line<'static>>, view: &View, entries: &[Entry]) {
    heading(out, view, "tui.tickets.section.history");
    for e in entries {
        out.push(Line::from(vec![
            Span::styled(
                format!(
                    "{}  {}  {}  ",
                    view.datetime(e.at),
                    clean(&view.i18n.actor_name(&e.actor_login, e.actor_id)),
                    clean(&view.i18n.audit_action(&e.action))
                ),
                view.theme.dim,
            ),
            Span::raw(crate::tui::widgets::audit_summary(
                view.i18n, &e.summary, "—",
            )),
        ]));
    }
}

#[cfg(test)]
mod tests {
    use crate::i18n::{I18n, Lang};

    #[test]
    fn summaries_read_as_changes_by_their_names_and_stay_inert() {
        let en = I18n::new(Lang::En);
        let s = crate::tui::widgets::audit_summary(
            &en,
            r#"{"status":{"old":"waiting","new":"resolved"},"comment":"a\u001b[2Jb"}"#,
            "—",
        );
        assert!(s.contains("Status: waiting → resolved"), "{s}");
        assert!(!s.contains('\u{1b}'), "{s}");
        let fr = I18n::new(Lang::Fr);
        let s = crate::tui::widgets::audit_summary(
            &fr,
            r#"{"status":{"old":"waiting","new":"in_progress"}}"#,
            "—",
        );
        assert_eq!(s, "Statut : en attente → en cours");
        assert_eq!(
            crate::tui::widgets::audit_summary(&en, "not json", "—"),
            "not json"
        );
    }
}

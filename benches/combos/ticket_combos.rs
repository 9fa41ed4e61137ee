//! The combinations of the ticket list's filters that the benchmark times
//! and the tests check (`tests/ticket_list_combos.rs` includes this file):
//! no filter, each filter alone, and every pair of filters (a status set
//! with each other filter, and each two other filters), each in the six
//! orders (by id, last update, priority; descending and ascending).

use guichet::domain::sla::Level;
use guichet::domain::ticket::{Priority, Status};
use guichet::service::tickets::{Sort, TicketFilter};

/// The names the filters use, taken from the database being measured.
#[derive(Clone, Debug)]
pub struct Values {
    pub category: String,
    pub role: String,
    pub assignee: String,
    pub requester: String,
    pub company: String,
    /// A word of the demo's texts, as typed (its last word a prefix).
    pub text: String,
    /// YYYY-MM-DD: the last month of creations, the last week of updates.
    pub created_from: String,
    pub updated_from: String,
}

#[derive(Clone, Debug)]
pub struct Combo {
    pub label: String,
    pub filter: TicketFilter,
}

type Apply = Box<dyn Fn(&mut TicketFilter)>;

const OPEN: [Status; 3] = [Status::Waiting, Status::InProgress, Status::OnHold];

pub const SORTS: [(Sort, bool, &str); 6] = [
    (Sort::Id, false, "newest first"),
    (Sort::Id, true, "oldest first"),
    (Sort::Updated, false, "by update desc"),
    (Sort::Updated, true, "by update asc"),
    (Sort::Priority, false, "by priority desc"),
    (Sort::Priority, true, "by priority asc"),
];

fn status_sets() -> Vec<(String, Apply)> {
    let sets: [(&str, Vec<Status>); 4] = [
        ("status:open", OPEN.to_vec()),
        ("status:waiting", vec![Status::Waiting]),
        ("status:closed", vec![Status::Closed]),
        (
            "status:resolved,closed",
            vec![Status::Resolved, Status::Closed],
        ),
    ];
    sets.into_iter()
        .map(|(label, set)| {
            let apply: Apply = Box::new(move |f: &mut TicketFilter| f.statuses = set.clone());
            (label.to_string(), apply)
        })
        .collect()
}

fn other_filters(v: &Values) -> Vec<(String, Apply)> {
    let text = |s: &String, set: fn(&mut TicketFilter, String)| -> Apply {
        let s = s.clone();
        Box::new(move |f: &mut TicketFilter| set(f, s.clone()))
    };
    let flag = |set: fn(&mut TicketFilter)| -> Apply { Box::new(set) };
    vec![
        (
            "priority:high".into(),
            flag(|f| f.priority = Some(Priority::High)),
        ),
        (
            format!("category:{}", v.category),
            text(&v.category, |f, s| f.category = Some(s)),
        ),
        (
            format!("role:{}", v.role),
            text(&v.role, |f, s| f.handling_role = Some(s)),
        ),
        (
            format!("assignee:{}", v.assignee),
            text(&v.assignee, |f, s| f.assignee = Some(s)),
        ),
        ("assignee:none".into(), flag(|f| f.unassigned = true)),
        (
            format!("requester:{}", v.requester),
            text(&v.requester, |f, s| f.requester = Some(s)),
        ),
        (
            format!("company:{}", v.company),
            text(&v.company, |f, s| f.company = Some(s)),
        ),
        (
            format!("created>={}", v.created_from),
            text(&v.created_from, |f, s| f.created_from = Some(s)),
        ),
        (
            format!("updated>={}", v.updated_from),
            text(&v.updated_from, |f, s| f.updated_from = Some(s)),
        ),
        (
            format!("text:{}", v.text),
            text(&v.text, |f, s| f.text = Some(s)),
        ),
        ("closure".into(), flag(|f| f.closure_requested = true)),
        ("waiting:staff".into(), flag(|f| f.awaiting_staff = true)),
        (
            "urgency:overdue".into(),
            flag(|f| f.urgencies = vec![Level::Overdue]),
        ),
    ]
}

/// The filter sets: none, each alone, each pair.
fn filter_sets(v: &Values) -> Vec<Combo> {
    let statuses = status_sets();
    let others = other_filters(v);
    let make = |parts: &[&(String, Apply)]| {
        let mut filter = TicketFilter::default();
        let mut labels = Vec::new();
        for (label, apply) in parts {
            apply(&mut filter);
            labels.push(label.as_str());
        }
        Combo {
            label: if labels.is_empty() {
                "no filter".into()
            } else {
                labels.join(" ")
            },
            filter,
        }
    };
    let mut sets = vec![make(&[])];
    sets.extend(statuses.iter().map(|s| make(&[s])));
    sets.extend(others.iter().map(|o| make(&[o])));
    for s in &statuses {
        sets.extend(others.iter().map(|o| make(&[s, o])));
    }
    for (i, a) in others.iter().enumerate() {
        sets.extend(others[i + 1..].iter().map(|b| make(&[a, b])));
    }
    sets
}

/// Every filter set in every order.
pub fn combinations(v: &Values) -> Vec<Combo> {
    let mut all = Vec::new();
    for set in filter_sets(v) {
        for (sort, ascending, order) in SORTS {
            let mut filter = set.filter.clone();
            filter.sort = sort;
            filter.ascending = ascending;
            all.push(Combo {
                label: format!("{}, {order}", set.label),
                filter,
            });
        }
    }
    all
}

/// The combinations whose rows are sorted after they are read, by design
/// (store/ticket_filters.rs, `Driver`): sorted by update or priority with
/// a pending closure request, or nobody assigned or waiting on a staff
/// reply without one requester, whose indexes give few rows.
pub fn sorted_by_design(filter: &TicketFilter, own_scope: bool) -> bool {
    // One requester's tickets are read in order through their own index
    // (migration 0017), which comes before nobody assigned or awaiting.
    let one_requester = filter.requester.is_some() || own_scope;
    filter.sort != Sort::Id
        && (filter.closure_requested
            || (!one_requester && (filter.unassigned || filter.awaiting_staff)))
}

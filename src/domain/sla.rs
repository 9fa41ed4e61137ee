//! SLA policies and urgency: which policy applies to a ticket, its targets,
//! and the urgency levels that the fraction of the resolution target used
//! maps to. The clock itself is in `sla_clock`.

use super::ticket::Priority;
use super::Msg;
use std::fmt;

/// How pressing an open ticket is, from the share of its resolution target
/// already used. Ordered: `Ok < Soon < Urgent < Overdue`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    Ok,
    Soon,
    Urgent,
    Overdue,
}

impl Level {
    pub const EVERY: [Level; 4] = [Level::Ok, Level::Soon, Level::Urgent, Level::Overdue];

    pub fn key(self) -> &'static str {
        match self {
            Level::Ok => "ok",
            Level::Soon => "soon",
            Level::Urgent => "urgent",
            Level::Overdue => "overdue",
        }
    }

    pub fn parse(text: &str) -> Option<Level> {
        Level::EVERY.into_iter().find(|l| l.key() == text)
    }

    /// A level typed in a filter or at the command line: its key or its
    /// name in either language, case and accents aside (`retard`,
    /// `en retard`, `overdue`).
    pub fn from_text(text: &str) -> Result<Level, Msg> {
        let folded = crate::domain::ticket::fold(text);
        Level::EVERY
            .into_iter()
            .find(|l| {
                std::iter::once(l.key())
                    .chain(l.words().iter().copied())
                    .any(|w| crate::domain::ticket::fold(w) == folded)
            })
            .ok_or_else(|| {
                let keys: Vec<&str> = Level::EVERY.iter().map(|l| l.key()).collect();
                Msg::new("error.unknown_level")
                    .arg("value", text.trim())
                    .arg("allowed", keys.join(", "))
            })
    }

    /// Its names in English and French, as the language files give them
    /// (`tui.tickets.level.*`; a test checks they agree), and the short
    /// words people type (`retard`).
    pub fn words(self) -> &'static [&'static str] {
        match self {
            Level::Ok => &["on time", "dans les temps", "a l'heure"],
            Level::Soon => &["due soon", "bientôt dû", "bientot", "bientôt"],
            Level::Urgent => &["urgent"],
            Level::Overdue => &["overdue", "late", "en retard", "retard"],
        }
    }

    /// Entering these levels escalates: people are notified.
    pub fn escalates(self) -> bool {
        matches!(self, Level::Urgent | Level::Overdue)
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// Percentages of the resolution target at which a ticket becomes `soon`
/// and `urgent`; it is `overdue` at 100%.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Thresholds {
    pub soon_percent: u32,
    pub urgent_percent: u32,
}

impl Default for Thresholds {
    fn default() -> Thresholds {
        Thresholds {
            soon_percent: 50,
            urgent_percent: 80,
        }
    }
}

impl Thresholds {
    /// Both in 1..=99 and `soon` below `urgent`.
    pub fn check(self) -> Result<Thresholds, Msg> {
        let fine = (1..100).contains(&self.soon_percent)
            && (1..100).contains(&self.urgent_percent)
            && self.soon_percent < self.urgent_percent;
        if fine {
            Ok(self)
        } else {
            Err(Msg::new("error.bad_thresholds")
                .arg("soon", self.soon_percent)
                .arg("urgent", self.urgent_percent))
        }
    }

    /// Business seconds of `target` after which `level` begins (`Ok`: 0).
    /// Rounded up, so a level never begins a second early.
    pub fn offset(self, level: Level, target: i64) -> i64 {
        let percent = match level {
            Level::Ok => 0,
            Level::Soon => self.soon_percent,
            Level::Urgent => self.urgent_percent,
            Level::Overdue => 100,
        };
        (target * i64::from(percent) + 99) / 100
    }
}

/// The lowest level a priority starts at: `critical` is never `ok`.
pub fn floor(priority: Priority) -> Level {
    if priority == Priority::Critical {
        Level::Soon
    } else {
        Level::Ok
    }
}

/// Targets in business seconds, one per priority (indexed by its rank);
/// `None`: no target.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Targets {
    pub first_response: [Option<i64>; 4],
    pub resolution: [Option<i64>; 4],
}

impl Targets {
    /// The defaults of a new database: resolution in 4, 9, 27 and 45
    /// business hours from critical to low; first response in 1 hour for
    /// critical and high, 4 otherwise.
    pub fn site_defaults() -> Targets {
        let h = |n: i64| Some(n * 3600);
        Targets {
            first_response: [h(4), h(4), h(1), h(1)],
            resolution: [h(45), h(27), h(9), h(4)],
        }
    }

    pub fn first_response_for(&self, priority: Priority) -> Option<i64> {
        self.first_response[slot(priority)]
    }

    pub fn resolution_for(&self, priority: Priority) -> Option<i64> {
        self.resolution[slot(priority)]
    }
}

fn slot(priority: Priority) -> usize {
    usize::try_from(priority.rank()).unwrap_or(0).min(3)
}

/// Which tickets a policy covers: every condition given must hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Rule {
    pub role: Option<String>,
    pub priority: Option<Priority>,
    pub category_id: Option<i64>,
    pub company_id: Option<i64>,
}

/// What a policy is matched against.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Facts<'a> {
    pub role: &'a str,
    pub priority: Priority,
    pub category_id: Option<i64>,
    pub company_id: Option<i64>,
}

/// One condition of a rule, and whether the ticket met it: what
/// `sla explain` shows as the reason a policy applied or not.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Condition {
    pub field: &'static str,
    pub met: bool,
}

impl Rule {
    pub fn is_empty(&self) -> bool {
        self == &Rule::default()
    }

    /// The conditions this rule sets, each checked against `facts`.
    pub fn check(&self, facts: &Facts) -> Vec<Condition> {
        let mut out = Vec::new();
        if let Some(role) = &self.role {
            out.push(Condition {
                field: "role",
                met: role == facts.role,
            });
        }
        if let Some(priority) = self.priority {
            out.push(Condition {
                field: "priority",
                met: priority == facts.priority,
            });
        }
        if let Some(category) = self.category_id {
            out.push(Condition {
                field: "category",
                met: Some(category) == facts.category_id,
            });
        }
        if let Some(company) = self.company_id {
            out.push(Condition {
                field: "company",
                met: Some(company) == facts.company_id,
            });
        }
        out
    }

    pub fn matches(&self, facts: &Facts) -> bool {
        self.check(facts).iter().all(|c| c.met)
    }
}

/// The first policy, in order, whose rule matches; `policies` are given in
/// order with the default last (its empty rule matches everything).
pub fn choose<'p, P>(
    policies: &'p [P],
    rule: impl Fn(&P) -> &Rule,
    facts: &Facts,
) -> Option<&'p P> {
    policies.iter().find(|p| rule(p).matches(facts))
}

/// Parses `90m`, `4h`, `27h`, `1h30m` into seconds (at most 10,000 hours).
pub fn parse_duration(text: &str) -> Result<i64, Msg> {
    let bad = || Msg::new("error.bad_duration").arg("value", text);
    let trimmed = text.trim().to_ascii_lowercase();
    let (mut total, mut digits, mut any) = (0i64, String::new(), false);
    for c in trimmed.chars() {
        match c {
            '0'..='9' => digits.push(c),
            'h' | 'm' if !digits.is_empty() && digits.len() <= 6 => {
                let n: i64 = digits.parse().map_err(|_| bad())?;
                total += if c == 'h' { n * 3600 } else { n * 60 };
                digits.clear();
                any = true;
            }
            _ => return Err(bad()),
        }
    }
    if !digits.is_empty() || !any || total <= 0 || total > 10_000 * 3600 {
        return Err(bad());
    }
    Ok(total)
}

/// Seconds as `4h`, `1h30m`, `45m`; under a minute, `30s`. Seconds are
/// dropped once there is a minute to show.
pub fn format_duration(seconds: i64) -> String {
    let sign = if seconds < 0 { "-" } else { "" };
    let s = seconds.abs();
    let (h, m, rest) = (s / 3600, (s % 3600) / 60, s % 60);
    let body = match (h, m) {
        (0, 0) if rest > 0 => format!("{rest}s"),
        (0, 0) => return "0m".into(),
        (0, m) => format!("{m}m"),
        (h, 0) => format!("{h}h"),
        (h, m) => format!("{h}h{m:02}m"),
    };
    format!("{sign}{body}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_parse_and_print() {
        assert_eq!(parse_duration("90m").unwrap(), 5400);
        assert_eq!(parse_duration("4h").unwrap(), 4 * 3600);
        assert_eq!(parse_duration(" 27H ").unwrap(), 27 * 3600);
        assert_eq!(parse_duration("1h30m").unwrap(), 5400);
        for bad in ["", "h", "4", "4d", "-4h", "0m", "1h 30m", "9999999h", "4h4"] {
            assert!(parse_duration(bad).is_err(), "{bad:?}");
        }
        assert_eq!(format_duration(5400), "1h30m");
        assert_eq!(format_duration(4 * 3600), "4h");
        assert_eq!(format_duration(45 * 60), "45m");
        assert_eq!(format_duration(0), "0m");
        assert_eq!(format_duration(-3600), "-1h");
        assert_eq!(format_duration(30), "30s");
    }

    #[test]
    fn thresholds_round_up_and_are_checked() {
        let t = Thresholds::default();
        assert_eq!(t.offset(Level::Soon, 4 * 3600), 2 * 3600);
        assert_eq!(t.offset(Level::Urgent, 4 * 3600), 11_520);
        assert_eq!(t.offset(Level::Overdue, 4 * 3600), 4 * 3600);
        assert_eq!(t.offset(Level::Soon, 3), 2);
        assert!(Thresholds {
            soon_percent: 80,
            urgent_percent: 50
        }
        .check()
        .is_err());
    }

    #[test]
    fn the_first_matching_policy_wins() {
        let rules = [
            Rule {
                priority: Some(Priority::Critical),
                ..Rule::default()
            },
            Rule {
                role: Some("technician".into()),
                company_id: Some(3),
                ..Rule::default()
            },
            Rule::default(),
        ];
        let facts = |role, priority, company| Facts {
            role,
            priority,
            category_id: None,
            company_id: company,
        };
        let pick = |f: &Facts| {
            let chosen = choose(&rules, |r| r, f).unwrap();
            rules.iter().position(|r| r == chosen).unwrap()
        };
        assert_eq!(pick(&facts("technician", Priority::Critical, Some(3))), 0);
        assert_eq!(pick(&facts("technician", Priority::Low, Some(3))), 1);
        assert_eq!(pick(&facts("technician", Priority::Low, None)), 2);
        assert_eq!(pick(&facts("caretaker", Priority::High, Some(3))), 2);
        let conditions = rules[1].check(&facts("caretaker", Priority::Low, Some(3)));
        assert_eq!(
            conditions,
            vec![
                Condition {
                    field: "role",
                    met: false
                },
                Condition {
                    field: "company",
                    met: true
                }
            ]
        );
    }

    #[test]
    fn defaults_follow_the_priority() {
        let t = Targets::site_defaults();
        assert_eq!(t.resolution_for(Priority::Critical), Some(4 * 3600));
        assert_eq!(t.resolution_for(Priority::High), Some(9 * 3600));
        assert_eq!(t.resolution_for(Priority::Normal), Some(27 * 3600));
        assert_eq!(t.resolution_for(Priority::Low), Some(45 * 3600));
        assert_eq!(t.first_response_for(Priority::High), Some(3600));
        assert_eq!(t.first_response_for(Priority::Normal), Some(4 * 3600));
    }
}

//! Time is logged for days from a year before the site was created up to
//! today, through the real binary with its clock pinned by libfaketime.

mod support;

use support::cli::{act_at, code, stderr, stdout, Site};

const CREATED: &str = "2026-03-02 08:00:00";
const LATER: &str = "2026-06-01 10:00:00";

#[test]
fn a_date_centuries_off_or_in_the_future_is_refused_with_the_allowed_range() {
    let site = Site::new();
    site.init_at(CREATED);
    site.add_user_at(CREATED, "tech1", "technician", &[]);
    let opened = act_at(
        &site,
        LATER,
        "admin",
        &[
            "ticket",
            "new",
            "--title",
            "Vidéoprojecteur",
            "--role",
            "technician",
        ],
    );
    support::cli::assert_ok(&opened);
    let log = |date: &str| {
        act_at(
            &site,
            LATER,
            "tech1",
            &["ticket", "time", "1", "--minutes", "10", "--date", date],
        )
    };
    for date in ["0001-01-01", "2025-03-01"] {
        let out = log(date);
        assert_eq!(code(&out), 6, "{date}: {}", stderr(&out));
        let said = stderr(&out);
        assert!(
            said.contains("too far back") && said.contains("2025-03-02"),
            "{date}: {said}"
        );
    }
    let out = log("2026-06-02");
    assert_eq!(code(&out), 6, "{}", stderr(&out));
    assert!(stderr(&out).contains("in the future"), "{}", stderr(&out));
    for date in ["2025-03-02", "2026-06-01"] {
        let out = log(date);
        assert_eq!(code(&out), 0, "{date}: {}", stderr(&out));
    }
    let shown = act_at(&site, LATER, "tech1", &["ticket", "show", "1"]);
    let shown = stdout(&shown);
    assert!(!shown.contains("0001-01-01"), "{shown}");
    assert!(shown.contains("2025-03-02"), "{shown}");
}

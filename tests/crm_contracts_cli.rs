//! `guichet contract …` and `guichet event …` through the real binary:
//! created ids and JSON objects, exit codes of refusals, amounts typed and
//! shown in both languages, the filters, and notifications that `!` (and
//! `guichet notifications`) show.

mod support;

use support::cli::*;
use support::crm_seed;

/// A site with management, two salespeople and a support contact, and a
/// client of Sam's; `extra` goes to the configuration.
fn crm_site(extra: &str) -> (Site, i64) {
    let site = Site::with_config(extra);
    site.init();
    for (login, role) in [
        ("mona", "management"),
        ("sam", "sales"),
        ("sue", "sales"),
        ("sol", "support"),
    ] {
        site.add_user(login, role, &[]);
    }
    let conn = site.raw();
    let sam: i64 = conn
        .query_row("SELECT id FROM users WHERE login = 'sam'", [], |r| r.get(0))
        .unwrap();
    let client = crm_seed::client(&conn, "Camille Roux", Some(sam), None);
    (site, client)
}

fn ids(value: &serde_json::Value) -> Vec<i64> {
    value
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_i64().unwrap())
        .collect()
}

#[test]
fn a_contract_is_created_signed_and_paid_from_the_command_line() {
    let (site, client) = crm_site("");
    let client = client.to_string();
    let made = json(&act(
        &site,
        "sam",
        &[
            "--format", "json", "contract", "add", "--client", &client, "--total", "1 234,56",
        ],
    ));
    let id = made["id"].as_i64().unwrap();
    assert_eq!(made["total"], "1234.56");
    assert_eq!(made["due"], "1234.56");
    assert_eq!(made["kind"], "event");
    assert_eq!(made["sales"], "sam");
    let printed = ok(act(
        &site,
        "sam",
        &[
            "contract",
            "add",
            "--client",
            &client,
            "--total",
            "10",
            "--kind",
            "hour_pack",
            "--hours",
            "5",
        ],
    ));
    assert_eq!(
        printed.trim(),
        format!("Contract {} created for Camille Roux.", id + 1)
    );
    let listed = json(&act(
        &site,
        "mona",
        &["--format", "json", "contract", "list", "--unsigned"],
    ));
    assert_eq!(ids(&listed), vec![id + 1, id]);
    let id_text = id.to_string();
    ok(act(&site, "mona", &["contract", "sign", &id_text]));
    let listed = json(&act(
        &site,
        "mona",
        &["--format", "json", "contract", "list", "--unsigned"],
    ));
    assert_eq!(ids(&listed), vec![id + 1]);
    let paid = ok(act(
        &site,
        "sam",
        &["contract", "pay", &id_text, "--amount", "34.56"],
    ));
    assert!(
        paid.contains("€34.56") && paid.contains("€1,200.00"),
        "{paid}"
    );
    // Sam was told of the signing, with the contract it is about.
    let told = json(&act(&site, "sam", &["--format", "json", "notifications"]));
    let first = &told.as_array().unwrap()[0];
    assert_eq!(first["kind"], "contract.signed");
    assert_eq!(first["contract_id"], id);
    assert_eq!(first["title"], "Camille Roux");
    let shown = ok(act(&site, "sam", &["contract", "show", &id_text]));
    assert!(shown.contains("€1,200.00"), "{shown}");
}

#[test]
fn refusals_have_their_exit_codes_and_say_what_to_do() {
    let (site, client) = crm_site("");
    let client = client.to_string();
    let add = |login: &str, extra: &[&str]| {
        let mut args = vec!["contract", "add", "--client", client.as_str()];
        args.extend_from_slice(extra);
        act(&site, login, &args)
    };
    let cases: [(&str, &[&str], i32, &str); 7] = [
        ("sam", &["--total", "-5"], 6, "negative"),
        (
            "sam",
            &["--total", "10", "--due", "20"],
            6,
            "above the total",
        ),
        ("sam", &["--total", "12.345"], 6, "more than 2 decimals"),
        ("sam", &["--total", "dix"], 6, "is not an amount"),
        ("sue", &["--total", "10"], 4, "contract.create"),
        ("sol", &["--total", "10"], 4, "contract.create"),
        (
            "sam",
            &["--total", "10", "--kind", "hosting_pack"],
            6,
            "event, hour_pack, hosting",
        ),
    ];
    for (login, extra, exit, says) in cases {
        let out = add(login, extra);
        assert_eq!(code(&out), exit, "{extra:?}: {}", stderr(&out));
        assert!(stderr(&out).contains(says), "{extra:?}: {}", stderr(&out));
    }
    let out = act(
        &site,
        "mona",
        &["contract", "add", "--client", "999", "--total", "1"],
    );
    assert_eq!(code(&out), 5, "{}", stderr(&out));
    let count: i64 = site
        .raw()
        .query_row("SELECT count(*) FROM contracts", [], |r| r.get(0))
        .unwrap();
    assert_eq!(count, 0);
}

#[test]
fn events_need_a_signed_contract_and_management_assigns_support() {
    let (site, client) = crm_site("");
    let client = client.to_string();
    let made = json(&act(
        &site,
        "sam",
        &[
            "--format", "json", "contract", "add", "--client", &client, "--total", "5000",
        ],
    ));
    let contract = made["id"].as_i64().unwrap().to_string();
    let event = |login: &str, start: &str, end: &str| {
        act(
            &site,
            login,
            &[
                "--format",
                "json",
                "event",
                "add",
                "--contract",
                &contract,
                "--name",
                "Salon",
                "--start",
                start,
                "--end",
                end,
                "--attendees",
                "120",
                "--notes",
                "Ligne 1\nLigne 2",
            ],
        )
    };
    let out = event("sam", "2026-06-01 10:00", "2026-06-01 18:00");
    assert_eq!(code(&out), 6);
    assert!(
        stderr(&out).contains("must be signed first"),
        "{}",
        stderr(&out)
    );
    ok(act(&site, "mona", &["contract", "sign", &contract]));
    let out = event("sam", "2026-06-01 10:00", "2026-06-01 09:00");
    assert_eq!(code(&out), 6);
    assert!(
        stderr(&out).contains("end is not after the start"),
        "{}",
        stderr(&out)
    );
    let out = event("sam", "2026-06-01", "2026-06-01 09:00");
    assert!(
        stderr(&out).contains("YYYY-MM-DD HH:MM"),
        "{}",
        stderr(&out)
    );
    let made = json(&event("sam", "2026-06-01 10:00", "2026-06-01 18:00"));
    let id = made["id"].as_i64().unwrap();
    // 10:00 in Paris in June is 08:00 UTC.
    assert_eq!(made["starts_at"], "2026-06-01T08:00:00Z");
    assert_eq!(made["client"], "Camille Roux");
    assert_eq!(made["notes"], "Ligne 1\nLigne 2");
    let without = json(&act(
        &site,
        "mona",
        &["--format", "json", "event", "list", "--without-support"],
    ));
    assert_eq!(ids(&without), vec![id]);
    let id_text = id.to_string();
    // Sales edits no event and assigns nobody; management assigns.
    let out = act(&site, "sam", &["event", "assign", &id_text, "sol"]);
    assert_eq!(code(&out), 4);
    assert!(stderr(&out).contains("event.assign"), "{}", stderr(&out));
    let out = act(
        &site,
        "sam",
        &["event", "edit", &id_text, "--attendees", "3"],
    );
    assert_eq!(code(&out), 4);
    let said = ok(act(&site, "mona", &["event", "assign", &id_text, "sol"]));
    assert_eq!(said.trim(), format!("Event {id} is now in sol's care."));
    let without = json(&act(
        &site,
        "mona",
        &["--format", "json", "event", "list", "--without-support"],
    ));
    assert_eq!(ids(&without), Vec::<i64>::new());
    let mine = json(&act(
        &site,
        "sol",
        &["--format", "json", "event", "list", "--mine"],
    ));
    assert_eq!(ids(&mine), vec![id]);
    let told = json(&act(&site, "sol", &["--format", "json", "notifications"]));
    assert_eq!(told[0]["kind"], "event.assigned");
    assert_eq!(told[0]["event_id"], id);
    // Support edits its own event; the dates filter finds it by its day.
    ok(act(
        &site,
        "sol",
        &["event", "edit", &id_text, "--location", "Lyon"],
    ));
    let day = json(&act(
        &site,
        "sol",
        &[
            "--format",
            "json",
            "event",
            "list",
            "--from",
            "2026-06-01",
            "--until",
            "2026-06-01",
        ],
    ));
    assert_eq!(ids(&day), vec![id]);
    let later = json(&act(
        &site,
        "sol",
        &["--format", "json", "event", "list", "--from", "2026-06-02"],
    ));
    assert_eq!(ids(&later), Vec::<i64>::new());
    ok(act(&site, "mona", &["event", "assign", &id_text, "--none"]));
    let out = act(&site, "sam", &["event", "remove", &id_text]);
    assert_eq!(code(&out), 4);
    ok(act(&site, "mona", &["event", "remove", &id_text]));
}

#[test]
fn amounts_read_and_show_in_french() {
    let (site, client) = crm_site("[ui]\nlanguage = \"fr\"\n");
    let client = client.to_string();
    let printed = ok(act(
        &site,
        "sam",
        &["contract", "add", "--client", &client, "--total", "1234,56"],
    ));
    assert!(
        printed.contains("Contrat 1 créé pour Camille Roux"),
        "{printed}"
    );
    let shown = ok(act(&site, "sam", &["contract", "show", "1"]));
    assert!(shown.contains("1\u{202F}234,56\u{A0}€"), "{shown}");
    assert!(shown.contains("événement"), "{shown}");
    let out = act(&site, "sam", &["contract", "pay", "1", "--amount", "2000"]);
    assert_eq!(code(&out), 6);
    assert!(
        stderr(&out).contains("dépasse le reste dû"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn a_site_in_another_currency_shows_it_and_a_wrong_code_is_refused() {
    let (site, client) = crm_site("[site]\ncurrency = \"chf\"\n");
    let client = client.to_string();
    ok(act(
        &site,
        "sam",
        &["contract", "add", "--client", &client, "--total", "99.5"],
    ));
    let shown = ok(act(&site, "sam", &["contract", "show", "1"]));
    assert!(shown.contains("CHF 99.50"), "{shown}");
    let bad = Site::with_config("[site]\ncurrency = \"euro\"\n");
    let out = bad.run(
        &["init", "--password-stdin"],
        None,
        Some("Admin-pass-for-tests-1\n"),
    );
    assert_ne!(code(&out), 0);
    assert!(stderr(&out).contains("site.currency"), "{}", stderr(&out));
}

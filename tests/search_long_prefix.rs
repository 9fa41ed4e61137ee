//! A search whose last word is longer than five letters (migration 0013
//! indexes prefixes up to 16) finds exactly what FTS5 finds without any
//! prefix index: the same tickets, newest first, over every page.

mod support;

use guichet::service::tickets::TicketFilter;
use guichet::store::tickets::cursor_after;
use std::collections::BTreeSet;
use support::tui::{demo_file, first_login, second_service, sign_in};

/// The plain query: the same text in an index without prefix indexes.
const PLAIN: &str = "
    CREATE VIRTUAL TABLE temp.plain USING fts5(
        title, description, public_comments, internal_comments,
        content = '', contentless_delete = 1,
        tokenize = 'unicode61 remove_diacritics 2');
    INSERT INTO temp.plain (rowid, title, description, public_comments, internal_comments)
    SELECT t.id, t.title, t.description,
        coalesce((SELECT group_concat(body, ' ') FROM ticket_comments
                  WHERE ticket_id = t.id AND visibility = 'public'), ''),
        coalesce((SELECT group_concat(body, ' ') FROM ticket_comments
                  WHERE ticket_id = t.id AND visibility = 'internal'), '')
    FROM tickets t;";

/// Words of six letters or more in the demo's titles and comments, and
/// prefixes of them at every length from 6, plus words no ticket holds.
fn prefixes(conn: &rusqlite::Connection) -> BTreeSet<String> {
    let mut stmt = conn
        .prepare(
            "SELECT title || ' ' || description FROM tickets
             UNION ALL SELECT body FROM ticket_comments LIMIT 3000",
        )
        .unwrap();
    let texts: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let mut words: BTreeSet<String> = texts
        .iter()
        .flat_map(|t| t.split(|c: char| !c.is_alphanumeric()))
        .filter(|w| w.chars().count() >= 6)
        .map(str::to_lowercase)
        .collect();
    let mut all = BTreeSet::new();
    for word in std::mem::take(&mut words).iter().take(80) {
        let chars: Vec<char> = word.chars().collect();
        for len in 6..=chars.len() {
            all.insert(chars[..len].iter().collect::<String>());
        }
    }
    all.extend(
        [
            "imprimantezz",
            "configurationnellement",
            "abcdefghijklmnopqrs",
        ]
        .map(String::from),
    );
    all
}

#[test]
fn long_last_words_find_what_the_plain_index_finds() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.db");
    let demo = demo_file(&path, 400);
    let mut service = second_service(&path, None);
    let admin = sign_in(
        &mut service,
        &first_login(&demo.logins, "admin"),
        &demo.password,
    );
    let raw = support::raw(&path);
    raw.execute_batch(PLAIN).unwrap();
    let words = prefixes(&raw);
    assert!(words.len() > 50, "too few words to try: {words:?}");
    let mut found_some = 0;
    for word in &words {
        let plain: Vec<i64> = raw
            .prepare("SELECT rowid FROM temp.plain WHERE plain MATCH ?1 ORDER BY rowid DESC")
            .unwrap()
            .query_map([format!("\"{word}\"*")], |r| r.get(0))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let filter = TicketFilter {
            text: Some(word.clone()),
            ..TicketFilter::default()
        };
        let mut listed = Vec::new();
        let mut cursor = None;
        loop {
            let page = service.list_tickets(&admin, &filter, cursor, 100).unwrap();
            listed.extend(page.iter().map(|t| t.id));
            match page.last() {
                Some(last) if page.len() == 100 => cursor = Some(cursor_after(last, filter.sort)),
                _ => break,
            }
        }
        assert_eq!(listed, plain, "searching {word:?}");
        found_some += usize::from(!plain.is_empty());
    }
    assert!(found_some > 20, "most words should match some ticket");
}

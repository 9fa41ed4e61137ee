//! What the CRM's tests share: a fingerprint of a whole database (every
//! row of every table), to check that a refusal wrote nothing anywhere,
//! not even an audit entry; and a site with people of each CRM role.

use super::service::World;
use guichet::service::clients::NewClient;
use guichet::service::{Actor, Error};
use rusqlite::types::Value;
use rusqlite::Connection;
use std::path::Path;

/// Every table's rows, in rowid order (or key order), as text.
pub fn fingerprint(db: &Path) -> Vec<(String, Vec<String>)> {
    let conn = Connection::open(db).unwrap();
    let mut stmt = conn
        .prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name")
        .unwrap();
    let tables: Vec<String> = stmt
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    let mut out = Vec::new();
    for table in tables {
        out.push((table.clone(), rows(&conn, &table)));
    }
    out
}

fn rows(conn: &Connection, table: &str) -> Vec<String> {
    // Table names come from sqlite_schema, never from input.
    let mut stmt = conn
        .prepare(&format!("SELECT * FROM \"{table}\" ORDER BY 1"))
        .unwrap();
    let width = stmt.column_count();
    let rows = stmt
        .query_map([], |r| {
            let cells: Vec<Value> = (0..width).map(|i| r.get(i)).collect::<Result<_, _>>()?;
            Ok(format!("{cells:?}"))
        })
        .unwrap();
    let mut all: Vec<String> = rows.collect::<Result<_, _>>().unwrap();
    all.sort();
    all
}

/// A site with management (mia), sales (sam, sue), support (sol) and a
/// role outside the CRM (tom, a technician).
pub struct Crm {
    pub w: World,
    pub mia: Actor,
    pub sam: Actor,
    pub sue: Actor,
    pub sol: Actor,
    pub tom: Actor,
}

pub fn crm() -> Crm {
    let mut w = World::new();
    let mia = w.add("mia", "management");
    let sam = w.add("sam", "sales");
    let sue = w.add("sue", "sales");
    let sol = w.add("sol", "support");
    let tom = w.add("tom", "technician");
    Crm {
        w,
        mia,
        sam,
        sue,
        sol,
        tom,
    }
}

pub fn named(name: &str) -> NewClient<'_> {
    NewClient {
        full_name: name,
        ..NewClient::default()
    }
}

pub fn ids(list: &[guichet::service::clients::Client]) -> Vec<i64> {
    list.iter().map(|c| c.id).collect()
}

impl Crm {
    pub fn db(&self) -> std::path::PathBuf {
        self.w.service.store().path().to_path_buf()
    }

    pub fn list(&self, who: &Actor, query: &guichet::service::clients::ClientQuery) -> Vec<i64> {
        ids(&self.w.service.clients_matching(who, query, 0, 100).unwrap())
    }

    pub fn actions(&self) -> Vec<String> {
        let conn = super::raw(&self.db());
        let mut stmt = conn
            .prepare("SELECT action FROM audit_log ORDER BY id")
            .unwrap();
        let rows = stmt.query_map([], |r| r.get(0)).unwrap();
        rows.collect::<Result<_, _>>().unwrap()
    }
}

/// Runs `call`, which must fail, and checks it changed nothing at all.
#[track_caller]
pub fn refused<T: std::fmt::Debug>(
    c: &mut Crm,
    call: impl FnOnce(&mut Crm) -> Result<T, Error>,
) -> Error {
    let before = fingerprint(&c.db());
    let err = call(c).unwrap_err();
    assert_eq!(fingerprint(&c.db()), before, "{err:?} wrote something");
    err
}

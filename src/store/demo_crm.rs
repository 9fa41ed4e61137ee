//! Bulk inserts of the CRM's demo data (`guichet demo`): companies of the
//! event company's clients, clients, contracts and events, each a row in
//! its final state, through prepared statements inside the demo's one
//! write transaction.

use super::{StoreResult, Write};
use rusqlite::params;

pub struct DemoClient<'a> {
    pub full_name: &'a str,
    pub email: &'a str,
    pub phone: &'a str,
    pub company_id: Option<i64>,
    pub sales_contact_id: i64,
    pub first_contact: &'a str,
    pub created_at: i64,
    pub updated_at: i64,
}

pub struct DemoContract {
    pub kind: &'static str,
    pub client_id: Option<i64>,
    pub company_id: Option<i64>,
    pub sales_contact_id: Option<i64>,
    pub total_cents: i64,
    pub due_cents: i64,
    pub signed_at: Option<i64>,
    pub hours_bought: Option<i64>,
    pub valid_from: Option<String>,
    pub valid_until: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
}

pub struct DemoEvent<'a> {
    pub contract_id: i64,
    pub name: &'a str,
    pub support_contact_id: Option<i64>,
    pub starts_at: i64,
    pub ends_at: i64,
    pub location: &'a str,
    pub attendees: i64,
    pub notes: &'a str,
    pub created_at: i64,
    pub updated_at: i64,
}

pub fn insert_client(write: &Write, c: &DemoClient) -> StoreResult<i64> {
    write
        .conn()
        .prepare_cached(
            "INSERT INTO crm_clients (full_name, email, phone, company_id, sales_contact_id,
                 first_contact, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        )?
        .execute(params![
            c.full_name,
            c.email,
            c.phone,
            c.company_id,
            c.sales_contact_id,
            c.first_contact,
            c.created_at,
            c.updated_at
        ])?;
    Ok(write.conn().last_insert_rowid())
}

pub fn insert_contract(write: &Write, c: &DemoContract) -> StoreResult<i64> {
    write
        .conn()
        .prepare_cached(
            "INSERT INTO contracts (kind, client_id, company_id, sales_contact_id, total_cents,
                 due_cents, signed, signed_at, hours_bought, valid_from, valid_until, created_at,
                 updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        )?
        .execute(params![
            c.kind,
            c.client_id,
            c.company_id,
            c.sales_contact_id,
            c.total_cents,
            c.due_cents,
            c.signed_at.is_some(),
            c.signed_at,
            c.hours_bought,
            c.valid_from,
            c.valid_until,
            c.created_at,
            c.updated_at
        ])?;
    Ok(write.conn().last_insert_rowid())
}

pub fn insert_event(write: &Write, e: &DemoEvent) -> StoreResult<i64> {
    write
        .conn()
        .prepare_cached(
            "INSERT INTO events (contract_id, name, support_contact_id, starts_at, ends_at,
                 location, attendees, notes, created_at, updated_at, sales_contact_id)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10,
                 (SELECT sales_contact_id FROM contracts WHERE id = ?1))",
        )?
        .execute(params![
            e.contract_id,
            e.name,
            e.support_contact_id,
            e.starts_at,
            e.ends_at,
            e.location,
            e.attendees,
            e.notes,
            e.created_at,
            e.updated_at
        ])?;
    Ok(write.conn().last_insert_rowid())
}

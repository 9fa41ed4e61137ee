//! The contract forms: a new contract (kind, total, due, hours, last day)
//! and the edit of one's terms, and what their fields parse to.

use super::contracts::ContractField;
use super::optional;
use crate::domain::crm::ContractKind;
use crate::domain::money::Cents;
use crate::domain::Msg;
use crate::i18n::I18n;
use crate::service::crm_contracts::{Contract, ContractEdit, NewContract};
use crate::service::{Error, Result};
use crate::tui::widgets::keyed::KeyedForm;
use chrono::NaiveDate;

/// The kinds by key, labelled in the reader's language.
fn kinds(i18n: &I18n) -> Vec<(String, String)> {
    ContractKind::EVERY
        .iter()
        .map(|k| (k.key().to_string(), i18n.text(&k.label_key()).to_string()))
        .collect()
}

pub fn new_form(i18n: &I18n) -> KeyedForm<ContractField> {
    KeyedForm::titled("tui.contracts.new_contract")
        .choice(
            ContractField::Kind,
            "tui.contracts.kind",
            kinds(i18n),
            "event",
        )
        .line(ContractField::Total, "tui.contracts.total", "")
        .line(ContractField::Due, "tui.contracts.due_default", "")
        .line(ContractField::Hours, "tui.contracts.hours", "")
        .line(ContractField::ValidUntil, "tui.contracts.valid_until", "")
}

pub fn edit_form(c: &Contract) -> KeyedForm<ContractField> {
    let hours = c.hours_bought.map(|h| h.to_string()).unwrap_or_default();
    KeyedForm::titled("tui.contracts.edit_contract")
        .line(
            ContractField::Total,
            "tui.contracts.total",
            &c.total.plain(),
        )
        .line(ContractField::Due, "tui.contracts.due", &c.due.plain())
        .line(ContractField::Hours, "tui.contracts.hours", &hours)
        .line(
            ContractField::ValidUntil,
            "tui.contracts.valid_until",
            c.valid_until.as_deref().unwrap_or(""),
        )
}

fn amount(text: &str) -> Result<Cents> {
    Cents::parse(text).map_err(Error::Invalid)
}

fn hours(text: &str) -> Result<Option<i64>> {
    optional(text)
        .map(|t| {
            t.parse::<i64>()
                .map_err(|_| Error::Invalid(Msg::new("tui.contracts.bad_hours").arg("value", t)))
        })
        .transpose()
}

fn day(text: &str) -> Result<Option<NaiveDate>> {
    optional(text)
        .map(|t| {
            NaiveDate::parse_from_str(t, "%Y-%m-%d")
                .map_err(|_| Error::Invalid(Msg::new("tui.contracts.bad_day").arg("value", t)))
        })
        .transpose()
}

pub fn new_contract(client_id: i64, form: &KeyedForm<ContractField>) -> Result<NewContract> {
    let kind = ContractKind::parse(&form.value(ContractField::Kind)).map_err(Error::Invalid)?;
    let due = form.value(ContractField::Due);
    Ok(NewContract {
        client_id,
        total: amount(&form.value(ContractField::Total))?,
        due: optional(&due).map(amount).transpose()?,
        kind,
        hours: hours(&form.value(ContractField::Hours))?,
        valid_from: None,
        valid_until: day(&form.value(ContractField::ValidUntil))?,
        signed: false,
        sales: None,
    })
}

/// Only what changed is asked.
pub fn contract_edit(was: &Contract, form: &KeyedForm<ContractField>) -> Result<ContractEdit> {
    let hours_was = was.hours_bought.map(|h| h.to_string()).unwrap_or_default();
    let until_was = was.valid_until.as_deref().unwrap_or("");
    Ok(ContractEdit {
        total: form
            .changed(ContractField::Total, &was.total.plain())
            .map(|t| amount(&t))
            .transpose()?,
        due: form
            .changed(ContractField::Due, &was.due.plain())
            .map(|t| amount(&t))
            .transpose()?,
        hours: match form.changed(ContractField::Hours, &hours_was) {
            Some(t) => hours(&t)?,
            None => None,
        },
        valid_from: None,
        valid_until: match form.changed(ContractField::ValidUntil, until_was) {
            Some(t) => day(&t)?,
            None => None,
        },
        sales: None,
    })
}

/// What is wrong with a contract form as typed so far: each amount, the
/// due against the total (the total being the due when left empty), the
/// hours and the day; None when nothing is (empty fields wait).
pub fn check_terms(form: &KeyedForm<ContractField>) -> Option<Msg> {
    let typed = |f| form.value(f);
    let amount_of = |f| optional(&typed(f)).map(|t| Cents::parse(t).map_err(Error::Invalid));
    let first_wrong = || -> Result<()> {
        let total = amount_of(ContractField::Total).transpose()?;
        let due = amount_of(ContractField::Due).transpose()?;
        if let (Some(total), Some(due)) = (total, due) {
            crate::domain::crm::check_amounts(total, due).map_err(Error::Invalid)?;
        }
        hours(&typed(ContractField::Hours))?;
        day(&typed(ContractField::ValidUntil))?;
        Ok(())
    };
    first_wrong().err().map(|e| e.message())
}

/// What is wrong with a payment as typed so far: not an amount, or above
/// what is due.
pub fn check_payment(form: &KeyedForm<ContractField>, due: Cents) -> Option<Msg> {
    let typed = form.value(ContractField::Amount);
    let text = optional(&typed)?;
    match Cents::parse(text) {
        Ok(amount) => crate::domain::crm::check_payment(amount, due).err(),
        Err(why) => Some(why),
    }
}

//! guichet: a keyboard-first help desk and small CRM in the terminal.
//!
//! Layers, each depending only on those above it:
//! `domain` (pure rules) → `store` (SQL) → `service` (use cases, permissions,
//! audit) → front ends (`cli`, `tui`).
#![forbid(unsafe_code)]

pub mod cli;
pub mod config;
pub mod domain;
pub mod errlog;
pub mod i18n;
pub mod service;
pub mod store;
pub mod tui;

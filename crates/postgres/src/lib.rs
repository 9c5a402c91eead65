//! PostgreSQL for strata: connecting, reading the schema, scratch databases, running
//! plans, and (in [`render`]) turning changes into SQL.
//!
//! Entry points:
//! - [`connect`] (or [`PgDatabase::connect`]) opens the database a `postgres://` URL names.
//!   Its [`Database::scratch`](strata_execute::Database::scratch) creates a throwaway
//!   database on the same server (the role needs CREATEDB).
//! - [`PgDatabase::with_dev_url`] makes `scratch()` use an empty dev database instead:
//!   schemas are loaded there inside one transaction that is rolled back afterwards, each
//!   statement under its own savepoint so a failed one can be retried later.
//! - [`connect_dev`] connects to such a dev database directly (checking it is empty).
//! - [`drop_scratch_databases`] removes every scratch database the process still has;
//!   [`close_scratch_databases`] also refuses new ones, for the CLI's signal handler.
//! - Before creating a scratch database, leftovers of other runs are dropped when their
//!   owner is gone or they sat unused for an hour ([`take_stale_notes`] says what
//!   happened); [`clean_scratch_databases`] lists and drops them on request.
//! - [`redact`] removes passwords from a URL for printing; every error already uses it.
//!
//! Supported servers: PostgreSQL 13 and later (introspection reads `tgparentid`).
#![deny(missing_docs)]

mod connect;
mod database;
mod error;
mod hazards;
mod introspect;
pub mod lint;
mod lock;
mod locks;
mod online;
pub mod render;
mod rules;
mod scratch;
mod screen;
mod sizes;
mod timeouts;
mod url;
mod version;

pub use database::PgDatabase;
pub use lock::lock_key;
pub use render::PostgresDialect;
pub use scratch::{
    CleanAction, CleanOptions, Cleaned, FoundScratch, IDLE_LIMIT, NEW_GRACE, Owner, SCRATCH_PREFIX,
    ScratchOrigin, StaleNote, clean_scratch_databases, close_scratch_databases, connect_dev,
    drop_scratch_databases, host_label, live_scratch_databases, parse_scratch_name,
    scratch_name_for, take_stale_notes,
};
pub use url::{ConnInfo, Host, SslMode, UrlError, redact};
pub use version::{BadVersion, KNOWN_MAJORS, OLDEST_SUPPORTED, PgVersion};

use strata_execute::DbError;

/// Connects to the database at `url` (`postgres://` or `postgresql://`, libpq syntax).
pub fn connect(url: &str) -> Result<PgDatabase, DbError> {
    PgDatabase::connect(url)
}

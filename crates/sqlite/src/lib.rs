//! SQLite for strata: connecting, introspection, rendering changes (including table
//! rebuilds) and running plans.
//!
//! - [`connect`] opens a database from a URL (`sqlite:app.db`, `sqlite:///abs/app.db`,
//!   `sqlite::memory:`) with foreign keys on; [`connect_read_only`] opens an existing file
//!   read-only and never creates one.
//! - Schema files are screened by their leading keywords and loaded under an authorizer
//!   that denies other database files, file functions and most pragmas.
//! - [`SqliteDatabase`] implements [`strata_execute::Database`]: introspection with a
//!   fixed number of queries, atomic plan application, the migration lock.
//! - [`SqliteDialect`] lowers table alterations SQLite cannot do in place into table
//!   rebuilds and renders changes as SQL.
//!
//! SQLite keeps each object's `CREATE` text; strata compares a canonical form of it
//! (keywords upper-case, identifiers quoted, whitespace folded) so that the same schema
//! reads back equal however it was written or altered.
#![deny(missing_docs)]

mod database;
mod ddl;
mod dialect;
mod error;
mod hazards;
mod introspect;
mod lex;
mod screen;

pub use database::{Location, SqliteDatabase, connect, connect_read_only, parse_url};
pub use dialect::SqliteDialect;

//! The seam between strata and a database: read its schema, load SQL into it, run a plan.
//! `strata-postgres` and `strata-sqlite` implement [`Database`]; everything above works on
//! `dyn Database` and never matches on the database kind.
#![deny(missing_docs)]

use strata_catalog::Catalog;
use strata_plan::{Dialect, Plan};

/// An error from the database, with the statement it came from when there is one.
#[derive(Debug, thiserror::Error)]
pub enum DbError {
    /// The server could not be reached, refused the login, or the database is missing.
    #[error("cannot connect to {target}: {message}")]
    Connect {
        /// The URL with any password removed.
        target: String,
        /// The driver's message.
        message: String,
    },
    /// A scratch database could not be created (no CREATEDB privilege, ...).
    #[error("cannot create a scratch database on {target}: {message}")]
    Scratch {
        /// The URL with any password removed.
        target: String,
        /// The server's message.
        message: String,
    },
    /// A statement failed.
    #[error("{message}")]
    Statement {
        /// The statement text.
        statement: String,
        /// The database's message.
        message: String,
        /// SQLSTATE (PostgreSQL) or extended result code (SQLite), when known.
        code: Option<String>,
    },
    /// Anything else the driver reported.
    #[error("{0}")]
    Other(String),
}

impl DbError {
    /// The failing statement, if the error came from one.
    pub fn statement(&self) -> Option<&str> {
        match self {
            DbError::Statement { statement, .. } => Some(statement),
            _ => None,
        }
    }

    /// SQLSTATE / result code, if known.
    pub fn code(&self) -> Option<&str> {
        match self {
            DbError::Statement { code, .. } => code.as_deref(),
            _ => None,
        }
    }
}

/// A plan that failed while applying. The transaction was rolled back.
#[derive(Debug, thiserror::Error)]
#[error(
    "step {step} ({summary}) failed; nothing was changed\n  statement: {statement}\n  error: {message}"
)]
pub struct ApplyError {
    /// 1-based step number.
    pub step: usize,
    /// The step's summary.
    pub summary: String,
    /// The failing statement.
    pub statement: String,
    /// The database's message.
    pub message: String,
}

/// One open database connection.
pub trait Database {
    /// How this database renders changes.
    fn dialect(&self) -> &dyn Dialect;

    /// A printable name for messages: the URL with any password removed.
    fn describe(&self) -> String;

    /// Reads the whole schema: everything outside system schemas, leaving out objects that
    /// belong to extensions. Uses a fixed number of queries whatever the schema's size.
    fn introspect(&mut self) -> Result<Catalog, DbError>;

    /// Runs one statement on its own (autocommit). Used to load schema files.
    fn execute(&mut self, sql: &str) -> Result<(), DbError>;

    /// Runs statements in one transaction: all or nothing.
    fn execute_in_transaction(&mut self, statements: &[String]) -> Result<(), DbError>;

    /// Runs a whole plan in one transaction: on any error nothing is changed. Steps that
    /// cannot run in a transaction are refused here (the online planner handles those).
    fn apply(&mut self, plan: &Plan) -> Result<(), ApplyError>;

    /// Creates a new, empty database of the same kind for loading a desired state (an
    /// in-memory database for SQLite, a temporary database on the same server for
    /// PostgreSQL). It is removed when the returned value is dropped.
    fn scratch(&mut self) -> Result<Box<dyn Database>, DbError>;

    /// Runs a query and returns every value as text (`None` for NULL). For strata's own
    /// bookkeeping (the migration history table), not for introspection.
    fn query(&mut self, sql: &str) -> Result<Vec<Vec<Option<String>>>, DbError>;

    /// Takes the lock that keeps concurrent strata processes from migrating the same
    /// database at once, waiting at most `timeout`. PostgreSQL: a session-level advisory
    /// lock derived from `key`; SQLite relies on its own file locking. The error names who
    /// holds the lock when the database can tell.
    fn acquire_lock(&mut self, key: &str, timeout: std::time::Duration) -> Result<(), DbError>;

    /// Releases the lock taken by [`Database::acquire_lock`].
    fn release_lock(&mut self, key: &str) -> Result<(), DbError>;
}

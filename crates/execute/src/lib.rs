//! The seam between strata and a database: read its schema, load SQL into it, run a plan.
//! `strata-postgres` and `strata-sqlite` implement [`Database`]; everything above works on
//! `dyn Database` and never matches on the database kind.
#![deny(missing_docs)]

use std::collections::BTreeMap;
use std::time::{Duration, SystemTime};
use strata_catalog::{Catalog, QualName};
use strata_plan::{Dialect, Plan};

mod screen;
mod time;

pub use screen::{Action, Deferred, LoadRules, Refusal, Screened};
pub use time::{civil, timestamp_text};

/// A value bound to a statement parameter. Parameters are written `$1`, `$2`, … in the
/// SQL, numbered in the order they appear. Each variant is typed even when NULL, so the
/// driver can tell the server what it sends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    /// Text, or NULL.
    Text(Option<String>),
    /// A 64-bit integer, or NULL.
    Int(Option<i64>),
    /// A boolean, or NULL.
    Bool(Option<bool>),
    /// A point in time (UTC), or NULL. SQLite stores it as RFC 3339 text.
    Timestamp(Option<SystemTime>),
}

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
        /// Byte offset in `statement` of what the error is about, when the database says.
        position: Option<usize>,
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

    /// The 0-based line within the statement the error points at (0 when unknown).
    pub fn line_offset(&self) -> usize {
        match self {
            DbError::Statement {
                statement,
                position: Some(at),
                ..
            } => statement
                .get(..*at)
                .map_or(0, |before| before.matches('\n').count()),
            _ => 0,
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

/// A plan that failed while applying. The failing step's transaction was rolled back;
/// in an online plan the transactions and steps before it stay committed.
#[derive(Debug, thiserror::Error)]
#[error(
    "step {step} ({summary}) failed; {}\n  statement: {statement}\n  error: {message}",
    self.what_stays()
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
    /// How many steps, from the first, were committed before the failure (0 for a plan
    /// in one transaction): they stay applied.
    pub applied: usize,
    /// How many steps the plan has.
    pub total: usize,
}

impl ApplyError {
    /// `nothing was changed`, or which steps ran and which did not.
    pub fn what_stays(&self) -> String {
        if self.applied == 0 {
            return "nothing was changed".into();
        }
        let ran = match self.applied {
            1 => "step 1 was applied and stays".to_string(),
            n => format!("steps 1-{n} were applied and stay"),
        };
        let not_run = match (self.step + 1, self.total) {
            (next, total) if next > total => return ran,
            (next, total) if next == total => format!("step {next} did not run"),
            (next, total) => format!("steps {next}-{total} did not run"),
        };
        format!("{ran}; {not_run}")
    }
}

/// How a plan runs.
#[derive(Debug, Clone)]
pub struct ApplyOptions {
    /// How long one statement may wait for a lock on a relation before it gives up
    /// (PostgreSQL's `lock_timeout`), so a plan never queues behind a long transaction
    /// while every other query on the table queues behind it. `None` waits.
    pub lock_timeout: Option<Duration>,
    /// How long one statement of an online plan may run (PostgreSQL's
    /// `statement_timeout`; not for concurrent index builds and validations, which take
    /// as long as the table needs). `None` is no limit.
    pub statement_timeout: Option<Duration>,
    /// How many times a transaction or step of an online plan that gave up waiting for a
    /// lock is tried again (a plan in one transaction is not retried).
    pub retries: u32,
    /// The wait before the first retry; it doubles with each one.
    pub backoff: Duration,
    /// Told about each retry (a line for the user).
    pub on_retry: Option<fn(&str)>,
    /// A statement that records progress, run after each transaction or
    /// non-transactional step of an online plan succeeds, with `$1` the number of steps
    /// applied so far, `$2` the next step's number and `$3` its summary (both NULL after
    /// the last one). It runs in the group's own transaction, so the record commits with
    /// the group; after a non-transactional step it commits on its own, right after the
    /// step (a run killed in between records that step as not finished).
    pub record_progress: Option<String>,
}

impl Default for ApplyOptions {
    fn default() -> Self {
        ApplyOptions {
            lock_timeout: Some(Duration::from_secs(5)),
            statement_timeout: None,
            retries: 4,
            backoff: Duration::from_millis(500),
            on_retry: None,
            record_progress: None,
        }
    }
}

/// A table's size from the database's statistics, for choosing online recipes.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct TableSize {
    /// Estimated rows (`pg_class.reltuples`, or an estimate from its pages when the
    /// table was never analysed).
    pub rows: u64,
    /// Bytes on disk, without indexes (`pg_table_size`).
    pub bytes: u64,
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

    /// Runs one statement on its own (autocommit, or inside the transaction that
    /// [`Database::transaction`] opened).
    fn execute(&mut self, sql: &str) -> Result<(), DbError>;

    /// Runs one statement with bound parameters (`$1`, `$2`, … in order). Values never
    /// become SQL text, so no setting or content can change what the statement means.
    fn execute_bound(&mut self, sql: &str, params: &[Value]) -> Result<(), DbError>;

    /// Runs `body` in one transaction: committed when it returns `Ok`, rolled back when it
    /// returns an error (which is passed on). `body` gets this connection and must not
    /// open or end transactions itself.
    fn transaction(
        &mut self,
        body: &mut dyn FnMut(&mut dyn Database) -> Result<(), DbError>,
    ) -> Result<(), DbError>;

    /// Runs statements in one transaction: all or nothing.
    fn execute_in_transaction(&mut self, statements: &[String]) -> Result<(), DbError> {
        self.transaction(&mut |db| {
            for statement in statements {
                db.execute(statement)?;
            }
            Ok(())
        })
    }

    /// Splits a schema file into statements and screens each one: schema files are data,
    /// so only statements that define schema objects may be loaded. The first statement
    /// that is not allowed (or does not parse) is refused with its line, before anything
    /// is sent.
    fn screen(&self, text: &str, rules: &LoadRules) -> Result<Vec<Screened>, Refusal>;

    /// Runs one screened schema statement (an [`Action::Load`] or [`Action::Setting`])
    /// under the restrictions this database applies while loading schema files.
    fn execute_schema(&mut self, statement: &Screened) -> Result<(), DbError>;

    /// Returns the session to the settings strata relies on, undoing whatever settings
    /// a schema file made (`SET search_path`, `set_config(...)`), so they do not leak into
    /// the next file. `search_path` is the server's default unless `rules` names one.
    fn reset_session(&mut self, rules: &LoadRules) -> Result<(), DbError>;

    /// The size of every table and materialized view, in one query. Kept out of
    /// [`Database::introspect`]: sizes change with every insert and must not make a
    /// catalog (or a saved plan's fingerprints) differ. The default knows none.
    fn table_sizes(&mut self) -> Result<BTreeMap<QualName, TableSize>, DbError> {
        Ok(BTreeMap::new())
    }

    /// Runs a plan following its transaction boundaries ([`Plan::groups`]): a plan
    /// without non-transactional or own-transaction steps runs in one transaction, and
    /// on any error nothing is changed. A database that cannot run steps outside a
    /// transaction refuses them before anything runs.
    fn apply(&mut self, plan: &Plan, options: &ApplyOptions) -> Result<(), ApplyError>;

    /// Creates a new, empty database of the same kind for loading a desired state (an
    /// in-memory database for SQLite, a temporary database on the same server for
    /// PostgreSQL). It is removed when the returned value is dropped.
    fn scratch(&mut self) -> Result<Box<dyn Database>, DbError>;

    /// Runs a query and returns every value as text (`None` for NULL). For strata's own
    /// bookkeeping (the migration history table), not for introspection.
    fn query(&mut self, sql: &str) -> Result<Vec<Vec<Option<String>>>, DbError>;

    /// The `strata:owned ...` marker of one of strata's own tables, or `None` when the
    /// table does not exist or is not marked. `table` is the quoted (maybe qualified)
    /// name, `name` the unquoted table name.
    fn table_marker(&mut self, table: &str, name: &str) -> Result<Option<String>, DbError>;

    /// Takes the lock that keeps concurrent strata processes from migrating the same
    /// database at once, waiting at most `timeout`. PostgreSQL: a session-level advisory
    /// lock derived from `key`; SQLite relies on its own file locking. The error names who
    /// holds the lock when the database can tell.
    fn acquire_lock(&mut self, key: &str, timeout: Duration) -> Result<(), DbError>;

    /// Releases the lock taken by [`Database::acquire_lock`].
    fn release_lock(&mut self, key: &str) -> Result<(), DbError>;
}

//! [`PgDatabase`]: one connection, implementing strata's [`Database`] seam.
use crate::connect;
mod groups;
use crate::error::statement_error;
use crate::introspect::{Reader, read_catalog};
use crate::lock;
use crate::render::PostgresDialect;
use crate::scratch::{self, ScratchDatabase};
use crate::url::{ConnInfo, redact};
use crate::version::PgVersion;
use postgres::{Client, SimpleQueryMessage};
use std::collections::BTreeMap;
use std::time::Duration;
use strata_catalog::{Catalog, QualName};
use strata_execute::{
    ApplyError, ApplyOptions, Database, DbError, LoadRules, Refusal, Screened, TableSize, Value,
};
use strata_plan::{Dialect, Plan};

/// What this connection is for; decides how transactions and cleanup work.
pub(crate) enum Session {
    /// A database the user named.
    Plain,
    /// A scratch database strata created; dropped with this value.
    Scratch(Box<ScratchDatabase>),
    /// A connection to the dev database inside one transaction that is rolled back when
    /// this value is dropped, so loading leaves nothing behind. Statements run under
    /// savepoints so one failure does not abort the transaction.
    DevTransaction,
}

/// Where [`Database::scratch`] gets its empty database.
#[derive(Clone)]
pub(crate) enum ScratchSource {
    /// `CREATE DATABASE` on the same server (needs CREATEDB).
    CreateDatabase,
    /// A transaction in this (empty) dev database.
    DevDatabase(Box<ConnInfo>),
}

/// A PostgreSQL connection.
///
/// Fields drop in order: the client closes before a scratch database is dropped.
pub struct PgDatabase {
    client: Client,
    info: ConnInfo,
    description: String,
    scratch_source: ScratchSource,
    session: Session,
    introspection_queries: usize,
    /// Renders for this server's version.
    dialect: PostgresDialect,
}

impl PgDatabase {
    /// Connects to the database a `postgres://` URL names. Its scratch databases are
    /// created with `CREATE DATABASE` on the same server.
    pub fn connect(url: &str) -> Result<PgDatabase, DbError> {
        let info = parse_url(url)?;
        let description = redact(url);
        let client = connect::open(&info, &description)?;
        Ok(PgDatabase::new(client, info, description, Session::Plain))
    }

    pub(crate) fn new(
        client: Client,
        info: ConnInfo,
        description: String,
        session: Session,
    ) -> PgDatabase {
        let mut client = client;
        let dialect = PostgresDialect::for_version(server_version(&mut client));
        PgDatabase {
            client,
            info,
            description,
            scratch_source: ScratchSource::CreateDatabase,
            session,
            introspection_queries: 0,
            dialect,
        }
    }

    /// The version of the server, which the findings of its plans assume.
    pub fn server_version(&self) -> PgVersion {
        self.dialect.version()
    }

    /// Makes [`Database::scratch`] load into the dev database at `dev_url` (inside a
    /// transaction that is rolled back) instead of creating databases. For roles without
    /// CREATEDB. The dev database must hold no user objects; that is checked now and again
    /// for every scratch use.
    pub fn with_dev_url(mut self, dev_url: &str) -> Result<PgDatabase, DbError> {
        let dev = parse_url(dev_url)?;
        let mut check = connect::open(&dev, &redact(dev_url))?;
        scratch::ensure_empty(&mut check, &redact(dev_url))?;
        self.scratch_source = ScratchSource::DevDatabase(Box::new(dev));
        Ok(self)
    }

    /// Makes this connection's own scratch databases come from `source`.
    pub(crate) fn set_scratch_source(&mut self, source: ScratchSource) {
        self.scratch_source = source;
    }

    /// The parsed connection URL.
    pub fn conn_info(&self) -> &ConnInfo {
        &self.info
    }

    /// The number of round trips the last [`Database::introspect`] made. It does not grow
    /// with the schema: introspection runs a fixed set of catalog queries.
    pub fn last_introspection_queries(&self) -> usize {
        self.introspection_queries
    }

    /// The name of the scratch database this connection owns, if it is one.
    pub fn scratch_name(&self) -> Option<&str> {
        match &self.session {
            Session::Scratch(scratch) => Some(scratch.name()),
            _ => None,
        }
    }

    /// The database this connection is to.
    pub fn database_name(&self) -> &str {
        &self.info.dbname
    }

    pub(crate) fn client(&mut self) -> &mut Client {
        &mut self.client
    }

    fn in_dev_transaction(&self) -> bool {
        matches!(self.session, Session::DevTransaction)
    }

    /// Opens the transaction `apply` and `execute_in_transaction` run in: a savepoint
    /// when the session is already inside the dev transaction.
    fn begin(&mut self) -> Result<(), DbError> {
        let sql = if self.in_dev_transaction() {
            "SAVEPOINT strata_tx"
        } else {
            "BEGIN"
        };
        self.run(sql)
    }

    fn commit(&mut self) -> Result<(), DbError> {
        let sql = if self.in_dev_transaction() {
            "RELEASE SAVEPOINT strata_tx"
        } else {
            "COMMIT"
        };
        self.run(sql)
    }

    /// Best effort: the statement's own error is the one worth reporting.
    fn rollback(&mut self) {
        let sql = if self.in_dev_transaction() {
            "ROLLBACK TO SAVEPOINT strata_tx; RELEASE SAVEPOINT strata_tx"
        } else {
            "ROLLBACK"
        };
        let _ = self.client.batch_execute(sql);
    }

    fn run(&mut self, sql: &str) -> Result<(), DbError> {
        self.client
            .batch_execute(sql)
            .map_err(|e| statement_error(sql, &e))
    }

    /// Runs `sql` under a savepoint, undoing only it on error, so the dev transaction
    /// stays usable.
    fn run_guarded(&mut self, sql: &str) -> Result<(), DbError> {
        self.run("SAVEPOINT strata_statement")?;
        match self.client.batch_execute(sql) {
            Ok(()) => self.run("RELEASE SAVEPOINT strata_statement"),
            Err(e) => {
                let error = statement_error(sql, &e);
                self.run(
                    "ROLLBACK TO SAVEPOINT strata_statement; RELEASE SAVEPOINT strata_statement",
                )?;
                Err(error)
            }
        }
    }

    /// Loads SQL text into the dev transaction, one statement at a time. Transaction
    /// control in the text would end the dev transaction and leave objects behind, so
    /// `BEGIN`/`COMMIT` are skipped (everything already runs in one transaction) and
    /// `ROLLBACK`/`PREPARE TRANSACTION` are refused.
    fn execute_in_dev_transaction(&mut self, sql: &str) -> Result<(), DbError> {
        for statement in strata_sqltext::split(sql) {
            match transaction_control(&statement.text) {
                Some(TxControl::Harmless) => continue,
                Some(TxControl::Refused) => {
                    return Err(DbError::Statement {
                        statement: statement.text,
                        message: "transaction control statements cannot be loaded into the \
                                  dev database: strata runs the whole load in one transaction \
                                  and rolls it back afterwards"
                            .into(),
                        code: None,
                        position: None,
                    });
                }
                None => self.run_guarded(&statement.text)?,
            }
        }
        Ok(())
    }

    fn introspect_session(&mut self) -> Result<Catalog, DbError> {
        let dev = self.in_dev_transaction();
        let mut reader = Reader::new(&mut self.client);
        // A repeatable-read snapshot keeps the queries consistent with each other; in the
        // dev transaction a savepoint scopes the search_path change instead.
        let (open, close, abort) = if dev {
            (
                "SAVEPOINT strata_introspect",
                "ROLLBACK TO SAVEPOINT strata_introspect; RELEASE SAVEPOINT strata_introspect",
                "ROLLBACK TO SAVEPOINT strata_introspect; RELEASE SAVEPOINT strata_introspect",
            )
        } else {
            (
                "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
                "COMMIT",
                "ROLLBACK",
            )
        };
        reader.run(open)?;
        let result = reader
            .run("SET LOCAL search_path = ''")
            .and_then(|()| read_catalog(&mut reader));
        match result {
            Ok(catalog) => {
                reader.run(close)?;
                self.introspection_queries = reader.queries;
                Ok(catalog)
            }
            Err(e) => {
                let _ = reader.run(abort);
                Err(e)
            }
        }
    }
}

impl Drop for PgDatabase {
    fn drop(&mut self) {
        if self.in_dev_transaction() {
            // Closing the connection would abort it too; rolling back explicitly means
            // nothing is left when drop returns.
            let _ = self.client.batch_execute("ROLLBACK");
        }
    }
}

impl std::fmt::Debug for PgDatabase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgDatabase")
            .field("target", &self.description)
            .finish_non_exhaustive()
    }
}

/// Parameters for the driver. Each [`Value`] is typed, so a NULL still tells the server
/// which type it stands for.
fn bound_params(params: &[Value]) -> Vec<Box<dyn postgres::types::ToSql + Sync>> {
    params
        .iter()
        .map(|v| -> Box<dyn postgres::types::ToSql + Sync> {
            match v {
                Value::Text(t) => Box::new(t.clone()),
                Value::Int(i) => Box::new(*i),
                Value::Bool(b) => Box::new(*b),
                Value::Timestamp(t) => Box::new(*t),
            }
        })
        .collect()
}

/// Parses a URL, reporting a bad one as a connection error.
pub(crate) fn parse_url(url: &str) -> Result<ConnInfo, DbError> {
    ConnInfo::parse(url).map_err(|e| DbError::Connect {
        target: e.url,
        message: e.reason,
    })
}

/// `server_version_num` of the connected server. A connection that cannot answer is
/// broken and fails on its next statement; until then findings assume the oldest
/// supported version, which never understates them.
fn server_version(client: &mut Client) -> PgVersion {
    client
        .query_one(
            "SELECT pg_catalog.current_setting('server_version_num')::int4",
            &[],
        )
        .ok()
        .and_then(|row| row.try_get::<_, i32>(0).ok())
        .and_then(|num| u32::try_from(num).ok())
        .map_or(crate::version::OLDEST_SUPPORTED, PgVersion::from_num)
}

pub(crate) enum TxControl {
    /// BEGIN, START TRANSACTION, COMMIT, END: no-ops inside the dev transaction.
    Harmless,
    /// ROLLBACK, ABORT, PREPARE TRANSACTION, COMMIT/ROLLBACK PREPARED.
    Refused,
}

pub(crate) fn transaction_control(statement: &str) -> Option<TxControl> {
    let words: Vec<String> = statement
        .split_whitespace()
        .take(2)
        .map(|w| w.trim_end_matches(';').to_ascii_uppercase())
        .collect();
    let first = words.first().map(String::as_str).unwrap_or("");
    let second = words.get(1).map(String::as_str).unwrap_or("");
    match (first, second) {
        ("ROLLBACK", "TO") | ("COMMIT" | "ROLLBACK", "PREPARED") => Some(TxControl::Refused),
        ("BEGIN" | "COMMIT" | "END", _) | ("START", "TRANSACTION") => Some(TxControl::Harmless),
        ("ROLLBACK" | "ABORT", _) | ("PREPARE", "TRANSACTION") => Some(TxControl::Refused),
        _ => None,
    }
}

impl Database for PgDatabase {
    fn dialect(&self) -> &dyn Dialect {
        &self.dialect
    }

    fn describe(&self) -> String {
        self.description.clone()
    }

    fn introspect(&mut self) -> Result<Catalog, DbError> {
        self.introspect_session()
    }

    fn execute(&mut self, sql: &str) -> Result<(), DbError> {
        if self.in_dev_transaction() {
            self.execute_in_dev_transaction(sql)
        } else {
            self.run(sql)
        }
    }

    fn execute_bound(&mut self, sql: &str, params: &[Value]) -> Result<(), DbError> {
        let guarded = self.in_dev_transaction();
        if guarded {
            self.run("SAVEPOINT strata_statement")?;
        }
        let boxed = bound_params(params);
        let refs: Vec<&(dyn postgres::types::ToSql + Sync)> =
            boxed.iter().map(|b| b.as_ref()).collect();
        let result = self
            .client
            .execute(sql, &refs)
            .map(drop)
            .map_err(|e| statement_error(sql, &e));
        if guarded {
            self.run(if result.is_ok() {
                "RELEASE SAVEPOINT strata_statement"
            } else {
                "ROLLBACK TO SAVEPOINT strata_statement; RELEASE SAVEPOINT strata_statement"
            })?;
        }
        result
    }

    fn transaction(
        &mut self,
        body: &mut dyn FnMut(&mut dyn Database) -> Result<(), DbError>,
    ) -> Result<(), DbError> {
        self.begin()?;
        match body(self) {
            Ok(()) => self.commit(),
            Err(e) => {
                self.rollback();
                Err(e)
            }
        }
    }

    fn screen(&self, text: &str, rules: &LoadRules) -> Result<Vec<Screened>, Refusal> {
        crate::screen::screen(text, rules)
    }

    fn execute_schema(&mut self, statement: &Screened) -> Result<(), DbError> {
        if self.in_dev_transaction() {
            self.run_guarded(&statement.text)
        } else {
            self.run(&statement.text)
        }
    }

    fn reset_session(&mut self, rules: &LoadRules) -> Result<(), DbError> {
        let mut sql = format!("RESET ALL; {}", connect::SESSION_SETTINGS);
        if let Some(path) = &rules.search_path {
            sql.push_str(&format!(
                "; SELECT pg_catalog.set_config('search_path', {}, false)",
                crate::render::literal(path)
            ));
        }
        self.run(&sql)
    }

    fn table_sizes(&mut self) -> Result<BTreeMap<QualName, TableSize>, DbError> {
        crate::sizes::table_sizes(&mut self.client)
    }

    fn apply(&mut self, plan: &Plan, options: &ApplyOptions) -> Result<(), ApplyError> {
        if plan.is_empty() {
            return Ok(());
        }
        if !plan.is_single_transaction() {
            if self.in_dev_transaction() {
                refuse_non_transactional(plan)?;
            }
            return self.apply_groups(plan, options);
        }
        self.begin()
            .map_err(|e| apply_error(0, "begin transaction", &e))?;
        let mut timeout = crate::timeouts::set_lock_timeout(options.lock_timeout, true);
        if options.statement_timeout.is_some() {
            // A plan in one transaction has no concurrent build or validation to exempt.
            timeout.push_str("; ");
            timeout.push_str(&crate::timeouts::set_statement_timeout(
                options.statement_timeout,
                true,
            ));
        }
        if let Err(e) = self.run(&timeout) {
            self.rollback();
            return Err(apply_error(0, "set lock_timeout", &e));
        }
        for (i, step) in plan.steps.iter().enumerate() {
            for statement in &step.statements {
                if let Err(e) = self.run(statement) {
                    self.rollback();
                    let mut error = apply_error(i + 1, &step.summary, &e);
                    if e.code() == Some(LOCK_NOT_AVAILABLE) {
                        error.message = lock::timeout_message(
                            &mut self.client,
                            statement,
                            options.lock_timeout,
                        );
                    }
                    return Err(error);
                }
            }
        }
        self.commit()
            .map_err(|e| apply_error(plan.steps.len(), "commit", &e))
    }

    fn scratch(&mut self) -> Result<Box<dyn Database>, DbError> {
        let scratch = match self.scratch_source.clone() {
            ScratchSource::CreateDatabase => scratch::create(self)?,
            ScratchSource::DevDatabase(dev) => scratch::dev_transaction(&dev)?,
        };
        Ok(Box::new(scratch))
    }

    fn query(&mut self, sql: &str) -> Result<Vec<Vec<Option<String>>>, DbError> {
        if self.in_dev_transaction() {
            self.run("SAVEPOINT strata_query")?;
        }
        let result = self.client.simple_query(sql);
        if self.in_dev_transaction() {
            let end = if result.is_ok() {
                "RELEASE SAVEPOINT strata_query"
            } else {
                "ROLLBACK TO SAVEPOINT strata_query; RELEASE SAVEPOINT strata_query"
            };
            self.run(end)?;
        }
        let messages = result.map_err(|e| statement_error(sql, &e))?;
        Ok(messages
            .iter()
            .filter_map(|m| match m {
                SimpleQueryMessage::Row(row) => Some(
                    (0..row.len())
                        .map(|i| row.get(i).map(str::to_string))
                        .collect(),
                ),
                _ => None,
            })
            .collect())
    }

    fn table_marker(&mut self, table: &str, _name: &str) -> Result<Option<String>, DbError> {
        let sql = "SELECT pg_catalog.obj_description(pg_catalog.to_regclass($1), 'pg_class')";
        let row = self
            .client
            .query_one(sql, &[&table])
            .map_err(|e| statement_error(sql, &e))?;
        let comment: Option<String> = row.get(0);
        Ok(comment.filter(|c| strata_catalog::is_owned_marker(c)))
    }

    fn acquire_lock(&mut self, key: &str, timeout: Duration) -> Result<(), DbError> {
        lock::acquire(&mut self.client, key, timeout)
    }

    fn release_lock(&mut self, key: &str) -> Result<(), DbError> {
        lock::release(&mut self.client, key)
    }
}

/// SQLSTATE 55P03: a lock could not be had within `lock_timeout`.
const LOCK_NOT_AVAILABLE: &str = "55P03";

/// `SET LOCAL lock_timeout`: for this transaction only; `0` waits for ever.
/// Non-transactional steps (`CREATE INDEX CONCURRENTLY`, ...) cannot share the plan's
/// transaction. Refused before anything runs, so nothing is half-applied.
fn refuse_non_transactional(plan: &Plan) -> Result<(), ApplyError> {
    match plan.steps.iter().position(|s| !s.transactional) {
        Some(i) => {
            let step = &plan.steps[i];
            Err(ApplyError {
                step: i + 1,
                summary: step.summary.clone(),
                statement: step.statements.first().cloned().unwrap_or_default(),
                message: "this step cannot run inside a transaction block, and this \
                          connection runs everything inside the dev database's transaction"
                    .into(),
                applied: 0,
                total: plan.steps.len(),
            })
        }
        None => Ok(()),
    }
}

fn apply_error(step: usize, summary: &str, error: &DbError) -> ApplyError {
    let (statement, message) = match error {
        DbError::Statement {
            statement,
            message,
            code,
            ..
        } => (
            statement.clone(),
            match code {
                Some(code) => format!("{message} (SQLSTATE {code})"),
                None => message.clone(),
            },
        ),
        other => (String::new(), other.to_string()),
    };
    ApplyError {
        step,
        summary: summary.to_string(),
        statement,
        message,
        applied: 0,
        total: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transaction_control_is_recognised() {
        assert!(matches!(
            transaction_control("begin"),
            Some(TxControl::Harmless)
        ));
        assert!(matches!(
            transaction_control("START TRANSACTION ISOLATION LEVEL SERIALIZABLE"),
            Some(TxControl::Harmless)
        ));
        assert!(matches!(
            transaction_control("COMMIT"),
            Some(TxControl::Harmless)
        ));
        assert!(matches!(
            transaction_control("rollback"),
            Some(TxControl::Refused)
        ));
        assert!(matches!(
            transaction_control("COMMIT PREPARED 'x'"),
            Some(TxControl::Refused)
        ));
        assert!(matches!(
            transaction_control("PREPARE TRANSACTION 'x'"),
            Some(TxControl::Refused)
        ));
        assert!(transaction_control("CREATE TABLE begin_log (id int)").is_none());
        assert!(transaction_control("PREPARE q AS SELECT 1").is_none());
    }
}

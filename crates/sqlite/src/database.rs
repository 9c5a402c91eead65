//! [`SqliteDatabase`]: one SQLite connection behind strata's [`Database`] trait.

use crate::dialect::{REBUILD_PREFIX, SqliteDialect};
use crate::error::{is_busy, message, sql_error, value_text};
use crate::introspect::introspect;
use crate::screen::SETTING_PRAGMAS;
use rusqlite::hooks::{AuthAction, AuthContext, Authorization};
use rusqlite::{Connection, OpenFlags, OptionalExtension, ffi};
use std::path::{Path, PathBuf};
use std::time::Duration;
use strata_catalog::Catalog;
use strata_execute::{
    ApplyError, ApplyOptions, Database, DbError, LoadRules, Refusal, Screened, Value,
    timestamp_text,
};
use strata_plan::{Dialect, Plan};

/// How long a statement waits for another connection's write lock when no migration lock
/// is held (rusqlite's default, kept explicit).
const DEFAULT_BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// The savepoint used for atomic runs while the migration lock's transaction is open.
const SAVEPOINT: &str = "strata_step";

static DIALECT: SqliteDialect = SqliteDialect;

/// Where a URL points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// A private in-memory database.
    Memory,
    /// A database file (created when missing, as `sqlite3` does, unless read-only).
    File {
        /// The path, relative to the working directory unless absolute.
        path: PathBuf,
        /// Opened read-only (`?mode=ro`).
        read_only: bool,
    },
}

/// Parses a SQLite URL.
///
/// - `sqlite::memory:`, `sqlite://:memory:` and any URL with `?mode=memory`: in memory.
/// - `sqlite:relative.db` and `sqlite://relative.db`: relative to the working directory.
/// - `sqlite:/abs/path.db` and `sqlite:///abs/path.db`: absolute. The two slashes after
///   the scheme are an empty authority, as in `file:///`, and are dropped.
/// - `?mode=ro` opens read-only; `?mode=rw`/`rwc` are accepted and mean the default.
pub fn parse_url(url: &str) -> Result<Location, String> {
    let rest = url
        .strip_prefix("sqlite:")
        .ok_or_else(|| "a SQLite URL starts with `sqlite:`".to_string())?;
    let rest = rest.strip_prefix("//").unwrap_or(rest);
    let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
    let mut read_only = false;
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        match pair {
            "mode=memory" => return Ok(Location::Memory),
            "mode=ro" => read_only = true,
            "mode=rw" | "mode=rwc" => {}
            other => return Err(format!("unknown URL parameter `{other}`")),
        }
    }
    if path == ":memory:" {
        return Ok(Location::Memory);
    }
    if path.is_empty() {
        return Err("the URL names no database file".into());
    }
    Ok(Location::File {
        path: PathBuf::from(path),
        read_only,
    })
}

/// Opens a SQLite database from a URL (see [`parse_url`]) with foreign keys enforced. A
/// missing file is created, as `sqlite3` does.
pub fn connect(url: &str) -> Result<SqliteDatabase, DbError> {
    open(url, false)
}

/// Opens an existing SQLite database read-only, for commands that only read it: a missing
/// file is an error rather than a new, empty database (`sqlite:typo.db`). Scratch
/// databases still work, since they are in memory.
pub fn connect_read_only(url: &str) -> Result<SqliteDatabase, DbError> {
    open(url, true)
}

fn open(url: &str, read_only: bool) -> Result<SqliteDatabase, DbError> {
    let connect_error = |message: String| DbError::Connect {
        target: url.to_string(),
        message,
    };
    let conn = match parse_url(url).map_err(connect_error)? {
        Location::Memory => Connection::open_in_memory(),
        Location::File {
            path,
            read_only: url_read_only,
        } => {
            let read_only = read_only || url_read_only;
            check_path(&path, read_only).map_err(connect_error)?;
            let flags = if read_only {
                OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX
            } else {
                OpenFlags::default()
            };
            Connection::open_with_flags(&path, flags)
        }
    }
    .map_err(|e| connect_error(message(&e)))?;
    SqliteDatabase::from_connection(conn, url).map_err(|e| connect_error(e.to_string()))
}

/// Fails before SQLite's vague "unable to open database file": a file opened read-only
/// must exist, and a new file needs its directory.
fn check_path(path: &Path, must_exist: bool) -> Result<(), String> {
    if must_exist && !path.exists() {
        return Err(format!("database file `{}` does not exist", path.display()));
    }
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() && !dir.is_dir() => {
            Err(format!("directory {} does not exist", dir.display()))
        }
        _ => Ok(()),
    }
}

/// A SQLite connection.
///
/// Locking: SQLite has no advisory locks, so [`Database::acquire_lock`] opens a write
/// transaction (`BEGIN IMMEDIATE`, waiting up to the timeout for other writers) and
/// [`Database::release_lock`] commits it. A whole migration run is then one write
/// transaction per process: a second process waits until the first commits, and then reads
/// the history the first wrote. While the lock is held, [`Database::execute_in_transaction`]
/// and [`Database::apply`] use a savepoint instead of `BEGIN`, so a failing migration is
/// undone without losing the ones before it; those are committed by `release_lock`.
/// Dropping the connection without `release_lock` rolls the whole run back.
///
/// Foreign keys: a table rebuild must run with `foreign_keys=OFF` (`DROP TABLE` would
/// otherwise fire `ON DELETE` actions on the rows that reference it), and the pragma can
/// only change outside a transaction. So `apply` and `execute_in_transaction` turn it off
/// around a transaction that contains a rebuild, and `acquire_lock` turns it off for the
/// whole locked run; in both cases `PRAGMA foreign_key_check` runs before each commit (or
/// savepoint release) and a violation fails the step. Statements run with
/// [`Database::execute`] while the lock is held are not checked.
pub struct SqliteDatabase {
    conn: Connection,
    url: String,
    /// The migration lock's transaction is open.
    locked: bool,
    /// Foreign keys were on when the lock was taken: checked per step, restored on release.
    lock_checks_foreign_keys: bool,
}

impl SqliteDatabase {
    /// A new, private in-memory database.
    pub fn open_in_memory() -> Result<Self, DbError> {
        let conn = Connection::open_in_memory().map_err(|e| DbError::Other(message(&e)))?;
        Self::from_connection(conn, "sqlite::memory:")
    }

    fn from_connection(conn: Connection, url: &str) -> Result<Self, DbError> {
        conn.busy_timeout(DEFAULT_BUSY_TIMEOUT)
            .map_err(|e| DbError::Other(message(&e)))?;
        // Reading the schema fails early on a file that is not a database.
        let probe = "SELECT count(*) FROM sqlite_master";
        conn.query_row(probe, [], |r| r.get::<_, i64>(0))
            .map_err(|e| sql_error(probe, e))?;
        let fk_on = "PRAGMA foreign_keys = ON";
        conn.execute_batch(fk_on).map_err(|e| sql_error(fk_on, e))?;
        Ok(SqliteDatabase {
            conn,
            url: url.to_string(),
            locked: false,
            lock_checks_foreign_keys: false,
        })
    }

    /// The underlying connection, for callers that need SQLite directly.
    pub fn connection(&self) -> &Connection {
        &self.conn
    }

    /// True while the migration lock's transaction is open.
    pub fn is_locked(&self) -> bool {
        self.locked
    }

    fn run(&self, sql: &str) -> Result<(), DbError> {
        self.conn.execute_batch(sql).map_err(|e| sql_error(sql, e))
    }

    /// Prepares `sql` as one statement (rusqlite refuses more) and steps it to the end.
    fn run_one(&self, sql: &str) -> Result<(), DbError> {
        let mut stmt = self.conn.prepare(sql).map_err(|e| sql_error(sql, e))?;
        let mut rows = stmt.query([]).map_err(|e| sql_error(sql, e))?;
        while rows.next().map_err(|e| sql_error(sql, e))?.is_some() {}
        Ok(())
    }

    fn foreign_keys_on(&self) -> Result<bool, DbError> {
        let sql = "PRAGMA foreign_keys";
        self.conn
            .query_row(sql, [], |r| r.get::<_, i64>(0))
            .map(|v| v == 1)
            .map_err(|e| sql_error(sql, e))
    }

    /// Runs groups of statements (plan steps) all or nothing.
    fn run_atomically(&mut self, groups: &[&[String]]) -> Result<(), Failure> {
        let has_rebuild = groups
            .iter()
            .any(|g| g.iter().any(|s| s.contains(REBUILD_PREFIX)));
        let setup = |error| Failure {
            group: 0,
            statement: String::new(),
            error,
        };
        let relax = !self.locked && has_rebuild && self.foreign_keys_on().map_err(setup)?;
        let check = relax || (self.locked && self.lock_checks_foreign_keys);
        if relax {
            self.run("PRAGMA foreign_keys = OFF").map_err(setup)?;
        }
        let result = self.run_in_transaction(groups, check);
        if relax {
            // Restoring cannot fail inside a transaction: the transaction is over by now.
            self.run("PRAGMA foreign_keys = ON").map_err(setup)?;
        }
        result
    }

    fn run_in_transaction(&mut self, groups: &[&[String]], check: bool) -> Result<(), Failure> {
        let begin = if self.locked {
            format!("SAVEPOINT {SAVEPOINT}")
        } else {
            "BEGIN IMMEDIATE".to_string()
        };
        self.run(&begin).map_err(|error| Failure {
            group: 0,
            statement: begin.clone(),
            error,
        })?;
        let result = self.run_groups(groups, check).and_then(|()| {
            let commit = if self.locked {
                format!("RELEASE {SAVEPOINT}")
            } else {
                "COMMIT".to_string()
            };
            self.run(&commit).map_err(|error| Failure {
                group: groups.len().saturating_sub(1),
                statement: commit,
                error,
            })
        });
        if result.is_err() {
            self.roll_back();
        }
        result
    }

    fn run_groups(&self, groups: &[&[String]], check: bool) -> Result<(), Failure> {
        for (group, statements) in groups.iter().enumerate() {
            for statement in statements.iter() {
                self.run(statement).map_err(|error| Failure {
                    group,
                    statement: statement.clone(),
                    error,
                })?;
            }
        }
        if check {
            self.check_foreign_keys().map_err(|error| Failure {
                group: last_rebuild(groups),
                statement: "PRAGMA foreign_key_check".into(),
                error,
            })?;
        }
        Ok(())
    }

    fn roll_back(&self) {
        // Best effort: SQLite may already have rolled back (e.g. on SQLITE_FULL).
        let sql = if self.locked {
            format!("ROLLBACK TO {SAVEPOINT}; RELEASE {SAVEPOINT}")
        } else {
            "ROLLBACK".to_string()
        };
        if !self.conn.is_autocommit() || self.locked {
            let _ = self.conn.execute_batch(&sql);
        }
        // Pragmas are not undone by a rollback; a rebuild may have failed mid-rename.
        let _ = self.conn.execute_batch("PRAGMA legacy_alter_table = OFF");
    }

    /// Fails naming every table with rows that reference missing parent rows.
    fn check_foreign_keys(&self) -> Result<(), DbError> {
        let sql = "SELECT \"table\", \"parent\", count(*) FROM pragma_foreign_key_check \
                   GROUP BY 1, 2 ORDER BY 1, 2";
        let mut stmt = self.conn.prepare(sql).map_err(|e| sql_error(sql, e))?;
        let problems = stmt
            .query_map([], |r| {
                Ok(format!(
                    "{} rows of table {} reference missing rows of {}",
                    r.get::<_, i64>(2)?,
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?
                ))
            })
            .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
            .map_err(|e| sql_error(sql, e))?;
        if problems.is_empty() {
            return Ok(());
        }
        Err(DbError::Statement {
            statement: "PRAGMA foreign_key_check".into(),
            message: format!("foreign key check failed: {}", problems.join("; ")),
            code: None,
            position: None,
        })
    }
}

impl SqliteDatabase {
    fn transaction_body(
        &mut self,
        body: &mut dyn FnMut(&mut dyn Database) -> Result<(), DbError>,
        check: bool,
    ) -> Result<(), DbError> {
        let (begin, commit) = if self.locked {
            (
                format!("SAVEPOINT {SAVEPOINT}"),
                format!("RELEASE {SAVEPOINT}"),
            )
        } else {
            ("BEGIN IMMEDIATE".to_string(), "COMMIT".to_string())
        };
        self.run(&begin)?;
        let result = body(self)
            .and_then(|()| {
                if check {
                    self.check_foreign_keys()
                } else {
                    Ok(())
                }
            })
            .and_then(|()| self.run(&commit));
        if result.is_err() {
            self.roll_back();
        }
        result
    }
}

/// A bound value as SQLite stores it: booleans as 0/1, timestamps as RFC 3339 text.
fn sqlite_value(value: &Value) -> rusqlite::types::Value {
    use rusqlite::types::Value as V;
    match value {
        Value::Text(t) => t.clone().map_or(V::Null, V::Text),
        Value::Int(i) => i.map_or(V::Null, V::Integer),
        Value::Bool(b) => b.map_or(V::Null, |b| V::Integer(i64::from(b))),
        Value::Timestamp(t) => t.map_or(V::Null, |t| V::Text(timestamp_text(t))),
    }
}

/// Functions that reach outside the database: `load_extension` loads a shared library;
/// `readfile`, `writefile` and `edit` belong to the sqlite3 shell's file I/O extension,
/// which is not linked in, and are listed in case it ever is; `fts3_tokenizer` can
/// register a tokenizer by address.
const FILE_FUNCTIONS: &[&str] = &[
    "load_extension",
    "readfile",
    "writefile",
    "edit",
    "fts3_tokenizer",
];

/// Pragmas SQLite's own modules read while creating a virtual table (fts3, fts4 and rtree
/// ask for `page_size`). Only reading them is allowed; that changes nothing.
const READ_PRAGMAS: &[&str] = &["page_size"];

/// The authorizer while a schema file's statement runs, a second guard behind the
/// screen: no other database files (`ATTACH`, `DETACH`), no functions that touch files,
/// no pragmas but the settings a schema file may make (and [`READ_PRAGMAS`] read).
///
/// `VACUUM INTO` has no authorizer action of its own, but SQLite attaches the target
/// file to write it, and that `ATTACH` is denied here. The same holds for plain `VACUUM`,
/// which attaches a temporary database.
fn schema_authorizer(ctx: AuthContext<'_>) -> Authorization {
    let named = |list: &[&str], name: &str| list.iter().any(|n| n.eq_ignore_ascii_case(name));
    match ctx.action {
        AuthAction::Attach { .. } | AuthAction::Detach { .. } => Authorization::Deny,
        // An ATTACH whose file name is an expression rather than a literal.
        AuthAction::Unknown { code, .. }
            if code == ffi::SQLITE_ATTACH || code == ffi::SQLITE_DETACH =>
        {
            Authorization::Deny
        }
        AuthAction::Function { function_name } if named(FILE_FUNCTIONS, function_name) => {
            Authorization::Deny
        }
        AuthAction::Pragma {
            pragma_name,
            pragma_value,
        } => {
            let read = pragma_value.is_none() && named(READ_PRAGMAS, pragma_name);
            if read || named(SETTING_PRAGMAS, pragma_name) {
                Authorization::Allow
            } else {
                Authorization::Deny
            }
        }
        _ => Authorization::Allow,
    }
}

/// A failed atomic run: which group (step), which statement.
struct Failure {
    group: usize,
    statement: String,
    error: DbError,
}

/// The step a foreign-key violation is blamed on: the last rebuild, else the last step.
fn last_rebuild(groups: &[&[String]]) -> usize {
    groups
        .iter()
        .rposition(|g| g.iter().any(|s| s.contains(REBUILD_PREFIX)))
        .unwrap_or(groups.len().saturating_sub(1))
}

impl Database for SqliteDatabase {
    fn dialect(&self) -> &dyn Dialect {
        &DIALECT
    }

    fn describe(&self) -> String {
        self.url.clone()
    }

    fn introspect(&mut self) -> Result<Catalog, DbError> {
        introspect(&self.conn)
    }

    fn execute(&mut self, sql: &str) -> Result<(), DbError> {
        self.run(sql)
    }

    fn execute_bound(&mut self, sql: &str, params: &[Value]) -> Result<(), DbError> {
        let values: Vec<rusqlite::types::Value> = params.iter().map(sqlite_value).collect();
        self.conn
            .execute(sql, rusqlite::params_from_iter(values))
            .map(drop)
            .map_err(|e| sql_error(sql, e))
    }

    /// Foreign keys are checked when the body is done, as for plans: a body may rebuild a
    /// table, which needs them off (see the type's docs).
    fn transaction(
        &mut self,
        body: &mut dyn FnMut(&mut dyn Database) -> Result<(), DbError>,
    ) -> Result<(), DbError> {
        let relax = !self.locked && self.foreign_keys_on()?;
        if relax {
            self.run("PRAGMA foreign_keys = OFF")?;
        }
        let check = relax || (self.locked && self.lock_checks_foreign_keys);
        let result = self.transaction_body(body, check);
        if relax {
            self.run("PRAGMA foreign_keys = ON")?;
        }
        result
    }

    fn execute_in_transaction(&mut self, statements: &[String]) -> Result<(), DbError> {
        self.run_atomically(&[statements]).map_err(|f| f.error)
    }

    fn screen(&self, text: &str, rules: &LoadRules) -> Result<Vec<Screened>, Refusal> {
        crate::screen::screen(text, rules)
    }

    /// Runs the statement under [`schema_authorizer`], as exactly one statement: text
    /// that SQLite reads as several (where the splitter and SQLite disagree) fails rather
    /// than run statements the screen never saw.
    fn execute_schema(&mut self, statement: &Screened) -> Result<(), DbError> {
        let sql = statement.text.as_str();
        let hook_error = |e: rusqlite::Error| DbError::Other(message(&e));
        self.conn
            .authorizer(Some(schema_authorizer))
            .map_err(hook_error)?;
        let result = self.run_one(sql);
        // Always removed: the connection goes on to run strata's own statements.
        let removed = self
            .conn
            .authorizer(None::<fn(AuthContext<'_>) -> Authorization>);
        result?;
        removed.map_err(hook_error)
    }

    /// Undoes what the settings a schema file may make leave behind (see
    /// [`SETTING_PRAGMAS`]): foreign keys on, as [`connect`] leaves them, the others at
    /// SQLite's defaults. `encoding` only applies before a database has content, so there
    /// is nothing to undo. Inside a transaction SQLite ignores `foreign_keys`, which is
    /// what a migration lock that turned it off wants.
    fn reset_session(&mut self, _rules: &LoadRules) -> Result<(), DbError> {
        self.run(
            "PRAGMA foreign_keys = ON; PRAGMA defer_foreign_keys = OFF; \
             PRAGMA recursive_triggers = OFF",
        )
    }

    /// SQLite has no lock timeout per statement: a plan takes the database's one write
    /// lock (waiting up to the busy timeout) and holds it to the end.
    fn apply(&mut self, plan: &Plan, _options: &ApplyOptions) -> Result<(), ApplyError> {
        if let Some((i, step)) = plan
            .steps
            .iter()
            .enumerate()
            .find(|(_, s)| !s.transactional)
        {
            return Err(ApplyError {
                step: i + 1,
                summary: step.summary.clone(),
                statement: step.statements.first().cloned().unwrap_or_default(),
                message: "this step cannot run inside a transaction; SQLite plans never \
                          contain such steps"
                    .into(),
                applied: 0,
                total: plan.steps.len(),
            });
        }
        let groups: Vec<&[String]> = plan.steps.iter().map(|s| s.statements.as_slice()).collect();
        self.run_atomically(&groups).map_err(|f| {
            let step = &plan.steps[f.group.min(plan.steps.len().saturating_sub(1))];
            ApplyError {
                step: f.group + 1,
                summary: step.summary.clone(),
                statement: f.statement,
                message: f.error.to_string(),
                applied: 0,
                total: plan.steps.len(),
            }
        })
    }

    fn scratch(&mut self) -> Result<Box<dyn Database>, DbError> {
        Ok(Box::new(SqliteDatabase::open_in_memory()?))
    }

    fn query(&mut self, sql: &str) -> Result<Vec<Vec<Option<String>>>, DbError> {
        let mut stmt = self.conn.prepare(sql).map_err(|e| sql_error(sql, e))?;
        let width = stmt.column_count();
        stmt.query_map([], |r| {
            (0..width)
                .map(|i| r.get::<_, rusqlite::types::Value>(i).map(value_text))
                .collect::<Result<Vec<_>, _>>()
        })
        .and_then(|rows| rows.collect::<Result<Vec<_>, _>>())
        .map_err(|e| sql_error(sql, e))
    }

    fn table_marker(&mut self, _table: &str, name: &str) -> Result<Option<String>, DbError> {
        let sql = "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?1";
        let text: Option<String> = self
            .conn
            .query_row(sql, [name], |r| r.get(0))
            .optional()
            .map_err(|e| sql_error(sql, e))?
            .flatten();
        Ok(text.and_then(|t| strata_catalog::owned_marker_in(&t).map(str::to_string)))
    }

    fn acquire_lock(&mut self, _key: &str, timeout: Duration) -> Result<(), DbError> {
        if self.locked {
            return Err(DbError::Other(format!(
                "{} is already locked by this connection",
                self.url
            )));
        }
        self.conn
            .busy_timeout(timeout)
            .map_err(|e| DbError::Other(message(&e)))?;
        let fk_on = self.foreign_keys_on()?;
        if fk_on {
            self.run("PRAGMA foreign_keys = OFF")?;
        }
        if let Err(err) = self.conn.execute_batch("BEGIN IMMEDIATE") {
            if fk_on {
                self.run("PRAGMA foreign_keys = ON")?;
            }
            let _ = self.conn.busy_timeout(DEFAULT_BUSY_TIMEOUT);
            if is_busy(&err) {
                return Err(DbError::Other(format!(
                    "{} is locked by another connection (another strata process, or any \
                     writer); gave up after {timeout:?}",
                    self.url
                )));
            }
            return Err(sql_error("BEGIN IMMEDIATE", err));
        }
        self.locked = true;
        self.lock_checks_foreign_keys = fk_on;
        Ok(())
    }

    fn release_lock(&mut self, _key: &str) -> Result<(), DbError> {
        if !self.locked {
            return Ok(());
        }
        let committed = self.run("COMMIT");
        if committed.is_err() {
            let _ = self.conn.execute_batch("ROLLBACK");
        }
        self.locked = false;
        if self.lock_checks_foreign_keys {
            self.run("PRAGMA foreign_keys = ON")?;
        }
        self.lock_checks_foreign_keys = false;
        self.conn
            .busy_timeout(DEFAULT_BUSY_TIMEOUT)
            .map_err(|e| DbError::Other(message(&e)))?;
        committed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use strata_execute::Action;

    fn schema_statement(text: &str) -> Screened {
        Screened {
            line: 1,
            text: text.to_string(),
            action: Action::Load,
            note: None,
        }
    }

    /// Runs `text` as a schema statement (bypassing the screen) and returns the error.
    fn denied(db: &mut SqliteDatabase, text: &str) -> String {
        match db.execute_schema(&schema_statement(text)) {
            Ok(()) => panic!("`{text}` ran"),
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn the_authorizer_denies_attach_even_past_the_screen() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("x.db");
        let mut db = SqliteDatabase::open_in_memory().unwrap();
        let attach = format!("ATTACH DATABASE '{}' AS x", target.display());
        assert!(denied(&mut db, &attach).contains("not authorized"));
        // A file name given as an expression reaches the authorizer without its name.
        let expression = format!("ATTACH '{}' || '' AS x", target.display());
        assert!(denied(&mut db, &expression).contains("not authorized"));
        assert!(denied(&mut db, "DETACH main").contains("not authorized"));
        assert!(!target.exists(), "no file was created");
        // Outside schema loading the connection is unrestricted again.
        db.execute(&attach).unwrap();
        assert!(target.exists());
    }

    #[test]
    fn the_authorizer_denies_vacuum_into() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("copy.db");
        let mut db = SqliteDatabase::open_in_memory().unwrap();
        db.execute("CREATE TABLE t (a)").unwrap();
        let vacuum = format!("VACUUM INTO '{}'", target.display());
        // Denied while running, when SQLite attaches the file it writes.
        let err = denied(&mut db, &vacuum);
        assert!(err.contains("authorization denied"), "{err}");
        assert!(!target.exists(), "no copy was written");
        db.execute(&vacuum).unwrap();
        assert!(target.exists(), "only the authorizer stopped it");
    }

    #[test]
    fn the_authorizer_allows_only_setting_pragmas_and_no_file_functions() {
        let mut db = SqliteDatabase::open_in_memory().unwrap();
        assert!(denied(&mut db, "PRAGMA writable_schema = ON").contains("not authorized"));
        assert!(denied(&mut db, "PRAGMA journal_mode = OFF").contains("not authorized"));
        // Also off by default in SQLite; denied here should it ever be turned on.
        assert!(denied(&mut db, "SELECT load_extension('x')").contains("not authorized"));
        assert!(denied(&mut db, "SELECT fts3_tokenizer('simple')").contains("not authorized"));
        db.execute_schema(&schema_statement("PRAGMA foreign_keys = OFF"))
            .unwrap();
        assert!(!db.foreign_keys_on().unwrap());
        db.reset_session(&LoadRules::default()).unwrap();
        assert!(
            db.foreign_keys_on().unwrap(),
            "reset turns foreign keys back on"
        );
        // Without the authorizer both run: it is what denied them.
        db.execute("PRAGMA writable_schema = ON").unwrap();
        db.query("SELECT fts3_tokenizer('simple')").unwrap();
    }

    #[test]
    fn virtual_tables_load_under_the_authorizer() {
        let mut db = SqliteDatabase::open_in_memory().unwrap();
        for sql in [
            "CREATE TABLE t (a integer PRIMARY KEY, b text)",
            "CREATE VIRTUAL TABLE f3 USING fts3(body)",
            "CREATE VIRTUAL TABLE f4 USING fts4(title, body)",
            "CREATE VIRTUAL TABLE f5 USING fts5(title, body)",
            "CREATE VIRTUAL TABLE f5c USING fts5(b, content='t', content_rowid='a')",
            "CREATE VIRTUAL TABLE r USING rtree(id, minx, maxx)",
            "ALTER TABLE f5 RENAME TO f5r",
            "ALTER TABLE r RENAME TO r2",
            "DROP TABLE f3",
            "DROP TABLE r2",
        ] {
            db.execute_schema(&schema_statement(sql))
                .unwrap_or_else(|e| panic!("{sql}: {e}"));
        }
        assert!(denied(&mut db, "PRAGMA page_size = 512").contains("not authorized"));
    }

    #[test]
    fn a_schema_statement_is_exactly_one_statement() {
        let mut db = SqliteDatabase::open_in_memory().unwrap();
        let err = denied(&mut db, "CREATE TABLE a (x); CREATE TABLE b (x)");
        assert!(err.contains("Multiple statements"), "{err}");
        assert!(
            db.query("SELECT name FROM sqlite_master")
                .unwrap()
                .is_empty()
        );
        db.execute_schema(&schema_statement(
            "CREATE TRIGGER tr AFTER INSERT ON t BEGIN DELETE FROM t; SELECT 1; END",
        ))
        .expect_err("no table t yet");
        db.execute_schema(&schema_statement("CREATE TABLE t (a)"))
            .unwrap();
        db.execute_schema(&schema_statement(
            "CREATE TRIGGER tr AFTER INSERT ON t BEGIN DELETE FROM t; SELECT 1; END",
        ))
        .unwrap();
    }

    #[test]
    fn read_only_connections_never_create_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("typo.db");
        let url = format!("sqlite:{}", path.display());
        let err = connect_read_only(&url).err().expect("missing file");
        assert_eq!(
            err.to_string(),
            format!(
                "cannot connect to {url}: database file `{}` does not exist",
                path.display()
            )
        );
        let ro = format!("{url}?mode=ro");
        assert!(
            connect(&ro).is_err(),
            "`?mode=ro` does not create it either"
        );
        assert!(!path.exists());

        connect(&url)
            .unwrap()
            .execute("CREATE TABLE t (a)")
            .unwrap();
        let mut db = connect_read_only(&url).unwrap();
        assert_eq!(db.introspect().unwrap().tables.len(), 1);
        assert!(db.execute("CREATE TABLE u (a)").is_err(), "read only");
        let mut scratch = db.scratch().unwrap();
        scratch.execute("CREATE TABLE u (a)").unwrap();
        assert!(connect_read_only("sqlite::memory:").is_ok());
    }

    #[test]
    fn urls() {
        let file = |p: &str| Location::File {
            path: PathBuf::from(p),
            read_only: false,
        };
        assert_eq!(parse_url("sqlite::memory:"), Ok(Location::Memory));
        assert_eq!(parse_url("sqlite://:memory:"), Ok(Location::Memory));
        assert_eq!(parse_url("sqlite://dev?mode=memory"), Ok(Location::Memory));
        assert_eq!(parse_url("sqlite:app.db"), Ok(file("app.db")));
        assert_eq!(parse_url("sqlite://data/app.db"), Ok(file("data/app.db")));
        assert_eq!(parse_url("sqlite:///var/app.db"), Ok(file("/var/app.db")));
        assert_eq!(parse_url("sqlite:/var/app.db"), Ok(file("/var/app.db")));
        assert_eq!(
            parse_url("sqlite:app.db?mode=ro"),
            Ok(Location::File {
                path: "app.db".into(),
                read_only: true
            })
        );
        assert!(parse_url("postgres://x").is_err());
        assert!(parse_url("sqlite:").is_err());
        assert!(parse_url("sqlite:a.db?cache=shared").is_err());
    }
}

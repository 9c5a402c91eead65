//! The history table: an append-only log of every step (run, stamp, resolve, repair) and
//! the state derived from it. Rows are written with bound parameters and read back as
//! text, so one portable table definition serves PostgreSQL and SQLite; the dialect marks
//! the table as strata's own so declarative commands leave it alone.
use crate::clock;
use crate::error::Error;
use std::collections::BTreeMap;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use strata::catalog::OWNED_MARKER;
use strata::plan::{ColumnType, Dialect};
use strata::{Database, Value};

/// Which way a step went.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// Applying a revision.
    Up,
    /// Undoing a revision.
    Down,
}

impl fmt::Display for Direction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Direction::Up => "up",
            Direction::Down => "down",
        })
    }
}

/// What kind of step a history row records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    /// The revision's SQL ran.
    Run,
    /// Recorded without running (`stamp`, `upgrade --from-schema`).
    Stamp,
    /// A dirty step settled by hand (`resolve`).
    Resolve,
    /// A new checksum accepted for an applied revision (`repair`).
    Repair,
}

impl Kind {
    fn as_str(self) -> &'static str {
        match self {
            Kind::Run => "run",
            Kind::Stamp => "stamp",
            Kind::Resolve => "resolve",
            Kind::Repair => "repair",
        }
    }
}

/// One row of the history table.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Row {
    /// Increasing step number; also guards against two runners writing the same step.
    pub id: i64,
    /// The revision id.
    pub revision: String,
    /// Its parents when the step ran.
    pub parents: Vec<String>,
    /// Up or down.
    pub direction: Direction,
    /// Run, stamp, resolve or repair.
    pub kind: Kind,
    /// Whether the step ran in a transaction.
    pub transactional: bool,
    /// `None` while a no-transaction step runs (or after it was interrupted).
    pub success: Option<bool>,
    /// `sha256:<hex>` of the file.
    pub checksum: Option<String>,
    /// The revision's message.
    pub message: String,
    /// When the step started (UTC).
    pub started_at: String,
    /// When it finished.
    pub finished_at: Option<String>,
    /// How long it took.
    pub duration_ms: Option<i64>,
    /// `user@host`.
    pub applied_by: String,
    /// `strata <version>`.
    pub tool_version: String,
    /// The down SQL of an applied revision, so it can be undone without its file.
    pub down_sql: Option<String>,
    /// The error of a failed step.
    pub error: Option<String>,
}

const COLUMNS: &str = "id, revision, parents, direction, kind, transactional, success, checksum, message, started_at, finished_at, duration_ms, applied_by, tool_version, down_sql, error";

/// The columns, in the dialect-neutral types each dialect names. Unchanged since the
/// first version, so rows written by any strata read the same.
const COLUMN_DEFINITIONS: [(&str, ColumnType, &str); 16] = [
    ("id", ColumnType::BigInt, " PRIMARY KEY"),
    ("revision", ColumnType::Text, " NOT NULL"),
    ("parents", ColumnType::Text, " NOT NULL"),
    ("direction", ColumnType::Text, " NOT NULL"),
    ("kind", ColumnType::Text, " NOT NULL"),
    ("transactional", ColumnType::Boolean, " NOT NULL"),
    ("success", ColumnType::Boolean, ""),
    ("checksum", ColumnType::Text, ""),
    ("message", ColumnType::Text, " NOT NULL"),
    ("started_at", ColumnType::Timestamp, " NOT NULL"),
    ("finished_at", ColumnType::Timestamp, ""),
    ("duration_ms", ColumnType::BigInt, ""),
    ("applied_by", ColumnType::Text, " NOT NULL"),
    ("tool_version", ColumnType::Text, " NOT NULL"),
    ("down_sql", ColumnType::Text, ""),
    ("error", ColumnType::Text, ""),
];

/// The text between the parentheses of the table's `CREATE TABLE`, in `dialect`'s types.
fn column_definitions(dialect: &dyn Dialect) -> String {
    COLUMN_DEFINITIONS
        .iter()
        .map(|(name, ty, rest)| format!("  {name} {}{rest}", dialect.column_type(*ty)))
        .collect::<Vec<_>>()
        .join(",\n")
}

/// The version of the history table this strata writes. Version 1 had no marker;
/// version 2 is marked as strata's own (`strata:owned history v2`), so declarative plans,
/// diffs, dumps and drift checks never see it, under any name.
pub const TABLE_VERSION: u32 = 2;

/// The marker of the current version.
fn marker() -> String {
    format!("{OWNED_MARKER} history v{TABLE_VERSION}")
}

/// The version a marker names (`strata:owned history v2` → 2).
fn marker_version(marker: &str) -> Option<u32> {
    marker
        .strip_prefix(OWNED_MARKER)?
        .trim()
        .strip_prefix("history v")?
        .parse()
        .ok()
}

/// The history table's name and the SQL that reads and writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryTable {
    name: String,
}

impl HistoryTable {
    /// A table name, optionally schema-qualified (`ops.strata_history`).
    pub fn new(name: &str) -> HistoryTable {
        HistoryTable {
            name: name.to_string(),
        }
    }

    /// The name as `dialect` quotes it, each part on its own.
    fn quoted(&self, dialect: &dyn Dialect) -> String {
        self.name
            .split('.')
            .map(|part| dialect.quote_ident(part))
            .collect::<Vec<_>>()
            .join(".")
    }

    /// The name as configured.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The unqualified table name.
    pub fn table_name(&self) -> &str {
        self.name.rsplit('.').next().unwrap_or(&self.name)
    }

    /// The statements that create the table (marked as strata's) when it is missing.
    pub fn create_sql(&self, dialect: &dyn Dialect) -> Vec<String> {
        dialect.create_owned_table(
            &self.quoted(dialect),
            &column_definitions(dialect),
            &marker(),
        )
    }

    /// An `INSERT` of `row`, with its values as bound parameters.
    pub fn insert(&self, row: &Row, dialect: &dyn Dialect) -> Result<(String, Vec<Value>), Error> {
        let placeholders: Vec<String> = (1..=16).map(|i| dialect.placeholder(i)).collect();
        let sql = format!(
            "INSERT INTO {} ({COLUMNS}) VALUES ({})",
            self.quoted(dialect),
            placeholders.join(", ")
        );
        let started = parse_time(&row.started_at).ok_or_else(|| Error::History {
            table: self.name.clone(),
            message: format!("unreadable start time {:?}", row.started_at),
        })?;
        let finished = row.finished_at.as_deref().and_then(parse_time);
        let text = |v: &str| Value::Text(Some(v.to_string()));
        let opt = |v: &Option<String>| Value::Text(v.clone());
        let params = vec![
            Value::Int(Some(row.id)),
            text(&row.revision),
            text(&row.parents.join(" ")),
            text(&row.direction.to_string()),
            text(row.kind.as_str()),
            Value::Bool(Some(row.transactional)),
            Value::Bool(row.success),
            opt(&row.checksum),
            text(&row.message),
            Value::Timestamp(Some(started)),
            Value::Timestamp(finished),
            Value::Int(row.duration_ms),
            text(&row.applied_by),
            text(&row.tool_version),
            opt(&row.down_sql),
            opt(&row.error),
        ];
        Ok((sql, params))
    }

    /// Records how a step that is already in the table ended.
    pub fn finish(
        &self,
        id: i64,
        finished: Duration,
        duration_ms: i64,
        success: bool,
        error: Option<&str>,
        dialect: &dyn Dialect,
    ) -> (String, Vec<Value>) {
        let p = |n| dialect.placeholder(n);
        let sql = format!(
            "UPDATE {} SET finished_at = {}, duration_ms = {}, success = {}, error = {} WHERE id = {}",
            self.quoted(dialect),
            p(1),
            p(2),
            p(3),
            p(4),
            p(5)
        );
        let params = vec![
            Value::Timestamp(Some(UNIX_EPOCH + finished)),
            Value::Int(Some(duration_ms)),
            Value::Bool(Some(success)),
            Value::Text(error.map(str::to_string)),
            Value::Int(Some(id)),
        ];
        (sql, params)
    }

    /// The `INSERT` for a script run later: the id is computed when it runs and the start
    /// time is the database's. Values are literals in the dialect's always-safe form.
    pub fn script_insert_sql(&self, row: &Row, dialect: &dyn Dialect) -> String {
        let lit = |v: &str| dialect.literal(v);
        let opt = |v: &Option<String>| v.as_deref().map_or("NULL".to_string(), lit);
        let values = [
            "COALESCE(MAX(id), 0) + 1".to_string(),
            lit(&row.revision),
            lit(&row.parents.join(" ")),
            lit(&row.direction.to_string()),
            lit(row.kind.as_str()),
            bool_sql(Some(row.transactional)).to_string(),
            bool_sql(row.success).to_string(),
            opt(&row.checksum),
            lit(&row.message),
            "CURRENT_TIMESTAMP".to_string(),
            "NULL".to_string(),
            "NULL".to_string(),
            lit(&row.applied_by),
            lit(&row.tool_version),
            opt(&row.down_sql),
            opt(&row.error),
        ];
        let table = self.quoted(dialect);
        format!(
            "INSERT INTO {table} ({COLUMNS}) SELECT {} FROM {table}",
            values.join(", "),
        )
    }

    /// Whether the table exists. Read-only commands use this so they never create it.
    pub fn exists(&self, db: &mut dyn Database) -> Result<bool, Error> {
        let sql = format!(
            "SELECT COUNT(*) FROM {} WHERE 1 = 0",
            self.quoted(db.dialect())
        );
        match db.query(&sql) {
            Ok(_) => Ok(true),
            Err(e) if db.dialect().is_missing_table(e.code(), &e.to_string()) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// Creates the table when it does not exist, and brings a table an older strata made
    /// up to this version (in one transaction, keeping every row). A table a newer strata
    /// made is left alone and refused.
    pub fn ensure(&self, db: &mut dyn Database) -> Result<(), Error> {
        match db.table_marker(&self.quoted(db.dialect()), self.table_name())? {
            Some(found) => match marker_version(&found) {
                Some(TABLE_VERSION) => Ok(()),
                Some(v) if v > TABLE_VERSION => Err(Error::History {
                    table: self.name.clone(),
                    message: format!(
                        "it was upgraded to version {v} by a newer strata; this strata writes version {TABLE_VERSION}, so upgrade strata"
                    ),
                }),
                _ => self.mark(db),
            },
            None if self.exists(db)? => self.mark(db),
            None => self.create(db),
        }
    }

    fn create(&self, db: &mut dyn Database) -> Result<(), Error> {
        let statements = self.create_sql(db.dialect());
        match db.execute_in_transaction(&statements) {
            Ok(()) => Ok(()),
            // Without the lock, PostgreSQL's IF NOT EXISTS can still lose a race with
            // another runner creating the table; the table is there, which is all we need.
            Err(_)
                if db
                    .table_marker(&self.quoted(db.dialect()), self.table_name())?
                    .is_some() =>
            {
                Ok(())
            }
            Err(e) => Err(e.into()),
        }
    }

    fn mark(&self, db: &mut dyn Database) -> Result<(), Error> {
        let dialect = db.dialect();
        let statements = dialect.mark_owned_table(
            &self.quoted(dialect),
            self.table_name(),
            &column_definitions(dialect),
            &marker(),
        );
        db.execute_in_transaction(&statements)?;
        Ok(())
    }

    /// Every row, oldest first; empty when the table does not exist.
    pub fn read(&self, db: &mut dyn Database) -> Result<Vec<Row>, Error> {
        if !self.exists(db)? {
            return Ok(Vec::new());
        }
        let sql = format!(
            "SELECT id, revision, parents, direction, kind, \
             CASE WHEN transactional THEN 1 ELSE 0 END, \
             CASE WHEN success IS NULL THEN NULL WHEN success THEN 1 ELSE 0 END, \
             checksum, message, CAST(started_at AS TEXT), CAST(finished_at AS TEXT), \
             duration_ms, applied_by, tool_version, down_sql, error FROM {} ORDER BY id",
            self.quoted(db.dialect())
        );
        db.query(&sql)?
            .into_iter()
            .map(|values| self.row(values))
            .collect()
    }

    fn row(&self, values: Vec<Option<String>>) -> Result<Row, Error> {
        let bad = |what: &str| Error::History {
            table: self.name.clone(),
            message: format!("unexpected {what}"),
        };
        if values.len() != 16 {
            return Err(bad("column count"));
        }
        let mut v = values.into_iter();
        let mut next = || v.next().flatten();
        let id = next()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| bad("id"))?;
        let revision = next().ok_or_else(|| bad("revision"))?;
        let parents = next()
            .unwrap_or_default()
            .split_whitespace()
            .map(String::from)
            .collect();
        let direction = match next().as_deref() {
            Some("up") => Direction::Up,
            Some("down") => Direction::Down,
            other => return Err(bad(&format!("direction {other:?}"))),
        };
        let kind = match next().as_deref() {
            Some("run") => Kind::Run,
            Some("stamp") => Kind::Stamp,
            Some("resolve") => Kind::Resolve,
            Some("repair") => Kind::Repair,
            other => return Err(bad(&format!("kind {other:?}"))),
        };
        let transactional = next().as_deref() == Some("1");
        let success = next().map(|s| s == "1");
        Ok(Row {
            id,
            revision,
            parents,
            direction,
            kind,
            transactional,
            success,
            checksum: next(),
            message: next().unwrap_or_default(),
            started_at: next().unwrap_or_default(),
            finished_at: next(),
            duration_ms: next().and_then(|s| s.parse().ok()),
            applied_by: next().unwrap_or_default(),
            tool_version: next().unwrap_or_default(),
            down_sql: next(),
            error: next(),
        })
    }
}

/// Reads back the times this module writes (`2026-11-22T01:15:00.123Z`).
fn parse_time(text: &str) -> Option<SystemTime> {
    clock::parse_rfc3339(text).map(|d| UNIX_EPOCH + d)
}

fn bool_sql(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "TRUE",
        Some(false) => "FALSE",
        None => "NULL",
    }
}

/// A revision the history says is applied.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Applied {
    /// The revision id.
    pub revision: String,
    /// Its parents when applied.
    pub parents: Vec<String>,
    /// Its message.
    pub message: String,
    /// The checksum recorded when applied (or repaired).
    pub checksum: Option<String>,
    /// Its down SQL as applied.
    pub down_sql: Option<String>,
    /// When it was applied.
    pub applied_at: String,
    /// Whether it ran in a transaction (its down SQL runs the same way).
    pub transactional: bool,
    /// The history row that applied it; larger is newer.
    pub row: i64,
}

/// A step that ran without a transaction and did not finish cleanly.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Dirty {
    /// The revision.
    pub revision: String,
    /// The direction it ran in.
    pub direction: Direction,
    /// The error, when one was recorded (none when the process died).
    pub error: Option<String>,
}

/// What the history table says about the database.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct History {
    /// Every row, oldest first.
    pub rows: Vec<Row>,
    /// Applied revisions by id.
    pub applied: BTreeMap<String, Applied>,
    /// The unsettled no-transaction step, if any.
    pub dirty: Option<Dirty>,
}

impl History {
    /// Replays rows into the state they describe.
    pub fn from_rows(rows: Vec<Row>) -> History {
        let mut history = History::default();
        for row in rows {
            history.push(row);
        }
        history
    }

    /// Reads the table.
    pub fn read(table: &HistoryTable, db: &mut dyn Database) -> Result<History, Error> {
        Ok(History::from_rows(table.read(db)?))
    }

    /// The id the next row gets.
    pub fn next_id(&self) -> i64 {
        self.rows.last().map_or(1, |r| r.id + 1)
    }

    /// Adds a row and updates the state.
    pub fn push(&mut self, row: Row) {
        self.note(&row);
        self.rows.push(row);
    }

    /// Replaces the last row (a finished no-transaction step) and recomputes the state.
    pub fn replace_last(&mut self, row: Row) {
        self.rows.pop();
        let rows = std::mem::take(&mut self.rows);
        *self = History::from_rows(rows);
        self.push(row);
    }

    fn note(&mut self, row: &Row) {
        let settles =
            |dirty: &Option<Dirty>| dirty.as_ref().is_some_and(|d| d.revision == row.revision);
        match row.success {
            Some(true) => {
                match (row.kind, row.direction) {
                    (Kind::Repair, _) => {
                        if let Some(a) = self.applied.get_mut(&row.revision) {
                            a.checksum = row.checksum.clone();
                            a.down_sql = row.down_sql.clone();
                        }
                    }
                    (_, Direction::Up) => {
                        self.applied.insert(
                            row.revision.clone(),
                            Applied {
                                revision: row.revision.clone(),
                                parents: row.parents.clone(),
                                message: row.message.clone(),
                                checksum: row.checksum.clone(),
                                down_sql: row.down_sql.clone(),
                                applied_at: row.started_at.clone(),
                                transactional: row.transactional,
                                row: row.id,
                            },
                        );
                    }
                    (_, Direction::Down) => {
                        self.applied.remove(&row.revision);
                    }
                }
                if settles(&self.dirty) && row.kind != Kind::Repair {
                    self.dirty = None;
                }
            }
            // A failed transactional step left nothing behind; only a no-transaction
            // step that failed or never finished leaves the database in doubt.
            _ if row.kind == Kind::Run && !row.transactional => {
                self.dirty = Some(Dirty {
                    revision: row.revision.clone(),
                    direction: row.direction,
                    error: row.error.clone(),
                });
            }
            _ => {}
        }
    }

    /// Applied revisions, newest first.
    pub fn applied_newest_first(&self) -> Vec<&Applied> {
        let mut v: Vec<&Applied> = self.applied.values().collect();
        v.sort_by_key(|a| std::cmp::Reverse(a.row));
        v
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, rev: &str, direction: Direction, kind: Kind, success: Option<bool>) -> Row {
        Row {
            id,
            revision: rev.into(),
            parents: vec![],
            direction,
            kind,
            transactional: true,
            success,
            checksum: Some(format!("sha256:{id}")),
            message: String::new(),
            started_at: String::new(),
            finished_at: None,
            duration_ms: None,
            applied_by: String::new(),
            tool_version: String::new(),
            down_sql: None,
            error: None,
        }
    }

    #[test]
    fn state_follows_the_log() {
        use Direction::*;
        let mut rows = vec![
            row(1, "a", Up, Kind::Run, Some(true)),
            row(2, "b", Up, Kind::Run, Some(true)),
            row(3, "c", Up, Kind::Run, Some(false)),
            row(4, "b", Down, Kind::Run, Some(true)),
            row(5, "a", Up, Kind::Repair, Some(true)),
        ];
        let h = History::from_rows(rows.clone());
        assert_eq!(h.applied.keys().collect::<Vec<_>>(), ["a"]);
        assert_eq!(h.applied["a"].checksum.as_deref(), Some("sha256:5"));
        assert_eq!(h.applied["a"].row, 1);
        assert!(
            h.dirty.is_none(),
            "a failed transactional step is not dirty"
        );
        assert_eq!(h.next_id(), 6);

        let mut interrupted = row(6, "n", Up, Kind::Run, None);
        interrupted.transactional = false;
        rows.push(interrupted);
        let h = History::from_rows(rows.clone());
        assert_eq!(h.dirty.as_ref().map(|d| d.revision.as_str()), Some("n"));
        assert!(!h.applied.contains_key("n"));

        rows.push(row(7, "n", Up, Kind::Resolve, Some(true)));
        let h = History::from_rows(rows);
        assert!(h.dirty.is_none());
        assert!(h.applied.contains_key("n"));
    }

    #[test]
    fn the_table_is_created_marked_as_stratas() {
        let t = HistoryTable::new("ops.strata_history");
        let pg = t.create_sql(strata::dialect(strata::Engine::Postgres));
        assert!(pg[0].starts_with(r#"CREATE TABLE IF NOT EXISTS "ops"."strata_history""#));
        assert_eq!(
            pg[1],
            r#"COMMENT ON TABLE "ops"."strata_history" IS 'strata:owned history v2'"#
        );
        let lite = t.create_sql(strata::dialect(strata::Engine::Sqlite));
        assert!(
            lite[0].contains("(/* strata:owned history v2 */"),
            "{lite:?}"
        );
        // The same column text as the first version wrote, so old tables read the same.
        assert!(
            pg[0].contains("  id BIGINT PRIMARY KEY,\n  revision TEXT NOT NULL,"),
            "{pg:?}"
        );
        assert!(pg[0].contains("  started_at TIMESTAMP WITH TIME ZONE NOT NULL,"));
        assert_eq!(t.table_name(), "strata_history");
        assert_eq!(marker_version("strata:owned history v2"), Some(2));
        assert_eq!(marker_version("strata:owned history v12"), Some(12));
        assert_eq!(marker_version("strata:owned state v2"), None);
    }

    #[test]
    fn rows_are_bound_and_scripts_use_safe_literals() {
        let t = HistoryTable::new("h");
        let mut r = row(1, "a", Direction::Up, Kind::Run, Some(true));
        r.started_at = "2026-11-22T01:15:00.123Z".into();
        r.message = r"x\'); DROP TABLE keep; --".into();
        let (sql, params) = t
            .insert(&r, strata::dialect(strata::Engine::Postgres))
            .unwrap();
        assert!(!sql.contains("DROP TABLE keep"), "{sql}");
        assert!(sql.ends_with("$15, $16)"), "{sql}");
        let (lite, _) = t
            .insert(&r, strata::dialect(strata::Engine::Sqlite))
            .unwrap();
        assert!(lite.ends_with("?15, ?16)"), "{lite}");
        assert_eq!(params.len(), 16);
        assert_eq!(params[8], Value::Text(Some(r.message.clone())));
        let pg = t.script_insert_sql(&r, strata::dialect(strata::Engine::Postgres));
        assert!(pg.contains(r"E'x\\''); DROP TABLE keep; --'"), "{pg}");
        assert!(pg.contains("SELECT COALESCE(MAX(id), 0) + 1, 'a'"), "{pg}");
        assert!(pg.ends_with(r#"NULL FROM "h""#), "{pg}");
        let lite = t.script_insert_sql(&r, strata::dialect(strata::Engine::Sqlite));
        assert!(lite.contains(r"'x\''); DROP TABLE keep; --'"), "{lite}");
    }
}

//! The history table: an append-only log of every step (run, stamp, resolve, repair) and
//! the state derived from it. Values are written as SQL literals and read back as text, so
//! one portable table definition serves PostgreSQL and SQLite.
use crate::error::Error;
use std::collections::BTreeMap;
use std::fmt;
use strata::Database;
use strata::catalog::{quote_ident, quote_literal};

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

/// The history table's name and the SQL that reads and writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HistoryTable {
    name: String,
    quoted: String,
}

impl HistoryTable {
    /// A table name, optionally schema-qualified (`ops.strata_history`).
    pub fn new(name: &str) -> HistoryTable {
        let quoted = name
            .split('.')
            .map(quote_ident)
            .collect::<Vec<_>>()
            .join(".");
        HistoryTable {
            name: name.to_string(),
            quoted,
        }
    }

    /// The name as configured.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The unqualified table name, for scope exclusion.
    pub fn table_name(&self) -> &str {
        self.name.rsplit('.').next().unwrap_or(&self.name)
    }

    /// `CREATE TABLE IF NOT EXISTS`. The types are ones both engines accept: SQLite takes
    /// any type name, so the PostgreSQL names are used.
    pub fn create_sql(&self) -> String {
        format!(
            "CREATE TABLE IF NOT EXISTS {} (\n  id BIGINT PRIMARY KEY,\n  revision TEXT NOT NULL,\n  parents TEXT NOT NULL,\n  direction TEXT NOT NULL,\n  kind TEXT NOT NULL,\n  transactional BOOLEAN NOT NULL,\n  success BOOLEAN,\n  checksum TEXT,\n  message TEXT NOT NULL,\n  started_at TIMESTAMP WITH TIME ZONE NOT NULL,\n  finished_at TIMESTAMP WITH TIME ZONE,\n  duration_ms BIGINT,\n  applied_by TEXT NOT NULL,\n  tool_version TEXT NOT NULL,\n  down_sql TEXT,\n  error TEXT\n)",
            self.quoted
        )
    }

    /// An `INSERT` of `row`.
    pub fn insert_sql(&self, row: &Row) -> String {
        let values = values(row, row.id.to_string(), quote_literal(&row.started_at));
        format!(
            "INSERT INTO {} ({COLUMNS}) VALUES ({})",
            self.quoted,
            values.join(", ")
        )
    }

    /// The `INSERT` for a script run later: the id is computed when it runs and the start
    /// time is the database's.
    pub fn script_insert_sql(&self, row: &Row) -> String {
        let values = values(
            row,
            "COALESCE(MAX(id), 0) + 1".into(),
            "CURRENT_TIMESTAMP".into(),
        );
        format!(
            "INSERT INTO {} ({COLUMNS}) SELECT {} FROM {}",
            self.quoted,
            values.join(", "),
            self.quoted
        )
    }

    /// Records how a step that is already in the table ended.
    pub fn finish_sql(
        &self,
        id: i64,
        finished_at: &str,
        duration_ms: i64,
        success: bool,
        error: Option<&str>,
    ) -> String {
        format!(
            "UPDATE {} SET finished_at = {}, duration_ms = {duration_ms}, success = {}, error = {} WHERE id = {id}",
            self.quoted,
            quote_literal(finished_at),
            bool_sql(Some(success)),
            opt_text(error),
        )
    }

    /// Whether the table exists. Read-only commands use this so they never create it.
    pub fn exists(&self, db: &mut dyn Database) -> Result<bool, Error> {
        match db.query(&format!("SELECT COUNT(*) FROM {} WHERE 1 = 0", self.quoted)) {
            Ok(_) => Ok(true),
            Err(e) if is_missing_table(&e) => Ok(false),
            Err(e) => Err(e.into()),
        }
    }

    /// Creates the table when it does not exist.
    pub fn ensure(&self, db: &mut dyn Database) -> Result<(), Error> {
        match db.execute(&self.create_sql()) {
            Ok(()) => Ok(()),
            // Without the lock, PostgreSQL's IF NOT EXISTS can still lose a race with
            // another runner creating the table; the table is there, which is all we need.
            Err(_) if self.exists(db)? => Ok(()),
            Err(e) => Err(e.into()),
        }
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
            self.quoted
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

/// The row's values as SQL, in [`COLUMNS`] order.
fn values(row: &Row, id: String, started_at: String) -> Vec<String> {
    vec![
        id,
        quote_literal(&row.revision),
        quote_literal(&row.parents.join(" ")),
        quote_literal(&row.direction.to_string()),
        quote_literal(row.kind.as_str()),
        bool_sql(Some(row.transactional)).to_string(),
        bool_sql(row.success).to_string(),
        opt_text(row.checksum.as_deref()),
        quote_literal(&row.message),
        started_at,
        opt_text(row.finished_at.as_deref()),
        row.duration_ms
            .map_or("NULL".to_string(), |d| d.to_string()),
        quote_literal(&row.applied_by),
        quote_literal(&row.tool_version),
        opt_text(row.down_sql.as_deref()),
        opt_text(row.error.as_deref()),
    ]
}

fn bool_sql(value: Option<bool>) -> &'static str {
    match value {
        Some(true) => "TRUE",
        Some(false) => "FALSE",
        None => "NULL",
    }
}

fn opt_text(value: Option<&str>) -> String {
    value.map_or("NULL".to_string(), quote_literal)
}

/// PostgreSQL's undefined_table, or SQLite's "no such table".
fn is_missing_table(e: &strata::DbError) -> bool {
    e.code() == Some("42P01") || e.to_string().contains("no such table")
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
    fn table_names_are_quoted_per_part() {
        let t = HistoryTable::new("ops.strata_history");
        assert!(
            t.create_sql()
                .starts_with(r#"CREATE TABLE IF NOT EXISTS "ops"."strata_history""#)
        );
        assert_eq!(t.table_name(), "strata_history");
    }

    #[test]
    fn literals_are_escaped() {
        let t = HistoryTable::new("h");
        let mut r = row(1, "a", Direction::Up, Kind::Run, Some(true));
        r.down_sql = Some("DROP TABLE \"it's\";".into());
        let sql = t.insert_sql(&r);
        assert!(sql.contains("'DROP TABLE \"it''s\";'"), "{sql}");
        let script = t.script_insert_sql(&r);
        assert!(
            script.contains("SELECT COALESCE(MAX(id), 0) + 1, 'a'"),
            "{script}"
        );
        assert!(script.ends_with(r#"NULL FROM "h""#), "{script}");
        assert!(script.contains("CURRENT_TIMESTAMP"), "{script}");
    }
}

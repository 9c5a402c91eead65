use crate::{Effort, Hazard, Lock, Rule};
use strata_catalog::{Catalog, ObjectId};
use strata_diff::{Change, DiffRules};

/// What a database knows about turning changes into SQL. One implementation per database;
/// nothing outside the dialect crates matches on database names. Its [`DiffRules`] say
/// what the diff may change in place.
pub trait Dialect: DiffRules {
    /// A short name: `postgres`, `sqlite`.
    fn name(&self) -> &'static str;

    /// Rewrites changes this database cannot run as they are (SQLite turns most table
    /// alterations into a [`Change::RebuildTable`]). The default keeps them.
    fn lower(&self, changes: Vec<Change>, _from: &Catalog, _to: &Catalog) -> Vec<Change> {
        changes
    }

    /// Whether `dependent`, an object that uses a column whose type changes in place,
    /// needs no drop and create around that change because the database rebuilds or
    /// rechecks it as part of the change itself. `from` is the catalog before the plan.
    /// The default recreates every dependent: always correct, if slower.
    fn survives_type_change(&self, _dependent: &ObjectId, _from: &Catalog) -> bool {
        false
    }

    /// Whether the recreate pass must leave `dependent` alone when `broken` (an object it
    /// depends on) is recreated, dropped or changes type: the database ties the two
    /// together in a way the diff already pairs and orders (PostgreSQL's partition
    /// indexes). The default leaves nothing out: every dependent is recreated.
    fn leaves_to_diff(&self, _broken: &ObjectId, _dependent: &ObjectId, _from: &Catalog) -> bool {
        false
    }

    /// Renders one change as SQL statements, with the hazards they carry, or
    /// [`Unsupported`] when this database has no way to express it (the plan then fails
    /// naming the change rather than leaving it out).
    fn render(&self, change: &Change) -> Result<Rendered, Unsupported>;

    /// The online recipe for a change to a table that holds many rows (see
    /// [`crate::PlanOptions::online`]): several steps that keep the table readable and
    /// writable (`CREATE INDEX CONCURRENTLY`, `NOT VALID` then `VALIDATE`), or `None`
    /// when the change has no recipe and renders as usual. `from` is the live catalog.
    /// The default has no recipes.
    fn render_online(&self, _change: &Change, _from: &Catalog) -> Option<Vec<OnlineStep>> {
        None
    }

    /// The rules only this database reports (see [`crate::rules::all`] for every rule
    /// a dialect can report). The default has none.
    fn rules(&self) -> &'static [&'static Rule] {
        &[]
    }

    /// The server version the findings assume (`15`, `14.2`), when they depend on one.
    /// The default: none.
    fn server_version(&self) -> Option<String> {
        None
    }

    /// The statement that limits how long each following statement may run (`local`:
    /// until the transaction ends; `None`: no limit), or `None` when the database has no
    /// such limit.
    fn statement_timeout(
        &self,
        _timeout: Option<std::time::Duration>,
        _local: bool,
    ) -> Option<String> {
        None
    }

    /// True for a statement that takes as long as its table needs by design without
    /// blocking other sessions (a concurrent index build, a validation): a statement
    /// timeout is lifted for it.
    fn runs_long(&self, _statement: &str) -> bool {
        false
    }

    /// Settings a plan's statements assume when run as text by another client (psql):
    /// they start every printed plan, dump and script.
    fn preamble(&self) -> Vec<String> {
        Vec::new()
    }

    /// `value` as a string literal that reads the same under any session setting.
    fn literal(&self, value: &str) -> String;

    /// `name` quoted as an identifier, for the statements strata writes itself (history
    /// rows, state tables); every name is quoted, so keywords and case survive.
    fn quote_ident(&self, name: &str) -> String;

    /// The `n`th bound parameter (from 1) in a statement strata writes itself.
    fn placeholder(&self, n: usize) -> String;

    /// This database's name for a column type of strata's own tables.
    fn column_type(&self, column: ColumnType) -> &'static str;

    /// Whether a statement failed because the table it reads does not exist (`code` is
    /// the database's error code, when it gave one).
    fn is_missing_table(&self, code: Option<&str>, message: &str) -> bool;

    /// Statements that create one of strata's own tables when it does not exist yet:
    /// `table` is the quoted (maybe qualified) name, `columns` the text between the
    /// parentheses of `CREATE TABLE`, and `marker` the `strata:owned ...` text that marks
    /// it as strata's (see [`strata_catalog::OWNED_MARKER`]).
    fn create_owned_table(&self, table: &str, columns: &str, marker: &str) -> Vec<String>;

    /// Statements that put `marker` on an existing table of strata's, keeping its rows
    /// (for tables made before strata marked them, or an older marker). `name` is the
    /// unquoted table name.
    fn mark_owned_table(&self, table: &str, name: &str, columns: &str, marker: &str)
    -> Vec<String>;
}

/// The column types strata's own tables use, named by each dialect.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ColumnType {
    /// A 64-bit integer.
    BigInt,
    /// Text of any length.
    Text,
    /// True or false.
    Boolean,
    /// A point in time with its time zone.
    Timestamp,
}

/// SQL for one change.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    /// Statements, each without a trailing semicolon.
    pub statements: Vec<String>,
    /// Hazards of running them.
    pub hazards: Vec<Hazard>,
    /// False when the statements cannot run inside a transaction block.
    pub non_transactional: bool,
    /// The locks the statements take on relations that exist before them.
    pub locks: Vec<Lock>,
    /// How long they hold those locks; `None` when the dialect does not say.
    pub effort: Option<Effort>,
}

/// One step of an online recipe: its SQL and how it runs.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct OnlineStep {
    /// The statements and hazards (with [`Rendered::non_transactional`] for
    /// `CONCURRENTLY`).
    pub rendered: Rendered,
    /// Added to the change's summary to tell the recipe's steps apart: `validate`.
    pub label: Option<&'static str>,
    /// Commits what ran before and runs in a transaction of its own.
    pub own_transaction: bool,
    /// The index this step builds concurrently (quoted, qualified): an INVALID one left
    /// by a failed build is dropped first.
    pub replaces_invalid_index: Option<String>,
}

/// A change a dialect has no statement for (SQLite and `CREATE TYPE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsupported;

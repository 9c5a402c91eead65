use crate::Hazard;
use strata_catalog::Catalog;
use strata_diff::Change;

/// What a database knows about turning changes into SQL. One implementation per database;
/// nothing outside the dialect crates matches on database names.
pub trait Dialect {
    /// A short name: `postgres`, `sqlite`.
    fn name(&self) -> &'static str;

    /// Rewrites changes this database cannot run as they are (SQLite turns most table
    /// alterations into a [`Change::RebuildTable`]). The default keeps them.
    fn lower(&self, changes: Vec<Change>, _from: &Catalog, _to: &Catalog) -> Vec<Change> {
        changes
    }

    /// Renders one change as SQL statements, with the hazards they carry, or
    /// [`Unsupported`] when this database has no way to express it (the plan then fails
    /// naming the change rather than leaving it out).
    fn render(&self, change: &Change) -> Result<Rendered, Unsupported>;

    /// Settings a plan's statements assume when run as text by another client (psql):
    /// they start every printed plan, dump and script.
    fn preamble(&self) -> Vec<String> {
        Vec::new()
    }

    /// `value` as a string literal that reads the same under any session setting.
    fn literal(&self, value: &str) -> String;

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

/// SQL for one change.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Rendered {
    /// Statements, each without a trailing semicolon.
    pub statements: Vec<String>,
    /// Hazards of running them.
    pub hazards: Vec<Hazard>,
    /// False when the statements cannot run inside a transaction block.
    pub non_transactional: bool,
}

/// A change a dialect has no statement for (SQLite and `CREATE TYPE`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unsupported;

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

    /// Renders one change as SQL statements, with the hazards they carry.
    fn render(&self, change: &Change) -> Rendered;
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

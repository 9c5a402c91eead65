//! What strata's own state tables beside the history table share: their quoted names
//! and their column lists in the connected database's types.
use strata_execute::Database;
use strata_plan::ColumnType;

/// `schema.table` (or `table`) quoted part by part for `db`.
pub(crate) fn quoted(db: &dyn Database, table: &str) -> String {
    table
        .split('.')
        .map(|part| db.dialect().quote_ident(part))
        .collect::<Vec<_>>()
        .join(".")
}

/// The column list of a CREATE TABLE: `name type rest`, one per line.
pub(crate) fn column_list(db: &dyn Database, columns: &[(&str, ColumnType, &str)]) -> String {
    let d = db.dialect();
    columns
        .iter()
        .map(|(name, ty, rest)| format!("  {name} {}{rest}", d.column_type(*ty)))
        .collect::<Vec<_>>()
        .join(",\n")
}

//! Shared helpers for the integration tests: real SQLite files in temp dirs.
#![allow(dead_code)]

use std::path::Path;
use strata_catalog::Catalog;
use strata_execute::Database;
use strata_plan::Plan;
use strata_sqlite::{SqliteDatabase, SqliteDialect, connect};

/// Opens (creating) a database file in `dir`.
pub fn file_db(dir: &Path, name: &str) -> SqliteDatabase {
    let url = format!("sqlite://{}", dir.join(name).display());
    connect(&url).expect("connect")
}

/// Loads schema text the way a user's schema file would run.
pub fn load(db: &mut dyn Database, sql: &str) {
    db.execute(sql).expect("schema loads");
}

/// The catalog of `sql` loaded into a fresh in-memory database.
pub fn catalog_of(sql: &str) -> Catalog {
    let mut db = SqliteDatabase::open_in_memory().expect("memory db");
    load(&mut db, sql);
    db.introspect().expect("introspect")
}

/// Builds a plan with the workspace planner.
pub fn plan_for(from: &Catalog, to: &Catalog) -> Plan {
    strata_plan::build_plan(from, to, &SqliteDialect).expect("plan builds")
}

/// Every row of a query, values as text.
pub fn rows(db: &mut dyn Database, sql: &str) -> Vec<Vec<Option<String>>> {
    db.query(sql).expect("query runs")
}

/// One column of a query as plain strings (`NULL` for NULL).
pub fn column(db: &mut dyn Database, sql: &str) -> Vec<String> {
    rows(db, sql)
        .into_iter()
        .map(|r| r[0].clone().unwrap_or_else(|| "NULL".into()))
        .collect()
}

//! Shared helpers for the integration tests: real SQLite files in temp dirs.
#![allow(dead_code)]

use std::path::Path;
use strata_catalog::{Catalog, ObjectId};
use strata_diff::Change;
use strata_execute::Database;
use strata_plan::{Dialect, Plan, Step};
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
pub fn plan(from: &Catalog, to: &Catalog) -> Plan {
    strata_plan::build_plan(from, to, &SqliteDialect).expect("plan builds")
}

/// A plan built without the workspace planner: diff, lower, then a fixed order by kind
/// (drops of dependents first, creates of dependents last; views in dependency order).
pub fn simple_plan(from: &Catalog, to: &Catalog) -> Plan {
    let dialect = SqliteDialect;
    let changes = dialect.lower(strata_diff::diff(from, to), from, to);
    let mut ranked: Vec<(usize, Change)> = changes.into_iter().map(|c| (rank(&c), c)).collect();
    ranked.sort_by_key(|(r, _)| *r);
    let mut changes: Vec<Change> = ranked.into_iter().map(|(_, c)| c).collect();
    order_views(&mut changes, to);
    let steps = changes
        .iter()
        .map(|change| {
            let rendered = dialect.render(change);
            Step {
                summary: summary(change),
                reason: None,
                statements: rendered.statements,
                hazards: rendered.hazards,
                transactional: !rendered.non_transactional,
            }
        })
        .filter(|s| !s.statements.is_empty())
        .collect();
    Plan { steps }
}

fn rank(change: &Change) -> usize {
    match change {
        Change::DropTrigger(_) => 0,
        Change::DropView(_) | Change::ReplaceView { .. } => 1,
        Change::DropIndex(_) => 2,
        Change::DropTable(_) => 3,
        Change::CreateTable(_) => 4,
        Change::RebuildTable { .. } | Change::AddColumn { .. } => 5,
        Change::CreateIndex(_) => 6,
        Change::CreateView(_) => 7,
        Change::CreateTrigger(_) => 8,
        _ => 9,
    }
}

/// Moves each created view after the views it depends on.
fn order_views(changes: &mut [Change], to: &Catalog) {
    let depends = |a: &Change, b: &Change| match (a, b) {
        (Change::CreateView(x), Change::CreateView(y)) => to.dependencies.contains(&(
            ObjectId::View(x.name.clone()),
            ObjectId::View(y.name.clone()),
        )),
        _ => false,
    };
    let n = changes.len();
    for _ in 0..n {
        for i in 0..n {
            for j in i + 1..n {
                if depends(&changes[i], &changes[j]) {
                    changes.swap(i, j);
                }
            }
        }
    }
}

fn summary(change: &Change) -> String {
    let debug = format!("{change:?}");
    debug
        .split(['(', ' ', '{'])
        .next()
        .unwrap_or_default()
        .to_string()
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

//! Helpers for the rule tests: plan between two schemas and name the rules reported.
use crate::{SqliteDatabase, SqliteDialect};
use strata_catalog::Catalog;
use strata_execute::Database;
use strata_plan::rules;

fn catalog_of(sql: &str) -> Catalog {
    let mut db = SqliteDatabase::open_in_memory().expect("memory db");
    db.execute(sql).expect("schema loads");
    db.introspect().expect("introspect")
}

/// The codes of every hazard in the plan from schema `from` to schema `to`. Panics on a
/// hazard whose rule is not in the registry, so every tested finding is also a registry
/// check.
pub(crate) fn codes(from: &str, to: &str) -> Vec<&'static str> {
    let plan = strata_plan::build_plan(&catalog_of(from), &catalog_of(to), &SqliteDialect)
        .expect("plan builds");
    plan.steps
        .iter()
        .flat_map(|s| &s.hazards)
        .map(|h| {
            rules::registered(&SqliteDialect, h)
                .unwrap_or_else(|| panic!("{} is not in the registry", h.code))
                .code
        })
        .collect()
}

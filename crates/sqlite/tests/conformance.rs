//! Runs the project's SQLite conformance cases (tests/conformance/sqlite): load `a.sql`
//! into a database file, plan towards `b.sql`, apply, then check that planning again finds
//! nothing and the schema reads back equal to a fresh load of `b.sql`; and back again.
mod common;

use common::{catalog_of, file_db, load, plan_for};
use std::path::{Path, PathBuf};
use strata_execute::{ApplyOptions, Database};

fn cases() -> Vec<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/conformance/sqlite");
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    dirs.retain(|d| d.join("a.sql").exists());
    dirs.sort();
    dirs
}

/// Migrates a database loaded from `from_sql` to `to_sql`; returns what went wrong.
fn migrate(dir: &Path, from_sql: &str, to_sql: &str) -> Result<(), String> {
    let mut db = file_db(dir, "case.db");
    load(&mut db, from_sql);
    let desired = catalog_of(to_sql);
    let current = db.introspect().map_err(|e| e.to_string())?;
    let plan = plan_for(&current, &desired);
    db.apply(&plan, &ApplyOptions::default())
        .map_err(|e| format!("{e}\nplan:\n{}", plan.to_sql()))?;
    let after = db.introspect().map_err(|e| e.to_string())?;
    let again = plan_for(&after, &desired);
    if !again.is_empty() {
        return Err(format!(
            "re-plan is not empty:\n{}\nfirst plan:\n{}",
            again.to_sql(),
            plan.to_sql()
        ));
    }
    if after != desired {
        return Err(format!(
            "catalogs differ after apply\n got: {after:#?}\nwant: {desired:#?}"
        ));
    }
    let check = db
        .query("PRAGMA integrity_check")
        .map_err(|e| e.to_string())?;
    if check != vec![vec![Some("ok".to_string())]] {
        return Err(format!("integrity check: {check:?}"));
    }
    Ok(())
}

#[test]
fn conformance_cases_converge_both_ways() {
    let cases = cases();
    assert!(!cases.is_empty(), "no conformance cases found");
    let mut failures = Vec::new();
    for case in &cases {
        let a = std::fs::read_to_string(case.join("a.sql")).unwrap();
        let b = std::fs::read_to_string(case.join("b.sql")).unwrap();
        for (label, from, to) in [("a -> b", &a, &b), ("b -> a", &b, &a)] {
            let dir = tempfile::tempdir().unwrap();
            if let Err(e) = migrate(dir.path(), from, to) {
                let name = case.file_name().unwrap().to_string_lossy().to_string();
                failures.push(format!("{name} {label}: {e}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} directions failed:\n\n{}",
        failures.len(),
        cases.len() * 2,
        failures.join("\n\n")
    );
}

#[test]
#[ignore = "prints one case's plan; run with --ignored --nocapture"]
fn show_plan() {
    let case = std::env::var("CASE").unwrap_or_else(|_| "028".into());
    let dir = cases()
        .into_iter()
        .find(|d| d.file_name().unwrap().to_string_lossy().starts_with(&case))
        .unwrap();
    let a = std::fs::read_to_string(dir.join("a.sql")).unwrap();
    let b = std::fs::read_to_string(dir.join("b.sql")).unwrap();
    let plan = plan_for(&catalog_of(&a), &catalog_of(&b));
    for step in &plan.steps {
        println!("-- {} {:?}", step.summary, step.reason);
        for h in &step.hazards {
            println!("--   {h}");
        }
        for s in &step.statements {
            println!("{s};");
        }
    }
}

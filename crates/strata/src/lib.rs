//! strata as a library: read any source into a catalog, plan between two catalogs, apply.
//!
//! ```text
//! source ──load──▶ Catalog ──diff──▶ Changes ──plan──▶ Plan ──apply──▶ database
//! ```
//! The command-line program is a thin layer over these functions.
#![deny(missing_docs)]

mod engine;
mod error;
mod load;
mod saved;
mod source;

pub use engine::{
    BadVersion, CleanAction, CleanOptions, Cleaned, Engine, FoundScratch, Owner, PgVersion,
    ScratchOrigin, StaleNote, all_rules, clean_scratch_databases, cleanup_scratch, connect,
    connect_read_only, dialect, dialect_for, is_database_url, missing_sqlite_file, redact,
    take_scratch_notes,
};
pub use error::Error;
pub use load::{DeferredState, LoadError, LoadReport, Skipped, apply_deferred, load_files};
pub use saved::{SAVED_PLAN_FORMAT, SavedPlan, fingerprints};
pub use source::{Source, SqlFile, read_sql_files};

pub use strata_catalog as catalog;
pub use strata_catalog::{Catalog, Scope};
pub use strata_diff as diff;
pub use strata_execute::{
    Action, ApplyError, ApplyOptions, Database, DbError, Deferred, LoadRules, Refusal, Screened,
    Value, civil, timestamp_text,
};
pub use strata_plan as plan;
pub use strata_plan::{
    Axis, Blocks, Dialect, Effort, Hazard, Lock, Plan, Rule, Step, rules, strongest,
};

/// A source read into a catalog.
#[derive(Debug, Clone, Default)]
pub struct Read {
    /// The schema, limited to the scope.
    pub catalog: Catalog,
    /// Statements of schema files that were not loaded, and why.
    pub load: LoadReport,
}

/// Reads a source into a catalog limited to `scope`. A database source is introspected
/// directly (read-only: a missing SQLite file is an error, not created); SQL files and programs are screened (`rules` says what they may contain
/// beyond the defaults), loaded into a scratch database obtained from `scratch_host`
/// (and dropped afterwards), then introspected, so the database itself normalises types,
/// defaults and expressions.
pub fn read_source(
    source: &Source,
    scratch_host: &mut dyn Database,
    scope: &Scope,
    rules: &LoadRules,
) -> Result<Read, Error> {
    let (mut catalog, load) = match source {
        Source::Database(url) => (
            connect_read_only(url, None)?.introspect()?,
            LoadReport::default(),
        ),
        Source::Files(_) | Source::Exec(_) => {
            let files = source.sql_files()?;
            let mut scratch = scratch_host.scratch()?;
            let report = load_files(scratch.as_mut(), &files, rules)?;
            let mut catalog = scratch.introspect()?;
            report.settle(&mut catalog);
            (catalog, report)
        }
    };
    scope.apply(&mut catalog);
    Ok(Read { catalog, load })
}

/// [`read_source`] for callers that only want the catalog.
pub fn read_catalog(
    source: &Source,
    scratch_host: &mut dyn Database,
    scope: &Scope,
    rules: &LoadRules,
) -> Result<Catalog, Error> {
    Ok(read_source(source, scratch_host, scope, rules)?.catalog)
}

/// Introspects a connected database, limited to `scope`.
pub fn introspect(db: &mut dyn Database, scope: &Scope) -> Result<Catalog, Error> {
    let mut catalog = db.introspect()?;
    scope.apply(&mut catalog);
    Ok(catalog)
}

/// The ordered plan that turns `from` into `to`, judged for `db`'s server.
pub fn plan(from: &Catalog, to: &Catalog, db: &dyn Database) -> Result<Plan, Error> {
    plan_with(from, to, db.dialect())
}

/// [`plan`] rendered and judged by `dialect` (from [`dialect_for`], for another server
/// version than the connected one).
pub fn plan_with(from: &Catalog, to: &Catalog, dialect: &dyn Dialect) -> Result<Plan, Error> {
    Ok(strata_plan::build_plan(from, to, dialect)?)
}

/// The canonical SQL of a catalog: the plan that creates it from nothing.
pub fn dump(catalog: &Catalog, db: &dyn Database) -> Result<String, Error> {
    let plan = strata_plan::build_plan(&Catalog::default(), catalog, db.dialect())?;
    Ok(plan.to_sql())
}

/// The key of the runner lock for a project whose history table is `history_table`:
/// `apply` and the migration commands take the same lock, so they never run at once on
/// one database.
pub fn runner_lock_key(history_table: &str) -> String {
    format!("strata-migrate:{history_table}")
}

/// Runs `f` holding the runner lock `key` (waiting at most `timeout` for it), and
/// releases it whatever `f` returns.
pub fn with_runner_lock<T>(
    db: &mut dyn Database,
    key: &str,
    timeout: std::time::Duration,
    f: impl FnOnce(&mut dyn Database) -> Result<T, Error>,
) -> Result<T, Error> {
    db.acquire_lock(key, timeout).map_err(Error::Lock)?;
    let result = f(&mut *db);
    let released = db.release_lock(key);
    match (result, released) {
        (Ok(value), Ok(())) => Ok(value),
        (Ok(_), Err(e)) => Err(Error::Lock(e)),
        (Err(e), _) => Err(e),
    }
}

/// Applies a plan in one transaction with the default [`ApplyOptions`]. Refuses
/// data-losing steps unless `allow_destructive`; in that case nothing runs.
pub fn apply(db: &mut dyn Database, plan: &Plan, allow_destructive: bool) -> Result<(), Error> {
    apply_with(db, plan, allow_destructive, &ApplyOptions::default())
}

/// [`apply`] with options (how long a statement may wait for a lock).
pub fn apply_with(
    db: &mut dyn Database,
    plan: &Plan,
    allow_destructive: bool,
    options: &ApplyOptions,
) -> Result<(), Error> {
    let destructive: Vec<String> = plan
        .destructive_steps()
        .map(|s| s.summary.clone())
        .collect();
    if !destructive.is_empty() && !allow_destructive {
        return Err(Error::Destructive(destructive));
    }
    db.apply(plan, options)?;
    Ok(())
}

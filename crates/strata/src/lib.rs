//! strata as a library: read any source into a catalog, plan between two catalogs, apply.
//!
//! ```text
//! source ──load──▶ Catalog ──diff──▶ Changes ──plan──▶ Plan ──apply──▶ database
//! ```
//! The command-line program is a thin layer over these functions.
#![deny(missing_docs)]

mod annotations;
pub mod approval;
mod engine;
mod error;
pub mod lint;
mod load;
mod marks;
mod progress;
mod saved;
mod source;
mod state;

pub use annotations::{Annotation, Mark, Naming, parse_rename, rename_hints, scan_annotations};
pub use approval::{Approval, ApprovalError, Approvals, Pending, Policy};
pub use engine::{
    BadVersion, CleanAction, CleanOptions, Cleaned, Engine, FoundScratch, Owner, PgVersion,
    ScratchOrigin, StaleNote, all_rules, clean_scratch_databases, cleanup_scratch, connect,
    connect_read_only, dialect, dialect_for, is_database_url, missing_sqlite_file, redact,
    take_scratch_notes,
};
pub use error::Error;
pub use load::{DeferredState, LoadError, LoadReport, Skipped, apply_deferred, load_files};
pub use marks::{deprecated_subjects, marks_table, record_marks, subjects};
pub use progress::{apply_recorded, interrupted_run, progress_table};
pub use saved::{SAVED_PLAN_FORMAT, SavedPlan, fingerprints};
pub use source::{Source, SqlFile, read_sql_files};

use std::collections::BTreeSet;
pub use strata_catalog as catalog;
pub use strata_catalog::{Catalog, Scope};
pub use strata_diff as diff;
pub use strata_execute::{
    Action, ApplyError, ApplyOptions, Database, DbError, Deferred, LoadRules, Refusal, Screened,
    TableSize, Value, civil, timestamp_text,
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
            // Only files have comments the user wrote; a program's output is generated.
            let annotations = match source {
                Source::Files(_) => scan_annotations(&files, naming(scratch_host.dialect()))?,
                _ => Vec::new(),
            };
            let mut scratch = scratch_host.scratch()?;
            let mut report = load_files(scratch.as_mut(), &files, rules)?;
            report.annotations = annotations;
            let mut catalog = scratch.introspect()?;
            report.settle(&mut catalog);
            (catalog, report)
        }
    };
    scope.apply(&mut catalog);
    Ok(Read { catalog, load })
}

/// How `dialect` reads bare names in schema files.
pub fn naming(dialect: &dyn strata_plan::Dialect) -> Naming<'static> {
    match dialect.name() {
        "postgres" => Naming {
            default_schema: "public",
            fold_lower: true,
        },
        _ => Naming {
            default_schema: "main",
            fold_lower: false,
        },
    }
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
    plan_by(from, to, db.dialect())
}

/// [`plan`] rendered and judged by `dialect` (from [`dialect_for`], for another server
/// version than the connected one).
pub fn plan_by(from: &Catalog, to: &Catalog, dialect: &dyn Dialect) -> Result<Plan, Error> {
    Ok(strata_plan::build_plan(from, to, dialect)?)
}

/// [`plan`] with rename hints: hinted objects are renamed (keeping their rows) rather than
/// dropped and created. Returns the notes about hints that were not applied, for the user
/// (a hint whose old name is gone is done, and silent).
pub fn plan_with_renames(
    from: &Catalog,
    to: &Catalog,
    hints: &[diff::Rename],
    db: &dyn Database,
) -> Result<(Plan, Vec<diff::RenameNote>), Error> {
    Ok(strata_plan::build_plan_with_renames(
        from,
        to,
        hints,
        db.dialect(),
        &strata_plan::PlanOptions::default(),
    )?)
}

/// How a plan treats tables that hold rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Plain statements in one transaction, whatever the tables hold.
    Simple,
    /// Online recipes for every existing table.
    Online,
    /// Online recipes for the tables above the threshold; the default.
    BySize(OnlineThreshold),
}

impl Default for Mode {
    fn default() -> Self {
        Mode::BySize(OnlineThreshold::default())
    }
}

/// When a table counts as large: above either number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OnlineThreshold {
    /// Rows (estimated from the database's statistics).
    pub rows: u64,
    /// Bytes on disk, without indexes.
    pub bytes: u64,
}

impl Default for OnlineThreshold {
    /// 10,000 rows or 10 MB.
    fn default() -> Self {
        OnlineThreshold {
            rows: 10_000,
            bytes: 10 * 1024 * 1024,
        }
    }
}

impl OnlineThreshold {
    /// True when a table of `size` counts as large.
    pub fn is_large(&self, size: &TableSize) -> bool {
        size.rows > self.rows || size.bytes > self.bytes
    }
}

/// The existing tables of `from` that get online recipes in `mode`. Reads the sizes
/// (one query) only when the mode depends on them.
pub fn online_tables(
    db: &mut dyn Database,
    from: &Catalog,
    mode: Mode,
) -> Result<BTreeSet<catalog::QualName>, Error> {
    let sizes = match mode {
        Mode::BySize(_) => db.table_sizes()?,
        Mode::Simple | Mode::Online => Default::default(),
    };
    Ok(online_tables_by(&sizes, from, mode))
}

/// [`online_tables`] with the sizes given (read earlier, or from another database than
/// the one planned on, as `revision --autogenerate` does).
pub fn online_tables_by(
    sizes: &std::collections::BTreeMap<catalog::QualName, TableSize>,
    from: &Catalog,
    mode: Mode,
) -> BTreeSet<catalog::QualName> {
    match mode {
        Mode::Simple => BTreeSet::new(),
        Mode::Online => from
            .tables
            .keys()
            .chain(
                from.views
                    .iter()
                    .filter(|(_, v)| v.materialized)
                    .map(|(k, _)| k),
            )
            .cloned()
            .collect(),
        Mode::BySize(threshold) => sizes
            .iter()
            .filter(|(name, size)| {
                threshold.is_large(size)
                    && (from.tables.contains_key(*name) || from.views.contains_key(*name))
            })
            .map(|(name, _)| name.clone())
            .collect(),
    }
}

/// The approval [`Policy`] for `db`: its relations above `threshold` (one query; none on
/// a database that reports no sizes, as SQLite does) count as large.
pub fn policy_for(db: &mut dyn Database, threshold: OnlineThreshold) -> Result<Policy, Error> {
    let large = db
        .table_sizes()?
        .into_iter()
        .filter(|(_, size)| threshold.is_large(size))
        .map(|(name, _)| format!("{}.{}", name.schema, name.name));
    Ok(Policy::with_large(large))
}

/// How a plan is made beyond its two catalogs.
#[derive(Debug, Clone, Copy, Default)]
pub struct PlanSettings<'a> {
    /// Rename hints (see [`plan_with_renames`]).
    pub renames: &'a [diff::Rename],
    /// How tables that hold rows are treated.
    pub mode: Mode,
    /// Judge the steps for this PostgreSQL version instead of the connected server's
    /// (ignored for other databases).
    pub pg_version: Option<PgVersion>,
}

/// [`plan_with_renames`] with settings: online recipes for the large tables (or all, or
/// none) and findings for another server version.
pub fn plan_with(
    from: &Catalog,
    to: &Catalog,
    db: &mut dyn Database,
    settings: &PlanSettings,
) -> Result<(Plan, Vec<diff::RenameNote>), Error> {
    let options = strata_plan::PlanOptions {
        online: online_tables(db, from, settings.mode)?,
    };
    let other = settings
        .pg_version
        .filter(|_| db.dialect().name() == "postgres")
        .map(|v| dialect_for(Engine::Postgres, Some(v)));
    let dialect = other.as_deref().unwrap_or(db.dialect());
    Ok(strata_plan::build_plan_with_renames(
        from,
        to,
        settings.renames,
        dialect,
        &options,
    )?)
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
    // Without approvals other than the blanket one, only data loss is worth asking about.
    let approvals = Approvals::blanket(allow_destructive);
    apply_approved(db, plan, &Policy::default(), &approvals, options)
}

/// [`apply_with`] with approvals: refuses, running nothing, when a finding `policy` says
/// needs approval is not covered by `approvals` ([`Error::Unapproved`] lists every one).
pub fn apply_approved(
    db: &mut dyn Database,
    plan: &Plan,
    policy: &Policy,
    approvals: &Approvals,
    options: &ApplyOptions,
) -> Result<(), Error> {
    let pending = approval::pending(plan, policy, approvals);
    if !pending.is_empty() {
        return Err(Error::Unapproved(pending));
    }
    db.apply(plan, options)?;
    Ok(())
}

/// [`apply_with`] recording an online plan's progress in the state table beside the
/// history table `history` (see [`apply_recorded`]).
pub fn apply_tracked(
    db: &mut dyn Database,
    plan: &Plan,
    policy: &Policy,
    approvals: &Approvals,
    options: &ApplyOptions,
    history: &str,
) -> Result<(), Error> {
    let pending = approval::pending(plan, policy, approvals);
    if !pending.is_empty() {
        return Err(Error::Unapproved(pending));
    }
    apply_recorded(db, plan, options, history)
}

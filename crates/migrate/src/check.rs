//! `check`, for CI: the folder parses, has one head, applied files are unchanged, the
//! replayed migrations give exactly the schema files' schema, and every down undoes its
//! up. Problems are collected as findings; only infrastructure failures are errors.
use crate::dir::MigrationDir;
use crate::error::Error;
use crate::history::{Direction, History};
use crate::replay;
use crate::settings::Settings;
use crate::state::DbState;
use serde::Serialize;
use std::path::Path;
use strata::{Catalog, Database, Scope, Source};

/// What `check` looks at beyond the folder itself.
#[derive(Debug, Clone, Default)]
pub struct CheckOptions {
    /// Schema files the replayed migrations must reproduce.
    pub schema: Option<Source>,
    /// Compare the database's recorded checksums with the files (the database given to
    /// [`check`] is a real target, not only a scratch host).
    pub applied: bool,
    /// Check that every revision's down returns the schema to what it was before its up.
    pub downs: bool,
    /// Lint the revisions from their syntax (see [`crate::lint`]): every revision, or
    /// with `applied` only those the database has not applied yet, since an applied
    /// revision can no longer be changed.
    pub lint: Option<strata::lint::LintOptions>,
    /// Entries of the approval file: with a database (`applied`) and `schema`, each must
    /// match a finding of the plan from that database to the schema files, or it is
    /// reported as stale.
    pub approvals: Vec<strata::Approval>,
}

/// Which check a finding comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    /// A file does not parse, or the files do not form a graph.
    Parse,
    /// More than one head.
    Heads,
    /// The database's history disagrees with the folder.
    Applied,
    /// The database's schema is not what its applied revisions produce.
    Drift,
    /// A revision failed to replay.
    Replay,
    /// The replayed migrations differ from the schema files.
    Schema,
    /// A down does not undo its up.
    Down,
    /// A revision's SQL has lint findings.
    Lint,
    /// An approval-file entry matches nothing in the current plan.
    Approvals,
}

/// One failed check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The check.
    pub kind: CheckKind,
    /// The revision it is about, if one.
    pub revision: Option<String>,
    /// What is wrong, with file:line where there is one.
    pub message: String,
}

/// What `check` found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct CheckReport {
    /// Number of revisions in the folder.
    pub revisions: usize,
    /// The checks that ran.
    pub ran: Vec<CheckKind>,
    /// Everything that failed; empty when all is well.
    pub findings: Vec<Finding>,
}

impl CheckReport {
    /// True when nothing failed.
    pub fn passed(&self) -> bool {
        self.findings.is_empty()
    }

    fn find(&mut self, kind: CheckKind, revision: Option<&str>, message: String) {
        self.findings.push(Finding {
            kind,
            revision: revision.map(String::from),
            message,
        });
    }
}

/// Checks the folder at `path`; with a database, also its history (`options.applied`)
/// and, replaying into scratch databases from it, the schema files and the downs.
pub fn check(
    path: &Path,
    mut db: Option<&mut dyn Database>,
    settings: &Settings,
    options: &CheckOptions,
) -> Result<CheckReport, Error> {
    let mut report = CheckReport {
        ran: vec![CheckKind::Parse, CheckKind::Heads],
        ..CheckReport::default()
    };
    let dir = match MigrationDir::load(path) {
        Ok(dir) => dir,
        Err(Error::Invalid(problems)) => {
            for p in problems {
                report.find(CheckKind::Parse, None, p.to_string());
            }
            return Ok(report);
        }
        Err(e) => return Err(e),
    };
    report.revisions = dir.revisions().len();
    let heads: Vec<String> = dir.heads().iter().map(|r| r.id.clone()).collect();
    if heads.len() > 1 {
        report.find(
            CheckKind::Heads,
            None,
            format!(
                "{} heads: {}; merge them with `strata merge`",
                heads.len(),
                heads.join(", ")
            ),
        );
    }
    if let Some(lint) = &options.lint
        && lint.engine == strata::Engine::Postgres
    {
        report.ran.push(CheckKind::Lint);
        let done = match db.as_mut() {
            Some(db) if options.applied => applied_ids(&mut **db, settings)?,
            _ => Vec::new(),
        };
        check_lint(&dir, &done, lint, &mut report);
    }
    let Some(db) = db else {
        return Ok(report);
    };
    if options.applied {
        report.ran.push(CheckKind::Applied);
        check_applied(db, &dir, settings, &mut report)?;
        report.ran.push(CheckKind::Drift);
        check_drift(db, &dir, settings, &mut report)?;
    }
    if options.applied
        && !options.approvals.is_empty()
        && let Some(schema) = &options.schema
    {
        report.ran.push(CheckKind::Approvals);
        check_approvals(db, &dir, schema, settings, &options.approvals, &mut report)?;
    }
    if options.downs || options.schema.is_some() {
        report.ran.push(CheckKind::Replay);
        if options.downs {
            report.ran.push(CheckKind::Down);
        }
        let scope = settings.diff_scope();
        let Some((replayed, scratch)) = walk(db, &dir, &scope, options.downs, &mut report)? else {
            return Ok(report);
        };
        if let Some(schema) = &options.schema {
            report.ran.push(CheckKind::Schema);
            let desired = strata::read_catalog(schema, db, &scope, &settings.load)?;
            let diff = differences(&replayed, &desired, scratch.as_ref())?;
            if !diff.is_empty() {
                report.find(
                    CheckKind::Schema,
                    None,
                    format!(
                        "replaying the migrations does not give the schema files' schema; to get there: {}; run `strata revision` to capture it",
                        diff.join("; ")
                    ),
                );
            }
        }
    }
    Ok(report)
}

/// The revisions the database has applied.
fn applied_ids(db: &mut dyn Database, settings: &Settings) -> Result<Vec<String>, Error> {
    let history = History::read(&settings.history_table(), db)?;
    Ok(history.applied.into_keys().collect())
}

/// Lint findings of the revisions not in `done`.
fn check_lint(
    dir: &MigrationDir,
    done: &[String],
    options: &strata::lint::LintOptions,
    report: &mut CheckReport,
) {
    let pending: Vec<&crate::Revision> = dir
        .revisions()
        .iter()
        .filter(|r| !done.contains(&r.id))
        .collect();
    let linted = match crate::lint::lint_revisions(&pending, options) {
        Ok(linted) => linted,
        Err(e) => {
            report.find(CheckKind::Lint, None, e.to_string());
            return;
        }
    };
    for f in linted.findings {
        let revision = pending
            .iter()
            .find(|r| r.path == f.file)
            .map(|r| r.id.clone());
        report.find(
            CheckKind::Lint,
            revision.as_deref(),
            format!(
                "{}:{}:{}: {} {}: {} (silence with `-- strata:ignore {}` on the statement)",
                f.file.display(),
                f.line,
                f.column,
                f.code,
                f.name,
                f.message,
                f.code
            ),
        );
    }
}

fn check_applied(
    db: &mut dyn Database,
    dir: &MigrationDir,
    settings: &Settings,
    report: &mut CheckReport,
) -> Result<(), Error> {
    let history = History::read(&settings.history_table(), db)?;
    let state = match DbState::new(dir, &history) {
        Ok(state) => state,
        Err(e @ Error::PartlySquashed { .. }) => {
            report.find(CheckKind::Applied, None, e.to_string());
            return Ok(());
        }
        Err(e) => return Err(e),
    };
    for m in &state.mismatches {
        report.find(
            CheckKind::Applied,
            Some(&m.revision),
            format!(
                "{} was edited after it was applied (recorded {}, file now {})",
                m.path.display(),
                m.recorded,
                m.actual
            ),
        );
    }
    for a in &state.unknown {
        report.find(
            CheckKind::Applied,
            Some(&a.revision),
            format!("applied revision {} is not in the folder", a.revision),
        );
    }
    if let Some(d) = &history.dirty {
        report.find(
            CheckKind::Applied,
            Some(&d.revision),
            format!(
                "the database is dirty: revision {} ({}) did not finish",
                d.revision, d.direction
            ),
        );
    }
    Ok(())
}

/// Approval-file entries that match no finding of the plan from the database to the
/// schema files, nor of the revisions still pending on it: stale, so they are removed
/// before they silently approve a later change.
fn check_approvals(
    db: &mut dyn Database,
    dir: &MigrationDir,
    schema: &Source,
    settings: &Settings,
    approvals: &[strata::Approval],
    report: &mut CheckReport,
) -> Result<(), Error> {
    let scope = settings.diff_scope();
    let live = strata::introspect(db, &scope)?;
    let desired = strata::read_catalog(schema, db, &scope, &settings.load)?;
    let mut plans = vec![settings.plan(&live, &desired, db)?];
    let history = History::read(&settings.history_table(), db)?;
    if let Ok(state) = DbState::new(dir, &history) {
        let todo: Vec<usize> = (0..dir.revisions().len())
            .filter(|p| !state.applied.contains(p))
            .collect();
        let revisions =
            crate::judge::plans(db, dir, settings, &state.applied, &todo, Direction::Up)?;
        plans.extend(revisions.into_iter().map(|(_, plan)| plan));
    }
    let hazards: Vec<&strata::Hazard> = plans
        .iter()
        .flat_map(|p| &p.steps)
        .flat_map(|s| &s.hazards)
        .collect();
    for a in strata::approval::stale(approvals, &hazards) {
        report.find(
            CheckKind::Approvals,
            None,
            format!(
                "{}: the approval of {} on {} matches nothing in the plan for this database or its pending revisions; remove it",
                a.origin,
                a.code,
                a.object.as_deref().unwrap_or("every object")
            ),
        );
    }
    Ok(())
}

/// The live schema against what its applied revisions produce (the drift `status`
/// shows).
fn check_drift(
    db: &mut dyn Database,
    dir: &MigrationDir,
    settings: &Settings,
    report: &mut CheckReport,
) -> Result<(), Error> {
    let status = crate::status(db, dir, settings, true)?;
    let drift = status.drift.unwrap_or_default();
    if !drift.is_empty() {
        report.find(
            CheckKind::Drift,
            None,
            format!(
                "the database drifted from what its applied revisions produce: {}; capture the change with `strata revision`, or undo it",
                drift.join("; ")
            ),
        );
    }
    Ok(())
}

/// The schema after replaying everything, and the scratch database holding it.
type Replayed = (Catalog, Box<dyn Database>);

/// Replays every revision in graph order into a scratch database from `host`; with
/// `downs`, runs each down right after its up and compares the schema with the one
/// before, then runs the up again. Returns the final schema and the scratch database, or
/// `None` when a revision failed to replay.
fn walk(
    host: &mut dyn Database,
    dir: &MigrationDir,
    scope: &Scope,
    downs: bool,
    report: &mut CheckReport,
) -> Result<Option<Replayed>, Error> {
    let mut scratch = host.scratch()?;
    let mut before = strata::introspect(scratch.as_mut(), scope)?;
    for (pos, rev) in dir.revisions().iter().enumerate() {
        if let Err(e) = replay::run(scratch.as_mut(), dir, pos, Direction::Up) {
            report.find(CheckKind::Replay, Some(&rev.id), e.to_string());
            return Ok(None);
        }
        if !downs {
            continue;
        }
        let after = strata::introspect(scratch.as_mut(), scope)?;
        if rev.down.is_none() {
            report.find(
                CheckKind::Down,
                Some(&rev.id),
                format!("{} has no `-- strata:down` section", rev.path.display()),
            );
            before = after;
            continue;
        }
        let undone = match replay::run(scratch.as_mut(), dir, pos, Direction::Down) {
            Ok(()) => Some(strata::introspect(scratch.as_mut(), scope)?),
            Err(e) => {
                report.find(CheckKind::Down, Some(&rev.id), e.to_string());
                None
            }
        };
        let diff = match &undone {
            Some(undone) => differences(undone, &before, scratch.as_ref())?,
            None => Vec::new(),
        };
        if undone.is_none() || !diff.is_empty() {
            if !diff.is_empty() {
                report.find(
                CheckKind::Down,
                Some(&rev.id),
                format!(
                    "the down of {} ({}) does not return the schema to its parent's; left over: {}",
                    rev.id,
                    rev.path.display(),
                    diff.join("; ")
                ),
            );
            }
            // The scratch database is in no known state now: rebuild it up to here.
            scratch = host.scratch()?;
            replay::replay(scratch.as_mut(), dir, 0..=pos)?;
        } else if let Err(e) = replay::run(scratch.as_mut(), dir, pos, Direction::Up) {
            report.find(
                CheckKind::Replay,
                Some(&rev.id),
                format!("after its down: {e}"),
            );
            return Ok(None);
        }
        before = after;
    }
    let last = if downs {
        before
    } else {
        strata::introspect(scratch.as_mut(), scope)?
    };
    Ok(Some((last, scratch)))
}

/// Summaries of the steps that turn `from` into `to`; empty when they are the same.
fn differences(from: &Catalog, to: &Catalog, db: &dyn Database) -> Result<Vec<String>, Error> {
    let plan = strata::plan(from, to, db)?;
    Ok(plan.steps.iter().map(|s| s.summary.clone()).collect())
}

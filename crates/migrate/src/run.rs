//! Running revisions against a database: upgrade, downgrade, stamp, resolve and repair,
//! each under the migration lock and recorded in the history table.
use crate::clock;
use crate::dir::MigrationDir;
use crate::error::{Error, StepFailure};
use crate::file::Revision;
use crate::history::{Applied, Direction, History, HistoryTable, Kind, Row};
use crate::settings::Settings;
use crate::state::DbState;
use crate::target::{self, Target};
use serde::Serialize;
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;
use strata::{Database, DbError, Source};
use strata_sqltext::Statement;

/// How often a runner re-plans after another runner wrote the history first. Each retry
/// means that runner made progress, so this only guards against a livelock.
const MAX_CONFLICTS: usize = 10_000;

/// What `upgrade` should do.
#[derive(Debug, Clone)]
pub struct UpgradeOptions {
    /// Where to go: `head` (default), a revision, `+N`, `heads`.
    pub target: Target,
    /// First undo applied revisions this folder does not contain (newest first), with the
    /// down SQL stored when they were applied.
    pub revert_unknown: bool,
    /// Go on although the database applied revisions this folder does not contain
    /// (otherwise the upgrade is refused, naming them).
    pub ignore_unknown: bool,
    /// Build an empty database from these schema files and stamp head, instead of
    /// replaying every revision.
    pub from_schema: Option<Source>,
    /// Judge the revisions about to run: refuse ([`Error::Unapproved`], nothing runs)
    /// when one has a finding that needs approval and these approvals (with the
    /// revision's own `-- strata:allow` lines) do not give it. `None` judges nothing.
    pub approvals: Option<strata::Approvals>,
}

impl Default for UpgradeOptions {
    fn default() -> Self {
        UpgradeOptions {
            target: Target::Head,
            revert_unknown: false,
            ignore_unknown: false,
            from_schema: None,
            approvals: None,
        }
    }
}

/// One revision run (or recorded) in one direction.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepReport {
    /// The revision id.
    pub revision: String,
    /// Its message.
    pub message: String,
    /// Up or down.
    pub direction: Direction,
    /// Its file (`None` for an unknown revision reverted from stored SQL).
    pub path: Option<PathBuf>,
    /// Whether it ran in a transaction.
    pub transactional: bool,
    /// Number of statements run (0 when only recorded).
    pub statements: usize,
    /// How long it took.
    pub duration: Duration,
}

/// What an upgrade, downgrade or stamp did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RunReport {
    /// Where the database was: its applied revisions that nothing applied builds on.
    pub before: Vec<String>,
    /// Where it is now.
    pub after: Vec<String>,
    /// Unknown revisions undone first (`--revert-unknown`).
    pub reverted: Vec<StepReport>,
    /// Revisions run (or recorded, for stamp and `--from-schema`), in order.
    pub steps: Vec<StepReport>,
    /// Applied revisions this folder does not contain, left as they are.
    pub unknown: Vec<String>,
    /// Wall time of the whole command, lock wait included.
    pub total: Duration,
}

/// How a dirty step really ended, as found by looking at the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// The step's changes are all there.
    Applied,
    /// None of them are.
    RolledBack,
}

/// Applies pending revisions up to `options.target`, each in its own transaction
/// together with its history row (unless it is marked no-transaction). Stops at the first
/// failure, which is recorded; earlier revisions stay applied.
pub fn upgrade(
    db: &mut dyn Database,
    dir: &MigrationDir,
    settings: &Settings,
    options: &UpgradeOptions,
) -> Result<RunReport, Error> {
    upgrade_with(db, dir, settings, options, &mut |_| {})
}

/// [`upgrade`], calling `on_step` as each revision commits.
pub fn upgrade_with(
    db: &mut dyn Database,
    dir: &MigrationDir,
    settings: &Settings,
    options: &UpgradeOptions,
    on_step: &mut dyn FnMut(&StepReport),
) -> Result<RunReport, Error> {
    let started = clock::now();
    let mut report = with_lock(db, settings, |db| {
        let mut runner = Runner::start(db, dir, settings, on_step)?;
        match &options.from_schema {
            Some(source) => runner.build_from_schema(source, settings),
            None => runner.upgrade(options, settings),
        }
    })?;
    report.total = clock::now().saturating_sub(started);
    Ok(report)
}

/// Undoes applied revisions back to `target` (a revision, `-N` or `base`), children first.
pub fn downgrade(
    db: &mut dyn Database,
    dir: &MigrationDir,
    settings: &Settings,
    target: &Target,
) -> Result<RunReport, Error> {
    downgrade_with(db, dir, settings, target, &mut |_| true, &mut |_| {})
}

/// [`downgrade_with`], judging the downs first (see [`UpgradeOptions::approvals`]):
/// unapproved findings refuse before anything is asked or run.
pub fn downgrade_approved(
    db: &mut dyn Database,
    dir: &MigrationDir,
    settings: &Settings,
    target: &Target,
    approvals: &strata::Approvals,
    confirm: &mut dyn FnMut(&[&Revision]) -> bool,
    on_step: &mut dyn FnMut(&StepReport),
) -> Result<RunReport, Error> {
    let started = clock::now();
    let mut report = with_lock(db, settings, |db| {
        Runner::start(db, dir, settings, on_step)?.downgrade(
            target,
            Some((approvals, settings)),
            confirm,
        )
    })?;
    report.total = clock::now().saturating_sub(started);
    Ok(report)
}

/// [`downgrade`], asking `confirm` first with the revisions it would undo (newest first;
/// under the lock, so the list is what will run) and calling `on_step` as each one
/// commits. When `confirm` says no, nothing runs and the result is
/// [`Error::NotConfirmed`].
pub fn downgrade_with(
    db: &mut dyn Database,
    dir: &MigrationDir,
    settings: &Settings,
    target: &Target,
    confirm: &mut dyn FnMut(&[&Revision]) -> bool,
    on_step: &mut dyn FnMut(&StepReport),
) -> Result<RunReport, Error> {
    let started = clock::now();
    let mut report = with_lock(db, settings, |db| {
        Runner::start(db, dir, settings, on_step)?.downgrade(target, None, confirm)
    })?;
    report.total = clock::now().saturating_sub(started);
    Ok(report)
}

/// Records the database as being at `target` without running anything: revisions in the
/// target's ancestry are marked applied, the rest of the folder's revisions unapplied.
pub fn stamp(
    db: &mut dyn Database,
    dir: &MigrationDir,
    settings: &Settings,
    target: &Target,
) -> Result<RunReport, Error> {
    let started = clock::now();
    let mut report = with_lock(db, settings, |db| {
        let mut quiet = |_: &StepReport| {};
        let mut runner = Runner::start(db, dir, settings, &mut quiet)?;
        let wanted = target::stamp_set(dir, target)?;
        runner.stamp_to(&wanted)
    })?;
    report.total = clock::now().saturating_sub(started);
    Ok(report)
}

/// Settles a dirty database after checking it by hand: records whether the failed
/// no-transaction step of `revision` took effect.
pub fn resolve(
    db: &mut dyn Database,
    dir: &MigrationDir,
    settings: &Settings,
    revision: &str,
    resolution: Resolution,
) -> Result<StepReport, Error> {
    with_lock(db, settings, |db| {
        let mut quiet = |_: &StepReport| {};
        let mut runner = Runner::start(db, dir, settings, &mut quiet)?;
        let Some(dirty) = runner.history.dirty.clone() else {
            return Err(Error::NotDirty(revision.to_string()));
        };
        let named = dir.resolve(revision).map(|r| r.id.clone());
        if dirty.revision != revision && named.ok().as_deref() != Some(dirty.revision.as_str()) {
            return Err(Error::NotDirty(revision.to_string()));
        }
        // Record the state the database is really in: the revision is applied after a
        // dirty up that took effect or a dirty down that did not.
        let direction = match (dirty.direction, resolution) {
            (Direction::Up, Resolution::Applied) | (Direction::Down, Resolution::RolledBack) => {
                Direction::Up
            }
            _ => Direction::Down,
        };
        let file = dir.get(&dirty.revision);
        let stored = runner
            .history
            .rows
            .iter()
            .rev()
            .find(|r| r.revision == dirty.revision);
        let mut row = runner.row(
            &dirty.revision,
            file.map_or_else(
                || stored.map(|r| r.parents.clone()).unwrap_or_default(),
                |r| r.parents.clone(),
            ),
            file.map_or_else(
                || stored.map(|r| r.message.clone()).unwrap_or_default(),
                |r| r.message.clone(),
            ),
            direction,
            Kind::Resolve,
        );
        row.transactional = false;
        row.success = Some(true);
        row.checksum = file.map(|r| r.checksum.to_string());
        row.down_sql = match direction {
            Direction::Up => file.and_then(|r| r.down.clone()),
            Direction::Down => None,
        };
        row.finished_at = Some(row.started_at.clone());
        row.duration_ms = Some(0);
        runner.write(vec![row.clone()])?;
        Ok(StepReport {
            revision: row.revision,
            message: row.message,
            direction,
            path: file.map(|r| r.path.clone()),
            transactional: false,
            statements: 0,
            duration: Duration::ZERO,
        })
    })
}

/// What `repair` recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RepairReport {
    /// The revision.
    pub revision: String,
    /// The checksum recorded before.
    pub old: Option<String>,
    /// The file's checksum, now recorded.
    pub new: String,
    /// False when the checksums already matched and nothing was written.
    pub changed: bool,
}

/// Accepts the current text of an applied revision's file: records its checksum (and its
/// down SQL) in a new history row.
pub fn repair(
    db: &mut dyn Database,
    dir: &MigrationDir,
    settings: &Settings,
    revision: &str,
) -> Result<RepairReport, Error> {
    with_lock(db, settings, |db| {
        let mut quiet = |_: &StepReport| {};
        let mut runner = Runner::start(db, dir, settings, &mut quiet)?;
        let rev = dir.resolve(revision)?;
        let Some(applied) = runner.history.applied.get(&rev.id).cloned() else {
            return Err(Error::NotApplied(rev.id.clone()));
        };
        let new = rev.checksum.to_string();
        if applied.checksum.as_deref() == Some(new.as_str()) {
            return Ok(RepairReport {
                revision: rev.id.clone(),
                old: applied.checksum,
                new,
                changed: false,
            });
        }
        let mut row = runner.row(
            &rev.id,
            rev.parents.clone(),
            rev.message.clone(),
            Direction::Up,
            Kind::Repair,
        );
        row.success = Some(true);
        row.transactional = applied.transactional;
        row.checksum = Some(new.clone());
        row.down_sql = rev.down.clone();
        row.finished_at = Some(row.started_at.clone());
        row.duration_ms = Some(0);
        runner.write(vec![row])?;
        Ok(RepairReport {
            revision: rev.id.clone(),
            old: applied.checksum,
            new,
            changed: true,
        })
    })
}

/// Runs `f` holding the migration lock, and releases it whatever `f` returns. The lock is
/// taken before the history table is created or read, so a runner that waited sees what
/// the one before it wrote.
pub(crate) fn with_lock<T>(
    db: &mut dyn Database,
    settings: &Settings,
    f: impl FnOnce(&mut dyn Database) -> Result<T, Error>,
) -> Result<T, Error> {
    if !settings.lock {
        return f(db);
    }
    let key = settings.lock_key();
    db.acquire_lock(&key, settings.lock_timeout)
        .map_err(Error::Lock)?;
    let result = f(&mut *db);
    let released = db.release_lock(&key);
    match (result, released) {
        (Ok(value), Ok(())) => Ok(value),
        (Ok(_), Err(e)) => Err(Error::Lock(e)),
        (Err(e), _) => Err(e),
    }
}

/// One revision to run in one direction.
struct Step {
    revision: String,
    parents: Vec<String>,
    message: String,
    checksum: Option<String>,
    direction: Direction,
    statements: Vec<Statement>,
    transactional: bool,
    down_sql: Option<String>,
    path: Option<PathBuf>,
}

impl Step {
    fn of(rev: &Revision, direction: Direction) -> Step {
        Step {
            revision: rev.id.clone(),
            parents: rev.parents.clone(),
            message: rev.message.clone(),
            checksum: Some(rev.checksum.to_string()),
            direction,
            statements: rev.statements(direction),
            transactional: !rev.no_transaction,
            down_sql: match direction {
                Direction::Up => rev.down.clone(),
                Direction::Down => None,
            },
            path: Some(rev.path.clone()),
        }
    }

    /// Undoing an applied revision the folder does not contain, from its stored SQL.
    fn revert(applied: &Applied) -> Result<Step, Error> {
        let Some(down) = &applied.down_sql else {
            return Err(Error::Irreversible {
                revision: applied.revision.clone(),
                path: PathBuf::new(),
            });
        };
        Ok(Step {
            revision: applied.revision.clone(),
            parents: applied.parents.clone(),
            message: applied.message.clone(),
            checksum: applied.checksum.clone(),
            direction: Direction::Down,
            statements: strata_sqltext::split(down),
            transactional: applied.transactional,
            down_sql: None,
            path: None,
        })
    }
}

enum Outcome {
    Done(StepReport),
    /// Another runner wrote the history meanwhile; the history was re-read.
    Conflict,
}

/// One command's session: the connection, the folder and the history as last read.
struct Runner<'a> {
    db: &'a mut dyn Database,
    dir: &'a MigrationDir,
    table: HistoryTable,
    history: History,
    who: String,
    /// [`Settings::statement_timeout`].
    statement_timeout: Option<Duration>,
    /// Told about each revision as it commits.
    on_step: &'a mut dyn FnMut(&StepReport),
}

impl<'a> Runner<'a> {
    fn start(
        db: &'a mut dyn Database,
        dir: &'a MigrationDir,
        settings: &Settings,
        on_step: &'a mut dyn FnMut(&StepReport),
    ) -> Result<Runner<'a>, Error> {
        let table = settings.history_table();
        table.ensure(db)?;
        let history = History::read(&table, db)?;
        Ok(Runner {
            db,
            dir,
            table,
            history,
            who: clock::who(),
            statement_timeout: settings.statement_timeout,
            on_step,
        })
    }

    fn state(&self) -> Result<DbState, Error> {
        DbState::new(self.dir, &self.history)
    }

    fn row(
        &self,
        revision: &str,
        parents: Vec<String>,
        message: String,
        direction: Direction,
        kind: Kind,
    ) -> Row {
        Row {
            id: self.history.next_id(),
            revision: revision.to_string(),
            parents,
            direction,
            kind,
            transactional: true,
            success: None,
            checksum: None,
            message,
            started_at: clock::rfc3339(clock::now()),
            finished_at: None,
            duration_ms: None,
            applied_by: self.who.clone(),
            tool_version: tool_version(),
            down_sql: None,
            error: None,
        }
    }

    /// Writes rows in one transaction (their ids must follow the history's).
    fn write(&mut self, rows: Vec<Row>) -> Result<(), Error> {
        if rows.is_empty() {
            return Ok(());
        }
        let inserts = rows
            .iter()
            .map(|r| self.table.insert(r, self.db.dialect()))
            .collect::<Result<Vec<_>, _>>()?;
        self.db.transaction(&mut |db| {
            for (sql, params) in &inserts {
                db.execute_bound(sql, params)?;
            }
            Ok(())
        })?;
        for row in rows {
            self.history.push(row);
        }
        Ok(())
    }

    fn upgrade(
        &mut self,
        options: &UpgradeOptions,
        settings: &Settings,
    ) -> Result<RunReport, Error> {
        let state = self.state()?;
        state.ensure_clean(&self.history)?;
        let mut report = RunReport {
            before: state.current(self.dir),
            ..RunReport::default()
        };
        // Judged before anything runs, reverting unknown revisions included (those are
        // not in the folder, so the known applied set is the same before and after).
        let refused_anyway =
            !state.unknown.is_empty() && !options.revert_unknown && !options.ignore_unknown;
        if let Some(approvals) = options.approvals.as_ref().filter(|_| !refused_anyway) {
            let wanted = target::upgrade_steps(self.dir, &state.applied, &options.target)?;
            let todo: Vec<usize> = wanted
                .iter()
                .copied()
                .filter(|p| !state.applied.contains(p))
                .collect();
            self.judge(&state.applied, &todo, Direction::Up, approvals, settings)?;
        }
        if options.revert_unknown {
            for applied in &state.unknown {
                let step = Step::revert(applied)?;
                match self.run(&step) {
                    Ok(Outcome::Done(s)) => report.reverted.push(s),
                    // Another runner changed the database under us; start over.
                    Ok(Outcome::Conflict) => return self.upgrade(options, settings),
                    Err(e) => return Err(with_completed(e, &report.reverted)),
                }
            }
        } else if !state.unknown.is_empty() && !options.ignore_unknown {
            return Err(Error::UnknownApplied(
                state.unknown.iter().map(|a| a.revision.clone()).collect(),
            ));
        } else {
            report.unknown = state.unknown.iter().map(|a| a.revision.clone()).collect();
        }
        let wanted = target::upgrade_steps(self.dir, &self.state()?.applied, &options.target)?;
        self.run_all(&wanted, Direction::Up, &mut report)?;
        report.after = self.state()?.current(self.dir);
        Ok(report)
    }

    /// Refuses when running `todo` in `direction` has findings `approvals` do not give.
    fn judge(
        &mut self,
        applied: &BTreeSet<usize>,
        todo: &[usize],
        direction: Direction,
        approvals: &strata::Approvals,
        settings: &Settings,
    ) -> Result<(), Error> {
        let policy = strata::policy_for(&mut *self.db, settings.threshold)?;
        let unapproved = crate::judge::judge(
            &mut *self.db,
            self.dir,
            settings,
            applied,
            todo,
            direction,
            &policy,
            approvals,
        )?;
        if unapproved.is_empty() {
            Ok(())
        } else {
            Err(Error::Unapproved(unapproved))
        }
    }

    fn downgrade(
        &mut self,
        target: &Target,
        approvals: Option<(&strata::Approvals, &Settings)>,
        confirm: &mut dyn FnMut(&[&Revision]) -> bool,
    ) -> Result<RunReport, Error> {
        let state = self.state()?;
        state.ensure_clean(&self.history)?;
        let mut report = RunReport {
            before: state.current(self.dir),
            unknown: state.unknown.iter().map(|a| a.revision.clone()).collect(),
            ..RunReport::default()
        };
        let wanted = target::downgrade_steps(self.dir, &state.applied, target)?;
        for &pos in &wanted {
            let rev = &self.dir.revisions()[pos];
            if rev.down.is_none() {
                return Err(Error::Irreversible {
                    revision: rev.id.clone(),
                    path: rev.path.clone(),
                });
            }
        }
        if let Some((approvals, settings)) = approvals {
            let todo: Vec<usize> = wanted
                .iter()
                .copied()
                .filter(|p| state.applied.contains(p))
                .collect();
            self.judge(&state.applied, &todo, Direction::Down, approvals, settings)?;
        }
        let undone: Vec<&Revision> = wanted
            .iter()
            .filter(|p| state.applied.contains(p))
            .map(|&p| &self.dir.revisions()[p])
            .collect();
        if !undone.is_empty() && !confirm(&undone) {
            return Err(Error::NotConfirmed(
                undone.iter().map(|r| r.id.clone()).collect(),
            ));
        }
        self.run_all(&wanted, Direction::Down, &mut report)?;
        report.after = self.state()?.current(self.dir);
        Ok(report)
    }

    /// Runs `wanted` (positions) in order, skipping what is already done; after a
    /// conflict with another runner, re-reads and carries on with what is left.
    fn run_all(
        &mut self,
        wanted: &[usize],
        direction: Direction,
        report: &mut RunReport,
    ) -> Result<(), Error> {
        let mut conflicts = 0;
        'plan: loop {
            let state = self.state()?;
            state.ensure_clean(&self.history)?;
            let todo = wanted.iter().filter(|p| match direction {
                Direction::Up => !state.applied.contains(p),
                Direction::Down => state.applied.contains(p),
            });
            for &pos in todo {
                let step = Step::of(&self.dir.revisions()[pos], direction);
                match self.run(&step) {
                    Ok(Outcome::Done(s)) => report.steps.push(s),
                    Ok(Outcome::Conflict) => {
                        conflicts += 1;
                        if conflicts > MAX_CONFLICTS {
                            return Err(Error::Lock(DbError::Other(
                                "other runners keep changing the history table".into(),
                            )));
                        }
                        continue 'plan;
                    }
                    Err(e) => return Err(with_completed(e, &report.steps)),
                }
            }
            break;
        }
        Ok(())
    }

    fn run(&mut self, step: &Step) -> Result<Outcome, Error> {
        let started = clock::now();
        let mut row = self.row(
            &step.revision,
            step.parents.clone(),
            step.message.clone(),
            step.direction,
            Kind::Run,
        );
        row.transactional = step.transactional;
        row.checksum = step.checksum.clone();
        row.down_sql = step.down_sql.clone();
        let outcome = if step.transactional {
            self.run_in_transaction(step, row, started)?
        } else {
            self.run_without_transaction(step, row, started)?
        };
        if let Outcome::Done(report) = &outcome {
            (self.on_step)(report);
        }
        Ok(outcome)
    }

    /// The history row goes in first, in the revision's own transaction: if another
    /// runner took this id, the transaction fails before any of the revision's SQL runs.
    /// The row is completed (finish time, duration) in the same transaction, so a
    /// committed revision never has a half-written row.
    fn run_in_transaction(
        &mut self,
        step: &Step,
        mut row: Row,
        started: Duration,
    ) -> Result<Outcome, Error> {
        row.success = Some(true);
        let (insert, params) = self.table.insert(&row, self.db.dialect())?;
        let statements = self.timed(step, true);
        let table = &self.table;
        let mut finished = None;
        let result = self.db.transaction(&mut |db| {
            db.execute_bound(&insert, &params)?;
            for s in &statements {
                db.execute(s)?;
            }
            let (at, ms) = finish(started);
            let (sql, values) = table.finish(row.id, at, ms, true, None, db.dialect());
            db.execute_bound(&sql, &values)?;
            finished = Some((at, ms));
            Ok(())
        });
        if let Err(e) = result {
            return self.failed(row, step, e, started);
        }
        let (at, ms) = finished.unwrap_or_else(|| finish(started));
        row.finished_at = Some(clock::rfc3339(at));
        row.duration_ms = Some(ms);
        self.history.push(row);
        Ok(Outcome::Done(self.report(step, started)))
    }

    /// The row is written first with no outcome (a crash leaves the database dirty, as
    /// it should: some statements may have run), then each statement on its own.
    fn run_without_transaction(
        &mut self,
        step: &Step,
        mut row: Row,
        started: Duration,
    ) -> Result<Outcome, Error> {
        let (insert, params) = self.table.insert(&row, self.db.dialect())?;
        if let Err(e) = self.db.execute_bound(&insert, &params) {
            return self.failed(row, step, e, started);
        }
        self.history.push(row.clone());
        let statements = self.timed(step, false);
        let reset = self.db.dialect().statement_timeout(None, false);
        for s in &statements {
            if let Err(e) = self.db.execute(s) {
                // The session's timeout must not outlive the revision.
                if let Some(reset) = reset
                    .as_deref()
                    .filter(|_| self.statement_timeout.is_some())
                {
                    let _ = self.db.execute(reset);
                }
                let (at, ms) = finish(started);
                let message = e.to_string();
                let (sql, values) =
                    self.table
                        .finish(row.id, at, ms, false, Some(&message), self.db.dialect());
                self.db.execute_bound(&sql, &values)?;
                row.success = Some(false);
                row.error = Some(message);
                row.finished_at = Some(clock::rfc3339(at));
                row.duration_ms = Some(ms);
                self.history.replace_last(row);
                return Err(step_failed(step, &e));
            }
        }
        let (at, ms) = finish(started);
        let (sql, values) = self
            .table
            .finish(row.id, at, ms, true, None, self.db.dialect());
        self.db.execute_bound(&sql, &values)?;
        row.success = Some(true);
        row.finished_at = Some(clock::rfc3339(at));
        row.duration_ms = Some(ms);
        self.history.replace_last(row);
        Ok(Outcome::Done(self.report(step, started)))
    }

    /// The step's statements, with the statement timeout set before each one that needs
    /// another limit than the one before it (`local`: for the revision's transaction;
    /// otherwise the session's, reset at the end). Statements that run long by design
    /// ([`strata::Dialect::runs_long`]) run without a limit.
    fn timed(&self, step: &Step, local: bool) -> Vec<String> {
        let dialect = self.db.dialect();
        let texts = step.statements.iter().map(|s| s.text.clone());
        let Some(timeout) = self.statement_timeout else {
            return texts.collect();
        };
        let mut out = Vec::new();
        let mut current = None;
        for text in texts {
            let wanted = (!dialect.runs_long(&text)).then_some(timeout);
            if current != Some(wanted)
                && let Some(set) = dialect.statement_timeout(wanted, local)
            {
                out.push(set);
            }
            current = Some(wanted);
            out.push(text);
        }
        if !local && let Some(reset) = dialect.statement_timeout(None, false) {
            out.push(reset);
        }
        out
    }

    fn report(&self, step: &Step, started: Duration) -> StepReport {
        StepReport {
            revision: step.revision.clone(),
            message: step.message.clone(),
            direction: step.direction,
            path: step.path.clone(),
            transactional: step.transactional,
            statements: step.statements.len(),
            duration: clock::now().saturating_sub(started),
        }
    }

    /// A step's transaction failed. Either another runner got there first (the history
    /// changed: re-read and report a conflict), the SQL failed (record it and stop), or
    /// the connection is gone (say which revision failed; nothing more can be recorded).
    fn failed(
        &mut self,
        mut row: Row,
        step: &Step,
        e: DbError,
        started: Duration,
    ) -> Result<Outcome, Error> {
        let fresh = match History::read(&self.table, self.db) {
            Ok(fresh) => fresh,
            Err(lost) => return Err(connection_lost(step, &e, &lost)),
        };
        if fresh.next_id() != self.history.next_id() {
            self.history = fresh;
            return Ok(Outcome::Conflict);
        }
        let (at, ms) = finish(started);
        row.success = Some(false);
        row.transactional = true;
        row.finished_at = Some(clock::rfc3339(at));
        row.duration_ms = Some(ms);
        row.error = Some(e.to_string());
        row.down_sql = None;
        self.write(vec![row])?;
        Err(step_failed(step, &e))
    }

    fn stamp_to(&mut self, wanted: &BTreeSet<usize>) -> Result<RunReport, Error> {
        let state = self.state()?;
        let mut report = RunReport {
            before: state.current(self.dir),
            unknown: state.unknown.iter().map(|a| a.revision.clone()).collect(),
            ..RunReport::default()
        };
        let mut rows = Vec::new();
        let mut record =
            |runner: &Self, rev: &Revision, direction: Direction, rows: &mut Vec<Row>| {
                let mut row = runner.row(
                    &rev.id,
                    rev.parents.clone(),
                    rev.message.clone(),
                    direction,
                    Kind::Stamp,
                );
                row.id += rows.len() as i64;
                row.success = Some(true);
                row.transactional = !rev.no_transaction;
                row.checksum = Some(rev.checksum.to_string());
                if direction == Direction::Up {
                    row.down_sql = rev.down.clone();
                }
                row.finished_at = Some(row.started_at.clone());
                row.duration_ms = Some(0);
                rows.push(row);
                report.steps.push(StepReport {
                    revision: rev.id.clone(),
                    message: rev.message.clone(),
                    direction,
                    path: Some(rev.path.clone()),
                    transactional: !rev.no_transaction,
                    statements: 0,
                    duration: Duration::ZERO,
                });
            };
        for &pos in state.applied.iter().rev() {
            if !wanted.contains(&pos) {
                record(self, &self.dir.revisions()[pos], Direction::Down, &mut rows);
            }
        }
        for &pos in wanted {
            if !state.applied.contains(&pos) {
                record(self, &self.dir.revisions()[pos], Direction::Up, &mut rows);
            }
        }
        self.write(rows)?;
        report.after = self.state()?.current(self.dir);
        Ok(report)
    }

    fn build_from_schema(
        &mut self,
        source: &Source,
        settings: &Settings,
    ) -> Result<RunReport, Error> {
        if !self.history.applied.is_empty() {
            return Err(Error::NotEmpty(format!(
                "{} already has applied revisions",
                self.db.describe()
            )));
        }
        let live = strata::introspect(self.db, &settings.diff_scope())?;
        if has_objects(&live) {
            return Err(Error::NotEmpty(format!(
                "{} already has schema objects",
                self.db.describe()
            )));
        }
        let files = source.sql_files()?;
        let loaded =
            strata::load_files(self.db, &files, &settings.load).map_err(strata::Error::from)?;
        let wanted = target::stamp_set(self.dir, &Target::Head)?;
        let report = self.stamp_to(&wanted)?;
        // The files stay in this database: states loading deferred (an event trigger's)
        // are set last, once the history is written, so no DDL of ours comes after them.
        strata::apply_deferred(self.db, &loaded)?;
        Ok(report)
    }
}

/// True when a catalog holds anything a user created (schemas and extensions alone do
/// not count: a new PostgreSQL database has `public` and may have extensions its template
/// gave it).
pub(crate) fn has_objects(c: &strata::Catalog) -> bool {
    use strata::catalog::Kind;
    Kind::ALL
        .into_iter()
        .filter(|k| !k.is_part() && !matches!(k, Kind::Schema | Kind::Extension))
        .any(|k| !c.ids(k).is_empty())
}

/// When a step finished, and how long it took.
fn finish(started: Duration) -> (Duration, i64) {
    let now = clock::now();
    let ms = now.saturating_sub(started).as_millis() as i64;
    (now, ms)
}

/// The connection broke while a revision ran: what is known is which revision it was
/// and which ones committed before it (added by the caller).
fn connection_lost(step: &Step, e: &DbError, lost: &Error) -> Error {
    let mut failure = step_failed(step, e);
    if let Error::StepFailed(f) = &mut failure {
        f.message = format!(
            "{}\n  the connection was lost ({lost}); {}",
            f.message,
            if step.transactional {
                "the revision's transaction did not commit unless the connection broke during COMMIT; run `strata status` to see"
            } else {
                "the revision ran without a transaction and may be partly applied"
            }
        );
    }
    failure
}

fn step_failed(step: &Step, e: &DbError) -> Error {
    let statement = e.statement().unwrap_or_default().to_string();
    let line = step
        .statements
        .iter()
        .find(|s| s.text == statement)
        .map_or(0, |s| s.line);
    Error::StepFailed(Box::new(StepFailure {
        revision: step.revision.clone(),
        direction: step.direction,
        path: step.path.clone().unwrap_or_default(),
        line,
        statement,
        message: match e {
            DbError::Statement { message, .. } => message.clone(),
            other => other.to_string(),
        },
        transactional: step.transactional,
        completed: Vec::new(),
    }))
}

fn with_completed(e: Error, done: &[StepReport]) -> Error {
    match e {
        Error::StepFailed(mut f) => {
            f.completed = done.iter().map(|s| s.revision.clone()).collect();
            Error::StepFailed(f)
        }
        other => other,
    }
}

/// `strata <version>` for the history table.
pub(crate) fn tool_version() -> String {
    format!("strata {}", env!("CARGO_PKG_VERSION"))
}

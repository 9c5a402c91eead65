//! `strata apply`: make the database match the schema, in one transaction, under the
//! runner lock.
//!
//! The plan is made while holding the lock that `upgrade` takes too, so concurrent
//! applies serialise and each sees the one before it. On a terminal the plan is shown and
//! confirmed first (without the lock, so nobody waits on a person), then planned again
//! under the lock: a different plan is refused. `--plan FILE` applies a saved plan as it
//! was reviewed, after checking the database is still the one it was made against.
use super::ExitStatus;
use super::approvals;
use super::migrate::history_table;
use super::plan::{Target, overrides};
use super::shared::{
    Access, check_pg_version, note_statement_timeout, print_rename_notes, read, rename_hints,
};
use crate::cli::{ApplyArgs, Format};
use crate::config::{Config, Overrides};
use crate::error::{CliError, plural, unapproved};
use crate::printer::Printer;
use std::time::Duration;
use strata::{ApplyOptions, Approvals, Database, Plan, Policy, SavedPlan};

pub fn apply(args: &ApplyArgs, config: &Config, printer: Printer) -> Result<ExitStatus, CliError> {
    let flags = Overrides {
        lock_timeout: args.lock_timeout,
        statement_lock_timeout: args.statement_lock_timeout,
        statement_timeout: args.statement_timeout,
        mode: args.mode,
        ..overrides(&args.target, &args.dev, &args.scope)
    };
    match &args.plan {
        Some(path) => apply_saved(args, path, config, &flags, printer),
        None => apply_schema(args, config, &flags, printer),
    }
}

/// What `apply` needs besides the target: how to lock and run.
struct Run<'a> {
    args: &'a ApplyArgs,
    key: String,
    /// The history table; online applies record their progress beside it.
    history: String,
    lock_timeout: Duration,
    options: ApplyOptions,
    /// `--allow`, `--allow-destructive` and the approval file.
    approvals: Approvals,
    /// Which findings need approval, from the target's sizes.
    policy: Policy,
    printer: Printer,
}

impl<'a> Run<'a> {
    fn new(
        args: &'a ApplyArgs,
        config: &Config,
        target: &mut Target,
        printer: Printer,
    ) -> Result<Self, CliError> {
        let approvals = approvals::resolve(config, &args.approvals.allow, args.allow_destructive)?;
        let policy = target.policy(&history_table(config))?;
        Ok(Run {
            policy,
            args,
            key: strata::runner_lock_key(&history_table(config)),
            history: history_table(config),
            lock_timeout: target.settings.lock_timeout,
            options: ApplyOptions {
                lock_timeout: target.settings.statement_lock_timeout,
                statement_timeout: target.settings.statement_timeout,
                on_retry: Some(print_retry),
                ..ApplyOptions::default()
            },
            approvals,
            printer,
        })
    }

    /// Holds the runner lock around `f`.
    fn locked<T>(
        &self,
        db: &mut dyn Database,
        f: impl FnOnce(&mut dyn Database) -> Result<T, CliError>,
    ) -> Result<T, CliError> {
        let mut inner = None;
        let outcome = strata::with_runner_lock(db, &self.key, self.lock_timeout, |db| {
            inner = Some(f(db));
            Ok(())
        });
        outcome?;
        inner.expect("the closure ran")
    }

    /// Refuses, listing them all, when findings that need approval are not approved.
    fn check_approvals(&self, plan: &Plan) -> Result<(), CliError> {
        let pending = strata::approval::pending(plan, &self.policy, &self.approvals);
        if !pending.is_empty() {
            return Err(unapproved("apply", &pending));
        }
        Ok(())
    }

    /// Asks on a terminal; refuses when nobody can answer and `--yes` was not given.
    /// `Ok(false)` when the person said no.
    fn confirm(&self, plan: &Plan, target: &str) -> Result<bool, CliError> {
        if self.args.yes {
            return Ok(true);
        }
        if !self.printer.can_prompt() {
            return Err(CliError::refused(
                "refusing to apply without confirmation: standard input is not a terminal",
            )
            .hint("pass `--yes` to apply without asking"));
        }
        let steps = plan.steps.len();
        let question = format!(
            "Apply {steps} {} to {target}?",
            plural(steps, "step", "steps")
        );
        Ok(self.printer.confirm(&question)?)
    }

    /// Records the schema files' deprecation marks (none for a saved plan, which has no
    /// files: the marks recorded before stay).
    fn record_marks(
        &self,
        db: &mut dyn Database,
        marks: &std::collections::BTreeMap<String, String>,
    ) -> Result<(), CliError> {
        Ok(strata::record_marks(db, &self.history, marks)?)
    }

    fn run(&self, db: &mut dyn Database, plan: &Plan, target: &str) -> Result<(), CliError> {
        // An earlier online apply that stopped half-way is reported before this one runs.
        if let Some(note) = strata::interrupted_run(db, &self.history)? {
            self.printer.status(&format!("note: {note}"));
        }
        strata::apply_tracked(
            db,
            plan,
            &self.policy,
            &self.approvals,
            &self.options,
            &self.history,
        )?;
        let steps = plan.steps.len();
        self.printer.status(&format!(
            "Applied {steps} {} to {target}.",
            plural(steps, "step", "steps")
        ));
        Ok(())
    }

    fn show(&self, plan: &Plan) -> Result<(), CliError> {
        let marks = approvals::marks(plan, &self.policy, &self.approvals);
        self.printer.plan_marked(plan, Format::Text, &marks)?;
        self.printer.plan_total(plan);
        Ok(())
    }
}

fn apply_schema(
    args: &ApplyArgs,
    config: &Config,
    flags: &Overrides,
    printer: Printer,
) -> Result<ExitStatus, CliError> {
    let mut target = Target::open(config, flags, Access::ReadWrite, printer)?;
    check_pg_version(&target.url, args.pg_version)?;
    target.pg_version = args.pg_version;
    note_statement_timeout(
        target.db.as_ref(),
        target.settings.statement_timeout,
        printer,
    );
    // The schema files are loaded before the lock: it is held only for the live part.
    let desired = target.desired(printer)?;
    let run = Run::new(args, config, &mut target, printer)?;
    let shown = if args.yes {
        None
    } else {
        let current = target.current(printer)?;
        target.resolve_renames(&args.rename.renames, &current, &desired, printer)?;
        let plan = target.plan(&current, &desired, printer)?;
        if plan.is_empty() {
            // Marks may have changed without the schema (they are comments).
            let marks = target.deprecated.clone();
            run.locked(target.db.as_mut(), |db| run.record_marks(db, &marks))?;
            printer.status("No changes: the database matches the schema.");
            return Ok(ExitStatus::Success);
        }
        run.show(&plan)?;
        run.check_approvals(&plan)?;
        if !run.confirm(&plan, &target.label)? {
            printer.status("Nothing was changed.");
            return Ok(ExitStatus::Refused);
        }
        Some(plan)
    };
    let Target {
        db,
        url,
        label,
        settings,
        renames,
        pg_version,
        deprecated,
        ..
    } = &mut target;
    let flags = &args.rename.renames;
    let outcome = run.locked(db.as_mut(), |db| {
        let live = strata::Source::Database(url.clone());
        let current = read(&live, db, url, settings, printer)?;
        if shown.is_none() {
            // `--yes`: the flags are resolved against the live schema read under the lock.
            *renames = rename_hints(renames, flags, &current, &*db)?;
        }
        let plan_settings = strata::PlanSettings {
            renames,
            mode: settings.mode,
            pg_version: *pg_version,
        };
        let (plan, notes) = strata::plan_with(&current, &desired, db, &plan_settings)?;
        if shown.is_none() {
            // Shown with the plan before, otherwise.
            print_rename_notes(&notes, printer);
        }
        let applied = match &shown {
            Some(shown) if *shown != plan => Err(CliError::refused(
                "the database changed since the plan was shown; nothing was changed",
            )
            .hint("run `strata apply` again to see the new plan")),
            _ if plan.is_empty() => Ok(false),
            Some(_) => run.run(db, &plan, label).map(|()| true),
            None => {
                run.show(&plan)?;
                run.check_approvals(&plan)?;
                run.run(db, &plan, label).map(|()| true)
            }
        }?;
        // After the plan committed: marks recorded only once the schema they belong to is
        // applied. Should this fail, the marks stay as before (drops ask again).
        run.record_marks(db, deprecated)?;
        Ok(applied)
    })?;
    if !outcome {
        printer.status("No changes: the database matches the schema.");
    }
    Ok(ExitStatus::Success)
}

fn apply_saved(
    args: &ApplyArgs,
    path: &std::path::Path,
    config: &Config,
    flags: &Overrides,
    printer: Printer,
) -> Result<ExitStatus, CliError> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::error(format!("cannot read the plan `{}`: {e}", path.display())))?;
    let saved = SavedPlan::from_json(&text)
        .map_err(|e| CliError::error(format!("{}: {e}", path.display())))?;
    let mut target = Target::open(config, flags, Access::ReadWrite, printer)?;
    let dialect = target.db.dialect().name();
    if saved.dialect != dialect {
        return Err(CliError::error(format!(
            "the plan `{}` was made for {}, but {} is {dialect}",
            path.display(),
            saved.dialect,
            target.label
        )));
    }
    printer.verbose(&format!(
        "Plan made by {} against {}",
        saved.strata_version, saved.target
    ));
    let plan = saved.plan();
    if plan.is_empty() {
        printer.status("No changes: the saved plan is empty.");
        return Ok(ExitStatus::Success);
    }
    let run = Run::new(args, config, &mut target, printer)?;
    run.show(&plan)?;
    run.check_approvals(&plan)?;
    if !run.confirm(&plan, &target.label)? {
        printer.status("Nothing was changed.");
        return Ok(ExitStatus::Refused);
    }
    let label = target.label.clone();
    run.locked(target.db.as_mut(), |db| {
        let live = strata::introspect(db, &saved.scope)?;
        let changes = saved.changes_since(&live);
        if !changes.is_empty() {
            return Err(outdated(path, &changes));
        }
        run.run(db, &plan, &label)
    })?;
    Ok(ExitStatus::Success)
}

/// Retries of an online plan are printed as they happen (the printer is not at hand
/// inside the executor; notes go to standard error like the printer's status lines).
fn print_retry(message: &str) {
    eprintln!("note: {}", strata::catalog::comment_text(message));
}

fn outdated(path: &std::path::Path, changes: &[String]) -> CliError {
    let mut message = format!(
        "refusing to apply `{}`: the database changed since the plan was made; nothing was changed:",
        path.display()
    );
    for change in changes {
        message.push_str("\n  - ");
        message.push_str(change);
    }
    CliError::refused(message)
        .hint("make a new plan with `strata plan --out FILE`, review it, and apply that")
}

//! `strata downgrade TARGET`: undo applied revisions back to a revision, `-N` or `base`.
//! Downs drop what the ups made, so it follows apply's rules: it asks on a terminal and
//! refuses elsewhere without `--yes`.
use super::Project;
use super::args::DowngradeArgs;
use super::upgrade::{line, summary};
use crate::commands::ExitStatus;
use crate::commands::approvals;
use crate::commands::shared::note_statement_timeout;
use crate::config::{Config, Overrides};
use crate::error::{CliError, plural};
use crate::printer::Printer;
use strata_migrate::{Error, Revision, StepReport};

pub fn downgrade(
    args: &DowngradeArgs,
    config: &Config,
    printer: Printer,
) -> Result<ExitStatus, CliError> {
    let flags = Overrides {
        url: args.url.url.as_deref(),
        statement_timeout: args.statement_timeout,
        ..Overrides::default()
    };
    let mut project = Project::resolve(config, &flags, &args.migrations, Some(&args.lock))?;
    project.set_pg_version(args.pg_version)?;
    let dir = project.load()?;
    let target = args.target.parse()?;
    let approvals = approvals::resolve(config, &args.approvals.allow, args.allow_destructive)?;
    let mut db = project.open(printer)?;
    note_statement_timeout(db.as_ref(), project.migrate.statement_timeout, printer);
    let described = db.describe();
    let mut asked = false;
    let mut confirm = |undone: &[&Revision]| {
        if args.yes {
            return true;
        }
        if !printer.can_prompt() {
            return false;
        }
        asked = true;
        for rev in undone {
            printer.status(&format!("  undo {} {}", rev.id, rev.message));
        }
        let n = undone.len();
        let question = format!(
            "Undo {n} {} on {described}?",
            plural(n, "revision", "revisions")
        );
        printer.confirm(&question).unwrap_or(false)
    };
    let mut on_step = |step: &StepReport| printer.status(&format!("Reverted {}", line(step)));
    let result = strata_migrate::downgrade_approved(
        db.as_mut(),
        &dir,
        &project.migrate,
        &target,
        &approvals,
        &mut confirm,
        &mut on_step,
    );
    let report = match result {
        Err(Error::NotConfirmed(ids)) if !asked => {
            return Err(CliError::refused(format!(
                "refusing to downgrade without confirmation: standard input is not a terminal (it would undo {})",
                ids.join(", ")
            ))
            .hint("pass `--yes` to downgrade without asking"));
        }
        Err(Error::NotConfirmed(_)) => {
            printer.status("Nothing was changed.");
            return Ok(ExitStatus::Refused);
        }
        other => other?,
    };
    summary(&report, "Downgraded", printer);
    Ok(ExitStatus::Success)
}

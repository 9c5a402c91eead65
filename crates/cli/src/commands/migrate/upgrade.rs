//! `strata upgrade [TARGET]`: run pending revisions (or print them with `--sql`).
use super::args::UpgradeArgs;
use super::{Project, duration};
use crate::commands::ExitStatus;
use crate::commands::approvals;
use crate::commands::shared::check_exists;
use crate::commands::shared::note_statement_timeout;
use crate::config::{Config, Overrides};
use crate::error::{CliError, plural};
use crate::printer::Printer;
use strata_migrate::{Direction, RunReport, StepReport, Target, UpgradeOptions};

pub fn upgrade(
    args: &UpgradeArgs,
    config: &Config,
    printer: Printer,
) -> Result<ExitStatus, CliError> {
    let flags = Overrides {
        url: args.url.url.as_deref(),
        schema: args.schema.as_deref(),
        statement_timeout: args.statement_timeout,
        ..Overrides::default()
    };
    let mut project = Project::resolve(config, &flags, &args.migrations, Some(&args.lock))?;
    project.set_pg_version(args.pg_version)?;
    let dir = project.load()?;
    let target: Target = args.target.parse()?;
    if args.sql {
        // Offline when no database is configured: the script starts from base.
        let script = match &project.settings.url {
            Some(_) => {
                let mut db = project.open_read_only(printer)?;
                strata_migrate::upgrade_sql(
                    Some(db.as_mut()),
                    &dir,
                    &project.migrate,
                    &target,
                    offline_dialect(),
                )?
            }
            None => strata_migrate::upgrade_sql(
                None,
                &dir,
                &project.migrate,
                &target,
                offline_dialect(),
            )?,
        };
        printer.data(&script)?;
        return Ok(ExitStatus::Success);
    }
    let from_schema = if args.from_schema {
        let schema = project.schema()?;
        check_exists(&schema)?;
        Some(schema)
    } else {
        None
    };
    // Building from the schema files runs no revision, so there is nothing to judge.
    let approvals = match from_schema {
        Some(_) => None,
        None => Some(approvals::resolve(
            config,
            &args.approvals.allow,
            args.allow_destructive,
        )?),
    };
    let mut db = project.open(printer)?;
    note_statement_timeout(db.as_ref(), project.migrate.statement_timeout, printer);
    let options = UpgradeOptions {
        target,
        revert_unknown: args.revert_unknown,
        ignore_unknown: args.ignore_unknown,
        from_schema,
        approvals,
    };
    // Each revision is reported as it commits, so a run that fails or is interrupted
    // still shows what it did.
    let mut on_step = |step: &StepReport| match step.direction {
        Direction::Up => printer.status(&format!("Applied {}", line(step))),
        Direction::Down => printer.status(&format!("Reverted unknown {}", line(step))),
    };
    let report =
        strata_migrate::upgrade_with(db.as_mut(), &dir, &project.migrate, &options, &mut on_step)?;
    if args.from_schema {
        print_run(&report, "Applied", printer);
    }
    if !report.unknown.is_empty() {
        printer.status(&format!(
            "warning: going on although the database has applied {} that this folder does not have: {}",
            plural(report.unknown.len(), "a revision", "revisions"),
            report.unknown.join(", ")
        ));
    }
    let verb = if args.from_schema {
        "Built from the schema files and recorded"
    } else {
        "Upgraded"
    };
    summary(&report, verb, printer);
    Ok(ExitStatus::Success)
}

/// One line per step: `Applied 3f9a1c0b7d2e add invoices table (12 ms)`.
pub fn print_run(report: &RunReport, verb: &str, printer: Printer) {
    for step in &report.reverted {
        printer.status(&format!("Reverted unknown {}", line(step)));
    }
    for step in &report.steps {
        printer.status(&format!("{verb} {}", line(step)));
    }
}

/// `upgrade --sql` without a database writes PostgreSQL: offline scripts are for a DBA
/// to review and run by hand.
fn offline_dialect() -> &'static dyn strata::plan::Dialect {
    strata::dialect(strata::Engine::Postgres)
}

pub fn line(step: &StepReport) -> String {
    let mut text = step.revision.clone();
    if !step.message.is_empty() {
        text.push(' ');
        text.push_str(&step.message);
    }
    if !step.transactional {
        text.push_str(" [no transaction]");
    }
    if step.statements > 0 {
        text.push_str(&format!(" ({})", duration(step.duration)));
    }
    text
}

/// The closing line: where the database is now.
pub fn summary(report: &RunReport, verb: &str, printer: Printer) {
    let at = if report.after.is_empty() {
        "base".to_string()
    } else {
        report.after.join(", ")
    };
    let n = report.steps.len() + report.reverted.len();
    if n == 0 {
        printer.status(&format!("Nothing to do: the database is at {at}."));
    } else {
        printer.status(&format!(
            "{verb} to {at}: {n} {} in {}.",
            plural(n, "revision", "revisions"),
            duration(report.total)
        ));
    }
}

//! `strata downgrade TARGET`: undo applied revisions back to a revision, `-N` or `base`.
use super::Project;
use super::args::DowngradeArgs;
use super::upgrade::{print_run, summary};
use crate::commands::ExitStatus;
use crate::config::{Config, Overrides};
use crate::error::CliError;
use crate::printer::Printer;

pub fn downgrade(
    args: &DowngradeArgs,
    config: &Config,
    printer: Printer,
) -> Result<ExitStatus, CliError> {
    let flags = Overrides {
        url: args.url.url.as_deref(),
        ..Overrides::default()
    };
    let project = Project::resolve(config, &flags, &args.migrations, Some(&args.lock));
    let dir = project.load()?;
    let target = args.target.parse()?;
    let mut db = project.open(printer)?;
    let report = strata_migrate::downgrade(db.as_mut(), &dir, &project.migrate, &target)?;
    print_run(&report, "Reverted", printer);
    summary(&report, "Downgraded", printer);
    Ok(ExitStatus::Success)
}

//! `strata stamp TARGET`: record the database as being at a revision without running
//! anything.
use super::Project;
use super::args::StampArgs;
use super::upgrade::{print_run, summary};
use crate::commands::ExitStatus;
use crate::config::{Config, Overrides};
use crate::error::CliError;
use crate::printer::Printer;

pub fn stamp(args: &StampArgs, config: &Config, printer: Printer) -> Result<ExitStatus, CliError> {
    let flags = Overrides {
        url: args.url.url.as_deref(),
        ..Overrides::default()
    };
    let project = Project::resolve(config, &flags, &args.migrations, Some(&args.lock))?;
    let dir = project.load()?;
    let target = args.target.parse()?;
    let mut db = project.open(printer)?;
    let report = strata_migrate::stamp(db.as_mut(), &dir, &project.migrate, &target)?;
    print_run(&report, "Stamped", printer);
    summary(&report, "Stamped", printer);
    Ok(ExitStatus::Success)
}

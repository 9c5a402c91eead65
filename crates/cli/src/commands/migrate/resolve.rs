//! `strata resolve REV --applied|--rolled-back`: settle a dirty database after looking at
//! it by hand.
use super::Project;
use super::args::ResolveArgs;
use crate::commands::ExitStatus;
use crate::config::{Config, Overrides};
use crate::error::CliError;
use crate::printer::Printer;
use strata_migrate::Resolution;

pub fn resolve(
    args: &ResolveArgs,
    config: &Config,
    printer: Printer,
) -> Result<ExitStatus, CliError> {
    let flags = Overrides {
        url: args.url.url.as_deref(),
        ..Overrides::default()
    };
    let project = Project::resolve(config, &flags, &args.migrations, Some(&args.lock))?;
    let dir = project.load()?;
    let mut db = project.open(printer)?;
    let resolution = if args.applied {
        Resolution::Applied
    } else {
        Resolution::RolledBack
    };
    let step = strata_migrate::resolve(
        db.as_mut(),
        &dir,
        &project.migrate,
        &args.revision,
        resolution,
    )?;
    let state = if args.applied {
        "applied"
    } else {
        "not applied"
    };
    printer.status(&format!(
        "Recorded revision {} as {state}; the database is no longer dirty.",
        step.revision
    ));
    Ok(ExitStatus::Success)
}

//! `strata repair REV`: accept the edited file of an applied revision.
use super::Project;
use super::args::RepairArgs;
use crate::commands::ExitStatus;
use crate::config::{Config, Overrides};
use crate::error::CliError;
use crate::printer::Printer;

pub fn repair(
    args: &RepairArgs,
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
    let report = strata_migrate::repair(db.as_mut(), &dir, &project.migrate, &args.revision)?;
    if report.changed {
        printer.status(&format!(
            "Recorded the new checksum of {}: {} (was {}).",
            report.revision,
            report.new,
            report.old.as_deref().unwrap_or("none")
        ));
    } else {
        printer.status(&format!(
            "{} is unchanged; nothing to repair.",
            report.revision
        ));
    }
    Ok(ExitStatus::Success)
}

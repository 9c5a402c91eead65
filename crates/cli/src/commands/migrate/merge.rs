//! `strata merge`: a revision whose parents are all current heads.
use super::args::MergeArgs;
use super::{Project, shown};
use crate::commands::ExitStatus;
use crate::config::{Config, Overrides};
use crate::error::CliError;
use crate::printer::Printer;

pub fn merge(args: &MergeArgs, config: &Config, printer: Printer) -> Result<ExitStatus, CliError> {
    let project = Project::resolve(config, &Overrides::default(), &args.migrations, None)?;
    let mut dir = project.load()?;
    let rev = strata_migrate::merge(&mut dir, &args.message)?;
    printer.data(&format!("{}\n", shown(&rev.path)))?;
    printer.status(&format!(
        "Wrote merge revision {} over {}.",
        rev.id,
        rev.parents.join(", ")
    ));
    Ok(ExitStatus::Success)
}

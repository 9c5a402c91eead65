//! `strata heads`: the revisions nothing builds on yet.
use super::Project;
use super::args::HeadsArgs;
use crate::commands::ExitStatus;
use crate::config::{Config, Overrides};
use crate::error::CliError;
use crate::printer::Printer;

pub fn heads(args: &HeadsArgs, config: &Config, printer: Printer) -> Result<ExitStatus, CliError> {
    let project = Project::resolve(config, &Overrides::default(), &args.migrations, None)?;
    let dir = project.load()?;
    let heads = dir.heads();
    let out: String = heads
        .iter()
        .map(|h| format!("{} {}\n", h.id, h.message))
        .collect();
    printer.data(&out)?;
    if heads.len() > 1 {
        printer.hint("several heads: `strata merge -m \"merge heads\"` joins them");
    }
    Ok(ExitStatus::Success)
}

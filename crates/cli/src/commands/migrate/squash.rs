//! `strata squash --to REV`: fold REV and everything before it into one baseline.
use super::args::SquashArgs;
use super::{Project, shown};
use crate::commands::ExitStatus;
use crate::config::{Config, Overrides};
use crate::error::{CliError, plural};
use crate::printer::Printer;
use strata_migrate::SquashOptions;

pub fn squash(
    args: &SquashArgs,
    config: &Config,
    printer: Printer,
) -> Result<ExitStatus, CliError> {
    let flags = Overrides {
        url: args.url.as_deref(),
        ..Overrides::new(&args.dev, &args.scope)
    };
    let project = Project::resolve(config, &flags, &args.migrations, None)?;
    let mut dir = project.load()?;
    let mut host = project.replay_host(None, printer)?;
    let options = SquashOptions {
        to: args.to.clone(),
        message: args.message.clone(),
    };
    let report = strata_migrate::squash(&mut dir, host.as_mut(), &project.migrate, &options)?;
    printer.data(&format!("{}\n", shown(&report.path)))?;
    let n = report.removed.len();
    printer.status(&format!(
        "Wrote baseline {} replacing {n} {} ({}); removed their files.",
        report.baseline,
        plural(n, "revision", "revisions"),
        report.replaced.join(", ")
    ));
    printer.hint("databases that already ran them keep working; data changes (INSERT/UPDATE) in the replaced revisions are not in the baseline");
    Ok(ExitStatus::Success)
}

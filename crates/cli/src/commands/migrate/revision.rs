//! `strata revision -m MSG`: a new revision on top of the head, computed from the
//! schema files (or blank with `--empty`).
use super::Project;
use super::args::RevisionArgs;
use super::shown;
use crate::commands::ExitStatus;
use crate::commands::shared::check_exists;
use crate::config::{Config, Overrides};
use crate::error::CliError;
use crate::printer::Printer;
use strata_migrate::{MigrationDir, RevisionOptions, RevisionOutcome};

pub fn revision(
    args: &RevisionArgs,
    config: &Config,
    printer: Printer,
) -> Result<ExitStatus, CliError> {
    let flags = Overrides {
        url: args.url.as_deref(),
        schema: args.schema.as_deref(),
        ..Overrides::new(&args.dev, &args.scope)
    };
    let project = Project::resolve(config, &flags, &args.migrations, None)?;
    let mut dir = MigrationDir::create(&project.dir)?;
    let mut options = RevisionOptions {
        message: args.message.clone(),
        empty: args.empty,
        schema: None,
        renames: args.rename.renames.clone(),
    };
    let outcome = if args.empty {
        strata_migrate::revision(&mut dir, None, &project.migrate, &options)?
    } else {
        let schema = project.schema()?;
        check_exists(&schema)?;
        let mut host = project.replay_host(Some(&schema), printer)?;
        printer.verbose("Replaying the migrations and comparing them with the schema");
        options.schema = Some(schema);
        strata_migrate::revision(&mut dir, Some(host.as_mut()), &project.migrate, &options)?
    };
    match outcome {
        RevisionOutcome::NoChanges => {
            printer
                .status("No changes: the migrations already produce the schema; nothing written.");
        }
        RevisionOutcome::Written { revision, steps } => {
            printer.data(&format!("{}\n", shown(&revision.path)))?;
            let parent = if revision.parents.is_empty() {
                "the first revision".to_string()
            } else {
                format!("on top of {}", revision.parents.join(", "))
            };
            printer.status(&format!("Wrote revision {} ({parent}).", revision.id));
            for step in &steps {
                printer.status(&format!("  - {}", step.summary));
                for hazard in &step.hazards {
                    printer.status(&format!("      {hazard}"));
                }
            }
            if !args.empty {
                printer.hint("review the file before you commit it: autogenerate cannot tell a rename from a drop and an add");
            }
        }
    }
    Ok(ExitStatus::Success)
}

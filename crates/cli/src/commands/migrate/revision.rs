//! `strata revision -m MSG`: a new revision on top of the head, computed from the
//! schema files (or blank with `--empty`).
use super::Project;
use super::args::RevisionArgs;
use super::shown;
use crate::cli::ModeArg;
use crate::commands::ExitStatus;
use crate::commands::shared::check_exists;
use crate::config::{Config, Overrides};
use crate::error::CliError;
use crate::printer::Printer;
use std::collections::BTreeMap;
use strata::catalog::QualName;
use strata_migrate::{MigrationDir, RevisionOptions, RevisionOutcome};

pub fn revision(
    args: &RevisionArgs,
    config: &Config,
    printer: Printer,
) -> Result<ExitStatus, CliError> {
    // Sizes come from a database named on the command line; without one there are
    // only the replayed, empty tables, so the default is simple.
    let mode = match (args.mode, &args.url) {
        (None, Some(_)) => Some(ModeArg::BySize),
        (None, None) => Some(ModeArg::Simple),
        (mode, _) => mode,
    };
    let flags = Overrides {
        url: args.url.as_deref(),
        schema: args.schema.as_deref(),
        mode,
        ..Overrides::new(&args.dev, &args.scope)
    };
    let project = Project::resolve(config, &flags, &args.migrations, None)?;
    let mut dir = MigrationDir::create(&project.dir)?;
    let mut options = RevisionOptions {
        message: args.message.clone(),
        empty: args.empty,
        schema: None,
        renames: args.rename.renames.clone(),
        mode: project.settings.mode,
        sizes: Default::default(),
    };
    if let (strata::Mode::BySize(_), false) = (options.mode, args.empty) {
        options.sizes = table_sizes(&project, printer)?;
    }
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

/// The sizes of the tables of the `--url` database, for `--mode by-size`.
fn table_sizes(
    project: &Project,
    printer: Printer,
) -> Result<BTreeMap<QualName, strata::TableSize>, CliError> {
    let Some(_) = &project.settings.url else {
        return Err(
            CliError::error("--mode by-size reads table sizes from a database")
                .hint("pass `--url` with the database the revision is for, or use `--mode online`"),
        );
    };
    let mut db = project.open_read_only(printer)?;
    Ok(db.table_sizes().map_err(strata::Error::from)?)
}

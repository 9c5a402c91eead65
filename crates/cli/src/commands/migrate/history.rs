//! `strata history`: every revision in graph order, and which the database applied.
use super::Project;
use super::args::HistoryArgs;
use crate::commands::ExitStatus;
use crate::config::{Config, Overrides};
use crate::error::CliError;
use crate::printer::Printer;

pub fn history(
    args: &HistoryArgs,
    config: &Config,
    printer: Printer,
) -> Result<ExitStatus, CliError> {
    let flags = Overrides {
        url: args.url.url.as_deref(),
        ..Overrides::default()
    };
    let project = Project::resolve(config, &flags, &args.migrations, None)?;
    let dir = project.load()?;
    let entries = if args.offline || project.settings.url.is_none() {
        strata_migrate::history(None, &dir, &project.migrate)?
    } else {
        let mut db = project.open_read_only(printer)?;
        strata_migrate::history(Some(db.as_mut()), &dir, &project.migrate)?
    };
    let mut out = String::new();
    for e in &entries {
        let state = match e.applied {
            Some(true) => "applied  ",
            Some(false) => "pending  ",
            None => "",
        };
        let mut tags = Vec::new();
        if e.head {
            tags.push("head".to_string());
        }
        if e.merge {
            tags.push(format!("merges {}", e.parents.join(", ")));
        }
        let tags = if tags.is_empty() {
            String::new()
        } else {
            format!(" ({})", tags.join("; "))
        };
        out.push_str(&format!("{} {state}{}{tags}\n", e.revision, e.message));
    }
    printer.data(&out)?;
    if entries.is_empty() {
        printer.status("No revisions yet.");
    }
    Ok(ExitStatus::Success)
}

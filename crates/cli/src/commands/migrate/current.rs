//! `strata current`: the revision(s) the database is at.
use super::Project;
use super::args::CurrentArgs;
use crate::commands::ExitStatus;
use crate::config::{Config, Overrides};
use crate::error::CliError;
use crate::printer::Printer;

pub fn current(
    args: &CurrentArgs,
    config: &Config,
    printer: Printer,
) -> Result<ExitStatus, CliError> {
    let flags = Overrides {
        url: args.url.url.as_deref(),
        ..Overrides::default()
    };
    let project = Project::resolve(config, &flags, &args.migrations, None)?;
    let dir = project.load()?;
    let mut db = project.open_read_only(printer)?;
    let current = strata_migrate::current(db.as_mut(), &dir, &project.migrate)?;
    let heads: Vec<String> = dir.heads().iter().map(|h| h.id.clone()).collect();
    let mut out = String::new();
    if current.revisions.is_empty() {
        out.push_str("base\n");
    }
    for id in &current.revisions {
        let message = dir.get(id).map(|r| r.message.as_str()).unwrap_or_default();
        let head = if heads.contains(id) { " (head)" } else { "" };
        out.push_str(&format!("{id}{head} {message}\n"));
    }
    printer.data(&out)?;
    if !current.unknown.is_empty() {
        printer.status(&format!(
            "warning: applied revisions not in this folder: {}",
            current.unknown.join(", ")
        ));
    }
    if let Some(dirty) = &current.dirty {
        printer.status(&format!(
            "warning: the database is dirty: revision {} ({}) did not finish",
            dirty.revision, dirty.direction
        ));
    }
    Ok(ExitStatus::Success)
}

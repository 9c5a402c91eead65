//! `strata status`: where the database is, what is pending, and whether its schema still
//! matches what its applied revisions produce (drift).
use super::Project;
use super::args::StatusArgs;
use crate::commands::ExitStatus;
use crate::config::{Config, Overrides};
use crate::error::CliError;
use crate::printer::Printer;
use crate::redact::redact;

pub fn status(
    args: &StatusArgs,
    config: &Config,
    printer: Printer,
) -> Result<ExitStatus, CliError> {
    let flags = Overrides {
        url: args.url.url.as_deref(),
        ..Overrides::new(&args.dev, &args.scope)
    };
    let project = Project::resolve(config, &flags, &args.migrations, None)?;
    let dir = project.load()?;
    let mut db = project.open_read_only(printer)?;
    let st = strata_migrate::status(db.as_mut(), &dir, &project.migrate, !args.no_drift)?;
    let list = |ids: &[String]| {
        if ids.is_empty() {
            "none".to_string()
        } else {
            ids.join(", ")
        }
    };
    let mut out = format!("database: {}\n", redact(&db.describe()));
    out.push_str(&format!(
        "current:  {}\n",
        if st.current.is_empty() {
            "base".to_string()
        } else {
            st.current.join(", ")
        }
    ));
    out.push_str(&format!("heads:    {}\n", list(&st.heads)));
    out.push_str(&format!("pending:  {}\n", list(&st.pending)));
    if !st.unknown.is_empty() {
        let ids: Vec<String> = st.unknown.iter().map(|a| a.revision.clone()).collect();
        out.push_str(&format!(
            "unknown:  {} (applied, not in this folder)\n",
            ids.join(", ")
        ));
    }
    for m in &st.mismatches {
        out.push_str(&format!(
            "edited:   {} ({}) changed after it was applied\n",
            m.revision,
            m.path.display()
        ));
    }
    if let Some(d) = &st.dirty {
        out.push_str(&format!(
            "dirty:    {} ({}) did not finish\n",
            d.revision, d.direction
        ));
    }
    match &st.drift {
        None => out.push_str("drift:    not checked\n"),
        Some(steps) if steps.is_empty() => out.push_str("drift:    none\n"),
        Some(steps) => {
            out.push_str("drift:    the live schema differs from what its revisions produce:\n");
            for s in steps {
                out.push_str(&format!("  - {s}\n"));
            }
        }
    }
    printer.data(&out)?;
    if st.drift.as_ref().is_some_and(|d| !d.is_empty()) {
        printer.hint("capture the change with `strata revision`, or undo it by hand");
    }
    Ok(if args.exit_code && !st.is_clean() {
        ExitStatus::Differences
    } else {
        ExitStatus::Success
    })
}

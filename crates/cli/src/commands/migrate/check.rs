//! `strata check`, for CI: one head, every file parses, applied files unchanged and no
//! drift (with `--url`), replaying gives the schema files' schema, every down undoes its up. Exits 2
//! with the list of failures.
use super::Project;
use super::args::CheckArgs;
use crate::commands::ExitStatus;
use crate::commands::approvals;
use crate::commands::shared::check_exists;
use crate::config::{Config, Overrides};
use crate::error::{CliError, plural};
use crate::printer::Printer;
use strata_migrate::{CheckKind, CheckOptions};

pub fn check(args: &CheckArgs, config: &Config, printer: Printer) -> Result<ExitStatus, CliError> {
    let flags = Overrides {
        url: args.url.as_deref(),
        schema: args.schema.as_deref(),
        ..Overrides::new(&args.dev, &args.scope)
    };
    let mut project = Project::resolve(config, &flags, &args.migrations, None)?;
    project.set_pg_version(args.pg_version)?;
    let schema = project.schema()?;
    check_exists(&schema)?;
    // With --url that database is checked and also hosts the replays.
    let mut db = match &args.url {
        Some(_) => project.open_read_only(printer)?,
        None => project.replay_host(Some(&schema), printer)?,
    };
    // Syntax only, to keep check cheap; with --url only the revisions it has not applied.
    let lint = strata::lint::LintOptions {
        engine: strata::lint::engine(db.as_ref()),
        pg_version: match args.pg_version {
            Some(v) => v.major,
            None => strata::lint::server_version(db.as_ref()).unwrap_or(15),
        },
    };
    let options = CheckOptions {
        schema: Some(schema.clone()),
        applied: args.url.is_some(),
        downs: !args.no_downs,
        lint: Some(lint),
        approvals: approvals::file_entries(config)?,
    };
    let report =
        strata_migrate::check(&project.dir, Some(db.as_mut()), &project.migrate, &options)?;
    if report.passed() {
        let ran: Vec<&str> = report.ran.iter().map(|k| name(*k)).collect();
        printer.status(&format!(
            "check passed: {} {} ({}).",
            report.revisions,
            plural(report.revisions, "revision", "revisions"),
            ran.join(", ")
        ));
        return Ok(ExitStatus::Success);
    }
    let n = report.findings.len();
    let mut message = format!("check failed: {n} {}:", plural(n, "problem", "problems"));
    for f in &report.findings {
        message.push_str(&format!("\n  - [{}] {}", name(f.kind), f.message));
    }
    Err(CliError::error(message).status(ExitStatus::Differences))
}

fn name(kind: CheckKind) -> &'static str {
    match kind {
        CheckKind::Parse => "files",
        CheckKind::Heads => "heads",
        CheckKind::Applied => "applied",
        CheckKind::Drift => "drift",
        CheckKind::Replay => "replay",
        CheckKind::Schema => "schema",
        CheckKind::Down => "downs",
        CheckKind::Lint => "lint",
        CheckKind::Approvals => "approvals",
    }
}

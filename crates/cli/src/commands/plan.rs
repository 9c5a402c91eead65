//! `strata plan`: what would change, as reviewable SQL.
use super::ExitStatus;
use super::shared::{
    Access, check_exists, check_same_engine, connect, database_url, label, parse_source, read,
};
use crate::cli::{DevArgs, PlanArgs, ScopeArgs, TargetArgs};
use crate::config::{Config, Overrides, Settings};
use crate::error::CliError;
use crate::printer::Printer;
use crate::redact::redact;
use strata::{Database, Plan, Source};

pub fn plan(args: &PlanArgs, config: &Config, printer: Printer) -> Result<ExitStatus, CliError> {
    let planned = build(
        &args.target,
        &args.dev,
        &args.scope,
        Access::ReadOnly,
        config,
        printer,
    )?;
    if planned.plan.is_empty() {
        printer.status("No changes: the database matches the schema.");
        return Ok(ExitStatus::Success);
    }
    printer.plan(&planned.plan, args.format)?;
    printer.plan_total(&planned.plan);
    Ok(if args.exit_code {
        ExitStatus::Differences
    } else {
        ExitStatus::Success
    })
}

/// A plan against a target database, with the open connection to run it on.
pub struct Planned {
    pub db: Box<dyn Database>,
    /// The target URL, redacted for messages.
    pub target: String,
    pub plan: Plan,
}

/// Resolves the target and schema, connects, and plans the changes that make the
/// database match the schema. Shared by `plan` (read-only: a missing SQLite file is an
/// error) and `apply` (which creates it).
pub fn build(
    target: &TargetArgs,
    dev: &DevArgs,
    scope: &ScopeArgs,
    access: Access,
    config: &Config,
    printer: Printer,
) -> Result<Planned, CliError> {
    let flags = Overrides {
        url: target.url.as_deref(),
        schema: target.schema.as_deref(),
        ..Overrides::new(dev, scope)
    };
    let settings = Settings::resolve(config, &flags, &|name| std::env::var(name).ok());
    let url = settings.require_url()?;
    database_url(url)?;
    let desired = parse_source(&settings.schema)?;
    check_exists(&desired)?;
    let target = Source::Database(url.to_string());
    check_same_engine(&target, &desired)?;
    if let Some((_, origin)) = &settings.url {
        printer.verbose(&format!("Database: {} (from {origin})", redact(url)));
    }
    printer.verbose(&format!("Schema: {}", label(&desired)));

    let mut db = connect(url, settings.dev_url.as_deref(), access, printer)?;
    let current = read(&target, db.as_mut(), url, &settings, printer)?;
    let desired = read(&desired, db.as_mut(), url, &settings, printer)?;
    let plan = strata::plan(&current, &desired, db.as_ref())?;
    Ok(Planned {
        db,
        target: redact(url),
        plan,
    })
}

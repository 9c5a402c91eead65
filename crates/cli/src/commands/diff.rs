//! `strata diff FROM TO`: the SQL that turns one schema into another. Exits 0 when
//! equal, 2 when different, 1 on errors (the common exit-code table).
use super::ExitStatus;
use super::shared::{
    Access, check_exists, check_same_engine, connect, label, parse_source, plan_for, read,
    read_with_hints, rename_hints, scratch_host,
};
use crate::cli::DiffArgs;
use crate::config::{Config, Overrides, Settings};
use crate::error::CliError;
use crate::printer::Printer;

pub fn diff(args: &DiffArgs, config: &Config, printer: Printer) -> Result<ExitStatus, CliError> {
    let settings = Settings::resolve(config, &Overrides::new(&args.dev, &args.scope), &|name| {
        std::env::var(name).ok()
    })?;
    let from = parse_source(&args.from)?;
    let to = parse_source(&args.to)?;
    check_exists(&from)?;
    check_exists(&to)?;
    check_same_engine(&from, &to)?;

    let host = scratch_host(&[&from, &to], &settings, printer);
    let mut db = connect(
        &host.url,
        host.dev_url.as_deref(),
        Access::ReadOnly,
        printer,
    )?;
    let a = read(&from, db.as_mut(), &host.url, &settings, printer)?;
    let (b, hints) = read_with_hints(&to, db.as_mut(), &host.url, &settings, printer)?;
    let hints = rename_hints(&hints.renames, &args.rename.renames, &a, db.as_ref())?;
    // Two sources, no live table to protect: the plain statements.
    let settings = strata::PlanSettings {
        renames: &hints,
        mode: strata::Mode::Simple,
        pg_version: args.pg_version,
    };
    let plan = plan_for(&a, &b, db.as_mut(), &host.url, &settings, printer)?;

    if plan.is_empty() {
        printer.status(&format!(
            "No changes: `{}` and `{}` have the same schema.",
            label(&from),
            label(&to)
        ));
        return Ok(ExitStatus::Success);
    }
    printer.plan(&plan, args.format)?;
    printer.plan_total(&plan);
    Ok(ExitStatus::Differences)
}

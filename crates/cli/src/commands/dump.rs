//! `strata dump SOURCE`: the canonical schema of any source, as SQL.
use super::ExitStatus;
use super::shared::{Access, check_exists, connect, label, parse_source, read, scratch_host};
use crate::cli::DumpArgs;
use crate::config::{Config, Overrides, Settings};
use crate::error::CliError;
use crate::printer::Printer;

pub fn dump(args: &DumpArgs, config: &Config, printer: Printer) -> Result<ExitStatus, CliError> {
    let settings = Settings::resolve(config, &Overrides::new(&args.dev, &args.scope), &|name| {
        std::env::var(name).ok()
    })?;
    let arg = match &args.source {
        Some(arg) => arg.as_str(),
        None => settings.require_url()?,
    };
    let source = parse_source(arg)?;
    check_exists(&source)?;

    let host = scratch_host(&[&source], &settings, printer);
    let mut db = connect(
        &host.url,
        host.dev_url.as_deref(),
        Access::ReadOnly,
        printer,
    )?;
    let catalog = read(&source, db.as_mut(), &host.url, &settings, printer)?;
    let sql = strata::dump(&catalog, db.as_ref())?;
    if sql.is_empty() {
        printer.status(&format!("`{}` has no schema objects.", label(&source)));
    } else {
        printer.data(&sql)?;
    }
    Ok(ExitStatus::Success)
}

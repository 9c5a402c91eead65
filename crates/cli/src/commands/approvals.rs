//! The approvals a command runs with: `--allow` flags, `--allow-destructive`, and the
//! approval file beside `strata.toml`.
use crate::config::Config;
use crate::error::CliError;
use std::path::{Path, PathBuf};
use strata::approval::{self, APPROVALS_FILE};
use strata::{Approval, Approvals};

/// The approval file: beside the configuration file, else in the current directory.
pub fn file_path(config: &Config) -> PathBuf {
    match config.path.as_deref().and_then(Path::parent) {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(APPROVALS_FILE),
        _ => PathBuf::from(APPROVALS_FILE),
    }
}

/// The entries of the approval file (none when there is no file).
pub fn file_entries(config: &Config) -> Result<Vec<Approval>, CliError> {
    Ok(approval::read_file(&file_path(config)).map_err(strata::Error::from)?)
}

/// Every approval for this run: the file's entries, each `--allow` value, and the
/// blanket `--allow-destructive`.
pub fn resolve(
    config: &Config,
    allow: &[String],
    destructive: bool,
) -> Result<Approvals, CliError> {
    let mut approvals = Approvals::blanket(destructive).with(file_entries(config)?);
    for value in allow {
        let parsed = approval::parse_allow(value).map_err(strata::Error::from)?;
        approvals.entries.extend(parsed);
    }
    Ok(approvals)
}

/// For each step of `plan`, the codes of its findings that need an approval `approvals`
/// do not give: what `plan` marks `[needs approval: S002]`.
pub fn marks(
    plan: &strata::Plan,
    policy: &strata::Policy,
    approvals: &Approvals,
) -> Vec<Vec<String>> {
    let mut marks = vec![Vec::new(); plan.steps.len()];
    for p in approval::pending(plan, policy, approvals) {
        let codes = &mut marks[p.step - 1];
        if !codes.contains(&p.hazard.code) {
            codes.push(p.hazard.code.clone());
        }
    }
    marks
}

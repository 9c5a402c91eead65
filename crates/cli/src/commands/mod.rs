//! One module per subcommand, and the one `match` that dispatches to them.
//!
//! A subcommand is a function taking its clap arguments, the configuration and the
//! [`Printer`], returning an [`ExitStatus`] or a [`CliError`]. Shared steps (reading a
//! source, connecting) live in `shared.rs`.
use crate::cli::{Cli, Command};
use crate::config::Config;
use crate::error::CliError;
use crate::printer::Printer;
use std::process::ExitCode;

mod apply;
pub mod approvals;
pub mod cleanup;
mod diff;
mod dump;
mod explain;
mod init;
mod lint;
pub mod migrate;
mod plan;
mod shared;

/// How the program ends: one table for every command (see the README).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExitStatus {
    /// 0: done, nothing to do, no differences.
    Success,
    /// 1: an error, usage errors included.
    Error,
    /// 2: differences found: `diff`, `plan --exit-code`, `status --exit-code`, `check`
    /// and `lint` findings.
    Differences,
    /// 3: refused: not confirmed, not approved, the database changed since the plan, the
    /// lock was not obtained.
    Refused,
    /// 130: interrupted.
    Interrupted,
}

impl ExitStatus {
    /// The process exit code.
    pub fn code(self) -> u8 {
        match self {
            ExitStatus::Success => 0,
            ExitStatus::Error => 1,
            ExitStatus::Differences => 2,
            ExitStatus::Refused => 3,
            ExitStatus::Interrupted => 130,
        }
    }
}

impl From<ExitStatus> for ExitCode {
    fn from(status: ExitStatus) -> ExitCode {
        ExitCode::from(status.code())
    }
}

/// Runs the chosen subcommand.
pub fn run(cli: Cli, printer: Printer) -> Result<ExitStatus, CliError> {
    let global = cli.global;
    let config = || Config::load(global.config.as_deref());
    match cli.command {
        Command::Init(args) => init::init(&args, printer),
        Command::Plan(args) => plan::plan(&args, &config()?, printer),
        Command::Apply(args) => apply::apply(&args, &config()?, printer),
        Command::Diff(args) => diff::diff(&args, &config()?, printer),
        Command::Dump(args) => dump::dump(&args, &config()?, printer),
        Command::Cleanup(args) => cleanup::cleanup(&args, &config()?, printer),
        Command::Explain(args) => explain::explain(&args, printer),
        Command::Lint(args) => lint::lint(&args, printer),
        Command::Revision(args) => migrate::revision::revision(&args, &config()?, printer),
        Command::Upgrade(args) => migrate::upgrade::upgrade(&args, &config()?, printer),
        Command::Downgrade(args) => migrate::downgrade::downgrade(&args, &config()?, printer),
        Command::Current(args) => migrate::current::current(&args, &config()?, printer),
        Command::Heads(args) => migrate::heads::heads(&args, &config()?, printer),
        Command::History(args) => migrate::history::history(&args, &config()?, printer),
        Command::Status(args) => migrate::status::status(&args, &config()?, printer),
        Command::Stamp(args) => migrate::stamp::stamp(&args, &config()?, printer),
        Command::Merge(args) => migrate::merge::merge(&args, &config()?, printer),
        Command::Check(args) => migrate::check::check(&args, &config()?, printer),
        Command::Squash(args) => migrate::squash::squash(&args, &config()?, printer),
        Command::Repair(args) => migrate::repair::repair(&args, &config()?, printer),
        Command::Resolve(args) => migrate::resolve::resolve(&args, &config()?, printer),
    }
}

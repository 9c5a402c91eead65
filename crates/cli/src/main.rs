//! The `strata` command-line program: parse, run, print the error if any, exit.
use clap::Parser;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::ExitCode;

mod cli;
mod commands;
mod config;
mod error;
mod interrupt;
mod printer;
mod redact;

fn main() -> ExitCode {
    // Usage errors exit with status 2, `--help` and `--version` with 0 (clap's own).
    let cli = cli::Cli::parse();
    let printer = printer::Printer::new(cli.global.color, cli.global.quiet, cli.global.verbose);
    interrupt::install(printer);
    error::install_panic_hook(printer);
    match catch_unwind(AssertUnwindSafe(|| commands::run(cli, printer))) {
        Ok(Ok(status)) => status.into(),
        Ok(Err(err)) => {
            printer.error(&err);
            err.status.into()
        }
        // The panic hook has reported it.
        Err(_) => commands::ExitStatus::Error.into(),
    }
}

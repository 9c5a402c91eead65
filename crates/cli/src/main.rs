//! The `strata` command-line program: parse, run, print the error if any, exit.
use clap::Parser;
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
    match commands::run(cli, printer) {
        Ok(status) => status.into(),
        Err(err) => {
            printer.error(&err);
            err.status.into()
        }
    }
}

//! The `strata` command-line program: parse, run, print the error if any, exit.
use clap::Parser as _;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::ExitCode;

mod cli;
mod commands;
mod config;
mod duration;
mod error;
mod interrupt;
mod printer;
mod redact;

fn main() -> ExitCode {
    // `--help` and `--version` exit 0; usage errors exit 1 like every other error (clap's
    // own choice would be 2, which strata's table keeps for "differences found").
    let cli = match cli::Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            let status = if e.use_stderr() {
                commands::ExitStatus::Error
            } else {
                commands::ExitStatus::Success
            };
            return status.into();
        }
    };
    let printer = printer::Printer::new(cli.global.color, cli.global.quiet, cli.global.verbose);
    interrupt::install(printer);
    error::install_panic_hook(printer);
    let outcome = catch_unwind(AssertUnwindSafe(|| commands::run(cli, printer)));
    // After a signal, whatever the command ended with is the handler's doing.
    interrupt::settle();
    for note in strata::take_scratch_notes() {
        printer.verbose(&commands::cleanup::note_text(&note));
    }
    match outcome {
        Ok(Ok(status)) => status.into(),
        Ok(Err(err)) => {
            printer.error(&err);
            err.status.into()
        }
        // The panic hook has reported it.
        Err(_) => commands::ExitStatus::Error.into(),
    }
}

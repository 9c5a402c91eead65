//! Ctrl-C: drop scratch databases, then exit with status 130.
//!
//! `std::process::exit` skips destructors, so the temporary databases the library creates
//! on a PostgreSQL server for loading schema files would be left behind. An apply in
//! progress needs nothing here: its transaction dies with the connection.
use crate::commands::ExitStatus;
use crate::error::CliError;
use crate::printer::Printer;

/// Installs the handler. Failing to install it is not worth stopping for.
pub fn install(printer: Printer) {
    let installed = ctrlc::set_handler(move || {
        strata::cleanup_scratch();
        printer.error(&CliError::error("interrupted").status(ExitStatus::Interrupted));
        std::process::exit(ExitStatus::Interrupted.code().into());
    });
    if let Err(e) = installed {
        printer.verbose(&format!("cannot install the Ctrl-C handler: {e}"));
    }
}

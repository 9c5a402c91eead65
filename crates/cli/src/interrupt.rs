//! Ctrl-C, SIGTERM and SIGHUP: drop scratch databases, say `interrupted`, exit 130.
//!
//! `std::process::exit` skips destructors, so the temporary databases the library creates
//! on a PostgreSQL server for loading schema files would be left behind. An apply in
//! progress needs nothing here: its transaction dies with the connection.
//!
//! The handler runs on its own thread while the main thread goes on. Dropping the scratch
//! database the main thread is loading into makes the main thread fail too (`connection
//! closed`, ...), and that error must not be what the user reads. So the last word is
//! claimed once: by the handler when the signal comes first, else by the main thread in
//! [`settle`] as it finishes. Whoever comes second prints nothing; a main thread that
//! comes second waits for the handler to finish dropping and end the process.
use crate::commands::ExitStatus;
use crate::error::CliError;
use crate::printer::Printer;
use std::sync::atomic::{AtomicU8, Ordering};

const RUNNING: u8 = 0;
const INTERRUPTED: u8 = 1;
const FINISHING: u8 = 2;

/// Who has the last word: nobody yet, the signal handler, or the main thread.
static STATE: AtomicU8 = AtomicU8::new(RUNNING);

/// Installs the handler. Failing to install it is not worth stopping for.
pub fn install(printer: Printer) {
    let installed = ctrlc::set_handler(move || on_signal(printer));
    if let Err(e) = installed {
        printer.verbose(&format!("cannot install the signal handler: {e}"));
    }
}

fn on_signal(printer: Printer) {
    if claim(INTERRUPTED).is_err() {
        // The main thread is already reporting how the command ended; everything it had
        // to drop is dropped by then.
        return;
    }
    strata::cleanup_scratch();
    printer.write_error(&CliError::error("interrupted").status(ExitStatus::Interrupted));
    std::process::exit(ExitStatus::Interrupted.code().into());
}

/// Claims the last word for the main thread, before it prints its error or returns its
/// status. If a signal came first, never returns: the handler is dropping scratch
/// databases and will print `interrupted` and exit.
pub fn settle() {
    match claim(FINISHING) {
        Ok(()) | Err(FINISHING) => {}
        Err(_) => loop {
            std::thread::park();
        },
    }
}

/// Moves from RUNNING to `to`; on failure returns who got there first.
fn claim(to: u8) -> Result<(), u8> {
    STATE
        .compare_exchange(RUNNING, to, Ordering::SeqCst, Ordering::SeqCst)
        .map(|_| ())
}

//! What the user sees when something goes wrong: one paragraph (`error: ...`), an optional
//! `hint: ...`, and an exit status. Library errors are turned into that form here and
//! nowhere else.
use crate::commands::ExitStatus;
use crate::printer::Printer;
use std::fmt;
use strata::{DbError, Error};

/// An error (or refusal) ready to print.
#[derive(Debug)]
pub struct CliError {
    /// The exit status it ends the program with.
    pub status: ExitStatus,
    /// The message after `error: `; may span lines but is one paragraph.
    pub message: String,
    /// A suggestion printed after the message as `hint: ...`.
    pub hint: Option<String>,
    /// True when nothing should be printed (a closed output pipe).
    pub silent: bool,
}

impl CliError {
    /// A failure caused by bad input or the environment (exit status 1).
    pub fn error(message: impl Into<String>) -> CliError {
        CliError {
            status: ExitStatus::Error,
            message: message.into(),
            hint: None,
            silent: false,
        }
    }

    /// strata declined to do something unsafe or unconfirmed (exit status 3).
    pub fn refused(message: impl Into<String>) -> CliError {
        CliError {
            status: ExitStatus::Refused,
            ..CliError::error(message)
        }
    }

    /// Adds a hint.
    pub fn hint(mut self, hint: impl Into<String>) -> CliError {
        self.hint = Some(hint.into());
        self
    }

    /// Replaces the exit status.
    pub fn status(mut self, status: ExitStatus) -> CliError {
        self.status = status;
        self
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl From<Error> for CliError {
    fn from(err: Error) -> CliError {
        match &err {
            Error::Db(DbError::Connect { .. }) => CliError::error(err.to_string()).hint(
                "check that the server is running and that the URL names an existing \
                 database you may log in to",
            ),
            Error::Db(DbError::Scratch { .. }) => CliError::error(err.to_string()).hint(
                "schema files are loaded into a temporary database; grant CREATEDB to the \
                 user, or pass `--dev-url` (or set `dev_url` in strata.toml) to an empty \
                 database strata may use",
            ),
            Error::MissingPath(_) => CliError::error(err.to_string()).hint(
                "run `strata init` to create an example schema, or pass `--schema PATH` \
                 (or set `schema` in strata.toml)",
            ),
            Error::NoSqlFiles(_) => {
                CliError::error(err.to_string()).hint("schema files must end in `.sql`")
            }
            Error::UnsupportedUrl(_) => CliError::error(err.to_string())
                .hint("use `postgres://user@host/database` or `sqlite:path/to/file.db`"),
            Error::Plan(strata::plan::PlanError::Unsupported { dialect, .. }) => {
                CliError::error(err.to_string()).hint(format!(
                    "{dialect} has no such object; keep it out of schemas meant for {dialect}"
                ))
            }
            Error::Unapproved(pending) => unapproved("apply", pending),
            Error::Lock(_) => CliError::refused(err.to_string()).hint(
                "another strata process is changing this database; wait for it, or raise `--lock-timeout`",
            ),
            Error::Outdated(_) => CliError::refused(err.to_string())
                .hint("make a new plan with `strata plan --out FILE`, review it, and apply that"),
            Error::Load(load) => {
                let hint = load.hint.clone();
                let err = CliError::error(err.to_string());
                match hint {
                    Some(hint) => err.hint(hint),
                    None => err,
                }
            }
            // Load errors read `path:line: message`; apply errors name the step, the
            // statement and the database's message. Both speak for themselves.
            _ => CliError::error(err.to_string()),
        }
    }
}

/// Running was refused because findings need approval: every one, with the exact lines
/// that approve it (the `--allow` flag and the approval-file entry). `doing` names what
/// was refused (`apply`).
pub fn unapproved(doing: &str, pending: &[strata::Pending]) -> CliError {
    let steps = distinct_steps(pending);
    let mut message = format!(
        "refusing to {doing}: {steps} {} {} approval; nothing was changed:",
        plural(steps, "step", "steps"),
        plural(steps, "needs", "need"),
    );
    let mut last_step = 0;
    for p in pending {
        if p.step != last_step {
            message.push_str(&format!("\n  - step {}: {}", p.step, p.summary));
            last_step = p.step;
        }
        message.push_str(&format!("\n      {}", p.hazard));
        push_approval_lines(&mut message, &p.hazard, false);
    }
    CliError::refused(message).hint(
        "review each step; `--allow-destructive` approves every step that needs approval at once",
    )
}

/// Appends the exact lines that approve `hazard`, indented under it: the revision's
/// header line (when `in_revision`), the `--allow` flag, and the approval-file entry.
pub fn push_approval_lines(message: &mut String, hazard: &strata::Hazard, in_revision: bool) {
    let mut first = "approve it";
    if in_revision {
        message.push_str(&format!(
            "\n      approve it in the revision's header: {}",
            strata::approval::header_line(hazard)
        ));
        first = "or";
    }
    message.push_str(&format!(
        "\n      {first} for this run: {}",
        strata::approval::flag(hazard)
    ));
    match strata::approval::file_entry(hazard) {
        Some(entry) => {
            message.push_str(&format!(
                "\n      or for good, in {}:",
                strata::approval::APPROVALS_FILE
            ));
            for line in entry.lines() {
                message.push_str("\n        ");
                message.push_str(line);
            }
        }
        None => message
            .push_str("\n      (the finding names no object, so the approval file cannot name it)"),
    }
}

/// How many steps the findings are on (they come in plan order).
fn distinct_steps(pending: &[strata::Pending]) -> usize {
    let mut steps: Vec<usize> = pending.iter().map(|p| p.step).collect();
    steps.dedup();
    steps.len()
}

impl From<std::io::Error> for CliError {
    fn from(err: std::io::Error) -> CliError {
        if err.kind() == std::io::ErrorKind::BrokenPipe {
            // The reader went away (`strata dump | head`): not worth a message.
            CliError {
                silent: true,
                ..CliError::error(String::new()).status(ExitStatus::Success)
            }
        } else {
            CliError::error(format!("cannot write output: {err}"))
        }
    }
}

/// Reports a panic (a bug in strata) as one `error:` paragraph instead of Rust's default
/// text; `main` then unwinds to exit status 1, running destructors on the way, so scratch
/// databases are still dropped. With `RUST_BACKTRACE` set, Rust's report follows.
pub fn install_panic_hook(printer: Printer) {
    let default = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info.payload_as_str().unwrap_or("unknown panic");
        let location = info
            .location()
            .map(|l| format!(" (at {}:{})", l.file(), l.line()))
            .unwrap_or_default();
        printer.error(
            &CliError::error(format!("internal error: {message}{location}"))
                .hint("this is a bug in strata; please report it (RUST_BACKTRACE=1 shows where)"),
        );
        if std::env::var_os("RUST_BACKTRACE").is_some_and(|v| v != "0") {
            default(info);
        }
    }));
}

/// `one` or `many` for `n`.
pub fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn load_errors_keep_path_and_line() {
        let err = CliError::from(Error::Load(strata::LoadError {
            path: PathBuf::from("schema/20_orders.sql"),
            line: 7,
            message: "syntax error at or near \"TABL\"".into(),
            statement: "CREATE TABL orders ()".into(),
            hint: None,
        }));
        assert_eq!(
            err.message,
            "schema/20_orders.sql:7: syntax error at or near \"TABL\""
        );
        assert_eq!(err.status, ExitStatus::Error);
        assert!(err.hint.is_none());
    }

    #[test]
    fn unapproved_is_a_refusal_with_both_ways_to_approve() {
        let hazard = strata::Hazard::new(
            &strata::rules::DROP_COLUMN,
            "drops column main.users.age and its data",
        )
        .on("main.users.age");
        let err = CliError::from(Error::Unapproved(vec![strata::Pending {
            step: 1,
            summary: "drop column main.users.age".into(),
            hazard,
        }]));
        assert_eq!(err.status, ExitStatus::Refused);
        assert!(
            err.message
                .starts_with("refusing to apply: 1 step needs approval"),
            "{}",
            err.message
        );
        assert!(
            err.message.contains("--allow S002:main.users.age"),
            "{}",
            err.message
        );
        assert!(
            err.message.contains("object = \"main.users.age\""),
            "{}",
            err.message
        );
        assert!(err.hint.unwrap().contains("--allow-destructive"));
    }

    #[test]
    fn connection_errors_have_a_hint() {
        let err = CliError::from(Error::Db(DbError::Connect {
            target: "postgres://u@h/db".into(),
            message: "connection refused".into(),
        }));
        assert_eq!(
            err.message,
            "cannot connect to postgres://u@h/db: connection refused"
        );
        assert_eq!(err.status, ExitStatus::Error);
        assert!(err.hint.is_some());
    }

    #[test]
    fn an_inexpressible_change_is_an_error_naming_it() {
        let err = CliError::from(Error::Plan(strata::plan::PlanError::Unsupported {
            dialect: "sqlite",
            change: "create type public.mood".into(),
        }));
        assert_eq!(
            err.message,
            "sqlite cannot express: create type public.mood"
        );
        assert_eq!(err.status, ExitStatus::Error);
        assert!(err.hint.unwrap().contains("sqlite"));
    }

    #[test]
    fn broken_pipes_are_silent_successes() {
        let err = CliError::from(std::io::Error::from(std::io::ErrorKind::BrokenPipe));
        assert!(err.silent);
        assert_eq!(err.status, ExitStatus::Success);
    }
}

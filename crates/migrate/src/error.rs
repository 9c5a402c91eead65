//! The errors of versioned migrations. Each names the revision, file and line it is about,
//! so the CLI can print it with a hint and nothing else.
use crate::Direction;
use std::fmt;
use std::path::PathBuf;
use strata::DbError;

/// A problem in a migrations folder: a file and line and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Problem {
    /// The revision file.
    pub path: PathBuf,
    /// 1-based line (0 when the problem is about the whole file).
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: {}", self.path.display(), self.message)
        } else {
            write!(f, "{}:{}: {}", self.path.display(), self.line, self.message)
        }
    }
}

/// An applied revision whose file changed since it was applied.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Mismatch {
    /// The revision id.
    pub revision: String,
    /// Its file.
    pub path: PathBuf,
    /// The checksum recorded when it was applied (or last repaired).
    pub recorded: String,
    /// The checksum of the file now.
    pub actual: String,
}

/// A revision whose SQL failed. Revisions before it in the same run stay applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StepFailure {
    /// The failing revision.
    pub revision: String,
    /// Up or down.
    pub direction: Direction,
    /// Its file (empty for an unknown revision reverted from its stored down SQL).
    pub path: PathBuf,
    /// 1-based line of the failing statement in the file (0 when unknown).
    pub line: usize,
    /// The failing statement.
    pub statement: String,
    /// The database's message.
    pub message: String,
    /// Whether the step ran in a transaction (and so left nothing behind).
    pub transactional: bool,
    /// Revisions completed in this run before the failure, in order.
    pub completed: Vec<String>,
}

impl fmt::Display for StepFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let verb = match self.direction {
            Direction::Up => "upgrade",
            Direction::Down => "downgrade",
        };
        write!(f, "{verb} of revision {} failed", self.revision)?;
        if !self.path.as_os_str().is_empty() {
            write!(f, " at {}", self.path.display())?;
            if self.line > 0 {
                write!(f, ":{}", self.line)?;
            }
        }
        write!(f, ": {}", self.message)?;
        if !self.statement.is_empty() {
            write!(f, "\n  statement: {}", self.statement)?;
        }
        if self.transactional {
            write!(f, "\n  the revision was rolled back")?;
        } else {
            write!(
                f,
                "\n  the revision ran without a transaction and may be partly applied; the database is marked dirty"
            )?;
        }
        if !self.completed.is_empty() {
            write!(
                f,
                "\n  completed before it (still applied): {}",
                self.completed.join(", ")
            )?;
        }
        Ok(())
    }
}

/// Everything that can go wrong in versioned migrations.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file or directory could not be read or written.
    #[error("cannot access `{}`: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// The migrations folder does not exist.
    #[error("migrations folder `{}` does not exist", .0.display())]
    MissingDir(PathBuf),
    /// Revision files are malformed or do not form a valid graph.
    #[error("{}", problems_text(.0))]
    Invalid(Vec<Problem>),
    /// No revision has this id or id prefix.
    #[error("no revision `{0}` in the migrations folder")]
    UnknownRevision(String),
    /// An id prefix matches more than one revision.
    #[error("revision prefix `{prefix}` is ambiguous: {}", candidates.join(", "))]
    AmbiguousRevision {
        /// The prefix given.
        prefix: String,
        /// Matching ids.
        candidates: Vec<String>,
    },
    /// The revision graph has several heads, so `head` means nothing.
    #[error(
        "the migrations have {} heads: {}; merge them first with `strata merge -m \"merge heads\"` (or name one revision as the target)",
        .0.len(), .0.join(", ")
    )]
    MultipleHeads(Vec<String>),
    /// A target that makes no sense for this command or this state.
    #[error("invalid target `{target}`: {reason}")]
    BadTarget {
        /// The target as given.
        target: String,
        /// Why.
        reason: String,
    },
    /// A revision that ran without a transaction failed; the database may be partly changed.
    #[error(
        "the database is dirty: revision {revision} ({direction}) failed or was interrupted without a transaction{}; check the database by hand, then run `strata resolve {revision} --applied` or `--rolled-back`",
        error.as_deref().map(|e| format!(" ({e})")).unwrap_or_default()
    )]
    Dirty {
        /// The revision.
        revision: String,
        /// The direction it ran in.
        direction: Direction,
        /// The recorded error, if it got that far.
        error: Option<String>,
    },
    /// Applied revisions whose files were edited.
    #[error("{}", mismatches_text(.0))]
    ChecksumMismatch(Vec<Mismatch>),
    /// The database applied some of the revisions a baseline replaces but not the one it
    /// was squashed to.
    #[error(
        "the database applied {} of the revisions squashed into baseline {baseline} but not {to}; upgrade it with a checkout from before the squash first",
        applied.join(", ")
    )]
    PartlySquashed {
        /// The baseline revision.
        baseline: String,
        /// The revision the baseline was squashed to.
        to: String,
        /// Replaced revisions the database applied.
        applied: Vec<String>,
    },
    /// A revision has no down section.
    #[error("revision {revision} ({}) has no `-- strata:down` section and cannot be downgraded", path.display())]
    Irreversible {
        /// The revision.
        revision: String,
        /// Its file.
        path: PathBuf,
    },
    /// A revision's SQL failed.
    #[error("{0}")]
    StepFailed(Box<StepFailure>),
    /// The database applied revisions this folder does not contain.
    #[error(
        "the database has applied {} that this folder does not contain: {}",
        if .0.len() == 1 { "a revision" } else { "revisions" },
        .0.join(", ")
    )]
    UnknownApplied(Vec<String>),
    /// Revisions not yet run have findings that need approval; nothing ran.
    #[error(
        "{} {} findings that need approval: {}",
        .0.len(),
        if .0.len() == 1 { "revision has" } else { "revisions have" },
        .0.iter().map(|u| u.revision.as_str()).collect::<Vec<_>>().join(", ")
    )]
    Unapproved(Vec<crate::judge::Unapproved>),
    /// The user did not confirm (or could not be asked).
    #[error("not confirmed: nothing was undone (would have undone {})", .0.join(", "))]
    NotConfirmed(Vec<String>),
    /// `repair` of a revision that is not applied.
    #[error("revision {0} is not applied; there is nothing to repair")]
    NotApplied(String),
    /// `resolve` of a revision that is not the dirty one.
    #[error("revision {0} is not marked as failed; `resolve` is only for a dirty database")]
    NotDirty(String),
    /// A command was asked for something it cannot do as given.
    #[error("{0}")]
    Usage(String),
    /// `--from-schema` needs an empty database.
    #[error("cannot build from the schema files: {0}")]
    NotEmpty(String),
    /// The migration lock could not be taken.
    #[error("cannot take the migration lock: {0}")]
    Lock(DbError),
    /// The history table holds something this version cannot read.
    #[error("cannot read the history table `{table}`: {message}")]
    History {
        /// The table.
        table: String,
        /// What is wrong.
        message: String,
    },
    /// The database reported an error outside a revision's SQL (the history table, the
    /// lock); the statement is named, as for a failing revision.
    #[error("{}", with_statement(.0))]
    Db(#[from] DbError),
    /// Loading, planning or introspecting failed.
    #[error(transparent)]
    Strata(#[from] strata::Error),
    /// Replaying the migrations into a scratch database failed.
    #[error("replaying revision {revision} into a scratch database failed at {}:{line}: {message}", path.display())]
    Replay {
        /// The revision.
        revision: String,
        /// Its file.
        path: PathBuf,
        /// The statement's line.
        line: usize,
        /// The database's message.
        message: String,
    },
}

fn with_statement(e: &DbError) -> String {
    match e.statement() {
        Some(statement) if !statement.is_empty() => format!("{e}\n  statement: {statement}"),
        _ => e.to_string(),
    }
}

fn problems_text(problems: &[Problem]) -> String {
    let mut out = format!("the migrations folder has {} problem(s):", problems.len());
    for p in problems {
        out.push_str(&format!("\n  {p}"));
    }
    out
}

fn mismatches_text(mismatches: &[Mismatch]) -> String {
    let mut out = String::from("applied revisions were edited after they ran:");
    for m in mismatches {
        out.push_str(&format!(
            "\n  {} ({}): recorded {}, file now {}",
            m.revision,
            m.path.display(),
            m.recorded,
            m.actual
        ));
    }
    out.push_str("\n  undo the edit, or accept it with `strata repair <revision>`");
    out
}

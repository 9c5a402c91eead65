use crate::LoadError;
use std::path::PathBuf;
use strata_execute::{ApplyError, DbError};
use strata_plan::PlanError;

/// Everything that can go wrong in strata's library operations.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The database reported an error or could not be reached.
    #[error(transparent)]
    Db(#[from] DbError),
    /// A schema file could not be loaded.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// A plan could not be ordered.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// Applying a plan failed; the database is unchanged.
    #[error(transparent)]
    Apply(#[from] ApplyError),
    /// The schema path does not exist.
    #[error("schema path `{}` does not exist", .0.display())]
    MissingPath(PathBuf),
    /// A file or directory could not be read.
    #[error("cannot read `{}`: {source}", path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// The cause.
        source: std::io::Error,
    },
    /// A symbolic link leads back into a directory being read.
    #[error("symbolic link loop at `{}`: it leads back into a directory already being read", .0.display())]
    SymlinkLoop(PathBuf),
    /// A schema directory holds no `.sql` files.
    #[error("no .sql files found in `{}`", .0.display())]
    NoSqlFiles(PathBuf),
    /// An `exec:` program failed.
    #[error("schema program `{command}` failed ({status}){}", if stderr.is_empty() { String::new() } else { format!(": {stderr}") })]
    Exec {
        /// The command line.
        command: String,
        /// Its exit status.
        status: String,
        /// What it wrote to standard error (trimmed).
        stderr: String,
    },
    /// The URL's scheme names no supported database.
    #[error("unsupported database URL `{0}` (expected postgres://, postgresql:// or sqlite:)")]
    UnsupportedUrl(String),
    /// A saved plan could not be read.
    #[error("cannot read the saved plan: {0}")]
    SavedPlan(String),
    /// The database is not the one a saved plan was made against.
    #[error("the database changed since the plan was made: {}", .0.join("; "))]
    Outdated(Vec<String>),
    /// strata's runner lock could not be taken.
    #[error("cannot take the strata lock: {0}")]
    Lock(DbError),
    /// Findings that need approval were not approved; nothing ran.
    #[error("{} finding(s) need approval: {}", .0.len(), .0.iter().map(|p| format!("step {}: {}", p.step, p.hazard)).collect::<Vec<_>>().join("; "))]
    Unapproved(Vec<crate::Pending>),
    /// An approval (flag, approval file, revision header) could not be read.
    #[error(transparent)]
    Approval(#[from] crate::ApprovalError),
}
